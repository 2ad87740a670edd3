package daihoi_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/daihoi/daihoi"
)

// agenda builds a pending agenda of items with ids a, b, c, …: the first two in the preparatory
// session, the rest in the official one.
func agenda(ids ...string) daihoi.Agenda {
	var a daihoi.Agenda
	for i, id := range ids {
		ses := daihoi.OfficialSitting
		if i < 2 {
			ses = daihoi.PreparatorySitting
		}
		a = append(a, daihoi.AgendaItem{ID: id, Title: "Mục " + id, Sitting: ses, Minutes: 10, State: daihoi.Pending})
	}
	return a
}

var t0 = time.Date(2026, 12, 5, 7, 30, 0, 0, time.UTC)

func at(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }

// states returns the agenda as "id:state" words, for short comparisons.
func states(a daihoi.Agenda) string {
	var out []string
	for _, it := range a {
		out = append(out, it.ID+":"+string(it.State))
	}
	return strings.Join(out, " ")
}

func itemIDs(a daihoi.Agenda) string {
	var out []string
	for _, it := range a {
		out = append(out, it.ID)
	}
	return strings.Join(out, " ")
}

// must fails the test on an error: must(t)(a.Next(now)).
func must(t *testing.T) func(daihoi.Agenda, error) daihoi.Agenda {
	return func(a daihoi.Agenda, err error) daihoi.Agenda {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return a
	}
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want a %s error, got none", code)
	}
	if got := daihoi.ErrorCode(err); got != code {
		t.Fatalf("want a %s error, got %s: %v", code, got, err)
	}
	vi, en := daihoi.ErrorMessages(err)
	if vi == "" || en == "" {
		t.Fatalf("the error needs both messages: vi %q, en %q", vi, en)
	}
}

func TestAgendaNextWalksTheProgramme(t *testing.T) {
	a := agenda("a", "b", "c")
	if a.Current() != -1 {
		t.Fatalf("a new agenda has no current item, got %d", a.Current())
	}
	a1 := must(t)(a.Next(at(0)))
	if got := states(a1); got != "a:current b:pending c:pending" {
		t.Fatalf("first Next: %s", got)
	}
	if !a1[0].StartedAt.Equal(at(0)) {
		t.Fatalf("started at %v, want %v", a1[0].StartedAt, at(0))
	}
	if states(a) != "a:pending b:pending c:pending" {
		t.Fatalf("Next changed its receiver: %s", states(a))
	}
	a2 := must(t)(a1.Next(at(12)))
	if got := states(a2); got != "a:done b:current c:pending" {
		t.Fatalf("second Next: %s", got)
	}
	if !a2[0].EndedAt.Equal(at(12)) || !a2[1].StartedAt.Equal(at(12)) {
		t.Fatalf("the item left ends when the next starts: %+v", a2[:2])
	}
	a3 := must(t)(a2.Next(at(20)))
	if got := states(a3); got != "a:done b:done c:current" {
		t.Fatalf("third Next: %s", got)
	}
	_, err := a3.Next(at(30))
	wantCode(t, err, daihoi.ECONFLICT)
	if a3.Current() != 2 {
		t.Fatal("a refused Next keeps the current item")
	}
}

func TestAgendaNextPassesSkippedAndDoneItems(t *testing.T) {
	a := agenda("a", "b", "c", "d")
	a = must(t)(a.Skip("b", at(0)))
	a = must(t)(a.Finish("c", at(0)))
	a = must(t)(a.Next(at(1)))
	if got := states(a); got != "a:current b:skipped c:done d:pending" {
		t.Fatalf("Next from nothing: %s", got)
	}
	a = must(t)(a.Next(at(2)))
	if got := states(a); got != "a:done b:skipped c:done d:current" {
		t.Fatalf("Next passes skipped and done items: %s", got)
	}
}

