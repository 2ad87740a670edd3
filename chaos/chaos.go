// Package chaos is `daihoi chaos` (make chaos): the real binary serving a hall of delegates who vote
// on their tablets in bursts, killed with SIGKILL at random moments (mid-burst, while a poll closes,
// while the backup after a close is written) and started again on the same data file, the tablets
// retrying as they do. After every kill the data folder is checked with the server down, and after
// every restart through the server: every acknowledged ballot is there, none twice, each poll's roll
// and box agree, the event sequence has no gap, `daihoi audit` passes (when the binary has it), and
// each published result equals `daihoi tally` on `daihoi export`. Its files: chaos.go the run and
// its figures; hall.go the server, the tablets and the polls; check.go the checks.
package chaos

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"time"
)

// Config is one chaos run.
type Config struct {
	// Exe is the daihoi binary (or a test binary standing in for it): it is run as `Exe serve`,
	// `Exe export`, `Exe tally` and, when it has it, `Exe audit`.
	Exe       string
	Kills     int   // SIGKILLs (at least 1)
	Delegates int   // tablets voting
	Seed      int64 // of the random moments; 0 picks one
	// Dir is where the data folder goes; empty makes a temporary folder, removed at the end.
	Dir string
	// Log prints the run's progress; nil prints nothing.
	Log func(format string, a ...any)
}

// Result is what the run found. Acked counts the ballots the server acknowledged: with a receipt,
// or, for a ballot retried after a restart, with "your ballot has been recorded" (the restarted
// server has a new idempotency secret, so it knows the voter has voted but not the receipt).
type Result struct {
	Kills      int
	Restarts   int
	Polls      int
	Acked      int
	Receipts   int // of Acked, answered with a receipt
	Lost       int // acknowledged, and not in the data file
	Duplicates int // in the data file more than once
	// Failures are the checks that failed, besides lost and duplicated ballots: a gap in the
	// events, a roll and a box that disagree, a result that differs from the recount, an audit.
	Failures []string
	// ServingMs are, for each restart, the time from the new process's start to its first answer.
	ServingMs []float64
	Audited   bool // `daihoi audit` ran after every kill
	Backups   bool // the server wrote backups (--backup-dir), found at the end; each kill's newest audited
	// KillsInBackup fell while a copy was being written to the backup folder; ClosesCut are the
	// kills during a close that came before the close was written (the poll open again after the
	// restart, and closed again).
	KillsInBackup, ClosesCut int
}

// Line is the run's last line: `chaos: kills=K acked=A lost=L duplicates=D`.
func (r Result) Line() string {
	return fmt.Sprintf("chaos: kills=%d acked=%d lost=%d duplicates=%d", r.Kills, r.Acked, r.Lost, r.Duplicates)
}

// OK says whether nothing was lost, doubled or found wrong.
func (r Result) OK() bool { return r.Lost == 0 && r.Duplicates == 0 && len(r.Failures) == 0 }

// Print writes what the run found, ending with Line.
func (r Result) Print(w io.Writer) {
	fmt.Fprintf(w, "chaos: %d polls, %d restarts; ballots acknowledged %d (%d with a receipt, %d as recorded after a restart)\n",
		r.Polls, r.Restarts, r.Acked, r.Receipts, r.Acked-r.Receipts)
	if len(r.ServingMs) > 0 {
		lo, hi := r.ServingMs[0], r.ServingMs[0]
		for _, x := range r.ServingMs {
			lo, hi = min(lo, x), max(hi, x)
		}
		fmt.Fprintf(w, "chaos: serving again after a restart in %.0f–%.0f ms\n", lo, hi)
	}
	fmt.Fprintf(w, "chaos: audit after every kill: %v; backups written (--backup-dir): %v, %d kills while a copy was written\n", r.Audited, r.Backups, r.KillsInBackup)
	fmt.Fprintf(w, "chaos: %d kills during a close came before it was written (closed again after the restart)\n", r.ClosesCut)
	for _, f := range r.Failures {
		fmt.Fprintf(w, "chaos: FAIL %s\n", f)
	}
	fmt.Fprintln(w, r.Line())
}

// Run runs the chaos: a hall, Kills kills, the checks. The error is for a run that could not go on
// (the server did not start again, say); what the checks find is in the Result.
func Run(cfg Config) (Result, error) {
	if cfg.Log == nil {
		cfg.Log = func(string, ...any) {}
	}
	if cfg.Kills < 1 {
		return Result{}, errors.New("chaos: at least one kill")
	}
	if cfg.Delegates < 10 {
		return Result{}, errors.New("chaos: at least 10 delegates")
	}
	if cfg.Seed == 0 {
		cfg.Seed = time.Now().UnixNano()
	}
	cfg.Log("seed %d", cfg.Seed)
	dir := cfg.Dir
	if dir == "" {
		d, err := os.MkdirTemp("", "daihoi-chaos-")
		if err != nil {
			return Result{}, err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	h, err := newHall(cfg, dir, rand.New(rand.NewPCG(uint64(cfg.Seed), 22)))
	if err != nil {
		return Result{}, err
	}
	defer h.stop()
	res, err := h.run()
	return res, err
}
