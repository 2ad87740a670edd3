package hub

import (
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/daihoi/daihoi"
)

// Screens that stop reading (tablets whose Wi-Fi froze) must not hold up the hall: the other
// screens get every event, in order, while the writes to the frozen screens are stuck; a frozen
// screen that falls sendBuffer events behind is dropped and its socket closed, so that it
// reconnects and resynchronises when it wakes. There are more frozen screens than the broadcast's
// first workers, so it must add workers to get past them.
func TestFrozenScreensDoNotHoldUpTheHall(t *testing.T) {
	hs := newHubOnSockets()
	defer hs.close()
	frozenDialer := &websocket.Dialer{NetDial: func(network, addr string) (net.Conn, error) {
		c, err := net.Dial(network, addr)
		if err == nil {
			c.(*net.TCPConn).SetReadBuffer(4 << 10)
		}
		return c, err
	}}
	frozen := make([]*websocket.Conn, runtime.GOMAXPROCS(0)+1)
	for i := range frozen {
		frozen[i] = hs.dial(t, frozenDialer, "sndbuf=8192") // it blocks soon
		defer frozen[i].Close()
	}
	healthy := []*websocket.Conn{hs.dial(t, websocket.DefaultDialer, ""), hs.dial(t, websocket.DefaultDialer, "")}

	// The healthy screens read each event as it comes; the next is published once they have it,
	// as a hall's events come slower than a screen reads them. Publishing goes on until sendBuffer
	// events more than the frozen screens' stuck writes took have been offered (on a busy machine
	// a flush may take many events in its first batch before its write sticks), at most events.
	const events = 4 * sendBuffer
	got := make(chan error, len(healthy))
	for _, ws := range healthy {
		go func() {
			defer ws.Close()
			for want := uint64(1); want <= events; want++ {
				_, data, err := ws.ReadMessage()
				var m daihoi.Message
				if err == nil && (json.Unmarshal(data, &m) != nil || m.Seq != want) {
					err = fmt.Errorf("want event %d, got %.40s", want, data)
				}
				got <- err
				if err != nil {
					return
				}
			}
		}()
	}
	stuck := func(i int) bool {
		if hs.conns[i].wmu.TryLock() {
			hs.conns[i].wmu.Unlock()
			return false
		}
		return true
	}
	allStuck, checked := 0, false
	for i := 1; i <= events && (allStuck == 0 || i <= allStuck+sendBuffer+10); i++ {
		hs.h.Publish([]daihoi.Event{agendaEvent(uint64(i), 8<<10)})
		for range healthy {
			if err := <-got; err != nil {
				t.Fatalf("a healthy screen: %v", err)
			}
		}
		// Ten events after every frozen screen's write got stuck, the healthy screens have had
		// them, and the frozen writes are still stuck: nobody waited for them. (No frozen screen
		// is dropped yet: its line holds ten events, not sendBuffer.)
		if allStuck == 0 && !slices.ContainsFunc(hs.conns[:len(frozen)], func(c *Conn) bool { return !stuck(slices.Index(hs.conns, c)) }) {
			allStuck = i
		}
		if allStuck > 0 && i == allStuck+10 {
			for k := range frozen {
				if !stuck(k) {
					t.Fatalf("frozen screen %d: its write is no longer stuck ten events later", k)
				}
			}
			checked = true
		}
	}
	if !checked {
		t.Fatal("the frozen screens' writes never all got stuck: the test did not freeze them")
	}

	// Each frozen screen fell sendBuffer events behind: dropped, and its socket closed.
	hs.h.mu.Lock()
	dropped := hs.h.dropped
	for i := range frozen {
		if _, ok := hs.h.conns[hs.conns[i]]; ok {
			t.Errorf("frozen screen %d is still in the hall", i)
		}
	}
	hs.h.mu.Unlock()
	if dropped != len(frozen) {
		t.Fatalf("%d screens dropped, want the %d frozen ones", dropped, len(frozen))
	}
	for i, ws := range frozen {
		for {
			if _, _, err := ws.ReadMessage(); err != nil {
				var ce *websocket.CloseError
				if errors.As(err, &ce) && ce.Code != websocket.CloseAbnormalClosure && ce.Text != "resync" {
					t.Fatalf("frozen screen %d: %v, want the connection closed or a close asking it to resync", i, err)
				}
				break
			}
		}
	}
}

