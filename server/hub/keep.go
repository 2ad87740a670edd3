package hub

import (
	"time"
)

// keepLoop, once a second, pings the screens due a ping, ends the writes stuck for writeWait and
// closes the screens whose session has ended.
// It writes nothing itself, so no screen can hold it up.
func (h *Hub) keepLoop() {
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
func (h *Hub) sweep(wait time.Duration) {
	limit := time.Now().Add(-wait).UnixNano()
	var from time.Time // sessions begun before it have ended
	if h.sessionsFrom != nil {
		from = h.sessionsFrom()
	}
	h.mu.Lock()
	for c := range h.conns {
		if began := c.writing.Load(); (began != 0 && began < limit) || (!from.IsZero() && !c.Session.Created.After(from)) {
			c.ws.Close()
		}
	}
	h.mu.Unlock()
}

// pings puts a ping in the line of every screen not pinged for pingPeriod. The loop comes by once
// a second, and screens connect at different moments, so the pings of a hall are spread out.
func (h *Hub) pings() {
	now := time.Now()
	var ready []*Conn
	h.mu.Lock()
	for c := range h.conns {
		if now.Sub(c.lastPing) >= pingPeriod {
			c.lastPing = now
			ready = h.offer(c, ping, ready)
		}
	}
	h.mu.Unlock()
	StartFlush(ready)
}
