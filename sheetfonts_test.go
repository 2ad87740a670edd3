package daihoi_test

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/vnfont/vnfonttest"
	"golang.org/x/text/unicode/norm"
)

// fontRoll is a 300-delegate roll as a committee's office keeps it: a title row, then the header,
// then one delegate a row.
func fontRoll(n int) [][]string {
	family := []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
		"Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Đào", "Trương", "Lương", "Ông", "Âu", "Ứng"}
	middle := []string{"Văn", "Thị", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Ngọc", "Xuân", "Thu", "Mỹ", "Thế"}
	given := []string{"An", "Ân", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hằng", "Hiếu", "Hùng",
		"Hương", "Khoa", "Lan", "Linh", "Long", "Mai", "Nam", "Nghĩa", "Ngọc", "Oanh", "Phúc", "Phượng",
		"Quân", "Quỳnh", "Sơn", "Tâm", "Thảo", "Thắng", "Thủy", "Tiến", "Trang", "Tuấn", "Uyên", "Vân",
		"Việt", "Yến", "Ánh", "Ẩn", "Ổn", "Ý", "Ước"}
	units := []string{"Đảng bộ phường Bến Nghé", "Chi bộ khu phố 3", "Đảng bộ xã Tân Lập", "Công an quận", "Hội Nông dân"}
	cats := []string{"Chính thức", "Chính thức", "Chính thức", "Đương nhiên", "Dự khuyết"}
	rows := [][]string{
		{"DANH SÁCH ĐẠI BIỂU DỰ ĐẠI HỘI"},
		{"Số TT", "Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Đơn vị", "Loại đại biểu"},
	}
	for i := range n {
		gender := "Nam"
		if i%3 == 1 {
			gender = "Nữ"
		}
		rows = append(rows, []string{strconv.Itoa(i + 1),
			fmt.Sprintf("%s %s %s", family[i%len(family)], middle[(i/3)%len(middle)], given[(i*7)%len(given)]),
			strconv.Itoa(1960 + i%40), gender, []string{"Kinh", "Tày", "Mường", "Khơ Me"}[i%4], units[i%len(units)], cats[i%len(cats)]})
	}
	return rows
}

func encodeRows(rows [][]string, enc func(string) []byte) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		for _, c := range r {
			out[i] = append(out[i], vnfonttest.AsExcel(enc(c)))
		}
	}
	return out
}

func seqIDs() func(daihoi.Delegate) string {
	n := 0
	return func(daihoi.Delegate) string { n++; return "d" + strconv.Itoa(n) }
}

func TestARollInAnOldFontIsReadAsTheRollInUnicode(t *testing.T) {
	unicode := fontRoll(300)
	want, _ := daihoi.ReadRollSheet(unicode, seqIDs())
	if err := want.Err(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		font string
		rows [][]string
	}{
		{"TCVN3", encodeRows(unicode, vnfonttest.TCVN3)},
		{"VNI", encodeRows(unicode, vnfonttest.VNI)},
	} {
		ri, fonts := daihoi.ReadRollSheet(tc.rows, seqIDs())
		if err := ri.Err(); err != nil {
			t.Fatalf("%s: %v", tc.font, err)
		}
		if !reflect.DeepEqual(ri.Roll(), want.Roll()) {
			for i, d := range ri.Roll() {
				if w := want.Roll()[i]; !reflect.DeepEqual(d, w) {
					t.Fatalf("%s: row %d reads %+v, want %+v", tc.font, i+3, d, w)
				}
			}
		}
		if fmt.Sprint(fonts.Encodings) != "["+tc.font+"]" || fonts.Mixed {
			t.Errorf("%s: encodings %v, mixed %v", tc.font, fonts.Encodings, fonts.Mixed)
		}
		// Every converted cell is shown beside the cell as stored.
		if c := fonts.Cells[0]; c.Row != 1 || c.Column != "A" || c.Text != "DANH SÁCH ĐẠI BIỂU DỰ ĐẠI HỘI" || c.Stored != tc.rows[0][0] {
			t.Errorf("%s: first converted cell %+v", tc.font, c)
		}
		// Nothing converts silently: the organiser confirms the conversion for the sheet.
		err := fonts.Refused(false)
		if vi, _ := daihoi.ErrorMessages(err); !strings.Contains(vi, "Bảng tính gõ bằng phông "+tc.font) || !strings.Contains(vi, "xác nhận chuyển đổi") {
			t.Errorf("%s: unconfirmed conversion: %v", tc.font, err)
		}
		if err := fonts.Refused(true); err != nil {
			t.Errorf("%s: confirmed conversion refused: %v", tc.font, err)
		}
	}
}

