package daihoi_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/daihoi/daihoi"
)

// names are twenty Vietnamese names whose given names (the last word) are in alphabetical order, so
// that candidate cN stands N-th on the ballot.
var names = []string{
	"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em",
	"Vũ Thị Giang", "Đặng Văn Hải", "Bùi Thị Khánh", "Đỗ Văn Lâm", "Hồ Thị Minh",
	"Ngô Văn Nam", "Dương Thị Oanh", "Lý Văn Phúc", "Mai Thị Quế", "Đinh Văn Sơn",
	"Trịnh Thị Thu", "Cao Văn Uy", "Lương Thị Vân", "Tạ Văn Xuân", "Kiều Thị Yến",
}

// id returns the id of the i-th candidate (from 0): c1, c2, …
func id(i int) string { return fmt.Sprintf("c%d", i+1) }

// list returns n candidates c1…cn, already in ballot order.
func list(n int) []daihoi.Candidate {
	out := make([]daihoi.Candidate, n)
	for i := range out {
		out[i] = daihoi.Candidate{ID: id(i), Name: names[i%len(names)]}
	}
	return out
}

// ids returns c1…cn.
func ids(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = id(i)
	}
	return out
}

// defaults returns the settings of the default ruleset, party-190.
func defaults(t testing.TB) daihoi.Settings {
	t.Helper()
	rs, err := daihoi.LookupRuleset(daihoi.DefaultRuleset)
	if err != nil {
		t.Fatal(err)
	}
	return rs.Settings
}

// byVotes builds strike-out ballots that give candidate cN votes[N-1] votes. No ballot keeps more
// names than seats and none keeps no name, so every ballot is valid.
func byVotes(seats int, votes []int) []daihoi.Ballot { return votesFor(seats, ids(len(votes)), votes) }

// votesFor builds strike-out ballots that give candidate ids[i] votes[i] votes, handing the votes
// round the ballots in turn so each keeps about as many names as the others: never more than seats,
// never none.
func votesFor(seats int, ids []string, votes []int) []daihoi.Ballot {
	sum, most := 0, 0
	for _, v := range votes {
		sum += v
		most = max(most, v)
	}
	n := max(most, (sum+seats-1)/seats)
	ballots := make([]daihoi.Ballot, n)
	p := 0
	for i, v := range votes {
		for k := range v {
			b := &ballots[(p+k)%n]
			b.Kept = append(b.Kept, ids[i])
		}
		if n > 0 {
			p = (p + v) % n
		}
	}
	return ballots
}

// keep returns n copies of a strike-out ballot keeping the given names.
func keep(n int, kept ...string) []daihoi.Ballot {
	out := make([]daihoi.Ballot, n)
	for i := range out {
		out[i] = daihoi.Ballot{Kept: kept}
	}
	return out
}

func election(t testing.TB, s daihoi.Settings, seats, base int, candidates []daihoi.Candidate, ballots []daihoi.Ballot) daihoi.Result {
	t.Helper()
	r, err := daihoi.Tally(daihoi.TallyInput{Kind: daihoi.Election, Settings: s, Seats: seats, Base: base, Candidates: candidates, Ballots: ballots})
	if err != nil {
		t.Fatalf("Tally: %v", err)
	}
	return r
}

