package daihoi_test

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/daihoi/daihoi"
)

var twoDecimals = regexp.MustCompile(`^-?[0-9]+\.[0-9]{2}$`)

// FuzzTally feeds arbitrary records to DecodeRecord and Record.Tally. Whatever the input, nothing
// panics, and a record that is counted gives a result that adds up.
func FuzzTally(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "cases", "*.json"))
	if len(files) == 0 {
		f.Fatal("no cases in testdata/cases")
	}
	for _, p := range files {
		if strings.HasSuffix(p, ".expected.json") {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(record))
	f.Add([]byte(`{"format":"daihoi/poll-v1","kind":"election","settings":{"all_struck_invalid":false},"seats":1,"base":3,"present":3,"issued":3,"collected":3,
		"candidates":[{"id":"a","name":"Lê Văn Ân"},{"id":"b","name":"Lê Văn Anh"}],
		"ballots":[{"kept":[]},{"kept":["a"],"flags":["added_name","not_issued"]},{"marks":{"a":"both","b":"agree"}}]}`))
	f.Add([]byte(`{"format":"daihoi/poll-v1","kind":"motion","settings":{"abstain_option":true},"base":5,"present":4,"issued":4,"collected":3,
		"ballots":[{"choice":"for"},{"choice":"abstain"},{"flags":["identifying_mark"]}]}`))

	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := daihoi.DecodeRecord(data)
		if err != nil {
			return
		}
		r, err := rec.Tally()
		if err != nil {
			return
		}
		if _, err := json.Marshal(r); err != nil {
			t.Fatalf("the result does not marshal: %v", err)
		}
		b := r.Ballots
		if b.Valid+b.Invalid != b.Total || b.Valid < 0 || b.Invalid < 0 {
			t.Fatalf("valid %d + invalid %d != total %d", b.Valid, b.Invalid, b.Total)
		}
		byReason := 0
		for _, n := range b.InvalidByReason {
			byReason += n
		}
		if byReason != b.Invalid {
			t.Fatalf("invalid by reason %v does not add up to %d", b.InvalidByReason, b.Invalid)
		}
		if rec.Kind == daihoi.Motion {
			if rec.Counts == nil && (b.Total != len(rec.Ballots) || r.For+r.Against+r.Abstain != b.Valid) {
				t.Fatalf("motion: %+v over %d ballots", r, len(rec.Ballots))
			}
			if r.Passed != daihoi.MoreThanHalf(r.For, rec.Base) {
				t.Fatalf("motion: passed %v with %d for of a base of %d", r.Passed, r.For, rec.Base)
			}
			return
		}
		checkElection(t, rec, r)
	})
}

func checkElection(t *testing.T, rec daihoi.Record, r daihoi.Result) {
	b := r.Ballots
	if b.Total != len(rec.Ballots) {
		t.Fatalf("total %d of %d ballots", b.Total, len(rec.Ballots))
	}
	if len(r.Order) != len(rec.Candidates) || len(r.Votes) != len(rec.Candidates) || len(r.PercentOfBase) != len(rec.Candidates) {
		t.Fatalf("order %v, votes %v, percent %v for %d candidates", r.Order, r.Votes, r.PercentOfBase, len(rec.Candidates))
	}
	for _, c := range rec.Candidates {
		v, ok := r.Votes[c.ID]
		if !ok {
			t.Fatalf("%s has no votes entry", c.ID)
		}
		p, ok := r.PercentOfBase[c.ID]
		if !ok {
			t.Fatalf("%s has no percent_of_base entry", c.ID)
		}
		if v < 0 || v > b.Valid {
			t.Fatalf("%s has %d votes of %d valid ballots", c.ID, v, b.Valid)
		}
		if !twoDecimals.MatchString(p) || p != daihoi.PercentOf(v, rec.Base) {
			t.Fatalf("%s: %d votes of %d is %q", c.ID, v, rec.Base, p)
		}
		if !slices.Contains(r.Order, c.ID) {
			t.Fatalf("%s is not in the order %v", c.ID, r.Order)
		}
	}
	if len(r.Elected)+r.RunoffSeats+r.Unfilled != rec.Seats {
		t.Fatalf("elected %d + run-off seats %d + unfilled %d != seats %d", len(r.Elected), r.RunoffSeats, r.Unfilled, rec.Seats)
	}
	if r.Unfilled < 0 || r.RunoffSeats < 0 || len(r.Elected) > rec.Seats {
		t.Fatalf("elected %v, run-off seats %d, unfilled %d of %d seats", r.Elected, r.RunoffSeats, r.Unfilled, rec.Seats)
	}
	if (len(r.Runoff) == 0) != (r.RunoffSeats == 0) || (len(r.Runoff) > 0 && len(r.Runoff) <= r.RunoffSeats) {
		t.Fatalf("%v tied for %d seat(s)", r.Runoff, r.RunoffSeats)
	}
	seen := map[string]bool{}
	for i, e := range r.Elected {
		if seen[e] || !daihoi.MoreThanHalf(r.Votes[e], rec.Base) {
			t.Fatalf("elected %v: %s twice or not above half (%d of %d)", r.Elected, e, r.Votes[e], rec.Base)
		}
		seen[e] = true
		if i > 0 && r.Votes[r.Elected[i-1]] < r.Votes[e] {
			t.Fatalf("elected not in descending votes: %v %v", r.Elected, r.Votes)
		}
	}
	for _, c := range r.Runoff {
		if seen[c] || r.Votes[c] != r.Votes[r.Runoff[0]] || !daihoi.MoreThanHalf(r.Votes[c], rec.Base) {
			t.Fatalf("run-off %v (votes %v, elected %v)", r.Runoff, r.Votes, r.Elected)
		}
		for _, e := range r.Elected {
			if r.Votes[e] <= r.Votes[c] {
				t.Fatalf("%s elected with no more votes than %s in the run-off", e, c)
			}
		}
	}
}