// Pings go out in a screen's line like events, once pingPeriod has passed since its last one.
func TestPingsGoOutInTheScreensLine(t *testing.T) {
	hs := newHubOnSockets()
	defer hs.close()
	ws := hs.dial(t, websocket.DefaultDialer, "")
	defer ws.Close()
	pinged := make(chan struct{}, 1)
	ws.SetPingHandler(func(string) error { pinged <- struct{}{}; return nil })
	go func() {
		for {
			if _, _, err := ws.ReadMessage(); err != nil {
				return
			}
		}
	}()

	c := hs.conns[0]
	hs.h.mu.Lock()
	connected := c.lastPing
	hs.h.mu.Unlock()
	hs.h.pings()
	hs.h.mu.Lock()
	if !c.lastPing.Equal(connected) {
		t.Fatal("a screen connected just now was pinged")
	}
	c.lastPing = time.Now().Add(-pingPeriod)
	hs.h.mu.Unlock()
	hs.h.pings()
	select {
	case <-pinged:
	case <-time.After(10 * time.Second):
		t.Fatal("no ping reached the screen")
	}
}

// A write that stays stuck is ended by the sweep, which closes the screen's socket: the screen
// leaves the hall and, reading again, finds the connection closed.
func TestSweepEndsAStuckWrite(t *testing.T) {
	hs := newHubOnSockets()
	defer hs.close()
	frozen := hs.dial(t, &websocket.Dialer{NetDial: func(network, addr string) (net.Conn, error) {
		c, err := net.Dial(network, addr)
		if err == nil {
			c.(*net.TCPConn).SetReadBuffer(4 << 10)
		}
		return c, err
	}}, "sndbuf=8192")
	defer frozen.Close()
	c := hs.conns[0]
	for i := uint64(1); c.writing.Load() == 0 || time.Since(time.Unix(0, c.writing.Load())) < 100*time.Millisecond; i++ {
		if i < sendBuffer {
			hs.h.Publish([]daihoi.Event{agendaEvent(i, 8<<10)})
		}
		time.Sleep(time.Millisecond)
	}
	hs.h.sweep(50 * time.Millisecond)
	for hs.h.Count() != 0 {
		time.Sleep(time.Millisecond)
	}
	for {
		if _, _, err := frozen.ReadMessage(); err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) && ce.Code != websocket.CloseAbnormalClosure {
				t.Fatalf("the screen got a close frame (%v); its socket should just have been closed", err)
			}
			break
		}
	}
}

// A request whose handler panics costs its own socket, not the server: the panic is logged and the
// socket closed, and the other screens go on being answered. (The socket is read outside
// net/http's handler, which would otherwise have recovered the panic.)
func TestAPanickingRequestCostsOnlyItsSocket(t *testing.T) {
	var logged syncBuffer
	hs := newHubHandling(func(c *Conn, req *Request) {
		data := string(req.b)
		req.Free()
		if data == "boom" {
			var m map[string]int
			m["boom"]++ // a nil map: a real panic, as a bug would cause
		}
		c.Reply(daihoi.Message{Type: "echo", Ref: data})
	}, slog.New(slog.NewTextHandler(&logged, nil)))
	defer hs.close()
	dial := func() *websocket.Conn {
		ws := hs.dial(t, websocket.DefaultDialer, "")
		ws.SetReadDeadline(time.Now().Add(10 * time.Second))
		return ws
	}
	bad, good := dial(), dial()
	defer bad.Close()
	defer good.Close()

	bad.WriteMessage(websocket.TextMessage, []byte("boom"))
	if _, msg, err := bad.ReadMessage(); err == nil {
		t.Fatalf("the socket whose request panicked got %s, want it closed", msg)
	}
	good.WriteMessage(websocket.TextMessage, []byte("hello"))
	_, msg, err := good.ReadMessage()
	if err != nil || !strings.Contains(string(msg), `"ref":"hello"`) {
		t.Fatalf("the other screen: %s, %v", msg, err)
	}
	if !strings.Contains(logged.String(), "socket request panicked") || !strings.Contains(logged.String(), "nil map") {
		t.Errorf("the panic is not in the log: %s", logged.String())
	}
}

