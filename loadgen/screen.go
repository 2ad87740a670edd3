package loadgen

// The bench's screens: each a websocket to the server, read (on Linux) by the epoll sets of
// sockets_linux.go or by a goroutine through gorilla/websocket, noting when the awaited message
// arrives; a tablet's ballot sent on its socket and its answer.

import (
	"bufio"
	"bytes"
	"context"
	crand "crypto/rand"
	"crypto/sha1"
	"crypto/tls"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	neturl "net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
)

// screen is one websocket of the bench: it counts the bytes on the wire and notes when the
// awaited message arrives. On Linux its socket is read by readScreens' epoll sets (raw); elsewhere,
// or with --compress, by a goroutine through gorilla/websocket (ws).
type screen struct {
	ws       *websocket.Conn
	raw      net.Conn  // raw: the socket, until readScreens takes it over
	out      io.Writer // raw: where frames to the server go
	closer   func()    // raw: closes the socket
	pending  []byte    // raw: the start of a frame not yet whole
	frag     []byte    // raw: a fragmented message so far
	first    bool      // the next message is the first: the snapshot
	debug    bool
	bytes    atomic.Int64
	snapshot chan struct{}
	mu       sync.Mutex
	want     []byte
	got      chan time.Time
	gotLen   int           // the awaited message's length
	buf      []byte        // the last message, read into the same memory each time
	answers  chan answered // the answers to what this tablet sent on the socket

	// For the restart (see restart.go): whom the screen is signed in as and how it dialled, to
	// dial again; a count of the answers to the hall's ballots; and, once it reconnects, the
	// latest sequence number it awaits and when it came.
	owner    *client.Client
	compress bool
	tlsConf  *tls.Config
	answered *atomic.Int64
	resumed  bool   // dialled with ?since=N
	seqSeen  uint64 // resumed: the first sequence number it was sent, and when
	seqAt    time.Time
}

// message handles one whole message from the server, arrived at now.
func (s *screen) message(data []byte, now time.Time) {
	if bytes.HasPrefix(data, []byte(`{"type":"receipt"`)) || bytes.HasPrefix(data, []byte(`{"type":"error"`)) {
		s.answers <- answered{at: now, data: bytes.Clone(data)}
		if s.answered != nil {
			s.answered.Add(1)
		}
		return
	}
	if s.resumed && s.seqSeen == 0 {
		if n := seqOf(data); n > 0 {
			s.seqSeen, s.seqAt = n, now
		}
	}
	if s.debug {
		fmt.Fprintf(os.Stderr, "screen message: %d bytes (wire total %d): %.70s\n", len(data), s.bytes.Load(), data)
	}
	if s.first {
		s.first = false
		close(s.snapshot)
		return
	}
	s.mu.Lock()
	if s.want != nil && bytes.Contains(data, s.want) {
		s.gotLen = len(data)
		s.got <- now
		s.want = nil
	}
	s.mu.Unlock()
}

// ended is called once when the socket ends.
func (s *screen) ended() {
	if s.first {
		s.first = false
		close(s.snapshot)
	}
}

// writeText sends a text message to the server, masked as a client must.
func (s *screen) writeText(p []byte) error {
	if s.out == nil {
		return s.ws.WriteMessage(websocket.TextMessage, p)
	}
	return writeClientFrame(s.out, 0x1, p)
}

func (s *screen) close() {
	if s.closer != nil {
		s.closer()
	} else {
		s.ws.Close()
	}
}

// countingConn counts what the server sends, as it comes off the socket.
type countingConn struct {
	net.Conn
	n *atomic.Int64
}

func (c countingConn) Read(p []byte) (int, error) {
	k, err := c.Conn.Read(p)
	c.n.Add(int64(k))
	return k, err
}

// dialScreen opens a screen's websocket with the client's cookies; compress asks for
// permessage-deflate (Config.Compress). Over TLS (tlsConf) the socket is read through
// gorilla/websocket: the epoll reader reads frames off the raw socket, not TLS records.
func dialScreen(ctx context.Context, c *client.Client, compress bool, tlsConf *tls.Config) (*screen, error) {
	return dialScreenSince(ctx, c, compress, tlsConf, 0)
}

