package client

import (
	"testing"
	"time"
)

// The waits double from Base up to Max, each drawn between half and one and a half times its
// step, and start again from Base after Reset.
func TestBackoff(t *testing.T) {
	b := &Backoff{Base: 100 * time.Millisecond, Max: 800 * time.Millisecond}
	steps := []time.Duration{100, 200, 400, 800, 800, 800}
	for round := 0; round < 2; round++ {
		for i, step := range steps {
			step *= time.Millisecond
			if d := b.Next(); d < step/2 || d >= step*3/2 {
				t.Errorf("round %d, wait %d: %v, want within [%v, %v)", round, i+1, d, step/2, step*3/2)
			}
		}
		b.Reset()
	}
	seen := map[time.Duration]bool{}
	for range 20 {
		b.Reset()
		seen[b.Next()] = true
	}
	if len(seen) < 10 {
		t.Errorf("20 first waits took %d values: the waits are not spread", len(seen))
	}
}
