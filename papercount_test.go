package daihoi_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/daihoi/daihoi"
)

func TestWhenTheCountMayChange(t *testing.T) {
	tests := []struct {
		name            string
		poll            func(p *daihoi.Poll)
		change, keying  string // the codes of CountMayChange and PaperCountOpen, "" for allowed
		changeSays, why string
	}{
		{"the tellers count paper ballots once the poll closes", nil, "", "", "", ""},
		{"and while they confirm it", func(p *daihoi.Poll) { p.State = daihoi.Counted }, "", "", "", ""},
		{"paper ballots are not counted while the vote is open", func(p *daihoi.Poll) { p.State = daihoi.Open },
			"", daihoi.ECONFLICT, "", "counted after the poll closes"},
		{"a published result no longer changes", func(p *daihoi.Poll) { p.State = daihoi.Published },
			daihoi.ECONFLICT, daihoi.ECONFLICT, "published", "counted after the poll closes"},
		{"a show of hands has no ballots to count", func(p *daihoi.Poll) { p.Mode, p.Kind = daihoi.Hands, daihoi.Motion },
			daihoi.EINVALID, "", "show of hands", ""},
		{"a poll on tablets only has no paper to key", func(p *daihoi.Poll) { p.Paper, p.Tablet = false, true },
			"", daihoi.EINVALID, "", "no paper ballots"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := paperPoll(2)
			if tt.poll != nil {
				tt.poll(&p)
			}
			wantRefusal(t, p.CountMayChange(), tt.change, tt.changeSays)
			wantRefusal(t, p.PaperCountOpen(), tt.keying, tt.why)
		})
	}
}

func TestEnterFigures(t *testing.T) {
	n := func(i int) *int { return &i }
	s := func(s string) *string { return &s }
	tests := []struct {
		name       string
		poll       func(p *daihoi.Poll)
		in         daihoi.FiguresRequest
		code, says string
		changed    bool
	}{
		{"the tellers enter the paper ballots issued and collected", nil,
			daihoi.FiguresRequest{PaperIssued: n(19), PaperCollected: n(18)}, "", "", true},
		{"the same figures again change nothing", func(p *daihoi.Poll) { p.PaperIssued, p.PaperCollected, p.PaperEntered = 19, 18, true },
			daihoi.FiguresRequest{PaperIssued: n(19), PaperCollected: n(18)}, "", "", false},
		{"a figure left out keeps its value", func(p *daihoi.Poll) { p.PaperIssued, p.PaperEntered = 19, true },
			daihoi.FiguresRequest{PaperCollected: n(17)}, "", "", true},
		{"a count is not final while more ballots are collected than issued", nil,
			daihoi.FiguresRequest{PaperIssued: n(10), PaperCollected: n(11)}, daihoi.EINVALID, "exceed those issued", false},
		{"no more ballots are issued than delegates present", nil,
			daihoi.FiguresRequest{PaperIssued: n(20), PaperCollected: n(18)}, daihoi.EINVALID, "exceed the delegates present", false},
		{"delegates who arrived after the opening and were issued a ballot count as present", func(p *daihoi.Poll) {
			p.Tablet, p.Issued, p.LateIssued, p.PaperTo, p.PaperIssued, p.PaperLate = true, 15, 1, seated(5), 5, 1
		}, daihoi.FiguresRequest{PaperIssued: n(6), PaperCollected: n(6)}, "", "", true},
		{"but not more than them", func(p *daihoi.Poll) {
			p.Tablet, p.Issued, p.LateIssued, p.PaperTo, p.PaperIssued, p.PaperLate = true, 15, 1, seated(5), 5, 1
		}, daihoi.FiguresRequest{PaperIssued: n(7), PaperCollected: n(6)}, daihoi.EINVALID, "exceed the delegates present (21)", false},
		{"no fewer paper ballots issued than the poll lists as handed to those without a tablet", func(p *daihoi.Poll) {
			p.Tablet, p.Issued, p.PaperTo, p.PaperIssued = true, 10, seated(4), 4
		}, daihoi.FiguresRequest{PaperIssued: n(3), PaperCollected: n(3)}, daihoi.EINVALID, "fewer than those recorded as handed", false},
		{"ballot figures are never negative", nil,
			daihoi.FiguresRequest{PaperIssued: n(-1)}, daihoi.EINVALID, "must not be negative", false},
		{"a poll on tablets only has no paper figures", func(p *daihoi.Poll) { p.Paper = false },
			daihoi.FiguresRequest{PaperIssued: n(1)}, daihoi.EINVALID, "no paper ballots", false},
		{"but its note explains a difference", func(p *daihoi.Poll) { p.Paper = false },
			daihoi.FiguresRequest{Note: s("  1 phiếu bị rách ")}, "", "", true},
		{"a note is at most 2000 characters", nil,
			daihoi.FiguresRequest{Note: s(strings.Repeat("ă", 2001))}, daihoi.EINVALID, "longer than 2000 characters", false},
		{"no figures before the poll opens", func(p *daihoi.Poll) { p.State = daihoi.Draft },
			daihoi.FiguresRequest{PaperIssued: n(1)}, daihoi.ECONFLICT, "not opened yet", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := paperPoll(2)
			if tt.poll != nil {
				tt.poll(&p)
			}
			before := p
			changed, err := p.EnterFigures(tt.in)
			wantRefusal(t, err, tt.code, tt.says)
			if err != nil {
				if p.PaperIssued != before.PaperIssued || p.PaperCollected != before.PaperCollected || p.PaperEntered != before.PaperEntered || p.CountNote != before.CountNote {
					t.Errorf("refused figures changed the poll")
				}
				return
			}
			if changed != tt.changed {
				t.Errorf("changed %v, want %v", changed, tt.changed)
			}
			if tt.in.PaperCollected != nil && (!p.PaperEntered || p.PaperCollected != *tt.in.PaperCollected) {
				t.Errorf("figures %d/%d entered %v", p.PaperIssued, p.PaperCollected, p.PaperEntered)
			}
			if tt.in.Note != nil && p.CountNote != strings.TrimSpace(*tt.in.Note) {
				t.Errorf("note %q", p.CountNote)
			}
		})
	}
}

