package daihoi_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/daihoi/daihoi"
)

// A tablet ballot is written in one form only, so that the way it was filled in cannot mark it.
func TestTabletFormNormal(t *testing.T) {
	cands := []daihoi.Candidate{{ID: "c3", Name: "Lê Văn C"}, {ID: "c1", Name: "Nguyễn Văn A"}, {ID: "c2", Name: "Trần Thị B"}}
	motion := daihoi.Poll{Kind: daihoi.Motion}
	strikeOut := daihoi.Poll{Kind: daihoi.Election, Seats: 2, Candidates: cands}
	twoColumn := daihoi.Poll{Kind: daihoi.Election, Seats: 3, Candidates: cands}
	for _, tc := range []struct {
		rule string
		poll daihoi.Poll
		in   daihoi.BallotRequest
		want daihoi.Ballot
		err  string // the English message's words, when refused
	}{
		{"a motion's ballot is its choice", motion, daihoi.BallotRequest{Choice: daihoi.For}, daihoi.Ballot{Choice: daihoi.For}, ""},
		{"a motion's ballot without a choice is refused", motion, daihoi.BallotRequest{}, daihoi.Ballot{}, "no choice"},
		{"the names kept come in the list's order of ids, however they were tapped", strikeOut, daihoi.BallotRequest{Kept: []string{"c2", "c1"}}, daihoi.Ballot{Kept: []string{"c1", "c2"}}, ""},
		{"a strike-out ballot that keeps nobody is kept as nobody", strikeOut, daihoi.BallotRequest{Kept: []string{}}, daihoi.Ballot{Kept: []string{}}, ""},
		{"keeping more names than seats is refused, saying what to do", strikeOut, daihoi.BallotRequest{Kept: []string{"c1", "c2", "c3"}}, daihoi.Ballot{}, "strike out more names"},
		{"a strike-out ballot has no agree / disagree columns", strikeOut, daihoi.BallotRequest{Marks: map[string]daihoi.Mark{"c1": daihoi.Agree}}, daihoi.Ballot{}, "strike-out ballot"},
		{"a two-column ballot gets a mark for every name, none where none was made", twoColumn, daihoi.BallotRequest{Marks: map[string]daihoi.Mark{"c1": daihoi.Agree, "c3": daihoi.Disagree}},
			daihoi.Ballot{Marks: map[string]daihoi.Mark{"c1": daihoi.Agree, "c2": daihoi.NoMark, "c3": daihoi.Disagree}}, ""},
		{"a two-column ballot is not struck out", twoColumn, daihoi.BallotRequest{Kept: []string{"c1"}}, daihoi.Ballot{}, "mark agree or disagree"},
		{"a name not on the list is refused", strikeOut, daihoi.BallotRequest{Kept: []string{"c9"}}, daihoi.Ballot{}, "c9"},
	} {
		got, err := daihoi.NewTabletForm(tc.poll).Normal(tc.in)
		if tc.err != "" {
			if _, en := daihoi.ErrorMessages(err); err == nil || !strings.Contains(en, tc.err) {
				t.Errorf("%s: %v, want a refusal saying %q", tc.rule, err, tc.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %+v %v, want %+v", tc.rule, got, err, tc.want)
		}
	}
}
