package main

// The organisers bring their own spreadsheets: `serve --no-demo`, the organiser imports the roll of
// 300 from an .xlsx made the way Excel saves it, sees every problem of a sheet with mistakes before
// anything is stored, imports the good sheet, and adds an election's candidates from another file.

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
	"github.com/daihoi/daihoi/xlsx"
)

// excelRoll writes a workbook as the organisers keep their roll in Excel: a title over merged
// cells, a date row, the header on row 4 in their own column order, numbers as numbers, widths and
// bold; sheet "Danh sách" is right, sheet "Bản cũ" has a birth year typed wrong on row 17 and a
// category nobody uses on row 40.
func excelRoll(t *testing.T, n int) (path string, names []string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	head, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: []excelize.Border{{Type: "bottom", Style: 1, Color: "000000"}}})
	family := []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"}
	middle := []string{"Văn", "Thị", "Minh", "Ngọc", "Hữu", "Thanh"}
	given := []string{"An", "Bình", "Cường", "Dung", "Em", "Giang", "Hà", "Hải", "Khoa", "Lan", "Long", "Mai", "Nam", "Oanh", "Phúc", "Quân", "Sơn", "Tâm", "Uyên", "Vinh", "Xuân", "Yến", "Trí", "Hạnh", "Tùng"}
	for i := range n {
		names = append(names, fmt.Sprintf("%s %s %s", family[i%len(family)], middle[i/len(family)%len(middle)], given[i%len(given)]))
	}
	fill := func(sheet string, wrong map[int][2]string) {
		f.MergeCell(sheet, "A1", "H1")
		f.SetCellValue(sheet, "A1", "DANH SÁCH ĐẠI BIỂU DỰ ĐẠI HỘI ĐẢNG BỘ PHƯỜNG AN KHÁNH LẦN THỨ I")
		f.SetCellStyle(sheet, "A1", "A1", bold)
		f.SetCellValue(sheet, "A2", "(Kèm theo Quyết định số 12-QĐ/ĐU ngày 01/12/2026)")
		f.SetSheetRow(sheet, "A4", &[]any{"Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Chức vụ", "Đơn vị", "Loại đại biểu", "Số TT"})
		f.SetCellStyle(sheet, "A4", "H4", head)
		f.SetColWidth(sheet, "A", "A", 28)
		f.SetColWidth(sheet, "E", "F", 26)
		categories := []string{"Chính thức", "Chính thức", "Chính thức", "Đương nhiên", "Chính thức", "Dự khuyết"}
		for i, name := range names {
			gender := "Nam"
			if strings.Contains(name, " Thị ") {
				gender = "Nữ"
			}
			row := []any{name, 1960 + i%45, gender, "Kinh", "Đảng viên", fmt.Sprintf("Chi bộ Khu phố %d", i%24+1), categories[i%len(categories)], i + 1}
			if w, ok := wrong[i+5]; ok && w[0] == "year" {
				row[1] = w[1]
			} else if ok {
				row[6] = w[1]
			}
			f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+5), &row)
		}
	}
	f.SetSheetName("Sheet1", "Danh sách")
	fill("Danh sách", nil)
	f.NewSheet("Bản cũ")
	fill("Bản cũ", map[int][2]string{17: {"year", "19 75"}, 40: {"category", "Đại biểu danh dự"}})
	path = filepath.Join(t.TempDir(), "Danh sach dai bieu.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path, names
}

