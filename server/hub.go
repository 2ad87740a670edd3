package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"github.com/daihoi/daihoi"
)

const (
	writeWait   = 10 * time.Second
	pongWait    = 60 * time.Second
	pingPeriod  = 25 * time.Second
	sendBuffer  = 256  // messages a screen may fall behind before it is dropped
	ringSize    = 4096 // recent events kept in memory for screens that resume
	turnoutTick = time.Second
)

// conn is one screen. Its events go out in order through its line (queue): whoever finds the line
// empty writes, and keeps writing until it is empty again. There is no writer goroutine per screen;
// a broadcast is written by a few workers (see flushAll).
type conn struct {
	ws       *websocket.Conn
	role     daihoi.Role
	delegate string
	sess     daihoi.Session // who signed in on this screen: a ballot on the socket is theirs
	key      string         // the session's key: a ballot is taken only while the session lasts
	inFlight chan struct{}  // a delegate's ballot sent on the socket and not yet answered (cap 1)

	wmu     sync.Mutex   // one write on the socket at a time: an event's, a ping's or an answer's
	writing atomic.Int64 // when the write in progress began (Unix ns), 0 between writes

	// The socket under the websocket, written to directly, and how the screen's events are framed
	// (see outgoing). Answers, pings and pongs go uncompressed to every screen (an uncompressed
	// message is allowed where compression was agreed).
	nc      net.Conn
	out     io.Writer // nc, written with a raw system call where it can be (SocketWriter)
	framing framing

	qmu      sync.Mutex
	replies  [][]byte    // answers to the socket's ballots, as frames, ahead of the events
	queue    []*outgoing // events waiting, in order
	spare    []*outgoing // the line's other buffer, reused
	flushing bool        // someone is writing the line: a new event waits in it
	closed   atomic.Bool // dropped: nothing more goes out but the goodbye
	lastPing time.Time   // h.mu
}

// enqueue puts a message in the screen's line. first is true when nobody is writing the line: the
// caller must then call flush. ok is false when the screen is too far behind and must be dropped.
func (c *conn) enqueue(pm *outgoing) (first, ok bool) {
	c.qmu.Lock()
	defer c.qmu.Unlock()
	if c.closed.Load() {
		return false, true
	}
	if len(c.queue) >= sendBuffer {
		return false, false
	}
	c.queue = append(c.queue, pm)
	if c.flushing {
		return false, true
	}
	c.flushing = true
	return true, true
}

// answerFirst puts the answer to a request sent on the socket ahead of the events in the screen's
// line (behind earlier answers): a receipt does not wait behind events. first is as for enqueue.
func (c *conn) answerFirst(b []byte) (first bool) {
	c.qmu.Lock()
	defer c.qmu.Unlock()
	if c.closed.Load() {
		return false
	}
	c.replies = append(c.replies, b)
	if c.flushing {
		return false
	}
	c.flushing = true
	return true
}

// flush writes the line until it is empty. Only the caller that enqueue told "first" runs it, so
// a screen's messages go out one at a time and in order. A failed write closes the socket: the
// reader then removes the screen, and the screen reconnects.
func (c *conn) flush() {
	for {
		c.qmu.Lock()
		batch, replies := c.queue, c.replies
		c.replies = nil
		if (len(batch) == 0 && len(replies) == 0) || c.closed.Load() {
			c.flushing = false
			if cap(c.queue) == 0 { // the next message goes into the buffer just written
				c.queue, c.spare = c.spare, nil
			}
			c.qmu.Unlock()
			return
		}
		c.queue, c.spare = c.spare[:0], nil
		c.qmu.Unlock()
		for _, reply := range replies {
			if err := c.write(func() error { _, err := c.out.Write(reply); return err }); err != nil {
				c.fail(err)
				return
			}
		}
		for i, pm := range batch {
			if c.closed.Load() {
				break // dropped meanwhile: the rest is not sent
			}
			if err := c.write(func() error {
				return pm.writeTo(c)
			}); err != nil {
				c.fail(err)
				return
			}
			batch[i] = nil
		}
		c.qmu.Lock()
		c.spare = batch[:0]
		c.qmu.Unlock()
	}
}

