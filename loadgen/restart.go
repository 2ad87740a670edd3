package loadgen

// The restart storm (--restart): the server killed with SIGKILL in the middle of the burst, as a
// power cut would, and started again on the same data file, while every tablet and screen of the
// hall reconnects at once, each backing off as the real ones do (client.Backoff, app.js), and every
// tablet whose ballot was in flight sends it again with the same id.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
)

// Restart is the restart storm's figures, in the bench's JSON as "restart".
type Restart struct {
	// ServingMs is the time from the new process's start to its first answer (to the bench's probe
	// of /healthz or to a socket of the hall, whichever came first).
	ServingMs float64 `json:"serving_ms"`
	// Sockets are the tablets and screens connected when the server was killed; ScreensBack how
	// many of them have reconnected and hold the latest event within a minute, and ScreensBackMs
	// when, from the new process's start.
	Sockets       int         `json:"sockets"`
	ScreensBack   int         `json:"screens_back"`
	ScreensBackMs Percentiles `json:"screens_back_ms"`
	// BallotsAckedBeforeKill had their receipts before the kill. The others were in flight, and
	// their tablets sent them again with the same id: BallotsRetried; of those, BallotsRecorded
	// were answered that the delegate's ballot is recorded (written before the kill, the answer
	// lost: the restarted server knows the vote, not the receipt).
	BallotsAckedBeforeKill int `json:"ballots_acked_before_kill"`
	BallotsRetried         int `json:"ballots_retried"`
	BallotsRecorded        int `json:"ballots_recorded"`
	// BallotsLost are ballots acknowledged whose receipt is not among those published with the
	// result, and ballots never acknowledged.
	BallotsLost int `json:"ballots_lost"`

	receipts []string // every receipt the tablets were given
	acked    int      // ballots acknowledged, before the kill and after
}

// restartStorm is what the restart needs of the run.
type restartStorm struct {
	proc     *Child
	screens  []*screen // the tablets' sockets first, then the read-only screens'
	tablets  []*client.Client
	requests []prepared
	ballots  []daihoi.BallotRequest
	poll     string
	org      *client.Client
	since    uint64 // the latest sequence number before the burst: every screen holds it
	log      func(string, ...any)

	killed   time.Time
	mu       sync.Mutex
	failures map[string]int // failed tries to reconnect, by cause (DAIHOI_BENCH_TIMELINE)
	steps    [][2]time.Time // the successful tries: begun, and the socket open
}

