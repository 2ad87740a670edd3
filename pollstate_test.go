package daihoi_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/daihoi/daihoi"
)

var noon = time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)

// hall is a representative congress of `of` official delegates d1…dN, the first `present` of them
// checked in, with the default ruleset (quorum: two thirds of the base).
func hall(t testing.TB, present, of int) *daihoi.State {
	st := daihoi.NewState()
	st.Congress = daihoi.Congress{Type: daihoi.Representative, Ruleset: daihoi.DefaultRuleset, Settings: defaults(t)}
	for i := range of {
		d := daihoi.Delegate{ID: fmt.Sprintf("d%d", i+1), Name: names[i%len(names)], Category: daihoi.Official, Number: i + 1}
		if i < present {
			d.Presence = daihoi.Present
		}
		st.Delegates[d.ID] = d
	}
	return st
}

// motion is a draft motion, by show of hands unless a mode is given.
func motion(t testing.TB, mode daihoi.PollMode) daihoi.Poll {
	p := daihoi.Poll{ID: "m1", Kind: daihoi.Motion, Title: "Thông qua chương trình", Mode: mode,
		Ruleset: daihoi.DefaultRuleset, Settings: defaults(t), State: daihoi.Draft}
	if mode != daihoi.Hands {
		p.Tablet = true
	}
	return p
}

// wantCode checks an error's code, and that its English message says what the row expects.
func wantRefusal(t *testing.T, err error, code, says string) {
	t.Helper()
	if got := daihoi.ErrorCode(err); got != code {
		t.Fatalf("got %v (%q), want %q", err, got, code)
	}
	if _, en := daihoi.ErrorMessages(err); err != nil && !strings.Contains(en, says) {
		t.Errorf("message %q does not say %q", en, says)
	}
}

func TestOpen(t *testing.T) {
	signedIn := map[string]bool{"d1": true, "d2": true, "d12": true}
	tests := []struct {
		name       string
		st         *daihoi.State
		poll       func(p *daihoi.Poll)
		code, says string
		base       int
		eligible   []string
	}{
		{"a poll opens with two thirds of the base present", hall(t, 10, 15), nil, "", "", 15, nil},
		{"a poll may not open without quorum", hall(t, 9, 15), nil,
			daihoi.ECONFLICT, "No quorum: 9 of 15 delegates present, at least 10 needed", 0, nil},
		{"a poll may not open on an empty roll", hall(t, 0, 0), nil, daihoi.ECONFLICT, "no base", 0, nil},
		{"a poll opens once", hall(t, 10, 15), func(p *daihoi.Poll) { p.State = daihoi.Open },
			daihoi.ECONFLICT, "opened already", 0, nil},
		{"a poll that cannot be put to the vote does not open", hall(t, 10, 15), func(p *daihoi.Poll) { p.Title = "" },
			daihoi.EINVALID, "title", 0, nil},
		{"a later round counts over the base of its first round", withPoll(hall(t, 10, 12),
			daihoi.Poll{ID: "r1", Base: 15, State: daihoi.Published}), func(p *daihoi.Poll) { p.Previous = "r1" }, "", "", 15, nil},
		{"tablet ballots go to the seat holders present who are signed in", hall(t, 11, 15),
			func(p *daihoi.Poll) { p.Mode = daihoi.Secret; p.Tablet = true }, "", "", 15, []string{"d1", "d2"}},
		{"no second ballot opens while one is open", withPoll(hall(t, 10, 15),
			daihoi.Poll{ID: "o", Title: "Bầu Ban kiểm phiếu", Mode: daihoi.Secret, State: daihoi.Open}),
			func(p *daihoi.Poll) { p.Mode = daihoi.Secret; p.Tablet = true }, daihoi.ECONFLICT, "\"Bầu Ban kiểm phiếu\" is open", 0, nil},
		{"a show of hands may be taken while a ballot is open", withPoll(hall(t, 10, 15),
			daihoi.Poll{ID: "o", Title: "Bầu Ban kiểm phiếu", Mode: daihoi.Secret, State: daihoi.Open}), nil, "", "", 15, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := motion(t, daihoi.Hands)
			if tt.poll != nil {
				tt.poll(&p)
			}
			before := p
			eligible, err := p.Open(tt.st, signedIn, noon)
			wantRefusal(t, err, tt.code, tt.says)
			if err != nil {
				if p.State != before.State || p.Base != before.Base {
					t.Errorf("a refused opening changed the poll: %+v", p)
				}
				return
			}
			if p.State != daihoi.Open || !p.OpenedAt.Equal(noon) || p.Base != tt.base || p.Present != tt.st.Attendance().Present {
				t.Errorf("opened: state %s at %v, base %d, present %d", p.State, p.OpenedAt, p.Base, p.Present)
			}
			if !slices.Equal(eligible, tt.eligible) || p.Issued != len(tt.eligible) {
				t.Errorf("issued %d to %v, want %v", p.Issued, eligible, tt.eligible)
			}
		})
	}
}

