package daihoi_test

import (
	"fmt"
	"testing"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/demo"
)

// credRoll is a small representative congress on 5 December 2026, with every case of the report:
// an ex-officio member absent with reason, an official absent with reason whom an alternate
// replaces, an official absent without reason, one not yet arrived, an alternate who replaces
// nobody, a guest, and one person whose education was never recorded.
func credRoll() (daihoi.Congress, daihoi.Roll) {
	c := daihoi.Congress{Title: "Đại hội thử", Date: "2026-12-05", Type: daihoi.Representative,
		Settings: daihoi.Settings{Quorum: daihoi.Fraction{Num: 2, Den: 3}}}
	p := func(n int, id string, cat daihoi.Category, g string, born int, edu, th, eth string, pr daihoi.Presence) daihoi.Delegate {
		return daihoi.Delegate{ID: id, Number: n, Name: "Người " + id, Unit: "Chi bộ", Category: cat, Gender: g,
			BirthYear: born, Education: edu, Theory: th, Ethnicity: eth, Presence: pr}
	}
	const (
		in  = daihoi.Present
		why = daihoi.AbsentWithReason
		out = daihoi.AbsentWithoutReason
		tbd = daihoi.NotArrived
		exo = daihoi.ExOfficio
		off = daihoi.Official
		alt = daihoi.Alternate
	)
	r := daihoi.Roll{
		p(1, "e1", exo, "nam", 1960, "Thạc sĩ", "Cao cấp", "Kinh", in),
		p(2, "e2", exo, "nữ", 1975, "Đại học", "Cao cấp", "Kinh", why),
		p(3, "o1", off, "nam", 1992, "Đại học", "Trung cấp", "Kinh", in),
		p(4, "o2", off, "nữ", 1991, "Đại học", "Sơ cấp", "Hoa", in),
		p(5, "o3", off, "nam", 1981, "Cao đẳng", "Sơ cấp", "Khmer", in),
		p(6, "o4", off, "nữ", 1980, "Thạc sĩ", "Trung cấp", "Kinh", why),
		p(7, "o5", off, "nam", 1970, "Đại học", "Trung cấp", "Kinh", out),
		p(8, "o6", off, "nam", 1985, "Đại học", "Trung cấp", "Kinh", tbd),
		p(9, "o7", off, "nữ", 1990, "", "Trung cấp", "Kinh", in),
		p(10, "a1", alt, "nữ", 1995, "Đại học", "Sơ cấp", "Kinh", in),
		p(11, "a2", alt, "nam", 1994, "Đại học", "Sơ cấp", "Kinh", in),
		p(12, "g1", daihoi.Guest, "nam", 1950, "Đại học", "Cao cấp", "Kinh", in),
	}
	r[1].Reason = "Đi công tác"
	r[5].Reason = "Ốm"
	r[9].Replaces = "o4"
	return c, r
}

func line(s daihoi.Share) string { return fmt.Sprintf("%d (%s%%)", s.Count, s.Percent) }