// run sends the burst (noting when each ballot went in sentAt), kills the server once half the
// ballots have their receipts, starts it again and reconnects the hall. It returns the new screens
// (read as before, by reading) and each tablet's time to its receipt, for the ballots answered
// before the kill.
func (st *restartStorm) run(stopReading func(), sentAt []time.Time) (screens []*screen, reading func(), acks []time.Duration, r Restart, err error) {
	nt := len(st.tablets)
	var answered atomic.Int64
	for _, s := range st.screens[:nt] {
		s.answered = &answered
	}
	sent := make(chan struct{})
	go func() {
		defer close(sent)
		for i := range st.requests {
			sentAt[i] = time.Now()
			if st.requests[i].send() != nil {
				sentAt[i] = time.Time{}
			}
		}
	}()
	for deadline := time.Now().Add(time.Minute); answered.Load() < int64(nt/2) && time.Now().Before(deadline); {
		time.Sleep(100 * time.Microsecond)
	}
	st.log("kill -9 with %d of %d ballots answered", answered.Load(), nt)
	st.proc.Kill()
	st.killed = time.Now()
	<-sent
	time.Sleep(300 * time.Millisecond) // the sockets read what the server sent before it died
	stopReading()

	// The ballots answered before the kill, and those in flight.
	acks = make([]time.Duration, nt)
	var pending []int
	for i := 0; i < nt; i++ {
		select {
		case a := <-st.screens[i].answers:
			if rc, err := a.receipt(); err == nil {
				acks[i] = a.at.Sub(sentAt[i])
				r.receipts = append(r.receipts, rc)
				continue
			} else {
				st.log("ballot %d refused before the kill: %v", i, err)
			}
		default:
		}
		pending = append(pending, i)
	}
	r.BallotsAckedBeforeKill = len(r.receipts)
	r.BallotsRetried = len(pending)
	r.Sockets = len(st.screens)
	for _, s := range st.screens {
		s.close()
	}

	// The server starts again, and every tablet and screen reconnects meanwhile, each backing off
	// from this moment: the hall's sockets all dropped at once, and come back over the first
	// waits of their backoff.
	var serving time.Duration
	var startErr error
	up := make(chan struct{})
	go func() {
		defer close(up)
		serving, startErr = st.proc.Start()
	}()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	screens = make([]*screen, len(st.screens))
	joined := make([]time.Time, len(st.screens))
	var wg sync.WaitGroup
	for j, old := range st.screens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			screens[j], joined[j] = st.reconnect(ctx, old)
		}()
	}

	// The tablets with a ballot in flight send it again, the same ballot with the same id, as
	// delegate.js does.
	var mu sync.Mutex
	var recorded, lostNever int
	for _, i := range pending {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rc, err := st.tablets[i].CastRetrying(ctx, st.poll, st.ballots[i], client.NewBackoff())
			mu.Lock()
			defer mu.Unlock()
			var de *daihoi.Error
			switch {
			case err == nil:
				r.receipts = append(r.receipts, rc.Receipt)
			case errors.As(err, &de) && de.En == daihoi.ErrVoted.En:
				recorded++
			default:
				lostNever++
				st.log("ballot %d, sent again after the restart: %v", i, err)
			}
		}()
	}
	<-up
	if startErr != nil {
		cancel()
		wg.Wait()
		return nil, nil, nil, r, fmt.Errorf("start the server again: %w", startErr)
	}
	started := st.proc.Started
	wg.Wait()
	// Serving from the first answer the new process gave: to the bench's probe of /healthz, or to
	// a socket of the hall, whichever came first (the probe waits its turn among the hall's
	// connections).
	first := started.Add(serving)
	for _, at := range joined {
		if !at.IsZero() && at.Before(first) {
			first = at
		}
	}
	r.ServingMs = float64(first.Sub(started).Microseconds()) / 1000
	if os.Getenv("DAIHOI_BENCH_TIMELINE") != "" {
		st.log("the probe of /healthz was answered after %v", serving)
	}
	// The latest event: a socket that resumed after it was sent nothing (it held it), and any
	// other the snapshot or the events it missed, up to that one.
	sctx, scancel := context.WithTimeout(context.Background(), time.Minute)
	defer scancel()
	snap, err := retrying(sctx, func(ctx context.Context) (daihoi.Snapshot, error) { return st.org.State(ctx) })
	if err != nil {
		return nil, nil, nil, r, fmt.Errorf("the state after the restart: %w", err)
	}
	var back []time.Duration
	for j, s := range screens {
		switch {
		case s == nil: // never came back: a socket that hears nothing more
			screens[j] = &screen{closer: func() {}, snapshot: make(chan struct{})}
		case snap.Seq <= st.since:
			back = append(back, joined[j].Sub(started))
		case s.seqSeen >= snap.Seq:
			back = append(back, s.seqAt.Sub(started))
		}
	}
	r.ScreensBack, r.ScreensBackMs = len(back), percentiles(back)
	for k, n := range st.failures {
		st.log("failed tries to reconnect: %5d %s", n, k)
	}
	if len(back) > 0 && os.Getenv("DAIHOI_BENCH_TIMELINE") != "" {
		st.log("killed %.0f ms before the new start", float64(started.Sub(st.killed).Microseconds())/1000)
		for q := 0.1; q < 1; q += 0.1 {
			st.log("back p%.0f %v", q*100, back[int(q*float64(len(back)))])
		}
		var tries, ws []time.Duration
		for _, x := range st.steps {
			tries, ws = append(tries, x[0].Sub(started)), append(ws, x[1].Sub(x[0]))
		}
		st.log("the last try began %+v after the start; the socket took %+v", percentiles(tries), percentiles(ws))
	}
	r.BallotsRecorded = recorded
	r.BallotsLost = lostNever
	r.acked = len(r.receipts) + recorded
	st.log("serving again in %.0f ms; %d of %d sockets back, the last after %.0f ms", r.ServingMs, r.ScreensBack, r.Sockets, r.ScreensBackMs.Max)
	reading, err = readScreens(screens)
	if err != nil {
		return nil, nil, nil, r, err
	}
	return screens, reading, acks, r, nil
}

