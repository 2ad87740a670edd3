package daihoi

import (
	"fmt"
	"time"
)

// Tablets and ballots. A tablet ballot goes to those present who hold a seat (SeatHolders) and are
// signed in on a tablet. Before the presidium opens a tablet vote it sees who present has no tablet
// signed in (they vote on paper, or sign in); a delegate who arrives while the ballot box is open
// receives a ballot once checked in and signed in: ballots issued is the count actually handed out,
// not a list frozen at the opening (rules.md, The count).

// Seated is one person present with a seat, as a list the presidium reads names them.
type Seated struct {
	ID     string `json:"id"`
	Number int    `json:"number"`
	Name   string `json:"name"`
	Unit   string `json:"unit"`
}

// TabletCoverage is how a tablet vote opened now would reach those present: how many hold a seat,
// how many of them are signed in on a tablet, and who is not.
type TabletCoverage struct {
	Present  int      `json:"present"`   // seat holders present (SeatHolders)
	SignedIn int      `json:"signed_in"` // of them, signed in on a tablet: each would be issued a ballot
	Without  []Seated `json:"without"`   // present with no tablet signed in, by roll number
}

// TabletCoverage says who present would be issued a tablet ballot if a vote opened now.
func (s *State) TabletCoverage(signedIn func(id string) bool) TabletCoverage {
	c := TabletCoverage{Without: []Seated{}}
	for _, id := range s.SeatHolders() {
		c.Present++
		if signedIn(id) {
			c.SignedIn++
			continue
		}
		d := s.Delegates[id]
		c.Without = append(c.Without, Seated{ID: d.ID, Number: d.Number, Name: d.Name, Unit: d.Unit})
	}
	return c
}

// NoTablet counts those present with a seat and no tablet signed in, with d changed as a change is
// about to record it (the attendance a check-in announces before the state takes it).
func (s *State) NoTablet(signedIn func(id string) bool, d *Delegate) int {
	n := 0
	for _, id := range s.seatHolders(d) {
		if !signedIn(id) {
			n++
		}
	}
	return n
}

// holdsSeat reports whether d, as given, holds a seat among those present: an official or
// ex-officio delegate present who counts in the base, or an alternate present who replaces an
// official not present.
func (s *State) holdsSeat(d Delegate) bool {
	for _, id := range s.seatHolders(&d) {
		if id == d.ID {
			return true
		}
	}
	return false
}

// ErrNotCheckedIn is what a tablet is told when its delegate signed in without checking in at the
// door: no ballot is issued to someone the congress does not count as present.
var ErrNotCheckedIn = Errorf(ECONFLICT, "Chưa điểm danh — xin đến bàn đón tiếp.", "Not checked in — please go to the check-in desk.")

// EntryIssued is the entry-log line of a tablet ballot issued after the poll opened.
const EntryIssued = "issued"

// LateBallot decides whether a delegate who arrives while p is open is issued a tablet ballot, and
// issues it: p takes tablet ballots; the delegate, as d (the change about to be recorded leaves
// them), is present and holds a seat; they are signed in on a tablet; and they are not on p's roll
// already (onRoll) nor were handed a paper ballot in p (HandPaper): nobody gets two ballots. The
// ballot counts as issued (Issued, and LateIssued of them), and the entry log gets its line: who
// and when, as the roll says who may vote; nothing of any ballot's content.
func (s *State) LateBallot(p *Poll, d Delegate, signedIn, onRoll bool, at time.Time) (EntryRecord, bool) {
	if p.State != Open || !p.Tablet || p.Mode == Hands || onRoll || !signedIn || p.HandedPaper(d.ID) || !s.holdsSeat(d) {
		return EntryRecord{}, false
	}
	p.Issued++
	p.LateIssued++
	return EntryRecord{Poll: p.ID, Batch: 0, Seq: p.LateIssued, Kind: EntryIssued, Who: d.ID,
		After: fmt.Sprintf("Phát phiếu trên máy tính bảng cho đại biểu đến sau: số %d, %s", d.Number, d.Name), At: at}, true
}
