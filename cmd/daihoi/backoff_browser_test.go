package main

import (
	"strconv"
	"testing"
)

// The screens and tablets wait before each try to reach the server again as client.Backoff does:
// 250 ms doubling up to 2 s, each wait drawn between half and one and a half times its step, so
// that a hall whose server restarted does not come back at the same moment.
func TestBrowserReconnectBacksOffWithJitter(t *testing.T) {
	browserTest(t)
	a := startApp(t, "")
	b := newBrowser(t)
	tab := dTablet(b, a, a.Officials(1)[0], 1280, 800)
	for n, step := range []float64{250, 500, 1000, 2000, 2000, 2000} {
		lo := eval[float64](b, tab, `Math.min(...Array.from({length: 200}, () => DH.backoff(`+strconv.Itoa(n+1)+`)))`)
		hi := eval[float64](b, tab, `Math.max(...Array.from({length: 200}, () => DH.backoff(`+strconv.Itoa(n+1)+`)))`)
		if lo < step/2 || hi >= step*3/2 || hi-lo < step/2 {
			t.Errorf("try %d: 200 waits from %.0f to %.0f ms, want spread over [%.0f, %.0f)", n+1, lo, hi, step/2, step*3/2)
		}
	}
}
