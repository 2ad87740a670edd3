package daihoi_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/daihoi/daihoi"
)

func TestBaseFromTheRoll(t *testing.T) {
	const (
		off = daihoi.Official
		exo = daihoi.ExOfficio
		alt = daihoi.Alternate
		gst = daihoi.Guest
		in  = daihoi.Present
		why = daihoi.AbsentWithReason
		out = daihoi.AbsentWithoutReason
		tbd = daihoi.NotArrived
	)
	tests := []struct {
		name string
		typ  daihoi.CongressType
		roll daihoi.Roll
		want daihoi.Attendance // QuorumNeeded and Quorum are checked separately below
	}{
		{"summoned officials and ex-officio members count in the base", daihoi.Representative,
			daihoi.Roll{{ID: "o1", Category: off, Presence: in}, {ID: "o2", Category: off, Presence: in}, {ID: "e1", Category: exo, Presence: in}},
			daihoi.Attendance{Base: 3, Present: 3, PresentAll: 3}},
		{"an official not yet arrived counts in the base", daihoi.Representative,
			daihoi.Roll{{ID: "o1", Category: off, Presence: in}, {ID: "o2", Category: off, Presence: tbd}},
			daihoi.Attendance{Base: 2, Present: 1, NotArrived: 1, PresentAll: 1}},
		{"an ex-officio member absent for the whole congress leaves the base", daihoi.Representative,
			daihoi.Roll{{ID: "o1", Category: off, Presence: in}, {ID: "e1", Category: exo, Presence: why}, {ID: "e2", Category: exo, Presence: out}},
			daihoi.Attendance{Base: 1, Present: 1, PresentAll: 1}},
		{"an absent official whom no alternate replaced leaves the base", daihoi.Representative,
			daihoi.Roll{{ID: "o1", Category: off, Presence: in}, {ID: "o2", Category: off, Presence: why}, {ID: "o3", Category: off, Presence: out}},
			daihoi.Attendance{Base: 1, Present: 1, PresentAll: 1}},
		{"an absent official replaced by an alternate stays in the base, and the alternate sits for them", daihoi.Representative,
			daihoi.Roll{{ID: "o1", Category: off, Presence: in}, {ID: "o2", Category: off, Presence: why}, {ID: "a1", Category: alt, Replaces: "o2", Presence: in}},
			daihoi.Attendance{Base: 2, Present: 2, AlternatesIn: 1, PresentAll: 2}},
		{"a replaced official whose alternate is not in the hall stays in the base, absent", daihoi.Representative,
			daihoi.Roll{{ID: "o1", Category: off, Presence: in}, {ID: "o2", Category: off, Presence: out}, {ID: "a1", Category: alt, Replaces: "o2", Presence: tbd}},
			daihoi.Attendance{Base: 2, Present: 1, AbsentNoReason: 1, PresentAll: 1}},
		{"an absent ex-officio member is not brought back by an alternate", daihoi.Representative,
			daihoi.Roll{{ID: "o1", Category: off, Presence: in}, {ID: "e1", Category: exo, Presence: why}, {ID: "a1", Category: alt, Replaces: "e1", Presence: in}},
			daihoi.Attendance{Base: 1, Present: 1, PresentAll: 2}},
		{"an alternate never counts in their own right", daihoi.Representative,
			daihoi.Roll{{ID: "o1", Category: off, Presence: in}, {ID: "a1", Category: alt, Presence: in}},
			daihoi.Attendance{Base: 1, Present: 1, PresentAll: 2}},
		{"an excluded alternate replaces nobody", daihoi.Representative,
			daihoi.Roll{{ID: "o1", Category: off, Presence: in}, {ID: "o2", Category: off, Presence: why}, {ID: "a1", Category: alt, Replaces: "o2", Presence: in, Exclusion: daihoi.Suspended}},
			daihoi.Attendance{Base: 1, Present: 1, PresentAll: 2}},
		{"guests never count", daihoi.Representative,
			daihoi.Roll{{ID: "o1", Category: off, Presence: in}, {ID: "g1", Category: gst, Presence: in}},
			daihoi.Attendance{Base: 1, Present: 1, PresentAll: 2}},
		{"a member congress counts every official member, present or not", daihoi.MemberCongress,
			daihoi.Roll{{ID: "m1", Category: off, Presence: in}, {ID: "m2", Category: off, Presence: tbd}, {ID: "m3", Category: off, Presence: out}},
			daihoi.Attendance{Base: 3, Present: 1, NotArrived: 1, AbsentNoReason: 1, PresentAll: 1}},
		{"members on temporary transfer, suspended, prosecuted or detained leave the base", daihoi.MemberCongress,
			daihoi.Roll{{ID: "m1", Category: off, Presence: in},
				{ID: "m2", Category: off, Exclusion: daihoi.TemporaryTransfer, Presence: in},
				{ID: "m3", Category: off, Exclusion: daihoi.Suspended},
				{ID: "m4", Category: off, Exclusion: daihoi.Prosecuted},
				{ID: "m5", Category: off, Exclusion: daihoi.Detained}},
			daihoi.Attendance{Base: 1, Present: 1, PresentAll: 2}},
		{"an exempted member leaves the base only when absent", daihoi.MemberCongress,
			daihoi.Roll{{ID: "m1", Category: off, Exclusion: daihoi.Exempted, Presence: in},
				{ID: "m2", Category: off, Exclusion: daihoi.Exempted, Presence: out},
				{ID: "m3", Category: off, Exclusion: daihoi.Exempted, Presence: tbd}},
			daihoi.Attendance{Base: 2, Present: 1, NotArrived: 1, PresentAll: 1}},
		{"a member absent with an approved reason leaves the base, absent without reason stays", daihoi.MemberCongress,
			daihoi.Roll{{ID: "m1", Category: off, Presence: in}, {ID: "m2", Category: off, Presence: why}, {ID: "m3", Category: off, Presence: out}},
			daihoi.Attendance{Base: 2, Present: 1, AbsentNoReason: 1, PresentAll: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := defaults(t)
			got := tt.roll.Attendance(tt.typ, s)
			// The wording of the base is TestBaseWording's; here it must end in the same figure.
			if want := fmt.Sprintf(" = %d", got.Base); !strings.HasSuffix(got.BaseVi, want) || !strings.HasSuffix(got.BaseEn, want) {
				t.Errorf("the base is worded %q / %q, want it to end %q", got.BaseVi, got.BaseEn, want)
			}
			got.BaseVi, got.BaseEn = "", ""
			tt.want.QuorumNeeded = daihoi.QuorumNeeded(s.Quorum, tt.want.Base)
			tt.want.Quorum = tt.want.Present >= tt.want.QuorumNeeded && tt.want.Base > 0
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
			var base int
			replaced := tt.roll.ReplacedBy()
			for _, d := range tt.roll {
				_, r := replaced[d.ID]
				if daihoi.InBase(tt.typ, d, r) {
					base++
				}
			}
			if base != got.Base {
				t.Errorf("InBase counts %d, Attendance %d", base, got.Base)
			}
		})
	}
}

