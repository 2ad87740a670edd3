package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
	"github.com/daihoi/daihoi/internal/testserver"
	"github.com/daihoi/daihoi/store"
)

// A tablet signed in before a restart, and a second one that has not been used since, both lose
// their sessions when the card is reissued after the restart: on the API and on the socket.
func TestReissueAfterRestartEndsTheSessionsMadeBefore(t *testing.T) {
	dir := t.TempDir()
	h := openHall(t, dir, true)
	ctx := context.Background()
	d := h.SeatHolders()[0]
	used, idle := h.Tablet(d), h.Tablet(d)
	other := h.Tablet(h.SeatHolders()[1])
	h.Stop()

	h2 := openHall(t, dir, false)
	h2.Codes = h.Codes
	for _, c := range []*client.Client{used, idle, other} {
		c.BaseURL = h2.URL() // the cookies are the laptop's: 127.0.0.1, whatever the port
	}
	testserver.Must(used.State(ctx)) // the session made before the restart still signs in
	sock := testserver.Must(used.Connect(ctx, 0))
	defer sock.Close()
	if _, err := sock.Next(); err != nil {
		t.Fatal(err)
	}

	pres := h2.Login("dct1")
	if n := testserver.Must(pres.State(ctx)).Devices[d.ID]; n != 2 {
		t.Errorf("after the restart the presidium sees the delegate on %d devices, want 2", n)
	}

	var card daihoi.Card
	if err := h2.Login("bantochuc").Post(ctx, "/api/cards/"+d.ID+"/reissue", nil, &card); err != nil {
		t.Fatal(err)
	}
	if n := testserver.Must(pres.State(ctx)).Devices[d.ID]; n != 0 {
		t.Errorf("after the reissue the presidium sees the delegate on %d devices", n)
	}
	for name, c := range map[string]*client.Client{"the tablet used after the restart": used, "the tablet not used since": idle} {
		_, err := c.State(ctx)
		testserver.WantStatus(t, name+" on the API", err, http.StatusUnauthorized)
		_, err = c.Connect(ctx, 0)
		testserver.WantStatus(t, name+" on a new socket", err, http.StatusUnauthorized)
		err = c.Post(ctx, "/api/polls/"+h2.Demo.Polls[0].ID+"/ballots", daihoi.BallotRequest{}, nil)
		testserver.WantStatus(t, name+" casting a ballot", err, http.StatusUnauthorized)
	}
	testserver.WaitClosed(t, sock, "the socket opened with the old card")
	if _, err := other.State(ctx); err != nil {
		t.Errorf("another delegate was signed out: %v", err)
	}
	if err := client.New(h2.URL()).SignInCard(ctx, h.Codes[d.ID]); client.Status(err) != http.StatusNotFound {
		t.Errorf("the old card after the reissue: %v, want 404", err)
	}
	if err := client.New(h2.URL()).SignInCard(ctx, card.Code); err != nil {
		t.Errorf("the new card: %v", err)
	}
}

// The organiser's list of cards says who holds one, never a code; nor does any snapshot or event.
func TestCardListCarriesNoCodes(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	org := h.Login("bantochuc")
	var raw json.RawMessage
	if err := org.Get(ctx, "/api/cards", &raw); err != nil {
		t.Fatal(err)
	}
	var cards []daihoi.Card
	if err := json.Unmarshal(raw, &cards); err != nil {
		t.Fatal(err)
	}
	if len(cards) != len(h.Demo.Roll) {
		t.Fatalf("%d cards listed, want %d", len(cards), len(h.Demo.Roll))
	}
	if bytes.Contains(raw, []byte(`"code"`)) {
		t.Errorf("GET /api/cards carries codes: %.200s", raw)
	}
	for id, code := range h.Codes {
		if bytes.Contains(raw, []byte(code)) {
			t.Fatalf("GET /api/cards carries the code of %s", id)
		}
	}
	var snap json.RawMessage
	if err := org.Get(ctx, "/api/state", &snap); err != nil {
		t.Fatal(err)
	}
	events, _ := json.Marshal(testserver.Must(h.DB.Events(0, 1<<20)))
	for id, code := range h.Codes {
		if bytes.Contains(snap, []byte(code)) || bytes.Contains(events, []byte(code)) {
			t.Fatalf("the organiser's snapshot or the event log carries the code of %s", id)
		}
	}
}

