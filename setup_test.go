package daihoi_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/daihoi/daihoi"
)

// prepared is a congress being prepared: 12 officials, an agenda of two items, a draft election
// of 3 seats with 4 candidates, and the accounts of one organiser and two tellers (one the head).
func prepared(t testing.TB) *daihoi.State {
	st := hall(t, 0, 12)
	st.Congress.ID, st.Congress.Title = "c", "Đại hội"
	st.Agenda = []daihoi.AgendaItem{
		{ID: "a1", Sitting: daihoi.OfficialSitting, Title: "Khai mạc", State: daihoi.Pending},
		{ID: "a2", Sitting: daihoi.OfficialSitting, Title: "Bầu Ban chấp hành", Kind: "election", State: daihoi.Pending},
	}
	p, err := st.SetupPoll("e1", daihoi.PollRequest{AgendaItem: "a2", Kind: daihoi.Election, Title: "Bầu Ban chấp hành", Tablet: true, Seats: 3,
		Candidates: []daihoi.CandidateRequest{{ID: "d1"}, {ID: "d2"}, {ID: "d3"}, {ID: "d4"}}})
	if err != nil {
		t.Fatal(err)
	}
	st.Polls[p.ID] = p
	st.Operators["o1"] = daihoi.Operator{ID: "o1", Name: "bantochuc", Role: daihoi.Organiser}
	st.Operators["t1"] = daihoi.Operator{ID: "t1", Name: "kp1", Role: daihoi.Teller, Head: true}
	st.Operators["t2"] = daihoi.Operator{ID: "t2", Name: "kp2", Role: daihoi.Teller}
	return st
}

// opened is prepared with the congress begun and the election open: its base fixed.
func opened(t testing.TB) *daihoi.State {
	st := prepared(t)
	st.Agenda[0].State, st.Agenda[0].StartedAt = daihoi.Done, noon
	st.Agenda[1].State, st.Agenda[1].StartedAt = daihoi.Current, noon
	p := st.Polls["e1"]
	p.State, p.Base, p.OpenedAt = daihoi.Open, 12, noon
	st.Polls["e1"] = p
	return st
}

func TestSetupCongress(t *testing.T) {
	base := daihoi.CongressRequest{Title: "Đại hội đại biểu Đảng bộ phường Bến Nghé", Type: daihoi.Representative, Ruleset: daihoi.DefaultRuleset, Date: "2026-12-08"}
	with := func(f func(*daihoi.CongressRequest)) daihoi.CongressRequest { r := base; f(&r); return r }
	tests := []struct {
		name       string
		st         func(testing.TB) *daihoi.State
		in         daihoi.CongressRequest
		code, says string
	}{
		{"the organisers name their congress and its date", prepared, base, "", ""},
		{"a congress with no title is refused", prepared, with(func(r *daihoi.CongressRequest) { r.Title = " " }), daihoi.EINVALID, "needs a title"},
		{"a date that is no date is refused", prepared, with(func(r *daihoi.CongressRequest) { r.Date = "8/12/2026" }), daihoi.EINVALID, "not a date"},
		{"the type must be representative or members", prepared, with(func(r *daihoi.CongressRequest) { r.Type = "" }), daihoi.EINVALID, "congress type"},
		{"a ruleset that does not exist is refused", prepared, with(func(r *daihoi.CongressRequest) { r.Ruleset = "khac" }), daihoi.EINVALID, "unknown ruleset"},
		{"before any vote the quorum may change", prepared, with(func(r *daihoi.CongressRequest) {
			r.Settings = map[string]json.RawMessage{"quorum": json.RawMessage(`"1/2"`)}
		}), "", ""},
		{"after the first item opens the title may still be corrected", opened, base, "", ""},
		{"once a poll has opened the quorum cannot change", opened, with(func(r *daihoi.CongressRequest) {
			r.Settings = map[string]json.RawMessage{"quorum": json.RawMessage(`"1/2"`)}
		}), daihoi.ECONFLICT, "has opened and counts by them"},
		{"once a poll has opened the congress type cannot change", opened, with(func(r *daihoi.CongressRequest) { r.Type = daihoi.MemberCongress }), daihoi.ECONFLICT, "Bầu Ban chấp hành"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := tc.st(t)
			before := st.Congress
			c, err := st.SetupCongress(tc.in)
			wantRefusal(t, err, tc.code, tc.says)
			if !equalCongress(st.Congress, before) {
				t.Error("the state changed: the domain only answers, the server writes")
			}
			if err == nil && (c.Title != strings.TrimSpace(tc.in.Title) || c.Type != tc.in.Type) {
				t.Errorf("got %+v", c)
			}
		})
	}
}

func equalCongress(a, b daihoi.Congress) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

