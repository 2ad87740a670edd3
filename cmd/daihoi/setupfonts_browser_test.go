package main

// A committee's office brings a roll typed years ago in the ABC fonts (TCVN3): the setup page shows
// every name converted beside the cell as stored, imports nothing until the organiser confirms the
// conversion, and the candidates imported from a sheet in the same fonts stand on the ballot in
// the Vietnamese order.

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
	"github.com/daihoi/daihoi/vnfont/vnfonttest"
)

// tcvn3Cell is a cell as an .xlsx keeps text typed in a .VnTime font.
func tcvn3Cell(s string) string { return vnfonttest.AsExcel(vnfonttest.TCVN3(s)) }

// tcvn3Roll writes the roll of n delegates in TCVN3 as Excel saves it: a title, the header on
// row 3, one delegate a row. The first ten names carry the letters the old fonts garble most.
func tcvn3Roll(t *testing.T, n int) (path string, names []string) {
	t.Helper()
	names = []string{"Nguyễn Văn Ân", "Đặng Thị Ánh", "Trần Đức Dũng", "Lê Văn Đức", "Phạm Thị Ấu", "Hoàng Minh An",
		"Vũ Thị Bình", "Bùi Văn Ước", "Ngô Thị Yến", "Đỗ Văn Út"}
	family := []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Dương", "Trương"}
	middle := []string{"Văn", "Thị", "Minh", "Ngọc", "Hữu", "Thanh", "Quốc", "Xuân"}
	given := []string{"Hà", "Hải", "Hằng", "Hiếu", "Hùng", "Hương", "Khoa", "Lan", "Long", "Mai", "Nghĩa", "Phượng", "Quỳnh", "Sơn", "Thắng", "Thủy", "Tiến", "Tuấn", "Uyên", "Việt"}
	for i := len(names); i < n; i++ {
		names = append(names, fmt.Sprintf("%s %s %s", family[i%len(family)], middle[i/len(family)%len(middle)], given[i%len(given)]))
	}
	f := excelize.NewFile()
	defer f.Close()
	f.SetCellValue("Sheet1", "A1", tcvn3Cell("DANH SÁCH ĐẠI BIỂU DỰ ĐẠI HỘI"))
	f.SetSheetRow("Sheet1", "A3", &[]any{tcvn3Cell("Họ và tên"), tcvn3Cell("Năm sinh"), tcvn3Cell("Giới tính"), tcvn3Cell("Đơn vị"), tcvn3Cell("Loại đại biểu"), tcvn3Cell("Số TT")})
	f.SetColWidth("Sheet1", "A", "A", 28)
	f.SetColWidth("Sheet1", "D", "D", 26)
	for i, name := range names {
		gender := "Nam"
		if strings.Contains(name, " Thị ") {
			gender = "Nữ"
		}
		f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+4), &[]any{tcvn3Cell(name), 1960 + i%45, tcvn3Cell(gender),
			tcvn3Cell(fmt.Sprintf("Chi bộ Khu phố %d", i%24+1)), tcvn3Cell("Chính thức"), i + 1})
	}
	path = filepath.Join(t.TempDir(), "Danh sach cu.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path, names
}