func TestAgendaNextComesBackToAnInterruptedItem(t *testing.T) {
	// After going back, the interrupted item is pending again and Next returns to it.
	a := must(t)(agenda("a", "b", "c").Next(at(0)))
	a = must(t)(a.Next(at(5)))
	a = must(t)(a.Back(at(6)))
	if got := states(a); got != "a:current b:pending c:pending" {
		t.Fatalf("Back: %s", got)
	}
	if !a[1].EndedAt.IsZero() {
		t.Fatalf("an interrupted item has no end: %v", a[1].EndedAt)
	}
	a = must(t)(a.Next(at(8)))
	if got := states(a); got != "a:done b:current c:pending" {
		t.Fatalf("Next after Back: %s", got)
	}
	if !a[0].EndedAt.Equal(at(8)) || !a[1].StartedAt.Equal(at(8)) {
		t.Fatalf("times after Back and Next: %+v", a[:2])
	}
}

func TestAgendaNextWrapsToAnEarlierPendingItem(t *testing.T) {
	a := agenda("a", "b", "c")
	a = must(t)(a.Open("c", at(0)))
	a = must(t)(a.Next(at(3)))
	if got := states(a); got != "a:current b:pending c:done" {
		t.Fatalf("Next from the last item: %s", got)
	}
}

func TestAgendaBack(t *testing.T) {
	_, err := agenda("a", "b").Back(at(0))
	wantCode(t, err, daihoi.ECONFLICT) // nothing current
	a := must(t)(agenda("a", "b").Next(at(0)))
	_, err = a.Back(at(1))
	wantCode(t, err, daihoi.ECONFLICT) // the first item has nothing before it
	b := must(t)(a.Next(at(2)))
	c := must(t)(b.Back(at(3)))
	if states(b) != "a:done b:current" {
		t.Fatalf("Back changed its receiver: %s", states(b))
	}
	if states(c) != "a:current b:pending" || !c[0].StartedAt.Equal(at(3)) || !c[0].EndedAt.IsZero() {
		t.Fatalf("Back reopens the item before: %+v", c)
	}
}

func TestAgendaOpenJumps(t *testing.T) {
	a := must(t)(agenda("a", "b", "c", "d").Next(at(0)))
	b := must(t)(a.Open("c", at(4)))
	if got := states(b); got != "a:done b:pending c:current d:pending" {
		t.Fatalf("jump: %s", got)
	}
	if !b[0].EndedAt.Equal(at(4)) || !b[2].StartedAt.Equal(at(4)) {
		t.Fatalf("jump times: %+v", b)
	}
	// Opening the current item again changes nothing.
	c := must(t)(b.Open("c", at(9)))
	if !reflect.DeepEqual(b, c) {
		t.Fatalf("reopening the current item changed it: %+v", c)
	}
	// A skipped item can be reopened.
	d := must(t)(c.Skip("d", at(10)))
	d = must(t)(d.Open("d", at(11)))
	if got := states(d); got != "a:done b:pending c:done d:current" {
		t.Fatalf("reopen a skipped item: %s", got)
	}
	_, err := d.Open("zz", at(12))
	wantCode(t, err, daihoi.ENOTFOUND)
}

func TestAgendaFinish(t *testing.T) {
	a := must(t)(agenda("a", "b").Next(at(0)))
	b := must(t)(a.Finish("a", at(7)))
	if got := states(b); got != "a:done b:pending" {
		t.Fatalf("finish the current item: %s", got)
	}
	if b.Current() != -1 || !b[0].EndedAt.Equal(at(7)) || !b[0].StartedAt.Equal(at(0)) {
		t.Fatalf("finish times: %+v", b[0])
	}
	// Finishing an item never started gives it no duration.
	c := must(t)(b.Finish("b", at(8)))
	if !c[1].StartedAt.Equal(at(8)) || !c[1].EndedAt.Equal(at(8)) {
		t.Fatalf("finish a pending item: %+v", c[1])
	}
	// Finishing a done item again (a second click) keeps its real end.
	d := must(t)(c.Finish("a", at(30)))
	if !d[0].EndedAt.Equal(at(7)) {
		t.Fatalf("a second Finish moved the end of a done item to %v", d[0].EndedAt)
	}
	_, err := d.Finish("zz", at(31))
	wantCode(t, err, daihoi.ENOTFOUND)
}

