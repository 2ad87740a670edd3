package daihoi

import "time"

// Agenda is the programme in order. Its methods return a changed copy and leave the receiver as it
// was, so a change that fails to be stored changes nothing.
type Agenda []AgendaItem

func (a Agenda) clone() Agenda { return append(Agenda(nil), a...) }

func (a Agenda) index(id string) int {
	for i, it := range a {
		if it.ID == id {
			return i
		}
	}
	return -1
}

// Current returns the index of the item being dealt with, or -1.
func (a Agenda) Current() int {
	for i, it := range a {
		if it.State == Current {
			return i
		}
	}
	return -1
}

func errNoItem(id string) error {
	return Errorf(ENOTFOUND, "không có mục %q trong chương trình", "agenda item %q is not on the agenda", id)
}

// Open makes an item the current one (jumping, going back, or reopening a skipped item). The item
// that was current is marked done when it had started.
func (a Agenda) Open(id string, now time.Time) (Agenda, error) {
	i := a.index(id)
	if i < 0 {
		return nil, errNoItem(id)
	}
	out := a.clone()
	if c := out.Current(); c >= 0 {
		if c == i {
			return out, nil
		}
		out[c].State = Done
		out[c].EndedAt = now
	}
	out[i].State = Current
	out[i].StartedAt = now
	out[i].EndedAt = time.Time{}
	return out, nil
}

// Next closes the current item and opens the first pending item after it (or, with nothing
// current, the first pending item of the agenda).
func (a Agenda) Next(now time.Time) (Agenda, error) {
	from := a.Current() + 1
	for i := from; i < len(a); i++ {
		if a[i].State == Pending {
			return a.Open(a[i].ID, now)
		}
	}
	for i := 0; i < from && i < len(a); i++ {
		if a[i].State == Pending {
			return a.Open(a[i].ID, now)
		}
	}
	return nil, Errorf(ECONFLICT, "không còn mục nào chưa thực hiện trong chương trình", "no pending item is left on the agenda")
}

// Back reopens the item before the current one.
func (a Agenda) Back(now time.Time) (Agenda, error) {
	c := a.Current()
	if c <= 0 {
		return nil, Errorf(ECONFLICT, "không có mục trước để quay lại", "there is no earlier item to go back to")
	}
	out, err := a.Open(a[c-1].ID, now)
	if err != nil {
		return nil, err
	}
	out[c].State = Pending // the item we left was interrupted, not finished
	out[c].EndedAt = time.Time{}
	return out, nil
}

// Finish marks an item done.
func (a Agenda) Finish(id string, now time.Time) (Agenda, error) {
	i := a.index(id)
	if i < 0 {
		return nil, errNoItem(id)
	}
	out := a.clone()
	if out[i].State == Done {
		return out, nil // a second click keeps the real end
	}
	if out[i].StartedAt.IsZero() {
		out[i].StartedAt = now
	}
	out[i].State = Done
	out[i].EndedAt = now
	return out, nil
}

// Skip marks a pending or current item skipped.
func (a Agenda) Skip(id string, now time.Time) (Agenda, error) {
	i := a.index(id)
	if i < 0 {
		return nil, errNoItem(id)
	}
	if a[i].State == Done {
		return nil, Errorf(ECONFLICT, "mục này đã thực hiện xong, không bỏ qua được", "this item is done and cannot be skipped")
	}
	out := a.clone()
	if out[i].State == Skipped {
		return out, nil
	}
	out[i].State = Skipped
	if !out[i].StartedAt.IsZero() {
		out[i].EndedAt = now
	}
	return out, nil
}

// Insert adds a pending item after the item `after` ("" puts it first).
func (a Agenda) Insert(after string, it AgendaItem) (Agenda, error) {
	if it.Title == "" {
		return nil, Errorf(EINVALID, "mục mới cần có tên", "a new item needs a title")
	}
	if err := CheckLength(it.Title, MaxTitle, "Tên mục", "The item's title"); err != nil {
		return nil, err
	}
	if it.Minutes < 0 || it.Minutes > 24*60 {
		return nil, Errorf(EINVALID, "thời lượng phải từ 0 đến 1440 phút", "the duration must be 0 to 1440 minutes")
	}
	if a.index(it.ID) >= 0 {
		return nil, Errorf(ECONFLICT, "mã mục %q đã có", "agenda item id %q exists already", it.ID)
	}
	pos := 0
	if after != "" {
		i := a.index(after)
		if i < 0 {
			return nil, errNoItem(after)
		}
		pos = i + 1
		if it.Sitting == "" {
			it.Sitting = a[i].Sitting
		}
	}
	if it.Sitting == "" && after == "" && len(a) > 0 {
		it.Sitting = a[0].Sitting // put first: the session of the item it comes before
	}
	if it.Sitting == "" {
		it.Sitting = OfficialSitting
	}
	it.State = Pending
	out := make(Agenda, 0, len(a)+1)
	out = append(out, a[:pos]...)
	out = append(out, it)
	return append(out, a[pos:]...), nil
}

// Move puts an item at position to (0-based).
func (a Agenda) Move(id string, to int) (Agenda, error) {
	i := a.index(id)
	if i < 0 {
		return nil, errNoItem(id)
	}
	if to < 0 || to >= len(a) {
		return nil, Errorf(EINVALID, "vị trí %d nằm ngoài chương trình (0–%d)", "position %d is outside the agenda (0–%d)", to, len(a)-1)
	}
	out := a.clone()
	it := out[i]
	out = append(out[:i], out[i+1:]...)
	out = append(out[:to], append(Agenda{it}, out[to:]...)...)
	return out, nil
}

// Index returns the position of an item, or -1.
func (a Agenda) Index(id string) int { return a.index(id) }

// Changed compares the agenda after a change, b, with a, the agenda before it. When b holds the same
// items in the same order, inPlace is true and changed lists the items of b that differ from a's:
// a screen that has a puts them in place, and is not sent the whole agenda again. Opening the next
// item changes two items of a dozen; ten thousand screens are then sent a few hundred bytes each
// instead of the whole agenda.
func (a Agenda) Changed(b Agenda) (changed []AgendaItem, inPlace bool) {
	if len(a) != len(b) {
		return nil, false
	}
	for i := range a {
		if a[i].ID != b[i].ID {
			return nil, false
		}
	}
	changed = []AgendaItem{}
	for i := range a {
		if !a[i].same(b[i]) {
			changed = append(changed, b[i])
		}
	}
	return changed, true
}

func (it AgendaItem) same(o AgendaItem) bool {
	return it.ID == o.ID && it.Sitting == o.Sitting && it.Title == o.Title && it.Kind == o.Kind &&
		it.PlannedStart == o.PlannedStart && it.Minutes == o.Minutes && it.State == o.State &&
		it.StartedAt.Equal(o.StartedAt) && it.EndedAt.Equal(o.EndedAt)
}