func TestWhoIsElected(t *testing.T) {
	tests := []struct {
		name        string
		seats, base int
		votes       []int // per candidate, in ballot order: c1, c2, …
		elected     []string
		runoff      []string
		runoffSeats int
		unfilled    int
	}{
		{"75 votes of a base of 150 is not more than half", 1, 150, []int{75, 0}, nil, nil, 0, 1},
		{"76 votes of a base of 150 is more than half", 1, 150, []int{76, 0}, []string{"c1"}, nil, 0, 0},
		{"10 votes of a base of 20 is not more than half", 1, 20, []int{10, 3}, nil, nil, 0, 1},
		{"11 votes of a base of 21 is more than half", 1, 21, []int{11, 3}, []string{"c1"}, nil, 0, 0},
		{"the most votes above half fill the seats", 2, 10, []int{9, 8, 7, 2}, []string{"c1", "c2"}, nil, 0, 0},
		{"the elected are listed by votes, high to low", 3, 10, []int{6, 9, 8, 7}, []string{"c2", "c3", "c4"}, nil, 0, 0},
		{"equal votes among the elected are listed in ballot order", 3, 10, []int{8, 9, 9, 2}, []string{"c2", "c3", "c1"}, nil, 0, 0},
		{"a tie at the last seat asks for a run-off for that seat", 2, 14, []int{11, 8, 8, 1}, []string{"c1"}, []string{"c2", "c3"}, 1, 0},
		{"three candidates tied for two seats go to a run-off for two seats", 2, 14, []int{8, 8, 8, 2}, nil, []string{"c1", "c2", "c3"}, 2, 0},
		{"three tied for the last two seats go to a run-off for two seats", 3, 14, []int{10, 9, 9, 9, 2}, []string{"c1"}, []string{"c2", "c3", "c4"}, 2, 0},
		{"the run-off lists the tied in ballot order", 1, 10, []int{2, 7, 1, 7}, nil, []string{"c2", "c4"}, 1, 0},
		{"a tie below the last seat elects both", 3, 10, []int{9, 8, 8, 7}, []string{"c1", "c2", "c3"}, nil, 0, 0},
		{"a tie the seats cover elects both though seats stay unfilled", 3, 10, []int{8, 8, 3, 2}, []string{"c1", "c2"}, nil, 0, 1},
		{"a tie past the last seat touches nobody elected", 1, 10, []int{9, 7, 7}, []string{"c1"}, nil, 0, 0},
		{"too few above half leave seats unfilled", 3, 20, []int{15, 11, 10, 4}, []string{"c1", "c2"}, nil, 0, 1},
		{"a tie of candidates not above half is no run-off: the seats stay unfilled", 2, 20, []int{10, 10, 3}, nil, nil, 0, 2},
		{"nobody above half leaves every seat unfilled", 3, 30, []int{15, 12, 9, 6}, nil, nil, 0, 3},
		{"more seats than names leaves the rest unfilled", 4, 10, []int{9, 8}, []string{"c1", "c2"}, nil, 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cands := list(len(tt.votes))
			r := election(t, defaults(t), tt.seats, tt.base, cands, byVotes(tt.seats, tt.votes))
			for i, v := range tt.votes {
				if r.Votes[id(i)] != v {
					t.Fatalf("votes: got %v, want %v (the test's ballots are wrong)", r.Votes, tt.votes)
				}
			}
			if r.Ballots.Invalid != 0 {
				t.Fatalf("the test's ballots should all be valid: %+v", r.Ballots)
			}
			if !slices.Equal(r.Elected, tt.elected) {
				t.Errorf("elected: got %v, want %v", r.Elected, tt.elected)
			}
			if !slices.Equal(r.Runoff, tt.runoff) || r.RunoffSeats != tt.runoffSeats {
				t.Errorf("run-off: got %v for %d seat(s), want %v for %d", r.Runoff, r.RunoffSeats, tt.runoff, tt.runoffSeats)
			}
			if r.Unfilled != tt.unfilled {
				t.Errorf("unfilled: got %d, want %d", r.Unfilled, tt.unfilled)
			}
		})
	}
}

func TestMoreThanHalf(t *testing.T) {
	tests := []struct {
		name    string
		n, base int
		want    bool
	}{
		{"75 votes of a base of 150 is not more than half", 75, 150, false},
		{"76 votes of a base of 150 is more than half", 76, 150, true},
		{"75 votes of a base of 151 is not more than half", 75, 151, false},
		{"76 votes of a base of 151 is more than half", 76, 151, true},
		{"1 vote of a base of 1 is more than half", 1, 1, true},
		{"0 votes of a base of 1 is not", 0, 1, false},
		{"a count too big to double is still more than half", 1 << 62, 10, true},
		{"a base too big to halve exactly is compared exactly", 1<<62 - 1, 1<<63 - 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := daihoi.MoreThanHalf(tt.n, tt.base); got != tt.want {
				t.Errorf("MoreThanHalf(%d, %d) = %v, want %v", tt.n, tt.base, got, tt.want)
			}
		})
	}
}

// The votes needed are the fewest that are more than half: one fewer is not.
func TestVotesNeededIsTheFewestMoreThanHalf(t *testing.T) {
	for _, base := range []int{1, 2, 3, 13, 149, 150, 151, 1600} {
		n := daihoi.VotesNeeded(base)
		if !daihoi.MoreThanHalf(n, base) || daihoi.MoreThanHalf(n-1, base) {
			t.Errorf("VotesNeeded(%d) = %d: more than half %v, one fewer %v", base, n, daihoi.MoreThanHalf(n, base), daihoi.MoreThanHalf(n-1, base))
		}
	}
	if got := daihoi.VotesNeeded(150); got != 76 {
		t.Errorf("VotesNeeded(150) = %d, want 76", got)
	}
}