func TestAgendaSkip(t *testing.T) {
	a := must(t)(agenda("a", "b", "c").Next(at(0)))
	b := must(t)(a.Skip("c", at(1)))
	if got := states(b); got != "a:current b:pending c:skipped" {
		t.Fatalf("skip a pending item: %s", got)
	}
	if !b[2].StartedAt.IsZero() || !b[2].EndedAt.IsZero() {
		t.Fatalf("a skipped item that never started has no times: %+v", b[2])
	}
	c := must(t)(b.Skip("a", at(2)))
	if got := states(c); got != "a:skipped b:pending c:skipped" {
		t.Fatalf("skip the current item: %s", got)
	}
	if !c[0].EndedAt.Equal(at(2)) {
		t.Fatalf("a current item skipped ends then: %+v", c[0])
	}
	d := must(t)(c.Finish("b", at(3)))
	_, err := d.Skip("b", at(4))
	wantCode(t, err, daihoi.ECONFLICT) // done items cannot be skipped
	_, err = d.Skip("zz", at(4))
	wantCode(t, err, daihoi.ENOTFOUND)
	// Skipping an item skipped already keeps its end.
	e := must(t)(d.Skip("a", at(20)))
	if !e[0].EndedAt.Equal(at(2)) {
		t.Fatalf("a second Skip moved the end to %v", e[0].EndedAt)
	}
}

func TestAgendaInsert(t *testing.T) {
	a := agenda("a", "b", "c")
	b := must(t)(a.Insert("a", daihoi.AgendaItem{ID: "x", Title: "Mới", Minutes: 5, State: daihoi.Done}))
	if got := itemIDs(b); got != "a x b c" {
		t.Fatalf("insert after a: %s", got)
	}
	if b[1].Sitting != daihoi.PreparatorySitting || b[1].State != daihoi.Pending {
		t.Fatalf("a new item takes the session of the item before it and is pending: %+v", b[1])
	}
	if itemIDs(a) != "a b c" {
		t.Fatalf("Insert changed its receiver: %s", itemIDs(a))
	}
	c := must(t)(b.Insert("c", daihoi.AgendaItem{ID: "y", Title: "Cuối"}))
	if got := itemIDs(c); got != "a x b c y" || c[4].Sitting != daihoi.OfficialSitting {
		t.Fatalf("insert at the end: %s %+v", got, c[4])
	}
	d := must(t)(c.Insert("", daihoi.AgendaItem{ID: "z", Title: "Đầu"}))
	if got := itemIDs(d); got != "z a x b c y" {
		t.Fatalf("insert first: %s", got)
	}
	if d[0].Sitting != daihoi.PreparatorySitting {
		t.Fatalf("an item put first takes the session of the first item: %+v", d[0])
	}
	e := must(t)(daihoi.Agenda(nil).Insert("", daihoi.AgendaItem{ID: "z", Title: "Đầu"}))
	if len(e) != 1 || e[0].Sitting != daihoi.OfficialSitting {
		t.Fatalf("insert into an empty agenda: %+v", e)
	}
	for _, bad := range []struct {
		after string
		it    daihoi.AgendaItem
		code  string
	}{
		{"a", daihoi.AgendaItem{ID: "n1", Title: ""}, daihoi.EINVALID},
		{"a", daihoi.AgendaItem{ID: "n2", Title: "t", Minutes: -1}, daihoi.EINVALID},
		{"a", daihoi.AgendaItem{ID: "n3", Title: "t", Minutes: 24*60 + 1}, daihoi.EINVALID},
		{"a", daihoi.AgendaItem{ID: "b", Title: "t"}, daihoi.ECONFLICT},
		{"zz", daihoi.AgendaItem{ID: "n4", Title: "t"}, daihoi.ENOTFOUND},
	} {
		out, err := a.Insert(bad.after, bad.it)
		wantCode(t, err, bad.code)
		if out != nil {
			t.Fatalf("a refused Insert returns no agenda: %+v", out)
		}
	}
}

