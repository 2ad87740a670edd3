package daihoi

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxRollRows is the most rows a roll or a candidate sheet may have: no congress is that large,
// and a sheet of 20,000 rows is a mistake (a whole register exported), not a roll.
const MaxRollRows = 5000

// SheetProblem is one thing wrong in a spreadsheet, where the organiser sees it: the row as the
// spreadsheet numbers it (0 for the sheet as a whole) and the column's letter ("" for the row).
type SheetProblem struct {
	Row    int    `json:"row"`
	Column string `json:"column"`
	Vi     string `json:"vi"`
	En     string `json:"en"`
}

// RollRow is one row of a roll as read: its cells as the sheet has them, the delegate they give,
// and what is wrong with it.
type RollRow struct {
	Row      int            `json:"row"`
	Cells    []string       `json:"cells"`
	Delegate Delegate       `json:"delegate"`
	Problems []SheetProblem `json:"problems,omitempty"`
}

// RollImport is a roll read from a sheet, before anything is stored: the header row, the field
// each of its columns fills ("" for a column not read), every row with a delegate, and every
// problem (the rows' and the sheet's).
type RollImport struct {
	HeaderRow int            `json:"header_row"`
	Header    []string       `json:"header"`
	Fields    []string       `json:"fields"`
	Rows      []RollRow      `json:"rows"`
	Problems  []SheetProblem `json:"problems"`
}

// ColumnName is a column's letter as a spreadsheet shows it, from 0: A, B, …, Z, AA, AB, …
func ColumnName(i int) string {
	name := ""
	for i++; i > 0; i = (i - 1) / 26 {
		name = string(rune('A'+(i-1)%26)) + name
	}
	return name
}

// ReadRollRows reads a roll from a sheet's rows (row i is the sheet's row i+1), under a header
// row naming the columns in Vietnamese or English, in any order and without regard to case or
// diacritics (the names ReadRollCSV lists), with a title row or two above it. The name is
// required; the others may be left out (a number left out follows the highest before it, the
// category is chính thức). newID gives each delegate its id. Every problem is kept with its row
// and column; the roll may be stored only when there is none (Err).
func ReadRollRows(rows [][]string, newID func(Delegate) string) RollImport {
	var ri RollImport
	sheet := func(vi, en string, args ...any) {
		ri.Problems = append(ri.Problems, SheetProblem{Vi: fmt.Sprintf(vi, args...), En: fmt.Sprintf(en, args...)})
	}
	if len(rows) > MaxRollRows {
		sheet("danh sách có hơn %d dòng: một danh sách đại hội không dài như vậy; hãy xoá các dòng thừa", "the roll has more than %d rows: no congress roll is that long; delete the rows not needed", MaxRollRows)
		return ri
	}
	header, col := findHeader(rows)
	if header < 0 {
		first := ""
		if len(rows) > 0 {
			first = strings.Join(rows[0], ", ")
		}
		sheet("tệp danh sách không có cột «Họ và tên» (dòng đầu: %s)", "the roll has no «Họ và tên» (name) column (first row: %s)", first)
		return ri
	}
	ri.HeaderRow, ri.Header = header+1, rows[header]
	ri.Fields = make([]string, len(ri.Header))
	for field, i := range col {
		ri.Fields[i] = field
	}
	rowOf := map[int]int{} // number → the row that has it
	highest := 0
	for n, cells := range rows[header+1:] {
		if strings.TrimSpace(strings.Join(cells, "")) == "" {
			continue // an empty row, as spreadsheets leave at the end
		}
		rr := RollRow{Row: header + n + 2, Cells: make([]string, len(cells))}
		for i, c := range cells {
			rr.Cells[i] = norm.NFC.String(c) // one form for "ễ", however it was typed
		}
		add := func(field, vi, en string, args ...any) {
			p := SheetProblem{Row: rr.Row, Vi: fmt.Sprintf(vi, args...), En: fmt.Sprintf(en, args...)}
			if i, ok := col[field]; ok {
				p.Column = ColumnName(i)
			}
			rr.Problems = append(rr.Problems, p)
		}
		cell := func(field string) string {
			if i, ok := col[field]; ok && i < len(rr.Cells) {
				return strings.TrimSpace(rr.Cells[i])
			}
			return ""
		}
		d := Delegate{Name: strings.Join(strings.Fields(cell("name")), " "), Unit: cell("unit"), Gender: strings.ToLower(cell("gender")),
			Ethnicity: cell("ethnicity"), Education: cell("education"), Theory: cell("theory"), Category: Official, Number: highest + 1}
		if d.Name == "" {
			add("name", "thiếu họ tên", "no name")
		}
		for _, f := range []struct {
			field, text, vi, en string
		}{{"name", d.Name, "họ tên", "the name"}, {"unit", d.Unit, "tên đơn vị", "the unit"}, {"ethnicity", d.Ethnicity, "dân tộc", "the ethnicity"},
			{"education", d.Education, "trình độ chuyên môn", "the education"}, {"theory", d.Theory, "lý luận chính trị", "the political theory"}} {
			if n := utf8.RuneCountInString(f.text); n > MaxName {
				add(f.field, f.vi+" dài quá %d ký tự (có %d ký tự)", f.en+" is longer than %d characters (it has %d)", MaxName, n)
			}
		}
		if v := cell("number"); v != "" {
			if k, err := strconv.Atoi(v); err != nil || k <= 0 {
				add("number", "số thứ tự %q không phải số", "the number %q is no number", v)
			} else {
				d.Number = k
			}
		}
		if v := cell("birth_year"); v != "" {
			if y, err := strconv.Atoi(v); err != nil || y < 1900 || y > 2100 {
				add("birth_year", "năm sinh %q không đúng", "the birth year %q is wrong", v)
			} else {
				d.BirthYear = y
			}
		}
		if v := cell("category"); v != "" {
			c, ok := rollCategories[strings.Join(strings.Fields(Fold(v)), " ")]
			if !ok {
				add("category", "loại đại biểu %q không rõ (chính thức, đương nhiên, dự khuyết, khách mời)", "unknown category %q (chính thức, đương nhiên, dự khuyết, khách mời)", v)
			}
			d.Category = c
		}
		if other, ok := rowOf[d.Number]; ok {
			add("number", "số thứ tự %d trùng với dòng %d", "the number %d is line %d's too", d.Number, other)
		}
		rowOf[d.Number] = rr.Row
		highest = max(highest, d.Number)
		d.ID = newID(d)
		rr.Delegate = d
		ri.Rows = append(ri.Rows, rr)
		ri.Problems = append(ri.Problems, rr.Problems...)
	}
	if len(ri.Rows) == 0 {
		sheet("tệp danh sách cần một dòng tiêu đề và ít nhất một đại biểu", "the roll needs a header row and at least one delegate")
	}
	return ri
}

