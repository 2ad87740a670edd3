// Package hub is the websocket engine: it keeps the hall's screens, sends each event, encoded
// once, to every screen allowed to see it, reads the tablets' requests, and frames and writes its
// messages itself. A broadcast to ten thousand screens and the receipts of two thousand ballots
// in a burst go through it, so its paths are measured (make bench) before and after a change.
//
// The server uses it through a narrow API: New and Close; Accept, Missed and Join for a screen
// that connects (Abandon if it fails in between); Publish for events; TellVoted, DropDelegate,
// SetTurnout and ForgetTurnout; a Handler for the requests a screen sends (DecodeRequest reads a
// ballot), taken one at a time on a tablet (Conn.NextRequest, Conn.Answered) and answered with
// Conn.Reply or, for ballots acknowledged later, Conn.AnswerFirst and StartFlush, with frames
// made by TextFrame or FinishFrame (behind FrameRoom bytes) once. WithData wraps a message's data;
// SocketWriter is the raw write, also used by the load generator's floor; Count and Dropped are for
// the server's figures.
package hub

import (
	"encoding/json"
	"log/slog"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/daihoi/daihoi"
)

const (
	writeWait  = 10 * time.Second
	pongWait   = 60 * time.Second
	pingPeriod = 25 * time.Second
	sendBuffer = 256  // messages a screen may fall behind before it is dropped
	ringSize   = 4096 // recent events kept in memory for screens that resume
)

// Hub keeps the screens and sends each event, encoded once, to every screen allowed to see it.
type Hub struct {
	log        *slog.Logger // where a socket handler's panic is told (slog's default if nil)
	mu         sync.Mutex
	conns      map[*Conn]struct{}
	byDelegate map[string]map[*Conn]struct{} // a delegate's screens
	bySession  map[string][]*Conn            // a sign-in's screens, oldest first (by session key)
	byAddr     map[string]int                // sockets open or being opened, by network address
	warned     map[string]time.Time          // when a socket was last refused for its address, logged

	ring []daihoi.Event // the most recent events, in order

	tmu         sync.Mutex
	turnout     map[string]daihoi.Turnout // poll → latest figure not yet sent
	lastCast    time.Time                 // when the last ballot was boxed
	turnoutTick time.Duration
	stop        chan struct{}
	dropped     int

	// sessionsFrom is when the sessions still valid began: a screen signed in before it is closed
	// (nil: sessions do not end).
	sessionsFrom func() time.Time
}

// Options are a hub's settings; the zero value is a hub whose sessions never end.
type Options struct {
	Log *slog.Logger // where the hub tells what goes wrong (slog's default if nil)
	// SessionsFrom is when the sessions still valid began: a screen signed in before it is closed.
	SessionsFrom func() time.Time
	// TurnoutTick is how often the turnout of an open poll goes to the screens (a second if 0).
	TurnoutTick time.Duration
}

// logger is where the hub tells what goes wrong: its log, or slog's default.
func (h *Hub) logger() *slog.Logger {
	if h.log == nil {
		return slog.Default()
	}
	return h.log
}

// New starts a hub: its turnout loop and its keep loop run until Close.
func New(opt Options) *Hub {
	h := &Hub{conns: map[*Conn]struct{}{}, byDelegate: map[string]map[*Conn]struct{}{}, bySession: map[string][]*Conn{}, byAddr: map[string]int{}, warned: map[string]time.Time{},
		turnout: map[string]daihoi.Turnout{}, stop: make(chan struct{}), log: opt.Log, sessionsFrom: opt.SessionsFrom, turnoutTick: opt.TurnoutTick}
	if h.turnoutTick <= 0 {
		h.turnoutTick = time.Second
	}
	go h.turnoutLoop()
	go h.keepLoop()
	return h
}

// Close stops the hub's loops and drops every screen.
func (h *Hub) Close() {
	close(h.stop)
	h.mu.Lock()
	for c := range h.conns {
		h.drop(c)
	}
	h.mu.Unlock()
}

// Stopped is closed when the hub stops.
func (h *Hub) Stopped() <-chan struct{} { return h.stop }

// Dropped is how many screens were dropped for falling behind.
func (h *Hub) Dropped() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.dropped
}

// Publish sends events to every screen that may see them and keeps them for resuming. The caller
// holds the server's state lock, so events go out in sequence order and no snapshot is built
// between a commit and its broadcast.
func (h *Hub) Publish(events []daihoi.Event) {
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
		var ready []*Conn
		for c := range h.conns {
			if e.VisibleTo(c.Role, c.Delegate) {
				ready = h.offer(c, pm, ready)
			}
		}
		StartFlush(ready)
	}
}

// prepare encodes a message once, as the frames every screen's write reuses; nil if it cannot be
// encoded.
func prepare(m daihoi.Message) *outgoing {
	b, err := json.Marshal(m)
	if err != nil {
		return nil
	}
	return &outgoing{frame: TextFrame(b)}
}

