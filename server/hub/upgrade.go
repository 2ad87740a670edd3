package hub

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/daihoi/daihoi"
)

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
	if role == daihoi.DelegateRole {
		return &upgrader
	}
	return &screenUpgrader
}

// hostOf is the host of a remote address host:port (the address itself if it has no port).
func hostOf(remote string) string {
	if host, _, err := net.SplitHostPort(remote); err == nil {
		return host
	}
	return remote
}

// ErrAddressFull is Accept's refusal of a socket from an address that holds its limit already.
// Nothing has been written: the caller answers.
var ErrAddressFull = errors.New("hub: the address holds as many sockets as it may")

// Accept upgrades a request to a websocket of screen, whose Addr it fills in, unless the
// request's address holds perAddress sockets already (ErrAddressFull). On another error the
// upgrader has answered. The screen is not in the hub until it joins (Join).
func (h *Hub) Accept(w http.ResponseWriter, r *http.Request, screen Screen, perAddress int) (*Conn, error) {
	screen.Addr = hostOf(r.RemoteAddr)
	if !h.reserve(screen.Addr, perAddress) {
		h.warnFull(screen.Addr, perAddress)
		return nil, ErrAddressFull
	}
	up := upgraderFor(screen.Role)
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		h.release(screen.Addr)
		return nil, err
	}
	c := &Conn{Screen: screen, ws: ws, nc: ws.NetConn(), out: SocketWriter(ws.NetConn()), framing: framingOf(up, r), lastPing: time.Now(), stop: h.stop}
	if screen.Role == daihoi.DelegateRole {
		c.inFlight = make(chan struct{}, 1)
	}
	return c, nil
}

// Abandon closes a socket accepted but never joined (the server failed before Join), and gives
// back its address's count.
func (h *Hub) Abandon(c *Conn) {
	h.release(c.Addr)
	c.ws.Close()
}

// warnFull logs a socket refused for its address, once a minute for each address: a page refused
// retries every few seconds, and the log should say it once, not fill up.
func (h *Hub) warnFull(addr string, limit int) {
	h.mu.Lock()
	now := time.Now()
	quiet := now.Sub(h.warned[addr]) < time.Minute
	if !quiet {
		h.warned[addr] = now
	}
	h.mu.Unlock()
	if !quiet {
		h.logger().Warn("socket limit per address: new sockets are refused", "addr", addr, "limit", limit)
	}
}

// Missed is what a screen that saw the events up to since is sent to resume, when the last event
// published is seq: the events after since that it may see. ok is false when it must start from
// a snapshot instead: the hub no longer keeps those events, or they would fill half its line.
// The caller holds the lock under which events are published.
func (h *Hub) Missed(c *Conn, since, seq uint64) (first []daihoi.Message, ok bool) {
	if since > seq {
		return nil, false
	}
	missed, kept := h.since(since)
	if !kept && since != seq {
		return nil, false
	}
	for i := range missed {
		if missed[i].VisibleTo(c.Role, c.Delegate) {
			first = append(first, daihoi.Message{Type: "event", Seq: missed[i].Seq, Event: &missed[i]})
		}
	}
	if len(first) > sendBuffer/2 {
		return nil, false
	}
	return first, true
}

// Join sends a screen its first messages (a snapshot, or the events it missed), lets it join the
// hub, and reads its requests with handle. Its sign-in may hold perSession screens: beyond that,
// its oldest is closed. The caller holds the lock under which events are published: no event can
// be published between the first messages and the screen's joining, so it misses nothing and
// sees nothing twice.
func (h *Hub) Join(c *Conn, first []daihoi.Message, perSession int, handle Handler) {
	for _, m := range first {
		if pm := prepare(m); pm != nil {
			c.queue = append(c.queue, pm)
		}
	}
	c.flushing = true // flush writes them, and what is published meanwhile
	h.add(c, perSession)
	go c.flush()
	// The socket is read from a goroutine of its own, and the server's handler returns: the HTTP
	// server then lets go of what it kept for the request (its write buffer, the request and
	// response, a deep stack), about half of what ten thousand idle screens would otherwise hold.
	go c.readPump(h, handle)
}
