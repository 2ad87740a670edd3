package daihoi

import (
	"fmt"
	"math/bits"
	"slices"
)

// PollKind tells a motion from an election.
type PollKind string

const (
	// Motion is a biểu quyết: for, against and, where the ruleset allows, abstain.
	Motion PollKind = "motion"
	// Election is a bầu cử of people by secret strike-out ballot.
	Election PollKind = "election"
)

// Choice is a motion ballot's answer.
type Choice string

const (
	For     Choice = "for"     // Tán thành
	Against Choice = "against" // Không tán thành
	Abstain Choice = "abstain" // Không biểu quyết
)

// Mark is what a two-column ballot (no surplus) shows against one name.
type Mark string

const (
	Agree    Mark = "agree"    // Đồng ý
	Disagree Mark = "disagree" // Không đồng ý
	Both     Mark = "both"     // both columns marked: no vote, the ballot stays valid
	NoMark   Mark = "none"     // neither column marked: no vote, the ballot stays valid
)

// Flag is a teller's finding on a paper ballot that makes it invalid.
type Flag string

const (
	NotIssued       Flag = "not_issued"       // not issued by the vote-counting committee
	AddedName       Flag = "added_name"       // a name written in that is not on the list
	IdentifyingMark Flag = "identifying_mark" // a signature or a mark identifying the voter
)

// Reasons a ballot is invalid that the tally finds itself.
const (
	ReasonOverSeats = "over_seats" // keeps more names than seats
	ReasonAllStruck = "all_struck" // votes for nobody on a list of several names
)

// Flags lists every teller flag in the order keys show them.
var Flags = []Flag{NotIssued, AddedName, IdentifyingMark}

// Ballot is one ballot's content. An election ballot is either the strike-out form (Kept: the ids
// left standing) or the two-column form (Marks); a motion ballot has a Choice. ID is the random
// receipt code; the tally ignores it.
type Ballot struct {
	ID     string          `json:"id,omitempty"`
	Kept   []string        `json:"kept,omitzero"`
	Marks  map[string]Mark `json:"marks,omitzero"`
	Choice Choice          `json:"choice,omitempty"`
	Flags  []Flag          `json:"flags,omitempty"`
}

// Candidate is a name on an election's list. Its ID is short and local to the election ("c01",
// in the order entered): ballots, results and records carry it many times over. Delegate links the
// candidate to the roll when they are on it.
type Candidate struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Delegate string `json:"delegate,omitempty"`
}

// CandidateID is the id of the i-th candidate entered (from 0): "c01", "c02", …
func CandidateID(i int) string { return fmt.Sprintf("c%02d", i+1) }

// Counts are the three figures of a motion decided by show of hands (or by the Party card).
type Counts struct {
	For     int `json:"for"`
	Against int `json:"against"`
	Abstain int `json:"abstain"`
}

func validFlag(f Flag) bool {
	for _, g := range Flags {
		if f == g {
			return true
		}
	}
	return false
}

func validMark(m Mark) bool {
	switch m {
	case Agree, Disagree, Both, NoMark:
		return true
	}
	return false
}

// CheckBallot reports whether b is well formed for a poll of this kind over these candidates: every
// id on the list, no id twice, known marks, choices and flags. A well-formed ballot may still be
// invalid in the regulation's sense (over seats, all struck, flagged); that is the tally's finding,
// not an error. The abstain choice is refused where the settings do not offer it.
func CheckBallot(kind PollKind, s Settings, candidates []Candidate, b Ballot) error {
	known, _ := candidateSet(candidates)
	return checkBallot(kind, s, known, b)
}

// BallotChecker checks the ballots of one poll, with the set of its names built once for all of
// them: the same rules as CheckBallot.
type BallotChecker struct {
	kind     PollKind
	settings Settings
	known    map[string]int
	ids      []string // the list's ids in order, numbered as in known
}

// NewBallotChecker returns the checker of a poll's ballots.
func NewBallotChecker(kind PollKind, s Settings, candidates []Candidate) BallotChecker {
	known, ids := candidateSet(candidates)
	return BallotChecker{kind: kind, settings: s, known: known, ids: ids}
}

// Check is CheckBallot for the poll the checker was made for.
func (c BallotChecker) Check(b Ballot) error { return checkBallot(c.kind, c.settings, c.known, b) }