func TestSetupDelegate(t *testing.T) {
	tests := []struct {
		name       string
		st         func(testing.TB) *daihoi.State
		in         daihoi.Delegate
		code, says string
		number     int
	}{
		{"a new delegate takes the next number", prepared, daihoi.Delegate{ID: "n1", Name: "  Phạm   Thị Hoa ", Category: daihoi.Official}, "", "", 13},
		{"a correction keeps the number", prepared, daihoi.Delegate{ID: "d5", Name: "Nguyễn Văn Năm", Unit: "Chi bộ 5", Category: daihoi.Official}, "", "", 5},
		{"a delegate needs a name", prepared, daihoi.Delegate{ID: "n1", Category: daihoi.Official}, daihoi.EINVALID, "name is needed", 0},
		{"a number is one person's", prepared, daihoi.Delegate{ID: "n1", Name: "Phạm Thị Hoa", Category: daihoi.Official, Number: 3}, daihoi.ECONFLICT, "Number 3", 0},
		{"a category must be one of the four", prepared, daihoi.Delegate{ID: "n1", Name: "Phạm Thị Hoa", Category: "vip"}, daihoi.EINVALID, "category", 0},
		{"a person left out of the base has a reason the regulation names", prepared, daihoi.Delegate{ID: "d5", Name: "X", Category: daihoi.Official, Exclusion: daihoi.Suspended}, "", "", 5},
		{"an unknown reason for leaving out is refused", prepared, daihoi.Delegate{ID: "d5", Name: "X", Category: daihoi.Official, Exclusion: "sick"}, daihoi.EINVALID, "Unknown reason", 0},
		{"an alternate replaces an official on the roll", prepared, daihoi.Delegate{ID: "n1", Name: "Dự khuyết", Category: daihoi.Alternate, Replaces: "d2"}, "", "", 13},
		{"only an alternate replaces anyone", prepared, daihoi.Delegate{ID: "n1", Name: "Khách", Category: daihoi.Guest, Replaces: "d2"}, daihoi.EINVALID, "Only an alternate", 0},
		{"the person replaced must be on the roll", prepared, daihoi.Delegate{ID: "n1", Name: "Dự khuyết", Category: daihoi.Alternate, Replaces: "zz"}, daihoi.EINVALID, "on the roll", 0},
		{"after the base is fixed a guest may still be added", opened, daihoi.Delegate{ID: "n1", Name: "Khách mời", Category: daihoi.Guest}, "", "", 13},
		{"after the base is fixed a name may still be corrected", opened, daihoi.Delegate{ID: "d5", Name: "Nguyễn Văn Năm", Category: daihoi.Official}, "", "", 5},
		{"after the base is fixed no delegate is added", opened, daihoi.Delegate{ID: "n1", Name: "Phạm Thị Hoa", Category: daihoi.Official}, daihoi.ECONFLICT, "base was fixed", 0},
		{"after the base is fixed nobody is left out of it", opened, daihoi.Delegate{ID: "d5", Name: "X", Category: daihoi.Official, Exclusion: daihoi.Detained}, daihoi.ECONFLICT, "base was fixed", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := tc.st(t)
			n := len(st.Delegates)
			d, err := st.SetupDelegate(tc.in)
			wantRefusal(t, err, tc.code, tc.says)
			if len(st.Delegates) != n {
				t.Error("the state changed")
			}
			if err == nil && d.Number != tc.number {
				t.Errorf("number %d, want %d", d.Number, tc.number)
			}
			if err == nil && strings.Contains(d.Name, "  ") {
				t.Errorf("name %q kept its extra spaces", d.Name)
			}
		})
	}
}

func TestSetupDelegateKeepsTheDoorsRecord(t *testing.T) {
	st := prepared(t)
	d := st.Delegates["d5"]
	d.Presence, d.Reason = daihoi.AbsentWithReason, "ốm"
	st.Delegates["d5"] = d
	got, err := st.SetupDelegate(daihoi.Delegate{ID: "d5", Name: "Nguyễn Văn Năm", Category: daihoi.Official})
	if err != nil || got.Presence != daihoi.AbsentWithReason || got.Reason != "ốm" {
		t.Fatalf("got %+v, %v: a correction of the name must keep the door's record", got, err)
	}
}

