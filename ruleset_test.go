package daihoi_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/daihoi/daihoi"
)

func TestDefaultRuleset(t *testing.T) {
	rs, err := daihoi.LookupRuleset("")
	if err != nil {
		t.Fatal(err)
	}
	if rs.Name != "party-190" {
		t.Errorf("the default ruleset is %q, want party-190", rs.Name)
	}
	want := map[string]string{
		"all_struck_invalid":   "true",  // 244-QĐ/TW: a fully struck ballot is invalid
		"abstain_option":       "false", // motions: for and against only
		"quorum":               "2/3",
		"surplus_prepared_min": "10%",
		"surplus_prepared_max": "15%",
		"surplus_max":          "30%",
		"small_body_max_extra": "1",
	}
	infos := rs.Settings.Describe()
	if len(infos) != len(want) {
		t.Fatalf("Describe lists %d settings, want %d", len(infos), len(want))
	}
	for _, in := range infos {
		if in.Value != want[in.Key] {
			t.Errorf("%s = %q, want %q", in.Key, in.Value, want[in.Key])
		}
		if in.Vi == "" || in.En == "" {
			t.Errorf("%s has no description for the screens and the minutes", in.Key)
		}
	}
	if _, err := daihoi.LookupRuleset("party-244"); err == nil || !strings.Contains(err.Error(), "party-190") {
		t.Errorf("an unknown ruleset is an error naming the known ones, got %v", err)
	}
}

