package daihoi_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/daihoi/daihoi"
)

func draft(t testing.TB, seats int, candidates []daihoi.Candidate) daihoi.Poll {
	return daihoi.Poll{ID: "p1", Kind: daihoi.Election, Title: "Bầu Ban Chấp hành", Mode: daihoi.Secret,
		Paper: true, Stations: 2, Ruleset: daihoi.DefaultRuleset, Settings: defaults(t), Seats: seats,
		Candidates: candidates, State: daihoi.Draft, Base: 14}
}

func mustTally(t testing.TB, in daihoi.TallyInput) daihoi.Result {
	t.Helper()
	r, err := daihoi.Tally(in)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func candidateIDs(cs []daihoi.Candidate) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

// shuffled is list(n) entered in reverse, so that entered order and ballot order differ.
func shuffled(n int) []daihoi.Candidate {
	c := list(n)
	slices.Reverse(c)
	return c
}

func TestNextRound(t *testing.T) {
	tests := []struct {
		name    string
		seats   int
		votes   []int // c1, c2, … in ballot order
		purpose daihoi.Purpose
		round   []string // the next round's list, in the order entered
		nSeats  int
	}{
		{"a run-off among exactly the tied, for the seat they compete for", 2, []int{11, 8, 8, 1},
			daihoi.RunoffRound, []string{"c3", "c2"}, 1},
		{"three tied for two seats: a run-off of the three for two seats", 2, []int{8, 8, 8, 2},
			daihoi.RunoffRound, []string{"c3", "c2", "c1"}, 2},
		{"too few elected: a further round over the not yet elected for the unfilled seats", 3, []int{11, 8, 6, 1},
			daihoi.FurtherRound, []string{"c4", "c3"}, 1},
		{"nobody elected: a further round over everybody for every seat", 2, []int{7, 7, 3},
			daihoi.FurtherRound, []string{"c3", "c2", "c1"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := draft(t, tt.seats, shuffled(len(tt.votes)))
			p.State = daihoi.Counted
			r := mustTally(t, p.TallyInput(byVotes(tt.seats, tt.votes), nil))
			q, err := p.NextRound(r)
			if err != nil {
				t.Fatal(err)
			}
			if q.Purpose != tt.purpose || q.Seats != tt.nSeats || !slices.Equal(candidateIDs(q.Candidates), tt.round) {
				t.Errorf("got %s for %d seat(s) over %v; want %s for %d over %v", q.Purpose, q.Seats, candidateIDs(q.Candidates), tt.purpose, tt.nSeats, tt.round)
			}
			if q.State != daihoi.Draft || q.Kind != daihoi.Election || q.Mode != daihoi.Secret {
				t.Errorf("the next round is a secret election in draft: %+v", q)
			}
			if q.Election != "p1" || q.Round != 2 || q.Previous != "p1" {
				t.Errorf("the next round belongs to the same election: election %q round %d previous %q", q.Election, q.Round, q.Previous)
			}
			if q.Settings != p.Settings || q.Ruleset != p.Ruleset || q.Paper != p.Paper || q.Stations != p.Stations {
				t.Errorf("the next round keeps the rules and the way of voting")
			}
			if q.Base != 0 || q.Result != nil || q.Digest != "" {
				t.Errorf("the next round starts empty: base %d, result %v, digest %q", q.Base, q.Result, q.Digest)
			}
			if err := q.Check(); err != nil {
				t.Errorf("the next round cannot be put to the vote: %v", err)
			}
		})
	}
}

func TestNextRoundRefuses(t *testing.T) {
	p := draft(t, 2, list(3))
	r := mustTally(t, p.TallyInput(byVotes(2, []int{9, 8, 1}), nil))
	if _, err := p.NextRound(r); daihoi.ErrorCode(err) != daihoi.ECONFLICT {
		t.Errorf("every seat filled: want a conflict, got %v", err)
	}

	p = draft(t, 3, list(2))
	r = mustTally(t, p.TallyInput(byVotes(3, []int{9, 8}), nil))
	if r.Unfilled != 1 {
		t.Fatalf("unfilled %d", r.Unfilled)
	}
	if _, err := p.NextRound(r); daihoi.ErrorCode(err) != daihoi.ECONFLICT {
		t.Errorf("nobody left for the unfilled seat: want a conflict, got %v", err)
	}

	m := daihoi.Poll{ID: "m", Kind: daihoi.Motion, Title: "Thông qua chương trình", Mode: daihoi.Hands}
	if _, err := m.NextRound(daihoi.Result{Kind: daihoi.Motion, Unfilled: 1}); daihoi.ErrorCode(err) != daihoi.EINVALID {
		t.Errorf("a motion has no next round, got %v", err)
	}
}

func TestRoundsChain(t *testing.T) {
	p := draft(t, 2, list(4))
	r := mustTally(t, p.TallyInput(byVotes(2, []int{7, 7, 7, 2}), nil)) // nobody above half of 14
	q, err := p.NextRound(r)
	if err != nil {
		t.Fatal(err)
	}
	q.ID, q.Base = "p2", 14
	r = mustTally(t, q.TallyInput(byVotes(2, []int{8, 8, 8, 2}), nil)) // three tied for two seats
	o, err := q.NextRound(r)
	if err != nil {
		t.Fatal(err)
	}
	if o.Election != "p1" || o.Round != 3 || o.Previous != "p2" || o.Purpose != daihoi.RunoffRound || o.Seats != 2 {
		t.Errorf("third round: election %q round %d previous %q %s for %d", o.Election, o.Round, o.Previous, o.Purpose, o.Seats)
	}
	if !slices.Equal(candidateIDs(o.Candidates), []string{"c1", "c2", "c3"}) {
		t.Errorf("third round over %v", candidateIDs(o.Candidates))
	}
	// Each round is titled by the election and its own number, not by the titles before it.
	if want := p.Title + " — vòng 2: bầu bổ sung"; q.Title != want {
		t.Errorf("second round titled %q, want %q", q.Title, want)
	}
	if want := p.Title + " — vòng 3: bầu lại (hòa phiếu)"; o.Title != want {
		t.Errorf("third round titled %q, want %q", o.Title, want)
	}
}

func TestAlternatesRound(t *testing.T) {
	p := draft(t, 3, list(6))
	p.Purpose, p.AlternateSeats = daihoi.OfficialPart, 2
	r := mustTally(t, p.TallyInput(byVotes(3, []int{12, 11, 10, 9, 8, 2}), nil))
	q, err := p.AlternatesRound(p.Candidates, r.Elected)
	if err != nil {
		t.Fatal(err)
	}
	if q.Purpose != daihoi.AlternatesRound || q.Seats != 2 || q.AlternateSeats != 0 {
		t.Errorf("got %s for %d seats (alternate seats %d), want alternates for 2", q.Purpose, q.Seats, q.AlternateSeats)
	}
	if got := candidateIDs(q.Candidates); !slices.Equal(got, []string{"c4", "c5", "c6"}) {
		t.Errorf("the alternates round is over the candidates not elected official: got %v", got)
	}
	if q.Settings != p.Settings || q.Election != "p1" || q.Round != 2 {
		t.Errorf("same threshold, same election: %+v", q)
	}

	// The alternates are ranked by votes and keep that order.
	q.Base = 14
	ar := mustTally(t, q.TallyInput(votesFor(2, []string{"c4", "c5", "c6"}, []int{9, 11, 10}), nil))
	if want := []string{"c5", "c6"}; !slices.Equal(ar.Elected, want) {
		t.Errorf("alternates in order: got %v, want %v", ar.Elected, want)
	}

	none := draft(t, 3, list(4))
	if _, err := none.AlternatesRound(none.Candidates, nil); daihoi.ErrorCode(err) != daihoi.EINVALID {
		t.Errorf("an election without alternate seats: got %v", err)
	}
	p = draft(t, 2, list(2))
	p.AlternateSeats = 1
	if _, err := p.AlternatesRound(p.Candidates, []string{"c1", "c2"}); daihoi.ErrorCode(err) != daihoi.ECONFLICT {
		t.Errorf("nobody left for the alternates: got %v", err)
	}
}

func TestWithdraw(t *testing.T) {
	p := draft(t, 2, list(4))
	orig := p
	if err := p.Withdraw("c2"); err != nil {
		t.Fatal(err)
	}
	if got := candidateIDs(p.Candidates); !slices.Equal(got, []string{"c1", "c3", "c4"}) {
		t.Errorf("after withdrawing c2: %v", got)
	}
	if got := candidateIDs(p.Withdrawn); !slices.Equal(got, []string{"c2"}) {
		t.Errorf("withdrawn: %v", got)
	}
	if got := candidateIDs(orig.Candidates); !slices.Equal(got, []string{"c1", "c2", "c3", "c4"}) {
		t.Errorf("withdrawing from a copy changed the original list: %v", got)
	}
	if err := p.Withdraw("c9"); daihoi.ErrorCode(err) != daihoi.ENOTFOUND {
		t.Errorf("withdrawing someone not on the list: got %v", err)
	}
	for _, s := range []daihoi.PollState{daihoi.Open, daihoi.Closed, daihoi.Counted, daihoi.Published} {
		q := draft(t, 2, list(4))
		q.State = s
		if err := q.Withdraw("c2"); daihoi.ErrorCode(err) != daihoi.ECONFLICT {
			t.Errorf("withdrawing once the poll is %s: got %v", s, err)
		}
		if len(q.Candidates) != 4 || len(q.Withdrawn) != 0 {
			t.Errorf("a refused withdrawal changed the list (%s)", s)
		}
	}
}

func TestPollCheck(t *testing.T) {
	ok := func(t *testing.T) daihoi.Poll { return draft(t, 2, list(3)) }
	tests := []struct {
		name   string
		change func(*daihoi.Poll)
		fails  bool
	}{
		{"an election by secret paper ballot keyed at two stations", func(p *daihoi.Poll) {}, false},
		{"paper ballots keyed at three stations", func(p *daihoi.Poll) { p.Stations = 3 }, false},
		{"tablets only need no stations", func(p *daihoi.Poll) { p.Paper, p.Tablet, p.Stations = false, true, 0 }, false},
		{"an election is always secret", func(p *daihoi.Poll) { p.Mode = daihoi.Hands }, true},
		{"an election needs tablets or paper", func(p *daihoi.Poll) { p.Paper, p.Tablet = false, false }, true},
		{"paper ballots are keyed at 2 or 3 stations", func(p *daihoi.Poll) { p.Stations = 1 }, true},
		{"a poll needs a title", func(p *daihoi.Poll) { p.Title = "" }, true},
		{"a candidate needs a name", func(p *daihoi.Poll) { p.Candidates[1].Name = "" }, true},
		{"an election needs a seat", func(p *daihoi.Poll) { p.Seats = 0 }, true},
		{"a motion by show of hands", func(p *daihoi.Poll) {
			*p = daihoi.Poll{Kind: daihoi.Motion, Title: "Thông qua nghị quyết", Mode: daihoi.Hands}
		}, false},
		{"a named motion on tablets", func(p *daihoi.Poll) {
			*p = daihoi.Poll{Kind: daihoi.Motion, Title: "Thông qua nghị quyết", Mode: daihoi.Named, Tablet: true}
		}, false},
		{"a secret motion needs tablets or paper", func(p *daihoi.Poll) {
			*p = daihoi.Poll{Kind: daihoi.Motion, Title: "Thông qua nghị quyết", Mode: daihoi.Secret}
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := ok(t)
			tt.change(&p)
			if err := p.Check(); (err != nil) != tt.fails {
				t.Errorf("Check() = %v, want failure %v", err, tt.fails)
			}
		})
	}
	if !draft(t, 3, list(3)).TwoColumn() || draft(t, 2, list(3)).TwoColumn() {
		t.Errorf("a list with no surplus has the two-column ballot, and only that")
	}
}

// No copy of the data file while a poll takes ballots: a show of hands does not count, a closed
// poll no longer does.
func TestBackupRefusedWhileAPollTakesBallots(t *testing.T) {
	st := &daihoi.State{Polls: map[string]daihoi.Poll{
		"a": {ID: "a", Title: "Thông qua chương trình", State: daihoi.Open, Mode: daihoi.Hands},
		"b": {ID: "b", Title: "Bầu Ban Chấp hành", State: daihoi.Closed, Mode: daihoi.Secret},
	}}
	if err := st.BackupRefused(); err != nil {
		t.Fatalf("a show of hands and a closed poll: %v", err)
	}
	st.Polls["c"] = daihoi.Poll{ID: "c", Title: "Bầu Ủy ban Kiểm tra", State: daihoi.Open, Mode: daihoi.Secret}
	err := st.BackupRefused()
	if vi, en := daihoi.ErrorMessages(err); daihoi.ErrorCode(err) != daihoi.ECONFLICT || !strings.Contains(vi, "Bầu Ủy ban Kiểm tra") || !strings.Contains(en, "open") {
		t.Fatalf("an open secret poll: %v", err)
	}
}
