package main

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/daihoi/daihoi/loadgen"
)

// TestMain lets the test binary stand in for daihoi: the bench starts its server as
// `<this binary> serve ...`, and the floor's as `<this binary> bench --floor-server DIR`; the chaos
// run also asks it for help and runs its export, tally and audit.
func TestMain(m *testing.M) {
	standIn := []string{"serve", "export", "tally", "audit", "help"}
	if len(os.Args) > 1 && (slices.Contains(standIn, os.Args[1]) || os.Args[1] == "bench" && slices.Contains(os.Args, "--floor-server")) {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// The bench runs a small hall end to end and prints one JSON object: every ballot acknowledged and
// none lost, every screen reached by the agenda and the result, the export recounted to the same
// result. The default run reads its screens with epoll (on Linux); --compress reads them through
// gorilla/websocket with permessage-deflate, and --cast http posts the ballots. --floor adds the
// same traffic with no application behind it (on Linux). --tls runs the hall over HTTPS, every
// tablet and screen trusting the server's congress CA.
func TestBenchSmallHall(t *testing.T) {
	if testing.Short() {
		t.Skip("the bench's smoke run starts servers in child processes: go test -short skips it (make test runs it)")
	}
	for _, args := range [][]string{
		{"--runs", "2", "--floor"},
		{"--compress", "--cast", "http"},
		{"--tls"},
	} {
		var out, errb bytes.Buffer
		argv := append([]string{"--delegates", "40", "--screens", "60", "--json"}, args...)
		if code := runBench(argv, &out, &errb); code != 0 {
			t.Fatalf("bench %v: exit %d\n%s", args, code, errb.String())
		}
		var fields map[string]any
		if err := json.Unmarshal(out.Bytes(), &fields); err != nil {
			t.Fatalf("bench %v printed %q, not one JSON object: %v", args, out.String(), err)
		}
		for _, k := range []string{"delegates", "screens", "ballots_acked", "ballots_lost", "ballot_ack_ms", "burst_durable_ms", "fanout_ms",
			"results_fanout_ms", "server_heap_mb", "server_rss_mb", "bytes_per_screen", "fsync_p50_us", "ballots_per_commit", "tally_matches", "page", "storm"} {
			if _, ok := fields[k]; !ok {
				t.Errorf("bench %v: no %q in %s", args, k, out.String())
			}
		}
		var r loadgen.Result
		json.Unmarshal(out.Bytes(), &r)
		if r.TLS != slices.Contains(args, "--tls") {
			t.Errorf("bench %v: over TLS %v", args, r.TLS)
		}
		if r.BallotsAcked != 40 || r.BallotsLost != 0 || !r.TallyMatches || r.FanoutMissed != 0 || r.ResultsMissed != 0 {
			t.Errorf("bench %v: acked %d lost %d, tally matches %v, screens missing the agenda %d and the result %d",
				args, r.BallotsAcked, r.BallotsLost, r.TallyMatches, r.FanoutMissed, r.ResultsMissed)
		}
		if want := wantGOGC(); r.ServerGOGC != want {
			t.Errorf("bench %v: the server collected at GOGC %d, want %d", args, r.ServerGOGC, want)
		}
		if r.BytesPerScreen <= 0 || r.FanoutMs.P99 <= 0 || r.BallotAckMs.P99 <= 0 || r.BallotsPerCommit <= 0 {
			t.Errorf("bench %v: figures missing: %s", args, out.String())
		}
		if p := r.Page; p.FirstLoad.Bytes <= 0 || p.Reload.Bytes <= 0 || p.Reload.Bytes >= p.FirstLoad.Bytes || p.Reload.Kept == 0 {
			t.Errorf("bench %v: the tablet's page: first load %+v, reload %+v", args, p.FirstLoad, p.Reload)
		}
		if st := r.Storm; st.Tablets != 40 || st.Ms.Max <= 0 || st.Bytes < int64(st.Tablets)*r.Page.FirstLoad.Bytes {
			t.Errorf("bench %v: the sign-in storm: %+v (a tablet's first load is %d bytes)", args, st, r.Page.FirstLoad.Bytes)
		}
		if want := map[bool]int{true: 2}[len(args) > 0 && args[0] == "--runs"]; len(r.Runs) != want {
			t.Errorf("bench %v: %d runs in the JSON, want %d", args, len(r.Runs), want)
		}
		if floor := slices.Contains(args, "--floor") && loadgen.RawScreens; floor != (r.Floor != nil) {
			t.Errorf("bench %v: floor %+v", args, r.Floor)
		} else if floor && (r.Floor.FanoutMs.P99 <= 0 || r.Floor.BallotAckMs.P99 <= 0 || r.Floor.BurstDurableMs <= 0 || r.Runs[0].Floor == nil) {
			t.Errorf("bench %v: the floor's figures are missing: %+v", args, *r.Floor)
		}
	}
}

// wantGOGC is the collector's setting the server should run at: gcPercent, which serve sets, or
// what GOGC says.
func wantGOGC() int {
	switch v := os.Getenv("GOGC"); v {
	case "":
		return gcPercent
	case "off":
		return -1
	default:
		n, _ := strconv.Atoi(v)
		return n
	}
}

// bench --restart kills the server with SIGKILL in the middle of the burst and starts it again on
// the same file: every socket comes back and holds the latest event, every ballot in flight is sent
// again and acknowledged, none is lost, and the export still recounts to the published result.
func TestBenchRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("the bench's smoke run starts servers in child processes: go test -short skips it (make test runs it)")
	}
	var out, errb bytes.Buffer
	if code := runBench([]string{"--delegates", "40", "--screens", "60", "--json", "--restart"}, &out, &errb); code != 0 {
		t.Fatalf("bench --restart: exit %d\n%s", code, errb.String())
	}
	var fields struct {
		Restart map[string]any `json:"restart"`
	}
	json.Unmarshal(out.Bytes(), &fields)
	for _, k := range []string{"serving_ms", "screens_back", "screens_back_ms", "ballots_acked_before_kill", "ballots_lost"} {
		if _, ok := fields.Restart[k]; !ok {
			t.Errorf("no restart.%s in %s", k, out.String())
		}
	}
	var r loadgen.Result
	json.Unmarshal(out.Bytes(), &r)
	x := r.Restart
	if x == nil {
		t.Fatalf("no restart object: %s", out.String())
	}
	if x.ServingMs <= 0 || x.Sockets != 100 || x.ScreensBack != 100 || x.ScreensBackMs.Max <= 0 || x.BallotsLost != 0 {
		t.Errorf("the restart: %+v", *x)
	}
	if x.BallotsAckedBeforeKill < 20 || x.BallotsAckedBeforeKill+x.BallotsRetried != 40 {
		t.Errorf("killed in the middle of the burst: %d ballots acknowledged before the kill, %d sent again, of 40", x.BallotsAckedBeforeKill, x.BallotsRetried)
	}
	if r.BallotsAcked != 40 || r.BallotsLost != 0 || !r.TallyMatches || r.ResultsMissed != 0 {
		t.Errorf("acked %d lost %d, tally matches %v, screens missing the result %d", r.BallotsAcked, r.BallotsLost, r.TallyMatches, r.ResultsMissed)
	}
}
