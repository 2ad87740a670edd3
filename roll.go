package daihoi

import (
	"fmt"
	"iter"
	"strings"
)

// CongressType tells a representative congress from a congress of all party members; the base is
// derived differently for each (docs/rules.md, The base).
type CongressType string

const (
	// Representative is a đại hội đại biểu: delegates elected by the lower level plus ex-officio
	// members of the convening committee.
	Representative CongressType = "representative"
	// MemberCongress is a đại hội đảng viên: every official party member of the organisation.
	MemberCongress CongressType = "members"
)

// Category is a person's standing on the roll.
type Category string

const (
	Official  Category = "official"   // đại biểu chính thức (elected by the lower level)
	ExOfficio Category = "ex_officio" // đại biểu đương nhiên: member of the convening committee
	Alternate Category = "alternate"  // đại biểu dự khuyết
	Guest     Category = "guest"      // khách mời: on the roll for the door, never in the base
)

// Exclusion is why a person is left out of the base (docs/rules.md, The base).
type Exclusion string

const (
	NotExcluded       Exclusion = ""
	TemporaryTransfer Exclusion = "temporary_transfer" // sinh hoạt tạm thời nơi khác
	Suspended         Exclusion = "suspended"          // đình chỉ sinh hoạt
	Prosecuted        Exclusion = "prosecuted"         // bị truy tố
	Detained          Exclusion = "detained"           // bị tạm giam
	Exempted          Exclusion = "exempted"           // miễn sinh hoạt: excluded only when absent
)

// Presence is where a person stands at the door.
type Presence string

const (
	NotArrived          Presence = ""                // not checked in yet: still in the base
	Present             Presence = "present"         // có mặt
	AbsentWithReason    Presence = "absent_reason"   // vắng mặt có lý do (approved)
	AbsentWithoutReason Presence = "absent_noreason" // vắng mặt không lý do
)

// Delegate is one person on the roll (a delegate, or a member at a member congress).
type Delegate struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Unit      string    `json:"unit"` // đơn vị: the party organisation that sent them
	BirthYear int       `json:"birth_year,omitempty"`
	Gender    string    `json:"gender,omitempty"` // "nam" or "nữ"
	Ethnicity string    `json:"ethnicity,omitempty"`
	Education string    `json:"education,omitempty"` // trình độ chuyên môn
	Theory    string    `json:"theory,omitempty"`    // lý luận chính trị
	Category  Category  `json:"category"`
	Exclusion Exclusion `json:"exclusion,omitempty"`
	Replaces  string    `json:"replaces,omitempty"` // an alternate: the official they replace
	Presence  Presence  `json:"presence,omitempty"`
	Reason    string    `json:"reason,omitempty"` // the reason given for an absence
	Number    int       `json:"number"`           // number on the roll and the card
}

// Absent reports whether the person is recorded absent, with or without reason.
func (d Delegate) Absent() bool {
	return d.Presence == AbsentWithReason || d.Presence == AbsentWithoutReason
}

// Roll is the list of people summoned to the congress.
type Roll []Delegate

// ReplacedBy maps each replaced official's id to the alternate who replaces them.
func (r Roll) ReplacedBy() map[string]string {
	m := map[string]string{}
	for _, d := range r {
		if d.Category == Alternate && d.Replaces != "" && d.Exclusion == NotExcluded {
			m[d.Replaces] = d.ID
		}
	}
	return m
}

// InBase reports whether one person counts in the base (tổng số đại biểu được triệu tập).
//
// Representative congress: official delegates summoned (elected and ex-officio), minus ex-officio
// members absent for the whole congress, minus absent official delegates whom no alternate replaced.
// An alternate never counts in their own right: the official they replace keeps the seat in the
// base, so the base does not move when an alternate steps in.
//
// Member congress: official members, minus those on temporary transfer, suspended, prosecuted or
// detained, exempted members who are absent, and members absent with an approved reason.
func InBase(t CongressType, d Delegate, replaced bool) bool {
	switch d.Category {
	case Official, ExOfficio:
	default:
		return false
	}
	if t == MemberCongress {
		switch d.Exclusion {
		case TemporaryTransfer, Suspended, Prosecuted, Detained:
			return false
		case Exempted:
			if d.Absent() {
				return false
			}
		}
		return d.Presence != AbsentWithReason
	}
	if d.Exclusion != NotExcluded {
		return false
	}
	if d.Absent() {
		return d.Category == Official && replaced
	}
	return true
}

