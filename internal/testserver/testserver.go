// Package testserver is what the tests of server/ and cmd/daihoi share: a real daihoi on
// 127.0.0.1:0 over a bbolt file in a temporary folder, clients signed in as the demo congress's
// people, the assertions on refusals, a bounded wait for a condition, and where Chromium is.
//
// server/'s tests start a server.Server with Open; cmd/daihoi's start the whole program (its Main)
// and describe it with NewHall. Either way the test then speaks to the server only through
// client/, as a screen in the hall would.
package testserver

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
	"github.com/daihoi/daihoi/demo"
	"github.com/daihoi/daihoi/server"
	"github.com/daihoi/daihoi/store"
)

// Hall is a running daihoi seen from the hall: its address, the congress it was seeded with and the
// codes of the delegates' cards.
type Hall struct {
	T     testing.TB
	Demo  demo.Seed
	Codes map[string]string // delegate id → the code on the card
	url   string
}

// NewHall describes a daihoi already running at url, seeded with seed, whose cards carry codes.
func NewHall(t testing.TB, url string, seed demo.Seed, codes map[string]string) *Hall {
	return &Hall{T: t, Demo: seed, Codes: codes, url: url}
}

// URL is the server's base address, http://127.0.0.1:PORT.
func (h *Hall) URL() string { return h.url }

// Login returns a client signed in as the demo operator name ("dct1", "kiemphieu2", …), whose
// password is name-2025.
func (h *Hall) Login(name string) *client.Client {
	h.T.Helper()
	c := client.New(h.url)
	if _, err := c.Login(context.Background(), name, name+"-2025"); err != nil {
		h.T.Fatalf("login %s: %v", name, err)
	}
	return c
}

// Tablet returns a client signed in with the card of roll member d.
func (h *Hall) Tablet(d daihoi.Delegate) *client.Client {
	h.T.Helper()
	c := client.New(h.url)
	if err := c.SignInCard(context.Background(), h.Codes[d.ID]); err != nil {
		h.T.Fatalf("card sign-in %s: %v", d.Name, err)
	}
	return c
}

// Delegate returns the person on the roll with this full name.
func (h *Hall) Delegate(name string) daihoi.Delegate {
	h.T.Helper()
	for _, d := range h.Demo.Roll {
		if d.Name == name {
			return d
		}
	}
	h.T.Fatalf("no delegate %q in the demo roll", name)
	return daihoi.Delegate{}
}

// Officials returns the first n official delegates of the roll (by number).
func (h *Hall) Officials(n int) []daihoi.Delegate {
	var out []daihoi.Delegate
	for _, d := range h.Demo.Roll {
		if d.Category == daihoi.Official && len(out) < n {
			out = append(out, d)
		}
	}
	return out
}

// SeatHolders returns the official and ex-officio delegates of the roll.
func (h *Hall) SeatHolders() []daihoi.Delegate {
	var out []daihoi.Delegate
	for _, d := range h.Demo.Roll {
		if d.Category == daihoi.Official || d.Category == daihoi.ExOfficio {
			out = append(out, d)
		}
	}
	return out
}

// CheckIn marks ds present through the check-in desk, each by the code on their card.
func (h *Hall) CheckIn(ds []daihoi.Delegate) {
	h.T.Helper()
	desk := h.Login("dontiep")
	for _, d := range ds {
		if _, err := desk.CheckIn(context.Background(), h.Codes[d.ID]); err != nil {
			h.T.Fatalf("check in %s: %v", d.Name, err)
		}
	}
}

// CheckInAll marks present every official and ex-officio delegate.
func (h *Hall) CheckInAll() {
	h.T.Helper()
	h.CheckIn(h.SeatHolders())
}