// A screen that did not ask for compression gets each message's frame as the hub built it; one
// that asked (as browsers do) gets it compressed by the hub. Both read the same messages, at the
// edges of the three sizes of a frame's header (the length in the first bytes, in two more, in
// eight more), with a ping among them; and an answer to a request.
func TestFramesWithAndWithoutCompression(t *testing.T) {
	hs := newHubHandling(func(c *Conn, req *Request) {
		ref := string(req.b)
		req.Free()
		c.Reply(daihoi.Message{Type: "echo", Ref: ref})
	}, nil)
	defer hs.close()
	var plainBytes, deflateBytes atomic.Int64 // read from each screen's socket
	counting := func(n *atomic.Int64, compress bool) *websocket.Dialer {
		return &websocket.Dialer{EnableCompression: compress, NetDial: func(network, addr string) (net.Conn, error) {
			c, err := net.Dial(network, addr)
			return countingConn{c, n}, err
		}}
	}
	plain := hs.dial(t, counting(&plainBytes, false), "")
	deflate := hs.dial(t, counting(&deflateBytes, true), "")
	for _, ws := range []*websocket.Conn{plain, deflate} {
		defer ws.Close()
		ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	}
	if hs.conns[0].framing != framePlain || hs.conns[1].framing != frameDeflate {
		t.Fatalf("framing %d, %d: want the first screen's events as they are, the second's compressed by the hub", hs.conns[0].framing, hs.conns[1].framing)
	}
	pinged := make(chan string, 2)
	for _, ws := range []*websocket.Conn{plain, deflate} {
		ws.SetPingHandler(func(string) error { pinged <- "ping"; return nil })
	}

	var want [][]byte
	for i, n := range []int{0, 125, 126, 0xffff, 0x10000, 100 << 10} {
		e, b := eventOfSize(uint64(i+1), n)
		if n > 0 && len(b) != n {
			t.Fatalf("the event is %d bytes, want %d", len(b), n)
		}
		want = append(want, b)
		hs.h.Publish([]daihoi.Event{e})
		if i == 2 {
			hs.h.mu.Lock()
			var ready []*Conn
			for _, c := range hs.conns {
				ready = hs.h.offer(c, ping, ready)
			}
			hs.h.mu.Unlock()
			StartFlush(ready)
		}
	}
	for _, ws := range []*websocket.Conn{plain, deflate} {
		for i, w := range want {
			_, got, err := ws.ReadMessage() // the ping handler runs inside the read
			if err != nil {
				t.Fatalf("message %d (%d bytes): %v", i, len(w), err)
			}
			if !bytes.Equal(got, w) {
				t.Fatalf("message %d: got %d bytes %.60s, want %d bytes %.60s", i, len(got), got, len(w), w)
			}
		}
	}
	for range 2 {
		select {
		case <-pinged:
		default:
			t.Fatal("a screen was not pinged")
		}
	}
	// The events are mostly padding: compressed, they take a few hundred bytes, not 230,000.
	if p, d := plainBytes.Load(), deflateBytes.Load(); d*20 > p {
		t.Errorf("the compressing screen read %d bytes, the other %d: want it compressed", d, p)
	}
	for _, ws := range []*websocket.Conn{plain, deflate} {
		ws.WriteMessage(websocket.TextMessage, []byte("r1"))
		_, got, err := ws.ReadMessage()
		if err != nil || string(got) != `{"type":"echo","ref":"r1"}` {
			t.Fatalf("answer: %s, %v", got, err)
		}
	}
}

// countingConn counts what is read from a connection.
type countingConn struct {
	net.Conn
	n *atomic.Int64
}

func (c countingConn) Read(p []byte) (int, error) {
	k, err := c.Conn.Read(p)
	c.n.Add(int64(k))
	return k, err
}

