package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/vnfont/vnfonttest"
	"github.com/daihoi/daihoi/xlsx"
)

// `daihoi template --roll` shows a roll typed in the old fonts converted, cell by cell, and
// converts it only with --convert; a character of no encoding is named with its cell.
func TestTemplateConvertsARollInAnOldFontWhenAsked(t *testing.T) {
	tcvn3 := func(s string) string { return vnfonttest.AsExcel(vnfonttest.TCVN3(s)) }
	var buf bytes.Buffer
	err := xlsx.Write(&buf,
		xlsx.Sheet{Name: "DS", Title: []string{tcvn3("DANH SÁCH ĐẠI BIỂU")}, Header: []string{tcvn3("Họ và tên"), tcvn3("Đơn vị"), "STT"},
			Rows: [][]any{{tcvn3("Nguyễn Văn Ân"), tcvn3("Chi bộ 1"), 1}, {tcvn3("Trần Thị Ánh"), tcvn3("Chi bộ 2"), 2}}},
		xlsx.Sheet{Name: "Sai", Header: []string{"Họ và tên"}, Rows: [][]any{{"Lê Văn Cường"}, {"NguyÔn V¨n ±n"}}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "ds.xlsx")
	os.WriteFile(p, buf.Bytes(), 0o600)
	// The same roll saved as CSV by an old Excel: the font's bytes, not UTF-8.
	csvFile := filepath.Join(dir, "ds.csv")
	os.WriteFile(csvFile, vnfonttest.TCVN3("Họ và tên,Đơn vị,STT\nNguyễn Văn Ân,Chi bộ 1,1\nTrần Thị Ánh,Chi bộ 2,2\n"), 0o600)

	for _, file := range []string{p, csvFile} {
		var out, errs bytes.Buffer
		if code := run([]string{"template", "--roll", file}, &out, &errs); code != 2 || out.Len() != 0 ||
			!strings.Contains(errs.String(), "«NguyÔn V¨n ¢n» → «Nguyễn Văn Ân»") || !strings.Contains(errs.String(), "--convert") ||
			!strings.Contains(errs.String(), "phông TCVN3") {
			t.Fatalf("%s without --convert: exit %d, %d bytes out, %s", file, code, out.Len(), errs.String())
		}
		out.Reset()
		errs.Reset()
		if code := run([]string{"template", "--roll", file, "--convert"}, &out, &errs); code != 0 {
			t.Fatalf("%s with --convert: exit %d %s", file, code, errs.String())
		}
		var f daihoi.CongressFile
		if err := json.Unmarshal(out.Bytes(), &f); err != nil {
			t.Fatal(err)
		}
		if len(f.Roll) != 2 || f.Roll[0].Name != "Nguyễn Văn Ân" || f.Roll[1].Name != "Trần Thị Ánh" || f.Roll[1].Unit != "Chi bộ 2" {
			t.Fatalf("%s: the roll is %+v", file, f.Roll)
		}
	}
	var out, errs bytes.Buffer
	if code := run([]string{"template", "--roll", p, "--sheet", "Sai", "--convert"}, &out, &errs); code != 2 || out.Len() != 0 ||
		!strings.Contains(errs.String(), "dòng 3: ô A3: ký tự «±»") || !strings.Contains(errs.String(), "line 3: cell A3: the character «±»") {
		t.Fatalf("a character of no encoding: exit %d, %s", code, errs.String())
	}
}
