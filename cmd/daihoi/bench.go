package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
	"github.com/daihoi/daihoi/server"
)

// BenchResult is what `daihoi bench --json` prints: one object.
type BenchResult struct {
	Delegates        int         `json:"delegates"`
	Screens          int         `json:"screens"`
	BallotsAcked     int         `json:"ballots_acked"`
	BallotsLost      int         `json:"ballots_lost"`
	BallotAckMs      Percentiles `json:"ballot_ack_ms"`
	BurstDurableMs   float64     `json:"burst_durable_ms"`
	FanoutMs         Percentiles `json:"fanout_ms"`
	ResultsFanoutMs  Percentiles `json:"results_fanout_ms"`
	ServerHeapMB     float64     `json:"server_heap_mb"`
	ServerRSSMB      float64     `json:"server_rss_mb"`
	ServerGOGC       int         `json:"server_gogc"`
	BytesPerScreen   int64       `json:"bytes_per_screen"`
	FsyncP50Us       float64     `json:"fsync_p50_us"`
	BallotsPerCommit float64     `json:"ballots_per_commit"`
	TallyMatches     bool        `json:"tally_matches"`
	// Not required by the issue, but honest to show.
	FanoutMissed  int    `json:"fanout_missed"`
	ResultsMissed int    `json:"results_missed"`
	OpenFiles     uint64 `json:"open_files_limit"`
	// The CPU each side used in each timed phase: what a change on the ballot or broadcast path
	// costs, less noisy than the latencies on a machine the two processes share.
	CPUMs struct {
		Fanout  CPUSplit `json:"fanout"`
		Burst   CPUSplit `json:"burst"`
		Results CPUSplit `json:"results"`
	} `json:"cpu_ms"`
	// With --floor: the same traffic with no application behind it (see Floor).
	Floor *Floor `json:"floor,omitempty"`
	// With --runs N: each run, the figures above being their median (see combine).
	Runs []BenchResult `json:"runs,omitempty"`

	shape floorShape // the run's messages, for the floor to repeat
}

// CPUSplit is the CPU time, in milliseconds, the server and the load generator used in a phase,
// and the CPU time the machine's hypervisor took from it meanwhile (all processors; on Linux only):
// on a virtual machine the figures of a run depend on the neighbours.
type CPUSplit struct {
	Server float64 `json:"server"`
	Bench  float64 `json:"bench"`
	Stolen float64 `json:"stolen"`
	// Of the server's: its garbage collector's share (the runtime's estimate), the cycles it ran and
	// the memory the server allocated in the phase.
	ServerGC       float64 `json:"server_gc"`
	ServerGCCycles float64 `json:"server_gc_cycles"`
	ServerAllocMB  float64 `json:"server_alloc_mb"`
}

// Percentiles of a set of durations, in milliseconds.
type Percentiles struct {
	P50 float64 `json:"p50"`
	P99 float64 `json:"p99"`
	Max float64 `json:"max"`
}