// A poll's view gives the votes needed once its base is fixed, so that no screen computes the rule.
func TestPollViewGivesTheVotesNeeded(t *testing.T) {
	for _, tt := range []struct {
		base int
		want string
	}{{150, `"needed":76`}, {0, ""}} {
		b, err := json.Marshal(daihoi.PollView{Poll: daihoi.Poll{ID: "p", Kind: daihoi.Motion, Base: tt.base}})
		if err != nil {
			t.Fatal(err)
		}
		if has := strings.Contains(string(b), `"needed"`); has != (tt.want != "") || !strings.Contains(string(b), tt.want) {
			t.Errorf("base %d: %s, want %q", tt.base, b, tt.want)
		}
	}
}

func TestPercentOf(t *testing.T) {
	tests := []struct {
		name    string
		n, base int
		want    string
	}{
		{"1 vote of a base of 32 is 3.13 %", 1, 32, "3.13"},
		{"2 of 3 is 66.67", 2, 3, "66.67"},
		{"1 of 3 is 33.33", 1, 3, "33.33"},
		{"half a hundredth rounds up: 1 of 160 is 0.63", 1, 160, "0.63"},
		{"half a hundredth rounds up: 3 of 160 is 1.88", 3, 160, "1.88"},
		{"less than half a hundredth rounds down: 1 of 1600 is 0.06", 1, 1600, "0.06"},
		{"1 of 3200 is 0.03", 1, 3200, "0.03"},
		{"0 of 20 is 0.00", 0, 20, "0.00"},
		{"20 of 20 is 100.00", 20, 20, "100.00"},
		{"15 of 20 is 75.00", 15, 20, "75.00"},
		{"11 of 14 is 78.57", 11, 14, "78.57"},
		{"a base of 0 gives 0.00, not a division by zero", 3, 0, "0.00"},
		{"a shortfall of 1 name for 3 seats is -33.33", -1, 3, "-33.33"},
		{"a huge base is computed exactly", 1, 1<<63 - 1, "0.00"},
		{"a huge count is computed exactly", 1<<62 + 1, 1 << 62, "100.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := daihoi.PercentOf(tt.n, tt.base); got != tt.want {
				t.Errorf("PercentOf(%d, %d) = %q, want %q", tt.n, tt.base, got, tt.want)
			}
		})
	}
}

func TestPercentagesAreOfTheBase(t *testing.T) {
	// Base 20, 18 present, 12 ballots collected of which 2 invalid; c1 kept on all 10 valid ones.
	ballots := append(keep(10, "c1"), daihoi.Ballot{Kept: []string{"c1", "c2"}}, daihoi.Ballot{Kept: []string{"c1"}, Flags: []daihoi.Flag{daihoi.NotIssued}})
	r := election(t, defaults(t), 1, 20, list(2), ballots)
	if r.Ballots.Valid != 10 || r.Votes["c1"] != 10 {
		t.Fatalf("got %+v, votes %v", r.Ballots, r.Votes)
	}
	// 10 of the base of 20, not 100 % of the 10 valid ballots nor 55.56 % of 18 present.
	if got := r.PercentOfBase["c1"]; got != "50.00" {
		t.Errorf("c1: got %s %%, want 50.00 (of the base)", got)
	}
	if len(r.Elected) != 0 || r.Unfilled != 1 {
		t.Errorf("10 of a base of 20 is not elected, however many ballots were valid: elected %v, unfilled %d", r.Elected, r.Unfilled)
	}
	if got := r.PercentOfBase["c2"]; got != "0.00" {
		t.Errorf("a candidate with no votes is listed at 0.00, got %q", got)
	}
}