// findHeader finds the header: the first row naming a name column, among the first few (a title
// or a date may stand above it). It returns the row's index and the column of each field it
// names, or -1.
func findHeader(rows [][]string) (int, map[string]int) {
	for r := 0; r < len(rows) && r < 6; r++ {
		found := map[string]int{}
		for i, h := range rows[r] {
			if field, ok := rollColumns[strings.Join(strings.Fields(Fold(norm.NFC.String(h))), " ")]; ok {
				if _, twice := found[field]; !twice {
					found[field] = i
				}
			}
		}
		if _, ok := found["name"]; ok {
			return r, found
		}
	}
	return -1, nil
}

// Roll is the roll read, in the sheet's order; nil when there is a problem.
func (ri RollImport) Roll() []Delegate {
	if len(ri.Problems) > 0 {
		return nil
	}
	roll := make([]Delegate, len(ri.Rows))
	for i, r := range ri.Rows {
		roll[i] = r.Delegate
	}
	return roll
}

// Err is nil when nothing is wrong; otherwise one invalid-input error naming every problem with
// its row.
func (ri RollImport) Err() error {
	return sheetErr(ri.Problems, "Danh sách đại biểu có lỗi", "The roll has errors")
}

// sheetErr is nil without problems, else one invalid-input error: what, then the problems, each
// with its row ("dòng 17: …").
func sheetErr(ps []SheetProblem, whatVi, whatEn string) error {
	var p problems
	for _, sp := range ps {
		vi, en := sp.Vi, sp.En
		if sp.Row > 0 {
			vi, en = fmt.Sprintf("dòng %d: %s", sp.Row, vi), fmt.Sprintf("line %d: %s", sp.Row, en)
		}
		p.vi, p.en = append(p.vi, vi), append(p.en, en)
	}
	return p.err(whatVi, whatEn)
}

// CandidateRow is one row of a candidate sheet as read.
type CandidateRow struct {
	Row       int            `json:"row"`
	Cells     []string       `json:"cells"`
	Candidate Candidate      `json:"candidate"`
	Problems  []SheetProblem `json:"problems,omitempty"`
}

// CandidateImport is an election's candidate list read from a sheet, before anything is stored.
type CandidateImport struct {
	HeaderRow int            `json:"header_row"`
	Header    []string       `json:"header"`
	Rows      []CandidateRow `json:"rows"`
	Problems  []SheetProblem `json:"problems"`
}

// Candidates is the list read, in the sheet's order; nil when there is a problem.
func (ci CandidateImport) Candidates() []Candidate {
	if len(ci.Problems) > 0 {
		return nil
	}
	out := make([]Candidate, len(ci.Rows))
	for i, r := range ci.Rows {
		out[i] = r.Candidate
	}
	return out
}

