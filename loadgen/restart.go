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
	"sync"
	"sync/atomic"
	"time"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
)

// Restart is the restart storm's figures, in the bench's JSON as "restart".
type Restart struct {
	// ServingMs is the time from the new process's start to its first answer.
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
	proc     *child
	screens  []*screen // the tablets' sockets first, then the read-only screens'
	tablets  []*client.Client
	requests []prepared
	ballots  []daihoi.BallotRequest
	poll     string
	org      *client.Client
	since    uint64 // the latest sequence number before the burst: every screen holds it
	log      func(string, ...any)
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
	st.proc.kill()
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

	// Every tablet and screen reconnects, backing off; the tablets with a ballot in flight send it
	// again, the same ballot with the same id, as delegate.js does.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var latest atomic.Uint64
	known := make(chan struct{})
	screens = make([]*screen, len(st.screens))
	backAt := make([]time.Time, len(st.screens))
	var wg sync.WaitGroup
	for j, old := range st.screens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			screens[j], backAt[j] = st.reconnect(ctx, old, known, &latest)
		}()
	}
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
	serving, err := st.proc.start()
	if err != nil {
		cancel()
		wg.Wait()
		return nil, nil, nil, r, fmt.Errorf("start the server again: %w", err)
	}
	started := st.proc.started
	r.ServingMs = float64(serving.Microseconds()) / 1000
	snap, err := retrying(ctx, func(ctx context.Context) (daihoi.Snapshot, error) { return st.org.State(ctx) })
	if err != nil {
		cancel()
		wg.Wait()
		return nil, nil, nil, r, fmt.Errorf("the state after the restart: %w", err)
	}
	latest.Store(snap.Seq)
	close(known)
	wg.Wait()

	var back []time.Duration
	for j, at := range backAt {
		if !at.IsZero() {
			back = append(back, at.Sub(started))
		}
		if screens[j] == nil { // never came back: a socket that hears nothing more
			screens[j] = &screen{closer: func() {}, snapshot: make(chan struct{})}
		}
	}
	r.ScreensBack, r.ScreensBackMs = len(back), percentiles(back)
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

// reconnect is one socket's way back: as app.js does, it waits, asks whether its session is still
// good, and opens its socket again after the last event it holds; it is back once it holds the
// latest event. It returns the new socket and when it was back, or nil when it was not within
// ctx.
func (st *restartStorm) reconnect(ctx context.Context, old *screen, known chan struct{}, latest *atomic.Uint64) (*screen, time.Time) {
	b := client.NewBackoff()
	for {
		select {
		case <-ctx.Done():
			return nil, time.Time{}
		case <-time.After(b.Next()):
		}
		if err := old.owner.Get(ctx, "/api/me", nil); err != nil {
			continue
		}
		s, err := dialScreenSince(ctx, old.owner, old.compress, old.tlsConf, st.since)
		if err != nil {
			continue
		}
		select {
		case <-known:
		case <-ctx.Done():
			s.close()
			return nil, time.Time{}
		}
		if want := latest.Load(); want <= st.since {
			return s, time.Now() // nothing was missed: the server sends nothing
		} else {
			s.backSeq.Store(want)
		}
		at, err := s.awaitBack(ctx)
		if err != nil {
			s.close()
			continue
		}
		return s, at
	}
}

// awaitBack reads the socket until the awaited sequence number has come (backSeq); readScreens
// reads on from there.
func (s *screen) awaitBack(ctx context.Context) (time.Time, error) {
	deadline, _ := ctx.Deadline()
	if s.raw == nil {
		s.ws.SetReadDeadline(deadline)
		defer s.ws.SetReadDeadline(time.Time{})
		for {
			data, err := s.next()
			if err != nil {
				return time.Time{}, err
			}
			s.message(data, time.Now())
			select {
			case at := <-s.back:
				return at, nil
			default:
			}
		}
	}
	s.raw.SetReadDeadline(deadline)
	defer s.raw.SetReadDeadline(time.Time{})
	buf := make([]byte, 16<<10)
	for {
		var err error
		if s.pending, err = s.frames(s.pending, time.Now()); err != nil {
			return time.Time{}, err
		}
		select {
		case at := <-s.back:
			return at, nil
		default:
		}
		n, err := s.raw.Read(buf)
		s.bytes.Add(int64(n))
		s.pending = append(s.pending, buf[:n]...)
		if err != nil {
			return time.Time{}, err
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