func TestBallotValidity(t *testing.T) {
	agree, disagree, both, none := daihoi.Agree, daihoi.Disagree, daihoi.Both, daihoi.NoMark
	tests := []struct {
		name            string
		seats, listLen  int
		allStruckIsFine bool // all_struck_invalid off
		ballot          daihoi.Ballot
		reason          string         // "" for a valid ballot
		votes           map[string]int // only for a valid ballot: the candidates it votes for
	}{
		{"a ballot keeping as many names as seats is valid", 2, 3, false,
			daihoi.Ballot{Kept: []string{"c1", "c3"}}, "", map[string]int{"c1": 1, "c3": 1}},
		{"a ballot keeping fewer names than seats is valid", 2, 3, false,
			daihoi.Ballot{Kept: []string{"c2"}}, "", map[string]int{"c2": 1}},
		{"a ballot keeping more names than seats is invalid", 2, 3, false,
			daihoi.Ballot{Kept: []string{"c1", "c2", "c3"}}, daihoi.ReasonOverSeats, nil},
		{"a ballot striking every name on a list of several is invalid (all_struck_invalid on)", 2, 3, false,
			daihoi.Ballot{Kept: []string{}}, daihoi.ReasonAllStruck, nil},
		{"a ballot with no kept field strikes every name", 2, 3, false,
			daihoi.Ballot{}, daihoi.ReasonAllStruck, nil},
		{"a ballot striking every name on a list of several is valid when all_struck_invalid is off", 2, 3, true,
			daihoi.Ballot{Kept: []string{}}, "", map[string]int{}},
		{"striking the single name on a one-name list is a valid vote against", 1, 1, false,
			daihoi.Ballot{Kept: []string{}}, "", map[string]int{}},
		{"keeping the single name on a one-name list is a vote for", 1, 1, false,
			daihoi.Ballot{Kept: []string{"c1"}}, "", map[string]int{"c1": 1}},
		{"a ballot the tellers did not issue is invalid whatever it keeps", 2, 3, false,
			daihoi.Ballot{Kept: []string{"c1"}, Flags: []daihoi.Flag{daihoi.NotIssued}}, "not_issued", nil},
		{"a name written in makes the ballot invalid", 2, 3, false,
			daihoi.Ballot{Kept: []string{"c1"}, Flags: []daihoi.Flag{daihoi.AddedName}}, "added_name", nil},
		{"a signature or identifying mark makes the ballot invalid", 2, 3, false,
			daihoi.Ballot{Kept: []string{"c1"}, Flags: []daihoi.Flag{daihoi.IdentifyingMark}}, "identifying_mark", nil},
		{"the first teller flag is the reason", 2, 3, false,
			daihoi.Ballot{Kept: []string{"c1"}, Flags: []daihoi.Flag{daihoi.IdentifyingMark, daihoi.NotIssued}}, "identifying_mark", nil},
		{"a teller flag is the reason before over seats", 2, 3, false,
			daihoi.Ballot{Kept: []string{"c1", "c2", "c3"}, Flags: []daihoi.Flag{daihoi.AddedName}}, "added_name", nil},
		{"a teller flag is the reason before all struck", 2, 3, false,
			daihoi.Ballot{Kept: []string{}, Flags: []daihoi.Flag{daihoi.NotIssued}}, "not_issued", nil},
		{"the receipt id does not matter", 2, 3, false,
			daihoi.Ballot{ID: "0f21ddb6", Kept: []string{"c1"}}, "", map[string]int{"c1": 1}},
		{"two columns: agree is a vote, disagree is none", 3, 3, false,
			daihoi.Ballot{Marks: map[string]daihoi.Mark{"c1": agree, "c2": disagree, "c3": agree}}, "", map[string]int{"c1": 1, "c3": 1}},
		{"two columns: both marked gives no vote and the ballot stays valid", 3, 3, false,
			daihoi.Ballot{Marks: map[string]daihoi.Mark{"c1": both, "c2": agree, "c3": agree}}, "", map[string]int{"c2": 1, "c3": 1}},
		{"two columns: neither marked gives no vote and the ballot stays valid", 3, 3, false,
			daihoi.Ballot{Marks: map[string]daihoi.Mark{"c1": agree, "c2": none, "c3": disagree}}, "", map[string]int{"c1": 1}},
		{"two columns: a name left out of the marks gets no vote", 3, 3, false,
			daihoi.Ballot{Marks: map[string]daihoi.Mark{"c1": agree}}, "", map[string]int{"c1": 1}},
		{"two columns: disagreeing with every name on a list of several is all struck", 3, 3, false,
			daihoi.Ballot{Marks: map[string]daihoi.Mark{"c1": disagree, "c2": disagree, "c3": disagree}}, daihoi.ReasonAllStruck, nil},
		// docs/rules.md: a name marked in both columns or in neither gets no vote and the ballot stays
		// valid; only striking every name (disagree) makes it all struck.
		{"two columns: agreeing with nobody, but not striking every name, stays valid", 3, 3, false,
			daihoi.Ballot{Marks: map[string]daihoi.Mark{"c1": both, "c2": none, "c3": disagree}}, "", map[string]int{}},
		{"two columns: a ballot marking no name at all stays valid", 3, 3, false,
			daihoi.Ballot{Marks: map[string]daihoi.Mark{}}, "", map[string]int{}},
		{"two columns: disagreeing with the single name is a valid vote against", 1, 1, false,
			daihoi.Ballot{Marks: map[string]daihoi.Mark{"c1": disagree}}, "", map[string]int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := defaults(t)
			s.AllStruckInvalid = !tt.allStruckIsFine
			r := election(t, s, tt.seats, 10, list(tt.listLen), []daihoi.Ballot{tt.ballot})
			if tt.reason != "" {
				want := map[string]int{tt.reason: 1}
				if r.Ballots.Valid != 0 || r.Ballots.Invalid != 1 || !maps.Equal(r.Ballots.InvalidByReason, want) {
					t.Errorf("got %+v, want invalid for %s", r.Ballots, tt.reason)
				}
				for id, v := range r.Votes {
					if v != 0 {
						t.Errorf("an invalid ballot gave %s a vote", id)
					}
				}
				return
			}
			if r.Ballots.Valid != 1 || r.Ballots.Invalid != 0 || len(r.Ballots.InvalidByReason) != 0 {
				t.Errorf("got %+v, want valid", r.Ballots)
			}
			for _, c := range list(tt.listLen) {
				if r.Votes[c.ID] != tt.votes[c.ID] {
					t.Errorf("votes: got %v, want %v", r.Votes, tt.votes)
					break
				}
			}
		})
	}
}

