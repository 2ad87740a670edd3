package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/xlsx"
)

// `daihoi template --roll ROLL.xlsx` reads the organisers' workbook as it reads their CSV: the
// title rows above the header, the columns in their order, another sheet by --sheet; a mistake is
// named with its row and no file is written.
func TestTemplateTakesTheRollFromAWorkbook(t *testing.T) {
	var buf bytes.Buffer
	err := xlsx.Write(&buf,
		xlsx.Sheet{Name: "Đại biểu", Title: []string{"ĐẢNG BỘ PHƯỜNG", "DANH SÁCH ĐẠI BIỂU"}, Header: []string{"Họ và tên", "Đơn vị", "STT", "Loại đại biểu"},
			Rows: [][]any{{"Nguyễn Văn An", "Chi bộ 1", 1, "Chính thức"}, {"Trần Thị Bích", "Đảng ủy", 2, "Đương nhiên"}}},
		xlsx.Sheet{Name: "Sai", Header: []string{"Họ và tên", "Năm sinh"}, Rows: [][]any{{"Lê Văn Cường", 1980}, {"Phạm Minh Đức", 70}}})
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "danh sách.xlsx")
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errs bytes.Buffer
	if code := run([]string{"template", "--roll", p}, &out, &errs); code != 0 {
		t.Fatalf("daihoi template --roll: %d %s", code, errs.String())
	}
	var f daihoi.CongressFile
	if err := json.Unmarshal(out.Bytes(), &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Roll) != 2 || f.Roll[1].Name != "Trần Thị Bích" || f.Roll[1].Number != 2 || f.Roll[1].Category != daihoi.ExOfficio || f.Roll[0].Unit != "Chi bộ 1" {
		t.Fatalf("the roll is %+v", f.Roll)
	}
	out.Reset()
	errs.Reset()
	if code := run([]string{"template", "--roll", p, "--sheet", "Sai"}, &out, &errs); code != 2 || out.Len() != 0 ||
		!strings.Contains(errs.String(), `dòng 3: năm sinh "70"`) || !strings.Contains(errs.String(), `line 3: the birth year "70"`) {
		t.Fatalf("a sheet with a mistake: exit %d, %d bytes out, %q", code, out.Len(), errs.String())
	}
	bad := filepath.Join(t.TempDir(), "roll.pdf")
	os.WriteFile(bad, []byte("%PDF-1.4\n\xff\xfe\x00binary"), 0o600)
	out.Reset()
	errs.Reset()
	if code := run([]string{"template", "--roll", bad}, &out, &errs); code != 2 || out.Len() != 0 || !strings.Contains(errs.String(), "không phải bảng tính") {
		t.Fatalf("not a spreadsheet: exit %d, %q", code, errs.String())
	}
}
