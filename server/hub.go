package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"sync"
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

// conn is one screen. Its writer goroutine is the only one that writes to the websocket.
type conn struct {
	ws       *websocket.Conn
	send     chan *websocket.PreparedMessage
	role     daihoi.Role
	delegate string
	once     sync.Once
}

func (c *conn) close() { c.once.Do(func() { close(c.send) }) }

// hub keeps the screens and sends each event, encoded once, to every screen allowed to see it.
type hub struct {
	mu         sync.Mutex
	conns      map[*conn]struct{}
	byDelegate map[string]map[*conn]struct{} // a delegate's screens

	ring []daihoi.Event // the most recent events, in order

	tmu     sync.Mutex
	turnout map[string]daihoi.Turnout // poll → latest figure not yet sent
	stop    chan struct{}
	dropped int
}

func newHub() *hub {
	h := &hub{conns: map[*conn]struct{}{}, byDelegate: map[string]map[*conn]struct{}{}, turnout: map[string]daihoi.Turnout{}, stop: make(chan struct{})}
	go h.turnoutLoop()
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
		b, err := json.Marshal(daihoi.Message{Type: "event", Seq: e.Seq, Event: e})
		if err != nil {
			continue
		}
		pm, err := websocket.NewPreparedMessage(websocket.TextMessage, b)
		if err != nil {
			continue
		}
		for c := range h.conns {
			if e.VisibleTo(c.role, c.delegate) {
				h.offer(c, pm)
			}
		}
	}
}

// offer queues a message without waiting: a screen that cannot keep up is dropped, and
// resynchronises when it reconnects. h.mu is held.
func (h *hub) offer(c *conn, pm *websocket.PreparedMessage) {
	select {
	case c.send <- pm:
	default:
		h.drop(c)
		h.dropped++
	}
}

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
	c.close()
}

func (h *hub) remove(c *conn) {
	h.mu.Lock()
	h.drop(c)
	h.mu.Unlock()
}

// tellVoted tells the screens of one delegate (a second tablet, say) that the delegate has voted
// in a poll. It is not an event: nothing is stored, and nobody else hears of it.
func (h *hub) tellVoted(delegate, poll string) {
	data, _ := json.Marshal(map[string]string{"poll": poll})
	b, _ := json.Marshal(daihoi.Message{Type: "voted", Data: data})
	pm, err := websocket.NewPreparedMessage(websocket.TextMessage, b)
	if err != nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.byDelegate[delegate] {
		h.offer(c, pm)
	}
}

func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.conns)
}

// setTurnout records a poll's latest turnout; the loop sends it at most every turnoutTick, so a
// burst of two thousand ballots becomes a few messages a second.
func (h *hub) setTurnout(t daihoi.Turnout) {
	h.tmu.Lock()
	h.turnout[t.Poll] = t
	h.tmu.Unlock()
}

func (h *hub) turnoutLoop() {
	tick := time.NewTicker(turnoutTick)
	defer tick.Stop()
	for {
		select {
		case <-h.stop:
			return
		case <-tick.C:
		}
		var pending map[string]daihoi.Turnout
		h.tmu.Lock()
		if len(h.turnout) > 0 {
			pending, h.turnout = h.turnout, map[string]daihoi.Turnout{}
		}
		h.tmu.Unlock()
		for _, t := range pending {
			data, _ := json.Marshal(t)
			b, _ := json.Marshal(daihoi.Message{Type: "turnout", Data: data})
			pm, err := websocket.NewPreparedMessage(websocket.TextMessage, b)
			if err != nil {
				continue
			}
			h.mu.Lock()
			for c := range h.conns {
				h.offer(c, pm)
			}
			h.mu.Unlock()
		}
	}
}

// writePump owns every write to the connection: queued messages and pings.
func (c *conn) writePump() {
	ping := time.NewTicker(pingPeriod)
	defer func() {
		ping.Stop()
		c.ws.Close()
	}()
	for {
		select {
		case pm, ok := <-c.send:
			c.ws.SetWriteDeadline(time.Now().Add(writeWait))
			if !ok {
				c.ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, "resync"))
				return
			}
			if err := c.ws.WritePreparedMessage(pm); err != nil {
				return
			}
		case <-ping.C:
			c.ws.SetWriteDeadline(time.Now().Add(writeWait))
			if err := c.ws.WriteMessage(websocket.PingMessage, nil); err != nil {
				return
			}
		}
	}
}

// readPump reads only to see pongs and the close; screens send nothing else over the socket.
func (c *conn) readPump(h *hub) {
	defer h.remove(c)
	c.ws.SetReadLimit(4096)
	c.ws.SetReadDeadline(time.Now().Add(pongWait))
	c.ws.SetPongHandler(func(string) error {
		c.ws.SetReadDeadline(time.Now().Add(pongWait))
		return nil
	})
	for {
		if _, _, err := c.ws.ReadMessage(); err != nil {
			return
		}
	}
}

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

var upgrader = websocket.Upgrader{ReadBufferSize: 1024, WriteBufferSize: 4096, CheckOrigin: checkOrigin, EnableCompression: true}

// serveWS is /ws?since=N: a snapshot of what the screen's role may see, or the events it missed
// since N, then every event as it happens.
func (s *Server) serveWS(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.session(r)
	if !ok {
		s.writeError(w, r, errSignIn)
		return
	}
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader has answered
	}
	c := &conn{ws: ws, send: make(chan *websocket.PreparedMessage, sendBuffer), role: sess.Role}
	if sess.Role == daihoi.DelegateR {
		c.delegate = sess.Subject
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
	var first []*websocket.PreparedMessage
	if resume && since <= s.seq {
		if missed, ok := s.hub.since(since); ok || since == s.seq {
			for i := range missed {
				if missed[i].VisibleTo(c.role, c.delegate) {
					b, _ := json.Marshal(daihoi.Message{Type: "event", Seq: missed[i].Seq, Event: &missed[i]})
					pm, _ := websocket.NewPreparedMessage(websocket.TextMessage, b)
					first = append(first, pm)
				}
			}
		} else {
			resume = false
		}
	} else {
		resume = false
	}
	if !resume {
		snap := s.snapshot(sess)
		data, _ := json.Marshal(snap)
		b, _ := json.Marshal(daihoi.Message{Type: "snapshot", Seq: s.seq, Data: data})
		pm, _ := websocket.NewPreparedMessage(websocket.TextMessage, b)
		first = append(first, pm)
	}
	if len(first) > sendBuffer {
		first = first[:0]
		snap := s.snapshot(sess)
		data, _ := json.Marshal(snap)
		b, _ := json.Marshal(daihoi.Message{Type: "snapshot", Seq: s.seq, Data: data})
		pm, _ := websocket.NewPreparedMessage(websocket.TextMessage, b)
		first = append(first, pm)
	}
	for _, pm := range first {
		c.send <- pm
	}
	s.hub.add(c)
	s.mu.RUnlock()

	go c.writePump()
	c.readPump(s.hub)
}
