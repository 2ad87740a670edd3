package daihoi_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/daihoi/daihoi"
)

func byNumber(d daihoi.Delegate) string { return "d" + strconv.Itoa(d.Number) }

// A roll kept in Excel and saved as CSV: the byte-order mark, semicolons, Vietnamese headers in any
// case, the categories in words, an empty row at the end.
func TestARollFromASpreadsheet(t *testing.T) {
	in := "\ufeffSố TT;HỌ VÀ TÊN;Đơn vị;Loại đại biểu;Năm sinh;Giới tính;Lý luận chính trị\n" +
		"1;Nguyễn  Văn An;Chi bộ Khu phố 1;Chính thức;1970;Nam;Cao cấp\n" +
		"2;Trần Thị Bích;Đảng ủy phường;đương nhiên;1968;Nữ;Cao cấp\n" +
		"3;Lê Văn Cường;Chi bộ Khu phố 2;Dự khuyết;1985;Nam;Trung cấp\n" +
		"4;Phạm Minh Đức;Thành ủy;khách mời;;;\n" +
		";;;;;;\n"
	roll, err := daihoi.ReadRollCSV(strings.NewReader(in), byNumber)
	if err != nil {
		t.Fatal(err)
	}
	want := []daihoi.Delegate{
		{ID: "d1", Number: 1, Name: "Nguyễn Văn An", Unit: "Chi bộ Khu phố 1", Category: daihoi.Official, BirthYear: 1970, Gender: "nam", Theory: "Cao cấp"},
		{ID: "d2", Number: 2, Name: "Trần Thị Bích", Unit: "Đảng ủy phường", Category: daihoi.ExOfficio, BirthYear: 1968, Gender: "nữ", Theory: "Cao cấp"},
		{ID: "d3", Number: 3, Name: "Lê Văn Cường", Unit: "Chi bộ Khu phố 2", Category: daihoi.Alternate, BirthYear: 1985, Gender: "nam", Theory: "Trung cấp"},
		{ID: "d4", Number: 4, Name: "Phạm Minh Đức", Unit: "Thành ủy", Category: daihoi.Guest},
	}
	if len(roll) != len(want) {
		t.Fatalf("%d delegates, want %d: %+v", len(roll), len(want), roll)
	}
	for i := range want {
		if roll[i] != want[i] {
			t.Errorf("row %d: %+v, want %+v", i+1, roll[i], want[i])
		}
	}
}

// A title above the header, "TT" and "Họ và tên đại biểu", a number left out after 7: it is 8.
func TestARollUnderATitle(t *testing.T) {
	in := "DANH SÁCH ĐẠI BIỂU DỰ ĐẠI HỘI,,\n,,\nTT,Họ và tên đại biểu,Đơn vị\n7,Nguyễn Văn An,Chi bộ 1\n,Trần Thị Bích,Chi bộ 2\n"
	roll, err := daihoi.ReadRollCSV(strings.NewReader(in), byNumber)
	if err != nil {
		t.Fatal(err)
	}
	if len(roll) != 2 || roll[0].Number != 7 || roll[1].Number != 8 || roll[1].Name != "Trần Thị Bích" {
		t.Fatalf("%+v", roll)
	}
}

// With commas, English headers, no number and no category: the rows give the numbers, and every
// delegate is an official one.
func TestARollWithOnlyNames(t *testing.T) {
	roll, err := daihoi.ReadRollCSV(strings.NewReader("name,unit\nNguyễn Văn An,Chi bộ 1\n\"Trần Thị Bích, (Bí thư)\",Chi bộ 2\n"), byNumber)
	if err != nil {
		t.Fatal(err)
	}
	if len(roll) != 2 || roll[1].Number != 2 || roll[1].Name != "Trần Thị Bích, (Bí thư)" || roll[0].Category != daihoi.Official {
		t.Fatalf("%+v", roll)
	}
}

// A roll with mistakes is refused, each named with its line, and no roll comes back.
func TestARollWithMistakesIsRefused(t *testing.T) {
	cases := map[string]struct{ in, vi, en string }{
		"no name column":     {"Số TT,Đơn vị\n1,Chi bộ 1\n", "«Họ và tên»", "name) column"},
		"a missing name":     {"STT,Họ tên\n1,Nguyễn Văn An\n2,\n", "dòng 3: thiếu họ tên", "line 3: no name"},
		"a word category":    {"Họ và tên,Loại\nNguyễn Văn An,chính thức\nTrần Văn Bình,đại biểu danh dự\n", `dòng 3: loại đại biểu "đại biểu danh dự"`, `line 3: unknown category`},
		"a number no number": {"Số,Họ và tên\nmột,Nguyễn Văn An\n", `dòng 2: số thứ tự "một"`, `line 2: the number "một"`},
		"a birth year wrong": {"Họ và tên,Năm sinh\nNguyễn Văn An,70\n", `năm sinh "70"`, `birth year "70"`},
		"only a header":      {"Họ và tên\n", "ít nhất một đại biểu", "at least one delegate"},
		"a number twice":     {"TT,Họ và tên\n1,Nguyễn Văn An\n,Trần Văn Bình\n2,Lê Văn Cường\n", "dòng 4: số thứ tự 2 trùng với dòng 3", "line 4: the number 2 is line 3's too"},
		"not UTF-8":          {"H\xe7 v\xe0 t\xean\nNguy\xean\n", "CSV UTF-8", "CSV UTF-8"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			roll, err := daihoi.ReadRollCSV(strings.NewReader(c.in), byNumber)
			vi, en := daihoi.ErrorMessages(err)
			if err == nil || roll != nil || !strings.Contains(vi, c.vi) || !strings.Contains(en, c.en) {
				t.Fatalf("got %v (%d delegates), want a refusal saying %q / %q", err, len(roll), c.vi, c.en)
			}
		})
	}
}