// The hub compresses a screen's events only when gorilla has certainly agreed to compression; any
// other screen gets them as they are (which a screen that agreed may be sent too).
func TestFramingOf(t *testing.T) {
	for _, c := range []struct {
		offers []string
		want   framing
	}{
		{nil, framePlain},
		{[]string{""}, framePlain},
		{[]string{"permessage-deflate"}, frameDeflate},
		{[]string{"permessage-deflate; client_max_window_bits"}, frameDeflate},                                 // Chromium, Firefox
		{[]string{"permessage-deflate; server_no_context_takeover; client_no_context_takeover"}, frameDeflate}, // gorilla's client
		{[]string{"x-webkit-deflate-frame, permessage-deflate;client_max_window_bits=15"}, frameDeflate},
		{[]string{"\tpermessage-deflate\t;\tclient_max_window_bits\t"}, frameDeflate},
		{[]string{"x-other", "permessage-deflate"}, frameDeflate},
		{[]string{"", "permessage-deflate"}, frameDeflate},
		{[]string{`"bad`, "permessage-deflate"}, frameDeflate}, // gorilla reads each line on its own
		{[]string{"x-other; a=1"}, framePlain},
		{[]string{"x-other; permessage-deflate=1"}, framePlain}, // named as a parameter: gorilla agrees to nothing
		{[]string{"Permessage-Deflate"}, framePlain},            // gorilla's match is exact
		// Offers gorilla agrees to, read with caution: the messages go as they are.
		{[]string{`permessage-deflate; client_max_window_bits="15"`}, framePlain},
		{[]string{"permessage-deflate,"}, framePlain},
		{[]string{"permessage-deflate, x=y"}, framePlain},
	} {
		r, _ := http.NewRequest("GET", "/ws", nil)
		for _, o := range c.offers {
			r.Header.Add("Sec-WebSocket-Extensions", o)
		}
		if got := framingOf(&upgrader, r); got != c.want {
			t.Errorf("%q: framing %d, want %d", c.offers, got, c.want)
		}
	}
}

// Against the real upgraders (a tablet's, and the other screens'): a screen whose messages the hub
// compresses is one gorilla agreed to compression with, in its answer to the handshake; and the
// browsers' offer gets both.
func TestCompressionOnlyWhereAgreed(t *testing.T) {
	for _, role := range []daihoi.Role{daihoi.DelegateRole, daihoi.HallDisplay} {
		compressionOnlyWhereAgreed(t, upgraderFor(role))
	}
}

func compressionOnlyWhereAgreed(t *testing.T, up *websocket.Upgrader) {
	got := make(chan framing, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := up.Upgrade(w, r, nil)
		if err != nil {
			got <- framePlain
			return
		}
		got <- framingOf(up, r)
		ws.Close()
	}))
	defer srv.Close()
	for _, lines := range [][]string{
		{"permessage-deflate; client_max_window_bits"},
		{"permessage-deflate,"},
		{"\tpermessage-deflate\t;\tclient_max_window_bits\t"},
		{"", "permessage-deflate"},
		{"x; permessage-deflate", `"bad`},
		{"Permessage-Deflate"},
		{"permessage-deflate, x=y"},
		{"x=y, permessage-deflate"},
		{`permessage-deflate; client_max_window_bits="15"`},
		{"permessage-deflate; server_max_window_bits=10"},
	} {
		c, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		req := "GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
		for _, l := range lines {
			req += "sec-websocket-extensions: " + l + "\r\n" // lower case, as some clients send it
		}
		fmt.Fprint(c, req+"\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		agreed := strings.Contains(resp.Header.Get("Sec-WebSocket-Extensions"), "permessage-deflate")
		if f := <-got; f == frameDeflate && !agreed {
			t.Errorf("%q: the hub would compress, gorilla did not agree", lines)
		} else if lines[0] == "permessage-deflate; client_max_window_bits" && (f != frameDeflate || !agreed) {
			t.Errorf("the browsers' offer: framing %d, agreed %v", f, agreed)
		}
		c.Close()
	}
}

