package daihoi_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/daihoi/daihoi"
)

// A roll as Excel gives it: two title rows, the header on row 4, columns in another order, an
// empty row in the middle; each delegate keeps the row the organiser sees.
func TestARollReadFromSheetRows(t *testing.T) {
	rows := [][]string{
		{"ĐẢNG BỘ PHƯỜNG BẾN NGHÉ"},
		{"DANH SÁCH ĐẠI BIỂU DỰ ĐẠI HỘI"},
		{},
		{"Họ và tên", "Loại đại biểu", "STT", "Năm sinh", "Ghi chú"},
		{"Nguyễn Văn An", "Chính thức", "1", "1970", "x"},
		{},
		{"Trần Thị Bích", "Đương nhiên", "2", "1968"},
	}
	ri := daihoi.ReadRollRows(rows, byNumber)
	if err := ri.Err(); err != nil {
		t.Fatal(err)
	}
	if ri.HeaderRow != 4 || strings.Join(ri.Fields, ",") != "name,category,number,birth_year," {
		t.Fatalf("header row %d, fields %q", ri.HeaderRow, ri.Fields)
	}
	roll := ri.Roll()
	if len(roll) != 2 || ri.Rows[0].Row != 5 || ri.Rows[1].Row != 7 || roll[1].Category != daihoi.ExOfficio || roll[1].BirthYear != 1968 || roll[1].ID != "d2" {
		t.Fatalf("%+v", ri.Rows)
	}
}

// Every problem of a roll is kept with its row and its column, and no roll comes out of it.
func TestEveryProblemOfARollHasItsRowAndColumn(t *testing.T) {
	cases := []struct {
		name       string
		row        []string // under the header Số TT | Họ và tên | Năm sinh | Loại đại biểu (row 3)
		wantRow    int
		wantColumn string
		vi, en     string
	}{
		{"a birth year of two digits", []string{"5", "Nguyễn Văn An", "70", ""}, 5, "C", `năm sinh "70" không đúng`, `the birth year "70" is wrong`},
		{"an unknown category", []string{"5", "Nguyễn Văn An", "1970", "danh dự"}, 5, "D", `loại đại biểu "danh dự" không rõ`, `unknown category "danh dự"`},
		{"a number that is a word", []string{"năm", "Nguyễn Văn An", "", ""}, 5, "A", `số thứ tự "năm"`, `the number "năm"`},
		{"a row without a name", []string{"5", "", "1970", ""}, 5, "B", "thiếu họ tên", "no name"},
		{"a number twice", []string{"1", "Nguyễn Văn An", "", ""}, 5, "A", "số thứ tự 1 trùng với dòng 4", "the number 1 is line 4's too"},
		{"a name longer than a card holds (a paragraph pasted in the cell)", []string{"5", strings.Repeat("Nguyễn Văn An ", 10), "", ""}, 5, "B",
			"họ tên dài quá 120 ký tự (có 139 ký tự)", "the name is longer than 120 characters (it has 139)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rows := [][]string{{"DANH SÁCH"}, {}, {"Số TT", "Họ và tên", "Năm sinh", "Loại đại biểu"}, {"1", "Lê Văn Cường", "1980", "chính thức"}, c.row}
			ri := daihoi.ReadRollRows(rows, byNumber)
			if len(ri.Problems) != 1 || ri.Roll() != nil {
				t.Fatalf("problems %+v", ri.Problems)
			}
			p := ri.Problems[0]
			if p.Row != c.wantRow || p.Column != c.wantColumn || !strings.Contains(p.Vi, c.vi) || !strings.Contains(p.En, c.en) {
				t.Fatalf("%+v, want row %d column %s saying %q / %q", p, c.wantRow, c.wantColumn, c.vi, c.en)
			}
			if len(ri.Rows) != 2 || len(ri.Rows[1].Problems) != 1 {
				t.Fatalf("the row with the problem is not shown with it: %+v", ri.Rows)
			}
			vi, en := daihoi.ErrorMessages(ri.Err())
			if !strings.Contains(vi, fmt.Sprintf("dòng %d: %s", c.wantRow, c.vi)) || !strings.Contains(en, fmt.Sprintf("line %d: %s", c.wantRow, c.en)) {
				t.Fatalf("error %q / %q", vi, en)
			}
		})
	}
}

