package daihoi_test

import (
	"testing"

	"github.com/daihoi/daihoi"
)

func TestSocketLimits(t *testing.T) {
	for _, tc := range []struct {
		rule       string
		limits     daihoi.Sockets
		role       daihoi.Role
		perSession int
		perAddress int
	}{
		{"a delegate's card holds four sockets: a tablet that reloads, a second device", daihoi.Sockets{}, daihoi.DelegateRole, 4, 64},
		{"an operator's sign-in holds four, whatever the screens' accounts may hold", daihoi.Sockets{PerScreenAccount: 50}, daihoi.Presidium, 4, 64},
		{"the hall's account holds twenty screens unless the congress says otherwise", daihoi.Sockets{}, daihoi.HallDisplay, 20, 64},
		{"an observer's account holds what the congress sets", daihoi.Sockets{PerScreenAccount: 50, PerAddress: 100}, daihoi.Observer, 50, 100},
	} {
		if got := tc.limits.PerSession(tc.role); got != tc.perSession {
			t.Errorf("%s: per sign-in %d, want %d", tc.rule, got, tc.perSession)
		}
		if got := tc.limits.FromAddress(); got != tc.perAddress {
			t.Errorf("%s: per address %d, want %d", tc.rule, got, tc.perAddress)
		}
	}
	if err := (daihoi.Sockets{PerScreenAccount: -1}).Check(); daihoi.ErrorCode(err) != daihoi.EINVALID {
		t.Errorf("a negative limit: %v, want it refused", err)
	}
}
