// Package loadgen is `daihoi bench`: a congress hall on loopback, thousands of tablets and screens
// in this one process against a daihoi server in another, timing what a delegate and a screen
// notice (a ballot's receipt, the agenda's and the result's fan-out) and what the server spends.
// With --floor it measures the same traffic against a server that does nothing else, the machine's
// best. Its files: loadgen.go the configuration, the results and their median over runs; run.go one
// run of the hall; phase.go the CPU and profiles of each timed phase; spawn.go the server as a
// child process; screen.go the screens' websockets; sockets_linux.go their epoll reading;
// floor.go the floor; report.go the printed table.
package loadgen

import (
	"encoding/json"
	"errors"
	"sort"
	"time"
)

// Result is what `daihoi bench --json` prints: one object.
type Result struct {
	TLS              bool        `json:"tls"` // over HTTPS, with the congress CA
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
	// The delegate's page as a tablet's browser loads it (Browser): page, style sheets, scripts and
	// the fonts of the first screen, gzip accepted; then a reload.
	Page struct {
		FirstLoad PageLoad `json:"first_load"`
		Reload    PageLoad `json:"reload"`
	} `json:"page"`
	// The sign-in storm: every tablet at once signs in with its card, loads the page, asks who it
	// is and opens its socket. Ms is each tablet's time from the storm's start to its first
	// snapshot (the max: until all are connected); Bytes is what the server sent them meanwhile;
	// CPUMs the CPU each side used.
	Storm struct {
		Tablets        int         `json:"tablets"`
		Ms             Percentiles `json:"ms"`
		Bytes          int64       `json:"bytes"`
		BytesPerTablet int64       `json:"bytes_per_tablet"`
		CPUMs          CPUSplit    `json:"cpu_ms"`
	} `json:"storm"`
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
	// With --restart: the server killed in the middle of the burst and started again (see Restart).
	Restart *Restart `json:"restart,omitempty"`
	// With --runs N: each run, the figures above being their median (see combine).
	Runs []Result `json:"runs,omitempty"`

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

// Config is one invocation of the load generator: the hall's size, the server, and how the
// tablets and screens talk to it.
type Config struct {
	Delegates int // tablets that sign in with their cards and cast a ballot
	Screens   int // read-only screens (the hall's and the observers')
	// URL is a running server seeded with --bench-roll; empty starts one as a child process.
	URL string
	// Compress makes the screens ask for compressed messages. Off by default: the server
	// compresses each message once for all screens, but every screen decompresses its own, and with
	// ten thousand screens in this one process that would measure the load generator, not the server.
	Compress bool
	// TLS runs the hall over HTTPS: the bench's server with its congress CA, which every tablet
	// and screen trusts. The screens are then read through gorilla/websocket, and no floor is taken.
	TLS bool
	// CastHTTP sends the ballots as POST requests instead of on the tablets' websockets.
	CastHTTP bool
	// Runs is how many times the hall is measured (at least once); with more than one the result
	// holds their medians (see combine) and each run.
	Runs int
	// ProfileDir, if set, receives CPU profiles of each timed phase, this process's and the
	// server's; it needs the bench's own server (no URL).
	ProfileDir string
	// Floor also measures the same traffic with no application behind it (see Floor).
	Floor bool
	// Restart kills the server with SIGKILL in the middle of the burst and starts it again on the
	// same file, while the hall reconnects (see Restart). It needs the bench's own server and the
	// ballots on the sockets.
	Restart bool
	// Recount tallies a poll's exported record as `daihoi tally` does; the run compares it with
	// the server's published result. Required.
	Recount func(record []byte) ([]byte, error)
	// Log prints the run's progress; nil prints nothing.
	Log func(format string, a ...any)
}

// Run measures a congress hall on loopback. N delegates sign in with their cards and connect; M more
// read-only screens connect; the presidium changes the agenda item (fan-out timed at every screen);
// an election of 60 candidates for 45 seats opens; every delegate casts a ballot at once; the poll
// closes, the tellers confirm, the presidium publishes (the result's fan-out timed); the export is
// recounted and compared.
//
// The running executable must be daihoi (or a test binary standing in for it): the server is started
// as `<executable> serve ...`, and the floor's as `<executable> bench --floor-server DIR` (ServeFloor).
func Run(cfg Config) (Result, error) {
	if cfg.Log == nil {
		cfg.Log = func(string, ...any) {}
	}
	cfg.Runs = max(cfg.Runs, 1)
	if cfg.Recount == nil {
		return Result{}, errors.New("loadgen: no Recount to check the tally with")
	}
	log := cfg.Log
	var all []Result
	for i := 0; i < cfg.Runs; i++ {
		if cfg.Runs > 1 {
			log("run %d of %d", i+1, cfg.Runs)
		}
		r, err := cfg.once()
		if err != nil {
			return Result{}, err
		}
		if cfg.Floor && cfg.TLS {
			log("--floor: measured over plain sockets only; not measured with --tls")
		} else if cfg.Floor && !RawScreens {
			log("--floor: measured on Linux only (its sockets are read with epoll); not measured here")
		} else if cfg.Floor && (r.shape.Agenda == 0 || r.shape.Ballot == 0 || r.shape.Receipt == 0) {
			log("--floor: repeats the ballots sent on the tablets' sockets; not measured with --cast http")
		} else if cfg.Floor {
			log("the floor: the same traffic with no application")
			f, err := measureFloor(cfg.Delegates, cfg.Screens, r.shape)
			if err != nil {
				return Result{}, err
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
	return res, nil
}

func round1(x float64) float64 { return float64(int(x*10+0.5)) / 10 }

// combine folds several runs into one result: each figure is the median of the runs (the lower
// of the middle two when their number is even, so it is always a figure some run gave), except
// that ballots lost and screens that missed a message are the worst run's, and the tally matches
// only if it matched in every run.
func combine(runs []Result) Result {
	var each []map[string]any
	for _, r := range runs {
		r.Runs = nil
		b, _ := json.Marshal(r)
		var m map[string]any
		json.Unmarshal(b, &m)
		each = append(each, m)
	}
	b, _ := json.Marshal(fold(each))
	var out Result
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
