package demo

// The tables the demo roll is drawn from. Everything here is read-only: New copies what it uses, so
// two calls never share a slice.

// weighted is a value drawn with a relative weight.
type weighted struct {
	v string
	w int
}

// Family names (họ) weighted roughly as in the south of Việt Nam. Family names of the people placed
// by hand (Thạch, Sơn, Nông, Quách) are left out, so only the hand-placed people carry them.
var families = []weighted{
	{"Nguyễn", 30}, {"Trần", 11}, {"Lê", 9}, {"Phạm", 6}, {"Huỳnh", 6}, {"Võ", 6}, {"Phan", 5},
	{"Hoàng", 2}, {"Vũ", 2}, {"Đặng", 2}, {"Bùi", 2}, {"Đỗ", 2}, {"Hồ", 2}, {"Ngô", 2},
	{"Trương", 2}, {"Dương", 1}, {"Lý", 1}, {"Lâm", 1}, {"Mai", 1}, {"Đoàn", 1}, {"Đinh", 1},
	{"Tạ", 1}, {"Cao", 1}, {"Châu", 1}, {"Lưu", 1}, {"Tô", 1},
}

// Middle names (tên đệm).
var maleMiddles = []weighted{
	{"Văn", 30}, {"Minh", 10}, {"Quốc", 7}, {"Thanh", 7}, {"Hữu", 6}, {"Đức", 6}, {"Công", 5},
	{"Tấn", 5}, {"Hoàng", 4}, {"Trọng", 3}, {"Ngọc", 3}, {"Duy", 3}, {"Xuân", 2}, {"Anh", 2},
	{"Thành", 2}, {"Gia", 2}, {"Nhật", 2},
}

var femaleMiddles = []weighted{
	{"Thị", 45}, {"Ngọc", 10}, {"Thu", 6}, {"Thanh", 6}, {"Kim", 5}, {"Mỹ", 5}, {"Hồng", 4},
	{"Bích", 3}, {"Thùy", 3}, {"Phương", 3}, {"Bảo", 2}, {"Diệu", 2}, {"Minh", 2}, {"Hoài", 2},
}

// secondMiddles follow "Thị" in four-word women's names: Nguyễn Thị Thu Hà.
var secondMiddles = []string{"Thu", "Ngọc", "Thanh", "Kim", "Mỹ", "Bích", "Hồng", "Minh", "Phương", "Thùy"}

// Given names (tên).
var maleGiven = []string{
	"An", "Anh", "Ân", "Bảo", "Bình", "Cường", "Chiến", "Dũng", "Duy", "Đạt", "Đông", "Đức",
	"Giang", "Hải", "Hậu", "Hiếu", "Hiển", "Hòa", "Hoàng", "Hùng", "Huy", "Hưng", "Khang",
	"Khánh", "Khoa", "Kiên", "Lâm", "Lộc", "Long", "Luân", "Minh", "Nam", "Nghĩa", "Nhân",
	"Phát", "Phong", "Phúc", "Phước", "Quang", "Quân", "Sang", "Sơn", "Tài", "Tâm", "Tân",
	"Thái", "Thắng", "Thành", "Thiện", "Thịnh", "Toàn", "Trí", "Trung", "Tuấn", "Tùng",
	"Việt", "Vinh", "Vũ", "Vương",
}

var femaleGiven = []string{
	"Anh", "Ánh", "Bích", "Châu", "Chi", "Diễm", "Dung", "Duyên", "Giang", "Hà", "Hạnh",
	"Hằng", "Hân", "Hiền", "Hoa", "Huệ", "Hương", "Huyền", "Lan", "Liên", "Linh", "Loan",
	"Mai", "My", "Nga", "Ngân", "Nhi", "Nhung", "Oanh", "Phượng", "Quyên", "Tâm", "Thảo",
	"Thơ", "Thư", "Thủy", "Trâm", "Trang", "Trinh", "Tuyết", "Uyên", "Vân", "Vy", "Xuân", "Yến",
}

// Levels of education (trình độ chuyên môn) and of political theory (lý luận chính trị).
var (
	educations = []string{"Tiến sĩ", "Thạc sĩ", "Đại học", "Cao đẳng"}
	theories   = []string{"Cao cấp", "Trung cấp", "Sơ cấp"}
)

