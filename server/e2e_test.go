package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
	"github.com/daihoi/daihoi/internal/testserver"
	"github.com/daihoi/daihoi/store"
)

func TestEveryRoleSignsIn(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	for _, a := range h.Demo.Accounts {
		c := h.Login(a.Operator.Name)
		snap := testserver.Must(c.State(ctx))
		if snap.Me.Role != a.Operator.Role {
			t.Errorf("%s signed in as %s, want %s", a.Operator.Name, snap.Me.Role, a.Operator.Role)
		}
		if snap.Congress.Title != h.Demo.Congress.Title {
			t.Errorf("%s sees the congress %q", a.Operator.Name, snap.Congress.Title)
		}
	}
	d := h.Demo.Roll[0]
	snap := testserver.Must(h.Tablet(d).State(ctx))
	if snap.Me.Role != daihoi.DelegateRole || snap.Delegate == nil || snap.Delegate.Name != d.Name {
		t.Fatalf("card sign-in gives %+v", snap.Me)
	}
	if snap.Roll != nil {
		t.Error("a delegate's snapshot carries the whole roll")
	}
}

func TestWrongPasswordAndUnknownCardAreRefused(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	_, err := client.New(h.URL()).Login(ctx, "dct1", "wrong-password")
	testserver.WantStatus(t, "wrong password", err, http.StatusUnauthorized)
	testserver.WantBothSay(t, err, "mật khẩu", "password")
	err = client.New(h.URL()).SignInCard(ctx, "0000000000000000000000")
	testserver.WantStatus(t, "unknown card", err, http.StatusNotFound)
	_, err = client.New(h.URL()).State(ctx)
	testserver.WantStatus(t, "no session", err, http.StatusUnauthorized)
}

func TestDelegateIsRefusedOnPresidiumAndTellerEndpoints(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	tab := h.Tablet(h.Demo.Roll[20])
	poll := h.Demo.Polls[1].ID
	for _, path := range []string{"/api/agenda/next", "/api/polls/" + poll + "/open", "/api/polls/" + poll + "/close",
		"/api/polls/" + poll + "/confirm", "/api/polls/" + poll + "/publish", "/api/polls/" + poll + "/counts", "/api/checkin"} {
		err := tab.Post(ctx, path, map[string]any{}, nil)
		testserver.WantStatus(t, "delegate POST "+path, err, http.StatusForbidden)
	}
	for _, path := range []string{"/api/roll", "/api/polls/" + poll + "/record", "/api/polls/" + poll + "/voters", "/api/backup", "/api/cards"} {
		err := tab.Get(ctx, path, nil)
		testserver.WantStatus(t, "delegate GET "+path, err, http.StatusForbidden)
	}
	// Nothing changed: the agenda has no current item.
	snap := testserver.Must(h.Login("dct1").State(ctx))
	if daihoi.Agenda(snap.Agenda).Current() >= 0 {
		t.Fatal("a refused request changed the agenda")
	}
}

func TestBadInputChangesNothing(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	pres := h.Login("dct1")
	before := testserver.Must(pres.State(ctx))
	cases := []struct {
		path string
		body any
	}{
		{"/api/agenda/open", map[string]string{"item": "no-such-item"}},
		{"/api/agenda/insert", map[string]any{"title": "", "minutes": 5}},
		{"/api/agenda/move", map[string]any{"item": before.Agenda[0].ID, "to": 99}},
		{"/api/polls", map[string]any{"kind": "election", "title": "Bầu", "seats": 0, "tablet": true}},
		{"/api/polls", map[string]any{"kind": "motion", "title": "x", "mode": "shout"}},
		{"/api/polls", map[string]any{"kind": "motion", "title": "x", "mode": "hands", "unknown_field": 1}},
	}
	for _, c := range cases {
		err := pres.Post(ctx, c.path, c.body, nil)
		if s := client.Status(err); s != http.StatusBadRequest && s != http.StatusNotFound {
			t.Errorf("%s %v: status %d (%v), want 400 or 404", c.path, c.body, s, err)
		}
	}
	// A body that is not JSON at all.
	req, _ := http.NewRequest("POST", h.URL()+"/api/agenda/open", strings.NewReader("{not json"))
	resp, err := pres.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var eb daihoi.ErrorBody
	json.NewDecoder(resp.Body).Decode(&eb)
	resp.Body.Close()
	if resp.StatusCode != 400 || eb.Code != daihoi.EINVALID || eb.Message == "" || eb.MessageEn == "" {
		t.Fatalf("malformed JSON: %d %+v", resp.StatusCode, eb)
	}
	after := testserver.Must(pres.State(ctx))
	if after.Seq != before.Seq || len(after.Agenda) != len(before.Agenda) || len(after.Polls) != len(before.Polls) {
		t.Fatalf("bad input changed the state: seq %d → %d", before.Seq, after.Seq)
	}
}