func TestBrowserSetupImport(t *testing.T) {
	browserTest(t)
	ctx := context.Background()
	m, _ := startEmpty(t, "")
	defer m.Close()
	url := m.URL()
	org := client.New(url)
	if _, err := org.Login(ctx, m.Organiser, m.Password); err != nil {
		t.Fatal(err)
	}
	rollFile, names := excelRoll(t, 300)
	b := newBrowser(t)
	w := b.window(1366, 768)
	start := time.Now()
	took := func(step string) { t.Logf("%-52s %5.1fs", step, time.Since(start).Seconds()); start = time.Now() }

	b.signInWith(w, url, "setup", m.Organiser, m.Password)
	b.do(w, "the setup page", chromedp.WaitVisible(chromedp.CSS("#roll-file")))
	b.waitText(w, "#setup-import", "Tải tệp mẫu")
	took("sign in")

	// The workbook is chosen: its first sheet is previewed, every row, no problem.
	b.do(w, "choose the workbook", chromedp.SetUploadFiles(chromedp.CSS("#roll-file"), []string{rollFile}))
	b.waitText(w, "#roll-preview-summary", "Trang «Danh sách»: 300 người, tiêu đề ở dòng 4")
	b.waitText(w, "#roll-preview-summary", "Không có lỗi")
	if n := eval[int](b, w, `document.querySelectorAll("#roll-preview-table tbody tr").length`); n != 300 {
		t.Fatalf("%d rows previewed, want 300", n)
	}
	took("choose the workbook: 300 rows previewed")

	// The other sheet: both problems, with their rows and columns, and the import cannot be pressed.
	b.do(w, "pick the old sheet", chromedp.SetValue(chromedp.CSS("#roll-sheet"), "Bản cũ"))
	b.waitText(w, "#roll-preview-summary", "Trang «Bản cũ»")
	b.waitText(w, "#roll-preview-table-problems", `Dòng 17, cột B: năm sinh "19 75" không đúng`)
	b.waitText(w, "#roll-preview-table-problems", `Dòng 40, cột G: loại đại biểu "Đại biểu danh dự" không rõ`)
	bad := eval[[]string](b, w, `[...document.querySelectorAll("#roll-preview-table td.imp-cell-bad")].map(td => td.dataset.cell)`)
	if strings.Join(bad, " ") != "B17 G40" {
		t.Errorf("the cells marked are %q, want B17 G40", bad)
	}
	if !eval[bool](b, w, `document.getElementById("roll-import").disabled`) {
		t.Error("the import can be pressed with problems")
	}
	b.do(w, "go to row 17", chromedp.Click(chromedp.CSS("#roll-preview-table-problems a")))
	b.view(w, "#setup-import", "setup-import-problems")
	// Even sent by hand, a sheet with problems stores nothing.
	if snap, _ := org.State(ctx); len(snap.Roll) != 0 {
		t.Fatalf("%d people stored from a sheet with problems", len(snap.Roll))
	}
	b.do(w, "English", chromedp.Click(chromedp.CSS(`[data-test="lang"]`)))
	b.waitText(w, "#setup-import", "Import the roll from an Excel file")
	b.waitText(w, "#roll-preview-table-problems", `Row 40, column G: unknown category "Đại biểu danh dự"`)
	b.view(w, "#setup-import", "setup-import-problems-en")
	b.do(w, "Tiếng Việt", chromedp.Click(chromedp.CSS(`[data-test="lang"]`)))
	b.waitText(w, "#setup-import", "Nhập danh sách từ tệp Excel")
	took("the sheet with mistakes: both shown, nothing stored")

	// Back to the good sheet, imported.
	b.do(w, "pick the good sheet", chromedp.SetValue(chromedp.CSS("#roll-sheet"), "Danh sách"))
	b.waitText(w, "#roll-preview-summary", "Không có lỗi")
	b.view(w, "#setup-import", "setup-import-preview")
	b.do(w, "import", chromedp.WaitEnabled(chromedp.CSS("#roll-import")), chromedp.Click(chromedp.CSS("#roll-import")))
	b.waitText(w, "#roll-import-done", "Đã nhập 300 người")
	b.waitText(w, "#roll-table", names[299])
	b.waitText(w, "#summary", "300")
	snap, err := org.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Roll) != 300 || snap.Roll[16].Name != names[16] || snap.Roll[16].BirthYear != 1976 || snap.Roll[3].Category != daihoi.ExOfficio || snap.Roll[0].Unit != "Chi bộ Khu phố 1" {
		t.Fatalf("the roll stored: %d people, row 17 %+v", len(snap.Roll), snap.Roll[16])
	}
	b.view(w, "#prep-roll", "setup-import-done")
	took("the good sheet imported")

	// The agenda: the organisers' programme, one item corrected.
	for _, it := range []struct{ time, title, kind string }{{"07:30", "Khai mạc đại hội", "ceremony"},
		{"08:00", "Bầu Ban Chấp hành", "election"}, {"11:00", "Bế mạc", "ceremony"}} {
		b.do(w, "add "+it.title,
			chromedp.SetValue(chromedp.CSS("#ag-time"), it.time),
			chromedp.SendKeys(chromedp.CSS("#ag-title"), it.title),
			chromedp.SetValue(chromedp.CSS("#ag-kind"), it.kind),
			chromedp.Click(chromedp.CSS("#ag-save")))
		b.waitText(w, "#ag-out", "Đã lưu: "+it.title)
	}
	b.rowButton(w, "#agenda-table", "Bầu Ban Chấp hành", "[data-edit]")
	b.waitText(w, "#item-form", "Sửa mục")
	clearInput(b, w, "#ag-title")
	b.do(w, "correct an item", chromedp.SendKeys(chromedp.CSS("#ag-title"), "Bầu Ban Chấp hành Đảng bộ khóa I"), chromedp.Click(chromedp.CSS("#ag-save")))
	b.waitText(w, "#agenda-table", "Bầu Ban Chấp hành Đảng bộ khóa I")
	took("the agenda: three items, one corrected")

	// An election of 15 on that item, prepared in the page with one name ticked in the roll; then its
	// candidates from a sheet of the organisers': 17 delegates and one comrade from outside the roll.
	b.do(w, "prepare the election",
		chromedp.SendKeys(chromedp.CSS("#pl-title"), "Bầu Ban Chấp hành Đảng bộ phường khóa I"),
		chromedp.SendKeys(chromedp.CSS("#pl-seats"), "15"))
	eval[bool](b, w, `(() => { const s = document.getElementById("pl-item"); s.value = [...s.options].find(o => o.text.includes("Bầu Ban Chấp hành")).value; return true })()`)
	b.rowButton(w, "#cand-table", names[0], "input[type=checkbox]")
	b.waitText(w, "#cand-picked", names[0])
	b.do(w, "save the draft", chromedp.Click(chromedp.CSS("#pl-save")))
	b.waitText(w, "#pl-out", "Đã lưu bản nháp")
	b.waitText(w, "#polls-table", "Bầu Ban Chấp hành Đảng bộ phường khóa I")
	cf := excelize.NewFile()
	cf.SetCellValue("Sheet1", "A1", "DANH SÁCH BẦU CỬ BAN CHẤP HÀNH")
	cf.SetSheetRow("Sheet1", "A3", &[]any{"STT", "Họ và tên", "Đơn vị"})
	for i := range 17 {
		cf.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+4), &[]any{i + 1, names[i*7], fmt.Sprintf("Chi bộ Khu phố %d", i*7%24+1)})
	}
	cf.SetSheetRow("Sheet1", "A21", &[]any{18, "Đinh Công Ngoài", "Phường đội"})
	candFile := filepath.Join(t.TempDir(), "ung cu vien.xlsx")
	if err := cf.SaveAs(candFile); err != nil {
		t.Fatal(err)
	}
	cf.Close()
	b.waitText(w, "#setup-candidates-import", "Bầu Ban Chấp hành Đảng bộ phường khóa I")
	b.do(w, "choose the candidates' file", chromedp.SetUploadFiles(chromedp.CSS("#cand-file"), []string{candFile}))
	b.waitText(w, "#cand-preview", "18 người cho 15 chỗ")
	b.waitText(w, "#cand-preview", "ngoài danh sách đại biểu")
	b.waitText(w, "#cand-surplus", "Số dư: 3 người (20,00%)") // as the presidium will see it
	b.view(w, "#setup-candidates-import", "setup-import-candidates")
	b.do(w, "import the candidates", chromedp.WaitEnabled(chromedp.CSS("#cand-import")), chromedp.Click(chromedp.CSS("#cand-import")))
	b.waitText(w, "#cand-import-done", "Đã nhập 18 ứng cử viên")
	snap, err = org.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	onRoll := 0
	for _, c := range snap.Polls[0].Candidates {
		if c.Delegate != "" {
			onRoll++
		}
	}
	if len(snap.Polls[0].Candidates) != 18 || onRoll != 17 {
		t.Fatalf("the election's candidates: %d, %d on the roll", len(snap.Polls[0].Candidates), onRoll)
	}
	took("18 candidates from a sheet")

	// The downloads are on the page.
	links := eval[[]string](b, w, `[...document.querySelectorAll("#xlsx-downloads a")].map(a => a.getAttribute("href"))`)
	if strings.Join(links, " ") != "/api/setup/roll-template.xlsx /api/export/roll.xlsx /api/export/results.xlsx /api/export/comments.xlsx" {
		t.Errorf("the downloads: %q", links)
	}
	b.view(w, "#setup-downloads", "setup-import-downloads")

	// The tellers' accounts, with their sign-in slips.
	for i, a := range []struct{ name, full string }{{"kiemphieu1", "Trần Văn Kiểm"}, {"kiemphieu2", "Ngô Thị Phiếu"}, {"kiemphieu3", "Đặng Văn Ba"}} {
		b.do(w, "create "+a.name,
			chromedp.SendKeys(chromedp.CSS("#op-name"), a.name),
			chromedp.SendKeys(chromedp.CSS("#op-fullname"), a.full),
			chromedp.SetValue(chromedp.CSS("#op-role"), "teller"))
		if i == 0 {
			b.do(w, "the head of the tellers", chromedp.Click(chromedp.CSS("#op-head")))
		}
		b.do(w, "save "+a.name, chromedp.Click(chromedp.CSS("#op-save")))
		b.waitText(w, "#op-out", "Đã lưu "+a.name)
		b.waitText(w, "#fresh-table", a.name)
	}
	tellerPasswords := eval[map[string]string](b, w, `Object.fromEntries([...document.querySelectorAll("#fresh-table tr")].map(r => [r.children[0].innerText.trim(), r.querySelector(".pw").innerText.trim()]))`)
	if _, err := client.New(url).Login(ctx, "kiemphieu3", tellerPasswords["kiemphieu3"]); err != nil {
		t.Errorf("kiemphieu3 cannot sign in with the password shown: %v", err)
	}
	b.view(w, "#prep-accounts", "setup-import-accounts")
	took("three tellers' accounts")

	// The cards of the imported roll are printed, and a delegate of row 17 signs in with hers.
	b.do(w, "print all cards", chromedp.Click(chromedp.CSS("#print-cards")), chromedp.WaitVisible(chromedp.CSS(`[data-test="confirm-yes"]`)))
	b.do(w, "confirm", chromedp.Click(chromedp.CSS(`[data-test="confirm-yes"]`)))
	b.waitText(w, "#cards", names[299])
	codes := sheetCodes(b, w)
	if len(codes) != 300 {
		t.Fatalf("%d cards on the sheet, want 300", len(codes))
	}
	took("300 cards printed")
	tablet := b.window(1280, 800)
	b.do(tablet, "card sign-in", chromedp.Navigate(url+"/d/"+codes[snap.Roll[12].ID]), chromedp.WaitVisible(chromedp.CSS("#current-item")))
	b.waitText(tablet, "#delegate-name", names[12])
	b.shot(tablet, "setup-import-delegate-tablet")
	took("a delegate of the imported roll signs in with her card")
}

