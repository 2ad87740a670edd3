package server_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/daihoi/daihoi/internal/testserver"
	"github.com/daihoi/daihoi/server"
)

// A client that is slow to send its header or its body, or that keeps a connection open and
// idle, is dropped; a screen's websocket, which the hub keeps, is not. (The timeouts are shortened
// here from the congress's 10 s, 30 s and 90 s.)
func TestSlowAndIdleClientsAreDropped(t *testing.T) {
	to := server.Timeouts{Header: 200 * time.Millisecond, Read: 400 * time.Millisecond, Idle: 300 * time.Millisecond}
	h := &hall{testserver.Open(t, testserver.Options{Timeouts: to, TurnoutTick: tick})}
	addr := strings.TrimPrefix(h.URL(), "http://")

	// dropped dials the server, writes what, and reports how long until the server closed the
	// connection (reading whatever it answered first).
	dropped := func(t *testing.T, what string, then func(c net.Conn)) time.Duration {
		t.Helper()
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		start := time.Now()
		if _, err := io.WriteString(c, what); err != nil {
			t.Fatal(err)
		}
		if then != nil {
			then(c)
		}
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := io.Copy(io.Discard, c); err != nil {
			t.Fatalf("the connection was not closed by the server: %v", err)
		}
		return time.Since(start)
	}

	// The server's timers start when it accepts the connection, a moment before the test's clock:
	// a drop is checked to come after half the timeout (not at once) and before three seconds.
	t.Run("a header that never ends", func(t *testing.T) {
		if d := dropped(t, "GET /healthz HTTP/1.1\r\nHost: x\r\n", nil); d < to.Header/2 || d > 3*time.Second {
			t.Fatalf("dropped after %v, want after about %v", d, to.Header)
		}
	})
	t.Run("a body that never comes", func(t *testing.T) {
		d := dropped(t, "POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"name\":", nil)
		if d < to.Read/2 || d > 3*time.Second {
			t.Fatalf("dropped after %v, want after about %v", d, to.Read)
		}
	})
	t.Run("a kept-alive connection left idle", func(t *testing.T) {
		d := dropped(t, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", func(c net.Conn) {
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("healthz: %v %v", resp, err)
			}
			resp.Body.Close()
		})
		if d < to.Idle/2 || d > 3*time.Second {
			t.Fatalf("dropped after %v, want after about %v", d, to.Idle)
		}
	})
	t.Run("a tablet's websocket outlives them all", func(t *testing.T) {
		p, _, tablets := h.election(1)
		s, err := tablets[0].Connect(context.Background(), 0)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		time.Sleep(to.Read + to.Idle + to.Header)
		if r, err := s.Cast(p.ID, ballotFor(p, 0)); err != nil || r.Cast != 1 {
			t.Fatalf("a ballot on the socket after the timeouts: %+v %v", r, err)
		}
	})
}