func TestEachInvalidBallotCountsOnce(t *testing.T) {
	ballots := []daihoi.Ballot{
		{Kept: []string{"c1", "c2", "c3"}, Flags: []daihoi.Flag{daihoi.NotIssued, daihoi.AddedName, daihoi.IdentifyingMark}},
		{Kept: []string{"c1", "c2", "c3"}},
		{Kept: []string{}, Flags: []daihoi.Flag{daihoi.AddedName, daihoi.NotIssued}},
		{Kept: []string{}},
		{Kept: []string{"c1"}},
	}
	r := election(t, defaults(t), 2, 10, list(3), ballots)
	want := daihoi.BallotStats{Total: 5, Valid: 1, Invalid: 4, InvalidByReason: map[string]int{
		"not_issued": 1, "added_name": 1, "over_seats": 1, "all_struck": 1,
	}}
	if r.Ballots.Total != want.Total || r.Ballots.Valid != want.Valid || r.Ballots.Invalid != want.Invalid || !maps.Equal(r.Ballots.InvalidByReason, want.InvalidByReason) {
		t.Errorf("got %+v, want %+v", r.Ballots, want)
	}
}

func TestResultJSON(t *testing.T) {
	r := election(t, defaults(t), 2, 10, list(3), byVotes(2, []int{6, 6, 1}))
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"order", "ballots", "votes", "percent_of_base", "elected", "runoff", "runoff_seats", "unfilled"} {
		if _, ok := m[k]; !ok {
			t.Errorf("an election result has no %q: %s", k, b)
		}
	}
	if _, ok := m["passed"]; ok {
		t.Errorf("an election result has a motion's fields: %s", b)
	}
	if got := string(mustJSON(t, m["runoff"])); got != "[]" {
		t.Errorf("an empty run-off is [], got %s", got)
	}
	if got := string(mustJSON(t, m["ballots"].(map[string]any)["invalid_by_reason"])); got != "{}" {
		t.Errorf("no invalid ballots is {}, got %s", got)
	}
	var back daihoi.Result
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Kind != daihoi.Election || !slices.Equal(back.Elected, r.Elected) || !maps.Equal(back.Votes, r.Votes) {
		t.Errorf("round trip: got %+v, want %+v", back, r)
	}

	mr, err := daihoi.Tally(daihoi.TallyInput{Kind: daihoi.Motion, Settings: defaults(t), Base: 20, Counts: &daihoi.Counts{For: 15, Against: 2}})
	if err != nil {
		t.Fatal(err)
	}
	b = mustJSON(t, mr)
	var mm map[string]any
	_ = json.Unmarshal(b, &mm)
	if _, ok := mm["votes"]; ok || mm["passed"] != true || mm["for"] != 15.0 {
		t.Errorf("a motion result carries for/against/abstain/passed only: %s", b)
	}
	back = daihoi.Result{}
	if err := json.Unmarshal(b, &back); err != nil || back.Kind != daihoi.Motion || !back.Passed || back.For != 15 {
		t.Errorf("round trip of a motion: got %+v, %v", back, err)
	}
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestMotion(t *testing.T) {
	abstainOn := func(s daihoi.Settings) daihoi.Settings { s.AbstainOption = true; return s }
	same := func(s daihoi.Settings) daihoi.Settings { return s }
	choices := func(spec ...any) []daihoi.Ballot { // n1, choice1, n2, choice2, …
		var out []daihoi.Ballot
		for i := 0; i < len(spec); i += 2 {
			for range spec[i].(int) {
				out = append(out, daihoi.Ballot{Choice: spec[i+1].(daihoi.Choice)})
			}
		}
		return out
	}
	tests := []struct {
		name                  string
		settings              func(daihoi.Settings) daihoi.Settings
		base                  int
		counts                *daihoi.Counts
		ballots               []daihoi.Ballot
		for_, against, abstn  int
		valid, invalid, total int
		passed                bool
	}{
		{"a motion passes when for is more than half of the base", same, 20, &daihoi.Counts{For: 11, Against: 8}, nil, 11, 8, 0, 19, 0, 19, true},
		{"10 for of a base of 20 does not pass, though 10 of 18 present is a majority", same, 20, &daihoi.Counts{For: 10, Against: 8}, nil, 10, 8, 0, 18, 0, 18, false},
		{"76 for of a base of 150 passes", same, 150, &daihoi.Counts{For: 76, Against: 0}, nil, 76, 0, 0, 76, 0, 76, true},
		{"75 for of a base of 150 does not pass even with nobody against", same, 150, &daihoi.Counts{For: 75}, nil, 75, 0, 0, 75, 0, 75, false},
		{"a secret motion counts the ballots over the base, not over the valid ballots", same, 25,
			nil, choices(10, daihoi.For, 2, daihoi.Against), 10, 2, 0, 12, 0, 12, false},
		{"a motion by ballot passes with for above half the base", same, 25,
			nil, choices(13, daihoi.For, 2, daihoi.Against), 13, 2, 0, 15, 0, 15, true},
		{"abstain is a third answer where the ruleset offers it", abstainOn, 10,
			nil, choices(6, daihoi.For, 1, daihoi.Against, 2, daihoi.Abstain), 6, 1, 2, 9, 0, 9, true},
		{"abstain counted by show of hands where the ruleset offers it", abstainOn, 10, &daihoi.Counts{For: 5, Against: 1, Abstain: 3}, nil, 5, 1, 3, 9, 0, 9, false},
		{"a flagged motion ballot is invalid and not counted", same, 10,
			nil, append(choices(6, daihoi.For), daihoi.Ballot{Choice: daihoi.For, Flags: []daihoi.Flag{daihoi.NotIssued}}), 6, 0, 0, 6, 1, 7, true},
		{"a flagged motion ballot needs no choice", same, 10,
			nil, []daihoi.Ballot{{Flags: []daihoi.Flag{daihoi.IdentifyingMark}}}, 0, 0, 0, 0, 1, 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := daihoi.Tally(daihoi.TallyInput{Kind: daihoi.Motion, Settings: tt.settings(defaults(t)), Base: tt.base, Counts: tt.counts, Ballots: tt.ballots})
			if err != nil {
				t.Fatal(err)
			}
			if r.For != tt.for_ || r.Against != tt.against || r.Abstain != tt.abstn {
				t.Errorf("for/against/abstain: got %d/%d/%d, want %d/%d/%d", r.For, r.Against, r.Abstain, tt.for_, tt.against, tt.abstn)
			}
			if r.Ballots.Valid != tt.valid || r.Ballots.Invalid != tt.invalid || r.Ballots.Total != tt.total {
				t.Errorf("ballots: got %+v, want %d valid, %d invalid of %d", r.Ballots, tt.valid, tt.invalid, tt.total)
			}
			if r.Passed != tt.passed {
				t.Errorf("passed: got %v, want %v", r.Passed, tt.passed)
			}
		})
	}
}