// readEvents reads messages until n events have come (or the deadline passes).
func readEvents(t *testing.T, s *client.Stream, n int) []daihoi.Event {
	t.Helper()
	var out []daihoi.Event
	s.SetReadDeadline(time.Now().Add(10 * time.Second))
	for len(out) < n {
		m, err := s.Next()
		if err != nil {
			t.Fatalf("after %d events: %v", len(out), err)
		}
		if m.Type == "event" {
			out = append(out, *m.Event)
		}
	}
	return out
}

func TestEventsArriveInOrderAndResumeMissesNothing(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	pres := h.Login("dct1")
	hallScreen := h.Login("hoitruong")
	s := testserver.Must(hallScreen.Connect(ctx, 0))
	defer s.Close()
	first := testserver.Must(s.Next())
	if first.Type != "snapshot" {
		t.Fatalf("first message is %q, want snapshot", first.Type)
	}
	var snap daihoi.Snapshot
	json.Unmarshal(first.Data, &snap)
	if snap.Congress.Title == "" || len(snap.Agenda) == 0 {
		t.Fatal("the snapshot is empty")
	}

	// The presidium moves on past items whose votes and speakers this test leaves aside.
	for i := 0; i < 3; i++ {
		testserver.Must(pres.AgendaNextAnyway(ctx))
	}
	got := readEvents(t, s, 3)
	for i, e := range got {
		if e.Type != daihoi.EvAgendaItem { // the next item changes two items in place
			t.Fatalf("event %d is %s", i, e.Type)
		}
		if i > 0 && e.Seq <= got[i-1].Seq {
			t.Fatalf("events out of order: %d after %d", e.Seq, got[i-1].Seq)
		}
	}
	// Applied in order to the snapshot's agenda, the events give the agenda as it now is.
	agenda := snap.Agenda
	for _, e := range got {
		var changed []daihoi.AgendaItem
		json.Unmarshal(e.Data, &changed)
		if len(changed) == 0 || len(changed) > 2 {
			t.Fatalf("opening the next item sent %d items", len(changed))
		}
		for _, it := range changed {
			i := slices.IndexFunc(agenda, func(x daihoi.AgendaItem) bool { return x.ID == it.ID })
			if i < 0 {
				t.Fatalf("an item changed in place that the agenda does not have: %s", it.ID)
			}
			agenda[i] = it
		}
	}
	if agenda[2].State != daihoi.Current || agenda[1].State != daihoi.Done {
		t.Fatalf("after three events the agenda shows %s / %s", agenda[1].State, agenda[2].State)
	}
	if now := testserver.Must(pres.State(ctx)).Agenda; len(now) != len(agenda) || now[2].StartedAt.IsZero() || !now[2].StartedAt.Equal(agenda[2].StartedAt) {
		t.Fatalf("the agenda from the events differs from the server's: %+v", agenda[2])
	}

	// The hall's network drops; meanwhile the presidium moves on twice and the door checks one in.
	last := s.Last
	s.Close()
	testserver.Must(pres.AgendaNextAnyway(ctx))
	testserver.Must(pres.AgendaNextAnyway(ctx))
	h.CheckIn(h.Demo.Roll[:1])
	testserver.Must(pres.AgendaNextAnyway(ctx))

	if err := s.Reconnect(ctx); err != nil {
		t.Fatal(err)
	}
	missed := readEvents(t, s, 4) // agenda items, agenda items, attendance, agenda items (the hall does not see the roll)
	seen := map[uint64]bool{}
	for i, e := range missed {
		if e.Seq <= last || seen[e.Seq] {
			t.Fatalf("resumed stream repeats event %d (last seen %d)", e.Seq, last)
		}
		seen[e.Seq] = true
		if i > 0 && e.Seq <= missed[i-1].Seq {
			t.Fatal("resumed events out of order")
		}
		if e.Type == daihoi.EvDelegate {
			t.Fatal("the hall received a roll change meant for staff")
		}
	}
	types := []string{missed[0].Type, missed[1].Type, missed[2].Type, missed[3].Type}
	want := []string{daihoi.EvAgendaItem, daihoi.EvAgendaItem, daihoi.EvAttendance, daihoi.EvAgendaItem}
	for i := range want {
		if types[i] != want[i] {
			t.Fatalf("resumed events %v, want %v", types, want)
		}
	}
	// And nothing more is waiting: the next event is the next change.
	if err := pres.Post(ctx, "/api/agenda/back", daihoi.ItemRef{Confirm: true}, nil); err != nil {
		t.Fatal(err)
	}
	next := readEvents(t, s, 1)[0]
	if next.Seq <= missed[3].Seq || next.Type != daihoi.EvAgendaItem {
		t.Fatalf("after resuming, next event %d %s", next.Seq, next.Type)
	}
}

