package daihoi_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/daihoi/daihoi"
)

// The keying screen shows what the server reads in a teller's text, as the teller types it.
func TestReadKeyed(t *testing.T) {
	p := paperPoll(2) // 3 seats, 5 names
	two := p
	two.Candidates = list(3)
	motion := daihoi.Poll{Kind: daihoi.Motion, Mode: daihoi.Secret, Paper: true, Stations: 2}
	abstain := motion
	abstain.Settings.AbstainOption = true
	cases := []struct {
		name string
		poll daihoi.Poll
		in   string
		want string // the entry as JSON
	}{
		{"the names left standing, by their number on the ballot", p, "5 3 1",
			`{"form":"strike_out","text":"1 3 5","kept":[1,3,5]}`},
		{"names struck out after a minus leave the others standing", p, "-2 5",
			`{"form":"strike_out","text":"1 3 4","kept":[1,3,4]}`},
		{"a ballot keeping more names than seats is invalid", p, "1 2 3 4",
			`{"form":"strike_out","text":"1 2 3 4","kept":[1,2,3,4],"invalid":"over_seats"}`},
		{"every name struck out on a list of several is invalid", p, "0",
			`{"form":"strike_out","text":"0","invalid":"all_struck"}`},
		{"a teller's flag makes it invalid, whatever it keeps", p, "1 d",
			`{"form":"strike_out","text":"1 D","kept":[1],"flags":["D"],"invalid":"identifying_mark"}`},
		{"a two-column ballot: one digit per name", two, "1 2 0",
			`{"form":"two_column","text":"120","marks":"120"}`},
		{"a two-column ballot marked against every name", two, "222",
			`{"form":"two_column","text":"222","marks":"222","invalid":"all_struck"}`},
		{"a motion: 1 is for", motion, "1",
			`{"form":"motion","text":"1","choice":"1"}`},
		{"a motion offering abstain: 3", abstain, "3",
			`{"form":"motion","text":"3","choice":"3"}`},
		{"a name the ballot does not have is refused, in both languages", p, "1 9",
			`{"error":{"code":"invalid","message":"phiếu chỉ có 5 tên: không có tên số 9","message_en":"the ballot has 5 names: there is no name 9"}}`},
		{"a two-column ballot needs a digit for every name", two, "12",
			`{"error":{"code":"invalid","message":"phiếu hai cột: gõ đúng 3 chữ số, mỗi tên một số (1 đồng ý, 2 không đồng ý, 3 cả hai, 0 không đánh dấu); đã gõ 2","message_en":"two-column ballot: type exactly 3 digits, one per name (1 agree, 2 disagree, 3 both, 0 none); 2 typed"}}`},
		{"a motion without abstain refuses 3", motion, "3",
			`{"error":{"code":"invalid","message":"biểu quyết này không có lựa chọn \"Không biểu quyết\" (3)","message_en":"this motion does not offer abstain (3)"}}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := json.Marshal(daihoi.ReadKeyed(c.poll, c.in))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != c.want {
				t.Errorf("ReadKeyed(%q)\n got %s\nwant %s", c.in, got, c.want)
			}
		})
	}
}

// The form of a ballot: two columns exactly when an election has no surplus.
func TestBallotForm(t *testing.T) {
	p := paperPoll(2)
	for _, c := range []struct {
		name  string
		kind  daihoi.PollKind
		names int
		want  daihoi.BallotForm
	}{
		{"an election with a surplus strikes names out", daihoi.Election, 5, daihoi.StrikeOutForm},
		{"an election with as many names as seats has two columns", daihoi.Election, 3, daihoi.TwoColumnForm},
		{"a motion", daihoi.Motion, 0, daihoi.MotionForm},
	} {
		p.Kind, p.Candidates = c.kind, list(c.names)
		if got := p.Form(); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// A poll's view says when its ballot has two columns, so that no screen computes the rule.
func TestPollViewSaysTwoColumns(t *testing.T) {
	p := paperPoll(2)
	for _, c := range []struct {
		names int
		want  bool
	}{{3, true}, {5, false}} {
		p.Candidates = list(c.names)
		b, err := json.Marshal(daihoi.PollView{Poll: p})
		if err != nil {
			t.Fatal(err)
		}
		if has := strings.Contains(string(b), `"two_column":true`); has != c.want {
			t.Errorf("%d names for 3 seats: two_column %v, want %v", c.names, has, c.want)
		}
	}
}
