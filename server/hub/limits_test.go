package hub

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/daihoi/daihoi"
)

// held is how many sockets the hub counts for addr.
func (h *Hub) held(addr string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.byAddr[addr]
}

// waitHeld waits until the hub counts n sockets from loopback.
func waitHeld(t *testing.T, h *Hub, n int, what string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for h.held("127.0.0.1") != n {
		if time.Now().After(deadline) {
			t.Fatalf("%s: the hub counts %d sockets from the address, want %d", what, h.held("127.0.0.1"), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// The count of sockets per address is given back on every way a socket ends: a refused upgrade, a
// screen replaced by a newer one of its sign-in, a screen that closes, and the hub's close.
func TestSocketsPerAddressAreGivenBack(t *testing.T) {
	h := New(Options{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := h.Accept(w, r, Screen{Role: daihoi.HallDisplay, Key: "the hall's sign-in"}, 2)
		if err == ErrAddressFull {
			http.Error(w, "full", http.StatusTooManyRequests)
			return
		}
		if err != nil {
			return
		}
		h.Join(c, nil, 1, func(c *Conn, req *Request) { req.Free() })
	}))
	defer srv.Close()
	url := "ws" + strings.TrimPrefix(srv.URL, "http")

	// An upgrade refused (another site's page) holds nothing.
	if _, resp, err := websocket.DefaultDialer.Dial(url, http.Header{"Origin": {"http://elsewhere.example"}}); err == nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("a foreign origin: %v", err)
	}
	waitHeld(t, h, 0, "after a refused upgrade")

	// The sign-in may hold one screen: the second replaces the first, and the address holds one.
	first, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	waitHeld(t, h, 1, "one screen")
	second, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	first.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, _, err := first.ReadMessage(); !websocket.IsCloseError(err, CloseReplaced) {
		t.Fatalf("the first screen: %v, want closed as replaced", err)
	}
	waitHeld(t, h, 1, "a screen replaced by a newer one")

	// A screen that closes gives its place back.
	second.Close()
	waitHeld(t, h, 0, "after the screen closed")

	a, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	waitHeld(t, h, 1, "before the hub closes")
	h.Close()
	waitHeld(t, h, 0, "after the hub closed")
}

// A socket accepted but abandoned before it joined (a failure in the server between the two)
// gives its place back.
func TestAnAbandonedSocketIsNotHeld(t *testing.T) {
	h := New(Options{})
	defer h.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := h.Accept(w, r, Screen{Role: daihoi.Observer, Key: "k"}, 1); err == nil {
			h.Abandon(c)
		}
	}))
	defer srv.Close()
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, _, err := ws.ReadMessage(); err == nil {
		t.Fatal("the abandoned socket is still open")
	}
	waitHeld(t, h, 0, "after the socket was abandoned")
}