func withPoll(st *daihoi.State, p daihoi.Poll) *daihoi.State {
	st.Polls[p.ID] = p
	return st
}

func TestSeatHolders(t *testing.T) {
	st := hall(t, 3, 4)
	st.Delegates["d3"] = daihoi.Delegate{ID: "d3", Category: daihoi.Official, Presence: daihoi.AbsentWithReason, Number: 3}
	st.Delegates["a1"] = daihoi.Delegate{ID: "a1", Category: daihoi.Alternate, Replaces: "d3", Presence: daihoi.Present, Number: 5}
	st.Delegates["a2"] = daihoi.Delegate{ID: "a2", Category: daihoi.Alternate, Presence: daihoi.Present, Number: 6}
	st.Delegates["g1"] = daihoi.Delegate{ID: "g1", Category: daihoi.Guest, Presence: daihoi.Present, Number: 7}
	// d1, d2 present; d3 absent and replaced by a1; d4 not arrived; a2 replaces nobody; g1 a guest.
	if got := st.SeatHolders(); !slices.Equal(got, []string{"d1", "d2", "a1"}) {
		t.Errorf("a ballot is issued to those present who hold a seat, an alternate for the official they replace: got %v", got)
	}
}

func TestEnterCounts(t *testing.T) {
	abstain := defaults(t)
	abstain.AbstainOption = true
	tellersCount := func(p *daihoi.Poll) { p.TellersCountHands = true }
	tests := []struct {
		name       string
		poll       func(p *daihoi.Poll)
		counts     daihoi.Counts
		code, says string
		want       daihoi.PollState
	}{
		{"the presidium's counts, entered while the hands are up, close the vote and are the result", nil, daihoi.Counts{For: 9, Against: 1}, "", "", daihoi.Counted},
		{"counts may be corrected after the vote", func(p *daihoi.Poll) { p.State = daihoi.Closed }, daihoi.Counts{For: 8}, "", "", daihoi.Counted},
		{"the presidium corrects its counts until it publishes them", func(p *daihoi.Poll) { p.State = daihoi.Counted }, daihoi.Counts{For: 8}, "", "", daihoi.Counted},
		{"counts the tellers were asked to count wait for their confirmation", tellersCount, daihoi.Counts{For: 9, Against: 1}, "", "", daihoi.Closed},
		{"counts are entered only for a show of hands", func(p *daihoi.Poll) { p.Mode = daihoi.Secret; p.Tablet = true },
			daihoi.Counts{For: 1}, daihoi.EINVALID, "only for a show of hands", ""},
		{"counts are not entered before the vote is taken", func(p *daihoi.Poll) { p.State = daihoi.Draft },
			daihoi.Counts{For: 1}, daihoi.ECONFLICT, "while or after", ""},
		{"counts are not entered once the tellers confirmed them", func(p *daihoi.Poll) { tellersCount(p); p.State = daihoi.Counted },
			daihoi.Counts{For: 1}, daihoi.ECONFLICT, "cannot change", ""},
		{"counts are not entered once published", func(p *daihoi.Poll) { p.State = daihoi.Published },
			daihoi.Counts{For: 1}, daihoi.ECONFLICT, "cannot change", ""},
		{"a count is never negative", nil, daihoi.Counts{For: 5, Against: -1}, daihoi.EINVALID, "must not be negative", ""},
		{"nobody abstains where the motion offers no abstain", nil, daihoi.Counts{For: 5, Abstain: 1}, daihoi.EINVALID, "does not offer abstain", ""},
		{"abstentions are counted where the motion offers them", func(p *daihoi.Poll) { p.Settings = abstain }, daihoi.Counts{For: 5, Abstain: 1}, "", "", daihoi.Counted},
		{"the counts add up to no more than those present", nil, daihoi.Counts{For: 8, Against: 3}, daihoi.EINVALID, "add up to 11, more than the 10 present", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := motion(t, daihoi.Hands)
			p.State, p.Base, p.Present, p.Confirmations = daihoi.Open, 15, 10, []string{"t1"}
			if tt.poll != nil {
				tt.poll(&p)
			}
			before := p.State
			err := p.EnterCounts(tt.counts, noon)
			wantRefusal(t, err, tt.code, tt.says)
			if err != nil {
				if p.State != before || p.Result != nil {
					t.Errorf("refused counts changed the poll")
				}
				return
			}
			if p.State != tt.want || p.Result == nil || p.Result.For != tt.counts.For || p.Confirmations != nil {
				t.Errorf("after the counts: state %s, result %+v, confirmations %v", p.State, p.Result, p.Confirmations)
			}
		})
	}
}

