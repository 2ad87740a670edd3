package main

// Browser tests of the door (check-in desk), the credential report, the secretariat and the
// organisers' setup page, each against the real server with the demo congress.

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
	"github.com/daihoi/daihoi/demo"
)

// seatsOf counts, independently of the server, the base and the quorum of the demo roll as the
// rules say: every official and ex-officio delegate, less the ex-officio members absent and the
// absent officials no alternate replaces; quorum is at least 2/3 of it.
func seatsOf(roll daihoi.Roll, presence map[string]daihoi.Presence) (base, present, needed int) {
	sitsFor := map[string]string{} // official → alternate
	for _, d := range roll {
		if d.Category == daihoi.Alternate && d.Replaces != "" {
			sitsFor[d.Replaces] = d.ID
		}
	}
	for _, d := range roll {
		if d.Category != daihoi.Official && d.Category != daihoi.ExOfficio {
			continue
		}
		p := presence[d.ID]
		absent := p == daihoi.AbsentWithReason || p == daihoi.AbsentWithoutReason
		alt, replaced := sitsFor[d.ID]
		if absent && (d.Category == daihoi.ExOfficio || !replaced) {
			continue
		}
		base++
		if p == daihoi.Present || (replaced && presence[alt] == daihoi.Present) {
			present++
		}
	}
	return base, present, (2*base + 2) / 3
}

