package loadgen

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
	"github.com/daihoi/daihoi/server"
)

// once measures the hall one time (see Run).
func (cfg Config) once() (Result, error) {
	n, m, url, profileDir, log := cfg.Delegates, cfg.Screens, cfg.URL, cfg.ProfileDir, cfg.Log
	// prof records CPU profiles of each timed phase when ProfileDir is given; nil does nothing.
	var prof *phaseProfiler
	res := Result{Delegates: n, Screens: m, OpenFiles: raiseFileLimit()}
	// This process holds a websocket per screen and an HTTP connection per tablet; the server, a
	// child process, holds as many with its own limit.
	if need := uint64(2*n + m + 200); res.OpenFiles > 0 && res.OpenFiles < need {
		return res, fmt.Errorf("open-file limit %d is below the %d this run needs (ulimit -n)", res.OpenFiles, need)
	}
	var dataDir string
	var proc *Child // the bench's own server, when it started one
	// tlsConf trusts the congress CA of the bench's server (--tls): every tablet and screen speaks
	// HTTPS to it, as in the hall.
	var tlsConf *tls.Config
	if cfg.TLS && url != "" {
		return res, errors.New("--tls needs the bench's own server (no URL)")
	}
	res.TLS = cfg.TLS
	if url == "" {
		dir, err := os.MkdirTemp("", "daihoi-bench-")
		if err != nil {
			return res, err
		}
		defer os.RemoveAll(dir)
		dataDir = dir
		srv, u, pprofURL, pool, err := spawnServer(dir, n, profileDir != "", cfg.TLS)
		if err != nil {
			return res, err
		}
		proc = srv
		if pool != nil {
			tlsConf = &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}
		}
		defer func() { proc.Stop() }()
		url = u
		log("server on %s, data %s", url, dir)
		if profileDir != "" {
			if err := os.MkdirAll(profileDir, 0o755); err != nil {
				return res, err
			}
			prof = &phaseProfiler{dir: profileDir, server: pprofURL, log: log}
		}
	}
	ctx := context.Background()

	org := newClient(url, tlsConf)
	if _, err := org.Login(ctx, "bantochuc", "bantochuc-2025"); err != nil {
		return res, fmt.Errorf("sign in the organiser: %w", err)
	}
	// The server keeps no card code: the bench has every card issued anew, as the organisers print
	// them before the day, and signs the tablets in with those codes.
	var cards []daihoi.Card
	if err := org.Post(ctx, "/api/cards/issue", nil, &cards); err != nil {
		return res, fmt.Errorf("issue the cards (the server must not have begun its agenda): %w", err)
	}
	if len(cards) < n {
		return res, fmt.Errorf("the server has %d delegates on its roll, the bench wants %d (seed it with --bench-roll %d)", len(cards), n, n)
	}
	pres := newClient(url, tlsConf)
	if _, err := pres.Login(ctx, "dct1", "dct1-2025"); err != nil {
		return res, err
	}
	snap, err := pres.State(ctx)
	if err != nil {
		return res, err
	}
	var poll daihoi.PollView
	for _, p := range snap.Polls {
		if p.Seats == 45 && len(p.Candidates) == 60 && p.State == daihoi.Draft {
			poll = p
		}
	}
	if poll.ID == "" {
		return res, errors.New("the server has no draft election of 60 candidates for 45 seats (seed it with --bench-roll)")
	}
	seatHolder := map[string]bool{}
	for _, d := range snap.Roll {
		seatHolder[d.ID] = d.Category == daihoi.Official || d.Category == daihoi.ExOfficio
	}
	var voters, others []daihoi.Card
	for _, c := range cards {
		if seatHolder[c.Delegate] && len(voters) < n {
			voters = append(voters, c)
		} else if seatHolder[c.Delegate] {
			others = append(others, c)
		}
	}

	// The door checks everyone in (a vote needs its quorum present).
	log("checking in %d delegates", len(voters)+len(others))
	desk := newClient(url, tlsConf)
	if _, err := desk.Login(ctx, "dontiep", "dontiep-2025"); err != nil {
		return res, err
	}
	arrivals := append(append([]daihoi.Card{}, others...), voters...)
	err = Parallel(len(arrivals), 16, func(i int) error {
		_, err := desk.CheckIn(ctx, arrivals[i].Code)
		return err
	})
	if err != nil {
		return res, err
	}

	// The delegate's page as one tablet's browser loads it: the first time, and on a reload.
	page := newBrowser(url, tlsConf)
	if res.Page.FirstLoad, err = page.Load(ctx, "/delegate"); err != nil {
		return res, err
	}
	if res.Page.Reload, err = page.Load(ctx, "/delegate"); err != nil {
		return res, err
	}

	// The sign-in storm: the N tablets at once open the link on their cards, load the delegate's
	// page as a browser does (storm), ask who they are and open their socket, each over connections
	// of its own; a tablet is connected when its socket has brought the first snapshot.
	log("sign-in storm: %d tablets at once", len(voters))
	tablets := make([]*client.Client, len(voters))
	screens := make([]*screen, len(tablets)+m) // the tablets first, then the read-only screens
	took := make([]time.Duration, len(tablets))
	wire := make([]*atomic.Int64, len(tablets))
	used := cpuUse(org, "storm") // not a phase: this process collects its garbage meanwhile
	storm := time.Now()
	err = Parallel(len(tablets), len(tablets), func(i int) error {
		b := newBrowser(url, tlsConf)
		c := newClient(url, tlsConf)
		c.HTTP, wire[i] = b.HTTP, b.Wire
		if err := c.SignInCard(ctx, voters[i].Code); err != nil {
			return err
		}
		if _, err := b.Load(ctx, "/delegate"); err != nil {
			return err
		}
		if err := c.Get(ctx, "/api/me", nil); err != nil {
			return err
		}
		s, err := dialScreen(ctx, c, cfg.Compress, tlsConf)
		if err != nil {
			return err
		}
		if err := s.awaitSnapshot(2 * time.Minute); err != nil {
			return fmt.Errorf("tablet %d: the first snapshot: %w", i, err)
		}
		took[i] = time.Since(storm)
		tablets[i], screens[i] = c, s
		return nil
	})
	if err != nil {
		return res, err
	}
	res.Storm.Tablets, res.Storm.Ms, res.Storm.CPUMs = len(tablets), percentiles(took), used()
	for i := range tablets {
		res.Storm.Bytes += wire[i].Load() + screens[i].bytes.Load()
	}
	if len(tablets) > 0 {
		res.Storm.BytesPerTablet = res.Storm.Bytes / int64(len(tablets))
	}

	// The read-only screens connect to the event stream.
	log("connecting %d screens", m)
	hallC := newClient(url, tlsConf)
	if _, err := hallC.Login(ctx, "hoitruong", "hoitruong-2025"); err != nil {
		return res, err
	}
	obsC := newClient(url, tlsConf)
	if _, err := obsC.Login(ctx, "quansat", "quansat-2025"); err != nil {
		return res, err
	}
	err = Parallel(m, 64, func(i int) error {
		c := hallC
		if i%2 == 1 {
			c = obsC
		}
		s, err := dialScreen(ctx, c, cfg.Compress, tlsConf)
		if err != nil {
			return err
		}
		screens[len(tablets)+i] = s
		return nil
	})
	if err != nil {
		return res, err
	}
	if os.Getenv("DAIHOI_BENCH_DEBUG") != "" && m > 0 {
		screens[len(screens)-1].debug = true
	}
	stopReading, err := readScreens(screens)
	if err != nil {
		return res, err
	}
	defer func() { stopReading() }() // the restart reads its new sockets anew
	for _, s := range screens {
		<-s.snapshot
	}

	// The presidium opens the next agenda item: how long until every screen has it?
	log("agenda fan-out")
	marker := []byte(`"type":"agenda`) // the items changed in place, or the whole agenda
	for _, s := range screens {
		s.watch(marker)
	}
	done := phase("fanout", org, &res.CPUMs.Fanout, prof)
	t0 := time.Now()
	if _, err := pres.AgendaNext(ctx); err != nil {
		return res, err
	}
	res.FanoutMs, res.FanoutMissed = collect(screens, t0, 30*time.Second)
	res.shape.Agenda = uint32(wireLen(screens[0].gotLen))
	done()

	// The election opens.
	log("open the election (%d candidates, %d seats)", len(poll.Candidates), poll.Seats)
	open := []byte(`"state":"open"`)
	for _, s := range screens {
		s.watch(open)
	}
	if _, err := pres.PollAction(ctx, poll.ID, "open"); err != nil {
		return res, err
	}
	collect(screens, time.Now(), 30*time.Second)

	// Every delegate casts a valid ballot at once.
	log("burst of %d ballots", len(tablets))
	rng := rand.New(rand.NewPCG(1, 2))
	ballots := make([]daihoi.BallotRequest, len(tablets))
	for i := range ballots {
		ids := rng.Perm(len(poll.Candidates))[:rng.IntN(poll.Seats)+1]
		b := daihoi.BallotRequest{BallotID: client.NewBallotID()}
		for _, k := range ids {
			b.Kept = append(b.Kept, poll.Candidates[k].ID)
		}
		ballots[i] = b
	}
	// Each tablet has its ballot ready before the burst, as a delegate has marked it before
	// pressing "Gửi": what is timed is the server's work, not this process's encoding.
	var requests []prepared
	if !cfg.CastHTTP {
		requests = make([]prepared, len(tablets))
		for i := range requests {
			req, _ := json.Marshal(daihoi.SocketRequest{Type: "cast", Ref: ballots[i].BallotID, Poll: poll.ID, Ballot: ballots[i]})
			requests[i] = screens[i].prepare(req)
		}
	}
	var restart *Restart
	var sr *restartStorm
	if cfg.Restart {
		snap, err := pres.State(ctx)
		if err != nil {
			return res, err
		}
		sr = &restartStorm{proc: proc, screens: screens, tablets: tablets, requests: requests, ballots: ballots, poll: poll.ID, org: org, since: snap.Seq, log: log}
	}
	before := serverStats(ctx, org)
	acks := make([]time.Duration, len(tablets))
	sentAt := make([]time.Time, len(tablets))
	// note keeps a ballot's time to its answer; a ballot without one counts as lost.
	note := func(i int, answeredAt time.Time, err error) {
		if err != nil {
			log("ballot %d: %v", i, err)
			return
		}
		acks[i] = answeredAt.Sub(sentAt[i])
	}
	done = phase("burst", org, &res.CPUMs.Burst, prof)
	burst := time.Now()
	if cfg.CastHTTP {
		// Each tablet posts its ballot and waits for the answer.
		Parallel(len(tablets), len(tablets), func(i int) error {
			sentAt[i] = time.Now()
			_, err := tablets[i].Cast(ctx, poll.ID, ballots[i])
			note(i, time.Now(), err)
			return nil
		})
	} else if sr != nil {
		// The restart storm: the server killed in the middle of the burst (restart.go).
		var r Restart
		var err error
		screens, stopReading, acks, r, err = sr.run(stopReading, sentAt)
		done()
		if err != nil {
			return res, err
		}
		restart = &r
		// The burst's CPU and ballots per commit span two processes: not measured.
		res.CPUMs.Burst = CPUSplit{}
	} else {
		// Every tablet's ballot goes onto its socket as fast as one writer can put them there, and
		// each tablet's reader notes the moment its answer arrives. One writer, not one goroutine
		// per tablet: runnable senders on every processor would leave the readers waiting for a
		// processor, and the answers would be timed late by this process, not by the server.
		// The answers are read once they are all in, not while the server is still working.
		Parallel(len(tablets), 1, func(i int) error {
			sentAt[i] = time.Now()
			if err := requests[i].send(); err != nil {
				note(i, time.Time{}, err)
				sentAt[i] = time.Time{}
			}
			return nil
		})
		answers := make([]answered, len(tablets))
		for i := range tablets {
			if !sentAt[i].IsZero() {
				answers[i] = screens[i].answer()
			}
		}
		done()
		var ballotBytes, receiptBytes int
		for i, a := range answers {
			if !sentAt[i].IsZero() {
				note(i, a.at, a.check())
			}
			ballotBytes += len(requests[i].frame)
			receiptBytes += wireLen(len(a.data))
		}
		res.shape.Ballot, res.shape.Receipt = uint32(ballotBytes/len(answers)), uint32(receiptBytes/len(answers))
	}
	if cfg.CastHTTP {
		done()
	}
	lastAck := lastAnswer(sentAt, acks)
	if os.Getenv("DAIHOI_BENCH_TIMELINE") != "" {
		for t := 0; t < 600; t += 20 {
			ns, na := 0, 0
			for i := range sentAt {
				if sentAt[i].Sub(burst) < time.Duration(t)*time.Millisecond {
					ns++
				}
				if acks[i] > 0 && sentAt[i].Add(acks[i]).Sub(burst) < time.Duration(t)*time.Millisecond {
					na++
				}
			}
			log("t=%3d ms sent %4d acked %4d", t, ns, na)
		}
	}
	var ok []time.Duration
	for _, a := range acks {
		if a > 0 {
			ok = append(ok, a)
		}
	}
	res.BallotsAcked, res.BallotsLost = len(ok), len(tablets)-len(ok)
	if restart != nil { // the ballots answered after the restart too; their times are not the burst's
		res.BallotsAcked, res.BallotsLost = restart.acked, len(tablets)-restart.acked
		before = serverStats(ctx, org) // the new process's counters
	}
	res.BallotAckMs = percentiles(ok)
	res.BurstDurableMs = float64(lastAck.Sub(burst).Microseconds()) / 1000
	after := serverStats(ctx, org)
	if txs := after.CastTxs - before.CastTxs; txs > 0 {
		res.BallotsPerCommit = float64(after.CastBallots-before.CastBallots) / float64(txs)
	}

	// Close, the tellers confirm (the head last), the presidium publishes.
	log("close, confirm, publish")
	if _, err := pres.PollAction(ctx, poll.ID, "close"); err != nil {
		return res, err
	}
	for _, t := range []string{"kiemphieu2", "kiemphieu3", "kiemphieu4", "kiemphieu5", "kiemphieu1"} {
		c := newClient(url, tlsConf)
		if _, err := c.Login(ctx, t, t+"-2025"); err != nil {
			return res, err
		}
		if t == "kiemphieu1" {
			// The head teller's confirmation tells every screen that the count is confirmed; the
			// presidium publishes once that has reached them, so the result's fan-out is timed
			// on its own.
			for _, s := range screens {
				s.watch([]byte(`"state":"counted"`))
			}
		}
		if _, err := c.PollAction(ctx, poll.ID, "confirm"); err != nil {
			return res, fmt.Errorf("%s confirms: %w", t, err)
		}
	}
	if _, missed := collect(screens, time.Now(), 30*time.Second); missed > 0 {
		log("%d screens did not hear that the count was confirmed", missed)
	}
	published := []byte(`"state":"published"`)
	for _, s := range screens {
		s.watch(published)
	}
	done = phase("results", org, &res.CPUMs.Results, prof)
	t1 := time.Now()
	view, err := pres.PollAction(ctx, poll.ID, "publish")
	if err != nil {
		return res, err
	}
	if os.Getenv("DAIHOI_BENCH_TIMELINE") != "" {
		log("publish answered after %v", time.Since(t1))
	}
	res.ResultsFanoutMs, res.ResultsMissed = collect(screens, t1, 30*time.Second)
	done()

	if restart != nil {
		if err := restart.lost(ctx, pres, poll.ID); err != nil {
			return res, fmt.Errorf("the published receipts: %w", err)
		}
		res.Restart = restart
	}

	// The export, recounted as the tellers would.
	rec, err := pres.Record(ctx, poll.ID)
	if err != nil {
		return res, err
	}
	recount, err := cfg.Recount(rec)
	if err == nil && view.Result != nil {
		var a, b map[string]any
		json.Unmarshal(recount, &a)
		server, _ := json.Marshal(view.Result)
		json.Unmarshal(server, &b)
		delete(a, "digest")
		res.TallyMatches = fmt.Sprint(a) == fmt.Sprint(b) && view.Result.Ballots.Total == res.BallotsAcked
	}

	st := serverStats(ctx, org)
	res.ServerHeapMB, res.ServerRSSMB, res.ServerGOGC = round1(st.HeapMB), round1(st.PeakRSSMB), st.GOGC
	var total int64
	for _, s := range screens[len(tablets):] {
		total += s.bytes.Load()
	}
	if m > 0 {
		res.BytesPerScreen = total / int64(m)
	}
	for _, s := range screens {
		s.close()
	}
	if dataDir == "" {
		dataDir = os.TempDir()
	}
	res.FsyncP50Us = fsyncP50(dataDir)
	return res, nil
}

