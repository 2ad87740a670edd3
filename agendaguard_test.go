package daihoi_test

import (
	"strings"
	"testing"

	"github.com/daihoi/daihoi"
)

func TestLeaveItem(t *testing.T) {
	item := func(st *daihoi.State) *daihoi.State {
		st.Agenda = []daihoi.AgendaItem{{ID: "a1", Title: "Thông qua Quy chế làm việc", State: daihoi.Current}, {ID: "a2", Title: "Thảo luận", State: daihoi.Pending}}
		return st
	}
	poll := func(id, item string, mode daihoi.PollMode, state daihoi.PollState) daihoi.Poll {
		return daihoi.Poll{ID: id, AgendaItem: item, Kind: daihoi.Motion, Title: "Thông qua Quy chế làm việc của Đại hội", Mode: mode, State: state}
	}
	speaker := func(id, item, name, state string, pos int) daihoi.Speaker {
		return daihoi.Speaker{ID: id, Item: item, Name: name, State: state, Position: pos}
	}
	tests := []struct {
		name      string
		polls     []daihoi.Poll
		speakers  []daihoi.Speaker
		confirmed bool
		code      string
		vi, en    string
	}{
		{"an item whose votes are over and no one waiting is left without asking",
			[]daihoi.Poll{poll("p1", "a1", daihoi.Secret, daihoi.Published)}, []daihoi.Speaker{speaker("s1", "a1", "Lê Văn Tám", daihoi.Spoke, 0)}, false, "", "", ""},
		{"an item with a vote open is not left: the vote is closed first",
			[]daihoi.Poll{poll("p1", "a1", daihoi.Secret, daihoi.Open)}, nil, false, daihoi.ECONFLICT,
			"đang biểu quyết «Thông qua Quy chế làm việc của Đại hội»: hãy kết thúc biểu quyết trước khi rời mục", "close the vote before leaving the item"},
		{"not even when the presidium confirms",
			[]daihoi.Poll{poll("p1", "a1", daihoi.Hands, daihoi.Open)}, nil, true, daihoi.ECONFLICT, "hãy kết thúc biểu quyết", "close the vote"},
		{"an item whose vote was never held asks once, naming the vote",
			[]daihoi.Poll{poll("p1", "a1", daihoi.Hands, daihoi.Draft)}, nil, false, daihoi.ECONFLICT,
			"còn biểu quyết chưa tiến hành «Thông qua Quy chế làm việc của Đại hội». Vẫn rời mục?", "still has the vote “Thông qua Quy chế làm việc của Đại hội” never held. Leave it anyway?"},
		{"an item with speakers waiting asks once, naming them in the list's order",
			nil, []daihoi.Speaker{speaker("s2", "a1", "Trần Thị Hoa", daihoi.Approved, 1), speaker("s1", "a1", "Lê Văn Tám", daihoi.Requested, 0), speaker("s3", "a1", "Ngô Văn Nam", daihoi.Withdrawn, 2)},
			false, daihoi.ECONFLICT, "2 đại biểu chờ phát biểu (Lê Văn Tám, Trần Thị Hoa)", "2 speakers waiting (Lê Văn Tám, Trần Thị Hoa)"},
		{"asked and confirmed, the item is left with its vote never held and its speakers waiting",
			[]daihoi.Poll{poll("p1", "a1", daihoi.Hands, daihoi.Draft)}, []daihoi.Speaker{speaker("s1", "a1", "Lê Văn Tám", daihoi.Requested, 0)}, true, "", "", ""},
		{"the votes and speakers of another item do not hold this one",
			[]daihoi.Poll{poll("p1", "a2", daihoi.Secret, daihoi.Open)}, []daihoi.Speaker{speaker("s1", "a2", "Lê Văn Tám", daihoi.Requested, 0)}, false, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := item(hall(t, 10, 15))
			for _, p := range tt.polls {
				st.Polls[p.ID] = p
			}
			for _, sp := range tt.speakers {
				st.Speakers[sp.ID] = sp
			}
			err := st.LeaveItem("a1", tt.confirmed)
			wantRefusal(t, err, tt.code, tt.en)
			if err != nil {
				if vi, _ := daihoi.ErrorMessages(err); !strings.Contains(vi, tt.vi) || !strings.Contains(vi, "Thông qua Quy chế làm việc") {
					t.Errorf("Vietnamese message %q does not say %q", vi, tt.vi)
				}
			}
		})
	}
	if err := hall(t, 10, 15).LeaveItem("", false); err != nil {
		t.Errorf("with no item running, nothing is left: %v", err)
	}
}