func TestAgendaMove(t *testing.T) {
	a := agenda("a", "b", "c", "d")
	for _, tc := range []struct {
		id   string
		to   int
		want string
	}{
		{"a", 0, "a b c d"},
		{"a", 1, "b a c d"},
		{"a", 3, "b c d a"},
		{"d", 0, "d a b c"},
		{"c", 1, "a c b d"},
		{"b", 2, "a c b d"},
	} {
		got := must(t)(a.Move(tc.id, tc.to))
		if itemIDs(got) != tc.want {
			t.Errorf("Move(%s, %d) = %s, want %s", tc.id, tc.to, itemIDs(got), tc.want)
		}
		if itemIDs(a) != "a b c d" {
			t.Fatalf("Move changed its receiver: %s", itemIDs(a))
		}
	}
	_, err := a.Move("a", 4)
	wantCode(t, err, daihoi.EINVALID)
	_, err = a.Move("a", -1)
	wantCode(t, err, daihoi.EINVALID)
	_, err = a.Move("zz", 0)
	wantCode(t, err, daihoi.ENOTFOUND)
	// The current item keeps its state and times when it moves.
	b := must(t)(a.Next(at(0)))
	c := must(t)(b.Move("a", 2))
	if c.Index("a") != 2 || c[2].State != daihoi.Current || !c[2].StartedAt.Equal(at(0)) || c.Current() != 2 {
		t.Fatalf("move the current item: %+v", c)
	}
}

// Screens are sent only the items a change touched when the order and the set stay; a move or an
// insertion sends the whole agenda.
func TestAgendaChangedInPlace(t *testing.T) {
	a := must(t)(agenda("a", "b", "c", "d").Next(at(0)))
	b := must(t)(a.Next(at(12)))
	changed, inPlace := a.Changed(b)
	if !inPlace || itemIDs(changed) != "a b" || changed[0].State != daihoi.Done || changed[1].State != daihoi.Current || !changed[1].StartedAt.Equal(at(12)) {
		t.Fatalf("the next item: in place %v, changed %+v", inPlace, changed)
	}
	if changed, inPlace := b.Changed(b); !inPlace || changed == nil || len(changed) != 0 {
		t.Fatalf("no change: in place %v, changed %+v", inPlace, changed)
	}
	for what, other := range map[string]daihoi.Agenda{
		"a move":      must(t)(b.Move("d", 0)),
		"an insert":   must(t)(b.Insert("a", daihoi.AgendaItem{ID: "x", Title: "Mới"})),
		"a shorter":   b[:3],
		"another set": agenda("a", "b", "c", "x"),
	} {
		if _, inPlace := b.Changed(other); inPlace {
			t.Fatalf("%s is sent in place", what)
		}
	}
	// Every field of an item counts: a field added later and forgotten here fails this test.
	base := daihoi.AgendaItem{ID: "a", Sitting: daihoi.PreparatorySitting, Title: "Khai mạc", Kind: "ceremony", PlannedStart: "07:30", Minutes: 10, State: daihoi.Current, StartedAt: at(1), EndedAt: at(2)}
	v := reflect.ValueOf(&base).Elem()
	for i := range v.NumField() {
		other := base
		f := reflect.ValueOf(&other).Elem().Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString(f.String() + "!")
		case reflect.Int:
			f.SetInt(f.Int() + 1)
		default:
			f.Set(reflect.ValueOf(at(99)))
		}
		if changed, _ := (daihoi.Agenda{base}).Changed(daihoi.Agenda{other}); len(changed) != 1 && v.Type().Field(i).Name != "ID" {
			t.Fatalf("a change of %s is not seen", v.Type().Field(i).Name)
		}
	}
}
