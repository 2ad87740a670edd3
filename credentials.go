package daihoi

import (
	"sort"
	"strconv"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// CredentialReport is the credential committee's report (báo cáo thẩm tra tư cách đại biểu), derived
// from the roll and nothing else: who was summoned, by category; the base and the quorum; who is
// present, absent with or without reason, not yet arrived; and the make-up of those present by
// gender, age, education, political theory and ethnicity.
//
// "Present" is always the people who hold a seat in the base and are in the hall (Attendance.Present):
// officials present, and alternates present who sit for the official they replace. The breakdowns
// count exactly those people, so each breakdown adds up to Present, and their percentages are of
// Present.
type CredentialReport struct {
	Title        string       `json:"title"`
	Organisation string       `json:"organisation"`
	Date         string       `json:"date"` // the congress's first day, YYYY-MM-DD; ages are taken in its year
	Type         CongressType `json:"type"`

	// Summoned is everyone summoned (tổng số được triệu tập): officials elected by the lower level,
	// ex-officio members and alternates. Guests are not summoned.
	Summoned            int `json:"summoned"`
	Elected             int `json:"elected"`              // đại biểu chính thức do cấp dưới bầu (at a member congress: official members)
	ExOfficio           int `json:"ex_officio"`           // đại biểu đương nhiên
	Alternates          int `json:"alternates"`           // đại biểu dự khuyết
	AlternatesReplacing int `json:"alternates_replacing"` // alternates named to replace an official
	// Excluded counts the officials left out of the base by a standing exclusion (transfer,
	// suspension, prosecution, detention; exempted members only when absent), by reason.
	Excluded []Share `json:"excluded,omitempty"`

	Attendance     Attendance `json:"attendance"`      // base, present, not arrived, quorum (the door's count)
	QuorumShare    string     `json:"quorum_share"`    // "2/3"
	PresentPercent string     `json:"present_percent"` // present of the base, two decimals

	// AbsentReason and AbsentNoReason count every summoned official or ex-officio member recorded
	// absent, whether or not they still count in the base (an absent official whom an alternate
	// replaces is absent here, and the alternate is present for them).
	AbsentReason      int        `json:"absent_reason"`
	AbsentNoReason    int        `json:"absent_noreason"`
	Absentees         []Absentee `json:"absentees"`
	AlternatesPresent int        `json:"alternates_present"` // every alternate in the hall
	AlternatesIn      int        `json:"alternates_in"`      // alternates present who sit for an official

	Gender    []Share `json:"gender"`
	Age       []Share `json:"age"`
	Education []Share `json:"education"`
	Theory    []Share `json:"theory"`
	Ethnicity []Share `json:"ethnicity"`

	Oldest   *Delegate `json:"oldest,omitempty"`   // the oldest present (by birth year; first on the roll among equals)
	Youngest *Delegate `json:"youngest,omitempty"` // the youngest present
}

// Share is one line of a breakdown: a label, a count and its percentage (two decimals).
type Share struct {
	Key     string `json:"key"`
	Vi      string `json:"vi"`
	En      string `json:"en"`
	Count   int    `json:"count"`
	Percent string `json:"percent"`
}

// Absentee is one summoned person recorded absent.
type Absentee struct {
	Number     int    `json:"number"`
	Name       string `json:"name"`
	Unit       string `json:"unit"`
	WithReason bool   `json:"with_reason"`
	Reason     string `json:"reason,omitempty"`
	// ReplacedBy is the alternate who sits for this official, if any.
	ReplacedBy string `json:"replaced_by,omitempty"`
}

// Age bands of the report, at the congress date (age = congress year − birth year).
var AgeBands = []struct {
	Key      string
	Vi, En   string
	From, To int // inclusive
}{
	{"under35", "Dưới 35 tuổi", "Under 35", 0, 34},
	{"35-45", "Từ 35 đến 45 tuổi", "35 to 45", 35, 45},
	{"46-55", "Từ 46 đến 55 tuổi", "46 to 55", 46, 55},
	{"over55", "Trên 55 tuổi", "Over 55", 56, 1 << 30},
}

const unknownKey = "unknown"

// orders of the usual values; other values follow in Vietnamese alphabetical order.
var (
	educationOrder = []string{"Tiến sĩ", "Thạc sĩ", "Đại học", "Cao đẳng", "Trung cấp", "Sơ cấp", "Trung học phổ thông"}
	theoryOrder    = []string{"Cao cấp", "Cử nhân", "Trung cấp", "Sơ cấp"}
)

// Seated returns the people who hold a seat in the base and are in the hall: each member of the
// base who is present, or, when they are not, the alternate present who replaces them. Their
// number is Attendance.Present. They come in roll order of the seat.
func (r Roll) Seated(t CongressType) []Delegate {
	replacedBy := r.ReplacedBy()
	byID := make(map[string]Delegate, len(r))
	for _, d := range r {
		byID[d.ID] = d
	}
	var out []Delegate
	for _, d := range r {
		alt, replaced := replacedBy[d.ID]
		if !InBase(t, d, replaced) {
			continue
		}
		switch {
		case d.Presence == Present:
			out = append(out, d)
		case replaced && byID[alt].Presence == Present:
			out = append(out, byID[alt])
		}
	}
	return out
}

// CongressYear is the year of the congress's first day, or 0 when the date is not set.
func CongressYear(date string) int {
	if len(date) < 4 {
		return 0
	}
	y, err := strconv.Atoi(date[:4])
	if err != nil {
		return 0
	}
	return y
}

// NewCredentialReport computes the credential report of the congress from its roll.
func NewCredentialReport(c Congress, r Roll) CredentialReport {
	rep := CredentialReport{Title: c.Title, Organisation: c.Organisation, Date: c.Date, Type: c.Type,
		Absentees: []Absentee{}}
	att := r.Attendance(c.Type, c.Settings)
	rep.Attendance = att
	rep.QuorumShare = c.Settings.Quorum.String()
	rep.PresentPercent = PercentOf(att.Present, att.Base)
	rep.AlternatesIn = att.AlternatesIn

	replacedBy := r.ReplacedBy()
	byID := make(map[string]Delegate, len(r))
	for _, d := range r {
		byID[d.ID] = d
	}
	excluded := map[Exclusion]int{}
	for _, d := range r {
		switch d.Category {
		case Official:
			rep.Elected++
		case ExOfficio:
			rep.ExOfficio++
		case Alternate:
			rep.Alternates++
			if d.Replaces != "" && d.Exclusion == NotExcluded {
				rep.AlternatesReplacing++
			}
			if d.Presence == Present {
				rep.AlternatesPresent++
			}
			continue
		default:
			continue
		}
		rep.Summoned++ // officials here; alternates are added below
		alt, replaced := replacedBy[d.ID]
		if d.Exclusion != NotExcluded && !InBase(c.Type, d, replaced) && (d.Exclusion != Exempted || d.Absent()) {
			excluded[d.Exclusion]++
			if d.Exclusion != Exempted {
				continue // a standing exclusion: neither present nor absent in this report
			}
		}
		if d.Absent() {
			a := Absentee{Number: d.Number, Name: d.Name, Unit: d.Unit, WithReason: d.Presence == AbsentWithReason, Reason: d.Reason}
			if replaced {
				a.ReplacedBy = byID[alt].Name
			}
			if a.WithReason {
				rep.AbsentReason++
			} else {
				rep.AbsentNoReason++
			}
			rep.Absentees = append(rep.Absentees, a)
		}
	}
	rep.Summoned += rep.Alternates
	for _, e := range []Exclusion{TemporaryTransfer, Suspended, Prosecuted, Detained, Exempted} {
		if n := excluded[e]; n > 0 {
			vi, en := exclusionWords(e)
			rep.Excluded = append(rep.Excluded, Share{Key: string(e), Vi: vi, En: en, Count: n, Percent: PercentOf(n, rep.Elected+rep.ExOfficio)})
		}
	}

	seated := r.Seated(c.Type)
	n := len(seated)
	year := CongressYear(c.Date)

	gender := newCounter()
	age := newCounter()
	edu, theory, eth := newCounter(), newCounter(), newCounter()
	for _, d := range seated {
		switch strings.ToLower(strings.TrimSpace(d.Gender)) {
		case "nam":
			gender.add("nam", "Nam", "Male")
		case "nữ", "nu":
			gender.add("nữ", "Nữ", "Female")
		default:
			gender.add(unknownKey, "Chưa rõ", "Not recorded")
		}
		if year == 0 || d.BirthYear <= 0 || d.BirthYear > year {
			age.add(unknownKey, "Chưa rõ năm sinh", "Birth year not recorded")
		} else {
			a := year - d.BirthYear
			for _, b := range AgeBands {
				if a >= b.From && a <= b.To {
					age.add(b.Key, b.Vi, b.En)
				}
			}
		}
		edu.addValue(d.Education)
		theory.addValue(d.Theory)
		eth.addValue(d.Ethnicity)
	}
	rep.Gender = gender.shares(n, []string{"nam", "nữ"}, false)
	bandKeys := make([]string, len(AgeBands))
	for i, b := range AgeBands {
		bandKeys[i] = b.Key
	}
	rep.Age = age.shares(n, bandKeys, false)
	rep.Education = edu.shares(n, educationOrder, true)
	rep.Theory = theory.shares(n, theoryOrder, true)
	rep.Ethnicity = eth.sharesByCount(n)

	for i := range seated {
		d := seated[i]
		if d.BirthYear <= 0 {
			continue
		}
		if rep.Oldest == nil || d.BirthYear < rep.Oldest.BirthYear {
			rep.Oldest = &seated[i]
		}
		if rep.Youngest == nil || d.BirthYear > rep.Youngest.BirthYear {
			rep.Youngest = &seated[i]
		}
	}
	return rep
}

func exclusionWords(e Exclusion) (vi, en string) {
	switch e {
	case TemporaryTransfer:
		return "Sinh hoạt đảng tạm thời nơi khác", "On temporary transfer"
	case Suspended:
		return "Bị đình chỉ sinh hoạt đảng", "Suspended"
	case Prosecuted:
		return "Bị truy tố", "Prosecuted"
	case Detained:
		return "Bị tạm giam", "Detained"
	case Exempted:
		return "Được miễn sinh hoạt đảng, vắng mặt", "Exempted and absent"
	}
	return string(e), string(e)
}

// ShareOf looks up a line of a breakdown by its key (or its Vietnamese label); the zero Share when
// there is none.
func ShareOf(list []Share, key string) Share {
	for _, s := range list {
		if s.Key == key || s.Vi == key {
			return s
		}
	}
	return Share{Key: key, Percent: "0.00"}
}

// counter counts labelled values, keeping the labels.
type counter struct {
	n      map[string]int
	vi, en map[string]string
}

func newCounter() *counter {
	return &counter{n: map[string]int{}, vi: map[string]string{}, en: map[string]string{}}
}

func (c *counter) add(key, vi, en string) {
	c.n[key]++
	c.vi[key], c.en[key] = vi, en
}

// addValue counts a free value of the roll (education, theory, ethnicity); blank is "not recorded".
func (c *counter) addValue(v string) {
	v = strings.TrimSpace(v)
	if v == "" {
		c.add(unknownKey, "Chưa cập nhật", "Not recorded")
		return
	}
	c.add(v, v, v)
}

// shares lists the known keys in their order — a fixed scale (gender, age) keeps its zero lines,
// a list of usual values (education, theory) drops them when dropZero — then the other values in
// Vietnamese alphabetical order, and "not recorded" last.
func (c *counter) shares(total int, order []string, dropZero bool) []Share {
	out := []Share{}
	seen := map[string]bool{unknownKey: true}
	for _, k := range order {
		seen[k] = true
		if c.n[k] == 0 && dropZero {
			continue
		}
		vi, en := c.vi[k], c.en[k]
		if vi == "" {
			vi, en = labelOf(k)
		}
		out = append(out, Share{Key: k, Vi: vi, En: en, Count: c.n[k], Percent: PercentOf(c.n[k], total)})
	}
	var rest []string
	for k := range c.n {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	col := collate.New(language.Vietnamese)
	sort.Slice(rest, func(i, j int) bool { return col.CompareString(rest[i], rest[j]) < 0 })
	for _, k := range rest {
		out = append(out, Share{Key: k, Vi: c.vi[k], En: c.en[k], Count: c.n[k], Percent: PercentOf(c.n[k], total)})
	}
	if n := c.n[unknownKey]; n > 0 {
		out = append(out, Share{Key: unknownKey, Vi: c.vi[unknownKey], En: c.en[unknownKey], Count: n, Percent: PercentOf(n, total)})
	}
	return out
}

// sharesByCount lists the values by count, high to low (ethnicity: the majority first).
func (c *counter) sharesByCount(total int) []Share {
	out := c.shares(total, nil, true)
	sort.SliceStable(out, func(i, j int) bool {
		if (out[i].Key == unknownKey) != (out[j].Key == unknownKey) {
			return out[j].Key == unknownKey
		}
		return out[i].Count > out[j].Count
	})
	return out
}

func labelOf(key string) (vi, en string) {
	switch key {
	case "nam":
		return "Nam", "Male"
	case "nữ":
		return "Nữ", "Female"
	}
	for _, b := range AgeBands {
		if b.Key == key {
			return b.Vi, b.En
		}
	}
	return key, key
}
