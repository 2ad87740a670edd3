package daihoi_test

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/daihoi/daihoi"
)

const record = `{
  "format": "daihoi/poll-v1", "kind": "election", "ruleset": "party-190", "title": "Bầu Ban Chấp hành",
  "seats": 2, "base": 5, "present": 5, "issued": 5, "collected": 4,
  "candidates": [{"id": "c1", "name": "Nguyễn Văn An"}, {"id": "c2", "name": "Trần Thị Bình"}, {"id": "c3", "name": "Lê Văn Cường"}],
  "ballots": [{"kept": ["c1", "c2"]}, {"kept": ["c1", "c3"], "id": "r2"}, {"kept": ["c1", "c2"]}, {"kept": []}]
}`

// edit returns the record with one field replaced (or removed, for a nil value).
func edit(t testing.TB, key string, value any) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(record), &m); err != nil {
		t.Fatal(err)
	}
	if value == nil {
		delete(m, key)
	} else {
		m[key] = value
	}
	return mustJSON(t, m)
}

func TestRecordTally(t *testing.T) {
	rec, err := daihoi.DecodeRecord([]byte(record))
	if err != nil {
		t.Fatal(err)
	}
	r, err := rec.Tally()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.Elected, []string{"c1"}) || r.Votes["c2"] != 2 || r.Ballots.InvalidByReason["all_struck"] != 1 || r.Unfilled != 1 {
		t.Errorf("got %+v", r)
	}

	// The record's settings override the ruleset's.
	rec, err = daihoi.DecodeRecord(edit(t, "settings", map[string]any{"all_struck_invalid": false}))
	if err != nil {
		t.Fatal(err)
	}
	if r, err := rec.Tally(); err != nil || r.Ballots.Valid != 4 {
		t.Errorf("with all_struck_invalid off the struck ballot is valid: %+v, %v", r.Ballots, err)
	}
}

func TestRecordRefuses(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		says string // a word of the English message
	}{
		{"malformed JSON", []byte(`{"format": "daihoi/poll-v1",`), "JSON"},
		{"content after the record", []byte(record + ` {}`), "after the record"},
		{"a stray brace after the record", []byte(record + `}`), "after the record"},
		{"a stray bracket after the record", []byte(record + `]`), "after the record"},
		{"an unknown format", edit(t, "format", "daihoi/poll-v2"), "format"},
		{"no format", edit(t, "format", nil), "format"},
		{"an unknown kind", edit(t, "kind", "referendum"), "kind"},
		{"an unknown ruleset", edit(t, "ruleset", "party-244"), "ruleset"},
		{"an unknown setting", edit(t, "settings", map[string]any{"tie_break": "oldest"}), "tie_break"},
		{"a setting of the wrong type", edit(t, "settings", map[string]any{"quorum": true}), "quorum"},
		{"collected more than issued", edit(t, "issued", 3), "issued"},
		{"collected differs from the ballots", edit(t, "collected", 5), "collected"},
		{"collected missing", edit(t, "collected", nil), "collected"},
		{"no seat", edit(t, "seats", 0), "seats"},
		{"a base of 0", edit(t, "base", 0), "base"},
		{"a negative present", edit(t, "present", -1), "present"},
		{"an unknown candidate on a ballot", edit(t, "ballots", []any{map[string]any{"kept": []string{"c9"}}, map[string]any{}, map[string]any{}, map[string]any{}}), "c9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := daihoi.DecodeRecord(tt.data)
			if err == nil {
				_, err = rec.Tally()
			}
			if err == nil {
				t.Fatal("accepted")
			}
			if daihoi.ErrorCode(err) != daihoi.EINVALID {
				t.Errorf("code %q: %v", daihoi.ErrorCode(err), err)
			}
			if _, en := daihoi.ErrorMessages(err); !strings.Contains(en, tt.says) {
				t.Errorf("the message should name %q: %s", tt.says, en)
			}
			if strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), "%!") {
				t.Errorf("the message should be one clean line: %q", err)
			}
		})
	}
}

func TestPollRecord(t *testing.T) {
	p := draft(t, 2, shuffled(4))
	p.Issued, p.Present = 10, 10
	ballots := byVotes(2, []int{8, 6, 2, 1})
	for i := range ballots {
		ballots[i].ID = "receipt-" + id(i)
	}
	ballots = append(ballots, daihoi.Ballot{ID: "r", Kept: []string{"c1"}, Flags: []daihoi.Flag{daihoi.AddedName}})
	want := mustTally(t, p.TallyInput(ballots, nil))

	rec := p.Record(ballots, nil)
	data := mustJSON(t, rec)
	if strings.Contains(string(data), "receipt-") {
		t.Errorf("the record must not pair receipt ids with ballots: %s", data)
	}
	back, err := daihoi.DecodeRecord(data)
	if err != nil {
		t.Fatal(err)
	}
	got, err := back.Tally()
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(got.Votes, want.Votes) || !slices.Equal(got.Elected, want.Elected) || got.Ballots.Invalid != 1 {
		t.Errorf("the recount of the record differs from the count: %+v vs %+v", got, want)
	}
	if _, digest := daihoi.SealBallots(back.Ballots); digest != rec.Digest || len(digest) != 64 {
		t.Errorf("the record's digest %q does not match its ballots (%q)", rec.Digest, digest)
	}

	// A motion by show of hands has counts, no ballots and no seal.
	m := daihoi.Poll{Kind: daihoi.Motion, Title: "Thông qua chương trình", Mode: daihoi.Hands, Settings: defaults(t), Base: 20, Present: 19}
	mr := m.Record(nil, &daihoi.Counts{For: 10, Against: 8})
	back, err = daihoi.DecodeRecord(mustJSON(t, mr))
	if err != nil {
		t.Fatal(err)
	}
	if r, err := back.Tally(); err != nil || r.Passed || r.For != 10 || back.Digest != "" {
		t.Errorf("10 for of a base of 20 does not pass: %+v, %v", r, err)
	}
}

func TestSeal(t *testing.T) {
	a := []daihoi.Ballot{
		{ID: "x", Kept: []string{"c2", "c1"}},
		{Marks: map[string]daihoi.Mark{"c1": daihoi.Agree, "c2": daihoi.Both}},
		{Kept: []string{"c3"}, Flags: []daihoi.Flag{daihoi.NotIssued}},
	}
	b := []daihoi.Ballot{
		{Kept: []string{"c3"}, Flags: []daihoi.Flag{daihoi.NotIssued}},
		{ID: "y", Kept: []string{"c1", "c2"}},
		{Marks: map[string]daihoi.Mark{"c2": daihoi.Both, "c1": daihoi.Agree}},
	}
	sa, da := daihoi.SealBallots(a)
	sb, db := daihoi.SealBallots(b)
	if da != db {
		t.Errorf("the seal depends on the order of casting or on receipt ids: %s vs %s", da, db)
	}
	for i := range sa {
		if string(daihoi.CanonicalBallot(sa[i])) != string(daihoi.CanonicalBallot(sb[i])) {
			t.Errorf("sealed order differs at %d", i)
		}
	}
	c := slices.Clone(b)
	c[1] = daihoi.Ballot{Kept: []string{"c1"}}
	if _, dc := daihoi.SealBallots(c); dc == db {
		t.Errorf("changing a ballot must change the seal")
	}
	c = slices.Clone(b)
	c[0] = daihoi.Ballot{Kept: []string{"c3"}}
	if _, dc := daihoi.SealBallots(c); dc == db {
		t.Errorf("removing a teller flag must change the seal")
	}
}