// A sheet of 20,000 rows is a register exported by mistake, not a roll.
func TestARollOfTwentyThousandRowsIsRefused(t *testing.T) {
	rows := [][]string{{"Họ và tên"}}
	for i := range 20000 {
		rows = append(rows, []string{fmt.Sprint("Người ", i)})
	}
	ri := daihoi.ReadRollRows(rows, byNumber)
	vi, en := daihoi.ErrorMessages(ri.Err())
	if ri.Roll() != nil || len(ri.Rows) != 0 || !strings.Contains(vi, "hơn 5000 dòng") || !strings.Contains(en, "more than 5000 rows") {
		t.Fatalf("%q / %q", vi, en)
	}
}

func TestColumnNames(t *testing.T) {
	for i, want := range map[int]string{0: "A", 3: "D", 25: "Z", 26: "AA", 27: "AB", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA"} {
		if got := daihoi.ColumnName(i); got != want {
			t.Errorf("column %d is %q, want %q", i, got, want)
		}
	}
}

// An election's candidate list from a sheet, matched to the roll.
func TestCandidatesReadFromASheet(t *testing.T) {
	roll := []daihoi.Delegate{
		{ID: "d1", Number: 1, Name: "Nguyễn Văn An", Unit: "Chi bộ 1"},
		{ID: "d2", Number: 2, Name: "Trần Thị Bích", Unit: "Chi bộ 2"},
		{ID: "d3", Number: 3, Name: "Lê Văn Cường", Unit: "Chi bộ 3"},
		{ID: "d4", Number: 4, Name: "Lê Văn Cường", Unit: "Chi bộ 4"},
	}
	head := []string{"STT", "Họ và tên", "Đơn vị"}
	cases := []struct {
		name    string
		rows    [][]string
		want    string // candidates as id:name@delegate
		problem string // the first problem, "row column: vi"
	}{
		{"a delegate on the roll is matched by name, however it is typed",
			[][]string{head, {"1", "TRẦN THỊ  BÍCH", ""}, {"2", "nguyễn văn an", ""}}, "c01:Trần Thị Bích@d2 c02:Nguyễn Văn An@d1", ""},
		{"a person not on the roll stands as nominated",
			[][]string{head, {"1", "Phạm Minh Đức", "Thành ủy"}}, "c01:Phạm Minh Đức@", ""},
		{"namesakes on the roll are told apart by the unit",
			[][]string{head, {"1", "Lê Văn Cường", "Chi bộ 4"}}, "c01:Lê Văn Cường@d4", ""},
		{"namesakes without a unit are a problem",
			[][]string{head, {"1", "Lê Văn Cường", ""}}, "", "2 B: 2 người trên danh sách đại biểu cùng tên"},
		{"a name twice in the list is a problem",
			[][]string{{"DANH SÁCH BẦU CỬ"}, head, {"1", "Nguyễn Văn An"}, {"2", "Nguyễn Văn An"}}, "", `4 B: "Nguyễn Văn An" đã có ở dòng 3`},
		{"a row without a name is a problem",
			[][]string{head, {"1", "Nguyễn Văn An"}, {"2", "", "Chi bộ 2"}}, "", "3 B: thiếu họ tên"},
		{"a name longer than a ballot holds is a problem",
			[][]string{head, {"1", strings.Repeat("Phạm Minh Đức ", 10)}}, "", "2 B: họ tên dài quá 120 ký tự (có 139 ký tự)"},
		{"a sheet without a name column is a problem",
			[][]string{{"STT", "Tên"}, {"1", "An"}}, "", "0 : danh sách ứng cử viên không có cột «Họ và tên»"},
		{"a header and nobody is a problem",
			[][]string{head}, "", "0 : danh sách ứng cử viên cần một dòng tiêu đề và ít nhất một người"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ci := daihoi.ReadCandidateRows(c.rows, roll)
			var got []string
			for _, cand := range ci.Candidates() {
				got = append(got, cand.ID+":"+cand.Name+"@"+cand.Delegate)
			}
			first := ""
			if len(ci.Problems) > 0 {
				p := ci.Problems[0]
				first = fmt.Sprintf("%d %s: %s", p.Row, p.Column, p.Vi)
			}
			if strings.Join(got, " ") != c.want || !strings.HasPrefix(first, c.problem) || (c.problem == "") != (first == "") {
				t.Fatalf("candidates %q, first problem %q; want %q and %q", got, first, c.want, c.problem)
			}
			if (ci.Err() == nil) != (c.problem == "") {
				t.Fatalf("Err %v", ci.Err())
			}
		})
	}
}

