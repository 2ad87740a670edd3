package main

// The organisers prepare a congress in the browser from nothing: `serve --no-demo` on a new
// folder, the organiser signs in with the password printed once, and sets everything up on the
// setup page, as a person would, on a 1366×768 laptop.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
)

// view saves a screenshot of the window as a person sees it (not the whole page), with the element
// sel at the top, under the steps bar.
func (b *browser) view(ctx context.Context, sel, name string) {
	b.t.Helper()
	eval[bool](b, ctx, `(() => { const e = document.querySelector(`+jsString(sel)+`); e.scrollIntoView({block: "start"}); window.scrollBy(0, -56); return true })()`)
	c, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	buf, err := chromedp.Run(c, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(b.dir, name+".png"), buf, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// click clicks the first element that matches sel and whose text contains text.
func (b *browser) clickText(ctx context.Context, sel, text string) {
	b.t.Helper()
	if !eval[bool](b, ctx, `(() => { const e = [...document.querySelectorAll(`+jsString(sel)+`)].find(x => x.innerText.includes(`+jsString(text)+`)); if (!e) return false; e.click(); return true })()`) {
		b.t.Fatalf("nothing like %s says %q", sel, text)
	}
}

// rowButton clicks the button sel in the row of table that holds text.
func (b *browser) rowButton(ctx context.Context, table, text, sel string) {
	b.t.Helper()
	if !eval[bool](b, ctx, `(() => { const r = [...document.querySelectorAll(`+jsString(table+" tbody tr")+`)].find(x => x.innerText.includes(`+jsString(text)+`)); const e = r && r.querySelector(`+jsString(sel)+`); if (!e) return false; e.click(); return true })()`) {
		b.t.Fatalf("no row of %s with %q and %s", table, text, sel)
	}
}

func TestBrowserSetupPrepare(t *testing.T) {
	browserTest(t)
	ctx := context.Background()
	m, said := startEmpty(t, "")
	defer m.Close()
	if !strings.Contains(said, m.Password) {
		t.Fatalf("the console does not show the organiser's password: %q", said)
	}
	b := newBrowser(t)
	w := b.window(1366, 768)
	url := m.URL()
	start := time.Now()
	took := func(step string) { t.Logf("%-40s %5.1fs", step, time.Since(start).Seconds()); start = time.Now() }

	// The organiser signs in with the name and password the console printed.
	b.signInWith(w, url, "setup", m.Organiser, m.Password)
	b.do(w, "the setup page", chromedp.WaitVisible(chromedp.CSS("#prep-congress")))
	b.waitText(w, "#roll-list", "Chưa có ai")
	b.view(w, "#summary", "setup-prepare-empty")
	took("sign in")

	// 1. The congress.
	const title = "Đại hội đại biểu Đảng bộ phường An Khánh lần thứ I, nhiệm kỳ 2025–2030"
	b.waitText(w, "#congress-form", "tỉ lệ này của tổng số") // the ruleset's settings are listed
	clearInput(b, w, "#cg-title")
	b.do(w, "fill in the congress",
		chromedp.SendKeys(chromedp.CSS("#cg-title"), title),
		chromedp.SendKeys(chromedp.CSS("#cg-org"), "Đảng bộ phường An Khánh"),
		chromedp.SendKeys(chromedp.CSS("#cg-term"), "2025–2030"),
		chromedp.SendKeys(chromedp.CSS("#cg-venue"), "Hội trường UBND phường An Khánh"),
		chromedp.SetValue(chromedp.CSS("#cg-date"), "2026-12-08"),
		chromedp.Click(chromedp.CSS("#cg-save")))
	b.waitText(w, "#cg-out", "Đã lưu")
	b.waitText(w, "#summary", title)
	b.waitText(w, "#summary", "08/12/2026")
	b.view(w, "#prep-congress", "setup-prepare-congress")
	// The congress decided a largest surplus of 25%: the form keeps it, in either language.
	clearInput(b, w, "#set-surplus_max")
	b.do(w, "the largest surplus", chromedp.SendKeys(chromedp.CSS("#set-surplus_max"), "25%"), chromedp.Click(chromedp.CSS("#cg-save")))
	b.waitText(w, "#cg-out", "Đã lưu")
	b.do(w, "English and back", chromedp.Click(chromedp.CSS(`[data-test="lang"]`)), chromedp.Click(chromedp.CSS(`[data-test="lang"]`)))
	b.waitText(w, "#prep-congress", "Thông tin đại hội")
	if v := eval[string](b, w, `document.getElementById("set-surplus_max").value`); v != "25%" {
		t.Errorf("the form shows a largest surplus of %q after the page was built again, want 25%%", v)
	}
	// The settings every staff screen describes (the presidium's, the tellers') follow the change.
	if v := eval[string](b, w, `DH.state.settings.find((s) => s.key === "surplus_max").value`); v != "25%" {
		t.Errorf("the screens describe a largest surplus of %q, want 25%%", v)
	}
	took("the congress")

	// 2. Delegates added by hand, one of them then left out of the base with the reason.
	people := []struct{ name, unit, category string }{
		{"Nguyễn Văn An", "Chi bộ Khu phố 1", "official"}, {"Trần Thị Bích", "Chi bộ Khu phố 2", "official"},
		{"Lê Văn Cường", "Chi bộ Khu phố 3", "official"}, {"Phạm Thị Dung", "Chi bộ Công an", "official"},
		{"Hoàng Văn Em", "Đảng ủy phường", "ex_officio"}, {"Võ Thị Phương", "Chi bộ Quân sự", "official"},
	}
	for i, p := range people {
		b.do(w, "add "+p.name,
			chromedp.SendKeys(chromedp.CSS("#dl-name"), p.name),
			chromedp.SendKeys(chromedp.CSS("#dl-unit"), p.unit),
			chromedp.SetValue(chromedp.CSS("#dl-category"), p.category),
			chromedp.Click(chromedp.CSS("#dl-save")))
		b.waitText(w, "#dl-out", fmt.Sprintf("Đã thêm %d. %s", i+1, p.name))
		b.waitText(w, "#roll-table", p.name)
	}
	b.waitText(w, "#summary", "6") // on the roll
	// A name is corrected, and the last person is left out of the base: suspended.
	b.rowButton(w, "#roll-table", "Lê Văn Cường", "[data-edit]")
	b.waitText(w, "#delegate-form", "Sửa: Lê Văn Cường")
	clearInput(b, w, "#dl-name")
	b.do(w, "correct the name", chromedp.SendKeys(chromedp.CSS("#dl-name"), "Lê Văn Cường (Ba)"), chromedp.Click(chromedp.CSS("#dl-save")))
	b.waitText(w, "#roll-table", "Lê Văn Cường (Ba)")
	b.rowButton(w, "#roll-table", "Võ Thị Phương", "[data-edit]")
	b.waitText(w, "#delegate-form", "Sửa: Võ Thị Phương")
	b.do(w, "leave her out", chromedp.SetValue(chromedp.CSS("#dl-exclusion"), "suspended"), chromedp.Click(chromedp.CSS("#dl-save")))
	b.waitText(w, "#roll-table", "Bị đình chỉ sinh hoạt")
	b.waitText(w, "#summary", "5") // the base: six on the roll, one left out
	if n := eval[int](b, w, `document.querySelectorAll("#roll-table tbody tr").length`); n != 6 {
		t.Errorf("%d rows in the roll, want 6", n)
	}
	b.view(w, "#prep-roll", "setup-prepare-roll")
	took("six delegates, a correction, an exclusion")

	// 3. The agenda: three items added, one edited, one moved, one removed.
	items := []struct{ time, title, kind string }{{"07:30", "Khai mạc đại hội", "ceremony"}, {"08:00", "Bầu Ban Chấp hành", "election"},
		{"10:30", "Giải lao", ""}, {"11:00", "Bế mạc", "ceremony"}}
	for _, it := range items {
		b.do(w, "add "+it.title,
			chromedp.SetValue(chromedp.CSS("#ag-time"), it.time),
			chromedp.SendKeys(chromedp.CSS("#ag-title"), it.title),
			chromedp.SetValue(chromedp.CSS("#ag-kind"), it.kind),
			chromedp.Click(chromedp.CSS("#ag-save")))
		b.waitText(w, "#ag-out", "Đã lưu: "+it.title)
		b.waitText(w, "#agenda-table", it.title)
	}
	b.rowButton(w, "#agenda-table", "Khai mạc đại hội", "[data-edit]")
	b.waitText(w, "#item-form", "Sửa mục")
	clearInput(b, w, "#ag-title")
	b.do(w, "edit the first item", chromedp.SendKeys(chromedp.CSS("#ag-title"), "Khai mạc; bầu Đoàn Chủ tịch"), chromedp.Click(chromedp.CSS("#ag-save")))
	b.waitText(w, "#agenda-table", "Khai mạc; bầu Đoàn Chủ tịch")
	b.rowButton(w, "#agenda-table", "Giải lao", "[data-remove]")
	b.do(w, "confirm the removal", chromedp.WaitVisible(chromedp.CSS(`[data-test="confirm-yes"]`)), chromedp.Click(chromedp.CSS(`[data-test="confirm-yes"]`)))
	b.waitText(w, "#agenda-out", "Đã xóa")
	b.rowButton(w, "#agenda-table", "Bế mạc", `[aria-label="Lên"]`)
	b.waitText(w, "#agenda-table tbody tr:nth-child(2)", "Bế mạc")
	b.rowButton(w, "#agenda-table", "Bế mạc", `[aria-label="Xuống"]`)
	b.waitText(w, "#agenda-table tbody tr:nth-child(3)", "Bế mạc")
	agenda := eval[[]string](b, w, `[...document.querySelectorAll("#agenda-table tbody tr")].map(r => r.children[3].innerText.trim())`)
	if strings.Join(agenda, "|") != "Khai mạc; bầu Đoàn Chủ tịch|Bầu Ban Chấp hành|Bế mạc" {
		t.Errorf("the agenda reads %q", agenda)
	}
	b.view(w, "#prep-agenda", "setup-prepare-agenda")
	took("the agenda")

	// 4. An election of 3 with 4 candidates ticked in the roll: the surplus as the presidium sees it.
	b.do(w, "prepare the election",
		chromedp.SendKeys(chromedp.CSS("#pl-title"), "Bầu Ban Chấp hành Đảng bộ phường khóa I"),
		chromedp.SendKeys(chromedp.CSS("#pl-seats"), "3"))
	eval[bool](b, w, `(() => { const s = document.getElementById("pl-item"); s.value = [...s.options].find(o => o.text.includes("Bầu Ban Chấp hành")).value; return true })()`)
	for _, name := range []string{"Nguyễn Văn An", "Trần Thị Bích", "Lê Văn Cường (Ba)", "Phạm Thị Dung"} {
		b.rowButton(w, "#cand-table", name, "input[type=checkbox]")
		b.waitText(w, "#cand-picked", name)
	}
	b.waitText(w, "#surplus", "Số dư: 1 người (33,33%)")
	b.waitText(w, "#surplus", "4 người cho 3 chỗ")
	b.waitText(w, "#surplus", "Trong khoảng quy chế cho phép")
	b.view(w, "#poll-prep-form", "setup-prepare-election")
	b.do(w, "save the draft", chromedp.Click(chromedp.CSS("#pl-save")))
	b.waitText(w, "#pl-out", "Đã lưu bản nháp")
	b.waitText(w, "#polls-table", "Bầu Ban Chấp hành Đảng bộ phường khóa I")
	b.waitText(w, "#polls-table", "+1 (33,33%)")
	b.waitText(w, "#agenda-table", "☐ Bầu Ban Chấp hành Đảng bộ phường khóa I")
	took("an election with its candidates")

	// 5. The tellers' accounts (and the presidium's), with their sign-in slips.
	accounts := []struct{ name, full, role string }{{"kiemphieu1", "Trần Văn Kiểm", "teller"}, {"kiemphieu2", "Ngô Thị Phiếu", "teller"},
		{"kiemphieu3", "Đặng Văn Ba", "teller"}, {"dct1", "Nguyễn Văn Chủ", "presidium"}}
	for i, a := range accounts {
		b.do(w, "create "+a.name,
			chromedp.SendKeys(chromedp.CSS("#op-name"), a.name),
			chromedp.SendKeys(chromedp.CSS("#op-fullname"), a.full),
			chromedp.SetValue(chromedp.CSS("#op-role"), a.role))
		if i == 0 {
			b.do(w, "the head of the tellers", chromedp.Click(chromedp.CSS("#op-head")))
		}
		b.do(w, "save "+a.name, chromedp.Click(chromedp.CSS("#op-save")))
		b.waitText(w, "#op-out", "Đã lưu "+a.name)
		b.waitText(w, "#accounts-table", a.full)
		b.waitText(w, "#fresh-table", a.name)
	}
	b.waitText(w, "#accounts-table", "trưởng ban")
	passwords := eval[map[string]string](b, w, `Object.fromEntries([...document.querySelectorAll("#fresh-table tr")].map(r => [r.children[0].innerText.trim(), r.querySelector(".pw").innerText.trim()]))`)
	if len(passwords) != 4 || len(passwords["kiemphieu1"]) < 12 {
		t.Fatalf("the new passwords shown: %v", passwords)
	}
	b.view(w, "#prep-accounts", "setup-prepare-accounts")
	if _, err := client.New(url).Login(ctx, "kiemphieu2", passwords["kiemphieu2"]); err != nil {
		t.Errorf("kiemphieu2 cannot sign in with the password shown: %v", err)
	}
	b.do(w, "print the slips", chromedp.Click(chromedp.CSS("#print-slips")), chromedp.WaitVisible(chromedp.CSS("#slips")))
	if n := eval[int](b, w, `document.querySelectorAll("#slips .slip").length`); n != 4 {
		t.Errorf("%d slips, want 4", n)
	}
	b.waitText(w, `#slips .slip[data-name="kiemphieu1"]`, "Trưởng Ban kiểm phiếu")
	b.waitText(w, `#slips .slip[data-name="kiemphieu1"]`, passwords["kiemphieu1"])
	b.waitText(w, `#slips .slip[data-name="dct1"]`, "Đoàn chủ tịch")
	b.shot(w, "setup-prepare-slips")
	savePDF(b, w, "print-slips")
	took("four accounts and their slips")

	// 6. The cards, and a delegate signs in with one.
	b.do(w, "back to setup", chromedp.Navigate(url+"/setup"), chromedp.WaitVisible(chromedp.CSS("#print-cards")))
	b.waitText(w, "#cards-count", "6 người chưa có thẻ")
	b.view(w, "#cards-section", "setup-prepare-cards-before")
	b.do(w, "print all cards", chromedp.Click(chromedp.CSS("#print-cards")), chromedp.WaitVisible(chromedp.CSS(`[data-test="confirm-yes"]`)))
	b.do(w, "confirm", chromedp.Click(chromedp.CSS(`[data-test="confirm-yes"]`)))
	b.waitText(w, "#cards", "Nguyễn Văn An")
	b.waitText(w, "#cards", "ĐẢNG BỘ PHƯỜNG AN KHÁNH")
	codes := sheetCodes(b, w)
	if len(codes) != 6 {
		t.Fatalf("%d cards on the sheet, want 6", len(codes))
	}
	b.shot(w, "setup-prepare-cards")
	took("the cards")

	var an daihoi.Delegate
	org := client.New(url)
	if _, err := org.Login(ctx, m.Organiser, m.Password); err != nil {
		t.Fatal(err)
	}
	snap, err := org.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range snap.Roll {
		if d.Name == "Nguyễn Văn An" {
			an = d
		}
	}
	tablet := b.window(1280, 800)
	b.do(tablet, "card sign-in", chromedp.Navigate(url+"/d/"+codes[an.ID]), chromedp.WaitVisible(chromedp.CSS("#current-item")))
	b.waitText(tablet, "#delegate-name", "Nguyễn Văn An")
	b.shot(tablet, "setup-prepare-delegate-tablet")
	took("a delegate signs in with a card")

	// The day begins: the presidium (with its slip's password) opens the first item and, everyone
	// checked in, the election. What the election counts by can no longer change: the page says why.
	pres := client.New(url)
	if _, err := pres.Login(ctx, "dct1", passwords["dct1"]); err != nil {
		t.Fatal(err)
	}
	if _, err := pres.AgendaNext(ctx); err != nil {
		t.Fatal(err)
	}
	for _, d := range snap.Roll {
		if err := org.Do(ctx, "POST", "/api/delegates/"+d.ID+"/presence", map[string]string{"presence": "present"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := pres.PollAction(ctx, snap.Polls[0].ID, "open"); err != nil {
		t.Fatalf("open the election: %v", err)
	}
	b.do(w, "back to setup", chromedp.Navigate(url+"/setup"), chromedp.WaitVisible(chromedp.CSS("#congress-form")))
	b.waitText(w, "#prep-begun", "Đại hội đã bắt đầu")
	b.waitText(w, "#polls-table", "Đang bỏ phiếu")
	b.waitText(w, "#polls-table", "đã mở: không sửa")
	clearInput(b, w, "#set-quorum")
	b.do(w, "lower the quorum", chromedp.SendKeys(chromedp.CSS("#set-quorum"), "1/2"), chromedp.Click(chromedp.CSS("#cg-save")))
	b.waitText(w, "#cg-out", "đã mở và đã tính theo chúng")
	b.view(w, "#congress-form .settings", "setup-prepare-refused")
	after, err := org.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after.Congress.Settings.Quorum.String() != "2/3" {
		t.Errorf("a refused quorum was stored: %s", after.Congress.Settings.Quorum)
	}
	b.do(w, "English", chromedp.Click(chromedp.CSS(`[data-test="lang"]`)))
	b.waitText(w, "#prep-congress", "The congress")
	clearInput(b, w, "#set-quorum")
	b.do(w, "lower the quorum again", chromedp.SendKeys(chromedp.CSS("#set-quorum"), "1/2"), chromedp.Click(chromedp.CSS("#cg-save")))
	b.waitText(w, "#cg-out", "has opened and counts by them")
	b.view(w, "#prep-begun", "setup-prepare-refused-en")
	// The log of the organisers' changes names who made each; the refused ones are not in it.
	b.do(w, "Tiếng Việt", chromedp.Click(chromedp.CSS(`[data-test="lang"]`)))
	b.do(w, "show the log", chromedp.Click(chromedp.CSS("#log-load")))
	b.waitText(w, "#log-table", "Danh sách: 6. Võ Thị Phương — Chính thức, Bị đình chỉ sinh hoạt")
	b.waitText(w, "#log-table", "Bầu cử \"Bầu Ban Chấp hành Đảng bộ phường khóa I\" — 3 chỗ, 4 ứng cử viên")
	b.waitText(w, "#log-table", "Ban tổ chức (bantochuc)")
	if strings.Contains(b.text(w, "#log-table"), "1/2") {
		t.Error("the log shows a refused change")
	}
	b.view(w, "#prep-log", "setup-prepare-log")
	took("a refused change, in both languages")
}
