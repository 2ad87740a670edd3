package report

import (
	"encoding/csv"
	"io"
)

// Spreadsheet writes CSV for the organisers' spreadsheet (Excel, LibreOffice) with nothing a
// delegate wrote able to run there: a cell that Excel would read as a formula (one that starts with
// =, +, -, @, a tab or a carriage return, such as =HYPERLINK("http://…","Bấm vào đây")) goes out
// with an apostrophe before it, which Excel shows as text and does not print. Every spreadsheet
// export writes through it.
type Spreadsheet struct{ w *csv.Writer }

// NewSpreadsheet writes CSV to w.
func NewSpreadsheet(w io.Writer) *Spreadsheet { return &Spreadsheet{csv.NewWriter(w)} }

// Write writes one row, each cell made safe.
func (s *Spreadsheet) Write(row []string) error {
	safe := make([]string, len(row))
	for i, cell := range row {
		safe[i] = SpreadsheetCell(cell)
	}
	return s.w.Write(safe)
}

// Flush writes what is buffered and returns the first error of any write.
func (s *Spreadsheet) Flush() error {
	s.w.Flush()
	return s.w.Error()
}

// SpreadsheetCell is cell as text a spreadsheet will not read as a formula.
func SpreadsheetCell(cell string) string {
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + cell
	}
	return cell
}