// fail ends the screen after a write failed: the socket is closed (the reader then removes the
// screen, and the screen reconnects), unless the write was refused because the line is shut, when
// the goodbye closes it.
func (c *conn) fail(err error) {
	if err != errShut {
		c.ws.Close()
	}
	c.shut()
}

// errShut is a write refused because the screen's line is shut: nothing goes out after the goodbye.
var errShut = errors.New("the screen's line is shut")

// shut stops the screen's line and says goodbye. A write in progress ends first (the goodbye gives
// it at most a second, then it fails); nothing is written after the goodbye.
func (c *conn) shut() {
	c.qmu.Lock()
	if c.closed.Load() {
		c.qmu.Unlock()
		return
	}
	c.closed.Store(true)
	c.queue = nil
	c.qmu.Unlock()
	go c.goodbye()
}

// goodbye tells the screen to reconnect and resynchronise, and closes the socket. The deadline ends
// within a second a write in progress that is stuck; the close frame goes out under the write lock,
// after any write in progress and before none (write refuses once the line is shut).
func (c *conn) goodbye() {
	deadline := time.Now().Add(time.Second)
	c.nc.SetWriteDeadline(deadline)
	c.wmu.Lock()
	c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, "resync"), deadline)
	c.wmu.Unlock()
	c.ws.Close()
}

// hub keeps the screens and sends each event, encoded once, to every screen allowed to see it.
type hub struct {
	log        *slog.Logger // where a socket handler's panic is told (slog's default if nil)
	mu         sync.Mutex
	conns      map[*conn]struct{}
	byDelegate map[string]map[*conn]struct{} // a delegate's screens

	ring []daihoi.Event // the most recent events, in order

	tmu      sync.Mutex
	turnout  map[string]daihoi.Turnout // poll → latest figure not yet sent
	lastCast time.Time                 // when the last ballot was boxed
	tick     time.Duration             // how often the turnout goes out (Options.TurnoutTick)
	stop     chan struct{}
	dropped  int

	// sessionsFrom is when the sessions still valid began: a screen signed in before it is closed
	// (nil: sessions do not end).
	sessionsFrom func() time.Time
}

func newHub(sessionsFrom func() time.Time, tick time.Duration) *hub {
	h := &hub{conns: map[*conn]struct{}{}, byDelegate: map[string]map[*conn]struct{}{}, turnout: map[string]daihoi.Turnout{}, stop: make(chan struct{}),
		sessionsFrom: sessionsFrom, tick: tick}
	go h.turnoutLoop()
	go h.keepLoop()
	return h
}

func (h *hub) close() {
	close(h.stop)
	h.mu.Lock()
	for c := range h.conns {
		h.drop(c)
	}
	h.mu.Unlock()
}

// publish sends events to every screen that may see them and keeps them for resuming. The caller
// holds the server's state lock, so events go out in sequence order and no snapshot is built
// between a commit and its broadcast.
func (h *hub) publish(events []daihoi.Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for i := range events {
		e := &events[i]
		h.ring = append(h.ring, *e)
		if len(h.ring) > ringSize {
			h.ring = append(h.ring[:0:0], h.ring[len(h.ring)-ringSize/2:]...)
		}
		pm := prepare(daihoi.Message{Type: "event", Seq: e.Seq, Event: e})
		if pm == nil {
			continue
		}
		var ready []*conn
		for c := range h.conns {
			if e.VisibleTo(c.role, c.delegate) {
				ready = h.offer(c, pm, ready)
			}
		}
		startFlush(ready)
	}
}

// prepare encodes a message once, as the frames every screen's write reuses; nil if it cannot be
// encoded.
func prepare(m daihoi.Message) *outgoing {
	b, err := json.Marshal(m)
	if err != nil {
		return nil
	}
	return &outgoing{frame: textFrame(b)}
}

// withData is a message of typ carrying v as its data.
func withData(typ string, v any) daihoi.Message {
	data, _ := json.Marshal(v)
	return daihoi.Message{Type: typ, Data: data}
}

// offer puts a message in a screen's line without waiting, and adds the screen to ready when its
// line was empty. A screen that cannot keep up is dropped, and resynchronises when it reconnects.
// h.mu is held.
func (h *hub) offer(c *conn, pm *outgoing, ready []*conn) []*conn {
	first, ok := c.enqueue(pm)
	if !ok {
		h.drop(c)
		h.dropped++
	}
	if first {
		ready = append(ready, c)
	}
	return ready
}

