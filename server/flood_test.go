package server_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
	"github.com/daihoi/daihoi/internal/testserver"
	"github.com/daihoi/daihoi/server"
)

// BenchmarkBallotAckDuringLoginFlood measures how long a tablet waits for its ballot's receipt on
// its socket (the ack), with nobody signing in and while eight goroutines flood /api/login with
// wrong passwords for made-up names (each a bcrypt check at the default cost, and no account limit
// to stop them: the worst a flood can do). "pool" checks passwords as the server does, one at a
// time on a thread of lower priority; "pool-normal-priority" one at a time at the priority of the
// rest; "unbounded" every sign-in at once at the same priority, as the server did before. It prints
// the ack p50/p99 in ms:
//
//	go test -run '^$' -bench LoginFlood -benchtime 1x ./server/
func BenchmarkBallotAckDuringLoginFlood(b *testing.B) {
	normal := server.DefaultLimits
	normal.NormalPriority = true
	unbounded := normal
	unbounded.PasswordChecks, unbounded.PasswordQueue = 16, 1<<10 // more than the flood sends at once
	for _, sc := range []struct {
		name   string
		flood  bool
		limits server.Limits
	}{
		{"quiet", false, server.DefaultLimits},
		{"flood/pool", true, server.DefaultLimits},
		{"flood/pool-normal-priority", true, normal},
		{"flood/unbounded", true, unbounded},
	} {
		b.Run(sc.name, func(b *testing.B) {
			var acks []time.Duration
			var logins, refused atomic.Int64
			for range b.N {
				a, l, r := floodRun(b, sc.flood, sc.limits)
				acks = append(acks, a...)
				logins.Add(l)
				refused.Add(r)
			}
			sort.Slice(acks, func(i, j int) bool { return acks[i] < acks[j] })
			p := func(q float64) float64 { return float64(acks[int(q*float64(len(acks)-1))]) / 1e6 }
			b.ReportMetric(p(0.50), "ack-p50-ms")
			b.ReportMetric(p(0.99), "ack-p99-ms")
			b.ReportMetric(float64(logins.Load())/float64(b.N), "logins-checked/run")
			b.ReportMetric(float64(refused.Load())/float64(b.N), "logins-429/run")
		})
	}
}

// floodRun opens a hall, signs its voters in on sockets, and has them cast five elections' ballots,
// eight tablets at a time, while the flood runs if flood is set. It returns each ballot's ack, and
// how many flooding sign-ins were checked and refused with 429.
func floodRun(b *testing.B, flood bool, limits server.Limits) (acks []time.Duration, checked, refused int64) {
	b.StopTimer()
	h := &hall{testserver.Open(b, testserver.Options{Limits: &limits, TurnoutTick: tick, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})}
	ctx := context.Background()
	seats := h.SeatHolders()
	voters := seats[:min(len(seats)-5, 60)] // the congress lets one address hold 64 sockets
	h.CheckIn(seats)
	streams := make([]*client.Stream, len(voters))
	for i, d := range voters {
		streams[i] = testserver.Must(h.Tablet(d).Connect(ctx, 0))
		defer streams[i].Close()
	}
	pres := h.Login("dct1")

	stop := make(chan struct{})
	var wg sync.WaitGroup
	var cn, rn atomic.Int64
	if flood {
		for g := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				hc := &http.Client{}
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					body := fmt.Sprintf(`{"name":"khach%d-%d","password":"doan-mat-khau"}`, g, i)
					resp, err := hc.Post(h.URL()+"/api/login", "application/json", bytes.NewBufferString(body))
					if err != nil {
						continue
					}
					resp.Body.Close()
					if resp.StatusCode == http.StatusTooManyRequests {
						rn.Add(1)
						time.Sleep(50 * time.Millisecond) // a flood that reads Retry-After a little
					} else {
						cn.Add(1)
					}
				}
			}()
		}
		time.Sleep(500 * time.Millisecond) // let the flood take hold
	}

	b.StartTimer()
	var mu sync.Mutex
	for round := range 5 {
		req := daihoi.PollRequest{Kind: daihoi.Election, Title: fmt.Sprintf("Bầu thử %d", round+1), Seats: 3, Tablet: true}
		for _, d := range seats[len(seats)-5:] {
			req.Candidates = append(req.Candidates, daihoi.CandidateRequest{ID: d.ID, Name: d.Name})
		}
		p := testserver.Must(pres.CreatePoll(ctx, req))
		testserver.Must(pres.PollAction(ctx, p.ID, "open"))
		next := atomic.Int64{}
		var cast sync.WaitGroup
		for range 8 {
			cast.Add(1)
			go func() {
				defer cast.Done()
				for {
					i := int(next.Add(1)) - 1
					if i >= len(voters) {
						return
					}
					start := time.Now()
					if _, err := streams[i].Cast(p.ID, ballotFor(p, i)); err != nil {
						b.Errorf("cast: %v", err)
						return
					}
					mu.Lock()
					acks = append(acks, time.Since(start))
					mu.Unlock()
					time.Sleep(5 * time.Millisecond)
				}
			}()
		}
		cast.Wait()
		testserver.Must(pres.PollAction(ctx, p.ID, "close"))
	}
	b.StopTimer()
	close(stop)
	wg.Wait()
	return acks, cn.Load(), rn.Load()
}