// unit is a party organisation that sent delegates (chi bộ, đảng bộ bộ phận or đảng bộ cơ sở).
type unit struct {
	name     string
	n        int     // official delegates it sends
	female   float64 // share of women among the generated people
	from, to int     // birth years
	edu      [4]int  // weights over educations
	theory   [3]int  // weights over theories
}

// exOfficioUnit is the unit printed for the members of the outgoing executive committee.
const exOfficioUnit = "Ban Chấp hành Đảng bộ phường khóa XXIII"

// units send 135 official delegates in all.
var units = []unit{
	{"Chi bộ Khu phố 1", 12, 0.35, 1962, 1988, [4]int{0, 15, 55, 30}, [3]int{5, 45, 50}},
	{"Chi bộ Khu phố 2", 12, 0.35, 1962, 1988, [4]int{0, 15, 55, 30}, [3]int{5, 45, 50}},
	{"Chi bộ Khu phố 3", 12, 0.35, 1962, 1988, [4]int{0, 15, 55, 30}, [3]int{5, 45, 50}},
	{"Chi bộ Khu phố 4", 12, 0.35, 1962, 1988, [4]int{0, 15, 55, 30}, [3]int{5, 45, 50}},
	{"Chi bộ Khu phố 5", 12, 0.35, 1962, 1988, [4]int{0, 15, 55, 30}, [3]int{5, 45, 50}},
	{"Chi bộ Khu phố 6", 12, 0.35, 1962, 1988, [4]int{0, 15, 55, 30}, [3]int{5, 45, 50}},
	{"Đảng bộ Công an phường", 12, 0.15, 1975, 1995, [4]int{0, 30, 70, 0}, [3]int{15, 70, 15}},
	{"Chi bộ Quân sự phường", 5, 0, 1978, 1995, [4]int{0, 10, 70, 20}, [3]int{10, 60, 30}},
	{"Chi bộ Cơ quan Ủy ban nhân dân phường", 10, 0.4, 1970, 1994, [4]int{5, 40, 55, 0}, [3]int{20, 60, 20}},
	{"Chi bộ Mặt trận Tổ quốc và các đoàn thể", 8, 0.55, 1970, 1995, [4]int{0, 25, 70, 5}, [3]int{10, 60, 30}},
	{"Chi bộ Trường THCS Văn Lang", 6, 0.7, 1970, 1993, [4]int{0, 40, 60, 0}, [3]int{0, 40, 60}},
	{"Chi bộ Trường Tiểu học Lê Ngọc Hân", 5, 0.8, 1970, 1993, [4]int{0, 30, 60, 10}, [3]int{0, 40, 60}},
	{"Chi bộ Trạm Y tế phường", 5, 0.7, 1968, 1992, [4]int{5, 20, 45, 30}, [3]int{0, 40, 60}},
	{"Chi bộ Ban Quản lý chợ Bến Thành", 7, 0.5, 1965, 1990, [4]int{0, 10, 60, 30}, [3]int{5, 45, 50}},
	{"Chi bộ Công ty TNHH MTV Dịch vụ công ích", 5, 0.35, 1968, 1992, [4]int{0, 20, 60, 20}, [3]int{0, 50, 50}},
}

// Unit indices used below.
const (
	kp1 = iota
	kp2
	kp3
	kp4
	kp5
	kp6
	congAn
	quanSu
	ubnd
	matTran
	thcs
	tieuHoc
	yTe
	cho
	congTy
)

// person is a hand-placed person on the roll.
type person struct {
	name      string
	gender    string
	born      int
	ethnicity string
	edu       string
	theory    string
	unit      int    // index into units; unused for the ex-officio members
	note      string // the post held, for the reader of this file
}