// Who confirms what (rules.md, Motions and The count): the presidium counts and announces a show
// of hands; the tellers confirm every count of ballots, and a show of hands they were asked to count.
func TestWhoConfirms(t *testing.T) {
	ops := tellers("t1", "t1")
	tests := []struct {
		name    string
		poll    func(p *daihoi.Poll)
		tellers bool
	}{
		{"a show of hands is counted and announced by the presidium", func(p *daihoi.Poll) {}, false},
		{"a show of hands the congress asked the tellers to count is confirmed by them", func(p *daihoi.Poll) { p.TellersCountHands = true }, true},
		{"a secret ballot on tablets is confirmed by the tellers", func(p *daihoi.Poll) { p.Mode, p.Tablet = daihoi.Secret, true }, true},
		{"a named vote on tablets is confirmed by the tellers", func(p *daihoi.Poll) { p.Mode, p.Tablet = daihoi.Named, true }, true},
		{"paper ballots are confirmed by the tellers", func(p *daihoi.Poll) { p.Mode, p.Paper, p.Stations = daihoi.Secret, true, 2 }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := motion(t, daihoi.Hands)
			tt.poll(&p)
			if got := p.TellersConfirm(); got != tt.tellers {
				t.Fatalf("tellers confirm: %v, want %v", got, tt.tellers)
			}
			p.State, p.Result = daihoi.Closed, &daihoi.Result{}
			err := p.Confirm(ops["t1"], ops)
			if tt.tellers {
				if err != nil || p.State != daihoi.Counted {
					t.Errorf("the tellers' confirmation: %v, state %s", err, p.State)
				}
				return
			}
			wantRefusal(t, err, daihoi.ECONFLICT, "counted and announced by the presidium")
			if p.Confirmations != nil {
				t.Errorf("a refused confirmation was kept: %v", p.Confirmations)
			}
		})
	}
}

// The tally refuses the counts the presidium may not enter, with the same words: one rule.
func TestCountsRefusedAlikeByTheTally(t *testing.T) {
	for _, c := range []daihoi.Counts{{For: -1}, {For: 3, Abstain: 1}} {
		p := motion(t, daihoi.Hands)
		p.State, p.Base, p.Present = daihoi.Open, 15, 10
		entered := p.EnterCounts(c, noon)
		_, tallied := daihoi.Tally(p.TallyInput(nil, &c))
		if entered == nil || tallied == nil || entered.Error() != tallied.Error() {
			t.Errorf("counts %+v: entered %v, tallied %v", c, entered, tallied)
		}
	}
}

