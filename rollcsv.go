package daihoi

import (
	"bytes"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// ReadRollCSV reads a roll kept in a spreadsheet and saved as CSV (UTF-8, with or without Excel's
// byte-order mark; commas or semicolons): one delegate a row, under a header row naming the
// columns in Vietnamese or English, in any order and without regard to case or diacritics:
//
//	Số TT (number), Họ và tên (name), Đơn vị (unit), Loại đại biểu (category: chính thức,
//	đương nhiên, dự khuyết, khách mời), Năm sinh, Giới tính, Dân tộc, Trình độ chuyên môn,
//	Lý luận chính trị
//
// The header may have a title row or two above it. The name is required; the others may be left
// out (a number left out follows the highest before it, the category is chính thức). newID gives
// each delegate its id. Every problem found is named with its line (a number twice among them), and
// no roll is returned with one.
func ReadRollCSV(r io.Reader, newID func(Delegate) string) ([]Delegate, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		return nil, Errorf(EINVALID, "tệp danh sách không phải UTF-8: trong Excel, hãy lưu bằng «CSV UTF-8 (Comma delimited)»", "the roll is not UTF-8: in Excel, save it as «CSV UTF-8 (Comma delimited)»")
	}
	data = norm.NFC.Bytes(data) // one form for "ễ", however it was typed
	cr := csv.NewReader(bytes.NewReader(data))
	if first, _, _ := bytes.Cut(data, []byte("\n")); bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		cr.Comma = ';' // Excel with a Vietnamese list separator
	}
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, Errorf(EINVALID, "tệp danh sách không đọc được như CSV: %v", "the roll is not readable as CSV: %v", err)
	}
	// The header is the first row naming a name column, among the first few: a title or a date may
	// stand above it.
	header, col := -1, map[string]int{}
	for r := 0; r < len(rows) && r < 6 && header < 0; r++ {
		found := map[string]int{}
		for i, h := range rows[r] {
			if field, ok := rollColumns[strings.Join(strings.Fields(Fold(h)), " ")]; ok {
				found[field] = i
			}
		}
		if _, ok := found["name"]; ok {
			header, col = r, found
		}
	}
	if header < 0 {
		first := ""
		if len(rows) > 0 {
			first = strings.Join(rows[0], ", ")
		}
		return nil, Errorf(EINVALID, "tệp danh sách không có cột «Họ và tên» (dòng đầu: %s)", "the roll has no «Họ và tên» (name) column (first row: %s)", first)
	}
	if len(rows) < header+2 {
		return nil, Errorf(EINVALID, "tệp danh sách cần một dòng tiêu đề và ít nhất một đại biểu", "the roll needs a header row and at least one delegate")
	}
	var p problems
	var roll []Delegate
	lineOf := map[int]int{} // number → the line that has it
	highest := 0
	for n, row := range rows[header+1:] {
		line := header + n + 2
		cell := func(field string) string {
			if i, ok := col[field]; ok && i < len(row) {
				return strings.TrimSpace(row[i])
			}
			return ""
		}
		if strings.TrimSpace(strings.Join(row, "")) == "" {
			continue // an empty row, as spreadsheets leave at the end
		}
		d := Delegate{Name: strings.Join(strings.Fields(cell("name")), " "), Unit: cell("unit"), Gender: strings.ToLower(cell("gender")),
			Ethnicity: cell("ethnicity"), Education: cell("education"), Theory: cell("theory"), Category: Official, Number: highest + 1}
		if d.Name == "" {
			p.add("dòng %d: thiếu họ tên", "line %d: no name", line)
		}
		if v := cell("number"); v != "" {
			if k, err := strconv.Atoi(v); err != nil || k <= 0 {
				p.add("dòng %d: số thứ tự %q không phải số", "line %d: the number %q is no number", line, v)
			} else {
				d.Number = k
			}
		}
		if v := cell("birth_year"); v != "" {
			if y, err := strconv.Atoi(v); err != nil || y < 1900 || y > 2100 {
				p.add("dòng %d: năm sinh %q không đúng", "line %d: the birth year %q is wrong", line, v)
			} else {
				d.BirthYear = y
			}
		}
		if v := cell("category"); v != "" {
			c, ok := rollCategories[strings.Join(strings.Fields(Fold(v)), " ")]
			if !ok {
				p.add("dòng %d: loại đại biểu %q không rõ (chính thức, đương nhiên, dự khuyết, khách mời)", "line %d: unknown category %q (chính thức, đương nhiên, dự khuyết, khách mời)", line, v)
			}
			d.Category = c
		}
		if other, ok := lineOf[d.Number]; ok {
			p.add("dòng %d: số thứ tự %d trùng với dòng %d", "line %d: the number %d is line %d's too", line, d.Number, other)
		}
		lineOf[d.Number] = line
		highest = max(highest, d.Number)
		d.ID = newID(d)
		roll = append(roll, d)
	}
	if err := p.err("Danh sách đại biểu có lỗi", "The roll has errors"); err != nil {
		return nil, err
	}
	return roll, nil
}

// rollColumns maps a header, folded, to the field it fills.
var rollColumns = map[string]string{
	"so": "number", "so tt": "number", "stt": "number", "tt": "number", "so thu tu": "number", "number": "number", "no": "number",
	"ho va ten": "name", "ho ten": "name", "ho va ten dai bieu": "name", "ho ten dai bieu": "name", "name": "name",
	"don vi": "unit", "unit": "unit",
	"loai": "category", "loai dai bieu": "category", "category": "category",
	"nam sinh": "birth_year", "birth year": "birth_year", "birth_year": "birth_year",
	"gioi tinh": "gender", "gender": "gender",
	"dan toc": "ethnicity", "ethnicity": "ethnicity",
	"trinh do chuyen mon": "education", "chuyen mon": "education", "education": "education",
	"ly luan chinh tri": "theory", "ly luan": "theory", "theory": "theory",
}

// rollCategories maps a category as a spreadsheet writes it, folded, to the roll's.
var rollCategories = map[string]Category{
	"chinh thuc": Official, "dai bieu chinh thuc": Official, "official": Official,
	"duong nhien": ExOfficio, "dai bieu duong nhien": ExOfficio, "ex_officio": ExOfficio, "ex officio": ExOfficio,
	"du khuyet": Alternate, "dai bieu du khuyet": Alternate, "alternate": Alternate,
	"khach moi": Guest, "khach": Guest, "guest": Guest,
}
