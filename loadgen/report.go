package loadgen

import (
	"fmt"
	"io"
	"strconv"
)

// Print writes the result as `daihoi bench` shows it: a table of each figure and its target.
func Print(w io.Writer, r Result) {
	row := func(name, value, target string) { fmt.Fprintf(w, "  %-30s %-28s %s\n", name, value, target) }
	p := func(x Percentiles) string { return fmt.Sprintf("%.1f / %.1f / %.1f", x.P50, x.P99, x.Max) }
	over := "HTTP"
	if r.TLS {
		over = "HTTPS"
	}
	fmt.Fprintf(w, "daihoi bench — %d đại biểu / delegates, %d màn hình / screens, %s (open-file limit %d)\n", r.Delegates, r.Screens, over, r.OpenFiles)
	row("", "value", "target")
	row("tablet page first / reload B", fmt.Sprintf("%d / %d", r.Page.FirstLoad.Bytes, r.Page.Reload.Bytes), "≤ 90000 / ≤ 5000")
	row("sign-in storm ms p50/p99/all", p(r.Storm.Ms), fmt.Sprintf("%d tablets at once", r.Storm.Tablets))
	row("sign-in storm bytes sent", fmt.Sprintf("%d (%d a tablet)", r.Storm.Bytes, r.Storm.BytesPerTablet), "")
	row("sign-in storm CPU ms", fmt.Sprintf("%.0f/%.0f/%.0f", r.Storm.CPUMs.Server, r.Storm.CPUMs.Bench, r.Storm.CPUMs.Stolen), "server/bench/stolen")
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
		spread := func(name string, f func(Result) float64) {
			lo, hi := f(r.Runs[0]), f(r.Runs[0])
			for _, x := range r.Runs {
				lo, hi = min(lo, f(x)), max(hi, f(x))
			}
			row(name, fmt.Sprintf("%.1f (%.1f–%.1f)", f(r), lo, hi), "")
		}
		fmt.Fprintf(w, "  median of %d runs (the range in brackets):\n", len(r.Runs))
		spread("sign-in storm ms (all)", func(x Result) float64 { return x.Storm.Ms.Max })
		spread("ballot ack ms p99", func(x Result) float64 { return x.BallotAckMs.P99 })
		spread("burst durable ms", func(x Result) float64 { return x.BurstDurableMs })
		spread("fan-out ms p99", func(x Result) float64 { return x.FanoutMs.P99 })
		spread("results fan-out ms p99", func(x Result) float64 { return x.ResultsFanoutMs.P99 })
		if r.Restart != nil && r.Runs[0].Restart != nil {
			spread("restart: serving again ms", func(x Result) float64 { return x.Restart.ServingMs })
			spread("restart: sockets back ms p99", func(x Result) float64 { return x.Restart.ScreensBackMs.P99 })
		}
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
	if x := r.Restart; x != nil {
		fmt.Fprintf(w, "  the restart storm: killed (SIGKILL) mid-burst, started again on the same file:\n")
		row("serving again ms", fmt.Sprintf("%.1f", x.ServingMs), "≤ 1000")
		row("sockets back / connected", fmt.Sprintf("%d / %d", x.ScreensBack, x.Sockets), "all")
		row("sockets back ms p50/p99/max", p(x.ScreensBackMs), "p99 ≤ 5000")
		row("ballots acked before the kill", strconv.Itoa(x.BallotsAckedBeforeKill), "")
		row("ballots sent again / recorded", fmt.Sprintf("%d / %d", x.BallotsRetried, x.BallotsRecorded), "")
		row("ballots lost", strconv.Itoa(x.BallotsLost), "0")
	}
	if r.FanoutMissed+r.ResultsMissed > 0 {
		row("screens that missed a message", fmt.Sprintf("%d agenda, %d results", r.FanoutMissed, r.ResultsMissed), "0")
	}
}
