package server_test

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"golang.org/x/crypto/bcrypt"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
	"github.com/daihoi/daihoi/internal/testserver"
	"github.com/daihoi/daihoi/server"
	"github.com/daihoi/daihoi/server/hub"
)

// inflatingFrame is one compressed websocket text frame, masked as a client sends it, whose
// 65 KB inflate to 64 MiB of zeros: under the read limit of 64 KiB that gorilla counts on the wire.
func inflatingFrame(t *testing.T) []byte {
	t.Helper()
	var z bytes.Buffer
	fw, _ := flate.NewWriter(&z, flate.BestCompression)
	fw.Write(make([]byte, 64<<20))
	fw.Flush()
	payload := bytes.TrimSuffix(z.Bytes(), []byte{0, 0, 0xff, 0xff}) // RFC 7692: the tail is left out
	if len(payload) >= 64<<10 {
		t.Fatalf("the compressed frame has %d bytes, over the wire's read limit", len(payload))
	}
	frame := []byte{0x80 | 0x40 | websocket.TextMessage, 0x80 | 126, 0, 0, 0, 0, 0, 0} // FIN, RSV1 (compressed); masked with a key of zeros
	binary.BigEndian.PutUint16(frame[2:4], uint16(len(payload)))
	return append(frame, payload...)
}

// dialCompressed opens /ws as a browser does, asking for permessage-deflate.
func dialCompressed(t *testing.T, h *hall, c *client.Client) (*websocket.Conn, error) {
	t.Helper()
	d := websocket.Dialer{EnableCompression: true, HandshakeTimeout: 10 * time.Second}
	ws, resp, err := d.Dial("ws"+strings.TrimPrefix(h.URL(), "http")+"/ws", http.Header{"Cookie": {c.Cookie()}})
	if err != nil {
		if resp != nil { // gorilla keeps the start of the refusal's body
			var body daihoi.ErrorBody
			if json.NewDecoder(resp.Body).Decode(&body) == nil {
				err = &daihoi.Error{Code: body.Code, Vi: body.Message, En: body.MessageEn}
			}
			return nil, &client.StatusError{Status: resp.StatusCode, Err: err}
		}
		return nil, err
	}
	return ws, nil
}

// closeCode reads from ws until it is closed, and returns the close frame's code (0 for none).
func closeCode(ws *websocket.Conn) int {
	ws.SetReadDeadline(time.Now().Add(20 * time.Second))
	for {
		if _, _, err := ws.ReadMessage(); err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				return ce.Code
			}
			return 0
		}
	}
}