func TestResumeTooOldGetsSnapshot(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	// A sequence number from the future (another file) cannot be resumed: a fresh snapshot.
	s := testserver.Must(h.Login("hoitruong").Connect(ctx, 1_000_000))
	defer s.Close()
	m := testserver.Must(s.Next())
	if m.Type != "snapshot" {
		t.Fatalf("resume from an unknown point gave %q, want snapshot", m.Type)
	}
}

func TestRestartServesSameStateAndSecondServerFails(t *testing.T) {
	dir := t.TempDir()
	h := openHall(t, dir, true)
	ctx := context.Background()
	pres := h.Login("dct1")
	testserver.Must(pres.AgendaNext(ctx))
	h.CheckIn(h.Demo.Roll[:10])
	before := testserver.Must(pres.State(ctx))

	// A second daihoi on the same folder fails with a clear message instead of hanging.
	start := time.Now()
	_, err := store.Open(dir, 300*time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), "daihoi") || !strings.Contains(err.Error(), "--data") {
		t.Fatalf("second open: %v", err)
	}
	if time.Since(start) > 10*time.Second {
		t.Fatal("the second open hung")
	}

	h.Stop()
	h2 := openHall(t, dir, false)
	pres2 := h2.Login("dct1") // operators and their passwords survived
	after := testserver.Must(pres2.State(ctx))
	if after.Seq != before.Seq+1 { // + the audit event of dct1's sign-in
		t.Fatalf("sequence %d after restart, was %d", after.Seq, before.Seq)
	}
	if after.Attendance != before.Attendance {
		t.Fatalf("attendance %+v after restart, was %+v", after.Attendance, before.Attendance)
	}
	if daihoi.Agenda(after.Agenda).Current() != daihoi.Agenda(before.Agenda).Current() {
		t.Fatal("the current item changed across the restart")
	}
	// The delegates' cards still sign in.
	h2.Codes = h.Codes
	if snap := testserver.Must(h2.Tablet(h.Demo.Roll[3]).State(ctx)); snap.Delegate == nil {
		t.Fatal("a card no longer signs in after the restart")
	}
}

func TestHealthz(t *testing.T) {
	h := startHall(t)
	var out map[string]string
	if err := client.New(h.URL()).Get(context.Background(), "/healthz", &out); err != nil || out["status"] != "ok" {
		t.Fatalf("healthz: %v %v", out, err)
	}
}

