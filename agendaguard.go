package daihoi

import (
	"sort"
	"strconv"
	"strings"
)

// Leaving an agenda item (moving on, going back, jumping to another, ending or skipping it) while
// its business is unfinished. A vote still open holds the item: the hall would show the next item
// over the open vote, so the presidium closes the vote first. A vote never held, or speakers still
// waiting, is asked about once, naming them: the presidium may have decided to drop them.

// LeaveItem checks that the presidium may leave the agenda item id ("" for none). It refuses while
// a vote of the item is open; without confirmed, it asks about the item's votes never held and its
// speakers waiting, naming them.
func (s *State) LeaveItem(id string, confirmed bool) error {
	i := Agenda(s.Agenda).Index(id)
	if id == "" || i < 0 {
		return nil
	}
	title := s.Agenda[i].Title
	var drafts []Poll
	for _, p := range s.Polls {
		if p.AgendaItem != id {
			continue
		}
		switch p.State {
		case Open:
			if p.Kind == Motion {
				return Errorf(ECONFLICT, "Mục «%s» đang biểu quyết «%s»: hãy kết thúc biểu quyết trước khi rời mục.",
					"The item “%s” has the vote “%s” open: close the vote before leaving the item.", title, p.Title)
			}
			return Errorf(ECONFLICT, "Mục «%s» đang bỏ phiếu «%s»: hãy kết thúc bỏ phiếu trước khi rời mục.",
				"The item “%s” has the vote “%s” open: close the vote before leaving the item.", title, p.Title)
		case Draft:
			drafts = append(drafts, p)
		}
	}
	var waiting []Speaker
	for _, sp := range s.Speakers {
		if sp.Item == id && sp.waiting() {
			waiting = append(waiting, sp)
		}
	}
	if confirmed || (len(drafts) == 0 && len(waiting) == 0) {
		return nil
	}
	sort.Slice(drafts, func(i, j int) bool { return drafts[i].ID < drafts[j].ID })
	SortSpeakers(waiting)
	var vi, en []string
	for _, p := range drafts {
		vi = append(vi, "biểu quyết chưa tiến hành «"+p.Title+"»")
		en = append(en, "the vote “"+p.Title+"” never held")
	}
	if n := len(waiting); n > 0 {
		var names []string
		for _, sp := range waiting {
			names = append(names, sp.Name)
		}
		list := strings.Join(names, ", ")
		vi = append(vi, strconv.Itoa(n)+" đại biểu chờ phát biểu ("+list+")")
		if n == 1 {
			en = append(en, "1 speaker waiting ("+list+")")
		} else {
			en = append(en, strconv.Itoa(n)+" speakers waiting ("+list+")")
		}
	}
	return Errorf(ECONFLICT, "Mục «%[1]s» còn %[2]s. Vẫn rời mục?", "The item “%[1]s” still has %[3]s. Leave it anyway?",
		title, strings.Join(vi, "; "), strings.Join(en, "; "))
}