// A laptop that sends, on forty sockets at once, a compressed message under the read limit that
// inflates to 64 MiB does not inflate the server: the reader stops at maxRequest, each socket is
// closed with 1009 (message too big), and the server has allocated a small part of one such
// message for all forty (before, it held 2.6 GB). The tablets then vote as before.
func TestInflatedMessagesAreBounded(t *testing.T) {
	var logged server.SyncBuffer
	h := openHallLogged(t, t.TempDir(), &logged)
	const n = 40
	p, _, tablets := h.election(n)
	frame := inflatingFrame(t)
	sockets := make([]*websocket.Conn, n)
	for i, tab := range tablets {
		sockets[i] = testserver.Must(dialCompressed(t, h, tab))
		defer sockets[i].Close()
	}

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i, ws := range sockets {
		wg.Go(func() {
			if _, err := ws.NetConn().Write(frame); err != nil {
				t.Errorf("socket %d: %v", i, err)
			}
			codes[i] = closeCode(ws)
		})
	}
	wg.Wait()
	runtime.ReadMemStats(&after)

	for i, code := range codes {
		if code != websocket.CloseMessageTooBig {
			t.Errorf("socket %d closed with %d, want %d (message too big)", i, code, websocket.CloseMessageTooBig)
		}
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 32<<20 {
		t.Errorf("the server allocated %d MiB for %d inflating messages; one message inflated would be 64 MiB", grew>>20, n)
	}
	if !strings.Contains(logged.String(), "socket request too large") {
		t.Errorf("the log does not say why the sockets were closed:\n%s", logged.String())
	}
	s := testserver.Must(tablets[0].Connect(context.Background(), 0))
	defer s.Close()
	if r, err := s.Cast(p.ID, ballotFor(p, 0)); err != nil || r.Cast != 1 {
		t.Fatalf("a ballot after the attack: %+v %v", r, err)
	}
}

// hallWithSockets is the demo hall with the congress's socket limits set to limits.
func hallWithSockets(t *testing.T, limits daihoi.Sockets, log *server.SyncBuffer) *hall {
	t.Helper()
	if log != nil {
		logger = slog.New(slog.NewTextHandler(log, nil))
	}
	h := openHall(t, t.TempDir(), false)
	logger = nil
	f := h.Demo.File()
	f.Congress.Sockets = limits
	var err error
	if h.Codes, err = h.Srv.Install(server.Install{CongressFile: f, Cost: bcrypt.MinCost}); err != nil {
		t.Fatal(err)
	}
	return h
}

// A sign-in holds at most four sockets: a fifth (a tablet reloading) closes the oldest, which is
// told it was replaced, and the other four go on hearing the hall. A screen account holds as many
// as the congress sets (here 6).
func TestSocketsPerSignIn(t *testing.T) {
	h := hallWithSockets(t, daihoi.Sockets{PerScreenAccount: 6}, nil)
	ctx := context.Background()
	for _, who := range []struct {
		name  string
		c     *client.Client
		limit int
	}{
		{"a delegate's card", h.Tablet(h.SeatHolders()[0]), daihoi.SocketsPerSession},
		{"the hall's account", h.Login("hoitruong"), 6},
	} {
		var open []*websocket.Conn
		for range who.limit + 1 {
			ws := testserver.Must(dialCompressed(t, h, who.c))
			defer ws.Close()
			// The snapshot comes once the screen has joined: the sockets join in the order opened.
			ws.SetReadDeadline(time.Now().Add(10 * time.Second))
			if _, _, err := ws.ReadMessage(); err != nil {
				t.Fatal(err)
			}
			open = append(open, ws)
		}
		if code := closeCode(open[0]); code != hub.CloseReplaced {
			t.Fatalf("%s: the oldest of %d sockets closed with %d, want %d (replaced)", who.name, who.limit+1, code, hub.CloseReplaced)
		}
		if _, err := h.Login("dct1").AgendaNext(ctx); err != nil {
			t.Fatal(err)
		}
		for i, ws := range open[1:] {
			ws.SetReadDeadline(time.Now().Add(10 * time.Second))
			for {
				_, data, err := ws.ReadMessage()
				if err != nil {
					t.Fatalf("%s: socket %d of the newest %d: %v", who.name, i+2, who.limit, err)
				}
				if strings.Contains(string(data), `"type":"event"`) {
					break
				}
			}
		}
	}
}

// One network address holds at most as many sockets as the congress sets: one more is refused
// with 429 and a message in both languages, the log says so, and a socket closed makes room.
func TestSocketsPerAddress(t *testing.T) {
	var logged server.SyncBuffer
	h := hallWithSockets(t, daihoi.Sockets{PerAddress: 3}, &logged)
	var open []*websocket.Conn
	for _, d := range h.SeatHolders()[:3] {
		ws := testserver.Must(dialCompressed(t, h, h.Tablet(d)))
		defer ws.Close()
		open = append(open, ws)
	}
	tab := h.Tablet(h.SeatHolders()[3])
	_, err := dialCompressed(t, h, tab)
	testserver.WantStatus(t, "a fourth socket from one address", err, http.StatusTooManyRequests)
	testserver.WantBothSay(t, err, "đã mở 3 kết nối", "holds 3 connections")
	if !strings.Contains(logged.String(), "socket limit per address") {
		t.Errorf("the log does not say a socket was refused:\n%s", logged.String())
	}
	open[0].Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ws, err := dialCompressed(t, h, tab)
		if err == nil {
			ws.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a socket closed made no room: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
