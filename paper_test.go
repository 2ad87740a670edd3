package daihoi_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/daihoi/daihoi"
)

// paperPoll is a closed paper election of 3 seats over 5 names (c1…c5 in ballot order), keyed at n
// stations.
func paperPoll(n int) daihoi.Poll {
	rs, _ := daihoi.LookupRuleset("")
	return daihoi.Poll{ID: "p1", Kind: daihoi.Election, Title: "Bầu thử", Mode: daihoi.Secret, Paper: true, Stations: n,
		Ruleset: rs.Name, Settings: rs.Settings, Seats: 3, Candidates: list(5), State: daihoi.Closed, Base: 20, Present: 19}
}

func TestKeyingNotation(t *testing.T) {
	p := paperPoll(2)
	two := p
	two.Seats = 3
	two.Candidates = list(3)
	motion := daihoi.Poll{Kind: daihoi.Motion, Mode: daihoi.Secret, Paper: true, Stations: 2}
	cases := []struct {
		name string
		poll daihoi.Poll
		in   string
		want daihoi.Ballot
		text string // KeyedText of the result
	}{
		{"the names left standing by number", p, "1 4", daihoi.Ballot{Kept: []string{"c1", "c4"}}, "1 4"},
		{"numbers in any order, commas too", p, "4,1", daihoi.Ballot{Kept: []string{"c1", "c4"}}, "1 4"},
		{"0 is every name struck out", p, "0", daihoi.Ballot{Kept: []string{}}, "0"},
		{"a leading minus lists the names struck out", p, "-2 5", daihoi.Ballot{Kept: []string{"c1", "c3", "c4"}}, "1 3 4"},
		{"a flag by its letter, either case", p, "1 2 k", daihoi.Ballot{Kept: []string{"c1", "c2"}, Flags: []daihoi.Flag{daihoi.NotIssued}}, "1 2 K"},
		{"a flag alone", p, "D", daihoi.Ballot{Kept: []string{}, Flags: []daihoi.Flag{daihoi.IdentifyingMark}}, "0 D"},
		{"flags in the regulation's order", p, "3 D T", daihoi.Ballot{Kept: []string{"c3"}, Flags: []daihoi.Flag{daihoi.AddedName, daihoi.IdentifyingMark}}, "3 T D"},
		{"two columns: one digit per name", two, "120", daihoi.Ballot{Marks: map[string]daihoi.Mark{"c1": daihoi.Agree, "c2": daihoi.Disagree, "c3": daihoi.NoMark}}, "120"},
		{"two columns: spaces allowed, 3 is both", two, "3 1 1", daihoi.Ballot{Marks: map[string]daihoi.Mark{"c1": daihoi.Both, "c2": daihoi.Agree, "c3": daihoi.Agree}}, "311"},
		{"motion: 2 is against", motion, "2", daihoi.Ballot{Choice: daihoi.Against}, "2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := daihoi.ParseKeyed(c.poll, c.in)
			if err != nil {
				t.Fatalf("ParseKeyed(%q): %v", c.in, err)
			}
			if string(daihoi.CanonicalBallot(b)) != string(daihoi.CanonicalBallot(c.want)) {
				t.Fatalf("ParseKeyed(%q) = %+v, want %+v", c.in, b, c.want)
			}
			if got := daihoi.KeyedText(c.poll, b); got != c.text {
				t.Fatalf("KeyedText = %q, want %q", got, c.text)
			}
			again, err := daihoi.ParseKeyed(c.poll, c.text)
			if err != nil || string(daihoi.CanonicalBallot(again)) != string(daihoi.CanonicalBallot(b)) {
				t.Fatalf("KeyedText %q does not read back: %+v, %v", c.text, again, err)
			}
		})
	}
}

func TestKeyingNotationRefuses(t *testing.T) {
	p := paperPoll(2)
	two := p
	two.Candidates = list(3)
	motion := daihoi.Poll{Kind: daihoi.Motion, Mode: daihoi.Secret, Paper: true, Stations: 2}
	for _, c := range []struct {
		name string
		poll daihoi.Poll
		in   string
		want string
	}{
		{"an empty entry", p, "  ", "phiếu trống"},
		{"a name not on the ballot", p, "1 6", "không có tên số 6"},
		{"the same name twice", p, "2 2", "hai lần"},
		{"an unknown letter", p, "1 x", "không hiểu"},
		{"0 with other names", p, "0 3", "đứng một mình"},
		{"a minus after numbers", p, "1 -3", "đứng đầu"},
		{"two columns with a digit missing", two, "12", "đúng 3 chữ số"},
		{"two columns with a 4", two, "124", "chỉ dùng 0, 1, 2, 3"},
		{"abstain where the ruleset does not offer it", motion, "3", "Không biểu quyết"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := daihoi.ParseKeyed(c.poll, c.in)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("ParseKeyed(%q) = %v, want an error saying %q", c.in, err, c.want)
			}
		})
	}
}

