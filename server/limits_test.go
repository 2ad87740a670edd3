package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
	"golang.org/x/time/rate"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
	"github.com/daihoi/daihoi/internal/testserver"
	"github.com/daihoi/daihoi/server"
)

// limitedHall is the demo hall with these limits, its log kept in log.
func limitedHall(t *testing.T, l server.Limits, log *server.SyncBuffer) *hall {
	t.Helper()
	o := testserver.Options{Limits: &l, TurnoutTick: tick}
	if log != nil {
		o.Logger = slog.New(slog.NewTextHandler(log, nil))
	}
	return &hall{testserver.Open(t, o)}
}

// answer is a refusal as it comes over the wire: its status, Retry-After and body.
type answer struct {
	status int
	retry  int
	body   string
}

func send(t *testing.T, c *http.Client, method, url string, in any) answer {
	t.Helper()
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, body)
	if c == nil {
		c = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	retry, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
	return answer{resp.StatusCode, retry, string(b)}
}

// wantTooMany checks a refusal of a limit: 429, a Retry-After of at least a second, and why in
// both languages.
func wantTooMany(t *testing.T, what string, a answer, vi, en string) {
	t.Helper()
	if a.status != http.StatusTooManyRequests || a.retry < 1 {
		t.Fatalf("%s: status %d, Retry-After %d (%s), want 429 and a Retry-After", what, a.status, a.retry, a.body)
	}
	if !strings.Contains(a.body, vi) || !strings.Contains(a.body, en) {
		t.Fatalf("%s: %s does not say %q / %q", what, a.body, vi, en)
	}
}

// Guessing an operator's password: after five wrong passwords the account takes no more for a
// while, not even the right one, while other accounts sign in as before; each failure is logged
// with the name and the address.
func TestWrongPasswordsLockTheAccountForAWhile(t *testing.T) {
	var log server.SyncBuffer
	h := limitedHall(t, server.DefaultLimits, &log)
	login := h.URL() + "/api/login"
	for i := range 5 {
		if a := send(t, nil, "POST", login, map[string]string{"name": "dct1", "password": "doan-sai"}); a.status != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: status %d, want 401", i+1, a.status)
		}
	}
	a := send(t, nil, "POST", login, map[string]string{"name": "dct1", "password": "doan-sai"})
	wantTooMany(t, "the sixth wrong password", a, "sai mật khẩu quá nhiều lần", "too many wrong passwords")
	if a.retry < 15 || a.retry > 20 {
		t.Errorf("Retry-After %d s, want about 20 (one more try every 20 s)", a.retry)
	}
	a = send(t, nil, "POST", login, map[string]string{"name": "DCT1 ", "password": "dct1-2025"})
	wantTooMany(t, "the right password, while locked", a, "tạm thời bị khóa", "locked for a while")
	if _, err := client.New(h.URL()).Login(context.Background(), "dct2", "dct2-2025"); err != nil {
		t.Fatalf("another account cannot sign in: %v", err)
	}
	// The presidium's own machine (another address: 127.0.0.2 here) still signs in to dct1.
	other := &http.Client{Transport: &http.Transport{DialContext: (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP("127.0.0.2")}}).DialContext}}
	if a := send(t, other, "POST", login, map[string]string{"name": "dct1", "password": "dct1-2025"}); a.status != http.StatusOK {
		t.Fatalf("dct1 from another address, while locked from this one: status %d %s", a.status, a.body)
	}
	if n := strings.Count(log.String(), "sign-in failed"); n != 5 {
		t.Errorf("%d failures logged, want 5:\n%s", n, log.String())
	}
	if !strings.Contains(log.String(), "name=dct1 addr=127.0.0.1") {
		t.Errorf("the log does not name the account and the address:\n%s", log.String())
	}
}