// The whole roll may be imported again until the congress sits on it.
func TestWhenTheRollMayBeImportedAgain(t *testing.T) {
	item := func(state daihoi.ItemState) daihoi.AgendaItem {
		return daihoi.AgendaItem{ID: "a1", Title: "Khai mạc", State: state}
	}
	cases := []struct {
		name   string
		agenda []daihoi.AgendaItem
		poll   *daihoi.Poll
		refuse string
	}{
		{"before anything opens, the roll is imported again", []daihoi.AgendaItem{item(daihoi.Pending)}, &daihoi.Poll{ID: "p1", Title: "Bầu BCH", Kind: daihoi.Election, State: daihoi.Draft}, ""},
		{"once the first agenda item opens, it is refused", []daihoi.AgendaItem{item(daihoi.Current)}, nil, "mục «Khai mạc» đã mở"},
		{"a skipped item has been dealt with: refused", []daihoi.AgendaItem{item(daihoi.Skipped)}, nil, "mục «Khai mạc» đã mở"},
		{"once a poll has fixed its base, it is refused", nil, &daihoi.Poll{ID: "p1", Title: "Bầu BCH", Kind: daihoi.Election, State: daihoi.Open, Base: 150}, "«Bầu BCH» đã chốt tổng số đại biểu (150)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := daihoi.NewState()
			st.Agenda = c.agenda
			if c.poll != nil {
				st.Polls[c.poll.ID] = *c.poll
			}
			err := st.RollImportRefused()
			vi, _ := daihoi.ErrorMessages(err)
			if (c.refuse == "") != (err == nil) || (err != nil && (!strings.Contains(vi, c.refuse) || daihoi.ErrorCode(err) != daihoi.ECONFLICT)) {
				t.Fatalf("got %v, want a refusal saying %q", err, c.refuse)
			}
		})
	}
}

// A delegate already on the roll keeps their id (and card) when the same sheet comes in again.
func TestAnImportedRollKeepsTheIDsItHad(t *testing.T) {
	st := daihoi.NewState()
	st.Delegates["x1"] = daihoi.Delegate{ID: "x1", Number: 1, Name: "Nguyễn Văn An"}
	st.Delegates["x2"] = daihoi.Delegate{ID: "x2", Number: 2, Name: "Trần Thị Bích"}
	n := 0
	ids := st.RollIDs(func() string { n++; return fmt.Sprint("new", n) })
	got := []string{ids(daihoi.Delegate{Number: 1, Name: "NGUYỄN VĂN AN"}), ids(daihoi.Delegate{Number: 2, Name: "Trần Thị Bình"}), ids(daihoi.Delegate{Number: 3, Name: "Lê Văn Cường"})}
	if strings.Join(got, " ") != "x1 new1 new2" {
		t.Fatalf("%q", got)
	}
}

// An election's candidates come from a sheet only while it is a draft.
func TestWhenCandidatesMayBeImported(t *testing.T) {
	for _, c := range []struct {
		poll   daihoi.Poll
		refuse string
	}{
		{daihoi.Poll{Title: "Bầu BCH", Kind: daihoi.Election, State: daihoi.Draft}, ""},
		{daihoi.Poll{Title: "Bầu BCH", Kind: daihoi.Election, State: daihoi.Open}, "«Bầu BCH» đã mở"},
		{daihoi.Poll{Title: "Thông qua nghị quyết", Kind: daihoi.Motion, State: daihoi.Draft}, "là biểu quyết"},
		{daihoi.Poll{Title: "Bầu BCH (vòng 2)", Kind: daihoi.Election, State: daihoi.Draft, Round: 2, Previous: "p1"}, "là vòng sau của một cuộc bầu cử"},
	} {
		err := daihoi.CandidateImportRefused(c.poll)
		vi, _ := daihoi.ErrorMessages(err)
		if (c.refuse == "") != (err == nil) || (err != nil && !strings.Contains(vi, c.refuse)) {
			t.Errorf("%+v: got %v, want %q", c.poll, err, c.refuse)
		}
	}
}