// Attendance is the live count at the door.
type Attendance struct {
	Base           int  `json:"base"`
	Present        int  `json:"present"` // present and counting in the base
	AbsentReason   int  `json:"absent_reason"`
	AbsentNoReason int  `json:"absent_noreason"`
	NotArrived     int  `json:"not_arrived"`
	QuorumNeeded   int  `json:"quorum_needed"` // the fewest present that make a quorum
	Quorum         bool `json:"quorum"`
	PresentAll     int  `json:"present_all"` // everyone at the door, guests and alternates included
	AlternatesIn   int  `json:"alternates_in"`

	// NoTablet counts those present with a seat and no tablet signed in (State.NoTablet): a tablet
	// vote opened now issues them nothing. The server fills it in: it knows the sessions.
	NoTablet int `json:"no_tablet"`

	// BaseVi and BaseEn word the base with how it is derived (BaseDerivation): the words every
	// screen prints beside the figure.
	BaseVi string `json:"base_vi"`
	BaseEn string `json:"base_en"`
}

// Attendance derives the base and the quorum from the roll; the base is never typed.
//
// Present counts the people who hold a seat in the base and are in the hall: officials present, and
// alternates present who replace an official.
func (r Roll) Attendance(t CongressType, s Settings) Attendance {
	return attendanceOf(t, s, func(yield func(Delegate) bool) {
		for _, d := range r {
			if !yield(d) {
				return
			}
		}
	})
}

func attendanceOf(t CongressType, s Settings, people iter.Seq[Delegate]) Attendance {
	replacedBy := map[string]string{}
	presentAlt := map[string]bool{}
	for d := range people {
		if d.Category == Alternate && d.Replaces != "" && d.Exclusion == NotExcluded {
			replacedBy[d.Replaces] = d.ID
			presentAlt[d.ID] = d.Presence == Present
		}
	}
	var a Attendance
	var roll Roll
	for d := range people {
		roll = append(roll, d)
		if d.Presence == Present {
			a.PresentAll++
		}
		alt, replaced := replacedBy[d.ID]
		if !InBase(t, d, replaced) {
			continue
		}
		a.Base++
		switch {
		case d.Presence == Present:
			a.Present++
		case replaced && presentAlt[alt]:
			a.Present++
			a.AlternatesIn++
		case d.Presence == AbsentWithReason:
			a.AbsentReason++
		case d.Presence == AbsentWithoutReason:
			a.AbsentNoReason++
		default:
			a.NotArrived++
		}
	}
	from := roll.BaseFrom(t)
	a.BaseVi, a.BaseEn = from.Vi(), from.En()
	a.QuorumNeeded = QuorumNeeded(s.Quorum, a.Base)
	a.Quorum = a.Base > 0 && a.Present >= a.QuorumNeeded
	return a
}

// QuorumNeeded is the smallest number present that reaches the quorum fraction of the base.
func QuorumNeeded(q Fraction, base int) int {
	if q.Den <= 0 {
		return 0
	}
	n := (q.Num*int64(base) + q.Den - 1) / q.Den
	return int(n)
}

// BaseDeduction is one reason summoned people are left out of the base, with how many.
type BaseDeduction struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
	Vi    string `json:"vi"`
	En    string `json:"en"`
}

// BaseDerivation is how the base comes out of the roll: the officials summoned (elected and
// ex-officio; at a member congress the official members), less each kind of deduction. Every place
// that prints the base prints Vi (or En), so the credential report, the minutes and the screens
// reconcile and «được triệu tập» never stands for two numbers.
type BaseDerivation struct {
	Type     CongressType    `json:"type"`
	Summoned int             `json:"summoned"`
	Less     []BaseDeduction `json:"less"`
	Base     int             `json:"base"`
}