// keyAll keys texts at one station of a batch, from position 1.
func keyAll(t *testing.T, b daihoi.PaperBatch, p daihoi.Poll, teller string, texts []string) (daihoi.PaperBatch, []daihoi.EntryRecord) {
	t.Helper()
	nb, recs, err := b.Enter(p, teller, 1, texts, time.Unix(0, 0))
	if err != nil {
		t.Fatalf("%s keys: %v", teller, err)
	}
	return nb, recs
}

func TestStationsAgreeBeforeTheCountIsFinal(t *testing.T) {
	p := paperPoll(3)
	rng := rand.New(rand.NewPCG(1, 2))
	truth := make([]string, 40)
	for i := range truth {
		var kept []string
		for j := 1; j <= 5; j++ {
			if rng.IntN(2) == 0 {
				kept = append(kept, fmt.Sprint(j))
			}
		}
		if len(kept) == 0 {
			kept = []string{"0"}
		}
		truth[i] = strings.Join(kept, " ")
	}
	b, err := daihoi.NewBatch(p.ID, 1, len(truth), "t1", time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	b, _ = keyAll(t, b, p, "t1", truth)
	if b.Complete(3) {
		t.Fatal("one station of three is not complete")
	}
	// The second station mistypes ballots 7 and 31; the third ballot 31 too, differently.
	second := slices.Clone(truth)
	second[6], second[30] = "1 2 3 4", "5 K"
	third := slices.Clone(truth)
	third[30] = "5"
	b, _ = keyAll(t, b, p, "t2", second)
	b, _ = keyAll(t, b, p, "t3", third)
	if !b.Complete(3) {
		t.Fatal("three stations have keyed every ballot: the batch is complete")
	}
	if _, _, err := b.Enter(p, "t4", 1, truth[:1], time.Unix(0, 0)); daihoi.ErrorCode(err) != daihoi.ECONFLICT {
		t.Fatalf("a fourth teller keys a batch of three stations: %v, want a conflict", err)
	}
	if got := b.Mismatches(); !slices.Equal(got, []int{7, 31}) {
		t.Fatalf("mismatches at %v, want exactly [7 31]", got)
	}
	p.PaperEntered, p.PaperCollected, p.PaperIssued = true, len(truth), len(truth)
	if _, err := daihoi.FinalPaper(p, []daihoi.PaperBatch{b}); err == nil || !strings.Contains(err.Error(), "2 phiếu nhập lệch") {
		t.Fatalf("FinalPaper with mismatches = %v, want it refused", err)
	}
	view := b.View(p, "t1", nil)
	if len(view.Compare) != 2 || view.Compare[1].Position != 31 || !slices.Equal(view.Compare[1].Entries, []string{truth[30], "5 K", "5"}) {
		t.Fatalf("comparison = %+v", view.Compare)
	}

	// The tellers look at the paper ballots and correct the wrong entries.
	b, recs7, err := b.Correct(p, "t1", "", 7, truth[6], time.Unix(1, 0))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs7) != 1 || recs7[0].Station != "t2" || recs7[0].Before != "1 2 3 4" || recs7[0].After != truth[6] || recs7[0].Kind != daihoi.EntryCorrected {
		t.Fatalf("correction of ballot 7 logged %+v", recs7)
	}
	b, recs31, err := b.Correct(p, "t3", "", 31, truth[30], time.Unix(2, 0))
	if err != nil || len(recs31) != 2 {
		t.Fatalf("correction of ballot 31 at two stations: %+v, %v", recs31, err)
	}
	got, err := daihoi.FinalPaper(p, []daihoi.PaperBatch{b})
	if err != nil {
		t.Fatalf("after the corrections: %v", err)
	}
	for i, bl := range got {
		if daihoi.KeyedText(p, bl) != truth[i] {
			t.Fatalf("ballot %d = %q, want %q", i+1, daihoi.KeyedText(p, bl), truth[i])
		}
	}
	if b.Logged != 3*len(truth)+3 {
		t.Fatalf("%d entry-log records, want %d (every entry and every correction)", b.Logged, 3*len(truth)+3)
	}
}