func TestTallyRefuses(t *testing.T) {
	s := defaults(t)
	el := func(seats, base int, c []daihoi.Candidate, b ...daihoi.Ballot) daihoi.TallyInput {
		return daihoi.TallyInput{Kind: daihoi.Election, Settings: s, Seats: seats, Base: base, Candidates: c, Ballots: b}
	}
	mo := func(c *daihoi.Counts, b ...daihoi.Ballot) daihoi.TallyInput {
		return daihoi.TallyInput{Kind: daihoi.Motion, Settings: s, Base: 10, Counts: c, Ballots: b}
	}
	tests := []struct {
		name string
		in   daihoi.TallyInput
	}{
		{"an election for no seat", el(0, 10, list(3))},
		{"a base of 0", el(1, 0, list(3))},
		{"an empty candidate list", el(1, 10, nil)},
		{"a candidate without an id", el(1, 10, []daihoi.Candidate{{Name: "Nguyễn Văn An"}})},
		{"a candidate id twice", el(1, 10, []daihoi.Candidate{{ID: "c1", Name: "Nguyễn Văn An"}, {ID: "c1", Name: "Trần Thị Bình"}})},
		{"a ballot naming a candidate not on the list", el(1, 10, list(3), daihoi.Ballot{Kept: []string{"c9"}})},
		{"a ballot keeping a name twice", el(2, 10, list(3), daihoi.Ballot{Kept: []string{"c1", "c1"}})},
		{"a ballot keeping a name twice on a list of 300", el(2, 10, list(300), daihoi.Ballot{Kept: []string{list(300)[290].ID, list(300)[290].ID}})},
		{"a two-column ballot naming a candidate not on the list", el(3, 10, list(3), daihoi.Ballot{Marks: map[string]daihoi.Mark{"c9": daihoi.Agree}})},
		{"a two-column ballot with an unknown mark", el(3, 10, list(3), daihoi.Ballot{Marks: map[string]daihoi.Mark{"c1": "maybe"}})},
		{"a ballot in both forms", el(3, 10, list(3), daihoi.Ballot{Kept: []string{"c1"}, Marks: map[string]daihoi.Mark{"c2": daihoi.Agree}})},
		{"an election ballot with a motion's choice", el(1, 10, list(3), daihoi.Ballot{Choice: daihoi.For})},
		{"an unknown teller flag", el(1, 10, list(3), daihoi.Ballot{Kept: []string{"c1"}, Flags: []daihoi.Flag{"torn"}})},
		{"an election by show of hands", daihoi.TallyInput{Kind: daihoi.Election, Settings: s, Seats: 1, Base: 10, Candidates: list(2), Counts: &daihoi.Counts{For: 3}}},
		{"abstain by ballot where the ruleset lacks it", mo(nil, daihoi.Ballot{Choice: daihoi.Abstain})},
		{"abstain by show of hands where the ruleset lacks it", mo(&daihoi.Counts{For: 5, Abstain: 1})},
		{"a motion ballot with no choice", mo(nil, daihoi.Ballot{})},
		{"a motion ballot with an unknown choice", mo(nil, daihoi.Ballot{Choice: "yes"})},
		{"a motion ballot with names", mo(nil, daihoi.Ballot{Choice: daihoi.For, Kept: []string{"c1"}})},
		{"a motion with both counts and ballots", mo(&daihoi.Counts{For: 1}, daihoi.Ballot{Choice: daihoi.For})},
		{"a negative count", mo(&daihoi.Counts{For: 5, Against: -1})},
		{"an unknown kind of poll", daihoi.TallyInput{Kind: "referendum", Settings: s, Base: 10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := daihoi.Tally(tt.in)
			if err == nil {
				t.Fatal("Tally accepted it")
			}
			if code := daihoi.ErrorCode(err); code != daihoi.EINVALID {
				t.Errorf("code %q, want %q: %v", code, daihoi.EINVALID, err)
			}
			if vi, en := daihoi.ErrorMessages(err); vi == "" || en == "" || vi == en {
				t.Errorf("the message should exist in Vietnamese and English: %q / %q", vi, en)
			}
		})
	}
}
