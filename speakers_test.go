package daihoi_test

import (
	"slices"
	"testing"

	"github.com/daihoi/daihoi"
)

// discussion is a congress whose agenda has an item over, one running, one to come and one skipped,
// with d1 waiting to speak on the running item and d2 speaking on it.
func discussion(t testing.TB) *daihoi.State {
	st := hall(t, 10, 15)
	st.Agenda = []daihoi.AgendaItem{
		{ID: "report", Title: "Báo cáo chính trị", State: daihoi.Done},
		{ID: "talk", Title: "Thảo luận", State: daihoi.Current},
		{ID: "vote", Title: "Bầu cử", State: daihoi.Pending},
		{ID: "greet", Title: "Phát biểu chào mừng", State: daihoi.Skipped},
	}
	st.Speakers["s1"] = daihoi.Speaker{ID: "s1", Item: "talk", Delegate: "d1", Kind: daihoi.OpenDiscussion, State: daihoi.Requested, Position: 0}
	st.Speakers["s2"] = daihoi.Speaker{ID: "s2", Item: "talk", Delegate: "d2", Kind: daihoi.OpenDiscussion, State: daihoi.Speaking, Position: 1}
	return st
}

func TestRegisterSpeaker(t *testing.T) {
	tests := []struct {
		name       string
		delegate   string
		in         daihoi.SpeakerRequest
		code, says string
		item       string
		position   int
	}{
		{"a delegate asks to speak on the item running, at the end of its list", "d3",
			daihoi.SpeakerRequest{Kind: daihoi.OpenDiscussion}, "", "", "talk", 2},
		{"a delegate may ask ahead for an item still to come", "d3",
			daihoi.SpeakerRequest{Item: "vote", Kind: daihoi.Prepared, Title: " Về nhân sự "}, "", "", "vote", 0},
		{"a prepared contribution has a title", "d3",
			daihoi.SpeakerRequest{Kind: daihoi.Prepared, Title: "  "}, daihoi.EINVALID, "needs a title", "", 0},
		{"a contribution is open or prepared", "d3",
			daihoi.SpeakerRequest{Kind: "song"}, daihoi.EINVALID, "Unknown kind of contribution \"song\"", "", 0},
		{"nobody asks to speak on an item that is over", "d3",
			daihoi.SpeakerRequest{Item: "report", Kind: daihoi.OpenDiscussion}, daihoi.ECONFLICT, "“Báo cáo chính trị” is over", "", 0},
		{"nobody asks to speak on a skipped item", "d3",
			daihoi.SpeakerRequest{Item: "greet", Kind: daihoi.OpenDiscussion}, daihoi.ECONFLICT, "was skipped", "", 0},
		{"nobody asks to speak on an item not on the agenda", "d3",
			daihoi.SpeakerRequest{Item: "zz", Kind: daihoi.OpenDiscussion}, daihoi.ENOTFOUND, "does not exist", "", 0},
		{"a delegate waits on one item's list once", "d1",
			daihoi.SpeakerRequest{Kind: daihoi.OpenDiscussion}, daihoi.ECONFLICT, "already registered", "", 0},
		{"a delegate who has spoken may ask again", "d2",
			daihoi.SpeakerRequest{Kind: daihoi.OpenDiscussion}, "", "", "talk", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := discussion(t)
			sp, err := st.RegisterSpeaker(st.Delegates[tt.delegate], tt.in, noon)
			wantRefusal(t, err, tt.code, tt.says)
			if err != nil {
				return
			}
			if sp.Item != tt.item || sp.Position != tt.position || sp.State != daihoi.Requested || sp.Delegate != tt.delegate || !sp.Requested.Equal(noon) {
				t.Errorf("registered %+v", sp)
			}
			if tt.in.Kind == daihoi.Prepared && sp.Title != "Về nhân sự" {
				t.Errorf("title %q", sp.Title)
			}
		})
	}
	st := discussion(t)
	st.Agenda[1].State = daihoi.Pending
	_, err := st.RegisterSpeaker(st.Delegates["d3"], daihoi.SpeakerRequest{Kind: daihoi.OpenDiscussion}, noon)
	wantRefusal(t, err, daihoi.EINVALID, "No agenda item is open")
}

