// Package xlsx reads and writes the organisers' spreadsheets (.xlsx, as Excel saves them): a roll
// or a candidate list to import, and the downloads they expect (an empty roll template, the roll
// with attendance, the results, the comments). It is the one package that imports excelize.
package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/daihoi/daihoi"
)

// MaxRows is the most rows a sheet may have: a congress roll is at most a few thousand people.
const MaxRows = 5000

// MaxColumns is the most columns a row may fill: a roll has a dozen or so. Excel rows reach column
// XFD (16,384), and reading a row makes a cell for every column up to its last value: a stray
// value far to the right on every row would cost gigabytes, so the first such row is refused.
const MaxColumns = 100

// MaxSize is the largest file read, in bytes.
const MaxSize = 10 << 20

// maxUnzipped bounds what a file may unzip to: a small file that unzips to gigabytes is no roll.
const maxUnzipped = 200 << 20

// Book is a workbook opened for reading.
type Book struct {
	f *excelize.File
}

// oleHeader starts an OLE compound file: an old Excel 97-2003 .xls, or an .xlsx saved with a
// password (Excel wraps the encrypted workbook in one, beside an EncryptionInfo stream).
var oleHeader = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}

// encryptionInfo is the name of that stream, in UTF-16 as the compound file writes it.
var encryptionInfo = []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o\x00")

// Open reads a workbook of at most MaxSize bytes. A file that is no workbook, an old .xls and a
// workbook saved with a password are refused, each with what to do.
func Open(r io.Reader) (*Book, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("xlsx: read: %w", err)
	}
	if len(data) > MaxSize {
		return nil, daihoi.Errorf(daihoi.EINVALID, "tệp quá lớn (tối đa %d MB)", "the file is too large (at most %d MB)", MaxSize>>20)
	}
	if len(data) == 0 {
		return nil, daihoi.Errorf(daihoi.EINVALID, "tệp rỗng: hãy chọn tệp bảng tính (.xlsx)", "the file is empty: choose a spreadsheet (.xlsx)")
	}
	if bytes.HasPrefix(data, oleHeader) {
		if bytes.Contains(data, encryptionInfo) {
			return nil, daihoi.Errorf(daihoi.EINVALID, "bảng tính có mật khẩu: trong Excel, hãy bỏ mật khẩu (Tệp › Thông tin › Bảo vệ sổ làm việc) rồi lưu lại", "the workbook is protected by a password: in Excel, remove it (File › Info › Protect Workbook) and save again")
		}
		return nil, daihoi.Errorf(daihoi.EINVALID, "tệp Excel 97-2003 (.xls): trong Excel, hãy lưu lại dạng «Sổ làm việc Excel (.xlsx)»", "an Excel 97-2003 file (.xls): in Excel, save it as «Excel Workbook (.xlsx)»")
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		return nil, daihoi.Errorf(daihoi.EINVALID, "tệp không phải bảng tính Excel (.xlsx) (có thể là tệp Word hay tệp khác đã đổi tên): hãy mở danh sách bằng Excel rồi lưu lại dạng «Sổ làm việc Excel (.xlsx)»",
			"the file is not an Excel spreadsheet (.xlsx) (a Word or other file renamed, perhaps): open the roll in Excel and save it as «Excel Workbook (.xlsx)»")
	}
	if len(f.GetSheetList()) == 0 {
		f.Close()
		return nil, daihoi.Errorf(daihoi.EINVALID, "bảng tính không có trang nào", "the workbook has no sheet")
	}
	return &Book{f: f}, nil
}

// IsWorkbook reports whether data looks like a workbook (a zip, or an OLE file) rather than text.
func IsWorkbook(data []byte) bool {
	return bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, oleHeader)
}

// Close lets the workbook's temporary files go.
func (b *Book) Close() error { return b.f.Close() }

// Sheets lists the workbook's sheets, in order; hidden ones too.
func (b *Book) Sheets() []string { return b.f.GetSheetList() }

// First is the sheet read when none is named: the first the organiser can see (a workbook may
// begin with a hidden sheet of lists its drop-downs use), or the first if all are hidden.
func (b *Book) First() string {
	sheets := b.Sheets()
	for _, s := range sheets {
		if visible, err := b.f.GetSheetVisible(s); err == nil && visible {
			return s
		}
	}
	return sheets[0]
}

