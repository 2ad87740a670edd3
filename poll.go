package daihoi

import (
	"fmt"
	"strings"
	"time"
)

// PollMode is how a poll is voted.
type PollMode string

const (
	Hands  PollMode = "hands"  // open, by show of hands (raising the card): the presidium enters the counts
	Named  PollMode = "named"  // open, on tablets: the presidium may see who chose what after close
	Secret PollMode = "secret" // secret ballot, on tablets, on paper, or both
)

// PollState is where a poll is in its life: draft → open → closed → counted → published.
type PollState string

const (
	Draft     PollState = "draft"
	Open      PollState = "open"
	Closed    PollState = "closed"
	Counted   PollState = "counted"   // the tellers have confirmed the result
	Published PollState = "published" // the presidium has announced it to the hall
)

// Purpose tells what a round of an election is for.
type Purpose string

const (
	FirstRound      Purpose = ""           // the election as the congress decided it
	RunoffRound     Purpose = "runoff"     // among candidates tied across the last seat(s)
	FurtherRound    Purpose = "further"    // for seats left unfilled, over candidates not yet elected
	OfficialPart    Purpose = "official"   // delegates to the upper level: the official delegates
	AlternatesRound Purpose = "alternates" // delegates to the upper level: the alternates, in order
)

// Poll is a motion or one round of an election.
type Poll struct {
	ID         string      `json:"id"`
	AgendaItem string      `json:"agenda_item,omitempty"`
	Kind       PollKind    `json:"kind"`
	Title      string      `json:"title"`
	Mode       PollMode    `json:"mode"`
	Tablet     bool        `json:"tablet"` // ballots cast on tablets
	Paper      bool        `json:"paper"`  // paper ballots keyed by the tellers
	Stations   int         `json:"stations,omitempty"`
	Ruleset    string      `json:"ruleset"`
	Settings   Settings    `json:"settings"`
	Seats      int         `json:"seats,omitempty"`
	Candidates []Candidate `json:"candidates,omitempty"` // as entered; the ballot shows BallotOrder
	Withdrawn  []Candidate `json:"withdrawn,omitempty"`
	State      PollState   `json:"state"`

	// Rounds of one election share an Election id; Round counts from 1.
	Election       string  `json:"election,omitempty"`
	Round          int     `json:"round,omitempty"`
	Purpose        Purpose `json:"purpose,omitempty"`
	Previous       string  `json:"previous,omitempty"`
	AlternateSeats int     `json:"alternate_seats,omitempty"` // upper-level delegates: seats of the alternates round

	// Fixed at opening; Issued then rises by one for each delegate who arrives while the poll is
	// open (LateIssued, State.LateBallot).
	Base     int       `json:"base,omitempty"`
	BaseVi   string    `json:"base_vi,omitempty"` // how the base is derived (BaseDerivation), fixed with it
	BaseEn   string    `json:"base_en,omitempty"`
	Present  int       `json:"present,omitempty"`
	Issued   int       `json:"issued,omitempty"`
	OpenedAt time.Time `json:"opened_at,omitzero"`

	// Fixed at closing and by the count. Issued and Collected count the tablet ballots; the paper
	// ballots are the tellers' figures below (BallotsIssued and BallotsCollected give the totals).
	Collected int       `json:"collected,omitempty"`
	ClosedAt  time.Time `json:"closed_at,omitzero"`
	Digest    string    `json:"digest,omitempty"`
	Result    *Result   `json:"result,omitempty"`
	// Confirmations lists the tellers (operator ids) who have confirmed the result, the head last.
	Confirmations []string `json:"confirmations,omitempty"`

	// Paper ballots issued and collected, as the tellers (Ban kiểm phiếu) entered them, once
	// PaperEntered; and the tellers' note explaining a difference between ballots issued and collected.
	PaperIssued    int    `json:"paper_issued,omitempty"`
	PaperCollected int    `json:"paper_collected,omitempty"`
	PaperEntered   bool   `json:"paper_entered,omitempty"`
	CountNote      string `json:"count_note,omitempty"`

	// TellersCountHands: the congress asked the tellers to count this show of hands; they confirm
	// its counts as they confirm ballots. Otherwise the presidium counts and announces it.
	TellersCountHands bool `json:"tellers_count_hands,omitempty"`

	// LateIssued counts the tablet ballots of Issued handed out after the opening: to delegates who
	// checked in and signed in while the poll was open.
	LateIssued int `json:"late_issued,omitempty"`

	// PaperTo lists those present handed a paper ballot in a poll on tablets and paper, as they were
	// handed it (HandPaper): the tellers' list of whom to hand one, counted in PaperIssued. PaperLate
	// counts those of them handed one after the opening.
	PaperTo   []Seated `json:"paper_to,omitempty"`
	PaperLate int      `json:"paper_late,omitempty"`
}