// startFlush has the lines of the screens a message made ready written, without waiting for them.
func startFlush(ready []*conn) {
	if len(ready) > 0 {
		go flushAll(ready)
	}
}

// flushAll writes the lines of the screens a message made ready, from one worker per processor
// instead of a goroutine per screen: ten thousand screens cost ten thousand writes, not also ten
// thousand wake-ups. A screen whose socket is full holds its worker until the write gives up
// (writeWait, then the screen is dropped); the others go on, and while screens are left another
// worker starts whenever no write has finished for stallAfter.
func flushAll(ready []*conn) {
	var next, done atomic.Int64
	work := func() {
		for {
			i := int(next.Add(1)) - 1
			if i >= len(ready) {
				return
			}
			ready[i].flush()
			done.Add(1)
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(ready))
	for w := 1; w < workers; w++ {
		go work()
	}
	if workers == len(ready) {
		work()
		return
	}
	go work()
	for last := int64(-1); int(next.Load()) < len(ready); {
		time.Sleep(stallAfter)
		if d := done.Load(); d == last {
			go work()
		} else {
			last = d
		}
	}
}

// stallAfter is how long a broadcast waits on screens that do not take their writes before it
// adds a worker for the rest.
const stallAfter = 10 * time.Millisecond

// since returns the events after seq from memory, or false when they are no longer all there.
func (h *hub) since(seq uint64) ([]daihoi.Event, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.ring) == 0 {
		return nil, false
	}
	first := h.ring[0].Seq
	if seq+1 < first {
		return nil, false
	}
	var out []daihoi.Event
	for _, e := range h.ring {
		if e.Seq > seq {
			out = append(out, e)
		}
	}
	return out, true
}

func (h *hub) add(c *conn) {
	h.mu.Lock()
	h.conns[c] = struct{}{}
	if c.delegate != "" {
		if h.byDelegate[c.delegate] == nil {
			h.byDelegate[c.delegate] = map[*conn]struct{}{}
		}
		h.byDelegate[c.delegate][c] = struct{}{}
	}
	h.mu.Unlock()
}

// drop forgets a screen and closes its queue. h.mu is held.
func (h *hub) drop(c *conn) {
	if _, ok := h.conns[c]; !ok {
		return
	}
	delete(h.conns, c)
	if set := h.byDelegate[c.delegate]; set != nil {
		delete(set, c)
		if len(set) == 0 {
			delete(h.byDelegate, c.delegate)
		}
	}
	c.shut()
}

// dropDelegate disconnects every screen of a delegate (whose card was reissued): they reconnect,
// and find themselves signed out.
func (h *hub) dropDelegate(delegate string) {
	h.mu.Lock()
	for c := range h.byDelegate[delegate] {
		h.drop(c)
	}
	h.mu.Unlock()
}

func (h *hub) remove(c *conn) {
	h.mu.Lock()
	h.drop(c)
	h.mu.Unlock()
}

// tellVoted tells the screens of one delegate (a second tablet, say) that the delegate has voted
// in a poll; except, the screen that sent the ballot, hears its receipt instead. It is not an
// event: nothing is stored, and nobody else hears of it.
func (h *hub) tellVoted(delegate, poll string, except *conn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	others := len(h.byDelegate[delegate])
	if _, ok := h.byDelegate[delegate][except]; ok {
		others--
	}
	if others == 0 {
		return
	}
	pm := prepare(withData("voted", map[string]string{"poll": poll}))
	if pm == nil {
		return
	}
	var ready []*conn
	for c := range h.byDelegate[delegate] {
		if c != except {
			ready = h.offer(c, pm, ready)
		}
	}
	startFlush(ready)
}

func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.conns)
}

// setTurnout records a poll's latest turnout; the loop sends it at most every tick, so a
// burst of two thousand ballots becomes a few messages a second.
func (h *hub) setTurnout(t daihoi.Turnout) {
	h.tmu.Lock()
	h.turnout[t.Poll] = t
	h.lastCast = time.Now()
	h.tmu.Unlock()
}

// forgetTurnout drops a poll's turnout not sent yet.
func (h *hub) forgetTurnout(poll string) {
	h.tmu.Lock()
	delete(h.turnout, poll)
	h.tmu.Unlock()
}