func TestClose(t *testing.T) {
	p := motion(t, daihoi.Hands)
	if err := p.Close(nil, noon); daihoi.ErrorCode(err) != daihoi.ECONFLICT {
		t.Errorf("a draft is not closed: got %v", err)
	}
	p.State, p.Base, p.Present = daihoi.Open, 15, 10
	if err := p.Close(nil, noon); err != nil || p.State != daihoi.Closed || p.Result != nil || !p.ClosedAt.Equal(noon) {
		t.Errorf("a show of hands closed before its counts: %v, %s, %+v", err, p.State, p.Result)
	}
	p.State = daihoi.Open
	if err := p.Close(&daihoi.Counts{For: 9}, noon); err != nil || p.Result == nil || !p.Result.Passed || p.State != daihoi.Counted {
		t.Errorf("a show of hands closed with its counts is counted: %v, %s, %+v", err, p.State, p.Result)
	}
	p.State, p.Result, p.TellersCountHands = daihoi.Open, nil, true
	if err := p.Close(&daihoi.Counts{For: 9}, noon); err != nil || p.Result == nil || p.State != daihoi.Closed {
		t.Errorf("a show of hands the tellers count waits for them once closed: %v, %s", err, p.State)
	}
}

func tellers(head string, ids ...string) map[string]daihoi.Operator {
	ops := map[string]daihoi.Operator{"pres": {ID: "pres", Role: daihoi.Presidium}}
	for _, id := range ids {
		ops[id] = daihoi.Operator{ID: id, Role: daihoi.Teller, Head: id == head}
	}
	return ops
}

func TestConfirm(t *testing.T) {
	ops := tellers("t3", "t1", "t2", "t3")
	tests := []struct {
		name       string
		state      daihoi.PollState
		counted    bool
		have       []string
		by         string
		code, says string
		want       daihoi.PollState
	}{
		{"a teller confirms a counted result", daihoi.Closed, true, nil, "t1", "", "", daihoi.Closed},
		{"a result is not confirmed before it is counted", daihoi.Closed, false, nil, "t1", daihoi.ECONFLICT, "after the poll closes and is counted", ""},
		{"a result is not confirmed while the vote is open", daihoi.Open, true, nil, "t1", daihoi.ECONFLICT, "after the poll closes", ""},
		{"a teller confirms once", daihoi.Closed, true, []string{"t1"}, "t1", daihoi.ECONFLICT, "confirmed this result already", ""},
		{"the head of the tellers confirms last", daihoi.Closed, true, []string{"t1"}, "t3", daihoi.ECONFLICT, "1 tellers have not confirmed yet", ""},
		{"with the head's confirmation, last, the poll is counted", daihoi.Closed, true, []string{"t1", "t2"}, "t3", "", "", daihoi.Counted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := motion(t, daihoi.Secret)
			p.State, p.Confirmations = tt.state, tt.have
			if tt.counted {
				p.Result = &daihoi.Result{}
			}
			err := p.Confirm(ops[tt.by], ops)
			wantRefusal(t, err, tt.code, tt.says)
			if err != nil {
				if !slices.Equal(p.Confirmations, tt.have) {
					t.Errorf("a refused confirmation changed the list: %v", p.Confirmations)
				}
				return
			}
			if p.State != tt.want || !slices.Equal(p.Confirmations, append(slices.Clone(tt.have), tt.by)) {
				t.Errorf("state %s, confirmations %v", p.State, p.Confirmations)
			}
		})
	}
}