// TellersConfirm reports whether the tellers (Ban kiểm phiếu) confirm the poll's result before it
// may be published: every count of ballots (paper or tablet, secret or named), and a show of hands
// only where the congress asked them to count it. A show of hands is otherwise counted and
// announced by the presidium: at the preparatory session the tellers are not yet elected.
func (p Poll) TellersConfirm() bool { return p.Mode != Hands || p.TellersCountHands }

// TwoColumn reports whether the ballot has the two-column form: an election with no surplus.
func (p Poll) TwoColumn() bool {
	return p.Kind == Election && len(p.Candidates) == p.Seats
}

// Check reports what makes a poll impossible to put to the vote.
func (p Poll) Check() error {
	if p.Title == "" {
		return Errorf(EINVALID, "cuộc bỏ phiếu cần có tiêu đề", "a poll needs a title")
	}
	switch p.Kind {
	case Motion:
		switch p.Mode {
		case Hands, Named, Secret:
		default:
			return Errorf(EINVALID, "cách biểu quyết %q không hợp lệ (hands, named, secret)", "unknown voting mode %q (hands, named, secret)", p.Mode)
		}
		if p.Mode != Hands && !p.Tablet && !p.Paper {
			return Errorf(EINVALID, "chọn bỏ phiếu trên máy tính bảng hoặc phiếu giấy", "choose tablets or paper ballots")
		}
	case Election:
		if p.Mode != Secret {
			return Errorf(EINVALID, "bầu cử luôn bỏ phiếu kín", "an election is always by secret ballot")
		}
		if !p.Tablet && !p.Paper {
			return Errorf(EINVALID, "chọn bỏ phiếu trên máy tính bảng, phiếu giấy hoặc cả hai", "choose tablets, paper ballots or both")
		}
		in := TallyInput{Kind: Election, Settings: p.Settings, Seats: p.Seats, Base: 1, Candidates: p.Candidates}
		if err := CheckTallyInput(in); err != nil {
			return err
		}
		for _, c := range p.Candidates {
			if c.Name == "" {
				return Errorf(EINVALID, "ứng cử viên %q chưa có họ tên", "candidate %q has no name", c.ID)
			}
		}
	default:
		return Errorf(EINVALID, "loại cuộc bỏ phiếu %q không hợp lệ (motion, election)", "unknown poll kind %q (motion, election)", p.Kind)
	}
	if p.Paper && p.Stations != 2 && p.Stations != 3 {
		return Errorf(EINVALID, "phiếu giấy được nhập ở 2 hoặc 3 máy, không phải %d", "paper ballots are keyed at 2 or 3 stations, not %d", p.Stations)
	}
	return nil
}

// Withdraw takes a candidate off a draft poll's list: the congress has accepted their request (xin
// rút) by motion. It fails once the poll is open.
func (p *Poll) Withdraw(id string) error {
	if p.State != Draft {
		return Errorf(ECONFLICT, "chỉ rút tên trước khi mở bỏ phiếu", "a candidate can be withdrawn only before the poll opens")
	}
	for i, c := range p.Candidates {
		if c.ID == id {
			p.Withdrawn = append(p.Withdrawn, c)
			p.Candidates = append(p.Candidates[:i:i], p.Candidates[i+1:]...)
			return nil
		}
	}
	return Errorf(ENOTFOUND, "không có ứng cử viên %q trong danh sách", "candidate %q is not on the list", id)
}

// TallyInput returns what the count of this poll needs, given its ballots or counts.
func (p Poll) TallyInput(ballots []Ballot, counts *Counts) TallyInput {
	return TallyInput{Kind: p.Kind, Settings: p.Settings, Seats: p.Seats, Base: p.Base,
		Candidates: p.Candidates, Ballots: ballots, Counts: counts}
}

// Record returns the poll as a daihoi/poll-v1 record with its ballots sealed in canonical order.
// Receipt ids are left out: the published receipts list shows them without contents, and the record
// must not pair them.
func (p Poll) Record(ballots []Ballot, counts *Counts) Record {
	r := Record{Format: RecordFormat, Kind: p.Kind, Ruleset: p.Ruleset, Title: p.Title, Seats: p.Seats,
		Base: p.Base, Present: p.Present, Candidates: p.Candidates, Counts: counts}
	r.Settings = p.Settings.raw()
	if counts == nil {
		clean := make([]Ballot, len(ballots))
		for i, b := range ballots {
			b.ID = ""
			clean[i] = b
		}
		r.Ballots, r.Digest = SealBallots(clean)
		issued, collected := p.BallotsIssued(), len(ballots)
		r.Issued, r.Collected = &issued, &collected
	}
	return r
}