func TestSpeakerActions(t *testing.T) {
	tests := []struct {
		name       string
		speaker    string
		action     string
		current    string // the item running, "" for none
		code, says string
		state      string
		ended      []string
	}{
		{"the presidium approves a waiting request", "s1", "approve", "talk", "", "", daihoi.Approved, nil},
		{"a request is approved once", "s2", "approve", "talk", daihoi.ECONFLICT, "Only a waiting registration", "", nil},
		{"a speaker called takes the floor, and whoever had it is done", "s1", "call", "talk", "", "", daihoi.Speaking, []string{"s2"}},
		{"a request made ahead is called once its item runs", "s1", "call", "vote", daihoi.ECONFLICT, "asked to speak on “Thảo luận”, not the item running", "", nil},
		{"nobody is called while no item runs", "s1", "call", "", daihoi.ECONFLICT, "not the item running", "", nil},
		{"a speaker who has the floor is not called again", "s2", "call", "talk", daihoi.ECONFLICT, "not waiting to speak", "", nil},
		{"the presidium ends a speaker's turn", "s2", "done", "talk", "", "", daihoi.Spoke, nil},
		{"only a speaker who has the floor is done", "s1", "done", "talk", daihoi.ECONFLICT, "not speaking", "", nil},
		{"the presidium's actions are approve, call and done", "s1", "silence", "talk", daihoi.ENOTFOUND, "Unknown action \"silence\"", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := discussion(t)
			for i := range st.Agenda {
				if st.Agenda[i].State == daihoi.Current {
					st.Agenda[i].State = daihoi.Pending
				}
				if st.Agenda[i].ID == tt.current {
					st.Agenda[i].State = daihoi.Current
				}
			}
			sp, _ := st.Speaker(tt.speaker)
			before := sp
			ended, err := sp.Act(tt.action, st.Agenda, st.Speakers, noon)
			wantRefusal(t, err, tt.code, tt.says)
			if err != nil {
				if sp != before {
					t.Errorf("a refused action changed the speaker: %+v", sp)
				}
				return
			}
			if sp.State != tt.state {
				t.Errorf("state %s, want %s", sp.State, tt.state)
			}
			var got []string
			for _, e := range ended {
				if e.State != daihoi.Spoke || !e.EndedAt.Equal(noon) {
					t.Errorf("ended %+v", e)
				}
				got = append(got, e.ID)
			}
			if !slices.Equal(got, tt.ended) {
				t.Errorf("ended %v, want %v", got, tt.ended)
			}
		})
	}
}

func TestWithdrawSpeaker(t *testing.T) {
	tests := []struct {
		name       string
		speaker    string
		by         daihoi.Role
		subject    string
		code, says string
	}{
		{"a delegate withdraws their own request", "s1", daihoi.DelegateRole, "d1", "", ""},
		{"a delegate does not withdraw another's request", "s1", daihoi.DelegateRole, "d2", daihoi.EFORBIDDEN, "not your registration"},
		{"the presidium withdraws any request", "s1", daihoi.Presidium, "pres", "", ""},
		{"what has been said is not withdrawn", "s2", daihoi.DelegateRole, "d2", daihoi.ECONFLICT, "Already spoken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sp, _ := discussion(t).Speaker(tt.speaker)
			err := sp.Withdraw(tt.by, tt.subject)
			wantRefusal(t, err, tt.code, tt.says)
			if err == nil && sp.State != daihoi.Withdrawn {
				t.Errorf("state %s", sp.State)
			}
		})
	}
}

func TestMoveSpeaker(t *testing.T) {
	st := discussion(t)
	st.Speakers["s3"] = daihoi.Speaker{ID: "s3", Item: "talk", Delegate: "d3", State: daihoi.Approved, Position: 2}
	st.Speakers["s4"] = daihoi.Speaker{ID: "s4", Item: "vote", Delegate: "d4", State: daihoi.Requested, Position: 0}
	changed, err := st.MoveSpeaker("s3", 0)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, sp := range changed {
		got[sp.ID] = sp.Position
	}
	if want := map[string]int{"s3": 0, "s1": 1, "s2": 2}; len(got) != 3 || got["s3"] != 0 || got["s1"] != 1 || got["s2"] != 2 {
		t.Errorf("moving the third speaker first renumbers the item's list: got %v, want %v", got, want)
	}
	_, err = st.MoveSpeaker("s3", 3)
	wantRefusal(t, err, daihoi.EINVALID, "Position 3 is outside the list")
	_, err = st.MoveSpeaker("zz", 0)
	wantRefusal(t, err, daihoi.ENOTFOUND, "not found")
}

// A data file written when a speaker who had spoken was "done" (as an agenda item is) is read as
// having spoken.
func TestASpeakerDoneInAnOlderFileHasSpoken(t *testing.T) {
	st := daihoi.NewState()
	if err := st.Load(daihoi.KSpeaker, "s1", []byte(`{"id":"s1","item":"i1","delegate":"d1","state":"done"}`)); err != nil {
		t.Fatal(err)
	}
	if got := st.Speakers["s1"].State; got != daihoi.Spoke {
		t.Fatalf("an older file's speaker reads %q, want %q", got, daihoi.Spoke)
	}
}