// Err is nil when nothing is wrong; otherwise one invalid-input error naming every problem.
func (ci CandidateImport) Err() error {
	return sheetErr(ci.Problems, "Danh sách ứng cử viên có lỗi", "The candidate list has errors")
}

// ReadCandidateRows reads an election's candidate list (danh sách bầu cử) from a sheet, under a
// header with a «Họ và tên» column (an «Đơn vị» column may tell namesakes apart; the list's own
// STT is its order, not the roll's number). A candidate on the roll is matched to the delegate by
// name (and unit); one not on the roll stands as nominated. A name twice in the list, or a name
// two people on the roll share without a unit to tell them apart, is a problem.
func ReadCandidateRows(rows [][]string, roll []Delegate) CandidateImport {
	var ci CandidateImport
	sheet := func(vi, en string, args ...any) {
		ci.Problems = append(ci.Problems, SheetProblem{Vi: fmt.Sprintf(vi, args...), En: fmt.Sprintf(en, args...)})
	}
	if len(rows) > MaxRollRows {
		sheet("danh sách có hơn %d dòng", "the list has more than %d rows", MaxRollRows)
		return ci
	}
	header, col := findHeader(rows)
	if header < 0 {
		first := ""
		if len(rows) > 0 {
			first = strings.Join(rows[0], ", ")
		}
		sheet("danh sách ứng cử viên không có cột «Họ và tên» (dòng đầu: %s)", "the candidate list has no «Họ và tên» (name) column (first row: %s)", first)
		return ci
	}
	ci.HeaderRow, ci.Header = header+1, rows[header]
	fold := func(s string) string { return strings.Join(strings.Fields(Fold(norm.NFC.String(s))), " ") }
	byName := map[string][]Delegate{}
	for _, d := range roll {
		byName[fold(d.Name)] = append(byName[fold(d.Name)], d)
	}
	rowOf := map[string]int{} // folded name and unit, or delegate id → the row that has it
	for n, cells := range rows[header+1:] {
		if strings.TrimSpace(strings.Join(cells, "")) == "" {
			continue
		}
		cr := CandidateRow{Row: header + n + 2, Cells: make([]string, len(cells))}
		for i, c := range cells {
			cr.Cells[i] = norm.NFC.String(c)
		}
		cell := func(field string) string {
			if i, ok := col[field]; ok && i < len(cr.Cells) {
				return strings.TrimSpace(cr.Cells[i])
			}
			return ""
		}
		add := func(field, vi, en string, args ...any) {
			p := SheetProblem{Row: cr.Row, Column: ColumnName(col[field]), Vi: fmt.Sprintf(vi, args...), En: fmt.Sprintf(en, args...)}
			cr.Problems = append(cr.Problems, p)
		}
		name, unit := strings.Join(strings.Fields(cell("name")), " "), cell("unit")
		cr.Candidate = Candidate{ID: CandidateID(len(ci.Rows)), Name: name}
		key := fold(name) + "|" + fold(unit)
		if n := utf8.RuneCountInString(name); name == "" {
			add("name", "thiếu họ tên", "no name")
		} else if n > MaxName {
			add("name", "họ tên dài quá %d ký tự (có %d ký tự)", "the name is longer than %d characters (it has %d)", MaxName, n)
		} else {
			var match []Delegate
			for _, d := range byName[fold(name)] {
				if unit == "" || fold(d.Unit) == fold(unit) {
					match = append(match, d)
				}
			}
			switch {
			case len(match) == 1:
				cr.Candidate.Delegate, cr.Candidate.Name = match[0].ID, match[0].Name
				key = match[0].ID
			case len(match) > 1:
				add("name", "%d người trên danh sách đại biểu cùng tên %q: ghi cột «Đơn vị» để phân biệt", "%d people on the roll are called %q: fill in the «Đơn vị» (unit) column to tell them apart", len(match), name)
			}
			if other, ok := rowOf[key]; ok {
				add("name", "%q đã có ở dòng %d", "%q is on line %d already", name, other)
			}
			rowOf[key] = cr.Row
		}
		ci.Rows = append(ci.Rows, cr)
		ci.Problems = append(ci.Problems, cr.Problems...)
	}
	if len(ci.Rows) == 0 {
		sheet("danh sách ứng cử viên cần một dòng tiêu đề và ít nhất một người", "the candidate list needs a header row and at least one person")
	}
	return ci
}

// EvRoll is the whole roll, replaced by an import from the organisers' spreadsheet.
const EvRoll = "roll"

