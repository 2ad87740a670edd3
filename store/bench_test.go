package store_test

import (
	"bytes"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/daihoi/daihoi"
)

// BenchmarkCast casts ballots from many voters at once: bolt's Batch groups them into shared,
// fsynced transactions.
func BenchmarkCast(b *testing.B) {
	db := open(b, b.TempDir())
	voters := make([]string, b.N)
	for i := range voters {
		voters[i] = fmt.Sprintf("voter-%08d", i)
	}
	if err := db.Commit(daihoi.NewChange("", time.Now()), daihoi.BoxOp{Poll: "p", Open: true, Eligible: voters}); err != nil {
		b.Fatal(err)
	}
	content := []byte(`{"id":"ABCD-EFGH","kept":["c01","c02","c03"]}`)
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