// newClient is a client of the server at url, trusting tlsConf's CA over HTTPS.
func newClient(url string, tlsConf *tls.Config) *client.Client {
	c := client.New(url)
	if tlsConf != nil {
		c.HTTP.Transport = &http.Transport{TLSClientConfig: tlsConf, MaxIdleConnsPerHost: 4}
	}
	return c
}

// newBrowser is a tablet's browser of the server at url, trusting tlsConf's CA over HTTPS; its
// bytes on the wire are then TLS records, as in the hall.
func newBrowser(url string, tlsConf *tls.Config) *Browser {
	b := NewBrowser(url)
	if tlsConf != nil {
		b.HTTP.Transport.(*http.Transport).TLSClientConfig = tlsConf
	}
	return b
}

// lastAnswer is when the last of the answers came: sent[i] + took[i], where took[i] > 0.
func lastAnswer(sent []time.Time, took []time.Duration) time.Time {
	var last time.Time
	for i := range took {
		if at := sent[i].Add(took[i]); took[i] > 0 && at.After(last) {
			last = at
		}
	}
	return last
}

func serverStats(ctx context.Context, org *client.Client) server.Stats {
	var s server.Stats
	org.Get(ctx, "/api/stats", &s)
	return s
}

// Parallel runs fn(0..n-1) on k workers and returns the first error.
func Parallel(n, k int, fn func(i int) error) error {
	var next atomic.Int64
	var first error
	var once sync.Once
	var wg sync.WaitGroup
	for w := 0; w < k; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				if err := fn(i); err != nil {
					once.Do(func() { first = err })
					return
				}
			}
		}()
	}
	wg.Wait()
	return first
}