// Rows reads a sheet ("" for the first visible one) as text, as Excel shows each cell: row i of the result is
// the sheet's row i+1, so a problem is named with the row the organiser sees. A sheet that does not
// exist, that holds nothing, or that has more than MaxRows rows is refused.
func (b *Book) Rows(sheet string) ([][]string, error) {
	sheets := b.Sheets()
	if sheet == "" {
		sheet = b.First()
	}
	found := false
	for _, s := range sheets {
		found = found || s == sheet
	}
	if !found {
		return nil, daihoi.Errorf(daihoi.EINVALID, "bảng tính không có trang %q (có: %s)", "the workbook has no sheet %q (it has: %s)", sheet, strings.Join(sheets, ", "))
	}
	it, err := b.f.Rows(sheet)
	if err != nil {
		return nil, daihoi.Errorf(daihoi.EINVALID, "trang %q không đọc được", "the sheet %q is not readable", sheet)
	}
	defer it.Close()
	var rows [][]string
	last := 0 // rows up to the last that holds something
	for it.Next() {
		if len(rows) == MaxRows {
			return nil, daihoi.Errorf(daihoi.EINVALID, "trang %q có hơn %d dòng: một danh sách đại hội không dài như vậy; hãy xoá các dòng thừa", "the sheet %q has more than %d rows: no congress roll is that long; delete the rows not needed", sheet, MaxRows)
		}
		cells, err := it.Columns()
		if err != nil {
			return nil, daihoi.Errorf(daihoi.EINVALID, "trang %q, dòng %d không đọc được", "the sheet %q, row %d is not readable", sheet, len(rows)+1)
		}
		for len(cells) > MaxColumns && cells[len(cells)-1] == "" {
			cells = cells[:len(cells)-1]
		}
		if len(cells) > MaxColumns {
			return nil, daihoi.Errorf(daihoi.EINVALID, "trang %q, dòng %d có dữ liệu ở cột %s: một danh sách không rộng như vậy; hãy xoá các cột thừa sau cột %s",
				"the sheet %q, row %d has data in column %s: no roll is that wide; delete the columns after %s", sheet, len(rows)+1, daihoi.ColumnName(len(cells)-1), daihoi.ColumnName(MaxColumns-1))
		}
		rows = append(rows, cells)
		if strings.TrimSpace(strings.Join(cells, "")) != "" {
			last = len(rows)
		}
	}
	if err := it.Error(); err != nil {
		return nil, daihoi.Errorf(daihoi.EINVALID, "trang %q không đọc được", "the sheet %q is not readable", sheet)
	}
	if last == 0 {
		return nil, daihoi.Errorf(daihoi.EINVALID, "trang %q trống", "the sheet %q is empty", sheet)
	}
	return rows[:last], nil
}

// Sheet is one sheet to write: a title row or two, a header, then the rows. A cell is a string,
// a number or a bool.
type Sheet struct {
	Name   string
	Title  []string // rows above the header, each in the first cell, bold
	Header []string
	Rows   [][]any
	Widths []float64 // column widths in characters; 0 or missing is Excel's own
}

// Write writes a workbook of the sheets, in order.
func Write(w io.Writer, sheets ...Sheet) error {
	if len(sheets) == 0 {
		return errors.New("xlsx: no sheet to write")
	}
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("xlsx: style: %w", err)
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE6F0"}},
		Border: []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}})
	if err != nil {
		return fmt.Errorf("xlsx: style: %w", err)
	}
	for i, s := range sheets {
		name := s.Name
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return fmt.Errorf("xlsx: sheet %q: %w", name, err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("xlsx: sheet %q: %w", name, err)
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return fmt.Errorf("xlsx: sheet %q: %w", name, err)
		}
		for c, wd := range s.Widths {
			if wd > 0 {
				if err := sw.SetColWidth(c+1, c+1, wd); err != nil {
					return fmt.Errorf("xlsx: sheet %q: %w", name, err)
				}
			}
		}
		row := 1
		put := func(cells []any, style int) error {
			cell, _ := excelize.CoordinatesToCellName(1, row)
			row++
			if style == 0 {
				return sw.SetRow(cell, cells)
			}
			styled := make([]any, len(cells))
			for i, v := range cells {
				styled[i] = excelize.Cell{StyleID: style, Value: v}
			}
			return sw.SetRow(cell, styled)
		}
		for _, t := range s.Title {
			if err := put([]any{t}, bold); err != nil {
				return fmt.Errorf("xlsx: sheet %q: %w", name, err)
			}
		}
		if len(s.Title) > 0 {
			row++ // an empty row between the title and the table, as organisers lay them out
		}
		if len(s.Header) > 0 {
			cells := make([]any, len(s.Header))
			for i, h := range s.Header {
				cells[i] = h
			}
			if err := put(cells, head); err != nil {
				return fmt.Errorf("xlsx: sheet %q: %w", name, err)
			}
		}
		for _, r := range s.Rows {
			if err := put(r, 0); err != nil {
				return fmt.Errorf("xlsx: sheet %q: %w", name, err)
			}
		}
		if err := sw.Flush(); err != nil {
			return fmt.Errorf("xlsx: sheet %q: %w", name, err)
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("xlsx: write: %w", err)
	}
	return nil
}