// turnoutWait is how long the turnout waits, at most, for a burst of ballots to pass: while
// ballots are still arriving (one in the last burstGap), acknowledging them comes before telling
// ten thousand screens a figure that is already out of date.
const (
	turnoutWait = time.Second
	burstGap    = 50 * time.Millisecond
)

func (h *hub) turnoutLoop() {
	tick := time.NewTicker(h.tick)
	defer tick.Stop()
	for {
		select {
		case <-h.stop:
			return
		case <-tick.C:
		}
		for waited := time.Duration(0); waited < turnoutWait; waited += burstGap {
			h.tmu.Lock()
			busy := time.Since(h.lastCast) < burstGap
			h.tmu.Unlock()
			if !busy {
				break
			}
			select {
			case <-h.stop:
				return
			case <-time.After(burstGap):
			}
		}
		var pending map[string]daihoi.Turnout
		h.tmu.Lock()
		if len(h.turnout) > 0 {
			pending, h.turnout = h.turnout, map[string]daihoi.Turnout{}
		}
		h.tmu.Unlock()
		for _, t := range pending {
			pm := prepare(withData("turnout", t))
			if pm == nil {
				continue
			}
			h.mu.Lock()
			var ready []*conn
			for c := range h.conns {
				ready = h.offer(c, pm, ready)
			}
			h.mu.Unlock()
			startFlush(ready)
		}
	}
}

// keepLoop, once a second, pings the screens due a ping, ends the writes stuck for writeWait and
// closes the screens whose session has ended.
// It writes nothing itself, so no screen can hold it up.
func (h *hub) keepLoop() {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-h.stop:
			return
		case <-tick.C:
		}
		h.pings()
		h.sweep(writeWait)
	}
}

// sweep closes the socket of every screen whose write has taken more than wait (its write fails,
// and the screen is dropped) or whose session has ended (the screen reconnects, is refused, and
// asks for the card or the password again: a console left open after the congress stops showing
// what it showed).
func (h *hub) sweep(wait time.Duration) {
	limit := time.Now().Add(-wait).UnixNano()
	var from time.Time // sessions begun before it have ended
	if h.sessionsFrom != nil {
		from = h.sessionsFrom()
	}
	h.mu.Lock()
	for c := range h.conns {
		if began := c.writing.Load(); (began != 0 && began < limit) || (!from.IsZero() && !c.sess.Created.After(from)) {
			c.ws.Close()
		}
	}
	h.mu.Unlock()
}

// pings puts a ping in the line of every screen not pinged for pingPeriod. The loop comes by once
// a second, and screens connect at different moments, so the pings of a hall are spread out.
func (h *hub) pings() {
	now := time.Now()
	var ready []*conn
	h.mu.Lock()
	for c := range h.conns {
		if now.Sub(c.lastPing) >= pingPeriod {
			c.lastPing = now
			ready = h.offer(c, ping, ready)
		}
	}
	h.mu.Unlock()
	startFlush(ready)
}

// write runs one write to the socket under c.wmu. It has writeWait to finish: the hub's sweep
// closes the socket of a screen whose write takes longer (its socket stays full), and the write
// then fails. The sweep, once a second, replaces a write deadline, which would re-arm a timer of
// the runtime for every screen at every broadcast.
func (c *conn) write(fn func() error) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if c.closed.Load() {
		return errShut
	}
	c.writing.Store(time.Now().UnixNano())
	defer c.writing.Store(0)
	return fn()
}

// reply answers a request at once, from the goroutine that handled it (a refused request; a
// ballot's receipt is put in the line by answerLoop): behind the answers before it, ahead of the
// events. A failed write closes the socket, and the screen reconnects.
func (c *conn) reply(m daihoi.Message) {
	if b, err := json.Marshal(m); err == nil {
		c.answerNow(textFrame(b))
	}
}

// answerNow puts a frame ahead of the events in the line, and writes the line if nobody is.
func (c *conn) answerNow(frame []byte) {
	if c.answerFirst(frame) {
		c.flush()
	}
}

