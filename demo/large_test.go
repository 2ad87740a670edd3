package demo

import (
	"testing"

	"github.com/daihoi/daihoi"
)

func TestLargeGrowsTheRollWithUniqueNames(t *testing.T) {
	s := Large(2000)
	if len(s.Roll) != 2000 {
		t.Fatalf("roll of %d, want 2000", len(s.Roll))
	}
	seen := map[string]bool{}
	for i, d := range s.Roll {
		if seen[daihoi.Fold(d.Name)] || seen[d.ID] {
			t.Fatalf("%s appears twice", d.Name)
		}
		seen[daihoi.Fold(d.Name)], seen[d.ID] = true, true
		if d.Number != i+1 {
			t.Fatalf("%s has number %d at position %d", d.Name, d.Number, i+1)
		}
	}
	big := s.Polls[len(s.Polls)-1]
	if big.Seats != 45 || len(big.Candidates) != 60 || big.Check() != nil {
		t.Fatalf("the bench election: %d seats, %d candidates, %v", big.Seats, len(big.Candidates), big.Check())
	}
	if a := s.Roll.Attendance(s.Congress.Type, s.Congress.Settings); a.Base < 1990 {
		t.Fatalf("base %d", a.Base)
	}
}
