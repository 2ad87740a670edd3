package daihoi

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/daihoi/daihoi/vnfont"
)

// Many Party committees' offices keep rolls typed years ago in the old Vietnamese fonts: TCVN3
// (ABC: .VnTime, .VnArial, .VnTimeH) or VNI (VNI-Times). Such a sheet stores «Nguyễn Văn Ân» as
// «NguyÔn V¨n ¢n»; imported as it is, the roll, the ballots, the cards and the minutes would carry
// broken names and the ballot order would be wrong. The imports read every cell, convert the ones
// kept in an old font to Unicode, show each beside the cell as stored, and store nothing until the
// organiser has confirmed the conversion for the sheet.

// LegacyCell is one cell kept in an old font: where it is, as stored, and as converted.
type LegacyCell struct {
	Row      int    `json:"row"`
	Column   string `json:"column"`
	Stored   string `json:"stored"`
	Text     string `json:"text"`
	Encoding string `json:"encoding"`
}

// SheetFonts is what a sheet's old fonts ask of the organiser: the cells to convert, whether the
// sheet mixes encodings (converted cell by cell then), and the characters that belong to no
// encoding, each with its row and column.
type SheetFonts struct {
	Encodings []string       `json:"encodings"`
	Mixed     bool           `json:"mixed"`
	Cells     []LegacyCell   `json:"cells"`
	Problems  []SheetProblem `json:"problems"`
	// Vi and En say what the conversion does (Summary), for the organiser to confirm.
	Vi     string `json:"vi,omitempty"`
	En     string `json:"en,omitempty"`
	rows   [][]string
	header int // the header's row, once the roll or list is read; 0 before
}

// ReadSheetFonts reads every cell of a sheet's rows (row i is the sheet's row i+1) in the encoding
// it was kept in, column by column: Unicode (precomposed or decomposed), TCVN3 or VNI.
func ReadSheetFonts(rows [][]string) SheetFonts {
	s := vnfont.ReadSheet(rows)
	sf := SheetFonts{Mixed: s.Mixed(), rows: s.Text(), Encodings: []string{}, Cells: []LegacyCell{}, Problems: []SheetProblem{}}
	for _, e := range s.Encodings() {
		sf.Encodings = append(sf.Encodings, e.String())
	}
	for i, r := range s.Cells {
		for j, c := range r {
			if c.Converted() && c.Text != c.Stored {
				sf.Cells = append(sf.Cells, LegacyCell{Row: i + 1, Column: ColumnName(j), Stored: c.Stored, Text: c.Text, Encoding: c.Encoding.String()})
			}
		}
	}
	for _, p := range s.Unknown() {
		sf.Problems = append(sf.Problems, SheetProblem{Row: p.Row + 1, Column: ColumnName(p.Col),
			Vi: fmt.Sprintf("ô %s%d: ký tự «%c» (thứ %d trong ô) không thuộc bảng mã nào (Unicode, TCVN3, VNI)", ColumnName(p.Col), p.Row+1, p.Err.Rune, p.Err.Pos),
			En: fmt.Sprintf("cell %s%d: the character «%c» (number %d in the cell) belongs to no encoding (Unicode, TCVN3, VNI)", ColumnName(p.Col), p.Row+1, p.Err.Rune, p.Err.Pos)})
	}
	sf.Vi, sf.En = sf.Summary()
	return sf
}

// Rows gives the sheet's rows in Unicode NFC, the cells in an old font converted.
func (sf SheetFonts) Rows() [][]string { return sf.rows }

// Converts reports whether the sheet has cells in an old font.
func (sf SheetFonts) Converts() bool { return len(sf.Cells) > 0 }