// readPump reads the screen's requests (a tablet's ballot), pongs and the close. A request's
// handler may answer it later (a ballot, once on disk): the handler keeps the answers in order
// (see socketRequest).
func (c *conn) readPump(h *hub, handle requestHandler) {
	defer h.remove(c)
	c.ws.SetReadLimit(maxRequest)
	c.ws.SetReadDeadline(time.Now().Add(pongWait))
	c.ws.SetPongHandler(func(string) error {
		c.ws.SetReadDeadline(time.Now().Add(pongWait))
		return nil
	})
	// A client's ping is answered through the line, as our own frame: gorilla's own answer would
	// leave its one-second write deadline on the socket, and the line's next write would fail.
	c.ws.SetPingHandler(func(data string) error {
		c.answerNow(controlFrame(websocket.PongMessage, data))
		return nil
	})
	// A client's close ends the line (the goodbye answers it), so that nothing follows the close.
	c.ws.SetCloseHandler(func(int, string) error {
		h.remove(c)
		return nil
	})
	for {
		_, r, err := c.ws.NextReader()
		if err != nil {
			return
		}
		buf := requestBuffers.Get().(*bytes.Buffer)
		buf.Reset()
		if _, err := buf.ReadFrom(r); err != nil {
			requestBuffers.Put(buf)
			return
		}
		if !handled(h, c, handle, buf) {
			return
		}
	}
}

// handled runs a request's handler, and reports false if it panicked: the panic is logged and costs
// this socket only (the deferred remove closes it). The readPump runs outside net/http's handler,
// which would otherwise have recovered it; unrecovered, it would stop the server in the middle of a
// vote.
func handled(h *hub, c *conn, handle requestHandler, buf *bytes.Buffer) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			log := h.log
			if log == nil {
				log = slog.Default()
			}
			log.Error("socket request panicked", "role", c.role, "panic", r, "stack", string(debug.Stack()))
			ok = false
		}
	}()
	handle(c, buf)
	return true
}

// A requestHandler answers one request read from a screen's socket. It owns buf, and puts it back
// in requestBuffers as soon as it has decoded the request, before any wait: two thousand ballots
// waiting for the disk then hold no request bytes, and a burst reuses a few buffers instead of
// allocating one per ballot.
type requestHandler func(c *conn, buf *bytes.Buffer)

// requestBuffers hold requests read from the sockets until they are decoded.
var requestBuffers = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 2048)) }}

// maxRequest bounds a request on the socket: a two-column ballot of several hundred names fits.
const maxRequest = 64 << 10

// checkOrigin accepts browsers on this server's own host and clients that send no Origin (the Go
// client, the load generator).
func checkOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil {
		return false
	}
	return u.Host == r.Host
}

// upgrader reads through the HTTP server's own buffer of the connection, and agrees to compression
// when a screen asks (see framingOf). Gorilla writes only close frames, without a write buffer;
// the pool keeps ten thousand screens from holding one if it ever writes more.
var upgrader = websocket.Upgrader{WriteBufferPool: &sync.Pool{}, CheckOrigin: checkOrigin, EnableCompression: true}

// screenUpgrader is the upgrader of the screens whose sockets bring nothing but pongs and the close:
// every role's but a delegate's (a tablet sends its ballots on its socket). It reads through a buffer
// of its own, 256 bytes, instead of the HTTP server's 4 KiB, which eight thousand hall and observer
// screens would hold for nothing (about 30 MB of heap, and more than twice that at the collector's
// peak). A longer message is still read whole, in more reads.
var screenUpgrader = func() websocket.Upgrader {
	u := upgrader
	u.ReadBufferSize = 256
	return u
}()

// upgraderFor is the upgrader of a screen signed in with role.
func upgraderFor(role daihoi.Role) *websocket.Upgrader {
	if role == daihoi.DelegateR {
		return &upgrader
	}
	return &screenUpgrader
}