func TestSetupPoll(t *testing.T) {
	four := []daihoi.CandidateRequest{{ID: "d1"}, {ID: "d2"}, {ID: "d3"}, {ID: "d4"}}
	election := func(seats int, c []daihoi.CandidateRequest) daihoi.PollRequest {
		return daihoi.PollRequest{Kind: daihoi.Election, Title: "Bầu Ban chấp hành", Tablet: true, Seats: seats, Candidates: c}
	}
	tests := []struct {
		name       string
		st         func(testing.TB) *daihoi.State
		id         string
		in         daihoi.PollRequest
		code, says string
	}{
		{"candidates ticked in the roll make a draft", prepared, "e2", election(3, four), "", ""},
		{"a draft may be redrafted with another name ticked", prepared, "e1", election(3, append(four, daihoi.CandidateRequest{ID: "d5"})), "", ""},
		{"a name ticked twice is refused", prepared, "e2", election(3, append(four, daihoi.CandidateRequest{ID: "d1"})), daihoi.EINVALID, "on the list twice"},
		{"a candidate not on the roll is refused", prepared, "e2", election(3, append(four, daihoi.CandidateRequest{ID: "zz"})), daihoi.ENOTFOUND, "not on the roll"},
		{"a motion has no candidates", prepared, "m2", daihoi.PollRequest{Kind: daihoi.Motion, Title: "Thông qua", Mode: daihoi.Hands, Candidates: four}, daihoi.EINVALID, "no candidates"},
		{"the candidates of an opened poll cannot change", opened, "e1", election(3, four[:3]), daihoi.ECONFLICT, "has opened"},
		{"the seats of an opened poll cannot change", opened, "e1", election(2, four), daihoi.ECONFLICT, "has opened"},
		{"after the first item opens a new draft may still be prepared", opened, "e2", election(3, four), "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := tc.st(t)
			before := st.Polls["e1"]
			p, err := st.SetupPoll(tc.id, tc.in)
			wantRefusal(t, err, tc.code, tc.says)
			if after := st.Polls["e1"]; len(after.Candidates) != len(before.Candidates) || after.Seats != before.Seats {
				t.Error("the state changed")
			}
			if err == nil && (p.ID != tc.id || p.State != daihoi.Draft) {
				t.Errorf("got %+v", p)
			}
		})
	}
}

func TestSetupRemovePoll(t *testing.T) {
	if _, err := prepared(t).RemovePoll("e1"); err != nil {
		t.Errorf("a draft may be removed: %v", err)
	}
	_, err := opened(t).RemovePoll("e1")
	wantRefusal(t, err, daihoi.ECONFLICT, "has opened")
}

func TestSetupAgenda(t *testing.T) {
	item := daihoi.AgendaItemRequest{Title: "Bế mạc", PlannedStart: "16:30", Minutes: 15, Kind: "ceremony"}
	with := func(f func(*daihoi.AgendaItemRequest)) daihoi.AgendaItemRequest { r := item; f(&r); return r }
	titles := func(a daihoi.Agenda) string {
		var s []string
		for _, it := range a {
			s = append(s, it.Title)
		}
		return strings.Join(s, ", ")
	}
	tests := []struct {
		name       string
		st         func(testing.TB) *daihoi.State
		do         func(st *daihoi.State) (daihoi.Agenda, error)
		code, says string
		want       string
	}{
		{"a new item goes at the end", prepared, func(st *daihoi.State) (daihoi.Agenda, error) {
			return st.SetupAddItem("a3", with(func(r *daihoi.AgendaItemRequest) { r.After = "end" }))
		}, "", "", "Khai mạc, Bầu Ban chấp hành, Bế mạc"},
		{"a new item goes after the one chosen", prepared, func(st *daihoi.State) (daihoi.Agenda, error) {
			return st.SetupAddItem("a3", with(func(r *daihoi.AgendaItemRequest) { r.After = "a1" }))
		}, "", "", "Khai mạc, Bế mạc, Bầu Ban chấp hành"},
		{"a printed time is HH:MM", prepared, func(st *daihoi.State) (daihoi.Agenda, error) {
			return st.SetupAddItem("a3", with(func(r *daihoi.AgendaItemRequest) { r.PlannedStart = "4 giờ" }))
		}, daihoi.EINVALID, "not HH:MM", ""},
		{"an item needs a title", prepared, func(st *daihoi.State) (daihoi.Agenda, error) {
			return st.SetupAddItem("a3", with(func(r *daihoi.AgendaItemRequest) { r.Title = "" }))
		}, daihoi.EINVALID, "no title", ""},
		{"an edit changes the title and keeps the place", prepared, func(st *daihoi.State) (daihoi.Agenda, error) {
			return st.SetupEditItem("a1", with(func(r *daihoi.AgendaItemRequest) { r.Title = "Khai mạc đại hội" }))
		}, "", "", "Khai mạc đại hội, Bầu Ban chấp hành"},
		{"an edit of an item under way keeps its progress", opened, func(st *daihoi.State) (daihoi.Agenda, error) {
			a, err := st.SetupEditItem("a2", with(func(r *daihoi.AgendaItemRequest) { r.Title = "Bầu BCH" }))
			if err == nil && a[1].State != daihoi.Current {
				t.Errorf("state %q after an edit", a[1].State)
			}
			return a, err
		}, "", "", "Khai mạc, Bầu BCH"},
		{"an item not yet begun may be removed", func(t testing.TB) *daihoi.State { st := prepared(t); delete(st.Polls, "e1"); return st },
			func(st *daihoi.State) (daihoi.Agenda, error) { return st.SetupRemoveItem("a2") }, "", "", "Khai mạc"},
		{"an item a poll belongs to is not removed", prepared, func(st *daihoi.State) (daihoi.Agenda, error) { return st.SetupRemoveItem("a2") }, daihoi.ECONFLICT, "belongs to this item", ""},
		{"an item a delegate has asked to speak on is not removed", func(t testing.TB) *daihoi.State {
			st := prepared(t)
			st.Speakers["s1"] = daihoi.Speaker{ID: "s1", Item: "a1", Name: "Nguyễn Văn An", State: daihoi.Requested}
			return st
		}, func(st *daihoi.State) (daihoi.Agenda, error) { return st.SetupRemoveItem("a1") }, daihoi.ECONFLICT, "asked to speak", ""},
		{"an item that has taken place is not removed", opened, func(st *daihoi.State) (daihoi.Agenda, error) { return st.SetupRemoveItem("a1") }, daihoi.ECONFLICT, "taken place", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := tc.st(t)
			before := titles(st.Agenda)
			a, err := tc.do(st)
			wantRefusal(t, err, tc.code, tc.says)
			if titles(st.Agenda) != before {
				t.Error("the state changed")
			}
			if err == nil && titles(a) != tc.want {
				t.Errorf("agenda %q, want %q", titles(a), tc.want)
			}
		})
	}
}