func TestFinalPaperNeedsTheFigures(t *testing.T) {
	p := paperPoll(2)
	b, _ := daihoi.NewBatch(p.ID, 1, 2, "t1", time.Unix(0, 0))
	b, _ = keyAll(t, b, p, "t1", []string{"1", "2"})
	b, _ = keyAll(t, b, p, "t2", []string{"1", "2"})
	for _, c := range []struct {
		name      string
		entered   bool
		collected int
		batches   []daihoi.PaperBatch
		want      string
	}{
		{"the paper figures are not entered", false, 2, []daihoi.PaperBatch{b}, "chưa nhập số phiếu giấy"},
		{"the batches hold fewer than were collected", true, 3, []daihoi.PaperBatch{b}, "khác số phiếu giấy thu vào (3)"},
		{"final", true, 2, []daihoi.PaperBatch{b}, ""},
		{"no paper ballot at all is final too", true, 0, nil, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			q := p
			q.PaperEntered, q.PaperIssued, q.PaperCollected = c.entered, c.collected, c.collected
			_, err := daihoi.FinalPaper(q, c.batches)
			if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
				t.Fatalf("FinalPaper = %v, want %q", err, c.want)
			}
		})
	}
}

func TestKeyingAgainBeforeTheComparisonIsAnEntry(t *testing.T) {
	p := paperPoll(2)
	b, _ := daihoi.NewBatch(p.ID, 1, 3, "t1", time.Unix(0, 0))
	b, _ = keyAll(t, b, p, "t1", []string{"1", "2"})
	b, recs, err := b.Enter(p, "t1", 2, []string{"2 3"}, time.Unix(0, 0))
	if err != nil || len(recs) != 1 || recs[0].Kind != daihoi.EntryKeyed || recs[0].Before != "2" || recs[0].After != "2 3" {
		t.Fatalf("re-keying ballot 2: %+v, %v", recs, err)
	}
	if _, _, err := b.Enter(p, "t1", 3, []string{"1", "2"}, time.Unix(0, 0)); err == nil {
		t.Fatal("keying past the end of the batch is refused")
	}
	if _, _, err := b.Correct(p, "t1", "", 1, "1", time.Unix(0, 0)); daihoi.ErrorCode(err) != daihoi.ECONFLICT {
		t.Fatalf("a correction before every station has keyed: %v, want a conflict", err)
	}
	if _, _, err := b.Resize(1, "t1", time.Unix(0, 0)); daihoi.ErrorCode(err) != daihoi.ECONFLICT {
		t.Fatalf("shrinking below what is keyed: %v, want a conflict", err)
	}
	b, recs, err = b.Resize(5, "t1", time.Unix(0, 0))
	if err != nil || b.Count != 5 || len(b.Entries[0]) != 5 || recs[0].Before != "3" || recs[0].After != "5" {
		t.Fatalf("resize to 5: %+v %+v %v", b, recs, err)
	}
}