func TestQuorum(t *testing.T) {
	two3 := daihoi.Fraction{Num: 2, Den: 3}
	tests := []struct {
		name string
		q    daihoi.Fraction
		base int
		want int
	}{
		{"2/3 of 150 is 100", two3, 150, 100},
		{"2/3 of 20 is 14: 13.33 rounds up", two3, 20, 14},
		{"2/3 of 3 is 2", two3, 3, 2},
		{"2/3 of 1 is 1", two3, 1, 1},
		{"2/3 of 0 is 0", two3, 0, 0},
		{"1/2 of 11 is 6", daihoi.Fraction{Num: 1, Den: 2}, 11, 6},
		{"3/4 of 100 is 75", daihoi.Fraction{Num: 3, Den: 4}, 100, 75},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := daihoi.QuorumNeeded(tt.q, tt.base); got != tt.want {
				t.Errorf("QuorumNeeded(%v, %d) = %d, want %d", tt.q, tt.base, got, tt.want)
			}
		})
	}

	// A representative congress of 20 summoned: 14 present is a quorum, 13 is not.
	roll := make(daihoi.Roll, 20)
	for i := range roll {
		roll[i] = daihoi.Delegate{ID: id(i), Category: daihoi.Official}
	}
	for i := range 13 {
		roll[i].Presence = daihoi.Present
	}
	if a := roll.Attendance(daihoi.Representative, defaults(t)); a.Quorum || a.Present != 13 || a.QuorumNeeded != 14 {
		t.Errorf("13 of 20 present is no quorum: %+v", a)
	}
	roll[13].Presence = daihoi.Present
	if a := roll.Attendance(daihoi.Representative, defaults(t)); !a.Quorum || a.Present != 14 {
		t.Errorf("14 of 20 present is a quorum: %+v", a)
	}
	if a := (daihoi.Roll{}).Attendance(daihoi.Representative, defaults(t)); a.Quorum {
		t.Errorf("an empty roll is no quorum: %+v", a)
	}
}