func TestBrowserSetupImportTCVN3(t *testing.T) {
	browserTest(t)
	ctx := context.Background()
	m, _ := startEmpty(t, "")
	defer m.Close()
	url := m.URL()
	org := client.New(url)
	if _, err := org.Login(ctx, m.Organiser, m.Password); err != nil {
		t.Fatal(err)
	}
	rollFile, names := tcvn3Roll(t, 300)
	b := newBrowser(t)
	w := b.window(1366, 768)
	b.signInWith(w, url, "setup", m.Organiser, m.Password)
	b.do(w, "the setup page", chromedp.WaitVisible(chromedp.CSS("#roll-file")))

	// The preview: the sheet's fonts said, each cell as stored beside its conversion, and the import
	// cannot be pressed before the conversion is confirmed.
	b.do(w, "choose the TCVN3 workbook", chromedp.SetUploadFiles(chromedp.CSS("#roll-file"), []string{rollFile}))
	b.waitText(w, "#roll-preview-summary", "300 người, tiêu đề ở dòng 3")
	b.waitText(w, "#roll-preview-fonts", "Bảng tính gõ bằng phông TCVN3: 956 ô sẽ được chuyển sang Unicode, ví dụ «NguyÔn V¨n ¢n» → «Nguyễn Văn Ân».")
	b.waitText(w, "#roll-preview-fonts-table", "NguyÔn V¨n ¢n")
	b.waitText(w, "#roll-preview-fonts-table", "→ Nguyễn Văn Ân")
	if got := b.text(w, `#roll-preview-table td[data-cell="A4"]`); got != "NguyÔn V¨n ¢n → Nguyễn Văn Ân" {
		t.Errorf("the preview shows row 4's name as %q", got)
	}
	if got := b.text(w, `#roll-preview-table td[data-cell="A5"]`); got != "§Æng ThÞ ¸nh → Đặng Thị Ánh" {
		t.Errorf("the preview shows row 5's name as %q", got)
	}
	if got := eval[string](b, w, `document.querySelector("#roll-preview-table thead th:nth-child(2)").textContent`); got != "A Hä vµ tªn → Họ và tên" {
		t.Errorf("the preview's header shows %q", got)
	}
	if !eval[bool](b, w, `document.getElementById("roll-import").disabled`) {
		t.Error("the import can be pressed before the conversion is confirmed")
	}
	b.view(w, "#setup-import", "setup-import-tcvn3")
	if snap, _ := org.State(ctx); len(snap.Roll) != 0 {
		t.Fatalf("%d people stored before the conversion was confirmed", len(snap.Roll))
	}
	b.do(w, "English", chromedp.Click(chromedp.CSS(`[data-test="lang"]`)))
	b.waitText(w, "#roll-preview-fonts", "The sheet was typed in TCVN3 fonts: ")
	b.view(w, "#setup-import", "setup-import-tcvn3-en")
	b.do(w, "Tiếng Việt", chromedp.Click(chromedp.CSS(`[data-test="lang"]`)))
	b.waitText(w, "#roll-preview-fonts", "Bảng tính gõ bằng phông TCVN3")

	// Confirmed: the roll is stored in Unicode.
	b.do(w, "confirm the conversion", chromedp.Click(chromedp.CSS("#roll-preview-convert")))
	b.do(w, "import", chromedp.WaitEnabled(chromedp.CSS("#roll-import")), chromedp.Click(chromedp.CSS("#roll-import")))
	b.waitText(w, "#roll-import-done", "Đã nhập 300 người vào danh sách. Đã chuyển 956 ô từ phông cũ sang Unicode.")
	b.waitText(w, "#roll-table", "Nguyễn Văn Ân")
	snap, err := org.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Roll) != 300 {
		t.Fatalf("%d people stored", len(snap.Roll))
	}
	for i, d := range snap.Roll {
		if d.Name != names[i] || d.Unit != fmt.Sprintf("Chi bộ Khu phố %d", i%24+1) || d.Category != daihoi.Official {
			t.Fatalf("row %d stored as %+v, want %q", i+4, d, names[i])
		}
	}
	b.view(w, "#prep-roll", "setup-import-tcvn3-done")

	// The candidates, from a sheet in the same fonts, for an election prepared with one of them.
	if err := org.Post(ctx, "/api/setup/polls", daihoi.PollRequest{Kind: daihoi.Election, Title: "Bầu Ban Chấp hành khóa I", Mode: daihoi.Secret, Tablet: true, Seats: 7,
		Candidates: []daihoi.CandidateRequest{{Name: names[0]}}}, nil); err != nil {
		t.Fatal(err)
	}
	cf := excelize.NewFile()
	cf.SetCellValue("Sheet1", "A1", tcvn3Cell("DANH SÁCH BẦU CỬ"))
	cf.SetSheetRow("Sheet1", "A2", &[]any{"STT", tcvn3Cell("Họ và tên")})
	for i, n := range names[:10] {
		cf.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+3), &[]any{i + 1, tcvn3Cell(n)})
	}
	candFile := filepath.Join(t.TempDir(), "ung cu vien.xlsx")
	if err := cf.SaveAs(candFile); err != nil {
		t.Fatal(err)
	}
	cf.Close()
	b.waitText(w, "#setup-candidates-import", "Bầu Ban Chấp hành khóa I")
	b.do(w, "choose the candidates' file", chromedp.SetUploadFiles(chromedp.CSS("#cand-file"), []string{candFile}))
	b.waitText(w, "#cand-preview", "10 người cho 7 chỗ")
	b.waitText(w, "#cand-preview-fonts", "12 ô sẽ được chuyển sang Unicode, ví dụ «NguyÔn V¨n ¢n» → «Nguyễn Văn Ân».")
	b.waitText(w, "#cand-preview-fonts-table", "→ Phạm Thị Ấu")
	if !eval[bool](b, w, `document.getElementById("cand-import").disabled`) {
		t.Error("the candidates can be imported before the conversion is confirmed")
	}
	b.view(w, "#setup-candidates-import", "setup-import-tcvn3-candidates")
	b.do(w, "confirm the conversion", chromedp.Click(chromedp.CSS("#cand-preview-convert")))
	b.do(w, "import the candidates", chromedp.WaitEnabled(chromedp.CSS("#cand-import")), chromedp.Click(chromedp.CSS("#cand-import")))
	b.waitText(w, "#cand-import-done", "Đã nhập 10 ứng cử viên")

	// The ballot, as every screen has it from the server: by given name, then family name, in the
	// Vietnamese alphabet (An < Ánh < Ân < Ấu < Bình < Dũng < Đức …), each candidate the roll's.
	snap, err = org.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, c := range snap.Polls[0].Candidates {
		if c.Delegate == "" {
			t.Errorf("%q is not matched to the roll", c.Name)
		}
		order = append(order, c.Name)
	}
	want := "Hoàng Minh An, Đặng Thị Ánh, Nguyễn Văn Ân, Phạm Thị Ấu, Vũ Thị Bình, Trần Đức Dũng, Lê Văn Đức, Đỗ Văn Út, Bùi Văn Ước, Ngô Thị Yến"
	if got := strings.Join(order, ", "); got != want {
		t.Errorf("ballot order\n %s\nwant\n %s", got, want)
	}
}