// exOfficio are the 15 members of the outgoing executive committee (Ban Chấp hành khóa XXIII), in the
// order of the committee's list: the first five sit in the presidium. The three marked "retiring" are
// not nominated again.
var exOfficio = []person{
	{"Trần Quốc Bảo", "nam", 1970, "Kinh", "Thạc sĩ", "Cao cấp", 0, "Bí thư Đảng ủy phường"},
	{"Nguyễn Thị Thanh Hương", "nữ", 1975, "Kinh", "Thạc sĩ", "Cao cấp", 0, "Phó Bí thư Thường trực Đảng ủy"},
	{"Lê Minh Khang", "nam", 1978, "Kinh", "Thạc sĩ", "Cao cấp", 0, "Phó Bí thư Đảng ủy, Chủ tịch UBND phường"},
	{"Huỳnh Thị Ngọc Diễm", "nữ", 1976, "Kinh", "Đại học", "Cao cấp", 0, "Chủ tịch Ủy ban MTTQ Việt Nam phường"},
	{"Phạm Đức Thắng", "nam", 1980, "Kinh", "Đại học", "Cao cấp", 0, "Trưởng Công an phường"},
	{"Võ Thanh Sơn", "nam", 1974, "Kinh", "Đại học", "Cao cấp", 0, "Phó Chủ tịch UBND phường"},
	{"Đỗ Thị Kim Oanh", "nữ", 1979, "Kinh", "Thạc sĩ", "Trung cấp", 0, "Chủ nhiệm Ủy ban Kiểm tra Đảng ủy"},
	{"Bùi Văn Hiếu", "nam", 1983, "Kinh", "Đại học", "Trung cấp", 0, "Chỉ huy trưởng Ban Chỉ huy Quân sự phường"},
	{"Ngô Quang Vinh", "nam", 1966, "Kinh", "Đại học", "Cao cấp", 0, "Trưởng Ban Xây dựng Đảng (retiring)"},
	{"Dương Thị Mỹ Hạnh", "nữ", 1985, "Kinh", "Thạc sĩ", "Trung cấp", 0, "Bí thư Đoàn phường"},
	{"Hồ Văn Lực", "nam", 1965, "Kinh", "Đại học", "Trung cấp", 0, "Chủ tịch Hội Cựu chiến binh (retiring)"},
	{"Phan Minh Trí", "nam", 1981, "Kinh", "Tiến sĩ", "Cao cấp", 0, "Phó Chủ tịch UBND phường"},
	{"Vũ Hữu Nghĩa", "nam", 1977, "Kinh", "Đại học", "Trung cấp", 0, "Bí thư Chi bộ Khu phố 3"},
	{"Hoàng Thị Thu Trang", "nữ", 1984, "Kinh", "Thạc sĩ", "Trung cấp", 0, "Chủ tịch Hội Liên hiệp Phụ nữ phường"},
	{"Trương Công Danh", "nam", 1968, "Kinh", "Đại học", "Cao cấp", 0, "Bí thư Chi bộ Ban Quản lý chợ (retiring)"},
}

// retiring marks the ex-officio members not nominated for the new committee (indices in exOfficio).
var retiring = map[int]bool{8: true, 10: true, 14: true}

// namedOfficials are placed by hand among the official delegates: the names the tests and the
// screens' search and ordering rely on, and the delegates of other ethnic groups.
var namedOfficials = []person{
	{"Nguyễn Văn An", "nam", 1972, "Kinh", "Đại học", "Trung cấp", kp1, "Bí thư Chi bộ Khu phố 1"},
	{"Trần Thị Ánh", "nữ", 1980, "Kinh", "Đại học", "Sơ cấp", kp2, ""},
	{"Lê Hoàng Ân", "nam", 1988, "Kinh", "Đại học", "Trung cấp", congAn, ""},
	{"Phạm Thị Lan Anh", "nữ", 1986, "Kinh", "Thạc sĩ", "Sơ cấp", thcs, ""},
	{"Đặng Minh Đức", "nam", 1984, "Kinh", "Đại học", "Trung cấp", quanSu, ""},
	{"Võ Văn Dũng", "nam", 1969, "Kinh", "Cao đẳng", "Sơ cấp", kp3, ""},
	{"Lý Ngọc Mai", "nữ", 1978, "Hoa", "Đại học", "Trung cấp", cho, ""},
	{"Quách Thanh Tùng", "nam", 1975, "Hoa", "Đại học", "Sơ cấp", congTy, ""},
	{"Lâm Mỹ Linh", "nữ", 1987, "Hoa", "Đại học", "Sơ cấp", yTe, ""},
	{"Sơn Thị Ngọc Hân", "nữ", 1990, "Khmer", "Đại học", "Trung cấp", matTran, ""},
	{"Nông Văn Tuấn", "nam", 1985, "Tày", "Đại học", "Trung cấp", congAn, ""},
}

// alternateUnits are the units of the five alternate delegates (đại biểu dự khuyết), in their order.
// The first replaces an official delegate of the same unit.
var alternateUnits = []int{kp5, kp2, congAn, cho, matTran}

// Topics are the subjects delegates file questions to the presidium under.
var topics = []string{"Tuyên giáo", "Tổ chức", "Kiểm tra", "Dân vận", "Kinh tế – xã hội", "Quốc phòng – an ninh"}