// deductions in the order the wording lists them.
var baseDeductions = []struct{ key, vi, en string }{
	{"ex_officio_absent", "đại biểu đương nhiên vắng mặt cả kỳ đại hội", "ex-officio member(s) absent for the whole congress"},
	{"official_absent_unreplaced", "đại biểu chính thức vắng mặt không có đại biểu dự khuyết thay thế", "official delegate(s) absent with no alternate in their place"},
	{"absent_reason", "vắng mặt có lý do", "absent with an approved reason"},
	{string(TemporaryTransfer), "sinh hoạt tạm thời nơi khác", "on temporary transfer"},
	{string(Suspended), "bị đình chỉ sinh hoạt", "suspended"},
	{string(Prosecuted), "bị truy tố", "prosecuted"},
	{string(Detained), "bị tạm giam", "detained"},
	{string(Exempted), "được miễn sinh hoạt", "exempted"},
	{"exempted_absent", "được miễn sinh hoạt và vắng mặt", "exempted and absent"},
}

// baseDeduction names why a summoned official out of the base is out ("" for a person in it or
// never summoned to a seat: alternates and guests).
func baseDeduction(t CongressType, d Delegate, replaced bool) string {
	if (d.Category != Official && d.Category != ExOfficio) || InBase(t, d, replaced) {
		return ""
	}
	switch {
	case d.Exclusion == Exempted && t == MemberCongress:
		return "exempted_absent"
	case d.Exclusion != NotExcluded:
		return string(d.Exclusion)
	case t == MemberCongress:
		return "absent_reason"
	case d.Category == ExOfficio:
		return "ex_officio_absent"
	}
	return "official_absent_unreplaced"
}

// BaseFrom derives the base with its deductions; Base equals Attendance(t, …).Base.
func (r Roll) BaseFrom(t CongressType) BaseDerivation {
	replaced := r.ReplacedBy()
	counts := map[string]int{}
	b := BaseDerivation{Type: t, Less: []BaseDeduction{}}
	for _, d := range r {
		if d.Category != Official && d.Category != ExOfficio {
			continue
		}
		b.Summoned++
		_, rep := replaced[d.ID]
		if k := baseDeduction(t, d, rep); k != "" {
			counts[k]++
		} else {
			b.Base++
		}
	}
	for _, k := range baseDeductions {
		if n := counts[k.key]; n > 0 {
			b.Less = append(b.Less, BaseDeduction{Key: k.key, Count: n, Vi: k.vi, En: k.en})
		}
	}
	return b
}

// Vi words the base with how it is derived: «150 đại biểu chính thức được triệu tập, trừ 1 đại biểu
// đương nhiên vắng mặt cả kỳ đại hội = 149».
func (b BaseDerivation) Vi() string {
	noun := "đại biểu chính thức"
	if b.Type == MemberCongress {
		noun = "đảng viên chính thức"
	}
	s := fmt.Sprintf("%d %s được triệu tập", b.Summoned, noun)
	if len(b.Less) == 0 {
		return s + fmt.Sprintf(", không có trường hợp phải trừ = %d", b.Base)
	}
	parts := make([]string, len(b.Less))
	for i, l := range b.Less {
		parts[i] = fmt.Sprintf("%d %s", l.Count, l.Vi)
	}
	return s + ", trừ " + strings.Join(parts, ", ") + fmt.Sprintf(" = %d", b.Base)
}

// En words the base with how it is derived, in English.
func (b BaseDerivation) En() string {
	noun := "official delegates"
	if b.Type == MemberCongress {
		noun = "official members"
	}
	s := fmt.Sprintf("%d %s summoned", b.Summoned, noun)
	if len(b.Less) == 0 {
		return s + fmt.Sprintf(", none left out = %d", b.Base)
	}
	parts := make([]string, len(b.Less))
	for i, l := range b.Less {
		parts[i] = fmt.Sprintf("%d %s", l.Count, l.En)
	}
	return s + ", less " + strings.Join(parts, ", ") + fmt.Sprintf(" = %d", b.Base)
}
