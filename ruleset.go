package daihoi

import (
	"encoding/json"
	"math/big"
	"sort"
	"strconv"
	"strings"
)

// DefaultRuleset is the name of the ruleset that follows Quy chế bầu cử trong Đảng 190-QĐ/TW.
const DefaultRuleset = "party-190"

// Fraction is an exact ratio such as the quorum 2/3 or the surplus bound 30/100. Rules compare
// integers with it (n*Den against Num*base), so no rounding decides a threshold.
type Fraction struct {
	Num, Den int64
}

// AtLeast reports whether part/whole ≥ f.
func (f Fraction) AtLeast(part, whole int) bool {
	return int64(part)*f.Den >= f.Num*int64(whole)
}

// Exceeds reports whether part/whole > f.
func (f Fraction) Exceeds(part, whole int) bool {
	return int64(part)*f.Den > f.Num*int64(whole)
}

// String prints the fraction as a percentage when the denominator is 100, else as n/d.
func (f Fraction) String() string {
	if f.Den == 100 {
		return strconv.FormatInt(f.Num, 10) + "%"
	}
	return strconv.FormatInt(f.Num, 10) + "/" + strconv.FormatInt(f.Den, 10)
}

// Percent prints the fraction as a percentage, the one form the surplus rule is written in
// («10%–15%», never «1/10–3/20»): whole percentages bare, others with up to two decimals
// ("12.5%"). A screen in Vietnamese puts a comma for the point (DecimalVi).
func (f Fraction) Percent() string {
	if f.Den == 0 {
		return ""
	}
	r := new(big.Rat).SetFrac64(f.Num*100, f.Den)
	s := r.FloatString(2)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s + "%"
}

// SurplusRange words the surplus the convening committee prepares, in one form everywhere:
// "10%–15%".
func (s Settings) SurplusRange() string {
	return s.SurplusPreparedMin.Percent() + "–" + s.SurplusPreparedMax.Percent()
}

// ParseFraction reads "2/3", "0.3", "30%" or "1".
func ParseFraction(s string) (Fraction, error) {
	s = strings.TrimSpace(s)
	pct := strings.HasSuffix(s, "%")
	s = strings.TrimSuffix(s, "%")
	r, ok := new(big.Rat).SetString(s)
	if !ok || r.Sign() < 0 {
		return Fraction{}, Errorf(EINVALID, "%q không phải là một tỉ lệ (ví dụ 2/3 hoặc 30%%)", "%q is not a ratio (for example 2/3 or 30%%)", s)
	}
	if pct {
		r.Quo(r, big.NewRat(100, 1))
	}
	if !r.Num().IsInt64() || !r.Denom().IsInt64() || r.Denom().Int64() > 1_000_000 {
		return Fraction{}, Errorf(EINVALID, "tỉ lệ %q quá chi tiết", "the ratio %q is too fine", s)
	}
	return Fraction{Num: r.Num().Int64(), Den: r.Denom().Int64()}, nil
}

// MarshalJSON writes "2/3" (or "30%"); an unset fraction is null.
func (f Fraction) MarshalJSON() ([]byte, error) {
	if f.Den == 0 {
		return []byte("null"), nil
	}
	return json.Marshal(f.String())
}

// UnmarshalJSON reads "2/3", "30%", 0.3 or null (unset).
func (f *Fraction) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*f = Fraction{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return Errorf(EINVALID, "tỉ lệ phải là chuỗi như \"2/3\" hoặc một số", "a ratio must be a string such as \"2/3\" or a number")
		}
		s = n.String()
	}
	v, err := ParseFraction(s)
	if err != nil {
		return err
	}
	*f = v
	return nil
}

// Settings are the configurable points of docs/rules.md. Each has a name, a default in the ruleset and a
// description in Vietnamese and English (see SettingInfos) that the presidium's and the tellers'
// screens show and the minutes print.
type Settings struct {
	AllStruckInvalid   bool     `json:"all_struck_invalid"`
	AbstainOption      bool     `json:"abstain_option"`
	Quorum             Fraction `json:"quorum"`
	SurplusPreparedMin Fraction `json:"surplus_prepared_min"`
	SurplusPreparedMax Fraction `json:"surplus_prepared_max"`
	SurplusMax         Fraction `json:"surplus_max"`
	SmallBodyMaxExtra  int      `json:"small_body_max_extra"`
}

// MarshalJSON writes the surplus bounds as percentages ("15%", not "3/20", whatever form they were
// typed in), so every screen that shows a poll's settings prints the surplus rule in one form.
// The settings are stored in this form too, so it must read back as the same value: an unset
// bound stays null, and a fraction that two decimals of a percent cannot hold exactly keeps its n/d.
func (s Settings) MarshalJSON() ([]byte, error) {
	type plain Settings
	return json.Marshal(struct {
		plain
		SurplusPreparedMin any `json:"surplus_prepared_min"`
		SurplusPreparedMax any `json:"surplus_prepared_max"`
		SurplusMax         any `json:"surplus_max"`
	}{plain(s), s.SurplusPreparedMin.asPercent(), s.SurplusPreparedMax.asPercent(), s.SurplusMax.asPercent()})
}

// asPercent is f as Settings writes it: nil when unset, its Percent when that is exact, else f.
func (f Fraction) asPercent() any {
	switch {
	case f.Den == 0:
		return nil
	case (f.Num*10000)%f.Den == 0:
		return f.Percent()
	}
	return f
}

// Ruleset is a named set of settings.
type Ruleset struct {
	Name     string
	Vi, En   string
	Settings Settings
}

