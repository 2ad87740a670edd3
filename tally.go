package daihoi

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"sort"
)

// TallyInput is everything a count needs: the poll's kind, settings, seats and list, the base, and
// either the ballots or, for a motion by show of hands, the counts.
type TallyInput struct {
	Kind       PollKind
	Settings   Settings
	Seats      int
	Base       int
	Candidates []Candidate // in the order entered
	Ballots    []Ballot
	Counts     *Counts // a motion decided by show of hands; Ballots is then empty
}

// BallotStats counts the ballots of a tally.
type BallotStats struct {
	Total           int            `json:"total"`
	Valid           int            `json:"valid"`
	Invalid         int            `json:"invalid"`
	InvalidByReason map[string]int `json:"invalid_by_reason"`
}

// Result is what the count finds. The JSON form is the one testdata/cases/README.md specifies: an
// election's result carries the candidate fields, a motion's the for/against/abstain fields.
type Result struct {
	Kind    PollKind
	Ballots BallotStats

	// Election.
	Order         []string          // candidate ids in ballot order
	Votes         map[string]int    // every candidate, 0 included
	PercentOfBase map[string]string // two decimals, half up
	Elected       []string          // descending votes, equal votes in ballot order
	Runoff        []string          // tied across the last seat(s), in ballot order
	RunoffSeats   int               // seats the tied candidates compete for
	Unfilled      int               // seats - elected - runoff seats

	// Motion.
	For, Against, Abstain int
	Passed                bool
}

type electionJSON struct {
	Order         []string          `json:"order"`
	Ballots       BallotStats       `json:"ballots"`
	Votes         map[string]int    `json:"votes"`
	PercentOfBase map[string]string `json:"percent_of_base"`
	Elected       []string          `json:"elected"`
	Runoff        []string          `json:"runoff"`
	RunoffSeats   int               `json:"runoff_seats"`
	Unfilled      int               `json:"unfilled"`
}