// Printing every card gives every delegate a new code, shown once: the old cards stop working, the
// new ones sign in and check in at the door. Once the first agenda item has opened it is refused,
// in both languages, and changes nothing; a lost card is still reissued alone.
func TestPrintingAllCardsIsRefusedOnceTheDayBegan(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	org := h.Login("bantochuc")
	d := h.SeatHolders()[0]
	before := h.Tablet(d)

	var cards []daihoi.Card
	if err := org.Post(ctx, "/api/cards/issue", nil, &cards); err != nil {
		t.Fatal(err)
	}
	if len(cards) != len(h.Demo.Roll) {
		t.Fatalf("%d cards issued, want %d", len(cards), len(h.Demo.Roll))
	}
	codes := map[string]string{}
	for _, c := range cards {
		if c.Code == "" || c.Code == h.Codes[c.Delegate] {
			t.Fatalf("card %+v: no new code", c)
		}
		codes[c.Delegate] = c.Code
	}
	if _, err := before.State(ctx); client.Status(err) != http.StatusUnauthorized {
		t.Errorf("a tablet signed in with the card before still signs in: %v", err)
	}
	if err := client.New(h.URL()).SignInCard(ctx, h.Codes[d.ID]); client.Status(err) != http.StatusNotFound {
		t.Errorf("the card before still signs in: %v", err)
	}
	h.Codes = codes
	testserver.Must(h.Tablet(d).State(ctx))
	desk := h.Login("dontiep")
	if got, err := desk.CheckIn(ctx, "http://192.168.1.10:8080/d/"+strings.ToUpper(codes[d.ID])); err != nil || got.ID != d.ID {
		t.Fatalf("check-in by the new card's link (a scanner typing): %+v, %v", got, err)
	}

	// The card sheet issues the cards it shows.
	page := postPage(t, org, "/print/cards", "host=192.168.1.10:8080")
	if page.status != http.StatusOK || strings.Count(page.body, `class="card"`) != len(h.Demo.Roll) || !strings.Contains(page.body, "data:image/png;base64,") {
		t.Fatalf("the card sheet: %d, %d cards", page.status, strings.Count(page.body, `class="card"`))
	}
	if strings.Contains(page.body, codes[d.ID]) {
		t.Error("the sheet shows a code issued before it")
	}
	if err := client.New(h.URL()).SignInCard(ctx, codes[d.ID]); client.Status(err) != http.StatusNotFound {
		t.Errorf("the card issued before the sheet still signs in: %v", err)
	}
	if p := postPage(t, h.Login("dontiep"), "/print/cards", "host=192.168.1.10:8080"); p.status != http.StatusForbidden {
		t.Errorf("the check-in desk printed the cards: %d", p.status)
	}
	if p := postPage(t, org, "/print/cards", "host=evil.example/x?"); p.status != http.StatusBadRequest {
		t.Errorf("a host with a path: %d, want 400", p.status)
	}

	// The day begins.
	testserver.Must(h.Login("dct1").AgendaNext(ctx))
	err := org.Post(ctx, "/api/cards/issue", nil, &cards)
	testserver.WantStatus(t, "printing all cards after the first item opened", err, http.StatusConflict)
	testserver.WantBothSay(t, err, "không in lại toàn bộ thẻ", "can no longer be printed")
	refused := postPage(t, org, "/print/cards", "host=192.168.1.10:8080")
	if refused.status != http.StatusConflict || !strings.Contains(refused.body, "không in lại toàn bộ thẻ") || !strings.Contains(refused.body, "can no longer be printed") {
		t.Errorf("the card sheet after the first item opened: %d %q", refused.status, refused.body)
	}
	// What the delegates hold still works: take a code from the last sheet.
	i := strings.Index(page.body, "/d/")
	code := page.body[i+3 : i+23]
	if err := client.New(h.URL()).SignInCard(ctx, code); err != nil {
		t.Errorf("a card handed out before the refusal no longer signs in: %v", err)
	}
	one := postPage(t, org, "/print/cards", "host=192.168.1.10:8080&delegate="+d.ID)
	if one.status != http.StatusOK || strings.Count(one.body, `class="card"`) != 1 {
		t.Errorf("reissuing one card after the day began: %d, %d cards", one.status, strings.Count(one.body, `class="card"`))
	}
}

