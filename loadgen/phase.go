package loadgen

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"time"

	"github.com/daihoi/daihoi/client"
)

// phase starts a timed phase: done records the CPU the server and this process used in it, and
// with --profile writes their CPU profiles. This process collects its garbage before the phase and
// not during it: it stands for thousands of devices, and its collection would stop all of them at
// once, which no hall's devices do; the server's collections are measured, not stopped.
func phase(name string, org *client.Client, cpu *CPUSplit, prof *phaseProfiler) (done func()) {
	runtime.GC()
	prevGC := debug.SetGCPercent(-1)
	used := cpuUse(org, name)
	stop := prof.start(name)
	return func() {
		defer debug.SetGCPercent(prevGC)
		*cpu = used()
		stop()
	}
}

// cpuUse starts counting the CPU the server and this process use; the function it returns tells
// how much they used since.
func cpuUse(org *client.Client, name string) func() CPUSplit {
	ctx := context.Background()
	server0, self0, stolen0 := serverStats(ctx, org), selfCPU(), stolenCPU()
	return func() CPUSplit {
		self1, stolen1 := selfCPU(), stolenCPU()
		server1 := serverStats(ctx, org)
		var cpu CPUSplit
		cpu.Server = round1(server1.CPUUserMs + server1.CPUSysMs - server0.CPUUserMs - server0.CPUSysMs)
		cpu.Bench = round1(float64((self1 - self0).Microseconds()) / 1000)
		cpu.Stolen = round1(float64((stolen1 - stolen0).Microseconds()) / 1000)
		cpu.ServerGC = round1(server1.GCCPUMs - server0.GCCPUMs)
		cpu.ServerGCCycles = float64(server1.GCCycles - server0.GCCycles)
		cpu.ServerAllocMB = round1(server1.AllocMB - server0.AllocMB)
		if os.Getenv("DAIHOI_BENCH_TIMELINE") != "" {
			fmt.Fprintf(os.Stderr, "bench: %s CPU: server user %.0f sys %.0f ms; bench %.0f ms\n", name, server1.CPUUserMs-server0.CPUUserMs, server1.CPUSysMs-server0.CPUSysMs, cpu.Bench)
		}
		return cpu
	}
}

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
