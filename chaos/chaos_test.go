package chaos

import (
	"slices"
	"testing"
)

// What a box holds beyond what the tablets sent is counted as multisets: a ballot twice in the box
// and once sent is one too many.
func TestDifference(t *testing.T) {
	for _, c := range []struct {
		name   string
		a, b   []string
		beyond []string
	}{
		{"the same ballots", []string{"a", "b", "b"}, []string{"a", "b", "b"}, nil},
		{"a ballot twice, sent once", []string{"a", "b", "b"}, []string{"a", "b"}, []string{"b"}},
		{"a ballot the tablets never sent", []string{"a", "c"}, []string{"a"}, []string{"c"}},
		{"a ballot missing is not beyond", []string{"a"}, []string{"a", "b"}, nil},
		{"nothing in the box", nil, []string{"a"}, nil},
	} {
		if got := difference(c.a, c.b); !slices.Equal(got, c.beyond) {
			t.Errorf("%s: %v beyond %v = %v, want %v", c.name, c.a, c.b, got, c.beyond)
		}
	}
}

// The last line is exactly `chaos: kills=K acked=A lost=L duplicates=D`; anything lost, doubled
// or found wrong fails the run.
func TestResultLine(t *testing.T) {
	r := Result{Kills: 20, Acked: 20000}
	if got, want := r.Line(), "chaos: kills=20 acked=20000 lost=0 duplicates=0"; got != want {
		t.Errorf("Line() = %q, want %q", got, want)
	}
	for _, bad := range []Result{{Lost: 1}, {Duplicates: 1}, {Failures: []string{"the events jump from 4 to 6"}}} {
		if bad.OK() {
			t.Errorf("%+v is OK", bad)
		}
	}
	if !r.OK() {
		t.Errorf("%+v is not OK", r)
	}
}
