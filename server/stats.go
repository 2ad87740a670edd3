package server

import (
	"bufio"
	"math"
	"net/http"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"

	"github.com/daihoi/daihoi"
)

// Stats are the server's own figures, for the organiser and the load generator.
type Stats struct {
	HeapMB      float64 `json:"heap_mb"`
	RSSMB       float64 `json:"rss_mb"`
	PeakRSSMB   float64 `json:"peak_rss_mb"`
	Goroutines  int     `json:"goroutines"`
	Screens     int     `json:"screens"`
	Dropped     int     `json:"dropped"`
	Seq         uint64  `json:"seq"`
	CastTxs     int64   `json:"cast_txs"`
	CastBallots int64   `json:"cast_ballots"`
	CPUUserMs   float64 `json:"cpu_user_ms"` // CPU time used since the server started
	CPUSysMs    float64 `json:"cpu_sys_ms"`
	// The garbage collector since the server started: the memory allocated, the cycles, and the
	// runtime's estimate of the CPU time they took from the program (see gcCPUMs).
	AllocMB  float64 `json:"alloc_mb"`
	GCCycles uint32  `json:"gc_cycles"`
	GCCPUMs  float64 `json:"gc_cpu_ms"`
	GOGC     int     `json:"gogc"` // how far the heap grows past what is live before a collection, in %; -1 is off
}

type castStatser interface{ CastStats() (txs, ballots int64) }

// Stats measures the server now.
func (s *Server) Stats() Stats {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	st := Stats{HeapMB: float64(ms.HeapAlloc) / (1 << 20), Goroutines: runtime.NumGoroutine(), Screens: s.hub.Count(),
		AllocMB: float64(ms.TotalAlloc) / (1 << 20), GCCycles: ms.NumGC, GCCPUMs: gcCPUMs(), GOGC: gogc()}
	st.RSSMB, st.PeakRSSMB = procMemory()
	user, sys := ProcessCPU()
	st.CPUUserMs, st.CPUSysMs = millis(user), millis(sys)
	st.Dropped = s.hub.Dropped()
	s.mu.RLock()
	st.Seq = s.seq
	s.mu.RUnlock()
	if cs, ok := s.store.(castStatser); ok {
		st.CastTxs, st.CastBallots = cs.CastStats()
	}
	return st
}

// gcCPUMs is the runtime's estimate of the CPU time the collector has taken from the program, in
// milliseconds: its assists, its dedicated workers and its pauses, not the marking it does on
// processors that were idle anyway. The runtime updates the figure when a cycle ends.
func gcCPUMs() float64 {
	samples := []metrics.Sample{
		{Name: "/cpu/classes/gc/mark/assist:cpu-seconds"},
		{Name: "/cpu/classes/gc/mark/dedicated:cpu-seconds"},
		{Name: "/cpu/classes/gc/pause:cpu-seconds"},
	}
	metrics.Read(samples)
	total := 0.0
	for _, s := range samples {
		if s.Value.Kind() == metrics.KindFloat64 {
			total += s.Value.Float64()
		}
	}
	return total * 1000
}

// gogc is the collector's setting now (GOGC, or what the program set), in percent.
func gogc() int {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	if v := s[0].Value.Uint64(); v <= math.MaxInt32 {
		return int(v)
	}
	return -1 // GOGC=off reads as the largest value
}

// procMemory reads the resident and peak resident memory from /proc (Linux); zero elsewhere.
func procMemory() (rss, peak float64) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(fields[1], 64)
		switch fields[0] {
		case "VmRSS:":
			rss = kb / 1024
		case "VmHWM:":
			peak = kb / 1024
		}
	}
	return rss, peak
}

func (s *Server) stats(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	writeJSON(w, http.StatusOK, s.Stats())
}

func millis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