// strikeOut makes n random valid strike-out ballots over candidates c1…cm for the given seats:
// each keeps between 1 and seats names.
func strikeOut(rng *rand.Rand, n, m, seats int) []daihoi.Ballot {
	all := ids(m)
	out := make([]daihoi.Ballot, n)
	for i := range out {
		k := 1 + rng.IntN(seats)
		perm := rng.Perm(m)[:k]
		kept := make([]string, k)
		for j, p := range perm {
			kept[j] = all[p]
		}
		out[i] = daihoi.Ballot{Kept: kept}
	}
	return out
}

// BenchmarkTally1500x60 counts a large congress: 1,500 strike-out ballots over 60 names for 45 seats.
func BenchmarkTally1500x60(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	in := daihoi.TallyInput{Kind: daihoi.Election, Settings: defaults(b), Seats: 45, Base: 1500,
		Candidates: list(60), Ballots: strikeOut(rng, 1500, 60, 45)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := daihoi.Tally(in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBallotOrder(b *testing.B) {
	c := list(60)
	rng := rand.New(rand.NewPCG(1, 2))
	rng.Shuffle(len(c), func(i, j int) { c[i], c[j] = c[j], c[i] })
	b.ReportAllocs()
	for b.Loop() {
		daihoi.BallotOrder(c)
	}
}

func BenchmarkCheckBallot(b *testing.B) {
	s, c := defaults(b), list(60)
	ballot := daihoi.Ballot{Kept: ids(60)[15:]} // 45 names kept of 60
	b.Run("once", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := daihoi.CheckBallot(daihoi.Election, s, c, ballot); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The server checks each tablet ballot with the poll's checker, built when the poll opens.
	b.Run("checker", func(b *testing.B) {
		check := daihoi.NewBallotChecker(daihoi.Election, s, c)
		b.ReportAllocs()
		for b.Loop() {
			if err := check.Check(ballot); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// A checked strike-out ballot is stored in one form: its kept names in the order of their ids,
// however the delegate filled it in; on lists shorter and longer than 256 names, with ids that do
// not sort as they were entered.
func TestCheckerPutsKeptNamesInOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 60, 300} {
		c := list(n)
		c = append(c, daihoi.Candidate{ID: "a-late-entry", Name: "Đặng Văn Z"}, daihoi.Candidate{ID: "z-early", Name: "Lê Thị Y"})
		rng.Shuffle(len(c), func(i, j int) { c[i], c[j] = c[j], c[i] })
		check := daihoi.NewBallotChecker(daihoi.Election, defaults(t), c)
		for range 50 {
			var kept []string
			for _, k := range rng.Perm(len(c))[:rng.IntN(len(c)+1)] {
				kept = append(kept, c[k].ID)
			}
			got, err := check.CheckInOrder(daihoi.Ballot{Kept: kept})
			if err != nil {
				t.Fatal(err)
			}
			want := slices.Sorted(slices.Values(kept))
			if got == nil || !slices.Equal(got, want) {
				t.Fatalf("list of %d: CheckInOrder(%q) = %q, want %q (never nil)", len(c), kept, got, want)
			}
		}
	}
}
