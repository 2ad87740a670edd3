package xlsx_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/xlsx"
)

// book makes a workbook the way Excel saves one: sheets with values set cell by cell, numbers as
// numbers; opts may carry a password.
func book(t *testing.T, sheets map[string][][]any, order []string, opts ...excelize.Options) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, name := range order {
		if i == 0 {
			f.SetSheetName("Sheet1", name)
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for r, row := range sheets[name] {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf, opts...); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A roll in a workbook: the first sheet by default, another by name, numbers read as Excel shows
// them, and each row where the organiser sees it (the title rows count).
func TestReadingASheet(t *testing.T) {
	data := book(t, map[string][][]any{
		"Danh sách": {{"DANH SÁCH ĐẠI BIỂU"}, {}, {"STT", "Họ và tên", "Năm sinh"}, {1, "Nguyễn Văn An", 1970}, {2, "Trần Thị Bích", 1968}},
		"Ứng cử":    {{"Họ và tên"}, {"Lê Văn Cường"}},
	}, []string{"Danh sách", "Ứng cử"})
	b, err := xlsx.Open(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if got := strings.Join(b.Sheets(), "|"); got != "Danh sách|Ứng cử" {
		t.Fatalf("sheets %q", got)
	}
	rows, err := b.Rows("")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || rows[2][1] != "Họ và tên" || rows[3][0] != "1" || rows[4][2] != "1968" || len(rows[1]) != 0 {
		t.Fatalf("%q", rows)
	}
	rows, err = b.Rows("Ứng cử")
	if err != nil || len(rows) != 2 || rows[1][0] != "Lê Văn Cường" {
		t.Fatalf("%q %v", rows, err)
	}
}

// What the downloads write reads back as written.
func TestWritingAWorkbook(t *testing.T) {
	var buf bytes.Buffer
	err := xlsx.Write(&buf, xlsx.Sheet{Name: "Đại biểu", Title: []string{"DANH SÁCH"}, Header: []string{"STT", "Họ và tên"}, Rows: [][]any{{1, "Nguyễn Văn An"}}, Widths: []float64{6, 30}},
		xlsx.Sheet{Name: "Kết quả", Header: []string{"Cuộc bầu", "Số phiếu"}, Rows: [][]any{{"Bầu BCH", 150}}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := xlsx.Open(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	rows, err := b.Rows("Đại biểu")
	if err != nil || len(rows) != 4 || rows[0][0] != "DANH SÁCH" || rows[2][1] != "Họ và tên" || rows[3][0] != "1" {
		t.Fatalf("%q %v", rows, err)
	}
	rows, err = b.Rows("Kết quả")
	if err != nil || rows[1][1] != "150" {
		t.Fatalf("%q %v", rows, err)
	}
}

// Files that are no roll are refused, each with what to do, in both languages.
func TestBadFilesAreRefused(t *testing.T) {
	many := make([][]any, 20000)
	for i := range many {
		many[i] = []any{i + 1, "Người thứ " + strings.Repeat("x", i%3)}
	}
	cases := map[string]struct {
		data   []byte
		sheet  string
		vi, en string
	}{
		"not a spreadsheet":    {[]byte("Họ và tên,Đơn vị\nNguyễn Văn An,Chi bộ 1\n"), "", "không phải bảng tính", "not an Excel spreadsheet"},
		"an empty file":        {nil, "", "tệp rỗng", "the file is empty"},
		"a broken zip":         {[]byte("PK\x03\x04 not really"), "", "không phải bảng tính", "not an Excel spreadsheet"},
		"an old .xls":          {append([]byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}, make([]byte, 600)...), "", ".xlsx", "Excel 97-2003"},
		"a password":           {book(t, map[string][][]any{"S": {{"Họ và tên"}, {"An"}}}, []string{"S"}, excelize.Options{Password: "bimat"}), "", "có mật khẩu", "protected by a password"},
		"an empty sheet":       {book(t, map[string][][]any{"Trống": {{}, {"", " "}}}, []string{"Trống"}), "", `trang "Trống" trống`, `the sheet "Trống" is empty`},
		"no such sheet":        {book(t, map[string][][]any{"A": {{"x"}}}, []string{"A"}), "B", `không có trang "B" (có: A)`, `has no sheet "B"`},
		"twenty thousand rows": {book(t, map[string][][]any{"Dài": many}, []string{"Dài"}), "", "hơn 5000 dòng", "more than 5000 rows"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			b, err := xlsx.Open(bytes.NewReader(c.data))
			var rows [][]string
			if err == nil {
				rows, err = b.Rows(c.sheet)
				b.Close()
			}
			vi, en := daihoi.ErrorMessages(err)
			if err == nil || rows != nil || daihoi.ErrorCode(err) != daihoi.EINVALID || !strings.Contains(vi, c.vi) || !strings.Contains(en, c.en) {
				t.Fatalf("got %v (%d rows), want a refusal saying %q / %q", err, len(rows), c.vi, c.en)
			}
		})
	}
}

// A file under an Excel name that is no workbook (a web page a program saved as .xls, a Word
// document renamed .xlsx) is refused as such, with what to do, not read as a CSV whose first line
// has no name column.
func TestAFileNamedAsExcelButNotAWorkbook(t *testing.T) {
	docx := func() []byte {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		w, _ := zw.Create("[Content_Types].xml")
		w.Write([]byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`))
		w, _ = zw.Create("word/document.xml")
		w.Write([]byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Danh sách</w:t></w:r></w:p></w:body></w:document>`))
		zw.Close()
		return b.Bytes()
	}
	for _, c := range []struct {
		name, file string
		data       []byte
		vi, en     string
	}{
		{"a web page saved as .xls", "DanhSach.xls", []byte("<html><body><table><tr><td>Họ và tên</td></tr></table></body></html>"),
			`tệp "DanhSach.xls" mang tên Excel (.xls) nhưng không phải bảng tính Excel`, "open it in Excel and save it as «Excel Workbook (.xlsx)»"},
		{"a CSV renamed .xlsx", "ds.xlsx", []byte("Họ và tên\nNguyễn Văn An\n"), "mang tên Excel (.xlsx)", "has an Excel name (.xlsx)"},
		{"a Word document renamed .xlsx", "ds.xlsx", docx(), "tệp Word hay tệp khác đã đổi tên", "a Word or other file renamed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := xlsx.ReadFile(c.file, c.data, "")
			vi, en := daihoi.ErrorMessages(err)
			if f.Rows != nil || daihoi.ErrorCode(err) != daihoi.EINVALID || !strings.Contains(vi, c.vi) || !strings.Contains(en, c.en) {
				t.Fatalf("got %v (%d rows), want a refusal saying %q / %q", err, len(f.Rows), c.vi, c.en)
			}
		})
	}
	if f, err := xlsx.ReadFile("ds.csv", []byte("Họ và tên\nNguyễn Văn An\n"), ""); err != nil || len(f.Rows) != 2 {
		t.Fatalf("a CSV named .csv: %v, %d rows", err, len(f.Rows))
	}
}

// A sheet with a value in the last of Excel's columns (XFD) is refused at its first such row, with
// what to delete: reading every row to column XFD would cost gigabytes for a file of a few
// kilobytes (4,000 such rows took 13 s and 17 GB before). Formatted, empty cells out there are
// no value: they are not read.
func TestASheetAsWideAsExcelIsRefused(t *testing.T) {
	make := func(rows int, value bool) []byte {
		f := excelize.NewFile()
		defer f.Close()
		style, _ := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFFF00"}}})
		f.SetSheetRow("Sheet1", "A1", &[]any{"STT", "Họ và tên"})
		for i := 2; i <= rows+1; i++ {
			f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i), &[]any{i - 1, "Người thứ " + fmt.Sprint(i-1)})
			if value {
				f.SetCellValue("Sheet1", fmt.Sprintf("XFD%d", i), "ghi chú")
			} else {
				f.SetCellStyle("Sheet1", fmt.Sprintf("XFD%d", i), fmt.Sprintf("XFD%d", i), style)
			}
		}
		var b bytes.Buffer
		if err := f.Write(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	for _, c := range []struct {
		name   string
		data   []byte
		vi, en string
	}{
		{"a note typed in column XFD", make(3, true), `dòng 2 có dữ liệu ở cột XFD: một danh sách không rộng như vậy; hãy xoá các cột thừa sau cột CV`, "row 2 has data in column XFD"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := xlsx.ReadFile("ds.xlsx", c.data, "")
			vi, en := daihoi.ErrorMessages(err)
			if f.Rows != nil || daihoi.ErrorCode(err) != daihoi.EINVALID || !strings.Contains(vi, c.vi) || !strings.Contains(en, c.en) {
				t.Fatalf("got %v (%d rows), want a refusal saying %q / %q", err, len(f.Rows), c.vi, c.en)
			}
		})
	}
	// A CSV the same.
	wide := "STT,Họ và tên\n1,Nguyễn Văn An" + strings.Repeat(",", 200) + "x\n2,Trần Thị Bích" + strings.Repeat(",", 300) + "\n"
	if _, err := xlsx.ReadFile("ds.csv", []byte(wide), ""); !strings.Contains(fmt.Sprint(err), `tệp "ds.csv", dòng 2 có dữ liệu ở cột GT`) {
		t.Fatalf("a wide CSV: %v", err)
	}
	if f, err := xlsx.ReadFile("ds.csv", []byte(strings.Replace(wide, "x\n", "\n", 1)), ""); err != nil || len(f.Rows[2]) != 100 {
		t.Fatalf("a CSV with empty cells far right: %v", err)
	}
	// Every row formatted to column XFD reads as the roll it is.
	f, err := xlsx.ReadFile("ds.xlsx", make(300, false), "")
	if err != nil || len(f.Rows) != 301 || len(f.Rows[3]) != 2 {
		t.Fatalf("%v: %d rows, row 4 has %d cells", err, len(f.Rows), len(f.Rows[3]))
	}
}

// A workbook that begins with a hidden sheet (the lists its drop-downs use) is read from the first
// sheet the organiser sees, unless another is picked.
func TestTheFirstVisibleSheetIsRead(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "DM")
	f.SetSheetRow("DM", "A1", &[]any{"Chính thức"})
	f.NewSheet("Danh sách")
	f.SetSheetRow("Danh sách", "A1", &[]any{"STT", "Họ và tên"})
	f.SetSheetRow("Danh sách", "A2", &[]any{1, "Nguyễn Văn An"})
	f.SetActiveSheet(1) // Excel hides only a sheet not shown
	if err := f.SetSheetVisible("DM", false); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	got, err := xlsx.ReadFile("ds.xlsx", b.Bytes(), "")
	if err != nil || got.Sheet != "Danh sách" || len(got.Rows) != 2 || strings.Join(got.Sheets, "|") != "DM|Danh sách" {
		t.Fatalf("%v: sheet %q of %q, %d rows", err, got.Sheet, got.Sheets, len(got.Rows))
	}
	if got, err := xlsx.ReadFile("ds.xlsx", b.Bytes(), "DM"); err != nil || got.Rows[0][0] != "Chính thức" {
		t.Fatalf("the hidden sheet picked: %v %q", err, got.Rows)
	}
}