var rulesets = map[string]Ruleset{
	DefaultRuleset: {
		Name: DefaultRuleset,
		Vi:   "Quy chế bầu cử trong Đảng (Quyết định 190-QĐ/TW ngày 10/10/2024)",
		En:   "Party election regulation (Decision 190-QĐ/TW of 10 October 2024)",
		Settings: Settings{
			AllStruckInvalid:   true,
			AbstainOption:      false,
			Quorum:             Fraction{2, 3},
			SurplusPreparedMin: Fraction{10, 100},
			SurplusPreparedMax: Fraction{15, 100},
			SurplusMax:         Fraction{30, 100},
			SmallBodyMaxExtra:  1,
		},
	},
}

// LookupRuleset returns the named ruleset; "" names the default.
func LookupRuleset(name string) (Ruleset, error) {
	if name == "" {
		name = DefaultRuleset
	}
	r, ok := rulesets[name]
	if !ok {
		return Ruleset{}, Errorf(EINVALID, "không có bộ quy tắc %q (có: %s)", "unknown ruleset %q (known: %s)", name, strings.Join(RulesetNames(), ", "))
	}
	return r, nil
}

// RulesetNames lists the known rulesets.
func RulesetNames() []string {
	names := make([]string, 0, len(rulesets))
	for n := range rulesets {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// SettingInfo describes one setting for a person.
type SettingInfo struct {
	Key   string `json:"key"`
	Vi    string `json:"vi"`
	En    string `json:"en"`
	Value string `json:"value"`
}

// Describe lists every setting with its current value and description, in a fixed order.
func (s Settings) Describe() []SettingInfo {
	yes := func(b bool) string {
		if b {
			return "true"
		}
		return "false"
	}
	return []SettingInfo{
		{"all_struck_invalid", "Phiếu gạch hết tên (danh sách nhiều người) là phiếu không hợp lệ", "A ballot striking out every name on a list of several is invalid", yes(s.AllStruckInvalid)},
		{"abstain_option", "Biểu quyết có lựa chọn \"Không biểu quyết\"", "Motions offer the option \"abstain\" (Không biểu quyết)", yes(s.AbstainOption)},
		{"quorum", "Đại hội hợp lệ khi số đại biểu có mặt đạt ít nhất tỉ lệ này của tổng số được triệu tập", "The congress is valid when at least this share of the base is present", s.Quorum.String()},
		{"surplus_prepared_min", "Số dư do cấp ủy chuẩn bị: tối thiểu", "Surplus prepared by the convening committee: minimum", s.SurplusPreparedMin.Percent()},
		{"surplus_prepared_max", "Số dư do cấp ủy chuẩn bị: tối đa", "Surplus prepared by the convening committee: maximum", s.SurplusPreparedMax.Percent()},
		{"surplus_max", "Số dư tối đa so với số lượng cần bầu", "Largest surplus over the seats", s.SurplusMax.Percent()},
		{"small_body_max_extra", "Bầu từ 3 đến 5 người: số dư tối đa (người)", "Electing 3 to 5 people: largest surplus (names)", strconv.Itoa(s.SmallBodyMaxExtra)},
	}
}

// Override applies named overrides such as {"all_struck_invalid": false}. An unknown name or a
// value of the wrong type is an error and leaves s unchanged.
func (s Settings) Override(raw map[string]json.RawMessage) (Settings, error) {
	out := s
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := raw[k]
		var err error
		switch k {
		case "all_struck_invalid":
			err = json.Unmarshal(v, &out.AllStruckInvalid)
		case "abstain_option":
			err = json.Unmarshal(v, &out.AbstainOption)
		case "quorum":
			err = json.Unmarshal(v, &out.Quorum)
		case "surplus_prepared_min":
			err = json.Unmarshal(v, &out.SurplusPreparedMin)
		case "surplus_prepared_max":
			err = json.Unmarshal(v, &out.SurplusPreparedMax)
		case "surplus_max":
			err = json.Unmarshal(v, &out.SurplusMax)
		case "small_body_max_extra":
			err = json.Unmarshal(v, &out.SmallBodyMaxExtra)
		default:
			return s, Errorf(EINVALID, "không có thiết lập %q", "unknown setting %q", k)
		}
		if err != nil {
			return s, Errorf(EINVALID, "thiết lập %q có giá trị không hợp lệ: %s", "setting %q has a bad value: %s", k, string(v))
		}
	}
	if err := out.Check(); err != nil {
		return s, err
	}
	return out, nil
}

// Check reports settings no congress can run with: a quorum that is no share of the base (a
// missing one would open every vote with nobody present), a surplus that is no ratio, a negative
// count.
func (s Settings) Check() error {
	if s.Quorum.Den <= 0 || s.Quorum.Num <= 0 || s.Quorum.Num > s.Quorum.Den {
		return Errorf(EINVALID, "tỉ lệ túc số (quorum) phải lớn hơn 0 và không quá 1, ví dụ \"2/3\"", "the quorum must be more than 0 and at most 1, such as \"2/3\"")
	}
	for _, f := range []Fraction{s.SurplusPreparedMin, s.SurplusPreparedMax, s.SurplusMax} {
		if f.Den <= 0 || f.Num < 0 {
			return Errorf(EINVALID, "tỉ lệ số dư (surplus_…) phải là một tỉ lệ, ví dụ \"15%%\"", "a surplus (surplus_…) must be a ratio, such as \"15%%\"")
		}
	}
	if s.SmallBodyMaxExtra < 0 {
		return Errorf(EINVALID, "small_body_max_extra không được âm", "small_body_max_extra must not be negative")
	}
	return nil
}

// raw returns the settings as the name → value map a record carries.
func (s Settings) raw() map[string]json.RawMessage {
	b, _ := json.Marshal(s)
	var m map[string]json.RawMessage
	_ = json.Unmarshal(b, &m)
	return m
}
