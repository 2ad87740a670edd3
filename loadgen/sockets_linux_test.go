package loadgen

import (
	"testing"
	"time"
)

// The time stolen by the hypervisor is the eighth figure of /proc/stat's "cpu" line, in 10 ms ticks.
func TestStolenIn(t *testing.T) {
	stat := "cpu  1453002 143661 544633 1991287 41241 0 62430 100318 0 0\ncpu0 726501 71830 272316 995643 20620 0 31215 50159 0 0\n"
	if got, want := stolenIn(stat), 1003180*time.Millisecond; got != want {
		t.Errorf("stolen %v, want %v", got, want)
	}
	for _, bad := range []string{"", "intr 1 2 3", "cpu 1 2 3"} {
		if got := stolenIn(bad); got != 0 {
			t.Errorf("%q: stolen %v, want 0", bad, got)
		}
	}
}