func TestMinutesAndAnnouncement(t *testing.T) {
	p := paperPoll(2)
	p.Candidates = []daihoi.Candidate{{ID: "a", Name: "Nguyễn Văn An"}, {ID: "b", Name: "Trần Thị Bình"}, {ID: "c", Name: "Lê Văn Cường"}, {ID: "d", Name: "Phạm Thị Dung"}}
	p.Seats = 2
	p.PaperEntered, p.PaperIssued, p.PaperCollected = true, 19, 18
	var ballots []daihoi.Ballot
	for i := 0; i < 18; i++ {
		kept := []string{"a", "b"}
		if i%3 == 0 {
			kept = []string{"a", "c"}
		}
		if i == 17 {
			kept = []string{"a", "b", "c"} // over the seats
		}
		ballots = append(ballots, daihoi.Ballot{Kept: kept})
	}
	res, err := daihoi.Tally(p.TallyInput(ballots, nil))
	if err != nil {
		t.Fatal(err)
	}
	p.Result = &res
	p.Confirmations = []string{"t2", "t1"}
	m, err := daihoi.NewMinutes(daihoi.Congress{Title: "Đại hội thử"}, p, []daihoi.TellerInfo{{ID: "t1", Name: "Hà Văn Trưởng", Head: true}, {ID: "t2", Name: "Lê Thị Hai"}})
	if err != nil {
		t.Fatal(err)
	}
	if !m.Confirmed || m.Issued != 19 || m.Collected != 18 || m.Valid != 17 || m.Invalid != 1 || m.Absent != 1 {
		t.Fatalf("figures: %+v", m)
	}
	if m.Reasons[1].Key != daihoi.ReasonOverSeats || m.Reasons[1].N != 1 {
		t.Fatalf("invalid by reason: %+v", m.Reasons)
	}
	// Ballot order is by given name: An, Bình, Cường, Dung. An has 17 of a base of 20: 85,00 %.
	if m.Rows[0].Name != "Nguyễn Văn An" || m.Rows[0].Votes != 17 || m.Rows[0].Percent != "85,00" {
		t.Fatalf("row 1: %+v", m.Rows[0])
	}
	if len(m.Elected) != 2 || m.Elected[0].Name != "Nguyễn Văn An" || m.Elected[1].Name != "Trần Thị Bình" {
		t.Fatalf("elected: %+v", m.Elected)
	}
	text := strings.Join(m.Announcement(), "\n")
	for _, want := range []string{"Số phiếu phát ra: 19 phiếu; số phiếu thu vào: 18 phiếu", "1. Đồng chí Nguyễn Văn An: 17 phiếu, đạt 85,00%", "2 đồng chí có số phiếu bầu quá một nửa", "Ban Kiểm phiếu xin hết."} {
		if !strings.Contains(text, want) {
			t.Errorf("the announcement lacks %q:\n%s", want, text)
		}
	}
}

// The minutes count invalid ballots by the reasons that can occur on the poll's ballot: a motion
// only the tellers' flags; a strike-out ballot all five; a two-column ballot (no surplus) cannot
// keep more names than seats, and its "every name struck out" is every name marked Không đồng ý.
func TestInvalidReasonsFollowTheBallot(t *testing.T) {
	keys := func(p daihoi.Poll) string {
		var out []string
		for _, r := range p.InvalidReasons() {
			out = append(out, r.Key)
		}
		return strings.Join(out, " ")
	}
	strike := paperPoll(2)
	two := paperPoll(2)
	two.Candidates = list(3)
	motion := daihoi.Poll{Kind: daihoi.Motion, Mode: daihoi.Secret, Paper: true, Stations: 2}
	struckValid := paperPoll(2)
	struckValid.Settings.AllStruckInvalid = false
	one := paperPoll(2)
	one.Seats, one.Candidates = 1, list(1)
	for _, c := range []struct {
		name string
		poll daihoi.Poll
		want string
	}{
		{"strike-out", strike, "not_issued over_seats all_struck added_name identifying_mark"},
		{"two-column", two, "not_issued all_struck added_name identifying_mark"},
		{"motion", motion, "not_issued added_name identifying_mark"},
		{"a ruleset where striking out every name is valid", struckValid, "not_issued over_seats added_name identifying_mark"},
		{"a list of one name", one, "not_issued added_name identifying_mark"},
	} {
		if got := keys(c.poll); got != c.want {
			t.Errorf("%s: reasons %q, want %q", c.name, got, c.want)
		}
	}
	if r := two.InvalidReasons()[1]; r.Vi != "Phiếu đánh dấu Không đồng ý với tất cả ứng cử viên" {
		t.Errorf("two-column: all struck reads %q", r.Vi)
	}

	// Every name marked disagree, on a two-column ballot, is counted and printed under that reason.
	two.Seats, two.PaperEntered, two.PaperIssued, two.PaperCollected = 3, true, 2, 2
	disagree, agree := map[string]daihoi.Mark{}, map[string]daihoi.Mark{}
	for _, c := range two.Candidates {
		disagree[c.ID], agree[c.ID] = daihoi.Disagree, daihoi.Agree
	}
	res, err := daihoi.Tally(two.TallyInput([]daihoi.Ballot{{Marks: disagree}, {Marks: agree}}, nil))
	if err != nil {
		t.Fatal(err)
	}
	two.Result = &res
	m, err := daihoi.NewMinutes(daihoi.Congress{Title: "Đại hội thử"}, two, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Reasons) != 4 || m.Reasons[1].Key != daihoi.ReasonAllStruck || m.Reasons[1].N != 1 || m.Invalid != 1 {
		t.Errorf("minutes of the two-column poll: invalid %d, by reason %+v", m.Invalid, m.Reasons)
	}
}