// ContentType is the media type of an .xlsx file.
const ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// File is a spreadsheet file read: its sheets (none for a CSV), the sheet read and its rows.
type File struct {
	Sheets []string   `json:"sheets"`
	Sheet  string     `json:"sheet"`
	Rows   [][]string `json:"-"`
}

// ReadFile reads the rows of an uploaded spreadsheet: an .xlsx workbook (the sheet named, or the
// first), or a CSV saved from one (a file named .csv, or any UTF-8 text). Anything else is refused
// as no spreadsheet.
func ReadFile(name string, data []byte, sheet string) (File, error) {
	if !IsWorkbook(data) {
		if ext := strings.ToLower(path.Ext(name)); ext == ".xlsx" || ext == ".xlsm" || ext == ".xls" {
			// A web page or a text a program saved under an Excel name: read as a CSV, its first
			// line would be taken for a header that has no name column.
			return File{}, daihoi.Errorf(daihoi.EINVALID, "tệp %q mang tên Excel (%s) nhưng không phải bảng tính Excel: hãy mở bằng Excel rồi lưu lại dạng «Sổ làm việc Excel (.xlsx)»",
				"the file %q has an Excel name (%s) but is no Excel workbook: open it in Excel and save it as «Excel Workbook (.xlsx)»", name, ext)
		}
		if !strings.HasSuffix(strings.ToLower(name), ".csv") && !utf8.Valid(data) {
			return File{}, daihoi.Errorf(daihoi.EINVALID, "tệp %q không phải bảng tính Excel (.xlsx) hay CSV", "the file %q is not an Excel spreadsheet (.xlsx) nor a CSV", name)
		}
		if len(data) > MaxSize {
			return File{}, daihoi.Errorf(daihoi.EINVALID, "tệp quá lớn (tối đa %d MB)", "the file is too large (at most %d MB)", MaxSize>>20)
		}
		if s, ok := daihoi.LegacyCSV(data); ok {
			data = []byte(s) // a CSV an old Excel saved from a sheet in TCVN3 or VNI fonts
		}
		rows, err := daihoi.ReadCSVRows(data)
		if err != nil {
			return File{}, err
		}
		for i, r := range rows {
			for len(r) > MaxColumns && r[len(r)-1] == "" {
				r = r[:len(r)-1]
			}
			if len(r) > MaxColumns {
				return File{}, daihoi.Errorf(daihoi.EINVALID, "tệp %q, dòng %d có dữ liệu ở cột %s: một danh sách không rộng như vậy; hãy xoá các cột thừa sau cột %s",
					"the file %q, row %d has data in column %s: no roll is that wide; delete the columns after %s", name, i+1, daihoi.ColumnName(len(r)-1), daihoi.ColumnName(MaxColumns-1))
			}
			rows[i] = r
		}
		if len(rows) > MaxRows {
			return File{}, daihoi.Errorf(daihoi.EINVALID, "tệp có hơn %d dòng: một danh sách đại hội không dài như vậy; hãy xoá các dòng thừa", "the file has more than %d rows: no congress roll is that long; delete the rows not needed", MaxRows)
		}
		if strings.TrimSpace(strings.Join(slices.Concat(rows...), "")) == "" {
			return File{}, daihoi.Errorf(daihoi.EINVALID, "tệp %q trống", "the file %q is empty", name)
		}
		return File{Rows: rows}, nil
	}
	b, err := Open(bytes.NewReader(data))
	if err != nil {
		return File{}, err
	}
	defer b.Close()
	f := File{Sheets: b.Sheets(), Sheet: sheet}
	if f.Sheet == "" {
		f.Sheet = b.First()
	}
	if f.Rows, err = b.Rows(f.Sheet); err != nil {
		return File{}, err
	}
	return f, nil
}