// Summary says, in both languages, what the conversion does: the encodings, how many cells, one
// example, and whether the sheet is converted cell by cell.
func (sf SheetFonts) Summary() (vi, en string) {
	if !sf.Converts() {
		return "", ""
	}
	encs := strings.Join(sf.Encodings, ", ")
	// The example is a cell under the header (as read, or else the first row with two cells
	// converted), a name rather than a title or a column's heading.
	ex, perRow, header := sf.Cells[0], map[int]int{}, sf.header
	for _, c := range sf.Cells {
		if perRow[c.Row]++; perRow[c.Row] == 2 && header == 0 {
			header = c.Row
		}
	}
	for _, c := range sf.Cells {
		if header > 0 && c.Row > header {
			ex = c
			break
		}
	}
	vi = fmt.Sprintf("Bảng tính gõ bằng phông %s: %d ô sẽ được chuyển sang Unicode, ví dụ «%s» → «%s».", encs, len(sf.Cells), ex.Stored, ex.Text)
	en = fmt.Sprintf("The sheet was typed in %s fonts: %d cells will be converted to Unicode, e.g. «%s» → «%s».", encs, len(sf.Cells), ex.Stored, ex.Text)
	if sf.Mixed {
		vi += " Bảng tính trộn nhiều bảng mã: chuyển từng ô một."
		en += " The sheet mixes encodings: it is converted cell by cell."
	}
	return vi, en
}

// Refused says why the sheet may not be stored yet, or nil: a character of no encoding stops the
// import, and cells in an old font are converted only once the organiser has confirmed it.
func (sf SheetFonts) Refused(confirmed bool) error {
	if len(sf.Problems) > 0 {
		return sheetErr(sf.Problems, "Bảng tính có ký tự không đọc được", "The sheet has characters that cannot be read")
	}
	if sf.Converts() && !confirmed {
		vi, en := sf.Summary()
		return Errorf(EINVALID, "%[1]s Hãy xem lại tên đã chuyển và xác nhận chuyển đổi.", "%[2]s Check the converted names and confirm the conversion.", vi, en)
	}
	return nil
}

// ReadRollSheet reads a roll from a sheet as the office kept it: the cells in an old font
// converted (ReadSheetFonts), then the roll (ReadRollRows). A character of no encoding is one of
// the import's problems, so nothing is stored with one.
func ReadRollSheet(rows [][]string, newID func(Delegate) string) (RollImport, SheetFonts) {
	sf := ReadSheetFonts(rows)
	ri := ReadRollRows(sf.Rows(), newID)
	ri.Problems = append(append([]SheetProblem{}, sf.Problems...), ri.Problems...)
	sf.header = ri.HeaderRow
	sf.Vi, sf.En = sf.Summary()
	return ri, sf
}

// ReadCandidateSheet reads an election's candidate list from a sheet as the office kept it, as
// ReadRollSheet reads a roll.
func ReadCandidateSheet(rows [][]string, roll []Delegate) (CandidateImport, SheetFonts) {
	sf := ReadSheetFonts(rows)
	ci := ReadCandidateRows(sf.Rows(), roll)
	ci.Problems = append(append([]SheetProblem{}, sf.Problems...), ci.Problems...)
	sf.header = ci.HeaderRow
	sf.Vi, sf.En = sf.Summary()
	return ci, sf
}

// LegacyCSV reads a CSV that is not UTF-8 — one an old Excel saved, in the ANSI code page, from a
// sheet typed in TCVN3 or VNI fonts — as the characters Windows shows for its bytes, which the
// import then converts as it converts an .xlsx's cells, once the organiser has seen and confirmed
// it. ok is false for UTF-8, and for a file with no cell in an old font, a character of none, or
// no header naming a name column once converted (ReadCSVRows refuses it then as not UTF-8).
func LegacyCSV(data []byte) (text string, ok bool) {
	if utf8.Valid(data) {
		return "", false
	}
	text = vnfont.AsRead(data)
	cr := csv.NewReader(strings.NewReader(text))
	if first, _, _ := bytes.Cut(data, []byte("\n")); bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		return "", false
	}
	// Converted, it must read as a roll or a list: a header naming a name column («Hä vµ tªn»).
	s := vnfont.ReadSheet(rows)
	header, _ := findHeader(s.Text())
	return text, len(s.Encodings()) > 0 && len(s.Unknown()) == 0 && header >= 0
}
