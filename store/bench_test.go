package store_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/store"
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

// BenchmarkCompactAfterAnElection compacts the data file of a congress of 2,000 delegates after a
// secret election of 45 names among 2,000 voters, cast in a burst from 64 tablets and closed: what
// closing such a poll adds (the transactions wait meanwhile). It reports the file's size.
func BenchmarkCompactAfterAnElection(b *testing.B) {
	const voters = 2000
	dir := b.TempDir()
	db := open(b, dir)
	c := daihoi.NewChange("", time.Now())
	ids := make([]string, voters)
	for i := range ids {
		ids[i] = fmt.Sprintf("d%04d", i)
		c.Put(daihoi.KDelegate, ids[i], daihoi.Delegate{ID: ids[i], Name: "Nguyễn Thị Minh " + ids[i], Unit: "Đảng bộ phường Bến Nghé", Category: daihoi.Official, Number: i + 1})
		c.Emit(daihoi.EvDelegate, map[string]string{"id": ids[i]})
	}
	if err := db.Commit(c); err != nil {
		b.Fatal(err)
	}
	if err := db.Commit(daihoi.NewChange("", time.Now()), daihoi.BoxOp{Poll: "p", Open: true, Eligible: ids}); err != nil {
		b.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < voters; i += 64 {
				var kept []string
				for k := range 45 {
					if (i+k)%4 != 0 {
						kept = append(kept, fmt.Sprintf("%q", daihoi.CandidateID(k)))
					}
				}
				content := []byte(`{"kept":[` + strings.Join(kept, ",") + `]}`)
				tag := bytes.Repeat([]byte{byte(i), byte(i >> 8)}, 16)
				if _, err := db.Cast("p", ids[i], tag, []byte(fmt.Sprintf("R%07d-%04x", i, i*7919)), content); err != nil {
					b.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	start := time.Now()
	if err := db.Commit(daihoi.NewChange("", time.Now()), daihoi.BoxOp{Poll: "p"}); err != nil {
		b.Fatal(err)
	}
	closing := time.Since(start)
	b.ResetTimer()
	for b.Loop() {
		if err := store.Compact(db); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(closing.Microseconds())/1000, "close-ms")
	if fi, err := os.Stat(db.Path()); err == nil {
		b.ReportMetric(float64(fi.Size()), "file-bytes")
	}
}

// BenchmarkCommitCheckIn commits one change as a check-in makes it (a delegate's record, the
// delegate and attendance events) on a file of 2,000 delegates: one fsynced transaction, in which
// each event is chained to the one before (one SHA-256 of the record before, one more put).
func BenchmarkCommitCheckIn(b *testing.B) {
	db := open(b, b.TempDir())
	c := daihoi.NewChange("", time.Now())
	for i := range 2000 {
		id := fmt.Sprintf("d%04d", i)
		c.Put(daihoi.KDelegate, id, daihoi.Delegate{ID: id, Name: "Nguyễn Thị Minh " + id, Unit: "Đảng bộ phường Bến Nghé", Category: daihoi.Official, Number: i + 1})
	}
	if err := db.Commit(c); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		id := fmt.Sprintf("d%04d", i%2000)
		d := daihoi.Delegate{ID: id, Name: "Nguyễn Thị Minh " + id, Unit: "Đảng bộ phường Bến Nghé", Category: daihoi.Official, Number: i%2000 + 1, Presence: daihoi.Present}
		c := daihoi.NewChange("dontiep", time.Now())
		c.Put(daihoi.KDelegate, id, d)
		c.Emit(daihoi.EvDelegate, d)
		c.Emit(daihoi.EvAttendance, daihoi.Attendance{Base: 2000, Present: i % 2000})
		if err := db.Commit(c); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