type motionJSON struct {
	Ballots BallotStats `json:"ballots"`
	For     int         `json:"for"`
	Against int         `json:"against"`
	Abstain int         `json:"abstain"`
	Passed  bool        `json:"passed"`
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// MarshalJSON writes the result in the daihoi/poll-v1 result format.
func (r Result) MarshalJSON() ([]byte, error) {
	if r.Kind == Motion {
		return json.Marshal(motionJSON{r.Ballots, r.For, r.Against, r.Abstain, r.Passed})
	}
	return json.Marshal(electionJSON{nonNil(r.Order), r.Ballots, r.Votes, r.PercentOfBase, nonNil(r.Elected), nonNil(r.Runoff), r.RunoffSeats, r.Unfilled})
}

// UnmarshalJSON reads a result written by MarshalJSON; the kind follows from the fields present.
func (r *Result) UnmarshalJSON(b []byte) error {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(b, &probe); err != nil {
		return err
	}
	if _, ok := probe["passed"]; ok {
		var m motionJSON
		if err := json.Unmarshal(b, &m); err != nil {
			return err
		}
		*r = Result{Kind: Motion, Ballots: m.Ballots, For: m.For, Against: m.Against, Abstain: m.Abstain, Passed: m.Passed}
		return nil
	}
	var e electionJSON
	if err := json.Unmarshal(b, &e); err != nil {
		return err
	}
	*r = Result{Kind: Election, Ballots: e.Ballots, Order: e.Order, Votes: e.Votes, PercentOfBase: e.PercentOfBase,
		Elected: e.Elected, Runoff: e.Runoff, RunoffSeats: e.RunoffSeats, Unfilled: e.Unfilled}
	return nil
}

// MoreThanHalf reports whether n is strictly more than half of base: the threshold to be elected
// and for a motion to pass. It compares integers: 75 of 150 is not more than half, 76 is.
func MoreThanHalf(n, base int) bool {
	// 2n > base is n > ⌊base/2⌋, which cannot overflow as 2n can.
	half := base / 2
	if base < 0 && base%2 != 0 {
		half--
	}
	return n > half
}

// VotesNeeded is the fewest votes that are more than half of base (MoreThanHalf): the threshold
// the screens state in votes, so that none of them computes it again.
func VotesNeeded(base int) int {
	if base < 0 {
		return 0
	}
	return base/2 + 1
}

// PercentOf returns n/base as a percentage with two decimals, rounded half up, computed in
// integers: 1 of 32 is "3.13", 2 of 3 is "66.67". A negative n (a list shorter than the seats, in
// CheckSurplus) gets the percentage of its magnitude with a minus sign.
func PercentOf(n, base int) string {
	if base <= 0 {
		return "0.00"
	}
	// hundredths = round(|n|*10000/base), half up = (|n|*20000 + base) / (2*base).
	if n >= 0 && n <= 1<<31 && base <= 1<<31 {
		h := (int64(n)*20000 + int64(base)) / (2 * int64(base))
		return fmt.Sprintf("%d.%02d", h/100, h%100)
	}
	m := big.NewInt(int64(n))
	sign := ""
	if m.Sign() < 0 {
		m.Neg(m)
		sign = "-"
	}
	b := big.NewInt(int64(base))
	m.Mul(m, big.NewInt(20000)).Add(m, b)
	h := m.Quo(m, b.Lsh(b, 1))
	if h.Sign() == 0 {
		sign = ""
	}
	whole, frac := new(big.Int).QuoRem(h, big.NewInt(100), new(big.Int))
	return fmt.Sprintf("%s%s.%02d", sign, whole, frac.Int64())
}

// CheckTallyInput reports what makes an input impossible to count: a seat count below 1, a base
// below 1, an empty or repeated candidate list, a malformed ballot.
func CheckTallyInput(in TallyInput) error {
	if in.Base < 1 {
		return Errorf(EINVALID, "tổng số đại biểu được triệu tập (base) phải ít nhất là 1, không phải %d", "the base must be at least 1, not %d", in.Base)
	}
	switch in.Kind {
	case Election:
		if in.Seats < 1 {
			return Errorf(EINVALID, "số lượng cần bầu (seats) phải ít nhất là 1, không phải %d", "seats must be at least 1, not %d", in.Seats)
		}
		if len(in.Candidates) == 0 {
			return Errorf(EINVALID, "danh sách bầu cử trống", "the candidate list is empty")
		}
		seen := make(map[string]bool, len(in.Candidates))
		for _, c := range in.Candidates {
			if c.ID == "" {
				return Errorf(EINVALID, "ứng cử viên %q không có mã", "candidate %q has no id", c.Name)
			}
			if seen[c.ID] {
				return Errorf(EINVALID, "mã ứng cử viên %q bị trùng", "candidate id %q appears twice", c.ID)
			}
			seen[c.ID] = true
		}
		if in.Counts != nil {
			return Errorf(EINVALID, "bầu cử phải bỏ phiếu kín, không đếm giơ tay", "an election is by ballot, not by a show of hands")
		}
	case Motion:
		if in.Counts != nil {
			if len(in.Ballots) > 0 {
				return Errorf(EINVALID, "biểu quyết có cả số giơ tay và phiếu", "a motion has both show-of-hands counts and ballots")
			}
			if err := in.Counts.Check(in.Settings); err != nil {
				return err
			}
		}
	default:
		return Errorf(EINVALID, "loại cuộc bỏ phiếu %q không hợp lệ (motion, election)", "unknown poll kind %q (motion, election)", in.Kind)
	}
	known, _ := candidateSet(in.Candidates)
	for i, b := range in.Ballots {
		if err := checkBallot(in.Kind, in.Settings, known, b); err != nil {
			return ballotError(i, err)
		}
	}
	return nil
}

// ballotError says which ballot (i from 0) an error is about, in both languages. An error that is
// no *Error (checkBallot gives none today) is numbered and wrapped: an internal error, not a panic
// in the middle of a recount.
func ballotError(i int, err error) error {
	var e *Error
	if !errors.As(err, &e) {
		return fmt.Errorf("ballot %d: %w", i+1, err)
	}
	return &Error{Code: e.Code, Vi: fmt.Sprintf("phiếu thứ %d: %s", i+1, e.Vi), En: fmt.Sprintf("ballot %d: %s", i+1, e.En)}
}

// Tally counts a poll. The input must pass CheckTallyInput; Tally checks it again and returns its
// error.
func Tally(in TallyInput) (Result, error) {
	if err := CheckTallyInput(in); err != nil {
		return Result{}, err
	}
	if in.Kind == Motion {
		return tallyMotion(in), nil
	}
	return tallyElection(in), nil
}

// invalidReason returns why a ballot is invalid, or "" for a valid one: the first teller flag, else
// more names kept than seats, else every name struck out on a list of several names (when the
// ruleset counts that invalid). On a two-column ballot a name is struck out by "Không đồng ý"; a
// name marked in both columns or in neither gets no vote and leaves the ballot valid (docs/rules.md).
func invalidReason(in TallyInput, b Ballot, votes int) string {
	if len(b.Flags) > 0 {
		return string(b.Flags[0])
	}
	if in.mayFind(ReasonOverSeats) && votes > in.Seats {
		return ReasonOverSeats
	}
	if in.mayFind(ReasonAllStruck) && votes == 0 && allStruck(in.Candidates, b) {
		return ReasonAllStruck
	}
	return ""
}

// mayFind reports whether the tally may find a reason of its own on a ballot of this count: more
// names than seats and every name struck out are an election's, and the second only on a list of
// several names and where the ruleset counts such a ballot invalid. The tellers' flags are always
// possible.
func (in TallyInput) mayFind(reason string) bool {
	switch reason {
	case ReasonOverSeats:
		return in.Kind == Election
	case ReasonAllStruck:
		return in.Kind == Election && len(in.Candidates) > 1 && in.Settings.AllStruckInvalid
	}
	return true
}

// allStruck reports whether a ballot that votes for nobody has struck out every name: always on a
// strike-out ballot; on a two-column ballot only when every name is marked disagree.
func allStruck(candidates []Candidate, b Ballot) bool {
	if b.Marks == nil {
		return true
	}
	for _, c := range candidates {
		if b.Marks[c.ID] != Disagree {
			return false
		}
	}
	return true
}

func tallyElection(in TallyInput) Result {
	order := BallotOrder(in.Candidates)
	pos := make(map[string]int, len(order))
	r := Result{
		Kind:          Election,
		Order:         make([]string, len(order)),
		Votes:         make(map[string]int, len(order)),
		PercentOfBase: make(map[string]string, len(order)),
		Ballots:       BallotStats{InvalidByReason: map[string]int{}},
	}
	for i, c := range order {
		r.Order[i] = c.ID
		pos[c.ID] = i
	}
	counts := make([]int, len(order))
	for _, b := range in.Ballots {
		r.Ballots.Total++
		kept := b.votesFor()
		if reason := invalidReason(in, b, len(kept)); reason != "" {
			r.Ballots.Invalid++
			r.Ballots.InvalidByReason[reason]++
			continue
		}
		r.Ballots.Valid++
		for _, id := range kept {
			counts[pos[id]]++
		}
	}
	for i, id := range r.Order {
		r.Votes[id] = counts[i]
		r.PercentOfBase[id] = PercentOf(counts[i], in.Base)
	}

	// Eligible: strictly more than half of the base. Ranked by votes, equal votes in ballot order.
	var eligible []int
	for i := range r.Order {
		if MoreThanHalf(counts[i], in.Base) {
			eligible = append(eligible, i)
		}
	}
	sort.SliceStable(eligible, func(a, b int) bool { return counts[eligible[a]] > counts[eligible[b]] })

	if len(eligible) <= in.Seats {
		for _, i := range eligible {
			r.Elected = append(r.Elected, r.Order[i])
		}
	} else {
		// More eligible than seats. Whoever has more votes than the last seat's holder is elected;
		// if others have as many votes as the last seat's holder, they are tied across the last
		// seat(s) and none of them is elected for those seats: they go to a run-off.
		last := counts[eligible[in.Seats-1]]
		next := counts[eligible[in.Seats]]
		for _, i := range eligible {
			switch {
			case counts[i] > last || (counts[i] == last && last != next):
				r.Elected = append(r.Elected, r.Order[i])
			case counts[i] == last:
				r.Runoff = append(r.Runoff, r.Order[i])
			}
		}
		if len(r.Runoff) > 0 {
			r.RunoffSeats = in.Seats - len(r.Elected)
			sort.SliceStable(r.Runoff, func(a, b int) bool { return pos[r.Runoff[a]] < pos[r.Runoff[b]] })
		}
	}
	r.Unfilled = in.Seats - len(r.Elected) - r.RunoffSeats
	return r
}

func tallyMotion(in TallyInput) Result {
	r := Result{Kind: Motion, Ballots: BallotStats{InvalidByReason: map[string]int{}}}
	if in.Counts != nil {
		r.For, r.Against, r.Abstain = in.Counts.For, in.Counts.Against, in.Counts.Abstain
		r.Ballots.Total = r.For + r.Against + r.Abstain
		r.Ballots.Valid = r.Ballots.Total
	} else {
		for _, b := range in.Ballots {
			r.Ballots.Total++
			if reason := invalidReason(in, b, 0); reason != "" {
				r.Ballots.Invalid++
				r.Ballots.InvalidByReason[reason]++
				continue
			}
			r.Ballots.Valid++
			switch b.Choice {
			case For:
				r.For++
			case Against:
				r.Against++
			case Abstain:
				r.Abstain++
			}
		}
	}
	r.Passed = MoreThanHalf(r.For, in.Base)
	return r
}
