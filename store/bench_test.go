package store_test

import (
	"bytes"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/daihoi/daihoi"
)

// BenchmarkCast casts ballots of 45 names from many voters at once: the group commit puts them
// into shared, fsynced transactions. The ballots go to polls of 2,000 voters (a new poll for each
// 2,000 ballots), the size of the bench's hall: a poll's roll and receipts grow with its voters.
func BenchmarkCast(b *testing.B) {
	const perPoll = 2000
	db := open(b, b.TempDir())
	polls := (b.N + perPoll - 1) / perPoll
	for p := range polls {
		voters := make([]string, perPoll)
		for i := range voters {
			voters[i] = fmt.Sprintf("voter-%08d", i)
		}
		if err := db.Commit(daihoi.NewChange("", time.Now()), daihoi.BoxOp{Poll: fmt.Sprint("p", p), Open: true, Eligible: voters}); err != nil {
			b.Fatal(err)
		}
	}
	var kept []string
	for i := range 45 {
		kept = append(kept, fmt.Sprintf("%q", daihoi.CandidateID(i)))
	}
	content := []byte(`{"kept":[` + strings.Join(kept, ",") + `]}`)
	var next atomic.Int64
	b.SetParallelism(64)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n := int(next.Add(1) - 1)
			voter, receipt := fmt.Sprintf("voter-%08d", n%perPoll), fmt.Sprintf("R%07d", n)
			if _, err := db.Cast(fmt.Sprint("p", n/perPoll), voter, bytes.Repeat([]byte{1}, 32), []byte(receipt), content); err != nil {
				b.Error(err)
			}
		}
	})
	b.StopTimer()
	txs, ballots := db.CastStats()
	b.ReportMetric(float64(ballots)/float64(max(txs, 1)), "ballots/commit")
}
