package daihoi_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/daihoi/daihoi"
)

func TestSurplus(t *testing.T) {
	tests := []struct {
		name         string
		seats, names int
		percent      string
		notices      []string // codes
	}{
		{"45 seats with 50 names is within the prepared 10–15 %", 45, 50, "11.11", nil},
		{"45 seats with 49 names is below the prepared 10 %", 45, 49, "8.89", []string{"surplus_outside_prepared"}},
		{"20 seats with 22 names is exactly 10 %", 20, 22, "10.00", nil},
		{"20 seats with 23 names is exactly 15 %", 20, 23, "15.00", nil},
		{"20 seats with 24 names is above the prepared 15 % but allowed", 20, 24, "20.00", []string{"surplus_outside_prepared"}},
		{"20 seats with 26 names is exactly 30 %: not above the maximum", 20, 26, "30.00", []string{"surplus_outside_prepared"}},
		{"20 seats with 27 names is above the maximum of 30 %", 20, 27, "35.00", []string{"surplus_over_max"}},
		{"3 seats with 4 names: one extra is allowed", 3, 4, "33.33", nil},
		{"5 seats with 6 names: one extra is allowed", 5, 6, "20.00", nil},
		{"3 seats with 5 names: at most 1 extra for 3–5 seats", 3, 5, "66.67", []string{"surplus_small_body"}},
		{"5 seats with 7 names: at most 1 extra for 3–5 seats", 5, 7, "40.00", []string{"surplus_small_body"}},
		{"6 seats with 7 names is no small body: 16.67 % is outside the prepared range", 6, 7, "16.67", []string{"surplus_outside_prepared"}},
		{"as many names as seats: no surplus, a two-column ballot", 9, 9, "0.00", []string{"no_surplus"}},
		{"fewer names than seats", 3, 2, "-33.33", []string{"too_few_candidates"}},
		{"no seats", 0, 2, "0.00", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := daihoi.CheckSurplus(defaults(t), tt.seats, tt.names)
			var codes []string
			for _, n := range got.Notices {
				codes = append(codes, n.Code)
				if n.Vi == "" || n.En == "" {
					t.Errorf("notice %s has no text", n.Code)
				}
			}
			if !slices.Equal(codes, tt.notices) {
				t.Errorf("notices: got %v, want %v", codes, tt.notices)
			}
			if got.Percent != tt.percent || got.Extra != tt.names-tt.seats || got.Seats != tt.seats || got.Candidates != tt.names {
				t.Errorf("figures: got %+v, want %s %%", got, tt.percent)
			}
			if got.TwoColumn != (tt.seats == tt.names) {
				t.Errorf("two-column: got %v", got.TwoColumn)
			}
			if got.Notices == nil {
				t.Errorf("notices is nil; the screens expect a list")
			}
		})
	}
}

// The notices give the figures; the Vietnamese writes the percentage with a decimal comma.
func TestSurplusNoticesShowTheFigures(t *testing.T) {
	n := daihoi.CheckSurplus(defaults(t), 20, 27).Notices[0]
	for _, want := range []string{"7", "30%", "20"} {
		if !strings.Contains(n.En, want) || !strings.Contains(n.Vi, want) {
			t.Errorf("the notice should show %q: %q / %q", want, n.Vi, n.En)
		}
	}
	if !strings.Contains(n.Vi, "(35,00%)") || !strings.Contains(n.En, "(35.00%)") {
		t.Errorf("the percentage: %q / %q", n.Vi, n.En)
	}
}

func TestSurplusFollowsTheSettings(t *testing.T) {
	s := defaults(t)
	s.SmallBodyMaxExtra = 2
	if n := daihoi.CheckSurplus(s, 3, 5).Notices; len(n) != 0 {
		t.Errorf("small_body_max_extra 2 allows two extra for 3 seats, got %v", n)
	}
	s.SurplusMax = daihoi.Fraction{Num: 40, Den: 100}
	if n := daihoi.CheckSurplus(s, 20, 27).Notices; len(n) != 1 || n[0].Code != "surplus_outside_prepared" {
		t.Errorf("35 %% is within a maximum of 40 %%, got %v", n)
	}
}