// One address signs in so many times, then waits; operator sign-ins and card links count alike.
// (Loopback is not limited by address in a congress; this hall limits it to show the limit.)
func TestSignInsFromOneAddressAreLimited(t *testing.T) {
	l := server.DefaultLimits
	l.Loopback, l.AddressBurst, l.AddressRate = true, 3, rate.Every(time.Minute)
	h := limitedHall(t, l, nil)
	ds := h.Officials(3)
	if a := send(t, nil, "POST", h.URL()+"/api/login", map[string]string{"name": "dct1", "password": "dct1-2025"}); a.status != http.StatusOK {
		t.Fatalf("sign-in 1: %d %s", a.status, a.body)
	}
	for _, d := range ds[:2] {
		if a := send(t, nil, "GET", h.URL()+"/d/"+h.Codes[d.ID], nil); a.status != http.StatusSeeOther {
			t.Fatalf("card of %s: %d %s", d.Name, a.status, a.body)
		}
	}
	a := send(t, nil, "GET", h.URL()+"/d/"+h.Codes[ds[2].ID], nil)
	wantTooMany(t, "the fourth sign-in, a card", a, "đăng nhập quá nhiều lần", "Too many sign-ins from this network address")
	if !strings.Contains(a.body, "<!doctype html>") {
		t.Errorf("a card's link is answered with a page a person can read, not %q", a.body)
	}
	if a.retry < 50 || a.retry > 60 {
		t.Errorf("Retry-After %d s, want about 60", a.retry)
	}
	a = send(t, nil, "POST", h.URL()+"/api/login", map[string]string{"name": "dct2", "password": "dct2-2025"})
	wantTooMany(t, "the fifth sign-in, an operator", a, "đăng nhập quá nhiều lần", "Too many sign-ins")
}

// A card opens a few tablets, then waits: one delegate's card does not make sessions without end.
func TestOneCardSignsInSoManyTimes(t *testing.T) {
	l := server.DefaultLimits
	l.CardBurst, l.CardRate = 2, rate.Every(time.Hour)
	h := limitedHall(t, l, nil)
	d := h.Officials(2)
	for range 2 {
		h.Tablet(d[0])
	}
	a := send(t, nil, "GET", h.URL()+"/d/"+h.Codes[d[0].ID], nil)
	wantTooMany(t, "a third tablet on the same card", a, "Thẻ này đã được dùng đăng nhập quá nhiều lần", "This card has been used to sign in too many times")
	h.Tablet(d[1]) // another card is not held up
}

// The bench signs 2,000 tablets in from 127.0.0.1 at once, and the tests sign in many accounts
// quickly: with the congress's limits, sign-ins from loopback are not limited by address.
func TestTheLaptopItselfSignsInAsOftenAsItNeeds(t *testing.T) {
	h := limitedHall(t, server.DefaultLimits, nil)
	n := 0
	for _, d := range h.Demo.Roll {
		if a := send(t, nil, "GET", h.URL()+"/d/"+h.Codes[d.ID], nil); a.status != http.StatusSeeOther {
			t.Fatalf("card %d of %d from loopback: %d %s", n+1, len(h.Demo.Roll), a.status, a.body)
		}
		n++
	}
	for range 3 {
		h.Login("dct1")
		h.Login("bantochuc")
	}
	if n <= server.DefaultLimits.AddressBurst {
		t.Fatalf("only %d cards: the test shows nothing", n)
	}
}