// An imported roll keeps what the door recorded for those still on it, and may not drop a
// candidate of an election in preparation.
func TestAnImportedRollAndWhatWasRecorded(t *testing.T) {
	st := daihoi.NewState()
	st.Delegates["x1"] = daihoi.Delegate{ID: "x1", Number: 1, Name: "Nguyễn Văn An", Presence: daihoi.Present}
	st.Delegates["x2"] = daihoi.Delegate{ID: "x2", Number: 2, Name: "Trần Thị Bích", Exclusion: daihoi.Suspended}
	put, gone, err := st.ImportRoll([]daihoi.Delegate{{ID: "x1", Number: 1, Name: "Nguyễn Văn An", Unit: "Chi bộ 1"}, {ID: "n3", Number: 3, Name: "Lê Văn Cường"}})
	if err != nil || len(put) != 2 || put[0].Presence != daihoi.Present || put[0].Unit != "Chi bộ 1" || strings.Join(gone, ",") != "x2" {
		t.Fatalf("put %+v, gone %q, %v", put, gone, err)
	}
	st.Polls["p1"] = daihoi.Poll{ID: "p1", Title: "Bầu BCH", Kind: daihoi.Election, State: daihoi.Draft, Candidates: []daihoi.Candidate{{ID: "c01", Name: "Trần Thị Bích", Delegate: "x2"}}}
	_, _, err = st.ImportRoll([]daihoi.Delegate{{ID: "x1", Number: 1, Name: "Nguyễn Văn An"}})
	if vi, _ := daihoi.ErrorMessages(err); !strings.Contains(vi, "Trần Thị Bích là ứng cử viên của «Bầu BCH»") {
		t.Fatalf("dropping a candidate: %v", err)
	}
}

// A replacement the organisers recorded stands only between an alternate and an official delegate:
// a new roll that drops the person replaced, or makes the alternate official, is refused with
// what to do, rather than leaving a replacement the base would count wrong.
func TestAnImportedRollAndAReplacement(t *testing.T) {
	official := daihoi.Delegate{ID: "x1", Number: 1, Name: "Nguyễn Văn An", Category: daihoi.Official}
	alternate := daihoi.Delegate{ID: "x2", Number: 2, Name: "Trần Thị Bích", Category: daihoi.Alternate}
	third := daihoi.Delegate{ID: "n3", Number: 3, Name: "Lê Văn Cường", Category: daihoi.Official}
	asOfficial := alternate
	asOfficial.Category = daihoi.Official
	asGuest := official
	asGuest.Category = daihoi.Guest
	for _, c := range []struct {
		name   string
		roll   []daihoi.Delegate
		refuse string
	}{
		{"both as they were: the replacement is kept", []daihoi.Delegate{official, alternate, third}, ""},
		{"the person replaced is no longer on the roll", []daihoi.Delegate{alternate, third}, "Trần Thị Bích đang thay cho Nguyễn Văn An"},
		{"the alternate is made official", []daihoi.Delegate{official, asOfficial}, "Trần Thị Bích đang thay cho Nguyễn Văn An"},
		{"the person replaced is made a guest", []daihoi.Delegate{asGuest, alternate}, "Trần Thị Bích đang thay cho Nguyễn Văn An"},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := daihoi.NewState()
			st.Delegates["x1"] = official
			replacing := alternate
			replacing.Replaces = "x1"
			st.Delegates["x2"] = replacing
			put, _, err := st.ImportRoll(c.roll)
			vi, en := daihoi.ErrorMessages(err)
			if c.refuse == "" {
				if err != nil || put[1].Replaces != "x1" {
					t.Fatalf("put %+v, %v", put, err)
				}
				return
			}
			if put != nil || !strings.Contains(vi, c.refuse) || !strings.Contains(en, "Trần Thị Bích replaces Nguyễn Văn An") {
				t.Fatalf("put %+v, %q / %q; want %q", put, vi, en, c.refuse)
			}
		})
	}
}