// RollImportRefused says why the roll may no longer be replaced from a spreadsheet, or nil: once
// the first agenda item has opened the congress is sitting on that roll, and once a poll has
// fixed its base the roll is what that count stands on. Single delegates are corrected then, each
// change in the record.
func (s *State) RollImportRefused() error {
	for _, it := range s.Agenda {
		if it.State != Pending || !it.StartedAt.IsZero() {
			return Errorf(ECONFLICT, "Đại hội đã bắt đầu (mục «%s» đã mở): không nhập lại cả danh sách được nữa; hãy sửa từng đại biểu.", "The congress has begun (the item «%s» has opened): the whole roll can no longer be imported; correct single delegates instead.", it.Title)
		}
	}
	for _, p := range s.sortedPolls() {
		if p.State != Draft || p.Base > 0 {
			return Errorf(ECONFLICT, "«%s» đã chốt tổng số đại biểu (%d): không nhập lại danh sách được nữa.", "«%s» has fixed the base (%d): the roll can no longer be imported.", p.Title, p.Base)
		}
	}
	return nil
}

func (s *State) sortedPolls() []Poll {
	ps := make([]Poll, 0, len(s.Polls))
	for _, p := range s.Polls {
		ps = append(ps, p)
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].ID < ps[j].ID })
	return ps
}

// RollIDs gives the delegates of an imported roll their ids: one already on the roll with the
// same number and name keeps theirs (and so their card), anyone else gets a fresh one.
func (s *State) RollIDs(fresh func() string) func(Delegate) string {
	had := map[string]string{}
	for _, d := range s.Delegates {
		had[strconv.Itoa(d.Number)+"|"+Fold(d.Name)] = d.ID
	}
	return func(d Delegate) string {
		if id, ok := had[strconv.Itoa(d.Number)+"|"+Fold(d.Name)]; ok {
			return id
		}
		return fresh()
	}
}

// CandidateImportRefused says why an election's candidates may not be replaced from a sheet, or
// nil: only an election's, only while it is a draft (an opened poll's list is what was voted) and
// not a later round (its list comes from the round before).
func CandidateImportRefused(p Poll) error {
	if p.Kind != Election {
		return Errorf(EINVALID, "«%s» là biểu quyết, không có ứng cử viên.", "«%s» is a motion: it has no candidates.", p.Title)
	}
	if p.State != Draft {
		return Errorf(ECONFLICT, "«%s» đã mở: danh sách bầu cử không đổi được nữa.", "«%s» has opened: its candidate list can no longer change.", p.Title)
	}
	return p.editable() // a later round's list is the round before's result
}

// ImportRoll is what replacing the roll with an imported one writes: each delegate of the new
// roll, one who was on it before keeping what the door and the presidium recorded (presence, an
// exclusion from the base, an alternate's replacement), and the ids of those no longer on it. A
// candidate of an election in preparation may not leave the roll that way (the election's list
// would name nobody), nor may a replacement be left standing between people the new roll no longer
// makes an alternate and an official delegate.
func (s *State) ImportRoll(roll []Delegate) (put []Delegate, gone []string, err error) {
	in := map[string]bool{}
	for _, d := range roll {
		if old, ok := s.Delegates[d.ID]; ok {
			d.Presence, d.Reason, d.Exclusion, d.Replaces = old.Presence, old.Reason, old.Exclusion, old.Replaces
		}
		in[d.ID] = true
		put = append(put, d)
	}
	for id := range s.Delegates {
		if !in[id] {
			gone = append(gone, id)
		}
	}
	sort.Strings(gone)
	byID := map[string]Delegate{}
	for _, d := range put {
		byID[d.ID] = d
	}
	for _, d := range put {
		if d.Replaces == "" {
			continue
		}
		if r, ok := byID[d.Replaces]; !ok || r.Category != Official || d.Category != Alternate {
			replaced := s.Delegates[d.Replaces].Name
			return nil, nil, Errorf(ECONFLICT, "%s đang thay cho %s, nhưng trong danh sách mới %s không còn là đại biểu dự khuyết hoặc %s không còn là đại biểu chính thức: bỏ việc thay trước (sửa đại biểu %s), hoặc giữ như cũ trong tệp.",
				"%s replaces %s, but on the new roll %s is no longer an alternate or %s no longer an official delegate: undo the replacement first (edit %s), or keep them as they were in the file.",
				d.Name, replaced, d.Name, replaced, d.Name)
		}
	}
	for _, p := range s.sortedPolls() {
		for _, c := range p.Candidates {
			if c.Delegate != "" && !in[c.Delegate] {
				if _, had := s.Delegates[c.Delegate]; had {
					return nil, nil, Errorf(ECONFLICT, "%s là ứng cử viên của «%s» nhưng không có trong danh sách mới: bỏ người này khỏi danh sách bầu cử trước, hoặc giữ lại trong tệp (cùng số thứ tự và họ tên).",
						"%s is a candidate of «%s» but is not on the new roll: take them off the candidates first, or keep them in the file (same number and name).", c.Name, p.Title)
				}
			}
		}
	}
	return put, gone, nil
}