func TestPublish(t *testing.T) {
	for _, s := range []daihoi.PollState{daihoi.Draft, daihoi.Open, daihoi.Closed, daihoi.Published} {
		p := motion(t, daihoi.Secret)
		p.State = s
		if err := p.Publish(); daihoi.ErrorCode(err) != daihoi.ECONFLICT || p.State != s {
			t.Errorf("a result is published only after the tellers confirm it: %s gave %v", s, err)
		}
	}
	p := motion(t, daihoi.Secret)
	p.State = daihoi.Counted
	if err := p.Publish(); err != nil || p.State != daihoi.Published {
		t.Errorf("a confirmed result is published: %v, %s", err, p.State)
	}

	// A show of hands: the presidium publishes what it counted, with no teller; not before its counts.
	h := motion(t, daihoi.Hands)
	h.State, h.Base, h.Present = daihoi.Closed, 15, 10
	if err := h.Publish(); daihoi.ErrorCode(err) != daihoi.ECONFLICT || !strings.Contains(err.Error(), "not entered") {
		t.Errorf("a show of hands is published once its counts are entered: %v", err)
	}
	if err := h.EnterCounts(daihoi.Counts{For: 9}, noon); err != nil {
		t.Fatal(err)
	}
	if err := h.Publish(); err != nil || h.State != daihoi.Published || h.Confirmations != nil {
		t.Errorf("a show of hands is published with no teller's confirmation: %v, %s", err, h.State)
	}
}

func TestNextRoundOf(t *testing.T) {
	first := draft(t, 3, list(5))
	first.ID, first.State = "r1", daihoi.Published
	first.Result = &daihoi.Result{Elected: []string{"c1"}, Runoff: []string{"c2", "c3"}, RunoffSeats: 1, Unfilled: 1}
	runoff := draft(t, 1, list(5)[1:3])
	runoff.ID, runoff.Previous, runoff.Round, runoff.Purpose, runoff.State = "r2", "r1", 2, daihoi.RunoffRound, daihoi.Counted
	runoff.Result = &daihoi.Result{Elected: []string{"c2"}, Unfilled: 0}
	unfilled := runoff
	unfilled.Result = &daihoi.Result{Unfilled: 1}
	st := withPoll(withPoll(hall(t, 10, 15), first), runoff)

	if _, err := st.NextRoundOf(first); daihoi.ErrorCode(err) != daihoi.ECONFLICT {
		t.Errorf("a round is drafted once: got %v", err)
	}
	closed := unfilled
	closed.State = daihoi.Closed
	if _, err := st.NextRoundOf(closed); daihoi.ErrorCode(err) != daihoi.ECONFLICT {
		t.Errorf("a next round needs a result the tellers confirmed: got %v", err)
	}
	next, err := st.NextRoundOf(unfilled)
	if err != nil {
		t.Fatal(err)
	}
	// Elected so far: c1 in the first round. A further round after a run-off is over every
	// candidate of the election not yet elected, not only the run-off's.
	if next.Purpose != daihoi.FurtherRound || !slices.Equal(candidateIDs(next.Candidates), []string{"c2", "c3", "c4", "c5"}) {
		t.Errorf("further round: %s over %v", next.Purpose, candidateIDs(next.Candidates))
	}

	up := draft(t, 2, list(5))
	up.ID, up.State, up.AlternateSeats = "u1", daihoi.Counted, 1
	up.Result = &daihoi.Result{Elected: []string{"c1", "c4"}}
	alt, err := withPoll(hall(t, 10, 15), up).NextRoundOf(up)
	if err != nil || alt.Purpose != daihoi.AlternatesRound || alt.Seats != 1 || !slices.Equal(candidateIDs(alt.Candidates), []string{"c2", "c3", "c5"}) {
		t.Errorf("the official seats filled, the alternates are elected from the rest: %v %s %v", err, alt.Purpose, candidateIDs(alt.Candidates))
	}
}

