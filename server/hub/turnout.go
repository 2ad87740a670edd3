package hub

import (
	"time"

	"github.com/daihoi/daihoi"
)

// SetTurnout records a poll's latest turnout; the loop sends it at most every TurnoutTick, so a
// burst of two thousand ballots becomes a few messages a second.
func (h *Hub) SetTurnout(t daihoi.Turnout) {
	h.tmu.Lock()
	h.turnout[t.Poll] = t
	h.lastCast = time.Now()
	h.tmu.Unlock()
}

// ForgetTurnout drops a poll's turnout not sent yet.
func (h *Hub) ForgetTurnout(poll string) {
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

func (h *Hub) turnoutLoop() {
	tick := time.NewTicker(h.turnoutTick)
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
			pm := prepare(WithData("turnout", t))
			if pm == nil {
				continue
			}
			h.mu.Lock()
			var ready []*Conn
			for c := range h.conns {
				ready = h.offer(c, pm, ready)
			}
			h.mu.Unlock()
			StartFlush(ready)
		}
	}
}