// CheckInOrder is Check, and returns the names a strike-out ballot keeps in the order of their ids
// (sorted), in a new slice, never nil: the one form a strike-out ballot is stored in, however it
// was filled in. The names are read off the bits the check set for them, with no second lookup and
// no sort.
func (c BallotChecker) CheckInOrder(b Ballot) ([]string, error) {
	var small [4]uint64
	seen := nameBits(small[:], len(c.ids))
	if err := checkNames(c.kind, c.settings, c.known, b, seen); err != nil {
		return nil, err
	}
	out := make([]string, 0, len(b.Kept))
	for w, word := range seen {
		for ; word != 0; word &= word - 1 {
			out = append(out, c.ids[w*64+bits.TrailingZeros64(word)])
		}
	}
	return out, nil
}

// candidateSet numbers a list's ids 0, 1, 2… in the order of the ids, once for all the ballots of
// a count: a ballot's names are then checked against it, and for repeats, with one bit each. ids
// are the list's ids in that order.
func candidateSet(candidates []Candidate) (known map[string]int, ids []string) {
	ids = make([]string, 0, len(candidates))
	for _, c := range candidates {
		ids = append(ids, c.ID)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	known = make(map[string]int, len(ids))
	for i, id := range ids {
		known[id] = i
	}
	return known, ids
}

// nameBits is one bit for each of n names, in small when it is long enough (lists of up to 256
// names need no allocation).
func nameBits(small []uint64, n int) []uint64 {
	if words := (n + 63) / 64; words > len(small) {
		return make([]uint64, words)
	}
	return small
}

func checkBallot(kind PollKind, s Settings, known map[string]int, b Ballot) error {
	var small [4]uint64
	return checkNames(kind, s, known, b, nameBits(small[:], len(known)))
}

// checkNames is checkBallot, with seen (one bit per name on the list, all clear) set for the names
// the ballot keeps.
func checkNames(kind PollKind, s Settings, known map[string]int, b Ballot, seen []uint64) error {
	for _, f := range b.Flags {
		if !validFlag(f) {
			return Errorf(EINVALID, "dấu hiệu %q không có trong quy định (not_issued, added_name, identifying_mark)", "unknown flag %q (not_issued, added_name, identifying_mark)", f)
		}
	}
	switch kind {
	case Motion:
		if len(b.Kept) > 0 || len(b.Marks) > 0 {
			return Errorf(EINVALID, "phiếu biểu quyết không có danh sách tên", "a motion ballot carries no names")
		}
		switch b.Choice {
		case For, Against:
		case Abstain:
			if !s.AbstainOption {
				return Errorf(EINVALID, "biểu quyết này không có lựa chọn \"Không biểu quyết\"", "this motion does not offer abstain")
			}
		case "":
			if len(b.Flags) == 0 {
				return Errorf(EINVALID, "phiếu biểu quyết chưa chọn Tán thành hay Không tán thành", "the motion ballot has no choice")
			}
		default:
			return Errorf(EINVALID, "lựa chọn %q không hợp lệ (for, against, abstain)", "unknown choice %q (for, against, abstain)", b.Choice)
		}
		return nil
	case Election:
		if b.Choice != "" {
			return Errorf(EINVALID, "phiếu bầu cử không có lựa chọn tán thành", "an election ballot carries no motion choice")
		}
		if len(b.Kept) > 0 && len(b.Marks) > 0 {
			return Errorf(EINVALID, "phiếu bầu chỉ dùng một mẫu: gạch tên hoặc hai cột", "a ballot uses one form only: strike-out or two columns")
		}
		for _, id := range b.Kept {
			i, ok := known[id]
			if !ok {
				return Errorf(EINVALID, "phiếu có mã ứng cử viên %q không có trong danh sách", "the ballot names candidate %q who is not on the list", id)
			}
			if seen[i/64]&(1<<(i%64)) != 0 {
				return Errorf(EINVALID, "phiếu giữ tên %q hai lần", "the ballot keeps %q twice", id)
			}
			seen[i/64] |= 1 << (i % 64)
		}
		for id, m := range b.Marks {
			if _, ok := known[id]; !ok {
				return Errorf(EINVALID, "phiếu có mã ứng cử viên %q không có trong danh sách", "the ballot names candidate %q who is not on the list", id)
			}
			if !validMark(m) {
				return Errorf(EINVALID, "ô đánh dấu %q không hợp lệ (agree, disagree, both, none)", "unknown mark %q (agree, disagree, both, none)", m)
			}
		}
		return nil
	}
	return Errorf(EINVALID, "loại cuộc bỏ phiếu %q không hợp lệ (motion, election)", "unknown poll kind %q (motion, election)", kind)
}

// votesFor returns the candidates a well-formed election ballot votes for.
func (b Ballot) votesFor() []string {
	if b.Marks == nil {
		return b.Kept
	}
	var out []string
	for id, m := range b.Marks {
		if m == Agree {
			out = append(out, id)
		}
	}
	return out
}
