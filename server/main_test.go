package server_test

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
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

// hall is a real server on 127.0.0.1:0 over a bbolt file in a temp folder, seeded with the demo
// congress.
type hall struct {
	t     *testing.T
	dir   string
	db    *store.DB
	srv   *server.Server
	http  *http.Server
	url   string
	seed  demo.Seed
	codes map[string]string
}

func openHall(t *testing.T, dir string, seed bool) *hall {
	t.Helper()
	db, err := store.Open(dir, time.Second)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	srv, err := server.New(db, server.Options{Logger: logger, Now: clock})
	if err != nil {
		t.Fatalf("new server: %v", err)
	}
	h := &hall{t: t, dir: dir, db: db, srv: srv, seed: demo.New()}
	if seed {
		if h.codes, err = srv.Install(server.Install{CongressFile: h.seed.File(), Cost: bcrypt.MinCost}); err != nil {
			t.Fatalf("install demo: %v", err)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h.url = "http://" + ln.Addr().String()
	h.http = &http.Server{Handler: srv}
	go h.http.Serve(ln)
	t.Cleanup(h.stop)
	return h
}

// logger, when set, receives the next server's log.
var logger *slog.Logger

// clock, when set, is the next server's clock.
var clock func() time.Time

func startHall(t *testing.T) *hall { return openHall(t, t.TempDir(), true) }

// stop shuts the server and closes the file; safe to call twice.
func (h *hall) stop() {
	if h.http == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	h.http.Shutdown(ctx)
	cancel()
	h.srv.Close()
	h.db.Close()
	h.http = nil
}

func (h *hall) login(name string) *client.Client {
	h.t.Helper()
	c := client.New(h.url)
	if _, err := c.Login(context.Background(), name, name+"-2025"); err != nil {
		h.t.Fatalf("login %s: %v", name, err)
	}
	return c
}

func (h *hall) tablet(d daihoi.Delegate) *client.Client {
	h.t.Helper()
	c := client.New(h.url)
	if err := c.SignInCard(context.Background(), h.codes[d.ID]); err != nil {
		h.t.Fatalf("card sign-in %s: %v", d.Name, err)
	}
	return c
}

// seatHolders returns the official and ex-officio delegates of the demo roll.
func (h *hall) seatHolders() []daihoi.Delegate {
	var out []daihoi.Delegate
	for _, d := range h.seed.Roll {
		if d.Category == daihoi.Official || d.Category == daihoi.ExOfficio {
			out = append(out, d)
		}
	}
	return out
}

func (h *hall) checkIn(ds []daihoi.Delegate) {
	h.t.Helper()
	desk := h.login("dontiep")
	for _, d := range ds {
		if _, err := desk.CheckIn(context.Background(), h.codes[d.ID]); err != nil {
			h.t.Fatalf("check in %s: %v", d.Name, err)
		}
	}
}

// must returns v, or stops the test binary with err: for steps that set a test up.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func wantStatus(t *testing.T, what string, err error, status int) {
	t.Helper()
	if got := client.Status(err); got != status {
		t.Fatalf("%s: status %d (%v), want %d", what, got, err, status)
	}
}

// wantBothSay checks that a refusal says why in Vietnamese and in English: each message holds its
// words.
func wantBothSay(t *testing.T, err error, vi, en string) {
	t.Helper()
	var de *daihoi.Error
	if !errors.As(err, &de) || !strings.Contains(de.Vi, vi) || !strings.Contains(de.En, en) {
		t.Fatalf("the refusal %v does not say %q / %q", err, vi, en)
	}
}

// notArrived records d as not arrived at the door (a check-in undone), through the check-in desk.
func (h *hall) notArrived(d daihoi.Delegate) {
	h.t.Helper()
	if err := h.login("dontiep").Post(context.Background(), "/api/delegates/"+d.ID+"/presence", map[string]string{"presence": string(daihoi.NotArrived)}, nil); err != nil {
		h.t.Fatalf("%s not arrived: %v", d.Name, err)
	}
}