func TestSetupOperator(t *testing.T) {
	tests := []struct {
		name       string
		id         string
		in         daihoi.OperatorRequest
		code, says string
		cleared    int
	}{
		{"a teller's account is created", "t3", daihoi.OperatorRequest{Name: "kp3", FullName: "Lê Thị Ba", Role: daihoi.Teller}, "", "", 0},
		{"a new head of the tellers takes over from the old", "t3", daihoi.OperatorRequest{Name: "kp3", Role: daihoi.Teller, Head: true}, "", "", 1},
		{"a renamed account keeps its id", "t2", daihoi.OperatorRequest{Name: "kiemphieu2", FullName: "Trần Văn Hai", Role: daihoi.Teller}, "", "", 0},
		{"a sign-in name is one account's", "t3", daihoi.OperatorRequest{Name: "KP1", Role: daihoi.Teller}, daihoi.ECONFLICT, "is taken", 0},
		{"a sign-in name has no spaces", "t3", daihoi.OperatorRequest{Name: "kiem phieu", Role: daihoi.Teller}, daihoi.EINVALID, "no spaces", 0},
		{"an account has a role", "t3", daihoi.OperatorRequest{Name: "kp3"}, daihoi.EINVALID, "role", 0},
		{"only a teller heads the tellers", "t3", daihoi.OperatorRequest{Name: "kp3", Role: daihoi.Presidium, Head: true}, daihoi.EINVALID, "Only a teller", 0},
		{"the only organiser keeps the role", "o1", daihoi.OperatorRequest{Name: "bantochuc", Role: daihoi.Presidium}, daihoi.ECONFLICT, "only organiser", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := prepared(t)
			o, cleared, err := st.SetupOperator(tc.id, tc.in)
			wantRefusal(t, err, tc.code, tc.says)
			if err == nil && (o.ID != tc.id || len(cleared) != tc.cleared) {
				t.Errorf("got %+v, %d heads cleared", o, len(cleared))
			}
			if !st.Operators["t1"].Head {
				t.Error("the state changed")
			}
		})
	}
}

func TestBegun(t *testing.T) {
	if prepared(t).Begun() {
		t.Error("a congress whose items are all pending has not begun")
	}
	if !opened(t).Begun() {
		t.Error("a congress whose first item opened has begun")
	}
}

func TestDraftsFollowTheCongressSettings(t *testing.T) {
	st := prepared(t)
	own := st.Polls["e1"]
	own.ID, own.Settings.SmallBodyMaxExtra = "e2", 2
	st.Polls["e2"] = own
	c, err := st.SetupCongress(daihoi.CongressRequest{Title: "Đại hội", Type: daihoi.Representative, Ruleset: daihoi.DefaultRuleset,
		Settings: map[string]json.RawMessage{"surplus_max": json.RawMessage(`"20%"`)}})
	if err != nil {
		t.Fatal(err)
	}
	got := st.DraftsFollowing(c)
	if len(got) != 1 || got[0].ID != "e1" || got[0].Settings != c.Settings {
		t.Errorf("a draft prepared under the congress's settings follows them; one with its own keeps them: got %+v", got)
	}
}
