package daihoi

import (
	"bytes"
	"encoding/csv"
	"io"
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
	rows, err := ReadCSVRows(data)
	if err != nil {
		return nil, err
	}
	ri := ReadRollRows(rows, newID) // a CSV's line is the sheet's row
	if err := ri.Err(); err != nil {
		return nil, err
	}
	return ri.Roll(), nil
}

// ReadCSVRows reads a spreadsheet saved as CSV (UTF-8, with or without Excel's byte-order mark;
// commas or semicolons) into its rows.
func ReadCSVRows(data []byte) ([][]string, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		return nil, Errorf(EINVALID, "tệp danh sách không phải UTF-8 (có lẽ lưu bằng «CSV (Comma delimited)» của Excel): hãy chọn thẳng tệp Excel (.xlsx), hoặc trong Excel lưu bằng «CSV UTF-8 (Comma delimited)»", "the roll is not UTF-8 (saved as Excel's «CSV (Comma delimited)», perhaps): choose the Excel file (.xlsx) itself, or in Excel save it as «CSV UTF-8 (Comma delimited)»")
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
	return rows, nil
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