// Every place that prints the base says how it is derived, so the credential report, the minutes
// and the screens reconcile (docs/rules.md, The base).
func TestBaseWording(t *testing.T) {
	officials := func(n int, p daihoi.Presence) daihoi.Roll {
		var r daihoi.Roll
		for i := range n {
			r = append(r, daihoi.Delegate{ID: fmt.Sprintf("o%d", i), Category: daihoi.Official, Presence: p})
		}
		return r
	}
	tests := []struct {
		name   string
		typ    daihoi.CongressType
		roll   daihoi.Roll
		vi, en string
	}{
		{"150 summoned, one ex-officio member absent for the whole congress: 149", daihoi.Representative,
			append(officials(149, daihoi.Present), daihoi.Delegate{ID: "e1", Category: daihoi.ExOfficio, Presence: daihoi.AbsentWithReason}),
			"150 đại biểu chính thức được triệu tập, trừ 1 đại biểu đương nhiên vắng mặt cả kỳ đại hội = 149",
			"150 official delegates summoned, less 1 ex-officio member(s) absent for the whole congress = 149"},
		{"alternates and guests are not summoned to a seat; nobody left out", daihoi.Representative,
			append(officials(3, daihoi.Present), daihoi.Delegate{ID: "a1", Category: daihoi.Alternate, Presence: daihoi.Present}, daihoi.Delegate{ID: "g1", Category: daihoi.Guest, Presence: daihoi.Present}),
			"3 đại biểu chính thức được triệu tập, không có trường hợp phải trừ = 3",
			"3 official delegates summoned, none left out = 3"},
		{"an absent official replaced by an alternate stays; one not replaced is left out", daihoi.Representative,
			append(officials(2, daihoi.Present),
				daihoi.Delegate{ID: "x1", Category: daihoi.Official, Presence: daihoi.AbsentWithReason},
				daihoi.Delegate{ID: "x2", Category: daihoi.Official, Presence: daihoi.AbsentWithoutReason},
				daihoi.Delegate{ID: "a1", Category: daihoi.Alternate, Replaces: "x1", Presence: daihoi.Present}),
			"4 đại biểu chính thức được triệu tập, trừ 1 đại biểu chính thức vắng mặt không có đại biểu dự khuyết thay thế = 3",
			"4 official delegates summoned, less 1 official delegate(s) absent with no alternate in their place = 3"},
		{"a member congress: transfers, the suspended and the absent with reason are left out", daihoi.MemberCongress,
			append(officials(5, daihoi.Present),
				daihoi.Delegate{ID: "m1", Category: daihoi.Official, Exclusion: daihoi.TemporaryTransfer},
				daihoi.Delegate{ID: "m2", Category: daihoi.Official, Exclusion: daihoi.TemporaryTransfer},
				daihoi.Delegate{ID: "m3", Category: daihoi.Official, Exclusion: daihoi.Suspended},
				daihoi.Delegate{ID: "m4", Category: daihoi.Official, Exclusion: daihoi.Exempted, Presence: daihoi.AbsentWithReason},
				daihoi.Delegate{ID: "m5", Category: daihoi.Official, Presence: daihoi.AbsentWithReason},
				daihoi.Delegate{ID: "m6", Category: daihoi.Official, Presence: daihoi.AbsentWithoutReason}),
			"11 đảng viên chính thức được triệu tập, trừ 1 vắng mặt có lý do, 2 sinh hoạt tạm thời nơi khác, 1 bị đình chỉ sinh hoạt, 1 được miễn sinh hoạt và vắng mặt = 6",
			"11 official members summoned, less 1 absent with an approved reason, 2 on temporary transfer, 1 suspended, 1 exempted and absent = 6"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.roll.BaseFrom(tt.typ)
			if b.Vi() != tt.vi {
				t.Errorf("vi:\n got  %s\n want %s", b.Vi(), tt.vi)
			}
			if b.En() != tt.en {
				t.Errorf("en:\n got  %s\n want %s", b.En(), tt.en)
			}
			a := tt.roll.Attendance(tt.typ, defaults(t))
			if a.Base != b.Base || a.BaseVi != tt.vi || a.BaseEn != tt.en {
				t.Errorf("the attendance says base %d, %q; the derivation %d", a.Base, a.BaseVi, b.Base)
			}
		})
	}
}