// Options configure a server started by Open.
type Options struct {
	Dir         string           // the data folder; "" for a new temporary one
	Empty       bool             // install no congress (a folder served again after a restart)
	Logger      *slog.Logger     // the server's log; nil for slog's default
	Now         func() time.Time // the server's clock; nil for time.Now
	TurnoutTick time.Duration    // how often the turnout goes out; 0 for the server's default
	Limits      *server.Limits   // sign-in and writing limits; nil for server.DefaultLimits
	Timeouts    server.Timeouts  // the HTTP server's; zero fields for server.DefaultTimeouts
}

// Server is a server.Server on 127.0.0.1:0 over a bbolt file, seeded with the demo congress.
type Server struct {
	*Hall
	Dir  string
	DB   *store.DB
	Srv  *server.Server
	http *http.Server
}

// Open starts a server as o says; the test's clean-up stops it.
func Open(t testing.TB, o Options) *Server {
	t.Helper()
	if o.Dir == "" {
		o.Dir = t.TempDir()
	}
	db, err := store.Open(o.Dir, time.Second)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	srv, err := server.New(db, server.Options{Logger: o.Logger, Now: o.Now, TurnoutTick: o.TurnoutTick, Limits: o.Limits, Scratch: o.Dir})
	if err != nil {
		t.Fatalf("new server: %v", err)
	}
	s := &Server{Dir: o.Dir, DB: db, Srv: srv}
	seed := demo.New()
	var codes map[string]string
	if !o.Empty {
		if codes, err = srv.Install(server.Install{CongressFile: seed.File(), Cost: bcrypt.MinCost}); err != nil {
			t.Fatalf("install demo: %v", err)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Hall = NewHall(t, "http://"+ln.Addr().String(), seed, codes)
	s.http = o.Timeouts.HTTPServer(srv)
	go s.http.Serve(ln)
	t.Cleanup(s.Stop)
	return s
}

// Stop shuts the server and closes the file; safe to call twice.
func (s *Server) Stop() {
	if s.http == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	s.http.Shutdown(ctx)
	cancel()
	s.Srv.Close()
	s.DB.Close()
	s.http = nil
}

// Must returns v, or stops the test binary with err: for steps that set a test up.
func Must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// WantStatus checks that a request was answered with this HTTP status.
func WantStatus(t testing.TB, what string, err error, status int) {
	t.Helper()
	if got := client.Status(err); got != status {
		t.Fatalf("%s: status %d (%v), want %d", what, got, err, status)
	}
}

// WantBothSay checks that a refusal says why in Vietnamese and in English: each message holds its
// words.
func WantBothSay(t testing.TB, err error, vi, en string) {
	t.Helper()
	var de *daihoi.Error
	if !errors.As(err, &de) || !strings.Contains(de.Vi, vi) || !strings.Contains(de.En, en) {
		t.Fatalf("the refusal %v does not say %q / %q", err, vi, en)
	}
}

// Eventually waits until cond holds, asking every 10 ms, and fails the test with what
// it waited for after limit. A test waits for what it needs instead of sleeping for a time that is
// too long on a fast machine and too short on a loaded one.
func Eventually(t testing.TB, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", limit, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Chromium finds the browser for a browser test. go test -short skips browser tests; in CI
// (CI=true) a missing browser fails the test; elsewhere it skips with the reason said. A browser
// test calls it (through its newBrowser) before it sets anything up.
func Chromium(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("a browser test: go test -short skips it (make test runs it)")
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("Chromium is not installed: CI must install it (.ci/run: apt-get install -y chromium)")
	}
	t.Skip("Chromium is not installed here (apt-get install -y chromium); CI runs this test")
	return ""
}

// WaitClosed reads s until the server closes it, and fails the test if it is still open after
// five seconds: what a screen signed out (a card reissued, a session ended) must see.
func WaitClosed(t testing.TB, s *client.Stream, what string) {
	t.Helper()
	s.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		_, err := s.Next()
		if err == nil {
			continue
		}
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			t.Fatalf("%s is still open five seconds after", what)
		}
		return
	}
}