// WithData is a message of typ carrying v as its data.
func WithData(typ string, v any) daihoi.Message {
	data, _ := json.Marshal(v)
	return daihoi.Message{Type: typ, Data: data}
}

// offer puts a message in a screen's line without waiting, and adds the screen to ready when its
// line was empty. A screen that cannot keep up is dropped, and resynchronises when it reconnects.
// h.mu is held.
func (h *Hub) offer(c *Conn, pm *outgoing, ready []*Conn) []*Conn {
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

// StartFlush has the lines of the screens a message made ready written, without waiting for them.
func StartFlush(ready []*Conn) {
	if len(ready) > 0 {
		go flushAll(ready)
	}
}

// flushAll writes the lines of the screens a message made ready, from one worker per processor
// instead of a goroutine per screen: ten thousand screens cost ten thousand writes, not also ten
// thousand wake-ups. A screen whose socket is full holds its worker until the write gives up
// (writeWait, then the screen is dropped); the others go on, and while screens are left another
// worker starts whenever no write has finished for stallAfter.
func flushAll(ready []*Conn) {
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
func (h *Hub) since(seq uint64) ([]daihoi.Event, bool) {
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

// reserve counts a socket about to be opened from addr, unless addr holds limit already: then
// ok is false and nothing is counted. A socket reserved is released by drop once it joined the hub,
// or by release if it never did.
func (h *Hub) reserve(addr string, limit int) (ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.byAddr[addr] >= limit {
		return false
	}
	h.byAddr[addr]++
	return true
}

// release gives back a socket reserved for addr. h.mu is held.
func (h *Hub) releaseLocked(addr string) {
	if h.byAddr[addr] <= 1 {
		delete(h.byAddr, addr)
	} else {
		h.byAddr[addr]--
	}
}

// release gives back a socket reserved for addr that never joined the hub.
func (h *Hub) release(addr string) {
	h.mu.Lock()
	h.releaseLocked(addr)
	h.mu.Unlock()
}

// add lets a screen join the hub. Its sign-in may hold perSession screens: beyond that, its oldest
// is closed, and told it was replaced.
func (h *Hub) add(c *Conn, perSession int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.conns[c] = struct{}{}
	if c.Delegate != "" {
		if h.byDelegate[c.Delegate] == nil {
			h.byDelegate[c.Delegate] = map[*Conn]struct{}{}
		}
		h.byDelegate[c.Delegate][c] = struct{}{}
	}
	h.bySession[c.Key] = append(h.bySession[c.Key], c)
	for len(h.bySession[c.Key]) > perSession {
		old := h.bySession[c.Key][0]
		h.logger().Warn("socket limit per sign-in: the oldest screen is closed", "role", c.Role, "limit", perSession, "addr", old.Addr)
		h.dropWith(old, byeReplaced)
	}
}

// drop forgets a screen and closes its queue. h.mu is held.
func (h *Hub) drop(c *Conn) { h.dropWith(c, byeResync) }

// dropWith is drop, with the goodbye's reason. h.mu is held.
func (h *Hub) dropWith(c *Conn, bye closeReason) {
	if _, ok := h.conns[c]; !ok {
		return
	}
	delete(h.conns, c)
	if set := h.byDelegate[c.Delegate]; set != nil {
		delete(set, c)
		if len(set) == 0 {
			delete(h.byDelegate, c.Delegate)
		}
	}
	if i := slices.Index(h.bySession[c.Key], c); i >= 0 {
		h.bySession[c.Key] = slices.Delete(h.bySession[c.Key], i, i+1)
		if len(h.bySession[c.Key]) == 0 {
			delete(h.bySession, c.Key)
		}
	}
	h.releaseLocked(c.Addr)
	c.shutWith(bye)
}

// DropDelegate disconnects every screen of a delegate (whose card was reissued): they reconnect,
// and find themselves signed out.
func (h *Hub) DropDelegate(delegate string) {
	h.mu.Lock()
	for c := range h.byDelegate[delegate] {
		h.drop(c)
	}
	h.mu.Unlock()
}

func (h *Hub) remove(c *Conn) {
	h.mu.Lock()
	h.drop(c)
	h.mu.Unlock()
}

// TellVoted tells the screens of one delegate (a second tablet, say) that the delegate has voted
// in a poll; except, the screen that sent the ballot, hears its receipt instead. It is not an
// event: nothing is stored, and nobody else hears of it.
func (h *Hub) TellVoted(delegate, poll string, except *Conn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	others := len(h.byDelegate[delegate])
	if _, ok := h.byDelegate[delegate][except]; ok {
		others--
	}
	if others == 0 {
		return
	}
	pm := prepare(WithData("voted", map[string]string{"poll": poll}))
	if pm == nil {
		return
	}
	var ready []*Conn
	for c := range h.byDelegate[delegate] {
		if c != except {
			ready = h.offer(c, pm, ready)
		}
	}
	StartFlush(ready)
}

// Count is how many screens are connected.
func (h *Hub) Count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.conns)
}
