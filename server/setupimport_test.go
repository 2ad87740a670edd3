package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
	"github.com/daihoi/daihoi/internal/testserver"
	"github.com/daihoi/daihoi/server"
	"github.com/daihoi/daihoi/xlsx"
)

// send posts a spreadsheet as the setup screen does (multipart: file, sheet, confirm) and decodes
// a good answer into out; an error answer comes back with its status and messages.
func upload(t *testing.T, c *client.Client, path, name string, data []byte, fields map[string]string, out any) (int, error) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.BaseURL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 400 {
		var eb daihoi.ErrorBody
		json.Unmarshal(b, &eb)
		return resp.StatusCode, &client.StatusError{Status: resp.StatusCode, Err: &daihoi.Error{Code: eb.Code, Vi: eb.Message, En: eb.MessageEn}}
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s: %v: %s", path, err, b)
		}
	}
	return resp.StatusCode, nil
}

// download gets an .xlsx and reads its sheet's rows.
func download(t *testing.T, c *client.Client, path, sheet string) [][]string {
	t.Helper()
	resp, err := c.HTTP.Get(c.BaseURL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != xlsx.ContentType || !strings.Contains(resp.Header.Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("%s: %s %q %s", path, resp.Status, resp.Header.Get("Content-Type"), data)
	}
	f, err := xlsx.ReadFile("x.xlsx", data, sheet)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return f.Rows
}

// rollBook is a workbook of n delegates under two title rows, the columns in the organisers'
// order; bad, if given, changes a row's cells (by the sheet's row number) in a second sheet.
func rollBook(t *testing.T, n int, bad map[int][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	fill := func(sheet string, bad map[int][]any) {
		f.SetCellValue(sheet, "A1", "ĐẢNG BỘ PHƯỜNG BẾN THÀNH")
		f.SetCellValue(sheet, "A2", "DANH SÁCH ĐẠI BIỂU")
		f.SetSheetRow(sheet, "A4", &[]any{"Họ và tên", "Đơn vị", "STT", "Năm sinh", "Loại đại biểu"})
		for i := range n {
			row := []any{fmt.Sprintf("Đại biểu Số %d", i+1), fmt.Sprintf("Chi bộ %d", i%20+1), i + 1, 1960 + i%40, "Chính thức"}
			if b, ok := bad[i+5]; ok {
				row = b
			}
			f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+5), &row)
		}
	}
	fill("Sheet1", nil)
	if bad != nil {
		f.NewSheet("Sai")
		fill("Sai", bad)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The organiser previews a roll from their workbook (every row, every problem with its row and
// column), a sheet with problems stores nothing, and the good sheet replaces the roll in one change.
func TestTheRollIsImportedFromAWorkbook(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	org := h.Login("bantochuc")
	before := len(testserver.Must(org.State(ctx)).Roll)
	book := rollBook(t, 60, map[int][]any{17: {"Lê Văn Sai", "Chi bộ 1", 13, "19x5", "Chính thức"}, 40: {"Trần Văn Lạ", "Chi bộ 2", 36, 1970, "Đại biểu danh dự"}})

	var p server.RollPreview
	if _, err := upload(t, org, "/api/setup/roll/preview", "danh sach.xlsx", book, map[string]string{"sheet": "Sai"}, &p); err != nil {
		t.Fatal(err)
	}
	if strings.Join(p.Sheets, "|") != "Sheet1|Sai" || p.Sheet != "Sai" || p.HeaderRow != 4 || len(p.Rows) != 60 || p.Replaces != before || p.Refused != nil {
		t.Fatalf("preview: sheets %q %q, header row %d, %d rows, replaces %d, refused %v", p.Sheets, p.Sheet, p.HeaderRow, len(p.Rows), p.Replaces, p.Refused)
	}
	got := fmt.Sprint(p.Problems)
	if len(p.Problems) != 2 || p.Problems[0].Row != 17 || p.Problems[0].Column != "D" || p.Problems[1].Row != 40 || p.Problems[1].Column != "E" ||
		!strings.Contains(p.Problems[0].Vi, `năm sinh "19x5"`) || !strings.Contains(p.Problems[1].En, `unknown category "Đại biểu danh dự"`) {
		t.Fatalf("problems %s", got)
	}
	status, err := upload(t, org, "/api/setup/roll", "danh sach.xlsx", book, map[string]string{"sheet": "Sai", "confirm": "1"}, nil)
	testserver.WantStatus(t, "a sheet with problems", err, 400)
	testserver.WantBothSay(t, err, `dòng 17: năm sinh "19x5"`, `line 40: unknown category`)
	if status != 400 || len(testserver.Must(org.State(ctx)).Roll) != before {
		t.Fatalf("a sheet with problems changed the roll")
	}
	_, err = upload(t, org, "/api/setup/roll", "danh sach.xlsx", book, nil, nil)
	testserver.WantBothSay(t, err, "hãy xem trước", "preview the roll")
	// A CSV saved from Excel previews the same way, without sheets.
	var c server.RollPreview
	csv := "\ufeffDANH SÁCH;;\nSố TT;Họ và tên;Năm sinh\n1;Nguyễn Văn An;1970\n2;Trần Thị Bích;68\n"
	if _, err := upload(t, org, "/api/setup/roll/preview", "ds.csv", []byte(csv), nil, &c); err != nil {
		t.Fatal(err)
	}
	if len(c.Sheets) != 0 || len(c.Rows) != 2 || len(c.Problems) != 1 || c.Problems[0].Row != 4 || c.Problems[0].Column != "C" {
		t.Fatalf("CSV preview: sheets %q, %d rows, problems %+v", c.Sheets, len(c.Rows), c.Problems)
	}

	// The demo's elections name people of the demo's roll: the new roll may not drop them.
	_, err = upload(t, org, "/api/setup/roll", "danh sach.xlsx", book, map[string]string{"confirm": "1"}, nil)
	testserver.WantStatus(t, "a roll without the candidates", err, 409)
	testserver.WantBothSay(t, err, "là ứng cử viên của", "is a candidate of")
	for _, p := range testserver.Must(org.State(ctx)).Polls {
		if len(p.Candidates) > 0 {
			if err := org.Do(ctx, "DELETE", "/api/setup/polls/"+p.ID, nil, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	stream := testserver.Must(h.Login("dontiep").Connect(ctx, 0))
	defer stream.Close()
	stream.SetReadDeadline(time.Now().Add(20 * time.Second))
	var res struct{ Imported, Removed int }
	if _, err := upload(t, org, "/api/setup/roll", "danh sach.xlsx", book, map[string]string{"confirm": "1"}, &res); err != nil {
		t.Fatal(err)
	}
	roll := testserver.Must(org.State(ctx)).Roll
	if res.Imported != 60 || res.Removed != before || len(roll) != 60 || roll[16].Name != "Đại biểu Số 17" || roll[16].Unit != "Chi bộ 17" || roll[16].BirthYear != 1976 {
		t.Fatalf("imported %+v; roll of %d: %+v", res, len(roll), roll[16])
	}
	// The check-in desk hears of the new roll in one event.
	for {
		m, err := stream.Next()
		if err != nil {
			t.Fatal(err)
		}
		if m.Type == "event" && m.Event != nil && m.Event.Type == daihoi.EvRoll {
			var r []daihoi.Delegate
			json.Unmarshal(m.Event.Data, &r)
			if len(r) != 60 || m.Event.Actor == "" {
				t.Fatalf("the roll event has %d people, by %q", len(r), m.Event.Actor)
			}
			break
		}
	}
	// The same sheet again keeps everyone's id (and card).
	upload(t, org, "/api/setup/roll", "danh sach.xlsx", book, map[string]string{"confirm": "1"}, &res)
	if again := testserver.Must(org.State(ctx)).Roll; again[16].ID != roll[16].ID || res.Removed != 0 {
		t.Fatalf("the same sheet gave new ids or removed %d", res.Removed)
	}
}

// Files that are no roll get a clear message, the right status, and change nothing.
func TestBadRollFilesChangeNothing(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	org := h.Login("bantochuc")
	before := testserver.Must(org.State(ctx)).Roll
	workbook := func(rows int, opts ...excelize.Options) []byte {
		f := excelize.NewFile()
		defer f.Close()
		if rows > 0 {
			sw, _ := f.NewStreamWriter("Sheet1")
			sw.SetRow("A1", []any{"Họ và tên", "Đơn vị"})
			for i := 2; i <= rows+1; i++ {
				sw.SetRow(fmt.Sprintf("A%d", i), []any{fmt.Sprint("Người ", i), "Chi bộ 1"})
			}
			sw.Flush()
		}
		var buf bytes.Buffer
		f.Write(&buf, opts...)
		return buf.Bytes()
	}
	cases := []struct {
		name   string
		file   string
		data   []byte
		status int
		vi, en string
	}{
		{"not a spreadsheet", "anh.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe"), 400, "không phải bảng tính", "not an Excel spreadsheet"},
		{"a password-protected workbook", "bimat.xlsx", workbook(3, excelize.Options{Password: "bimat123"}), 400, "có mật khẩu", "protected by a password"},
		{"an empty sheet", "trong.xlsx", workbook(0), 400, "trống", "empty"},
		{"20,000 rows", "dai.xlsx", workbook(20000), 400, "hơn 5000 dòng", "more than 5000 rows"},
		{"a file too large", "lon.xlsx", bytes.Repeat([]byte("x"), xlsx.MaxSize+100<<10), 413, "quá lớn", "too large"},
		{"a CSV not in UTF-8", "ds.csv", []byte("H\xe7 v\xe0 t\xean\nNguy\xean\n"), 400, "CSV UTF-8", "CSV UTF-8"},
		{"a CSV in Windows-1258, as Excel saves «CSV (Comma delimited)»", "ds.csv", []byte("STT,H\xd2 v\xe0 t\xean\n1,Nguy\xean V\xe3n A\n"), 400, "hãy chọn thẳng tệp Excel (.xlsx)", "choose the Excel file (.xlsx) itself"},
		{"a CSV in Windows-1258 named .xls", "ds.xls", []byte("H\xd2 v\xe0 t\xean\nNguy\xean V\xe3n A\n"), 400, "không phải bảng tính Excel", "no Excel workbook"},
		{"a Word document renamed .xlsx", "ds.xlsx", []byte("PK\x03\x04\x14\x00\x00\x00word/document.xml"), 400, "đã đổi tên", "renamed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, path := range []string{"/api/setup/roll/preview", "/api/setup/roll"} {
				status, err := upload(t, org, path, c.file, c.data, map[string]string{"confirm": "1"}, nil)
				testserver.WantBothSay(t, err, c.vi, c.en)
				if status != c.status {
					t.Fatalf("%s: status %d, want %d", path, status, c.status)
				}
			}
			if after := testserver.Must(org.State(ctx)).Roll; len(after) != len(before) || after[0] != before[0] {
				t.Fatal("the roll changed")
			}
		})
	}
	_, err := upload(t, h.Login("dct1"), "/api/setup/roll/preview", "ds.xlsx", workbook(3), nil, nil)
	testserver.WantStatus(t, "the presidium importing a roll", err, 403)
}

// Once the first agenda item has opened, the roll is the congress's: a new import is refused with
// the reason, and the preview says so beforehand.
func TestTheRollIsNotImportedOnceTheCongressSits(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	org := h.Login("bantochuc")
	testserver.Must(h.Login("dct1").AgendaNext(ctx))
	book := rollBook(t, 5, nil)
	var p server.RollPreview
	if _, err := upload(t, org, "/api/setup/roll/preview", "ds.xlsx", book, nil, &p); err != nil || p.Refused == nil || !strings.Contains(p.Refused.Message, "đã mở") {
		t.Fatalf("preview %v, refused %+v", err, p.Refused)
	}
	_, err := upload(t, org, "/api/setup/roll", "ds.xlsx", book, map[string]string{"confirm": "1"}, nil)
	testserver.WantStatus(t, "an import after the opening", err, 409)
	testserver.WantBothSay(t, err, "Đại hội đã bắt đầu", "The congress has begun")
	if n := len(testserver.Must(org.State(ctx)).Roll); n == 5 {
		t.Fatal("the roll was replaced")
	}
}

// An election's candidates come from a sheet: matched to the roll, previewed with their problems,
// stored only without one and only while the election is a draft.
func TestCandidatesAreImportedFromASheet(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	org := h.Login("bantochuc")
	st := testserver.Must(org.State(ctx))
	var election daihoi.PollView
	for _, p := range st.Polls {
		if p.Kind == daihoi.Election && election.ID == "" {
			election = p
		}
	}
	var buf bytes.Buffer
	rows := [][]any{}
	for i, d := range st.Roll[:17] {
		rows = append(rows, []any{i + 1, d.Name, d.Unit})
	}
	rows = append(rows, []any{18, "Phạm Ngoài Danh Sách", "Thành ủy"})
	xlsx.Write(&buf, xlsx.Sheet{Name: "Ứng cử", Title: []string{"DANH SÁCH BẦU CỬ"}, Header: []string{"STT", "Họ và tên", "Đơn vị"}, Rows: rows},
		xlsx.Sheet{Name: "Sai", Header: []string{"STT", "Họ và tên"}, Rows: [][]any{{1, st.Roll[0].Name}, {2, st.Roll[0].Name}}})
	path := "/api/setup/polls/" + election.ID + "/candidates/"
	var p server.CandidatePreview
	if _, err := upload(t, org, path+"preview", "uv.xlsx", buf.Bytes(), map[string]string{"sheet": "Sai"}, &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Problems) != 1 || p.Problems[0].Row != 3 || p.Problems[0].Column != "B" {
		t.Fatalf("problems %+v", p.Problems)
	}
	if p.Surplus == nil || p.Surplus.Candidates != 2 || p.Surplus.Seats != election.Seats {
		t.Fatalf("the surplus the presidium will see: %+v", p.Surplus)
	}
	_, err := upload(t, org, path+"import", "uv.xlsx", buf.Bytes(), map[string]string{"sheet": "Sai", "confirm": "1"}, nil)
	testserver.WantStatus(t, "a candidate sheet with a problem", err, 400)
	var view daihoi.PollView
	if _, err := upload(t, org, path+"import", "uv.xlsx", buf.Bytes(), map[string]string{"confirm": "1"}, &view); err != nil {
		t.Fatal(err)
	}
	onRoll := 0
	for _, c := range view.Candidates { // in ballot order
		if c.Delegate != "" {
			onRoll++
		} else if c.ID != "c18" || c.Name != "Phạm Ngoài Danh Sách" {
			t.Errorf("%+v is not on the roll", c)
		}
	}
	if len(view.Candidates) != 18 || onRoll != 17 {
		t.Fatalf("candidates %+v", view.Candidates)
	}
	_, err = upload(t, org, "/api/setup/polls/nope/candidates/import", "uv.xlsx", buf.Bytes(), map[string]string{"confirm": "1"}, nil)
	testserver.WantStatus(t, "an unknown poll", err, 404)
}

// The downloads: the empty template reads back as a roll once filled; the roll carries the door's
// record; a comment written as a formula stays text.
func TestTheOrganisersDownloads(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	org := h.Login("bantochuc")
	tmpl := download(t, org, "/api/setup/roll-template.xlsx", "")
	header := tmpl[len(tmpl)-1]
	if header[0] != "STT" || header[1] != "Họ và tên" || len(tmpl) != 4 {
		t.Fatalf("template %q", tmpl)
	}
	filled := append(tmpl, []string{"1", "Nguyễn Văn An", "1970", "Nam", "Kinh", "Chi bộ 1", "Đương nhiên", "", ""})
	if ri := daihoi.ReadRollRows(filled, func(daihoi.Delegate) string { return "x" }); ri.Err() != nil || ri.Roll()[0].Category != daihoi.ExOfficio {
		t.Fatalf("the template filled in does not read back: %v", ri.Err())
	}

	d := h.Officials(1)[0]
	h.CheckIn([]daihoi.Delegate{d})
	// An alternate replaces an official: the download says whom, as the base was counted.
	var alt daihoi.Delegate
	for _, x := range testserver.Must(org.State(ctx)).Roll {
		if x.Category == daihoi.Alternate && x.Replaces == "" && alt.ID == "" {
			alt = x
		}
	}
	replaced := h.Officials(2)[1]
	alt.Replaces = replaced.ID
	if err := org.Do(ctx, "PUT", "/api/setup/delegates/"+alt.ID, alt, nil); err != nil {
		t.Fatal(err)
	}
	roll := download(t, org, "/api/export/roll.xlsx", "")
	if head := roll[len(roll)-len(h.Demo.Roll)-1]; head[len(head)-1] != "Thay cho" {
		t.Fatalf("the roll's header %q", head)
	}
	for _, r := range roll {
		if len(r) > 1 && r[1] == alt.Name && r[len(r)-1] != replaced.Name {
			t.Fatalf("%s replaces %q in the download, want %s", alt.Name, r[len(r)-1], replaced.Name)
		}
	}
	found := false
	for _, r := range roll {
		if len(r) > 9 && r[1] == d.Name {
			found = r[9] == "Có mặt"
		}
	}
	if !found {
		t.Fatalf("%s is not present in the roll download", d.Name)
	}

	doc := h.Demo.Documents[0]
	formula := `=HYPERLINK("http://evil.example/","Xem")`
	if err := h.Tablet(d).Post(ctx, "/api/comments", daihoi.CommentRequest{Document: doc.ID, Section: doc.Sections[0].Number, Text: formula}, nil); err != nil {
		t.Fatal(err)
	}
	comments := download(t, h.Login("thuky1"), "/api/export/comments.xlsx", "Góp ý")
	if len(comments) != 2 || comments[1][6] != formula || comments[1][3] != d.Name {
		t.Fatalf("comments %q", comments)
	}
	// The draft replaced since, its sections numbered anew: the comment is still in the download.
	renumbered := daihoi.DocumentRequest{ID: doc.ID, Title: doc.Title, Sections: []daihoi.Section{{Number: "I", Title: "Phần mới", Text: "Nội dung mới"}}}
	if err := org.Post(ctx, "/api/documents", renumbered, nil); err != nil {
		t.Fatal(err)
	}
	comments = download(t, h.Login("thuky1"), "/api/export/comments.xlsx", "Góp ý")
	if len(comments) != 2 || comments[1][6] != formula || comments[1][1] != doc.Sections[0].Number || comments[1][2] != "(mục không còn trong dự thảo)" {
		t.Fatalf("a comment on a section the draft no longer has: %q", comments)
	}
	for _, r := range roll {
		if len(r) > 3 && r[1] == d.Name && d.Gender != "" && r[3] != map[string]string{"nam": "Nam", "nữ": "Nữ"}[d.Gender] {
			t.Errorf("%s's gender is written %q, want it as typed in Excel (Nam, Nữ)", d.Name, r[3])
		}
	}
	results := download(t, org, "/api/export/results.xlsx", "Kết quả")
	if len(results) != 4+len(h.Demo.Polls) || results[3][0] != "Nội dung" || results[4][2] != "Chuẩn bị" || len(results[4]) > 7 {
		t.Fatalf("results %q", results) // every poll, none counted yet: no figures
	}
}

// A poll's figures reach the results download once the presidium has published them, not before.
func TestTheResultsDownloadHasThePublishedFigures(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	h.CheckIn(h.SeatHolders())
	pres := h.Login("dct1")
	agenda := testserver.Must(pres.AgendaNext(ctx))
	item := agenda[daihoi.Agenda(agenda).Current()]
	vote := testserver.Must(pres.CreatePoll(ctx, daihoi.PollRequest{Kind: daihoi.Motion, Title: "Thông qua chương trình làm việc", Mode: daihoi.Hands, AgendaItem: item.ID}))
	testserver.Must(pres.PollAction(ctx, vote.ID, "open"))
	if err := pres.Post(ctx, "/api/polls/"+vote.ID+"/counts", daihoi.Counts{For: 120, Against: 3}, nil); err != nil {
		t.Fatal(err)
	}
	row := func() []string {
		for _, r := range download(t, h.Login("bantochuc"), "/api/export/results.xlsx", "Kết quả") {
			if len(r) > 0 && r[0] == vote.Title {
				return r
			}
		}
		t.Fatalf("%q is not in the results", vote.Title)
		return nil
	}
	if r := row(); len(r) > 7 {
		t.Fatalf("figures before publishing: %q", r)
	}
	testserver.Must(pres.PollAction(ctx, vote.ID, "publish"))
	if r := row(); len(r) != 13 || r[2] != "Đã công bố" || r[9] != "120" || r[10] != "3" || r[12] != "Thông qua" {
		t.Fatalf("published: %q", r)
	}
}

// What the import itself would refuse (a candidate of an election in preparation left off the new
// roll) is shown with the preview, before the organiser presses «Nhập danh sách».
func TestTheRollPreviewShowsWhatTheImportWouldRefuse(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	org := h.Login("bantochuc")
	before := len(testserver.Must(org.State(ctx)).Roll)
	book := rollBook(t, 5, nil) // five people, none of the demo's candidates
	var p server.RollPreview
	if _, err := upload(t, org, "/api/setup/roll/preview", "ds.xlsx", book, nil, &p); err != nil || len(p.Problems) != 0 {
		t.Fatalf("preview %v, problems %+v", err, p.Problems)
	}
	if p.Refused == nil || !strings.Contains(p.Refused.Message, "là ứng cử viên của") || !strings.Contains(p.Refused.MessageEn, "is a candidate of") {
		t.Fatalf("the preview does not say the import will be refused: %+v", p.Refused)
	}
	_, err := upload(t, org, "/api/setup/roll", "ds.xlsx", book, map[string]string{"confirm": "1"}, nil)
	testserver.WantBothSay(t, err, p.Refused.Message, p.Refused.MessageEn)
	if n := len(testserver.Must(org.State(ctx)).Roll); n != before {
		t.Fatalf("the roll has %d people, had %d", n, before)
	}
}

// The roll with attendance, downloaded and imported back unchanged before the opening, keeps
// everyone (their ids, their cards, the candidates named by them), and the attendance it announces
// still counts those the door let in without a tablet.
func TestTheRollDownloadImportsBack(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	org := h.Login("bantochuc")
	h.CheckIn(h.Officials(3))
	before := testserver.Must(org.State(ctx))
	if before.Attendance.NoTablet != 3 {
		t.Fatalf("%d present without a tablet, want 3", before.Attendance.NoTablet)
	}
	resp, err := org.HTTP.Get(org.BaseURL + "/api/export/roll.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	book, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var p server.RollPreview
	if _, err := upload(t, org, "/api/setup/roll/preview", "danh-sach-diem-danh.xlsx", book, nil, &p); err != nil || len(p.Problems) != 0 || p.Refused != nil {
		t.Fatalf("preview %v, problems %+v, refused %+v", err, p.Problems, p.Refused)
	}
	stream := testserver.Must(h.Login("dct1").Connect(ctx, 0))
	defer stream.Close()
	stream.SetReadDeadline(time.Now().Add(20 * time.Second))
	var res struct{ Imported, Removed int }
	if _, err := upload(t, org, "/api/setup/roll", "danh-sach-diem-danh.xlsx", book, map[string]string{"confirm": "1"}, &res); err != nil {
		t.Fatal(err)
	}
	if res.Imported != len(before.Roll) || res.Removed != 0 {
		t.Fatalf("imported %+v of %d", res, len(before.Roll))
	}
	after := testserver.Must(org.State(ctx))
	for i, d := range after.Roll {
		if d != before.Roll[i] {
			t.Fatalf("%s came back as %+v, was %+v", d.Name, d, before.Roll[i])
		}
	}
	for {
		m, err := stream.Next()
		if err != nil {
			t.Fatal(err)
		}
		if m.Type == "event" && m.Event != nil && m.Event.Type == daihoi.EvAttendance && m.Event.Actor != "" {
			var a daihoi.Attendance
			json.Unmarshal(m.Event.Data, &a)
			if a.NoTablet != 3 || a.Present != before.Attendance.Present {
				t.Fatalf("the import announces %d present, %d without a tablet; want %d and 3", a.Present, a.NoTablet, before.Attendance.Present)
			}
			break
		}
	}
}

// Someone left off a new roll (their name corrected in the sheet, say, which makes them someone
// new) holds no card and no tablet any more: the card stops working and the tablet it signed in
// is signed out, as when a card is reissued. The others' tablets stay signed in.
func TestARollImportSignsOutThoseNoLongerOnIt(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	org := h.Login("bantochuc")
	st := testserver.Must(org.State(ctx))
	named := map[string]bool{}
	for _, p := range st.Polls {
		for _, c := range p.Candidates {
			named[c.Delegate] = true
		}
	}
	var leaving, staying daihoi.Delegate
	for _, d := range st.Roll {
		if d.Category == daihoi.Official && !named[d.ID] && d.Replaces == "" {
			replaced := false
			for _, o := range st.Roll {
				replaced = replaced || o.Replaces == d.ID
			}
			if replaced {
				continue
			}
			if leaving.ID == "" {
				leaving = d
			} else if staying.ID == "" {
				staying = d
			}
		}
	}
	gone, kept := h.Tablet(leaving), h.Tablet(staying)
	csv := "Số TT,Họ và tên,Loại đại biểu\n"
	for _, d := range st.Roll {
		if d.ID != leaving.ID {
			csv += fmt.Sprintf("%d,%s,%s\n", d.Number, d.Name, map[daihoi.Category]string{daihoi.Official: "Chính thức", daihoi.ExOfficio: "Đương nhiên", daihoi.Alternate: "Dự khuyết", daihoi.Guest: "Khách mời"}[d.Category])
		}
	}
	var res struct{ Imported, Removed int }
	if _, err := upload(t, org, "/api/setup/roll", "ds.csv", []byte(csv), map[string]string{"confirm": "1"}, &res); err != nil || res.Removed != 1 {
		t.Fatalf("import: %v, %+v", err, res)
	}
	_, err := gone.State(ctx)
	testserver.WantStatus(t, "the tablet of someone no longer on the roll", err, 401)
	if _, err := kept.State(ctx); err != nil {
		t.Fatalf("the tablet of someone still on the roll: %v", err)
	}
	err = client.New(h.URL()).SignInCard(ctx, h.Codes[leaving.ID])
	testserver.WantStatus(t, "the card of someone no longer on the roll", err, 404)
}