// serveWS is /ws?since=N: a snapshot of what the screen's role may see, or the events it missed
// since N, then every event as it happens.
func (s *Server) serveWS(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.session(r)
	if !ok {
		s.writeError(w, r, errSignIn)
		return
	}
	cookie, _ := r.Cookie(cookieName)
	up := upgraderFor(sess.Role)
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader has answered
	}
	c := &conn{ws: ws, nc: ws.NetConn(), out: SocketWriter(ws.NetConn()), framing: framingOf(up, r), role: sess.Role, sess: sess, key: tokenKey(cookie.Value), lastPing: time.Now()}
	if sess.Role == daihoi.DelegateR {
		c.delegate = sess.Subject
		c.inFlight = make(chan struct{}, 1)
	}
	var since uint64
	resume := false
	if v := r.URL.Query().Get("since"); v != "" {
		if n, err := strconv.ParseUint(v, 10, 64); err == nil {
			since, resume = n, true
		}
	}

	// Hold the state lock while the first messages are queued and the screen joins the hub: no
	// event can be published in between, so it misses nothing and sees nothing twice.
	s.mu.RLock()
	var first []*outgoing
	if resume && since <= s.seq {
		missed, ok := s.hub.since(since)
		resume = ok || since == s.seq
		for i := range missed {
			if missed[i].VisibleTo(c.role, c.delegate) {
				first = append(first, prepare(daihoi.Message{Type: "event", Seq: missed[i].Seq, Event: &missed[i]}))
			}
		}
	} else {
		resume = false
	}
	if !resume || len(first) > sendBuffer/2 { // a line already half full: a snapshot instead
		m := withData("snapshot", s.snapshot(sess))
		m.Seq = s.seq
		first = []*outgoing{prepare(m)}
	}
	c.queue, c.flushing = first, true // flush writes them, and what is published meanwhile
	s.hub.add(c)
	s.mu.RUnlock()

	go c.flush()
	// The socket is read from a goroutine of its own, and the handler returns: the HTTP server then
	// lets go of what it kept for the request (its write buffer, the request and response, a deep
	// stack), about half of what ten thousand idle screens would otherwise hold on the heap.
	go c.readPump(s.hub, s.socketRequest)
}

// socketRequest answers what a screen sends on its websocket. Only a delegate's ballot is taken;
// it is checked here, cast without waiting for the disk, and answered by answerLoop with the
// request's ref. One request per delegate's socket is in flight: the next waits here for the
// answer to the one before.
func (s *Server) socketRequest(c *conn, buf *bytes.Buffer) {
	// A delegate's socket answers its requests in order: this one waits until the ballot before it
	// (if any) is answered. The slot is given back with the answer (here for a refusal, by
	// answerLoop for a ballot).
	if c.inFlight != nil {
		select {
		case c.inFlight <- struct{}{}:
		case <-s.hub.stop:
			requestBuffers.Put(buf)
			return
		}
	}
	req, err := daihoi.DecodeSocketRequest(buf.Bytes())
	requestBuffers.Put(buf) // the request's strings are copies
	if err != nil {
		err = daihoi.Errorf(daihoi.EINVALID, "yêu cầu gửi qua kết nối không đúng định dạng JSON: %v", "the request on the socket is not valid JSON: %v", err)
	} else if req.Type != "cast" {
		err = daihoi.Errorf(daihoi.EINVALID, "kết nối chỉ nhận phiếu bầu (type \"cast\"), không nhận %q", "the socket takes only ballots (type \"cast\"), not %q", req.Type)
	} else if _, ok := s.sessionOf(c.key); !ok {
		err = errSignIn
	} else if c.sess.Role != daihoi.DelegateR {
		err = daihoi.Errorf(daihoi.EFORBIDDEN, "Chỉ đại biểu mới bỏ phiếu.", "Only delegates vote.")
	}
	var tb *tabletBallot
	if err == nil {
		tb, err = s.checkCast(c.sess, req.Poll, req.Ballot)
	}
	if err != nil {
		c.reply(s.errorMessage(err, req.Type, req.Ref, req.Poll))
		if c.inFlight != nil {
			<-c.inFlight
		}
		return
	}
	tb.from, tb.ref = c, req.Ref
	s.store.CastAsync(tb.poll, tb.voter, tb.tag, tb.receipt, tb.content, func(res daihoi.CastResult, err error) {
		s.answers.add(castAnswer{tb, res, err})
	})
}

// errorMessage is a socket request's error, as its screen is told it.
func (s *Server) errorMessage(err error, typ, ref, poll string) daihoi.Message {
	status, body := s.errorBody(err, "socket", typ, "poll", poll)
	return daihoi.Message{Type: "error", Ref: ref, Status: status, Error: &body}
}