type pageAnswer struct {
	status int
	body   string
}

// postPage posts a form as the setup page's buttons do and returns the page.
func postPage(t *testing.T, c *client.Client, path, form string) pageAnswer {
	t.Helper()
	req, _ := http.NewRequest("POST", c.BaseURL+path, strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return pageAnswer{resp.StatusCode, string(b)}
}

// No code is in the data file in clear, nor in a backup: only hashes. Checked on the raw bytes,
// free pages included, after cards were installed, issued anew, reissued, and used.
func TestDataFileHoldsNoCardCode(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	org := h.Login("bantochuc")
	all := map[string]bool{}
	for _, c := range h.Codes {
		all[c] = true
	}
	for _, d := range h.SeatHolders()[:5] {
		h.Tablet(d)
	}
	var cards []daihoi.Card
	if err := org.Post(ctx, "/api/cards/issue", nil, &cards); err != nil {
		t.Fatal(err)
	}
	for _, c := range cards {
		all[c.Code] = true
	}
	var card daihoi.Card
	if err := org.Post(ctx, "/api/cards/"+cards[0].Delegate+"/reissue", nil, &card); err != nil {
		t.Fatal(err)
	}
	all[card.Code] = true
	desk := h.Login("dontiep")
	testserver.Must(desk.CheckIn(ctx, card.Code))

	var backup []byte
	if err := org.Do(ctx, "GET", "/api/backup", nil, &backup); err != nil {
		t.Fatal(err)
	}
	h.Stop()
	file, err := os.ReadFile(filepath.Join(h.Dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	for what, b := range map[string][]byte{"the data file": file, "the backup": backup} {
		if len(b) < 4096 {
			t.Fatalf("%s holds %d bytes", what, len(b))
		}
		for code := range all {
			if bytes.Contains(b, []byte(code)) || bytes.Contains(bytes.ToLower(b), []byte(code)) {
				t.Fatalf("%s holds a card code in clear", what)
			}
		}
	}
}

// Every delegate sign-in is in the event log: who, when, from which address, and on how many
// devices they are now signed in; nothing about polls or ballots. The presidium and the organiser
// see a delegate signed in on more than one device; the same tablet scanning its card again is
// still one device.
func TestDelegateSignInsAreLoggedAndDevicesCounted(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	d := h.SeatHolders()[0]
	pres := h.Login("dct1")
	screen := testserver.Must(pres.Connect(ctx, 0))
	defer screen.Close()
	if _, err := screen.Next(); err != nil {
		t.Fatal(err)
	}

	first := h.Tablet(d)
	tab := testserver.Must(first.Connect(ctx, 0))
	defer tab.Close()
	if _, err := tab.Next(); err != nil {
		t.Fatal(err)
	}
	if err := first.SignInCard(ctx, h.Codes[d.ID]); err != nil { // the same tablet scans again
		t.Fatal(err)
	}
	// Its screen on the session just replaced reconnects, on the new one.
	testserver.WaitClosed(t, tab, "the screen on the replaced session")
	again := testserver.Must(first.Connect(ctx, 0))
	defer again.Close()
	if m, err := again.Next(); err != nil || m.Type != "snapshot" {
		t.Fatalf("the tablet reconnecting after scanning again: %+v %v", m.Type, err)
	}
	if n := testserver.Must(pres.State(ctx)).Devices[d.ID]; n != 0 {
		t.Errorf("one tablet that scanned twice counts as %d devices", n)
	}
	second := h.Tablet(d)
	for _, c := range []*client.Client{h.Login("dct1"), h.Login("bantochuc")} {
		snap := testserver.Must(c.State(ctx))
		if snap.Devices[d.ID] != 2 || len(snap.Devices) != 1 {
			t.Errorf("%s sees devices %v, want %s on 2", snap.Me.Role, snap.Devices, d.ID)
		}
	}
	for _, c := range []*client.Client{second, h.Login("dontiep"), h.Login("hoitruong")} {
		if snap := testserver.Must(c.State(ctx)); snap.Devices != nil {
			t.Errorf("%s sees the devices of delegates: %v", snap.Me.Role, snap.Devices)
		}
	}
	// The presidium's screen hears of it as it happens.
	screen.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		m, err := screen.Next()
		if err != nil {
			t.Fatalf("the presidium's screen did not hear of the second device: %v", err)
		}
		if m.Event != nil && m.Event.Type == daihoi.EvSession && strings.Contains(string(m.Event.Data), `"devices":2`) {
			break
		}
	}

	var signIns []map[string]any
	for _, e := range testserver.Must(h.DB.Events(0, 1<<20)) {
		if e.Type != daihoi.EvSession || !strings.Contains(string(e.Data), d.ID) {
			continue
		}
		var data map[string]any
		json.Unmarshal(e.Data, &data)
		signIns = append(signIns, data)
		if e.Actor != d.ID || e.At.IsZero() || !slices.Equal(e.Audience, []daihoi.Role{daihoi.Organiser, daihoi.Presidium}) {
			t.Errorf("sign-in event by %q at %v for %v", e.Actor, e.At, e.Audience)
		}
		keys := []string{}
		for k := range data {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if want := []string{"address", "delegate", "devices", "name", "number", "role"}; !slices.Equal(keys, want) {
			t.Errorf("a sign-in event carries %v, want only %v", keys, want)
		}
		if data["address"] != "127.0.0.1" {
			t.Errorf("sign-in from %v, want 127.0.0.1", data["address"])
		}
	}
	if len(signIns) != 3 {
		t.Fatalf("%d sign-ins of %s logged, want 3", len(signIns), d.Name)
	}
	if signIns[2]["devices"] != float64(2) {
		t.Errorf("the second device's sign-in says %v devices", signIns[2]["devices"])
	}

	// Signing out on one device: the presidium no longer sees two.
	if err := second.Post(ctx, "/api/logout", nil, nil); err != nil {
		t.Fatal(err)
	}
	if n := testserver.Must(pres.State(ctx)).Devices[d.ID]; n != 0 {
		t.Errorf("after signing out on one device the presidium sees %d", n)
	}
	testserver.Must(first.State(ctx))
}

// A file from an older daihoi kept the codes in clear: at start they are replaced by their hashes,
// and the cards already printed keep working.
func TestClearCodesOfAnOlderFileAreHashedAtStart(t *testing.T) {
	dir := t.TempDir()
	h := openHall(t, dir, true)
	d := h.SeatHolders()[0]
	h.Stop()
	const old = "abcdefghjkmnpqrstvwx"
	db := testserver.Must(store.Open(dir, time.Second))
	c := daihoi.NewChange("", time.Now())
	c.Put(daihoi.KCard, old, d.ID)
	if err := db.Commit(c); err != nil {
		t.Fatal(err)
	}
	db.Close()

	h2 := openHall(t, dir, false)
	if err := client.New(h2.URL()).SignInCard(context.Background(), old); err != nil {
		t.Fatalf("a card of the older file no longer signs in: %v", err)
	}
	h2.DB.Each(daihoi.KCard, func(k string, _ []byte) error {
		if len(k) != 64 {
			t.Errorf("the cards still hold %q in clear", k)
		}
		return nil
	})
	// Nor do the file's free pages: the file was compacted once the codes were hashed.
	raw, err := os.ReadFile(filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte(old)) {
		t.Error("the data file still holds the old code in clear (in a free page)")
	}
}