// dialScreenSince dials as dialScreen does; since > 0 resumes after that sequence number, as a
// screen reconnecting does (/ws?since=N): the server sends what was missed, a snapshot, or
// nothing when nothing was.
func dialScreenSince(ctx context.Context, c *client.Client, compress bool, tlsConf *tls.Config, since uint64) (*screen, error) {
	s := &screen{snapshot: make(chan struct{}), answers: make(chan answered, 4), first: true, owner: c, compress: compress, tlsConf: tlsConf}
	path := "/ws"
	if since > 0 {
		path += "?since=" + strconv.FormatUint(since, 10)
		s.first, s.resumed = false, true
	}
	if RawScreens && !compress && tlsConf == nil {
		return s, s.dialRaw(ctx, c.BaseURL, path, c.Cookie())
	}
	hdr := http.Header{"Cookie": {c.Cookie()}}
	u := "ws" + strings.TrimPrefix(c.BaseURL, "http") + path
	d := websocket.Dialer{HandshakeTimeout: 60 * time.Second, EnableCompression: compress, ReadBufferSize: 16 << 10, TLSClientConfig: tlsConf,
		NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			conn, err := (&net.Dialer{}).DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return countingConn{conn, &s.bytes}, nil
		}}
	ws, _, err := d.DialContext(ctx, u, hdr)
	if err != nil {
		return nil, err
	}
	s.ws = ws
	return s, nil
}

// awaitSnapshot reads the socket until its first message, the snapshot, has come (a tablet shows
// its screen then), within limit; readScreens reads on from there.
func (s *screen) awaitSnapshot(limit time.Duration) error {
	if s.raw == nil {
		s.ws.SetReadDeadline(time.Now().Add(limit))
		defer s.ws.SetReadDeadline(time.Time{})
		data, err := s.next()
		if err != nil {
			return err
		}
		s.message(data, time.Now())
		return nil
	}
	s.raw.SetReadDeadline(time.Now().Add(limit))
	defer s.raw.SetReadDeadline(time.Time{})
	buf := make([]byte, 16<<10)
	for {
		var err error
		if s.pending, err = s.frames(s.pending, time.Now()); err != nil {
			return err
		}
		if !s.first {
			return nil
		}
		n, err := s.raw.Read(buf)
		s.bytes.Add(int64(n))
		s.pending = append(s.pending, buf[:n]...)
		if err != nil {
			return err
		}
	}
}