func TestAUnicodeRollAsksForNoConversion(t *testing.T) {
	rows := fontRoll(300)
	rows[5][1] = norm.NFD.String(rows[5][1]) // a name typed decomposed, on a Mac
	ri, fonts := daihoi.ReadRollSheet(rows, seqIDs())
	if fonts.Converts() || fonts.Refused(false) != nil || ri.Err() != nil {
		t.Fatalf("converts %v (%+v), refused %v, err %v", fonts.Converts(), fonts.Cells, fonts.Refused(false), ri.Err())
	}
	if got, want := ri.Roll()[3].Name, norm.NFC.String(rows[5][1]); got != want || !norm.NFC.IsNormalString(got) {
		t.Errorf("a decomposed name reads %q, want %q (NFC)", got, want)
	}
}

func TestAMixedRollIsConvertedCellByCellAndSaysSo(t *testing.T) {
	rows := fontRoll(10)
	rows[4][1] = vnfonttest.AsExcel(vnfonttest.TCVN3(rows[4][1]))
	rows[7][5] = vnfonttest.AsExcel(vnfonttest.TCVN3(rows[7][5]))
	ri, fonts := daihoi.ReadRollSheet(rows, seqIDs())
	if ri.Err() != nil || !fonts.Mixed || len(fonts.Cells) != 2 {
		t.Fatalf("err %v, mixed %v, cells %+v", ri.Err(), fonts.Mixed, fonts.Cells)
	}
	if c := fonts.Cells[0]; c.Row != 5 || c.Column != "B" || c.Text != fontRoll(10)[4][1] {
		t.Errorf("converted cell %+v", c)
	}
	if vi, en := fonts.Summary(); !strings.Contains(vi, "chuyển từng ô một") || !strings.Contains(en, "cell by cell") {
		t.Errorf("summary %q / %q", vi, en)
	}
}

func TestACharacterOfNoEncodingStopsTheImportWithItsRowAndColumn(t *testing.T) {
	rows := encodeRows(fontRoll(30), vnfonttest.TCVN3)
	rows[16][1] = "NguyÔn V¨n ±n" // row 17: «±» is neither TCVN3 nor VNI nor a Vietnamese letter
	ri, fonts := daihoi.ReadRollSheet(rows, seqIDs())
	if len(fonts.Problems) != 1 {
		t.Fatalf("problems %+v", fonts.Problems)
	}
	p := fonts.Problems[0]
	if p.Row != 17 || p.Column != "B" || !strings.Contains(p.Vi, "«±»") || !strings.Contains(p.En, "«±»") {
		t.Errorf("problem %+v, want row 17 column B naming «±»", p)
	}
	if ri.Err() == nil || ri.Roll() != nil || fonts.Refused(true) == nil {
		t.Errorf("a character of no encoding did not stop the import")
	}
}

func TestACSVSavedInAnOldFontIsReadAndOtherCSVsNotInUTF8AreNot(t *testing.T) {
	legacy := vnfonttest.TCVN3("Họ và tên;Đơn vị\nNguyễn Văn Ân;Chi bộ 1\n")
	text, ok := daihoi.LegacyCSV(legacy)
	if !ok || !strings.Contains(text, "NguyÔn V¨n ¢n") {
		t.Errorf("a TCVN3 CSV: %v %q", ok, text)
	}
	if _, ok := daihoi.LegacyCSV([]byte("H\xe7 v\xe0 t\xean\nNguy\xean\n")); ok {
		t.Error("a Latin-1 CSV with no roll's header in it read as an old font")
	}
	if _, ok := daihoi.LegacyCSV([]byte("Họ và tên\nNguyễn Văn Ân\n")); ok {
		t.Error("a UTF-8 CSV read as an old font")
	}
}