func TestOverride(t *testing.T) {
	base := func(t *testing.T) daihoi.Settings { return defaults(t) }
	tests := []struct {
		name  string
		raw   string
		check func(daihoi.Settings) bool // on success
		fails bool
	}{
		{"all_struck_invalid can be turned off", `{"all_struck_invalid": false}`,
			func(s daihoi.Settings) bool { return !s.AllStruckInvalid }, false},
		{"abstain can be offered", `{"abstain_option": true}`,
			func(s daihoi.Settings) bool { return s.AbstainOption }, false},
		{"the quorum can be set as a ratio", `{"quorum": "3/4"}`,
			func(s daihoi.Settings) bool { return s.Quorum == daihoi.Fraction{Num: 3, Den: 4} }, false},
		{"the quorum can be set as a number", `{"quorum": 0.5}`,
			func(s daihoi.Settings) bool { return s.Quorum == daihoi.Fraction{Num: 1, Den: 2} }, false},
		{"the surplus bounds can be set as percentages", `{"surplus_max": "25%", "surplus_prepared_min": "5%"}`,
			func(s daihoi.Settings) bool {
				return s.SurplusMax.Exceeds(26, 100) && !s.SurplusMax.Exceeds(25, 100) && s.SurplusPreparedMin.AtLeast(5, 100)
			}, false},
		{"the small-body surplus can be raised", `{"small_body_max_extra": 2}`,
			func(s daihoi.Settings) bool { return s.SmallBodyMaxExtra == 2 }, false},
		{"no overrides change nothing", `{}`,
			func(s daihoi.Settings) bool { return s == defaults(t) }, false},
		{"an unknown key is an error and changes nothing", `{"all_struck_invalid": false, "tie_break": "oldest"}`, nil, true},
		{"a value of the wrong type is an error and changes nothing", `{"abstain_option": true, "all_struck_invalid": "no"}`, nil, true},
		{"a quorum above 1 is an error", `{"quorum": "4/3"}`, nil, true},
		{"a negative ratio is an error", `{"surplus_max": "-30%"}`, nil, true},
		{"a ratio that is no number is an error", `{"quorum": "two thirds"}`, nil, true},
		{"a negative small-body surplus is an error", `{"small_body_max_extra": -1}`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var raw map[string]json.RawMessage
			if err := json.Unmarshal([]byte(tt.raw), &raw); err != nil {
				t.Fatal(err)
			}
			s := base(t)
			got, err := s.Override(raw)
			if tt.fails {
				if err == nil {
					t.Fatalf("Override accepted %s", tt.raw)
				}
				if daihoi.ErrorCode(err) != daihoi.EINVALID {
					t.Errorf("code %q, want invalid", daihoi.ErrorCode(err))
				}
				if got != s {
					t.Errorf("a refused override changed the settings: %+v", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(got) {
				t.Errorf("got %+v", got)
			}
			if s != base(t) {
				t.Errorf("Override changed its receiver")
			}
		})
	}
}

func TestParseFraction(t *testing.T) {
	tests := []struct {
		in       string
		num, den int64
		fails    bool
	}{
		{"2/3", 2, 3, false},
		{" 2/3 ", 2, 3, false},
		{"4/6", 2, 3, false},
		{"0.3", 3, 10, false},
		{"30%", 3, 10, false},
		{"12.5%", 1, 8, false},
		{"1", 1, 1, false},
		{"0", 0, 1, false},
		{"-1/2", 0, 0, true},
		{"1/0", 0, 0, true},
		{"two thirds", 0, 0, true},
		{"", 0, 0, true},
		{"%", 0, 0, true},
		{"0.0000001", 0, 0, true}, // finer than one in a million
	}
	for _, tt := range tests {
		f, err := daihoi.ParseFraction(tt.in)
		if tt.fails {
			if err == nil {
				t.Errorf("ParseFraction(%q) = %v, want an error", tt.in, f)
			}
			continue
		}
		if err != nil || f.Num != tt.num || f.Den != tt.den {
			t.Errorf("ParseFraction(%q) = %v, %v; want %d/%d", tt.in, f, err, tt.num, tt.den)
		}
	}
}

func TestFraction(t *testing.T) {
	two3 := daihoi.Fraction{Num: 2, Den: 3}
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"100 of 150 is at least 2/3", two3.AtLeast(100, 150), true},
		{"99 of 150 is not at least 2/3", two3.AtLeast(99, 150), false},
		{"14 of 20 is at least 2/3", two3.AtLeast(14, 20), true},
		{"13 of 20 is not at least 2/3", two3.AtLeast(13, 20), false},
		{"6 of 20 does not exceed 30%", daihoi.Fraction{Num: 30, Den: 100}.Exceeds(6, 20), false},
		{"7 of 20 exceeds 30%", daihoi.Fraction{Num: 30, Den: 100}.Exceeds(7, 20), true},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v", tt.name, tt.got)
		}
	}
	for _, tt := range []struct {
		f    daihoi.Fraction
		want string
	}{{two3, `"2/3"`}, {daihoi.Fraction{Num: 30, Den: 100}, `"30%"`}} {
		b, err := json.Marshal(tt.f)
		if err != nil || string(b) != tt.want {
			t.Errorf("Marshal(%v) = %s, %v; want %s", tt.f, b, err, tt.want)
		}
		var back daihoi.Fraction
		if err := json.Unmarshal(b, &back); err != nil || !back.AtLeast(int(tt.f.Num), int(tt.f.Den)) || back.Exceeds(int(tt.f.Num), int(tt.f.Den)) {
			t.Errorf("round trip of %v: got %v, %v", tt.f, back, err)
		}
	}
	var f daihoi.Fraction
	if err := json.Unmarshal([]byte(`true`), &f); err == nil {
		t.Errorf("a ratio cannot be true")
	}
}

// The settings read back as they were written, whatever their form: an unset bound stays unset,
// and a bound two decimals of a percent cannot hold stays exact.
func TestSettingsRoundTrip(t *testing.T) {
	for _, s := range []daihoi.Settings{
		{},
		{Quorum: daihoi.Fraction{Num: 2, Den: 3}, SurplusPreparedMin: daihoi.Fraction{Num: 1, Den: 10}, SurplusPreparedMax: daihoi.Fraction{Num: 3, Den: 20}, SurplusMax: daihoi.Fraction{Num: 30, Den: 100}},
		{Quorum: daihoi.Fraction{Num: 1, Den: 2}, SurplusMax: daihoi.Fraction{Num: 1, Den: 3}},
	} {
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var back daihoi.Settings
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s does not read back: %v", b, err)
		}
		for _, pair := range [][2]daihoi.Fraction{{s.Quorum, back.Quorum}, {s.SurplusPreparedMin, back.SurplusPreparedMin}, {s.SurplusPreparedMax, back.SurplusPreparedMax}, {s.SurplusMax, back.SurplusMax}} {
			if pair[0].Num*pair[1].Den != pair[1].Num*pair[0].Den || (pair[0].Den == 0) != (pair[1].Den == 0) {
				t.Errorf("%s read back as %+v, want %+v", b, back, s)
			}
		}
	}
}