func TestBatches(t *testing.T) {
	p := paperPoll(2)
	p.PaperIssued, p.PaperCollected, p.PaperEntered = 19, 18, true
	b1, err := p.NextBatch(nil, 10, "t1", noon)
	if err != nil || b1.Number != 1 || b1.Count != 10 {
		t.Fatalf("the first batch is number 1: %v %+v", err, b1)
	}
	b2, err := p.NextBatch([]daihoi.PaperBatch{b1}, 8, "t1", noon)
	if err != nil || b2.Number != 2 {
		t.Errorf("the next batch follows the highest number: %v %+v", err, b2)
	}
	_, err = p.NextBatch([]daihoi.PaperBatch{b1}, 9, "t1", noon)
	wantRefusal(t, err, daihoi.EINVALID, "The batches hold 10 ballots; 9 more would exceed the 18 paper ballots collected")
	p.PaperEntered = false
	if _, err := p.NextBatch([]daihoi.PaperBatch{b1}, 9, "t1", noon); err != nil {
		t.Errorf("before the figures are entered, batches are not held to them: %v", err)
	}
	p.State = daihoi.Open
	_, err = p.NextBatch(nil, 9, "t1", noon)
	wantRefusal(t, err, daihoi.ECONFLICT, "counted after the poll closes")

	if b, err := b1.Delete(); err != nil || b.Count != 0 {
		t.Errorf("a batch nothing is keyed in is deleted: %v %+v", err, b)
	}
	keyed, _, err := b1.Enter(paperPoll(2), "t1", 1, []string{"1 2 3"}, noon)
	if err != nil {
		t.Fatal(err)
	}
	_, err = keyed.Delete()
	wantRefusal(t, err, daihoi.ECONFLICT, "Batch 1 has ballots keyed: it cannot be deleted")

	st := daihoi.NewState()
	st.Batches[b1.Key()] = b1
	if b, err := st.Batch("p1", 1); err != nil || b.Number != 1 {
		t.Errorf("batch 1 of the poll: %v", err)
	}
	_, err = st.Batch("p1", 2)
	wantRefusal(t, err, daihoi.ENOTFOUND, "There is no batch 2")
	for _, s := range []string{"0", "-1", "x", ""} {
		_, err := daihoi.ParseBatchNumber(s)
		wantRefusal(t, err, daihoi.EINVALID, "is not valid")
	}
	if n, err := daihoi.ParseBatchNumber("12"); n != 12 || err != nil {
		t.Errorf("batch 12: %d %v", n, err)
	}
}

// seated lists n delegates present, as a poll lists those handed a paper ballot.
func seated(n int) []daihoi.Seated {
	out := make([]daihoi.Seated, n)
	for i := range out {
		out[i] = daihoi.Seated{ID: fmt.Sprintf("d%d", i+1), Number: i + 1}
	}
	return out
}