// dialRaw opens the websocket by hand (RFC 6455 §4.1): the bytes that follow the server's answer
// stay in s.pending, for the poller to read on from.
func (s *screen) dialRaw(ctx context.Context, base, path, cookie string) error {
	u, err := neturl.Parse(base)
	if err != nil {
		return err
	}
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", u.Host)
	if err != nil {
		return err
	}
	if limit, ok := ctx.Deadline(); ok { // the handshake's too
		conn.SetDeadline(limit)
		defer conn.SetDeadline(time.Time{})
	}
	var nonce [16]byte
	crand.Read(nonce[:])
	key := base64.StdEncoding.EncodeToString(nonce[:])
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\nCookie: %s\r\n\r\n", path, u.Host, key, cookie)
	br := bufio.NewReader(countingConn{conn, &s.bytes}) // the answer's bytes count, as gorilla's do
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		conn.Close()
		return err
	}
	sum := sha1.Sum([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
	if resp.StatusCode != http.StatusSwitchingProtocols || resp.Header.Get("Sec-WebSocket-Accept") != base64.StdEncoding.EncodeToString(sum[:]) {
		conn.Close()
		return fmt.Errorf("websocket handshake: %s", resp.Status)
	}
	rest, _ := br.Peek(br.Buffered())
	s.pending = bytes.Clone(rest)
	s.raw, s.out = conn, conn
	s.closer = func() { conn.Close() }
	return nil
}

// frames handles the whole frames at the start of b and returns the rest: the start of a frame
// still on its way. A server's frames are not masked; this screen asked for no extension.
func (s *screen) frames(b []byte, now time.Time) ([]byte, error) {
	for len(b) >= 2 {
		fin, op, n, h := b[0]&0x80 != 0, b[0]&0x0f, int(b[1]&0x7f), 2
		if b[0]&0x70 != 0 || b[1]&0x80 != 0 {
			return nil, errors.New("the server sent a frame with reserved bits or a mask")
		}
		switch n {
		case 126:
			if len(b) < 4 {
				return b, nil
			}
			n, h = int(binary.BigEndian.Uint16(b[2:])), 4
		case 127:
			if len(b) < 10 {
				return b, nil
			}
			n, h = int(binary.BigEndian.Uint64(b[2:])), 10
		}
		if len(b) < h+n {
			return b, nil
		}
		payload := b[h : h+n]
		b = b[h+n:]
		switch op {
		case 0x1, 0x2:
			if fin {
				s.message(payload, now)
			} else {
				s.frag = append(s.frag[:0], payload...)
			}
		case 0x0:
			s.frag = append(s.frag, payload...)
			if fin {
				s.message(s.frag, now)
			}
		case 0x8:
			return nil, io.EOF
		case 0x9:
			if err := writeClientFrame(s.out, 0xA, payload); err != nil {
				return nil, err
			}
		}
	}
	return b, nil
}

// writeClientFrame writes one final frame, masked.
func writeClientFrame(w io.Writer, op byte, p []byte) error {
	_, err := w.Write(clientFrame(op, p))
	return err
}

// clientFrame is one final frame, masked with a random key as every client frame must be.
func clientFrame(op byte, p []byte) []byte {
	frame := make([]byte, 0, 14+len(p))
	frame = append(frame, 0x80|op)
	switch {
	case len(p) < 126:
		frame = append(frame, 0x80|byte(len(p)))
	case len(p) <= 0xffff:
		frame = append(frame, 0x80|126)
		frame = binary.BigEndian.AppendUint16(frame, uint16(len(p)))
	default:
		frame = append(frame, 0x80|127)
		frame = binary.BigEndian.AppendUint64(frame, uint64(len(p)))
	}
	var mask [4]byte
	crand.Read(mask[:])
	frame = append(frame, mask[:]...)
	for i, c := range p {
		frame = append(frame, c^mask[i&3])
	}
	return frame
}

// readScreensGorilla reads each screen on a goroutine of its own, through gorilla/websocket.
func readScreensGorilla(screens []*screen) {
	for _, s := range screens {
		go s.read()
	}
}

func (s *screen) watch(marker []byte) {
	s.mu.Lock()
	s.want, s.got = marker, make(chan time.Time, 1)
	s.mu.Unlock()
}

func (s *screen) read() {
	for {
		data, err := s.next()
		if err != nil {
			s.ended()
			return
		}
		s.message(data, time.Now())
	}
}

// next reads one message into the screen's buffer, as a browser reads it whole.
func (s *screen) next() ([]byte, error) {
	_, r, err := s.ws.NextReader()
	if err != nil {
		return nil, err
	}
	n := 0
	for {
		if n == len(s.buf) {
			s.buf = append(s.buf, make([]byte, max(4096, len(s.buf)))...)
		}
		k, err := r.Read(s.buf[n:])
		n += k
		if err == io.EOF {
			return s.buf[:n], nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// prepared is a message ready to go on a screen's socket: framed and masked beforehand when the
// bench frames its own.
type prepared struct {
	s           *screen
	text, frame []byte
}

func (s *screen) prepare(text []byte) prepared {
	p := prepared{s: s, text: text}
	if s.out != nil {
		p.frame = clientFrame(0x1, text)
	}
	return p
}

func (p prepared) send() error {
	if p.frame != nil {
		_, err := p.s.out.Write(p.frame)
		return err
	}
	return p.s.writeText(p.text)
}

// answer waits for the reply to the ballot sent; the reply is checked later (answered.check).
func (s *screen) answer() answered {
	select {
	case a := <-s.answers:
		return a
	case <-time.After(2 * time.Minute):
		return answered{err: errors.New("no answer to the ballot within two minutes")}
	}
}

// check tells whether the answer was a receipt.
func (a answered) check() error {
	if a.err != nil {
		return a.err
	}
	var m daihoi.Message
	if err := json.Unmarshal(a.data, &m); err != nil {
		return err
	}
	if m.Error != nil {
		return fmt.Errorf("%d %s: %s", m.Status, m.Error.Code, m.Error.MessageEn)
	}
	var rc daihoi.Receipt
	if err := json.Unmarshal(m.Data, &rc); err != nil || rc.Receipt == "" {
		return fmt.Errorf("no receipt in the answer: %s", a.data)
	}
	return nil
}

// answered is a reply to what a tablet sent, and when it arrived.
type answered struct {
	at   time.Time
	data []byte
	err  error
}

// seqOf reads a message's sequence number ("seq", right after its type), 0 if it has none.
func seqOf(data []byte) uint64 {
	i := bytes.Index(data[:min(len(data), 48)], []byte(`"seq":`))
	if i < 0 {
		return 0
	}
	var n uint64
	for _, c := range data[i+6:] {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + uint64(c-'0')
	}
	return n
}

// wireLen is the length on the wire of a message of n bytes sent by the server (no mask).
func wireLen(n int) int {
	switch {
	case n < 126:
		return n + 2
	case n < 1<<16:
		return n + 4
	}
	return n + 10
}

// collect waits for every screen's awaited message and returns the delays after t0.
func collect(screens []*screen, t0 time.Time, limit time.Duration) (Percentiles, int) {
	deadline := time.After(limit)
	var d []time.Duration
	missed := 0
	for _, s := range screens {
		s.mu.Lock()
		ch := s.got
		s.mu.Unlock()
		select {
		case t := <-ch:
			d = append(d, t.Sub(t0))
		case <-deadline:
			missed++
			deadline = closedTime()
		}
	}
	if os.Getenv("DAIHOI_BENCH_TIMELINE") != "" && len(d) > 0 {
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		fmt.Fprintf(os.Stderr, "bench: arrivals first %v p10 %v p50 %v p90 %v last %v\n", d[0], d[len(d)/10], d[len(d)/2], d[len(d)*9/10], d[len(d)-1])
	}
	return percentiles(d), missed
}

func closedTime() <-chan time.Time {
	ch := make(chan time.Time)
	close(ch)
	return ch
}