func percentiles(d []time.Duration) Percentiles {
	if len(d) == 0 {
		return Percentiles{}
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	ms := func(x time.Duration) float64 { return float64(x.Microseconds()) / 1000 }
	at := func(q float64) time.Duration { return d[min(len(d)-1, int(q*float64(len(d))))] }
	return Percentiles{P50: ms(at(0.50)), P99: ms(at(0.99)), Max: ms(d[len(d)-1])}
}

// runBench is `daihoi bench`: a congress hall on loopback. N delegates sign in with their cards
// and connect; M more read-only screens connect; the presidium changes the agenda item (fan-out
// timed at every screen); an election of 60 candidates for 45 seats opens; every delegate casts a
// ballot at once; the poll closes, the tellers confirm, the presidium publishes (the result's fan-out
// timed); the export is recounted and compared.
func runBench(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("delegates", 2000, "số đại biểu / delegates")
	m := fs.Int("screens", 8000, "số màn hình chỉ xem / read-only screens")
	url := fs.String("url", "", "máy chủ đang chạy, đã khởi tạo bằng --bench-roll / a running server seeded with --bench-roll")
	asJSON := fs.Bool("json", false, "in một đối tượng JSON / print one JSON object")
	over := fs.String("cast", "ws", "phiếu gửi qua ws (kết nối sẵn có, như máy tính bảng) hoặc http / ballots go over ws (the open socket, as the tablet sends them) or http")
	compress := fs.Bool("compress", false, "màn hình xin nén permessage-deflate như trình duyệt / screens ask for permessage-deflate as browsers do")
	runs := fs.Int("runs", 1, "chạy N lần, in trung vị và khoảng / run N times, print the median and the range")
	profileDir := fs.String("profile", "", "ghi hồ sơ CPU của bench và máy chủ cho từng pha vào thư mục này / write CPU profiles of the bench and the server for each phase here")
	withFloor := fs.Bool("floor", false, "đo thêm cùng lưu lượng khi không có ứng dụng (mức sàn của máy) / also measure the same traffic with no application (the machine's floor)")
	floorServer := fs.String("floor-server", "", "(nội bộ / internal) máy chủ của mức sàn / the floor's server")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *floorServer != "" {
		if err := floorServe(*floorServer, stdout); err != nil {
			fmt.Fprintf(stderr, "daihoi bench --floor-server: %v\n", err)
			return 1
		}
		return 0
	}
	log := func(format string, a ...any) { fmt.Fprintf(stderr, "bench: "+format+"\n", a...) }
	if *profileDir != "" && *url != "" {
		fmt.Fprintln(stderr, "daihoi bench: --profile cần máy chủ do bench khởi động / --profile needs the bench's own server (no --url)")
		return 2
	}
	benchCompress = *compress
	castHTTP = *over == "http"
	if *over != "http" && *over != "ws" {
		fmt.Fprintln(stderr, "daihoi bench: --cast là ws hoặc http / --cast is ws or http")
		return 2
	}
	if *runs < 1 {
		fmt.Fprintln(stderr, "daihoi bench: --runs ít nhất là 1 / --runs is at least 1")
		return 2
	}
	var all []BenchResult
	for i := 0; i < *runs; i++ {
		if *runs > 1 {
			log("run %d of %d", i+1, *runs)
		}
		r, err := bench(*n, *m, *url, *profileDir, log)
		if err != nil {
			fmt.Fprintf(stderr, "daihoi bench: %v\n", err)
			return 1
		}
		if *withFloor && !rawScreens {
			log("--floor: measured on Linux only (its sockets are read with epoll); not measured here")
		} else if *withFloor && (r.shape.Agenda == 0 || r.shape.Ballot == 0 || r.shape.Receipt == 0) {
			log("--floor: repeats the ballots sent on the tablets' sockets; not measured with --cast http")
		} else if *withFloor {
			log("the floor: the same traffic with no application")
			f, err := measureFloor(*n, *m, r.shape)
			if err != nil {
				fmt.Fprintf(stderr, "daihoi bench: %v\n", err)
				return 1
			}
			r.Floor = &f
		}
		all = append(all, r)
	}
	res := all[0]
	if len(all) > 1 {
		res = combine(all)
		res.Runs = all
	}
	if *asJSON {
		b, _ := json.Marshal(res)
		fmt.Fprintln(stdout, string(b))
		return 0
	}
	printBench(stdout, res)
	return 0
}

func printBench(w io.Writer, r BenchResult) {
	row := func(name, value, target string) { fmt.Fprintf(w, "  %-30s %-28s %s\n", name, value, target) }
	p := func(x Percentiles) string { return fmt.Sprintf("%.1f / %.1f / %.1f", x.P50, x.P99, x.Max) }
	fmt.Fprintf(w, "daihoi bench — %d đại biểu / delegates, %d màn hình / screens (open-file limit %d)\n", r.Delegates, r.Screens, r.OpenFiles)
	row("", "value", "target")
	row("ballots acked / lost", fmt.Sprintf("%d / %d", r.BallotsAcked, r.BallotsLost), "lost 0")
	row("ballot ack ms p50/p99/max", p(r.BallotAckMs), "p99 ≤ 50")
	row("burst durable ms", fmt.Sprintf("%.1f", r.BurstDurableMs), "≤ 500")
	row("fan-out ms p50/p99/max", p(r.FanoutMs), "p99 ≤ 150")
	row("results fan-out ms", p(r.ResultsFanoutMs), "p99 ≤ 250")
	row("bytes per screen", strconv.FormatInt(r.BytesPerScreen, 10), "≤ 30000")
	row("server heap / peak RSS MB", fmt.Sprintf("%.1f / %.1f (GOGC %d)", r.ServerHeapMB, r.ServerRSSMB, r.ServerGOGC), "")
	row("fsync p50 µs", fmt.Sprintf("%.0f", r.FsyncP50Us), "")
	row("ballots per commit", fmt.Sprintf("%.1f", r.BallotsPerCommit), "")
	row("tally matches", strconv.FormatBool(r.TallyMatches), "true")
	c := r.CPUMs
	cpu := func(c CPUSplit) string { return fmt.Sprintf("%.0f/%.0f/%.0f", c.Server, c.Bench, c.Stolen) }
	row("CPU ms server/bench/stolen", cpu(c.Fanout)+" · "+cpu(c.Burst)+" · "+cpu(c.Results), "fan-out · burst · results")
	gc := func(c CPUSplit) string {
		return fmt.Sprintf("%.0f/%.0f/%.0f", c.ServerGC, c.ServerGCCycles, c.ServerAllocMB)
	}
	row("server GC ms/cycles/alloc MB", gc(c.Fanout)+" · "+gc(c.Burst)+" · "+gc(c.Results), "fan-out · burst · results")
	if len(r.Runs) > 1 {
		spread := func(name string, f func(BenchResult) float64) {
			lo, hi := f(r.Runs[0]), f(r.Runs[0])
			for _, x := range r.Runs {
				lo, hi = min(lo, f(x)), max(hi, f(x))
			}
			row(name, fmt.Sprintf("%.1f (%.1f–%.1f)", f(r), lo, hi), "")
		}
		fmt.Fprintf(w, "  median of %d runs (the range in brackets):\n", len(r.Runs))
		spread("ballot ack ms p99", func(x BenchResult) float64 { return x.BallotAckMs.P99 })
		spread("burst durable ms", func(x BenchResult) float64 { return x.BurstDurableMs })
		spread("fan-out ms p99", func(x BenchResult) float64 { return x.FanoutMs.P99 })
		spread("results fan-out ms p99", func(x BenchResult) float64 { return x.ResultsFanoutMs.P99 })
	}
	if f := r.Floor; f != nil {
		fmt.Fprintf(w, "  the machine's floor: the same traffic with no application behind it:\n")
		row("ballot ack ms p50/p99/max", p(f.BallotAckMs), "")
		row("burst durable ms", fmt.Sprintf("%.1f", f.BurstDurableMs), "")
		row("fan-out ms p50/p99/max", p(f.FanoutMs), "")
		if len(r.Runs) > 1 {
			fmt.Fprintf(w, "  (median of %d runs)\n", len(r.Runs))
		}
	}
	if r.FanoutMissed+r.ResultsMissed > 0 {
		row("screens that missed a message", fmt.Sprintf("%d agenda, %d results", r.FanoutMissed, r.ResultsMissed), "0")
	}
}

func bench(n, m int, url, profileDir string, log func(string, ...any)) (BenchResult, error) {
	res := BenchResult{Delegates: n, Screens: m, OpenFiles: raiseFileLimit()}
	// This process holds a websocket per screen and an HTTP connection per tablet; the server, a
	// child process, holds as many with its own limit.
	if need := uint64(2*n + m + 200); res.OpenFiles > 0 && res.OpenFiles < need {
		return res, fmt.Errorf("open-file limit %d is below the %d this run needs (ulimit -n)", res.OpenFiles, need)
	}
	var dataDir string
	if url == "" {
		dir, err := os.MkdirTemp("", "daihoi-bench-")
		if err != nil {
			return res, err
		}
		defer os.RemoveAll(dir)
		dataDir = dir
		stop, u, pprofURL, err := spawnServer(dir, n, profileDir != "")
		if err != nil {
			return res, err
		}
		defer stop()
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

	org := client.New(url)
	if _, err := org.Login(ctx, "bantochuc", "bantochuc-2025"); err != nil {
		return res, fmt.Errorf("sign in the organiser: %w", err)
	}
	var cards []daihoi.Card
	if err := org.Get(ctx, "/api/cards", &cards); err != nil {
		return res, err
	}
	if len(cards) < n {
		return res, fmt.Errorf("the server has %d delegates on its roll, the bench wants %d (seed it with --bench-roll %d)", len(cards), n, n)
	}
	pres := client.New(url)
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

	// The door checks everyone in (a vote needs its quorum present); the N tablets sign in with
	// their cards, each over a connection of its own.
	log("checking in and signing in %d delegates", len(voters))
	desk := client.New(url)
	if _, err := desk.Login(ctx, "dontiep", "dontiep-2025"); err != nil {
		return res, err
	}
	err = parallel(len(others), 16, func(i int) error {
		_, err := desk.CheckIn(ctx, others[i].Code)
		return err
	})
	if err != nil {
		return res, err
	}
	tablets := make([]*client.Client, len(voters))
	err = parallel(len(voters), 16, func(i int) error {
		if _, err := desk.CheckIn(ctx, voters[i].Code); err != nil {
			return err
		}
		c := client.New(url)
		jar, _ := cookiejar.New(nil)
		c.HTTP = &http.Client{Jar: jar, Timeout: 120 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 2},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		tablets[i] = c
		return c.SignInCard(ctx, voters[i].Code)
	})
	if err != nil {
		return res, err
	}

	// Every tablet and every read-only screen connects to the event stream.
	log("connecting %d tablets and %d screens", len(tablets), m)
	hallC := client.New(url)
	if _, err := hallC.Login(ctx, "hoitruong", "hoitruong-2025"); err != nil {
		return res, err
	}
	obsC := client.New(url)
	if _, err := obsC.Login(ctx, "quansat", "quansat-2025"); err != nil {
		return res, err
	}
	screens := make([]*screen, len(tablets)+m) // the tablets first, then the read-only screens
	err = parallel(len(tablets)+m, 64, func(i int) error {
		c := hallC
		if i < len(tablets) {
			c = tablets[i]
		} else if i%2 == 1 {
			c = obsC
		}
		s, err := dialScreen(ctx, c)
		if err != nil {
			return err
		}
		screens[i] = s
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
	defer stopReading()
	for _, s := range screens {
		<-s.snapshot
	}

	// The presidium opens the next agenda item: how long until every screen has it?
	log("agenda fan-out")
	marker := []byte(`"type":"agenda`) // the items changed in place, or the whole agenda
	for _, s := range screens {
		s.watch(marker)
	}
	done := phase("fanout", org, &res.CPUMs.Fanout)
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
	if !castHTTP {
		requests = make([]prepared, len(tablets))
		for i := range requests {
			req, _ := json.Marshal(daihoi.SocketRequest{Type: "cast", Ref: ballots[i].BallotID, Poll: poll.ID, Ballot: ballots[i]})
			requests[i] = screens[i].prepare(req)
		}
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
	done = phase("burst", org, &res.CPUMs.Burst)
	burst := time.Now()
	if castHTTP {
		// Each tablet posts its ballot and waits for the answer.
		parallel(len(tablets), len(tablets), func(i int) error {
			sentAt[i] = time.Now()
			_, err := tablets[i].Cast(ctx, poll.ID, ballots[i])
			note(i, time.Now(), err)
			return nil
		})
	} else {
		// Every tablet's ballot goes onto its socket as fast as one writer can put them there, and
		// each tablet's reader notes the moment its answer arrives. One writer, not one goroutine
		// per tablet: runnable senders on every processor would leave the readers waiting for a
		// processor, and the answers would be timed late by this process, not by the server.
		// The answers are read once they are all in, not while the server is still working.
		parallel(len(tablets), 1, func(i int) error {
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
	if castHTTP {
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
		c := client.New(url)
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
	done = phase("results", org, &res.CPUMs.Results)
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

	// The export, recounted as the tellers would.
	rec, err := pres.Record(ctx, poll.ID)
	if err != nil {
		return res, err
	}
	recount, err := TallyRecord(rec)
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

func round1(x float64) float64 { return float64(int(x*10+0.5)) / 10 }

func serverStats(ctx context.Context, org *client.Client) server.Stats {
	var s server.Stats
	org.Get(ctx, "/api/stats", &s)
	return s
}

// combine folds several runs into one result: each figure is the median of the runs (the lower
// of the middle two when their number is even, so it is always a figure some run gave), except
// that ballots lost and screens that missed a message are the worst run's, and the tally matches
// only if it matched in every run.
func combine(runs []BenchResult) BenchResult {
	var each []map[string]any
	for _, r := range runs {
		r.Runs = nil
		b, _ := json.Marshal(r)
		var m map[string]any
		json.Unmarshal(b, &m)
		each = append(each, m)
	}
	b, _ := json.Marshal(fold(each))
	var out BenchResult
	json.Unmarshal(b, &out)
	return out
}

// worst are the figures combine takes from the worst run, not the median.
var worst = map[string]bool{"ballots_lost": true, "fanout_missed": true, "results_missed": true}

func fold(each []map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range each[0] {
		switch v.(type) {
		case map[string]any:
			var sub []map[string]any
			for _, m := range each {
				sub = append(sub, m[k].(map[string]any))
			}
			out[k] = fold(sub)
		case bool:
			all := true
			for _, m := range each {
				all = all && m[k].(bool)
			}
			out[k] = all
		case float64:
			var xs []float64
			for _, m := range each {
				xs = append(xs, m[k].(float64))
			}
			sort.Float64s(xs)
			if worst[k] {
				out[k] = xs[len(xs)-1]
			} else {
				out[k] = xs[(len(xs)-1)/2]
			}
		}
	}
	return out
}

// phase starts a timed phase: done records the CPU the server and this process used in it, and
// with --profile writes their CPU profiles. This process collects its garbage before the phase and
// not during it: it stands for thousands of devices, and its collection would stop all of them at
// once, which no hall's devices do; the server's collections are measured, not stopped.
func phase(name string, org *client.Client, cpu *CPUSplit) (done func()) {
	ctx := context.Background()
	runtime.GC()
	prevGC := debug.SetGCPercent(-1)
	server0, self0, stolen0 := serverStats(ctx, org), selfCPU(), stolenCPU()
	stop := prof.start(name)
	return func() {
		defer debug.SetGCPercent(prevGC)
		self1, stolen1 := selfCPU(), stolenCPU()
		server1 := serverStats(ctx, org)
		stop()
		cpu.Server = round1(server1.CPUUserMs + server1.CPUSysMs - server0.CPUUserMs - server0.CPUSysMs)
		cpu.Bench = round1(float64((self1 - self0).Microseconds()) / 1000)
		cpu.Stolen = round1(float64((stolen1 - stolen0).Microseconds()) / 1000)
		cpu.ServerGC = round1(server1.GCCPUMs - server0.GCCPUMs)
		cpu.ServerGCCycles = float64(server1.GCCycles - server0.GCCycles)
		cpu.ServerAllocMB = round1(server1.AllocMB - server0.AllocMB)
		if os.Getenv("DAIHOI_BENCH_TIMELINE") != "" {
			fmt.Fprintf(os.Stderr, "bench: %s CPU: server user %.0f sys %.0f ms; bench %.0f ms\n", name, server1.CPUUserMs-server0.CPUUserMs, server1.CPUSysMs-server0.CPUSysMs, cpu.Bench)
		}
	}
}

// parallel runs fn(0..n-1) on k workers and returns the first error.
func parallel(n, k int, fn func(i int) error) error {
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

// benchCompress makes the bench's screens ask for compressed messages. Off by default: the server
// compresses each message once for all screens, but every screen decompresses its own, and with
// ten thousand screens in this one process that would measure the load generator, not the server.
var benchCompress bool

// castHTTP sends the ballots as POST requests instead of on the tablets' websockets.
var castHTTP bool

// prof records CPU profiles of each timed phase when --profile is given; nil does nothing.
var prof *phaseProfiler

// phaseProfiler writes DIR/<phase>.bench.pprof (this process) and DIR/<phase>.server.pprof (the
// server's, fetched from its pprof address over one second that covers the phase).
type phaseProfiler struct {
	dir, server string
	log         func(string, ...any)
}

func (p *phaseProfiler) start(phase string) (done func()) {
	if p == nil {
		return func() {}
	}
	f, err := os.Create(filepath.Join(p.dir, phase+".bench.pprof"))
	if err != nil {
		p.log("profile %s: %v", phase, err)
		return func() {}
	}
	pprof.StartCPUProfile(f)
	fetched := make(chan struct{})
	go func() {
		defer close(fetched)
		resp, err := http.Get(p.server + "/debug/pprof/profile?seconds=1")
		if err != nil {
			p.log("server profile %s: %v", phase, err)
			return
		}
		defer resp.Body.Close()
		out, err := os.Create(filepath.Join(p.dir, phase+".server.pprof"))
		if err == nil {
			io.Copy(out, resp.Body)
			out.Close()
		}
	}()
	time.Sleep(20 * time.Millisecond) // the server's profiler has started
	return func() {
		pprof.StopCPUProfile()
		f.Close()
		<-fetched
	}
}

// fsyncP50 measures a 4 KiB write and fsync on the data's disk, the cost under every commit.
func fsyncP50(dir string) float64 {
	f, err := os.CreateTemp(dir, "fsync-*")
	if err != nil {
		return 0
	}
	defer os.Remove(f.Name())
	defer f.Close()
	buf := make([]byte, 4096)
	var d []time.Duration
	for i := 0; i < 200; i++ {
		f.WriteAt(buf, int64(i%16)*4096)
		t := time.Now()
		f.Sync()
		d = append(d, time.Since(t))
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return float64(d[len(d)/2].Nanoseconds()) / 1000
}

// spawnServer starts `daihoi serve` as a child process on a free loopback port, seeded for the
// bench, and waits until it answers.
func spawnServer(dir string, n int, withPprof bool) (stop func(), url, pprofURL string, err error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, "", "", err
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, "", "", err
	}
	args := []string{"serve", "--addr", addr, "--data", filepath.Join(dir, "data"), "--bench-roll", strconv.Itoa(n + 5)} // + the demo's five alternates
	if withPprof {
		pa, err := freeAddr()
		if err != nil {
			return nil, "", "", err
		}
		args = append(args, "--pprof", pa)
		pprofURL = "http://" + pa
	}
	cmd := exec.Command(exe, args...)
	var errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &errOut
	if os.Getenv("DAIHOI_BENCH_SERVER_STDERR") != "" { // the server's own messages, GODEBUG=gctrace=1 say
		cmd.Stderr = os.Stderr
	}
	if err := cmd.Start(); err != nil {
		return nil, "", "", err
	}
	stop = func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
		}
	}
	url = "http://" + addr
	for i := 0; i < 600; i++ {
		resp, err := http.Get(url + "/healthz")
		if err == nil {
			resp.Body.Close()
			return stop, url, pprofURL, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	stop()
	sc := bufio.NewScanner(&errOut)
	for sc.Scan() {
		return nil, "", "", fmt.Errorf("the server did not start: %s", sc.Text())
	}
	return nil, "", "", errors.New("the server did not start within a minute")
}

// freeAddr returns a loopback address with a port free at this moment.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}