func TestDraftPoll(t *testing.T) {
	st := hall(t, 10, 15)
	st.Agenda = []daihoi.AgendaItem{{ID: "a1", Title: "Bầu cử"}}
	tests := []struct {
		name       string
		in         daihoi.PollRequest
		code, says string
	}{
		{"an election is drafted with candidates from the roll", daihoi.PollRequest{Kind: daihoi.Election, Title: " Bầu Ban Chấp hành ",
			Tablet: true, Seats: 1, AgendaItem: "a1", Candidates: []daihoi.CandidateRequest{{ID: "d1"}, {Name: " Ngô  Văn Nam "}}}, "", ""},
		{"a candidate is on the roll or named", daihoi.PollRequest{Kind: daihoi.Election, Title: "Bầu", Tablet: true, Seats: 1,
			Candidates: []daihoi.CandidateRequest{{ID: "nobody"}, {Name: "B"}}}, daihoi.ENOTFOUND, "not on the roll"},
		{"a poll belongs to an item on the agenda", daihoi.PollRequest{Kind: daihoi.Motion, Title: "X", Mode: daihoi.Hands, AgendaItem: "zz"},
			daihoi.ENOTFOUND, "not on the agenda"},
		{"a motion has no candidates", daihoi.PollRequest{Kind: daihoi.Motion, Title: "X", Mode: daihoi.Hands,
			Candidates: []daihoi.CandidateRequest{{Name: "A"}}}, daihoi.EINVALID, "a motion has no candidates"},
		{"a poll has a title", daihoi.PollRequest{Kind: daihoi.Motion, Mode: daihoi.Hands}, daihoi.EINVALID, "title"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := st.DraftPoll(tt.in)
			wantRefusal(t, err, tt.code, tt.says)
			if err != nil {
				return
			}
			if p.State != daihoi.Draft || p.Mode != daihoi.Secret || p.Title != "Bầu Ban Chấp hành" || p.Round != 1 {
				t.Errorf("drafted %+v", p)
			}
			if got := []string{p.Candidates[0].Name, p.Candidates[1].Name}; !slices.Equal(got, []string{names[0], "Ngô Văn Nam"}) || p.Candidates[0].Delegate != "d1" {
				t.Errorf("candidates %+v", p.Candidates)
			}
		})
	}
}

func TestWithdrawCandidate(t *testing.T) {
	p := draft(t, 1, list(2))
	if err := p.WithdrawCandidate("c1"); err != nil {
		t.Fatal(err)
	}
	if err := p.WithdrawCandidate("c2"); daihoi.ErrorCode(err) != daihoi.EINVALID || len(p.Candidates) != 1 {
		t.Errorf("the last name on the list cannot be withdrawn, nothing would be left to elect: %v, %v", err, candidateIDs(p.Candidates))
	}
}

func TestWhoSeesAResult(t *testing.T) {
	roles := []daihoi.Role{daihoi.Teller, daihoi.Presidium, daihoi.DelegateRole, daihoi.HallDisplay}
	tests := []struct {
		name  string
		state daihoi.PollState
		sees  []bool // teller, presidium, delegate, hall
	}{
		{"nobody sees a result while the vote is open", daihoi.Open, []bool{false, false, false, false}},
		{"the tellers see the count once the poll closes", daihoi.Closed, []bool{true, false, false, false}},
		{"the staff see it once the tellers have confirmed it", daihoi.Counted, []bool{true, true, false, false}},
		{"everyone sees it once published", daihoi.Published, []bool{true, true, true, true}},
	}
	for _, tt := range tests {
		p := motion(t, daihoi.Secret)
		p.State = tt.state
		for i, r := range roles {
			if got := p.ResultVisibleTo(r); got != tt.sees[i] {
				t.Errorf("%s: %s sees the result: %v", tt.name, r, got)
			}
			if err := p.BallotsVisibleTo(r); (err == nil) != (tt.sees[i] || tt.state == daihoi.Open) {
				t.Errorf("%s: %s sees the ballots: %v", tt.name, r, err)
			}
		}
	}
	p := motion(t, daihoi.Secret)
	p.State = daihoi.Published
	if err := p.NamedChoicesVisible(); daihoi.ErrorCode(err) != daihoi.EFORBIDDEN {
		t.Errorf("nobody may know who chose what in a secret ballot: %v", err)
	}
	p.Mode = daihoi.Named
	if err := p.NamedChoicesVisible(); err != nil {
		t.Errorf("a named vote shows who chose what once it ends: %v", err)
	}
	p.State = daihoi.Counted
	if err := p.ReceiptsVisible(); daihoi.ErrorCode(err) != daihoi.ECONFLICT {
		t.Errorf("the receipts are published with the result, not before: %v", err)
	}
	p.State = daihoi.Open
	if err := p.ReceiptsVisible(); daihoi.ErrorCode(err) != daihoi.ECONFLICT {
		t.Errorf("no receipts while the vote is open: %v", err)
	}
}