// reconnect is one socket's way back, as app.js does it: after a wait it opens its socket again
// after the last event it holds (/ws?since=N); when that fails it asks whether its session is still
// good (/api/me: a browser cannot see why a websocket was refused), and tries again after a longer
// wait. It returns the new socket and when the server took it (the messages it sent then are
// noted by the screen), or nil when it was not back within ctx.
func (st *restartStorm) reconnect(ctx context.Context, old *screen) (*screen, time.Time) {
	b := client.NewBackoff()
	for {
		select {
		case <-ctx.Done():
			return nil, time.Time{}
		case <-time.After(b.Next()):
		}
		t0 := time.Now()
		// A handshake not answered within four seconds is given up and tried again, as app.js
		// does: under a storm the server's queue of connections overflows, and the kernel drops
		// what does not fit, to be sent again only after a second, three, seven...
		try, cancelTry := context.WithTimeout(ctx, handshakeLimit)
		s, err := dialScreenSince(try, old.owner, old.compress, old.tlsConf, st.since)
		cancelTry()
		if err != nil {
			st.note("ws", err)
			if err := old.owner.Get(ctx, "/api/me", nil); err != nil {
				st.note("me", err)
				if !client.Transient(err) {
					return nil, time.Time{} // signed out
				}
			}
			continue
		}
		at := time.Now()
		st.step(t0, at)
		s.firstMessage(300 * time.Millisecond)
		return s, at
	}
}

// handshakeLimit is how long a reconnecting screen waits for its socket to open (app.js waits as
// long).
const handshakeLimit = 4 * time.Second

// note counts a failed try to reconnect by its cause, shown with DAIHOI_BENCH_TIMELINE.
func (st *restartStorm) note(what string, err error) {
	if os.Getenv("DAIHOI_BENCH_TIMELINE") == "" {
		return
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.failures == nil {
		st.failures = map[string]int{}
	}
	st.failures[fmt.Sprintf("%s +%.1fs %s", what, time.Since(st.killed).Seconds(), msg)]++
}

func (st *restartStorm) step(t0, t1 time.Time) {
	if os.Getenv("DAIHOI_BENCH_TIMELINE") == "" {
		return
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	st.steps = append(st.steps, [2]time.Time{t0, t1})
}

// firstMessage reads what the server sends at once on a resumed socket (the snapshot or the
// events missed, if any), for at most limit; readScreens reads on from there.
func (s *screen) firstMessage(limit time.Duration) {
	if s.raw == nil {
		// Through gorilla (TLS, compression) a read that times out leaves the socket unusable, and
		// a socket resumed at the latest event is sent nothing at once: the screen's reader takes
		// what comes, with no deadline.
		return
	}
	s.raw.SetReadDeadline(time.Now().Add(limit))
	defer s.raw.SetReadDeadline(time.Time{})
	buf := make([]byte, 16<<10)
	for {
		var err error
		if s.pending, err = s.frames(s.pending, time.Now()); err != nil || s.seqSeen > 0 {
			return
		}
		n, err := s.raw.Read(buf)
		s.bytes.Add(int64(n))
		s.pending = append(s.pending, buf[:n]...)
		if err != nil {
			return
		}
	}
}

// receipt is the receipt code an answer carries, or why it carries none.
func (a answered) receipt() (string, error) {
	if err := a.check(); err != nil {
		return "", err
	}
	var m daihoi.Message
	json.Unmarshal(a.data, &m)
	var rc daihoi.Receipt
	json.Unmarshal(m.Data, &rc)
	return rc.Receipt, nil
}

// lost counts the receipts given that are not among those published with the poll's result.
func (r *Restart) lost(ctx context.Context, c *client.Client, poll string) error {
	var out struct {
		Receipts []string `json:"receipts"`
	}
	if err := c.Get(ctx, "/api/polls/"+poll+"/receipts", &out); err != nil {
		return err
	}
	have := map[string]bool{}
	for _, rc := range out.Receipts {
		have[rc] = true
	}
	for _, rc := range r.receipts {
		if !have[rc] {
			r.BallotsLost++
		}
	}
	return nil
}

// retrying runs fn until it is answered or ctx ends, for a request across the restart.
func retrying[T any](ctx context.Context, fn func(ctx context.Context) (T, error)) (T, error) {
	b := client.NewBackoff()
	for {
		v, err := fn(ctx)
		if !client.Transient(err) {
			return v, err
		}
		select {
		case <-ctx.Done():
			return v, err
		case <-time.After(b.Next()):
		}
	}
}