func TestCredentialReport(t *testing.T) {
	c, r := credRoll()
	rep := daihoi.NewCredentialReport(c, r)
	n := func(i int) string { return fmt.Sprint(i) }
	of := daihoi.ShareOf
	tests := []struct {
		says, got, want string
	}{
		// I. Đại biểu được triệu tập
		{"Tổng số đại biểu được triệu tập", n(rep.Summoned), "11"},
		{"  trong đó đại biểu chính thức do chi bộ bầu", n(rep.Elected), "7"},
		{"  đại biểu đương nhiên (cấp ủy khóa trước)", n(rep.ExOfficio), "2"},
		{"  đại biểu dự khuyết", n(rep.Alternates), "2"},
		{"  đại biểu dự khuyết được thay thế đại biểu chính thức", n(rep.AlternatesReplacing), "1"},
		// II. Tổng số (base) và có mặt
		{"Tổng số đại biểu để tính tỉ lệ (không tính ĐB đương nhiên vắng, ĐB chính thức vắng không có người thay)", n(rep.Attendance.Base), "7"},
		{"Có mặt", n(rep.Attendance.Present), "6"},
		{"Tỉ lệ có mặt so với tổng số", rep.PresentPercent, "85.71"},
		{"  trong đó đại biểu dự khuyết thay thế có mặt", n(rep.AlternatesIn), "1"},
		{"Đại biểu dự khuyết có mặt (tất cả)", n(rep.AlternatesPresent), "2"},
		{"Vắng mặt có lý do", n(rep.AbsentReason), "2"},
		{"Vắng mặt không có lý do", n(rep.AbsentNoReason), "1"},
		{"Chưa đến", n(rep.Attendance.NotArrived), "1"},
		{"Cần có mặt tối thiểu (2/3)", n(rep.Attendance.QuorumNeeded), "5"},
		{"Đủ điều kiện tiến hành Đại hội", fmt.Sprint(rep.Attendance.Quorum), "true"},
		// III. Cơ cấu đại biểu có mặt (6 người)
		{"Nam", line(of(rep.Gender, "nam")), "3 (50.00%)"},
		{"Nữ", line(of(rep.Gender, "nữ")), "3 (50.00%)"},
		{"Dưới 35 tuổi (sinh 1992 và 1995)", line(of(rep.Age, "under35")), "2 (33.33%)"},
		{"Từ 35 đến 45 tuổi (35, 36 và 45)", line(of(rep.Age, "35-45")), "3 (50.00%)"},
		{"Từ 46 đến 55 tuổi (người 46 tuổi vắng, có người thay)", line(of(rep.Age, "46-55")), "0 (0.00%)"},
		{"Trên 55 tuổi (66)", line(of(rep.Age, "over55")), "1 (16.67%)"},
		{"Thạc sĩ", line(of(rep.Education, "Thạc sĩ")), "1 (16.67%)"},
		{"Đại học", line(of(rep.Education, "Đại học")), "3 (50.00%)"},
		{"Cao đẳng", line(of(rep.Education, "Cao đẳng")), "1 (16.67%)"},
		{"Trình độ chưa cập nhật", line(of(rep.Education, "unknown")), "1 (16.67%)"},
		{"Lý luận chính trị cao cấp", line(of(rep.Theory, "Cao cấp")), "1 (16.67%)"},
		{"Lý luận chính trị trung cấp", line(of(rep.Theory, "Trung cấp")), "2 (33.33%)"},
		{"Lý luận chính trị sơ cấp", line(of(rep.Theory, "Sơ cấp")), "3 (50.00%)"},
		{"Dân tộc Kinh", line(of(rep.Ethnicity, "Kinh")), "4 (66.67%)"},
		{"Dân tộc Hoa", line(of(rep.Ethnicity, "Hoa")), "1 (16.67%)"},
		{"Dân tộc Khmer", line(of(rep.Ethnicity, "Khmer")), "1 (16.67%)"},
		{"Đại biểu cao tuổi nhất", rep.Oldest.Name, "Người e1"},
		{"Đại biểu trẻ tuổi nhất (dự khuyết ngồi thay)", rep.Youngest.Name, "Người a1"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: %s, want %s", tt.says, tt.got, tt.want)
		}
	}

	// The order in which the report prints the lines.
	keys := func(list []daihoi.Share) string {
		s := ""
		for _, x := range list {
			s += x.Vi + ";"
		}
		return s
	}
	order := []struct{ says, got, want string }{
		{"giới tính", keys(rep.Gender), "Nam;Nữ;"},
		{"độ tuổi", keys(rep.Age), "Dưới 35 tuổi;Từ 35 đến 45 tuổi;Từ 46 đến 55 tuổi;Trên 55 tuổi;"},
		{"trình độ (từ cao xuống, chưa cập nhật sau cùng)", keys(rep.Education), "Thạc sĩ;Đại học;Cao đẳng;Chưa cập nhật;"},
		{"lý luận chính trị", keys(rep.Theory), "Cao cấp;Trung cấp;Sơ cấp;"},
		{"dân tộc (đông nhất trước)", keys(rep.Ethnicity), "Kinh;Hoa;Khmer;"},
	}
	for _, tt := range order {
		if tt.got != tt.want {
			t.Errorf("thứ tự %s: %s, want %s", tt.says, tt.got, tt.want)
		}
	}

	// Those absent, in roll order, with their reasons and who sits for them.
	want := []daihoi.Absentee{
		{Number: 2, Name: "Người e2", Unit: "Chi bộ", WithReason: true, Reason: "Đi công tác"},
		{Number: 6, Name: "Người o4", Unit: "Chi bộ", WithReason: true, Reason: "Ốm", ReplacedBy: "Người a1"},
		{Number: 7, Name: "Người o5", Unit: "Chi bộ"},
	}
	if fmt.Sprint(rep.Absentees) != fmt.Sprint(want) {
		t.Errorf("vắng mặt: %+v\nwant %+v", rep.Absentees, want)
	}
}