// A compressed frame is a final text frame with RSV1 set whose payload, with the four bytes the
// sender leaves off put back (RFC 7692), inflates to the message; an empty message too. A message
// compressed for many screens is compressed once.
func TestDeflateFrame(t *testing.T) {
	inflate := func(f []byte) []byte {
		if f[0] != 0xc1 {
			t.Fatalf("first byte %#x, want FIN, RSV1 and text (0xc1)", f[0])
		}
		r := flate.NewReader(io.MultiReader(bytes.NewReader(f[len(f)-payloadLen(f):]), strings.NewReader("\x00\x00\xff\xff\x01\x00\x00\xff\xff")))
		out, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, n := range []int{0, 1, 125, 126, 1000, 0xffff, 0x10000, 200000} {
		p := make([]byte, n)
		for i := range p {
			p[i] = "daihoi, đại hội "[i%16] ^ byte(i*7919>>5)
		}
		if got := inflate(deflateFrame(p)); !bytes.Equal(got, p) {
			t.Fatalf("%d bytes: inflated to %d different bytes", n, len(got))
		}
	}
	o := &outgoing{frame: TextFrame([]byte(strings.Repeat("biểu quyết ", 1000)))}
	var wg sync.WaitGroup
	var frames [8][]byte
	for i := range frames {
		wg.Add(1)
		go func() { defer wg.Done(); frames[i] = o.deflate() }()
	}
	wg.Wait()
	for i := range frames {
		if &frames[i][0] != &frames[0][0] {
			t.Fatal("the message was compressed more than once")
		}
	}
}

// eventOfSize is an event whose message is n bytes on the wire (at least its envelope's size).
func eventOfSize(seq uint64, n int) (daihoi.Event, []byte) {
	e := daihoi.Event{Seq: seq, Type: daihoi.EvAgenda, At: time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC), Data: json.RawMessage(`""`)}
	size := func() []byte {
		b, _ := json.Marshal(daihoi.Message{Type: "event", Seq: e.Seq, Event: &e})
		return b
	}
	if pad := n - len(size()); pad > 0 {
		e.Data = json.RawMessage(`"` + strings.Repeat("x", pad) + `"`)
	}
	return e, size()
}

// A client that pings (a native app's websocket library, a proxy) gets its pong, and its screen
// goes on getting events: gorilla's own answer would have left a deadline of a second on the
// socket, and every write after it would have failed.
func TestAClientsPingIsAnswered(t *testing.T) {
	hs := newHubOnSockets()
	defer hs.close()
	ws := hs.dial(t, websocket.DefaultDialer, "")
	defer ws.Close()
	ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	ponged := make(chan string, 1)
	ws.SetPongHandler(func(data string) error { ponged <- data; return nil })

	if err := ws.WriteControl(websocket.PingMessage, []byte("are you there"), time.Now().Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1200 * time.Millisecond) // past gorilla's deadline for its own answer
	e, want := eventOfSize(1, 300)
	hs.h.Publish([]daihoi.Event{e})
	_, got, err := ws.ReadMessage() // the pong is handled inside the read
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("after a ping: %.60s, %v", got, err)
	}
	select {
	case data := <-ponged:
		if data != "are you there" {
			t.Errorf("pong %q, want the ping's data", data)
		}
	default:
		t.Error("no pong")
	}
}

// A frame's header says its payload's length in one, three or nine bytes after the first.
func TestFinishFrame(t *testing.T) {
	for _, c := range []struct {
		n      int
		header []byte
	}{
		{0, []byte{0x81, 0}},
		{125, []byte{0x81, 125}},
		{126, []byte{0x81, 126, 0, 126}},
		{0xffff, []byte{0x81, 126, 0xff, 0xff}},
		{0x10000, []byte{0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0}},
	} {
		payload := bytes.Repeat([]byte{'x'}, c.n)
		f := TextFrame(payload)
		if !bytes.Equal(f[:len(c.header)], c.header) || !bytes.Equal(f[len(c.header):], payload) {
			t.Errorf("%d bytes: header % x, want % x", c.n, f[:min(len(f), 10)], c.header)
		}
		if n := payloadLen(f); n != c.n {
			t.Errorf("%d bytes: payloadLen says %d", c.n, n)
		}
	}
}

// syncBuffer is a log the hub's goroutines write while a test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
