package demo

import (
	"fmt"
	"math/rand/v2"

	"github.com/daihoi/daihoi"
)

// Large is the demo congress grown to n people on the roll (official delegates added unit by unit
// after the demo's own 155), with one more draft poll: an election of 60 candidates for 45 seats,
// the hall that `daihoi bench` fills. It is deterministic for a given n.
func Large(n int) Seed {
	s := New()
	b := &builder{rng: rand.New(rand.NewPCG(uint64(n), 45)), taken: map[string]bool{}}
	for _, d := range s.Roll {
		b.taken[daihoi.Fold(d.Name)] = true
	}
	for i := 0; len(s.Roll) < n; i++ {
		u := units[i%len(units)]
		d := b.delegate(b.generated(u), u.name, daihoi.Official)
		d.Number = len(s.Roll) + 1
		s.Roll = append(s.Roll, d)
	}
	// The load generator opens the whole hall from one address, its read-only screens under two
	// accounts: no limit of a real hall's network applies.
	s.Congress.Sockets = daihoi.Sockets{PerScreenAccount: 1 << 20, PerAddress: 1 << 20}
	rs, _ := daihoi.LookupRuleset(daihoi.DefaultRuleset)
	big := daihoi.Poll{ID: id("poll", fmt.Sprintf("bench-%d", n)), Ruleset: rs.Name, Settings: rs.Settings, State: daihoi.Draft,
		Kind: daihoi.Election, Mode: daihoi.Secret, Tablet: true, Seats: 45,
		Title: "Bầu Ban Chấp hành (60 người, 45 chỗ)", AgendaItem: s.Polls[1].AgendaItem}
	for _, d := range s.Roll {
		if d.Category == daihoi.Official && len(big.Candidates) < 60 {
			big.Candidates = append(big.Candidates, daihoi.Candidate{ID: daihoi.CandidateID(len(big.Candidates)), Name: d.Name, Delegate: d.ID})
		}
	}
	s.Polls = append(s.Polls, big)
	return s
}
