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
// into shared, fsynced transactions.
func BenchmarkCast(b *testing.B) {
	db := open(b, b.TempDir())
	voters := make([]string, b.N)
	for i := range voters {
		voters[i] = fmt.Sprintf("voter-%08d", i)
	}
	if err := db.Commit(daihoi.NewChange("", time.Now()), daihoi.BoxOp{Poll: "p", Open: true, Eligible: voters}); err != nil {
		b.Fatal(err)
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
			v := voters[next.Add(1)-1]
			if _, err := db.Cast("p", v, bytes.Repeat([]byte{1}, 32), []byte("ABCD-EFGH"), content); err != nil {
				b.Error(err)
			}
		}
	})
	b.StopTimer()
	txs, ballots := db.CastStats()
	b.ReportMetric(float64(ballots)/float64(max(txs, 1)), "ballots/commit")
}