// The organiser's own mistakes with files: a Word document renamed .xlsx is refused with what to
// do and stores nothing; a good workbook previewed, then saved again in Excel before «Nhập danh
// sách» is pressed, stores what the preview showed (the browser would otherwise refuse to send a
// file changed since it was chosen, and the page would say the connection was lost).
func TestBrowserSetupImportFileMistakes(t *testing.T) {
	browserTest(t)
	ctx := context.Background()
	m, _ := startEmpty(t, "")
	defer m.Close()
	url := m.URL()
	org := client.New(url)
	if _, err := org.Login(ctx, m.Organiser, m.Password); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	w := b.window(1366, 768)
	b.signInWith(w, url, "setup", m.Organiser, m.Password)
	b.do(w, "the setup page", chromedp.WaitVisible(chromedp.CSS("#roll-file")))
	b.waitText(w, "#summary", "Đại hội mới (chưa đặt tên)")
	if s := b.text(w, "#summary"); strings.Contains(s, "New congress") {
		t.Errorf("the Vietnamese page names the congress in English: %q", s)
	}

	dir := t.TempDir()
	docx := filepath.Join(dir, "Danh sach.xlsx")
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	fw, _ := zw.Create("word/document.xml")
	fw.Write([]byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>`))
	zw.Close()
	if err := os.WriteFile(docx, zb.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	b.do(w, "choose a Word document renamed", chromedp.SetUploadFiles(chromedp.CSS("#roll-file"), []string{docx}))
	b.waitText(w, "#roll-import-error", "Tệp không phải bảng tính Excel (.xlsx) (có thể là tệp Word hay tệp khác đã đổi tên)")
	b.view(w, "#setup-import", "setup-import-not-a-workbook")
	// An old .xls can be picked in the dialog, and is told how to save it.
	if accept := eval[string](b, w, `document.getElementById("roll-file").accept`); !strings.Contains(accept, ".xls,") {
		t.Errorf("the file dialog offers %q: an old .xls cannot be chosen", accept)
	}
	xls := filepath.Join(dir, "Danh sach cu.xls")
	if err := os.WriteFile(xls, append([]byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}, make([]byte, 600)...), 0o644); err != nil {
		t.Fatal(err)
	}
	b.do(w, "choose an old .xls", chromedp.SetUploadFiles(chromedp.CSS("#roll-file"), []string{xls}))
	b.waitText(w, "#roll-import-error", "Tệp Excel 97-2003 (.xls): trong Excel, hãy lưu lại dạng «Sổ làm việc Excel (.xlsx)»")

	// A slow preview that comes back after the organiser picked another sheet is not shown.
	two, _ := excelRoll(t, 40)
	b.do(w, "choose a workbook of two sheets", chromedp.SetUploadFiles(chromedp.CSS("#roll-file"), []string{two}))
	b.waitText(w, "#roll-preview-summary", "Trang «Danh sách»: 40 người")
	eval[bool](b, w, `(() => { const f = window.fetch; window.fetch = (u, o) => (o && o.body instanceof FormData && o.body.get("sheet") === "Bản cũ"
		? new Promise((r) => setTimeout(r, 1500)).then(() => f(u, o)) : f(u, o)); return true })()`)
	b.do(w, "pick the old sheet, then the good one at once",
		chromedp.SetValue(chromedp.CSS("#roll-sheet"), "Bản cũ"), chromedp.SetValue(chromedp.CSS("#roll-sheet"), "Danh sách"))
	time.Sleep(2500 * time.Millisecond)
	if s := b.text(w, "#roll-preview-summary"); !strings.Contains(s, "Trang «Danh sách»") || !strings.Contains(s, "Không có lỗi") {
		t.Fatalf("the late preview of the other sheet is shown: %q", s)
	}

	path := filepath.Join(dir, "ds.xlsx")
	save := func(names ...string) {
		rows := make([][]any, len(names))
		for i, n := range names {
			rows[i] = []any{i + 1, n}
		}
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := xlsx.Write(f, xlsx.Sheet{Name: "DS", Header: []string{"STT", "Họ và tên"}, Rows: rows}); err != nil {
			t.Fatal(err)
		}
	}
	save("Nguyễn Văn An", "Trần Thị Bình")
	b.do(w, "choose the workbook", chromedp.SetUploadFiles(chromedp.CSS("#roll-file"), []string{path}))
	b.waitText(w, "#roll-preview-summary", "Trang «DS»: 2 người")
	time.Sleep(1100 * time.Millisecond) // a later modification time, as a second save in Excel gives
	save("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường")
	b.do(w, "import", chromedp.WaitEnabled(chromedp.CSS("#roll-import")), chromedp.Click(chromedp.CSS("#roll-import")))
	b.waitText(w, "#roll-import-done", "Đã nhập 2 người")
	if snap, err := org.State(ctx); err != nil || len(snap.Roll) != 2 {
		t.Fatalf("the roll stored: %d people, %v; want the 2 previewed", len(snap.Roll), err)
	}
	// The log says what the import did and who did it.
	b.do(w, "show the log", chromedp.Click(chromedp.CSS("#log-load")))
	b.waitText(w, "#log-table", "Nhập danh sách từ tệp: 2 người")
	b.waitText(w, "#log-table", "("+m.Organiser+")")
	b.view(w, "#prep-log", "setup-import-log")
}