// next makes the draft of a further round of the same election.
func (p Poll) next(purpose Purpose, title string, seats int, candidates []Candidate) Poll {
	election := p.Election
	if election == "" {
		election = p.ID
	}
	round := p.Round
	if round == 0 {
		round = 1
	}
	return Poll{
		Kind: Election, Title: title, Mode: Secret, Tablet: p.Tablet, Paper: p.Paper, Stations: p.Stations,
		Ruleset: p.Ruleset, Settings: p.Settings, Seats: seats, Candidates: candidates, State: Draft,
		AgendaItem: p.AgendaItem, Election: election, Round: round + 1, Purpose: purpose, Previous: p.ID,
		AlternateSeats: p.AlternateSeats,
	}
}

// roundTitle is the title of the round after p: the election's own title, the round's number and
// what the round is for, e.g. "Bầu Ban Chấp hành — vòng 3: bầu lại (hòa phiếu)". A run-off of a
// run-off does not pile one suffix on another.
func (p Poll) roundTitle(what string) string {
	base := p.Title
	if i := strings.Index(base, roundMark); i > 0 && p.Round > 1 {
		base = base[:i]
	}
	round := max(p.Round, 1) + 1
	return fmt.Sprintf("%s%s%d: %s", base, roundMark, round, what)
}

// roundMark separates an election's title from the round in the titles of later rounds.
const roundMark = " — vòng "

func pick(all []Candidate, ids []string) []Candidate {
	want := make(map[string]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	var out []Candidate
	for _, c := range all {
		if want[c.ID] {
			out = append(out, c)
		}
	}
	return out
}

func without(all []Candidate, ids []string) []Candidate {
	drop := make(map[string]bool, len(ids))
	for _, id := range ids {
		drop[id] = true
	}
	var out []Candidate
	for _, c := range all {
		if !drop[c.ID] {
			out = append(out, c)
		}
	}
	return out
}

// Remaining returns the candidates not among the elected, in the order entered.
func Remaining(all []Candidate, elected []string) []Candidate { return without(all, elected) }

// NextRound drafts the round the result calls for: a run-off among exactly the candidates tied
// across the last seat(s), for the seats they compete for; or a further round for the unfilled
// seats over the candidates not yet elected (the congress may add names before it opens). It fails
// when the result leaves nothing to decide.
func (p Poll) NextRound(r Result) (Poll, error) {
	if p.Kind != Election {
		return Poll{}, Errorf(EINVALID, "chỉ bầu cử mới có vòng sau", "only an election has further rounds")
	}
	switch {
	case r.RunoffSeats > 0:
		return p.next(RunoffRound, p.roundTitle("bầu lại (hòa phiếu)"), r.RunoffSeats, pick(p.Candidates, r.Runoff)), nil
	case r.Unfilled > 0:
		rest := without(p.Candidates, r.Elected)
		if len(rest) == 0 {
			return Poll{}, Errorf(ECONFLICT, "không còn ứng cử viên cho %d chỗ còn thiếu; đại hội có thể bổ sung tên", "no candidates are left for the %d unfilled seats; the congress may add names", r.Unfilled)
		}
		return p.next(FurtherRound, p.roundTitle("bầu bổ sung"), r.Unfilled, rest), nil
	}
	return Poll{}, Errorf(ECONFLICT, "đã bầu đủ số lượng, không cần bầu thêm", "every seat is filled: no further round is needed")
}

// AlternatesRound drafts the second round of an election of delegates to the upper level: the
// alternates, over every candidate of the official rounds not elected there, for the alternate seats.
// Alternates are ranked by votes and keep that order for replacing official delegates.
func (p Poll) AlternatesRound(candidates []Candidate, electedOfficial []string) (Poll, error) {
	if p.AlternateSeats < 1 {
		return Poll{}, Errorf(EINVALID, "cuộc bầu này không có đại biểu dự khuyết", "this election has no alternate seats")
	}
	rest := without(candidates, electedOfficial)
	if len(rest) == 0 {
		return Poll{}, Errorf(ECONFLICT, "không còn ứng cử viên để bầu dự khuyết", "no candidates are left for the alternates")
	}
	q := p.next(AlternatesRound, p.roundTitle("đại biểu dự khuyết"), p.AlternateSeats, rest)
	q.AlternateSeats = 0
	return q, nil
}