// A delegate sends a few questions, comments and requests to speak a minute; beyond that they
// wait, and nothing of what was refused is kept.
func TestADelegateWritesAFewTimesAMinute(t *testing.T) {
	h := limitedHall(t, server.DefaultLimits, nil)
	ctx := context.Background()
	tablet := h.Tablet(h.Officials(1)[0])
	doc := h.Demo.Documents[0]
	snap := testserver.Must(tablet.State(ctx))
	topic := snap.Congress.Topics[0]
	for i := range server.DefaultLimits.WriteBurst {
		var err error
		if i%2 == 0 {
			err = tablet.Post(ctx, "/api/questions", daihoi.QuestionRequest{Topic: topic, Text: "Câu hỏi " + strconv.Itoa(i)}, nil)
		} else {
			err = tablet.Post(ctx, "/api/comments", daihoi.CommentRequest{Document: doc.ID, Section: doc.Sections[0].Number, Text: "Góp ý " + strconv.Itoa(i)}, nil)
		}
		if err != nil {
			t.Fatalf("contribution %d: %v", i+1, err)
		}
	}
	before := testserver.Must(tablet.State(ctx))
	err := tablet.Post(ctx, "/api/questions", daihoi.QuestionRequest{Topic: topic, Text: "Một câu nữa"}, nil)
	testserver.WantStatus(t, "one question too many", err, http.StatusTooManyRequests)
	testserver.WantBothSay(t, err, "nhiều câu hỏi, góp ý và đăng ký phát biểu", "many questions, comments and requests to speak")
	err = tablet.Post(ctx, "/api/comments", daihoi.CommentRequest{Document: doc.ID, Section: doc.Sections[0].Number, Text: "Một góp ý nữa"}, nil)
	testserver.WantStatus(t, "one comment too many", err, http.StatusTooManyRequests)
	err = tablet.Post(ctx, "/api/speakers", daihoi.SpeakerRequest{Kind: daihoi.OpenDiscussion}, nil)
	testserver.WantStatus(t, "a request to speak too many", err, http.StatusTooManyRequests)
	after := testserver.Must(tablet.State(ctx))
	if after.Seq != before.Seq || len(after.Questions) != len(before.Questions) || len(after.Comments) != len(before.Comments) {
		t.Fatalf("a refused contribution was kept: seq %d -> %d", before.Seq, after.Seq)
	}
	// Another delegate is not held up.
	other := h.Tablet(h.Officials(2)[1])
	if err := other.Post(ctx, "/api/questions", daihoi.QuestionRequest{Topic: topic, Text: "Câu hỏi khác"}, nil); err != nil {
		t.Fatal(err)
	}
}

// Passwords are checked one at a time with a short queue: a crowd of sign-ins beyond it is told at
// once to come back in a moment, instead of each taking a core for a bcrypt check.
func TestPasswordChecksWaitInAShortQueue(t *testing.T) {
	l := server.DefaultLimits
	l.PasswordChecks, l.PasswordQueue = 1, 1
	h := limitedHall(t, l, nil)
	const n = 12
	answers := make(chan answer, n)
	for i := range n {
		go func() {
			// a made-up name: a check at bcrypt's default cost, tens of milliseconds
			answers <- send(t, nil, "POST", h.URL()+"/api/login", map[string]string{"name": "khach" + strconv.Itoa(i), "password": "doan-mat-khau"})
		}()
	}
	checked, busy := 0, 0
	for range n {
		a := <-answers
		switch a.status {
		case http.StatusUnauthorized:
			checked++
		case http.StatusTooManyRequests:
			wantTooMany(t, "a sign-in beyond the queue", a, "đang bận", "busy")
			busy++
		default:
			t.Fatalf("status %d: %s", a.status, a.body)
		}
	}
	if checked == 0 || busy == 0 {
		t.Fatalf("%d checked, %d told to come back: want both", checked, busy)
	}
}

// A hall whose tablets come through one router (NAT) raises the sockets one address may hold in
// its congress file: its sign-ins are then not limited by address, or two thousand tablets behind
// one address would take an hour and a half to sign in.
func TestAHallBehindOneRouterSignsIn(t *testing.T) {
	l := server.DefaultLimits
	l.Loopback, l.AddressBurst, l.AddressRate = true, 3, rate.Every(time.Minute)
	h := &hall{testserver.Open(t, testserver.Options{Limits: &l, TurnoutTick: tick, Empty: true})}
	f := h.Demo.File()
	f.Congress.Sockets.PerAddress = 4000
	codes, err := h.Srv.Install(server.Install{CongressFile: f, Cost: bcrypt.MinCost})
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range h.SeatHolders()[:6] {
		if a := send(t, nil, "GET", h.URL()+"/d/"+codes[d.ID], nil); a.status != http.StatusSeeOther {
			t.Fatalf("card %d through the router: %d %s", i+1, a.status, a.body)
		}
	}
}