func TestDraftAsksTellersToCountHands(t *testing.T) {
	st := hall(t, 10, 15)
	hands, err := st.DraftPoll(daihoi.PollRequest{Kind: daihoi.Motion, Title: "Thông qua Quy chế", Mode: daihoi.Hands, TellersCountHands: true})
	if err != nil {
		t.Fatal(err)
	}
	if !hands.TellersCountHands || !hands.TellersConfirm() {
		t.Errorf("a show of hands the congress asks the tellers to count says so: %+v", hands)
	}
	ballot, err := st.DraftPoll(daihoi.PollRequest{Kind: daihoi.Motion, Title: "Thông qua Nghị quyết", Mode: daihoi.Secret, Tablet: true, TellersCountHands: true})
	if err != nil {
		t.Fatal(err)
	}
	if ballot.TellersCountHands || !ballot.TellersConfirm() {
		t.Errorf("a ballot is confirmed by the tellers, with no flag about hands: %+v", ballot)
	}
}

func TestMayEnterCounts(t *testing.T) {
	tests := []struct {
		name    string
		tellers bool
		role    daihoi.Role
		may     bool
	}{
		{"the presidium enters the counts of a show of hands it counts", false, daihoi.Presidium, true},
		{"the tellers do not enter the counts of a show of hands the presidium counts", false, daihoi.Teller, false},
		{"the tellers enter the counts of a show of hands they were asked to count", true, daihoi.Teller, true},
		{"the presidium may enter them too", true, daihoi.Presidium, true},
		{"nobody else enters counts", true, daihoi.Secretariat, false},
	}
	for _, tt := range tests {
		p := motion(t, daihoi.Hands)
		p.TellersCountHands = tt.tellers
		if err := p.MayEnterCounts(tt.role); (err == nil) != tt.may || (err != nil && daihoi.ErrorCode(err) != daihoi.EFORBIDDEN) {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

// The minutes of a count are a draft until every teller confirms; those of a show of hands the
// presidium counted are final once its counts are entered.
func TestMinutesConfirmed(t *testing.T) {
	tellers := []daihoi.TellerInfo{{ID: "t1", Name: "Hà Văn Trưởng", Head: true}, {ID: "t2", Name: "Lê Thị Hai"}}
	tests := []struct {
		name          string
		poll          func(p *daihoi.Poll)
		confirmations []string
		confirmed     bool
	}{
		{"a show of hands the presidium counted is final", func(p *daihoi.Poll) {}, nil, true},
		{"a show of hands the tellers count is a draft until they confirm", func(p *daihoi.Poll) { p.TellersCountHands = true }, []string{"t2"}, false},
		{"and final once every teller has", func(p *daihoi.Poll) { p.TellersCountHands = true }, []string{"t2", "t1"}, true},
	}
	for _, tt := range tests {
		p := motion(t, daihoi.Hands)
		p.State, p.Base, p.Present, p.Confirmations = daihoi.Open, 15, 10, tt.confirmations
		tt.poll(&p)
		if err := p.EnterCounts(daihoi.Counts{For: 9}, noon); err != nil {
			t.Fatal(err)
		}
		p.Confirmations = tt.confirmations
		m, err := daihoi.NewMinutes(daihoi.Congress{Title: "Đại hội thử"}, p, tellers)
		if err != nil || m.Confirmed != tt.confirmed {
			t.Errorf("%s: confirmed %v (%v)", tt.name, m.Confirmed, err)
		}
	}
}
