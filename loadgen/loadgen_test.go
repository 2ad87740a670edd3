package loadgen

import "testing"

// Several runs fold into their medians, the worst run's losses, and a tally that matched every
// time.
func TestCombineRuns(t *testing.T) {
	run := func(ack, fanout float64, lost int, matches bool) Result {
		r := Result{Delegates: 2000, BallotsAcked: 2000 - lost, BallotsLost: lost, TallyMatches: matches}
		r.BallotAckMs.P99, r.FanoutMs.P99 = ack, fanout
		return r
	}
	got := combine([]Result{run(90, 150, 0, true), run(60, 210, 2, true), run(120, 170, 0, false)})
	if got.BallotAckMs.P99 != 90 || got.FanoutMs.P99 != 170 || got.BallotsAcked != 2000 || got.Delegates != 2000 {
		t.Errorf("medians: ack p99 %v, fan-out p99 %v, acked %d, delegates %d; want 90, 170, 2000, 2000", got.BallotAckMs.P99, got.FanoutMs.P99, got.BallotsAcked, got.Delegates)
	}
	if got.BallotsLost != 2 || got.TallyMatches {
		t.Errorf("lost %d, tally matches %v; want the worst run's 2 and false", got.BallotsLost, got.TallyMatches)
	}
	if even := combine([]Result{run(60, 150, 0, true), run(90, 170, 0, true)}); even.BallotAckMs.P99 != 60 {
		t.Errorf("two runs: ack p99 %v, want the lower middle run's 60", even.BallotAckMs.P99)
	}
}
