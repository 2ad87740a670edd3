package daihoi_test

import (
	"testing"

	"github.com/daihoi/daihoi"
)

// Printing every card anew voids the cards already handed out, so it is allowed only before the
// first agenda item opens.
func TestPrintAllCards(t *testing.T) {
	opened := func(a daihoi.Agenda) daihoi.Agenda { out, _ := a.Next(at(0)); return out }
	rows := []struct {
		name    string
		agenda  daihoi.Agenda
		refused bool
	}{
		{"before the day, with nothing opened, all cards may be printed", agenda("a", "b", "c"), false},
		{"a congress without an agenda may print its cards", nil, false},
		{"once the first item is open, printing all cards is refused", opened(agenda("a", "b", "c")), true},
		{"an item opened and sent back still counts as begun", func() daihoi.Agenda { a, _ := opened(opened(agenda("a", "b"))).Back(at(1)); return a }(), true},
		{"an item skipped before anything opened counts as begun", func() daihoi.Agenda { a, _ := agenda("a", "b").Skip("a", at(0)); return a }(), true},
		{"an item finished counts as begun", func() daihoi.Agenda { a, _ := opened(agenda("a", "b")).Finish("a", at(5)); return a }(), true},
	}
	for _, r := range rows {
		err := r.agenda.PrintAllCards()
		if (err != nil) != r.refused {
			t.Errorf("%s: %v", r.name, err)
			continue
		}
		if err != nil && daihoi.ErrorCode(err) != daihoi.ECONFLICT {
			t.Errorf("%s: code %s, want conflict", r.name, daihoi.ErrorCode(err))
		}
		if err != nil {
			if vi, en := daihoi.ErrorMessages(err); vi == "" || en == "" {
				t.Errorf("%s: the refusal is not in both languages: %q / %q", r.name, vi, en)
			}
		}
	}
}