// A lost card is reissued: the old code no longer signs in, every screen signed in with it is
// signed out and disconnected, and the new code signs in. Only the organiser may do it; an unknown
// delegate changes nothing.
func TestReissuedCardSignsTheOldOneOut(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	d := h.SeatHolders()[0]
	old := h.Codes[d.ID]
	tablets := []*client.Client{h.Tablet(d), h.Tablet(d)}
	screen := testserver.Must(tablets[0].Connect(ctx, 0))
	defer screen.Close()
	if _, err := screen.Next(); err != nil { // the snapshot
		t.Fatal(err)
	}
	other := h.Tablet(h.SeatHolders()[1])
	org := h.Login("bantochuc")

	if err := h.Login("dct1").Post(ctx, "/api/cards/"+d.ID+"/reissue", nil, nil); client.Status(err) != http.StatusForbidden {
		t.Fatalf("the presidium reissues a card: %v, want 403", err)
	} else if e := (*daihoi.Error)(nil); !errors.As(err, &e) || e.Vi != "Tài khoản Đoàn Chủ tịch không được làm việc này." || e.En != "An account of the presidium may not do this." {
		// The refusal names the role as people call it, in each language, not by its code.
		t.Errorf("the refusal reads %v, want the role's name «Đoàn Chủ tịch» / «presidium»", err)
	}
	if err := org.Post(ctx, "/api/cards/nobody/reissue", nil, nil); client.Status(err) != http.StatusNotFound {
		t.Fatalf("a card for nobody: %v, want 404", err)
	}
	// A refused reissue changed nothing: the old card still signs in.
	if err := client.New(h.URL()).SignInCard(ctx, old); err != nil {
		t.Fatalf("a refused reissue changed the card: %v", err)
	}

	var card daihoi.Card
	if err := org.Post(ctx, "/api/cards/"+d.ID+"/reissue", nil, &card); err != nil {
		t.Fatal(err)
	}
	if card.Delegate != d.ID || card.Code == "" || card.Code == old {
		t.Fatalf("new card %+v (old code %q)", card, old)
	}
	// The audit trail says who reissued which card.
	audited := false
	for _, e := range testserver.Must(h.DB.Events(0, 100000)) {
		if e.Type == daihoi.EvCard && e.Actor != "" && strings.Contains(string(e.Data), d.ID) {
			audited = true
		}
	}
	if !audited {
		t.Error("the reissued card is not in the audit trail")
	}
	for i, tab := range tablets {
		if err := tab.Get(ctx, "/api/me", nil); client.Status(err) != http.StatusUnauthorized {
			t.Errorf("tablet %d signed in with the old card: %v, want 401", i+1, err)
		}
	}
	screen.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		if _, err := screen.Next(); err != nil {
			break // disconnected
		}
	}
	if err := other.Get(ctx, "/api/me", nil); err != nil {
		t.Errorf("another delegate was signed out too: %v", err)
	}
	if err := client.New(h.URL()).SignInCard(ctx, old); err == nil {
		t.Error("the old code still signs in")
	}
	fresh := client.New(h.URL())
	if err := fresh.SignInCard(ctx, card.Code); err != nil {
		t.Fatalf("the new card: %v", err)
	}
	var me daihoi.Session
	if err := fresh.Get(ctx, "/api/me", &me); err != nil || me.Subject != d.ID {
		t.Fatalf("signed in with the new card as %+v, %v", me, err)
	}
}

// A sign-in lasts a week (a congress and its preparation): after that the same cookie signs
// nobody in, on the API or on a socket, a socket opened before is closed, and the screen signs in
// again.
func TestASessionEndsAfterAWeek(t *testing.T) {
	var now atomic.Int64
	now.Store(time.Date(2025, 10, 8, 7, 0, 0, 0, time.Local).UnixNano())
	clock = func() time.Time { return time.Unix(0, now.Load()) }
	t.Cleanup(func() { clock = nil })
	h := startHall(t)
	ctx := context.Background()
	pres := h.Login("dct1")
	d := h.SeatHolders()[0]
	h.CheckIn([]daihoi.Delegate{d})
	tablet := h.Tablet(d)
	open := testserver.Must(tablet.Connect(ctx, 0)) // a tablet left connected
	defer open.Close()

	now.Add(int64(7*24*time.Hour - time.Minute)) // the last minute of the week
	testserver.Must(pres.State(ctx))
	testserver.Must(tablet.State(ctx))

	now.Add(int64(time.Minute))
	for name, c := range map[string]*client.Client{"presidium": pres, "tablet": tablet} {
		_, err := c.State(ctx)
		testserver.WantStatus(t, name+" after a week", err, http.StatusUnauthorized)
		_, err = c.Connect(ctx, 0)
		testserver.WantStatus(t, name+"'s socket after a week", err, http.StatusUnauthorized)
	}
	// The socket opened before is closed (within the hub's second): the screen shows nothing more.
	testserver.WaitClosed(t, open, "the socket opened before the week ended")
	// Signing in again gives a new week.
	testserver.Must(h.Login("dct1").State(ctx))
}
