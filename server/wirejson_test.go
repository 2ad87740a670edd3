package server

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/server/hub"
)

// The hand-written encodings write what encoding/json writes: the box's contents and their digest
// do not depend on which of the two wrote them.
func TestHandWrittenJSONIsEncodingJSON(t *testing.T) {
	odd := []string{"", "c01", "c60", "ä", "Nguyễn", `a"b`, `a\b`, "<b>&", "tab\there", "\x01", "\u2028", string([]byte{0xff, 'x'})}
	pick := func(r *rand.Rand) string {
		if r.IntN(3) == 0 {
			return odd[r.IntN(len(odd))]
		}
		return daihoi.CandidateID(r.IntN(60))
	}
	r := rand.New(rand.NewPCG(7, 7))
	for i := range 2000 {
		var c boxed
		switch i % 5 {
		case 0:
			c.Kept = []string{}
		case 1:
			for range r.IntN(46) {
				c.Kept = append(c.Kept, pick(r))
			}
		case 2:
			c.Marks = map[string]daihoi.Mark{}
			for range r.IntN(8) {
				c.Marks[pick(r)] = daihoi.Mark(pick(r))
			}
		case 3:
			c.Choice = daihoi.Choice(pick(r))
		case 4:
			c.ID = pick(r)
			c.Flags = []daihoi.Flag{daihoi.Flag(pick(r)), daihoi.AddedName}
			c.Kept = []string{pick(r)}
		}
		if r.IntN(2) == 0 {
			c.Voter = pick(r)
		}
		want, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.appendJSON(nil); string(got) != string(want) {
			t.Fatalf("content %+v:\n got %s\nwant %s", c, got, want)
		}

		rc := daihoi.Receipt{Poll: pick(r), Receipt: pick(r), Duplicate: r.IntN(2) == 0, Cast: r.IntN(3000)}
		m := hub.WithData("receipt", rc)
		m.Ref = pick(r)
		want, err = json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if got := receiptMessage(nil, m.Ref, rc); string(got) != string(want) {
			t.Fatalf("receipt %+v ref %q:\n got %s\nwant %s", rc, m.Ref, got, want)
		}
	}
}

// BenchmarkBoxedContent encodes a strike-out ballot of 30 names as the server boxes it.
func BenchmarkBoxedContent(b *testing.B) {
	var c boxed
	for i := range 30 {
		c.Kept = append(c.Kept, daihoi.CandidateID(2*i))
	}
	b.Run("hand", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			c.appendJSON(make([]byte, 0, 32+8*len(c.Kept)))
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			json.Marshal(c)
		}
	})
}