// savePDF prints the page as Chromium would on A4 and saves it as $DAIHOI_PDF/NAME.pdf, when that
// folder is set: a person checks the pages with a PDF viewer.
func savePDF(b *browser, ctx context.Context, name string) {
	b.t.Helper()
	dir := os.Getenv("DAIHOI_PDF")
	if dir == "" {
		return
	}
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	buf, err := chromedp.Run(c, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		b.t.Fatalf("print %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".pdf"), buf, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// clearInput empties an input as a person selecting its text and deleting it would.
func clearInput(b *browser, ctx context.Context, sel string) {
	b.t.Helper()
	eval[bool](b, ctx, `(() => { const e = document.querySelector(`+jsString(sel)+`); e.value = ""; e.dispatchEvent(new Event("input", {bubbles: true})); return true })()`)
}

func TestBrowserCheckInChangesQuorum(t *testing.T) {
	browserTest(t)
	a := startApp(t, "")
	ctx := context.Background()
	b := newBrowser(t)

	base, _, needed := seatsOf(a.Demo.Roll, nil)
	if base != 150 || needed != 100 {
		t.Fatalf("demo base %d, quorum %d: the test expects 150 and 100", base, needed)
	}

	desk := b.window(1280, 800)
	b.signIn(desk, a.URL(), "checkin", "dontiep")
	hall := b.window(1920, 1080)
	b.signIn(hall, a.URL(), "hall", "hoitruong")
	pres := b.window(1280, 800)
	b.signIn(pres, a.URL(), "presidium", "dct1")

	// One short of the quorum, checked in through the API.
	client := a.Login("dontiep")
	var last daihoi.Delegate
	n := 0
	for _, d := range a.Demo.Roll {
		if d.Category != daihoi.Official && d.Category != daihoi.ExOfficio {
			continue
		}
		if n == needed-1 {
			last = d
			break
		}
		if _, err := client.CheckIn(ctx, a.Codes[d.ID]); err != nil {
			t.Fatalf("check in %s: %v", d.Name, err)
		}
		n++
	}
	before := fmt.Sprintf("%d/%d", needed-1, base)
	after := fmt.Sprintf("%d/%d", needed, base)
	b.waitText(desk, "#present-count", before)
	b.waitText(desk, "#present-count", "Chưa đủ")
	b.waitText(hall, "#attendance", before)
	b.waitText(hall, "#attendance", "Chưa đủ")
	b.waitText(pres, "#attendance", before)
	b.shot(desk, "checkin-before-quorum")
	// One short of the quorum the presidium cannot open a vote, and sees why.
	b.waitText(pres, "#polls", fmt.Sprintf("Chưa đủ túc số: có mặt %d/%d, cần ít nhất %d", needed-1, base, needed))
	if n := eval[int](b, pres, `document.querySelectorAll('#polls [data-act="open-poll"]:not([disabled])').length`); n != 0 {
		t.Errorf("%d open buttons are enabled one short of the quorum", n)
	}
	b.shot(pres, "presidium-no-quorum")

	// The scanner types the whole sign-in link of the card and Enter.
	b.do(desk, "scan a card", chromedp.SendKeys(chromedp.CSS("#scan"), "https://192.168.1.10:8443/d/"+a.Codes[last.ID]+"\r"))
	b.waitText(desk, "#scan-result", last.Name)
	b.waitText(desk, "#scan-result", last.Unit)
	b.waitText(desk, "#scan-result", fmt.Sprintf("Số %d", last.Number))
	b.waitText(desk, "#present-count", after)
	if got := b.text(desk, "#present-count"); strings.Contains(got, "Chưa đủ") || !strings.Contains(got, "Đủ") {
		t.Errorf("desk counter after the scan: %q, want Đủ", got)
	}
	if v := eval[string](b, desk, `document.activeElement.id + "|" + document.querySelector("#scan").value`); v != "scan|" {
		t.Errorf("after a scan the scan box should be empty and focused, got %q", v)
	}
	b.shot(desk, "checkin-after-scan")

	for name, win := range map[string]context.Context{"hall": hall, "presidium": pres} {
		b.waitText(win, "#attendance", after)
		if got := b.text(win, "#attendance"); strings.Contains(got, "Chưa đủ") || !strings.Contains(got, "Đủ") {
			t.Errorf("%s #attendance after the scan: %q, want Đủ", name, got)
		}
	}
	// One label per figure: the presidium reads how the base is derived, as the reports print it.
	b.waitText(pres, "#att-base", fmt.Sprintf("%d đại biểu chính thức được triệu tập", base))
	b.waitText(pres, "#att-base", fmt.Sprintf("= %d", base))
	b.shot(hall, "hall-quorum-reached")
	b.shot(pres, "presidium-quorum-reached")
	b.do(pres, "the open buttons come back with the quorum",
		chromedp.Poll[chromedp.Void](`document.querySelectorAll('#polls [data-act="open-poll"]:not([disabled])').length > 0`, chromedp.WithPollingTimeout(10*time.Second)))
	if got := b.text(pres, "#polls"); strings.Contains(got, "Chưa đủ túc số") {
		t.Errorf("the presidium's polls still say there is no quorum")
	}

	// A second scan of the same card is harmless and says so.
	b.do(desk, "scan the same card again", chromedp.SendKeys(chromedp.CSS("#scan"), a.Codes[last.ID]+"\r"))
	b.waitText(desk, "#scan-result", "Đã điểm danh từ trước")
	b.waitText(desk, "#present-count", after)
}

func TestBrowserCheckInSearch(t *testing.T) {
	browserTest(t)
	a := startApp(t, "")
	ctx := context.Background()
	b := newBrowser(t)
	desk := b.window(1280, 800)
	b.signIn(desk, a.URL(), "checkin", "dontiep")
	b.waitText(desk, "#present-count", "0/150")

	// An unknown code: a clear error, and the box is ready for the next card.
	b.do(desk, "scan an unknown code", chromedp.SendKeys(chromedp.CSS("#scan"), "zzzzzzzzzzzzzzzzzzzz\r"))
	b.waitText(desk, "#scan-error", "Không có đại biểu nào mang mã thẻ này")
	if v := eval[string](b, desk, `document.activeElement.id + "|" + document.querySelector("#scan").value`); v != "scan|" {
		t.Errorf("after an unknown code the scan box should be empty and focused, got %q", v)
	}
	b.shot(desk, "checkin-unknown-code")

	// A name without diacritics finds the person.
	an := a.Delegate("Nguyễn Văn An")
	b.do(desk, "search a name", chromedp.SendKeys(chromedp.CSS("#search"), "nguyen van an"))
	b.waitText(desk, "#search-results", "Nguyễn Văn An")
	b.waitText(desk, "#search-results", an.Unit)
	first := b.text(desk, "#search-results .person .p-name")
	if first != "Nguyễn Văn An" {
		t.Errorf("first match %q, want Nguyễn Văn An", first)
	}
	b.shot(desk, "checkin-search")

	// Mark him present by name, then another absent with a reason.
	row := fmt.Sprintf(`#search-results li[data-id=%q]`, an.ID)
	b.do(desk, "mark present", chromedp.Click(chromedp.CSS(row+` button[data-act="present"]`)))
	b.waitText(desk, "#present-count", "1/150")
	b.waitText(desk, row, "Có mặt")

	ill := a.Delegate("Trần Thị Ánh")
	clearInput(b, desk, "#search")
	b.do(desk, "search another name",
		chromedp.SendKeys(chromedp.CSS("#search"), "tran thi anh"))
	row = fmt.Sprintf(`#search-results li[data-id=%q]`, ill.ID)
	b.waitText(desk, row, "Trần Thị Ánh")
	b.do(desk, "absent with reason", chromedp.Click(chromedp.CSS(row+` button[data-act="absent_reason"]`)),
		chromedp.WaitVisible(chromedp.CSS("#reason")))
	// Saving without a reason is refused on the spot.
	b.do(desk, "save without a reason", chromedp.Click(chromedp.CSS("#reason-save")))
	b.waitText(desk, ".modal", "Hãy ghi lý do")
	b.do(desk, "give the reason", chromedp.SendKeys(chromedp.CSS("#reason"), "Đi công tác nước ngoài"))
	b.shot(desk, "checkin-absent-reason-dialog")
	b.do(desk, "save the reason", chromedp.Click(chromedp.CSS("#reason-save")), chromedp.WaitNotPresent(chromedp.CSS(".modal")))
	b.waitText(desk, row, "Vắng có lý do")
	b.waitText(desk, row, "Đi công tác nước ngoài")
	// An official absent whom no alternate replaces leaves the base: 1 present of 149.
	b.waitText(desk, "#absent-reason", "1")
	b.waitText(desk, "#present-count", "1/149")
	b.waitText(desk, "#not-arrived", "148")
	b.shot(desk, "checkin-absent-reason")

	// Absent without reason asks for confirmation first.
	other := a.Officials(3)[2]
	clearInput(b, desk, "#search")
	b.do(desk, "search a third", chromedp.SendKeys(chromedp.CSS("#search"), fmt.Sprint(other.Number)))
	row = fmt.Sprintf(`#search-results li[data-id=%q]`, other.ID)
	b.waitText(desk, row, other.Name)
	b.do(desk, "absent without reason", chromedp.Click(chromedp.CSS(row+` button[data-act="absent_noreason"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-test="confirm-yes"]`)))
	b.shot(desk, "checkin-absent-noreason-confirm")
	b.do(desk, "confirm", chromedp.Click(chromedp.CSS(`[data-test="confirm-yes"]`)))
	b.waitText(desk, "#absent-noreason", "1")
	b.waitText(desk, "#present-count", "1/148")

	// Short messages do not pile up over the desk: the two newest stay; a tap dismisses one.
	if got := eval[string](b, desk, `(() => { DH.toast('một', 'ok'); DH.toast('hai', 'ok'); DH.toast('ba', 'ok');
		return [...document.querySelectorAll('#toasts .toast')].map(t => t.innerText).join('|') })()`); got != "hai|ba" {
		t.Errorf("toasts shown after three: %q, want the two newest", got)
	}
	b.do(desk, "dismiss a toast", chromedp.Click(chromedp.CSS(`#toasts .toast`)))
	if n := eval[int](b, desk, `document.querySelectorAll('#toasts .toast').length`); n != 1 {
		t.Errorf("%d toasts after a tap on one of two", n)
	}

	// In English the desk keeps what was typed and the counts; the Vietnamese toasts are gone.
	b.do(desk, "switch to English", chromedp.Click(chromedp.CSS(`[data-test="lang"]`)))
	if n := eval[int](b, desk, `document.querySelectorAll('#toasts .toast').length`); n != 0 {
		t.Errorf("%d toasts in the old language after the switch", n)
	}
	b.waitText(desk, "#present-count", "Present / base")
	b.waitText(desk, "#present-count", "1/148")
	b.waitText(desk, row, "Absent without reason")
	if v := eval[string](b, desk, `document.querySelector("#search").value`); v != fmt.Sprint(other.Number) {
		t.Errorf("the search box lost its text on the language switch: %q", v)
	}
	b.shot(desk, "checkin-english")
	b.do(desk, "back to Vietnamese", chromedp.Click(chromedp.CSS(`[data-test="lang"]`)))
	b.waitText(desk, "#present-count", "Có mặt / tổng số")

	// The server agrees with what the desk shows.
	var att daihoi.Attendance
	if err := a.Login("dct1").Get(ctx, "/api/attendance", &att); err != nil {
		t.Fatal(err)
	}
	if att.Present != 1 || att.Base != 148 || att.AbsentReason+att.AbsentNoReason != 0 {
		t.Errorf("server attendance %+v: want 1 present of 148 (the two absent left the base)", att)
	}
}

func TestBrowserCommentReachesSecretariat(t *testing.T) {
	browserTest(t)
	a := startApp(t, "")
	ctx := context.Background()
	b := newBrowser(t)
	sec := b.window(1280, 800)
	b.signIn(sec, a.URL(), "secretariat", "thuky1")
	b.waitText(sec, "#comments", a.Demo.Documents[0].Title)

	doc := a.Demo.Documents[0]
	section := doc.Sections[1]
	const text = "Đề nghị bổ sung chỉ tiêu: 100% người cao tuổi được hướng dẫn dùng dịch vụ công trực tuyến; “chợ số” cho tiểu thương."
	an := a.Delegate("Nguyễn Văn An")
	tablet := a.Tablet(an)
	if err := tablet.Post(ctx, "/api/comments", daihoi.CommentRequest{Document: doc.ID, Section: section.Number, Text: text}, nil); err != nil {
		t.Fatalf("post a comment: %v", err)
	}
	ánh := a.Delegate("Trần Thị Ánh")
	if err := a.Tablet(ánh).Post(ctx, "/api/comments", daihoi.CommentRequest{Document: a.Demo.Documents[1].ID, Section: "3.2", Text: "Nên nêu rõ lộ trình giảm nghèo đa chiều."}, nil); err != nil {
		t.Fatalf("post a comment: %v", err)
	}

	sel := fmt.Sprintf(`#comments [data-document=%q] [data-section=%q]`, doc.ID, section.Number)
	b.waitText(sec, sel, text)
	b.waitText(sec, sel, "Nguyễn Văn An")
	b.waitText(sec, sel, section.Title)
	b.waitText(sec, "#comment-total", "2 ý kiến")
	b.shot(sec, "secretariat-comments")

	// A delegate's question to the presidium reaches the secretariat's screen too, under its topic,
	// live; the secretariat marks it answered and the mark is on the presidium's list as well.
	topic := a.Demo.Topics[0]
	const question = "Đề nghị làm rõ lộ trình chuyển đổi số ở các khu phố trong nhiệm kỳ tới."
	var q daihoi.Question
	if err := tablet.Post(ctx, "/api/questions", daihoi.QuestionRequest{Topic: topic, Text: question}, &q); err != nil {
		t.Fatalf("ask: %v", err)
	}
	qsel := fmt.Sprintf(`#questions [data-topic=%q] [data-question=%q]`, topic, q.ID)
	b.waitText(sec, qsel, question)
	b.waitText(sec, qsel, "Nguyễn Văn An")
	b.waitText(sec, "#question-total", "1 câu hỏi · 1 chưa trả lời")
	b.shot(sec, "secretariat-questions")
	b.do(sec, "mark the question answered", chromedp.Click(chromedp.CSS(qsel+" button")))
	b.waitText(sec, qsel, "Đã trả lời")
	b.waitText(sec, "#question-total", "1 câu hỏi · 0 chưa trả lời")
	snap, err := a.Login("dct1").State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Questions) != 1 || !snap.Questions[0].Answered {
		t.Errorf("the presidium's questions after the secretariat marked it answered: %+v", snap.Questions)
	}

	// The CSV, as the secretariat downloads it: a UTF-8 byte order mark, then the Vietnamese text
	// exactly as typed.
	var csv []byte
	if err := a.Login("thuky1").Do(ctx, "GET", "/api/comments.csv", nil, &csv); err != nil {
		t.Fatalf("download the CSV: %v", err)
	}
	if !bytes.HasPrefix(csv, []byte{0xEF, 0xBB, 0xBF}) {
		t.Errorf("the CSV does not start with the UTF-8 BOM: % x", csv[:min(8, len(csv))])
	}
	for _, want := range []string{text, "Nguyễn Văn An", an.Unit, doc.Title, "Nên nêu rõ lộ trình giảm nghèo đa chiều."} {
		if !bytes.Contains(csv, []byte(want)) {
			t.Errorf("the CSV lacks %q byte for byte", want)
		}
	}
	// The delegates' questions too, as the screen lists them.
	for _, want := range []string{"Câu hỏi gửi Đoàn Chủ tịch," + topic, question, "Đã trả lời"} {
		if !bytes.Contains(csv, []byte(want)) {
			t.Errorf("the CSV lacks the question's %q", want)
		}
	}
	// The link on the page is the same download.
	if href := eval[string](b, sec, `document.querySelector("#csv-link").getAttribute("href")`); href != "/api/comments.csv" {
		t.Errorf("CSV link %q", href)
	}

	// The printable page, grouped the same way.
	b.do(sec, "open the printable page", chromedp.Navigate(a.URL()+"/print/comments"))
	b.waitText(sec, "#comments", text)
	b.waitText(sec, "#comments", "Mục "+section.Number+". "+section.Title)
	b.waitText(sec, "#comments", "2 ý kiến")
	b.waitText(sec, "#comments #questions", "Câu hỏi của đại biểu gửi Đoàn Chủ tịch (1 câu hỏi, 0 chưa trả lời)")
	b.waitText(sec, "#comments #questions", topic)
	b.waitText(sec, "#comments #questions", question)
	b.waitText(sec, "#comments #questions", "Đã trả lời")
	b.shot(sec, "secretariat-print-comments")
	savePDF(b, sec, "print-comments")
}

func TestBrowserCredentialReport(t *testing.T) {
	browserTest(t)
	a := startApp(t, "")
	ctx := context.Background()
	desk := a.Login("dontiep")

	// Who comes: most officials and ex-officio members, the alternate who replaces an ill official,
	// a few absent with and without reason, some not yet arrived.
	presence := map[string]daihoi.Presence{}
	var alt, replaced daihoi.Delegate
	for _, d := range a.Demo.Roll {
		if d.Category == daihoi.Alternate && d.Replaces != "" {
			alt = d
		}
	}
	i := 0
	for _, d := range a.Demo.Roll {
		if alt.Replaces == d.ID {
			replaced = d
			continue
		}
		if d.Category != daihoi.Official && d.Category != daihoi.ExOfficio {
			continue
		}
		i++
		var p daihoi.Presence
		reason := ""
		switch {
		case i == 2 || i == 40 || i == 77:
			p, reason = daihoi.AbsentWithReason, "Ốm"
		case i == 90 || i == 120:
			p = daihoi.AbsentWithoutReason
		case i%13 == 0:
			continue // not yet arrived
		default:
			if _, err := desk.CheckIn(ctx, a.Codes[d.ID]); err != nil {
				t.Fatal(err)
			}
			presence[d.ID] = daihoi.Present
			continue
		}
		if err := desk.Post(ctx, "/api/delegates/"+d.ID+"/presence", map[string]string{"presence": string(p), "reason": reason}, nil); err != nil {
			t.Fatal(err)
		}
		presence[d.ID] = p
	}
	if err := desk.Post(ctx, "/api/delegates/"+replaced.ID+"/presence", map[string]string{"presence": "absent_reason", "reason": "Nằm viện"}, nil); err != nil {
		t.Fatal(err)
	}
	presence[replaced.ID] = daihoi.AbsentWithReason
	if _, err := desk.CheckIn(ctx, a.Codes[alt.ID]); err != nil {
		t.Fatal(err)
	}
	presence[alt.ID] = daihoi.Present

	// The figures, counted here from the demo roll.
	base, present, needed := seatsOf(a.Demo.Roll, presence)
	summoned, absentReason, absentNoReason, notArrived := 0, 0, 0, 0
	seated := []daihoi.Delegate{}
	for _, d := range a.Demo.Roll {
		if d.Category == daihoi.Guest {
			continue
		}
		summoned++
		if d.Category == daihoi.Alternate {
			if d.ID == alt.ID {
				seated = append(seated, d)
			}
			continue
		}
		switch presence[d.ID] {
		case daihoi.AbsentWithReason:
			absentReason++
		case daihoi.AbsentWithoutReason:
			absentNoReason++
		case daihoi.Present:
			seated = append(seated, d)
		default:
			notArrived++
		}
	}
	if len(seated) != present {
		t.Fatalf("test arithmetic: %d seated, %d present", len(seated), present)
	}
	year := 2026
	if demo.Date[:4] != "2026" {
		t.Fatalf("demo date %s: the age bands below assume 2026", demo.Date)
	}
	count := func(f func(d daihoi.Delegate) bool) int {
		n := 0
		for _, d := range seated {
			if f(d) {
				n++
			}
		}
		return n
	}
	ageIn := func(lo, hi int) func(daihoi.Delegate) bool {
		return func(d daihoi.Delegate) bool { age := year - d.BirthYear; return age >= lo && age <= hi }
	}
	pct := func(n, of int) string { // as the report writes it: a decimal comma
		return strings.Replace(fmt.Sprintf("%.2f", float64(n)*100/float64(of)+1e-9), ".", ",", 1)
	}

	b := newBrowser(t)
	w := b.window(1280, 900)
	b.signIn(w, a.URL(), "checkin", "dontiep")
	b.waitText(w, "#present-count", fmt.Sprintf("%d/%d", present, base))
	b.shot(w, "checkin-before-report")
	b.do(w, "open the credential report", chromedp.Navigate(a.URL()+"/print/credentials"))
	b.waitText(w, "#report", "BÁO CÁO THẨM TRA TƯ CÁCH ĐẠI BIỂU")
	b.waitText(w, "#report", demo.Title)
	b.waitText(w, "#report", "TRƯỞNG BAN")

	cells := []struct{ says, sel, want string }{
		{"tổng số được triệu tập", "#cr-summoned", fmt.Sprint(summoned)},
		{"tổng số để tính tỉ lệ", "#cr-base", fmt.Sprint(base)},
		{"có mặt", "#cr-present", fmt.Sprint(present)},
		{"tỉ lệ có mặt", "#cr-present-percent", pct(present, base)},
		{"vắng có lý do", "#cr-absent-reason", fmt.Sprint(absentReason)},
		{"vắng không lý do", "#cr-absent-noreason", fmt.Sprint(absentNoReason)},
		{"chưa đến", "#cr-not-arrived", fmt.Sprint(notArrived)},
		{"dự khuyết thay thế có mặt", "#cr-alternates-in", "1"},
		{"nam", `tr[data-group="gender"][data-key="nam"] td.n`, fmt.Sprint(count(func(d daihoi.Delegate) bool { return d.Gender == "nam" }))},
		{"nữ", `tr[data-group="gender"][data-key="nữ"] td.n`, fmt.Sprint(count(func(d daihoi.Delegate) bool { return d.Gender == "nữ" }))},
		{"nữ %", `tr[data-group="gender"][data-key="nữ"] td.p`, pct(count(func(d daihoi.Delegate) bool { return d.Gender == "nữ" }), present)},
		{"dưới 35", `tr[data-group="age"][data-key="under35"] td.n`, fmt.Sprint(count(ageIn(0, 34)))},
		{"35–45", `tr[data-group="age"][data-key="35-45"] td.n`, fmt.Sprint(count(ageIn(35, 45)))},
		{"46–55", `tr[data-group="age"][data-key="46-55"] td.n`, fmt.Sprint(count(ageIn(46, 55)))},
		{"trên 55", `tr[data-group="age"][data-key="over55"] td.n`, fmt.Sprint(count(ageIn(56, 200)))},
		{"trên 55 %", `tr[data-group="age"][data-key="over55"] td.p`, pct(count(ageIn(56, 200)), present)},
		{"thạc sĩ", `tr[data-group="education"][data-key="Thạc sĩ"] td.n`, fmt.Sprint(count(func(d daihoi.Delegate) bool { return d.Education == "Thạc sĩ" }))},
		{"đại học", `tr[data-group="education"][data-key="Đại học"] td.n`, fmt.Sprint(count(func(d daihoi.Delegate) bool { return d.Education == "Đại học" }))},
		{"cao cấp lý luận", `tr[data-group="theory"][data-key="Cao cấp"] td.n`, fmt.Sprint(count(func(d daihoi.Delegate) bool { return d.Theory == "Cao cấp" }))},
		{"sơ cấp lý luận", `tr[data-group="theory"][data-key="Sơ cấp"] td.n`, fmt.Sprint(count(func(d daihoi.Delegate) bool { return d.Theory == "Sơ cấp" }))},
		{"dân tộc Kinh", `tr[data-group="ethnicity"][data-key="Kinh"] td.n`, fmt.Sprint(count(func(d daihoi.Delegate) bool { return d.Ethnicity == "Kinh" }))},
		{"dân tộc Hoa", `tr[data-group="ethnicity"][data-key="Hoa"] td.n`, fmt.Sprint(count(func(d daihoi.Delegate) bool { return d.Ethnicity == "Hoa" }))},
		{"dân tộc Hoa %", `tr[data-group="ethnicity"][data-key="Hoa"] td.p`, pct(count(func(d daihoi.Delegate) bool { return d.Ethnicity == "Hoa" }), present)},
	}
	for _, c := range cells {
		if got := strings.TrimSpace(b.text(w, c.sel)); got != c.want {
			t.Errorf("%s (%s): the page says %q, the roll gives %q", c.says, c.sel, got, c.want)
		}
	}
	verdict := b.text(w, "#cr-quorum")
	if !strings.Contains(verdict, fmt.Sprintf("%d/%d", present, base)) || !strings.Contains(verdict, fmt.Sprint(needed)) ||
		(present >= needed) != strings.Contains(verdict, "đủ điều kiện") {
		t.Errorf("quorum sentence %q: present %d of %d, needed %d", verdict, present, base, needed)
	}
	absentees := b.text(w, "#cr-absentees")
	for _, want := range []string{replaced.Name, "Nằm viện", alt.Name} {
		if !strings.Contains(absentees, want) {
			t.Errorf("the list of absentees lacks %q: %q", want, absentees)
		}
	}
	b.shot(w, "credential-report")
	savePDF(b, w, "credential-report")

	// The JSON says the same.
	var rep daihoi.CredentialReport
	if err := desk.Get(ctx, "/api/credentials", &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Attendance.Present != present || rep.Attendance.Base != base || rep.Summoned != summoned {
		t.Errorf("/api/credentials: present %d base %d summoned %d; want %d %d %d", rep.Attendance.Present, rep.Attendance.Base, rep.Summoned, present, base, summoned)
	}
	// One label per figure: the base is printed with how it is derived, ending in the figure.
	if got := strings.TrimSpace(b.text(w, "#cr-base-from")); got != rep.Attendance.BaseVi || !strings.HasSuffix(got, fmt.Sprintf(" = %d", base)) || !strings.Contains(got, " trừ ") {
		t.Errorf("the credential report words the base %q; the attendance %q (base %d)", got, rep.Attendance.BaseVi, base)
	}
	// A delegate may not read it.
	if err := a.Tablet(a.Delegate("Nguyễn Văn An")).Get(ctx, "/api/credentials", &rep); err == nil {
		t.Error("a delegate read the credential report")
	}
}

func TestBrowserSetupCardsAndDocument(t *testing.T) {
	browserTest(t)
	a := startApp(t, "")
	ctx := context.Background()
	b := newBrowser(t)
	w := b.window(1280, 900)
	b.signIn(w, a.URL(), "setup", "bantochuc")
	b.waitText(w, "#summary", demo.Title)
	b.waitText(w, "#cards-box", "155 thẻ")
	// The organiser opened the page on loopback: the page warns that tablets cannot use that link.
	b.waitText(w, "#host-warn", "máy tính bảng sẽ không mở được")
	first := a.Demo.Roll[0]
	b.waitText(w, "#card-preview", first.Name)
	b.waitText(w, "#card-preview", "chỉ hiện khi thẻ được in")
	if txt := b.text(w, "#app"); strings.Contains(txt, a.Codes[first.ID]) {
		t.Error("the setup page shows a card's code")
	}

	// Load a draft: the server splits it into sections and the page lists them.
	draft := "Lời mở đầu của dự thảo.\n1. Tình hình chung\nNội dung mục một.\n2. Nhiệm vụ\n2.1 Kinh tế\nTăng thu ngân sách.\n2.2 Xã hội\nChăm lo an sinh."
	b.do(w, "load a draft",
		chromedp.SendKeys(chromedp.CSS("#doc-title"), "Dự thảo Chương trình hành động"),
		chromedp.SetValue(chromedp.CSS("#doc-text"), draft),
		chromedp.Click(chromedp.CSS("#doc-load")))
	b.waitText(w, "#doc-result", "tách được 5 mục")
	for _, want := range []string{"Mục 0", "Mục 1. Tình hình chung", "Mục 2.1. Kinh tế", "Mục 2.2. Xã hội"} {
		b.waitText(w, "#doc-sections", want)
	}
	b.waitText(w, "#doc-list", "Dự thảo Chương trình hành động")
	b.shot(w, "setup")

	// The card sheet for the LAN address the organiser typed: printing it issues every card anew,
	// and shows each code this once.
	b.do(w, "type the LAN address", chromedp.SetValue(chromedp.CSS("#card-host"), "192.168.1.10:8443"))
	b.do(w, "print all cards", chromedp.Click(chromedp.CSS("#print-cards")), chromedp.WaitVisible(chromedp.CSS(`[data-test="confirm-yes"]`)))
	b.waitText(w, ".modal", "cấp mã mới cho mọi đại biểu")
	b.do(w, "confirm", chromedp.Click(chromedp.CSS(`[data-test="confirm-yes"]`)))
	b.waitText(w, "#cards", first.Name)
	if n := eval[int](b, w, `document.querySelectorAll("#cards .card").length`); n != len(a.Demo.Roll) {
		t.Errorf("%d cards on the sheet, want %d", n, len(a.Demo.Roll))
	}
	sheet := sheetCodes(b, w)
	if len(sheet) != len(a.Demo.Roll) || sheet[first.ID] == "" || sheet[first.ID] == a.Codes[first.ID] {
		t.Fatalf("the sheet shows %d codes, the first delegate's %q (was %q)", len(sheet), sheet[first.ID], a.Codes[first.ID])
	}
	b.waitText(w, "#cards", "192.168.1.10:8443/d/"+sheet[first.ID])
	// Every QR code is a PNG in the sheet itself, and it draws.
	qr, cancel := context.WithTimeout(w, 10*time.Second)
	ok, err := chromedp.Run(qr, chromedp.Evaluate[bool](`Promise.all([...document.querySelectorAll("#cards .qr img")].map(i => new Promise(r => {
		if (!i.src.startsWith("data:image/png;base64,")) r(false); else if (i.complete) r(i.naturalWidth > 0); else { i.onload = () => r(i.naturalWidth > 0); i.onerror = () => r(false); } }))).then(a => a.length > 0 && a.every(Boolean))`, chromedp.EvalAwaitPromise))
	cancel()
	if err != nil || !ok {
		t.Errorf("the QR images of the cards did not load (%v)", err)
	}
	b.shot(w, "print-cards")
	savePDF(b, w, "print-cards")
	if err := client.New(a.URL()).SignInCard(ctx, a.Codes[first.ID]); client.Status(err) != http.StatusNotFound {
		t.Errorf("the card printed before the sheet still signs in: %v", err)
	}
	a.Codes = sheet
	a.Tablet(first)

	// The sheet is for the organiser only, and a bad host is refused.
	org := a.Login("bantochuc")
	if err := org.Do(ctx, "POST", "/print/cards?host=evil.example/x?", nil, nil); client.Status(err) != http.StatusBadRequest {
		t.Errorf("a host with a path: %v, want 400", err)
	}
	if err := a.Login("dontiep").Do(ctx, "POST", "/print/cards", nil, nil); client.Status(err) != http.StatusForbidden {
		t.Errorf("the check-in desk printed the cards: %v, want 403", err)
	}
	if err := a.Login("dontiep").Get(ctx, "/api/cards", nil); client.Status(err) != http.StatusForbidden {
		t.Errorf("the check-in desk listed the cards: %v, want 403", err)
	}

	// The first delegate lost the card: the organiser issues a new one and prints it alone.
	b.do(w, "back to setup", chromedp.Navigate(a.URL()+"/setup"))
	b.waitText(w, "#card-preview", first.Name)
	b.do(w, "type the LAN address", chromedp.SetValue(chromedp.CSS("#card-host"), "192.168.1.10:8443"))
	b.do(w, "reissue the card", chromedp.Click(chromedp.CSS("#reissue-card")), chromedp.WaitVisible(chromedp.CSS(`[data-test="confirm-yes"]`)))
	b.waitText(w, ".modal", "Thẻ cũ sẽ không dùng được nữa")
	b.do(w, "confirm", chromedp.Click(chromedp.CSS(`[data-test="confirm-yes"]`)))
	b.waitText(w, "#cards", first.Name)
	if n := eval[int](b, w, `document.querySelectorAll("#cards .card").length`); n != 1 {
		t.Errorf("%d cards on the sheet of one card", n)
	}
	newCode := sheetCodes(b, w)[first.ID]
	if newCode == "" || newCode == sheet[first.ID] {
		t.Fatalf("the card was not reissued: code %q, was %q", newCode, sheet[first.ID])
	}
	b.waitText(w, "#cards", "192.168.1.10:8443/d/"+newCode)
	b.shot(w, "setup-card-reissued")
	if err := client.New(a.URL()).SignInCard(ctx, sheet[first.ID]); client.Status(err) != http.StatusNotFound {
		t.Errorf("the lost card still signs in: %v", err)
	}
	a.Codes[first.ID] = newCode
	a.Tablet(first)

	// The new card is used on a second device: the organiser sees it on the setup page.
	a.Tablet(first)
	b.do(w, "back to setup", chromedp.Navigate(a.URL()+"/setup"))
	b.waitText(w, "#setup-devices", first.Name+" — 2 thiết bị")
	b.waitText(w, "#card-preview", "Đang đăng nhập trên 2 thiết bị")
}

// sheetCodes reads the codes off the card sheet open in w, by delegate id.
func sheetCodes(b *browser, w context.Context) map[string]string {
	return eval[map[string]string](b, w, `Object.fromEntries([...document.querySelectorAll("#cards .card")].map(c =>
		[c.dataset.delegate, c.querySelector(".link").textContent.trim().split("/d/").pop()]))`)

}