func TestSurplusWarningsNeverRefuse(t *testing.T) {
	// 3 seats, 8 names: far above every bound. The poll can still be put to the vote and counted.
	p := daihoi.Poll{Kind: daihoi.Election, Title: "Bầu Ban Thường vụ", Mode: daihoi.Secret, Tablet: true,
		Settings: defaults(t), Seats: 3, Candidates: list(8), State: daihoi.Draft}
	if n := daihoi.CheckSurplus(p.Settings, p.Seats, len(p.Candidates)).Notices; len(n) == 0 {
		t.Fatal("expected a notice")
	}
	if err := p.Check(); err != nil {
		t.Errorf("a surplus warning refused the poll: %v", err)
	}
	p.Base = 10
	r, err := daihoi.Tally(p.TallyInput(byVotes(3, []int{9, 8, 7, 1, 1, 1, 1, 1}), nil))
	if err != nil || len(r.Elected) != 3 {
		t.Errorf("the count goes on: %+v, %v", r, err)
	}
}

// One form for the surplus rule: however the bounds were typed ("15%", "0.15", "3/20"), every place
// that prints them — the settings list, the poll's settings on the screens, the notices — says
// «10%–15%», never «1/10–3/20».
func TestSurplusRuleHasOneForm(t *testing.T) {
	tests := []struct {
		name string
		f    daihoi.Fraction
		want string
	}{
		{"ten in a hundred is 10%", daihoi.Fraction{Num: 10, Den: 100}, "10%"},
		{"one tenth, as a parsed \"10%\" is kept, is 10%", daihoi.Fraction{Num: 1, Den: 10}, "10%"},
		{"three twentieths, as a parsed \"15%\" is kept, is 15%", daihoi.Fraction{Num: 3, Den: 20}, "15%"},
		{"three tenths is 30%", daihoi.Fraction{Num: 3, Den: 10}, "30%"},
		{"one eighth is 12.5%", daihoi.Fraction{Num: 1, Den: 8}, "12.5%"},
		{"one third is 33.33%", daihoi.Fraction{Num: 1, Den: 3}, "33.33%"},
	}
	for _, tt := range tests {
		if got := tt.f.Percent(); got != tt.want {
			t.Errorf("%s: got %q", tt.name, got)
		}
	}
	s := defaults(t)
	over, err := s.Override(map[string]json.RawMessage{"surplus_prepared_min": []byte(`"10%"`), "surplus_prepared_max": []byte(`0.15`), "surplus_max": []byte(`"3/10"`)})
	if err != nil {
		t.Fatal(err)
	}
	if got := over.SurplusRange(); got != "10%–15%" {
		t.Errorf("the prepared range reads %q, want 10%%–15%%", got)
	}
	b, err := json.Marshal(over)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"surplus_prepared_min":"10%"`, `"surplus_prepared_max":"15%"`, `"surplus_max":"30%"`, `"quorum":"2/3"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the settings on the wire lack %s: %s", want, b)
		}
	}
	var back daihoi.Settings
	if err := json.Unmarshal(b, &back); err != nil || back.SurplusRange() != "10%–15%" || back.Quorum != (daihoi.Fraction{Num: 2, Den: 3}) {
		t.Errorf("round trip: %+v, %v", back, err)
	}
	for _, in := range over.Describe() {
		if strings.HasPrefix(in.Key, "surplus_") && strings.Contains(in.Value, "/") {
			t.Errorf("%s reads %q: the surplus is a percentage", in.Key, in.Value)
		}
	}
	n := daihoi.CheckSurplus(over, 20, 24).Notices
	if len(n) != 1 || !strings.Contains(n[0].Vi, "10%–15%") || !strings.Contains(n[0].En, "10%–15%") {
		t.Errorf("the notice states the range as 10%%–15%%: %+v", n)
	}
}