// Every breakdown adds up to those present, and agrees with the door's count, on the demo roll with
// part of it checked in.
func TestCredentialReportAddsUp(t *testing.T) {
	seed := demo.New()
	r := seed.Roll
	for i := range r {
		switch {
		case i%7 == 3:
			r[i].Presence, r[i].Reason = daihoi.AbsentWithReason, "Ốm"
		case i%11 == 5:
			r[i].Presence = daihoi.AbsentWithoutReason
		case i%5 != 0:
			r[i].Presence = daihoi.Present
		}
	}
	rep := daihoi.NewCredentialReport(seed.Congress, r)
	att := r.Attendance(seed.Congress.Type, seed.Congress.Settings)
	if rep.Attendance != att {
		t.Fatalf("report attendance %+v, door %+v", rep.Attendance, att)
	}
	if got := len(r.Seated(seed.Congress.Type)); got != att.Present {
		t.Errorf("seated %d, present %d", got, att.Present)
	}
	for name, list := range map[string][]daihoi.Share{"gender": rep.Gender, "age": rep.Age, "education": rep.Education,
		"theory": rep.Theory, "ethnicity": rep.Ethnicity} {
		sum := 0
		for _, s := range list {
			sum += s.Count
			if s.Percent != daihoi.PercentOf(s.Count, att.Present) {
				t.Errorf("%s %s: %s%%, want %s%%", name, s.Vi, s.Percent, daihoi.PercentOf(s.Count, att.Present))
			}
		}
		if sum != att.Present {
			t.Errorf("%s adds up to %d, present %d", name, sum, att.Present)
		}
	}
	if rep.Summoned != 155 || rep.ExOfficio != 15 || rep.Alternates != 5 || rep.AlternatesReplacing != 1 {
		t.Errorf("summoned %d (ex-officio %d, alternates %d, replacing %d), want 155 (15, 5, 1)",
			rep.Summoned, rep.ExOfficio, rep.Alternates, rep.AlternatesReplacing)
	}
}

// Nobody present: no division by zero, every percentage 0.00, and no oldest or youngest.
func TestCredentialReportNobodyPresent(t *testing.T) {
	c, r := credRoll()
	for i := range r {
		r[i].Presence = daihoi.NotArrived
	}
	rep := daihoi.NewCredentialReport(c, r)
	if rep.Attendance.Present != 0 || rep.PresentPercent != "0.00" || rep.Attendance.Quorum {
		t.Errorf("present %d (%s%%), quorum %v", rep.Attendance.Present, rep.PresentPercent, rep.Attendance.Quorum)
	}
	for _, s := range rep.Age {
		if s.Count != 0 || s.Percent != "0.00" {
			t.Errorf("age %s: %s", s.Vi, line(s))
		}
	}
	if rep.Oldest != nil || rep.Youngest != nil || len(rep.Absentees) != 0 {
		t.Errorf("oldest %v, youngest %v, absent %v", rep.Oldest, rep.Youngest, rep.Absentees)
	}
}

// A member congress: members absent with reason and members suspended leave the base; the report
// names the exclusion.
func TestCredentialReportMemberCongress(t *testing.T) {
	c := daihoi.Congress{Date: "2026-03-01", Type: daihoi.MemberCongress, Settings: daihoi.Settings{Quorum: daihoi.Fraction{Num: 2, Den: 3}}}
	r := daihoi.Roll{
		{ID: "m1", Number: 1, Category: daihoi.Official, Presence: daihoi.Present, Gender: "nam", BirthYear: 1990},
		{ID: "m2", Number: 2, Category: daihoi.Official, Presence: daihoi.Present, Gender: "nữ", BirthYear: 1960},
		{ID: "m3", Number: 3, Category: daihoi.Official, Presence: daihoi.AbsentWithReason, Reason: "Ốm"},
		{ID: "m4", Number: 4, Category: daihoi.Official, Exclusion: daihoi.Suspended},
		{ID: "m5", Number: 5, Category: daihoi.Official, Presence: daihoi.AbsentWithoutReason},
	}
	rep := daihoi.NewCredentialReport(c, r)
	tests := []struct{ says, got, want string }{
		{"Tổng số đảng viên", fmt.Sprint(rep.Summoned), "5"},
		{"Tổng số để tính tỉ lệ (trừ vắng có lý do, bị đình chỉ)", fmt.Sprint(rep.Attendance.Base), "3"},
		{"Có mặt", fmt.Sprint(rep.Attendance.Present), "2"},
		{"Tỉ lệ có mặt", rep.PresentPercent, "66.67"},
		{"Bị đình chỉ sinh hoạt đảng", line(daihoi.ShareOf(rep.Excluded, "suspended")), "1 (20.00%)"},
		{"Vắng có lý do", fmt.Sprint(rep.AbsentReason), "1"},
		{"Vắng không lý do", fmt.Sprint(rep.AbsentNoReason), "1"},
		{"Từ 35 đến 45 tuổi (36 tuổi)", line(daihoi.ShareOf(rep.Age, "35-45")), "1 (50.00%)"},
		{"Trên 55 tuổi", line(daihoi.ShareOf(rep.Age, "over55")), "1 (50.00%)"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: %s, want %s", tt.says, tt.got, tt.want)
		}
	}
}
