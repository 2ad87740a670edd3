package main

// Browser tests of the tellers' console (/teller): three stations key a batch of paper ballots from
// the keyboard, the mismatches are resolved on screen, the tellers confirm one by one with the head
// last, the presidium publishes and the hall shows the result. Screenshots go to
// testdata/screenshots/teller-*.png.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
)

// tlWait waits until a JavaScript expression is true.
func tlWait(b *browser, ctx context.Context, what, expr string, limit time.Duration) {
	b.t.Helper()
	deadline := time.Now().Add(limit)
	var last error
	for {
		c, cancel := context.WithTimeout(ctx, 2*time.Second)
		ok, err := chromedp.Run(c, chromedp.Evaluate[bool](expr))
		cancel()
		if err == nil && ok {
			return
		}
		last = err
		if time.Now().After(deadline) {
			b.t.Fatalf("waiting for %s: not true after %v (%v)", what, limit, last)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

// tlTeller opens the teller console in a window of its own, signed in as name.
func tlTeller(b *browser, a *testApp, name string) context.Context {
	b.t.Helper()
	ctx := b.window(1280, 800)
	b.signIn(ctx, a.URL(), "teller", name)
	tlWait(b, ctx, name+"'s console", `typeof DH !== "undefined" && DH.state.ready && DH.state.online && !!document.querySelector("#poll-title")`, 10*time.Second)
	return ctx
}

// tlConfirm clicks #confirm and the dialog's yes.
func tlConfirm(b *browser, ctx context.Context) {
	b.t.Helper()
	// The card is rebuilt whenever the count changes on another screen: click the button as it is now.
	tlWait(b, ctx, "#confirm enabled and clicked", `(() => { const e = document.querySelector("#confirm"); if (!e || e.disabled) return false; e.click(); return true })()`, 10*time.Second)
	b.do(ctx, "confirm",
		chromedp.WaitVisible(chromedp.CSS(`[data-test="confirm-yes"]`)),
		chromedp.Click(chromedp.CSS(`[data-test="confirm-yes"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`.modal`)))
}

// tlPaperPoll creates a paper election keyed at the given stations and runs it to its close.
func tlPaperPoll(t *testing.T, a *testApp, title string, stations int) daihoi.Poll {
	t.Helper()
	req := daihoi.PollRequest{Kind: daihoi.Election, Title: title, Paper: true, Stations: stations, Seats: 5}
	for _, n := range paperNames {
		req.Candidates = append(req.Candidates, daihoi.CandidateRequest{Name: n})
	}
	return paperElection(t, a, req, nil, nil)
}

func TestBrowserTellerKeying(t *testing.T) {
	browserTest(t)
	a := startApp(t, "")
	a.CheckInAll()
	p := tlPaperPoll(t, a, "Bầu Ban Chấp hành Đảng bộ phường (phiếu giấy)", 3)
	const n = 30
	truth := texts(p, randomBallots(p, n, 11))
	// Ballot 3 keeps every name and bears every mark: the longest entry, which the list shows whole.
	truth[2] = "1 2 3 4 5 6 7 K T D"
	// What each station types: the truth, but station 2 mistypes ballot 5 and station 3 ballot 12.
	typed := [3][]string{append([]string(nil), truth...), append([]string(nil), truth...), append([]string(nil), truth...)}
	typed[1][4] = toggleName(t, p, truth[4], 6)
	typed[2][11] = truth[11] + " T"
	if strings.Contains(truth[11], "T") {
		typed[2][11] = toggleName(t, p, truth[11], 7)
	}
	// The first station types the names in its own order, as on the paper: the screen sorts them.
	typed[0][0] = reverseWords(truth[0])

	b := newBrowser(t)
	wins := []context.Context{tlTeller(b, a, "kiemphieu1"), tlTeller(b, a, "kiemphieu2"), tlTeller(b, a, "kiemphieu3")}
	k1 := wins[0]
	b.waitText(k1, "#poll-title", p.Title)

	// The head enters the figures and makes batch 1 from the screen.
	b.do(k1, "enter the figures",
		chromedp.SendKeys(chromedp.CSS("#paper-issued"), fmt.Sprint(n+1)),
		chromedp.SendKeys(chromedp.CSS("#paper-collected"), fmt.Sprint(n)),
		chromedp.SendKeys(chromedp.CSS("#count-note"), "Một đại biểu ra về trước khi bỏ phiếu, không nộp phiếu."),
		chromedp.Click(chromedp.CSS("#save-figures")))
	b.waitText(k1, "#figures", "chưa thu về")
	b.waitText(k1, "#paper-status", fmt.Sprintf("Các tập có 0 phiếu, khác số phiếu giấy thu vào (%d)", n))
	b.do(k1, "add batch 1", chromedp.SendKeys(chromedp.CSS("#batch-count"), fmt.Sprint(n)), chromedp.Click(chromedp.CSS("#add-batch")))
	b.waitText(k1, "#batches", "Đang nhập")
	b.shot(k1, "teller-console-batches")

	// Each station opens the keying screen of batch 1.
	for i, w := range wins {
		b.waitText(w, "#batches", fmt.Sprint(n))
		b.do(w, "open keying", chromedp.Click(chromedp.CSS(`.key-batch[data-batch="1"]`)), chromedp.WaitVisible(chromedp.CSS("#key-input")))
		b.waitText(w, "#key-pos", fmt.Sprintf("Phiếu 1 / %d", n))
		if i == 0 {
			// What the teller sees while typing: the names left standing, the others struck out.
			b.do(w, "type without Enter", chromedp.SendKeys(chromedp.CSS("#key-input"), "5 3 1"))
			b.waitText(w, "#key-preview", "→ 1 3 5 · giữ 3 tên (tối đa 5)")
			b.shot(w, "teller-keying-preview")
			// A ballot that keeps more names than the seats is shown invalid, in red, before Enter.
			b.do(w, "keep six", chromedp.SendKeys(chromedp.CSS("#key-input"), " 2 4 6"))
			b.waitText(w, "#key-preview", "giữ 6 tên — nhiều hơn 5 người cần bầu: phiếu không hợp lệ")
			if !eval[bool](b, w, `document.querySelector("#key-preview").classList.contains("error")`) {
				t.Errorf("a ballot keeping six names for five seats is not shown as invalid")
			}
			b.do(w, "back to three", chromedp.Evaluate[chromedp.Void](`(() => { const e = document.querySelector("#key-input"); e.value = "5 3 1"; e.dispatchEvent(new Event("input")); })()`))
			b.waitText(w, "#key-preview", "→ 1 3 5 · giữ 3 tên (tối đa 5)")
			if got := eval[int](b, w, `document.querySelectorAll(".k-names li.kept").length`); got != 3 {
				t.Fatalf("%d names shown as kept, want 3", got)
			}
			b.do(w, "a mistake", chromedp.SendKeys(chromedp.CSS("#key-input"), " 9\r"))
			b.waitText(w, "#key-preview", "không có tên số 9")
			b.waitText(w, "#key-pos", fmt.Sprintf("Phiếu 1 / %d", n))
			b.do(w, "clear", chromedp.Evaluate[chromedp.Void](`document.querySelector("#key-input").value = ""`))
		}
	}

	// The three stations key at the same time, keyboard only.
	var wg sync.WaitGroup
	speeds := make([]float64, 3)
	errs := make([]error, 3)
	for i, w := range wins {
		wg.Add(1)
		go func(i int, w context.Context) {
			defer wg.Done()
			start := time.Now()
			for _, text := range typed[i] {
				c, cancel := context.WithTimeout(w, 20*time.Second)
				err := chromedp.Do(c, chromedp.SendKeys(chromedp.CSS("#key-input"), text+"\r"))
				cancel()
				if err != nil {
					errs[i] = err
					return
				}
			}
			// Every entry is on the server: nothing pending, all keyed.
			deadline := time.Now().Add(20 * time.Second)
			for time.Now().Before(deadline) {
				c, cancel := context.WithTimeout(w, 2*time.Second)
				ok, err := chromedp.Run(c, chromedp.Evaluate[bool](fmt.Sprintf(`(() => { const s = document.querySelector("#key-stats"); return !!s && s.dataset.pending === "0" && s.dataset.keyed === "%d" })()`, n)))
				cancel()
				if err == nil && ok {
					speeds[i] = float64(n) / time.Since(start).Minutes()
					return
				}
				time.Sleep(20 * time.Millisecond)
			}
			errs[i] = fmt.Errorf("station %d: entries not all saved", i+1)
		}(i, w)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for i, s := range speeds {
		t.Logf("keying speed, station %d: %.0f ballots per minute (%d ballots, automated typing)", i+1, s, n)
	}
	b.waitText(wins[1], "#key-pos", "Đã nhập đủ")
	b.shot(wins[1], "teller-keying-done")
	// The list of the batch's ballots shows each entry in full, so that what was keyed can be read
	// back: no entry cut to «1 2 3 4 5 …».
	type entryView struct {
		Text string
		Cut  bool
	}
	shown := eval[[]entryView](b, wins[1], `[...document.querySelectorAll("#key-recent li .k-rtext")].map((e) => ({Text: e.textContent, Cut: e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1}))`)
	if len(shown) != n {
		t.Fatalf("%d entries in the batch's list, want %d", len(shown), n)
	}
	for i, e := range shown {
		if e.Text != typed[1][i] || e.Cut {
			t.Errorf("ballot %d in the list shows %q (cut: %v), want %q in full", i+1, e.Text, e.Cut, typed[1][i])
		}
	}

	// Station 2 goes back with ↑ to look at the last ballot it keyed, then leaves with Esc.
	b.do(wins[1], "arrow up", chromedp.SendKeys(chromedp.CSS("#key-input"), kb.ArrowUp))
	b.waitText(wins[1], "#key-pos", fmt.Sprintf("Phiếu %d / %d", n, n))
	if got := eval[string](b, wins[1], `document.querySelector("#key-input").value`); got != typed[1][n-1] {
		t.Fatalf("↑ shows %q, want the last entry %q", got, typed[1][n-1])
	}
	for _, w := range wins {
		b.do(w, "leave keying", chromedp.SendKeys(chromedp.CSS("#key-input"), kb.Escape), chromedp.WaitVisible(chromedp.CSS("#batches")))
	}

	// The comparison shows the two mismatches side by side.
	b.waitText(k1, "#batches", "Lệch 2 phiếu")
	b.do(k1, "open the comparison", chromedp.Click(chromedp.CSS(`.compare-batch[data-batch="1"]`)))
	b.waitText(k1, "#compare", "2 phiếu nhập lệch")
	rows := eval[[]int](b, k1, `[...document.querySelectorAll("#compare tr[data-position]")].map((r) => +r.dataset.position)`)
	if fmt.Sprint(rows) != "[5 12]" {
		t.Fatalf("mismatched ballots shown: %v, want [5 12]", rows)
	}
	b.waitText(k1, `#compare tr[data-position="12"]`, typed[2][11])
	b.shot(k1, "teller-compare")

	// The tellers look at the paper ballots: ballot 5 as stations 1 and 3 keyed it; ballot 12 typed again.
	// Each choice names the stations that keyed it.
	// (Stations are numbered in the order the tellers opened the batch, so the numbers are read
	// from the table's columns: two stations keyed one entry, the third the other.)
	if got := eval[string](b, k1, `(() => {
		const row = document.querySelector('#compare tr[data-position="5"]');
		const entries = [...row.querySelectorAll('td.tl-entry .mono')].map((e) => e.innerText.trim());
		return [...row.querySelectorAll('.use-entry')].map((b) => {
			const by = entries.map((x, i) => (x === b.dataset.entry ? i + 1 : 0)).filter(Boolean);
			return by.length + ':' + (b.innerText.includes('(máy ' + by.join(', ') + ')') ? 'ok' : b.innerText);
		}).sort().join(' ');
	})()`); got != "1:ok 2:ok" {
		t.Errorf("the choices for ballot 5 do not name the stations that keyed them: %q", got)
	}
	b.do(k1, "right entry for ballot 5", chromedp.Evaluate[chromedp.Void](`[...document.querySelectorAll('#compare tr[data-position="5"] .use-entry')].find((e) => e.dataset.entry === `+jsString(truth[4])+`).click()`))
	b.waitText(k1, "#compare", "1 phiếu nhập lệch")
	b.do(k1, "type ballot 12", chromedp.SendKeys(chromedp.CSS("#fix-12"), truth[11]+"\r"))
	b.waitText(k1, "#batches", "Khớp")
	b.waitText(k1, "#paper-status", "kiểm xong")
	b.waitText(k1, "#result", "Kết quả kiểm phiếu")
	b.waitText(k1, "#result", "Mã niêm phong")
	b.shot(k1, "teller-result")

	// The count is the true ballots' count, and the entry log holds both corrections.
	head := a.Login("kiemphieu1")
	tp := tellerPoll(t, head, p.ID)
	// The result gives the threshold in votes, and each row not elected says whether it passed it.
	base := tp.Poll.Base
	b.waitText(k1, "#threshold", fmt.Sprintf("tổng số đại biểu được triệu tập (%d), tức từ %d phiếu trở lên", base, base/2+1))
	if bad := eval[string](b, k1, fmt.Sprintf(`[...document.querySelectorAll('#votes tr.elected, #votes tr:not(.elected):not(.runoff)')].filter(tr => tr.cells.length > 4 && tr.cells[0].tagName === 'TD').filter(tr => {
		const v = +tr.cells[2].innerText, o = tr.cells[4].innerText;
		return tr.classList.contains('elected') ? !(o.startsWith('Trúng cử') && 2 * v > %d) : o !== (2 * v > %d ? 'Quá một nửa, hết chỗ' : 'Không quá một nửa');
	}).map(tr => tr.innerText).join('; ')`, base, base)); bad != "" {
		t.Errorf("rows whose outcome does not match their votes against the threshold: %s", bad)
	}
	var trueBallots []daihoi.Ballot
	for _, s := range truth {
		bl, err := daihoi.ParseKeyed(tp.Poll, s)
		if err != nil {
			t.Fatal(err)
		}
		trueBallots = append(trueBallots, bl)
	}
	if rec := tp.Poll.Record(trueBallots, nil); rec.Digest != tp.Digest {
		t.Fatalf("sealed %s, the true ballots %s", tp.Digest, rec.Digest)
	}
	b.do(k1, "entry log", chromedp.Navigate(a.URL()+"/print/entrylog/"+p.ID))
	b.waitText(k1, "#entrylog", "sửa")
	if got := eval[int](b, k1, `document.querySelectorAll("#entrylog tr.correction").length`); got != 2 {
		t.Fatalf("%d corrections in the printed entry log, want 2", got)
	}
	b.shot(k1, "teller-entrylog")
}

// toggleName strikes out the n-th name of an entry, or keeps it when it was struck.
func toggleName(t *testing.T, p daihoi.Poll, text string, n int) string {
	t.Helper()
	b, err := daihoi.ParseKeyed(p, text)
	if err != nil {
		t.Fatal(err)
	}
	id := daihoi.BallotOrder(p.Candidates)[n-1].ID
	var kept []string
	found := false
	for _, k := range b.Kept {
		if k == id {
			found = true
		} else {
			kept = append(kept, k)
		}
	}
	if !found {
		kept = append(kept, id)
	}
	b.Kept = kept
	return daihoi.KeyedText(p, b)
}

// reverseWords turns "1 3 5 K" into "K 5 3 1".
func reverseWords(s string) string {
	w := strings.Fields(s)
	for i, j := 0, len(w)-1; i < j; i, j = i+1, j-1 {
		w[i], w[j] = w[j], w[i]
	}
	return strings.Join(w, " ")
}

func TestBrowserTellerConfirm(t *testing.T) {
	browserTest(t)
	a := startApp(t, "")
	ctx := context.Background()
	// A paper election of the whole hall, counted at two stations through the API.
	p, _ := smallPaperPoll(t, a, 140)
	pres := a.Login("dct1")

	b := newBrowser(t)
	hall := b.window(1920, 1080)
	b.signIn(hall, a.URL(), "hall", "hoitruong")
	head := tlTeller(b, a, "kiemphieu1")
	b.do(head, "select the poll", chromedp.Click(chromedp.CSS(`.tl-poll[data-poll="`+p.ID+`"]`)))
	b.waitText(head, "#result", "Trúng cử")
	b.waitText(head, "#confirm-why", "Trưởng ban xác nhận sau cùng: còn 4 thành viên")
	if !eval[bool](b, head, `document.querySelector("#confirm").disabled`) {
		t.Fatal("the head's #confirm is enabled before the others have confirmed")
	}
	b.shot(head, "teller-confirm-head-waits")

	others := []string{"kiemphieu2", "kiemphieu3", "kiemphieu4", "kiemphieu5"}
	wins := map[string]context.Context{}
	for i, name := range others {
		w := tlTeller(b, a, name)
		wins[name] = w
		b.do(w, "select the poll", chromedp.Click(chromedp.CSS(`.tl-poll[data-poll="`+p.ID+`"]`)))
		tlConfirm(b, w)
		b.waitText(w, "#confirm-why", "Đồng chí đã xác nhận")
		if left := 3 - i; left > 0 {
			b.waitText(head, "#confirmations", fmt.Sprintf("còn %d thành viên", left))
		}
		if i == 1 {
			// A change after two confirmations: a teller rekeys a ballot, every confirmation goes.
			k2, k3 := a.Login("kiemphieu2"), a.Login("kiemphieu3")
			v := paperView(t, k2, p.ID)
			mine := v.Batches[0].Mine[0]
			other := "0"
			if mine == "0" {
				other = "1"
			}
			if err := k2.Post(ctx, "/api/polls/"+p.ID+"/paper/batches/1/key", daihoi.KeyRequest{Position: 1, Texts: []string{other}}, nil); err != nil {
				t.Fatal(err)
			}
			tlWait(b, head, "confirmations cleared on screen", `document.querySelectorAll("#confirmations li.yes").length === 0`, 10*time.Second)
			b.waitText(head, "#result", "Kết quả có khi phiếu giấy đã kiểm xong")
			b.waitText(head, "#batches", "Lệch 1 phiếu")
			b.shot(head, "teller-confirm-cleared")
			if err := k3.Post(ctx, "/api/polls/"+p.ID+"/paper/batches/1/correct", daihoi.CorrectRequest{Position: 1, Text: mine}, nil); err != nil {
				t.Fatal(err)
			}
			b.waitText(head, "#result", "Trúng cử")
			// The two confirm again.
			for _, again := range others[:2] {
				tlConfirm(b, wins[again])
			}
			b.waitText(head, "#confirmations", "còn 2 thành viên")
		}
	}
	if _, err := pres.PollAction(ctx, p.ID, "publish"); client.Status(err) != 409 {
		t.Fatalf("publishing before the head confirms: %v, want 409", err)
	}
	tlConfirm(b, head)
	b.waitText(head, "#confirm-why", "Chờ Đoàn Chủ tịch công bố")
	if got := eval[int](b, head, `document.querySelectorAll("#confirmations li.yes").length`); got != 5 {
		t.Fatalf("%d confirmations shown, want 5", got)
	}
	b.shot(head, "teller-confirmed")
	// A stray click on "Lưu số phiếu" now asks first; leaving it changes nothing.
	b.do(head, "save figures after the confirmations", chromedp.Click(chromedp.CSS("#save-figures")))
	b.waitText(head, ".modal-q", "5 thành viên đã xác nhận kết quả")
	b.do(head, "leave it", chromedp.Click(chromedp.CSS(`.modal [data-test="confirm-no"]`)))
	if got := eval[int](b, head, `document.querySelectorAll("#confirmations li.yes").length`); got != 5 {
		t.Errorf("%d confirmations after leaving the figures as they were, want 5", got)
	}

	// The presidium publishes; the hall shows the elected.
	v, err := pres.PollAction(ctx, p.ID, "publish")
	if err != nil {
		t.Fatalf("publish: %v", err)
	}
	names := map[string]string{}
	for _, c := range v.Order {
		names[c.ID] = c.Name
	}
	for _, id := range v.Result.Elected {
		b.waitText(hall, "#results", names[id])
	}
	b.shot(hall, "teller-hall-results")
	b.waitText(head, "#confirm-why", "đã được công bố")

	// The minutes, printable from the console.
	b.do(head, "print the minutes", chromedp.Navigate(a.URL()+"/print/minutes/"+p.ID))
	b.waitText(head, "#minutes-title", "BIÊN BẢN KIỂM PHIẾU")
	b.waitText(head, "#elected", names[v.Result.Elected[0]])
	b.waitText(head, "#signatures", "TRƯỞNG BAN")
	b.waitText(head, "#announcement", "Ban Kiểm phiếu xin hết.")
	b.shot(head, "teller-minutes-print")
}

// A two-column ballot (as many names as seats: Đồng ý / Không đồng ý against each name) is keyed
// one digit per name at two stations, keyboard only; a wrong length is refused on the screen, a
// mistyped mark shows in the comparison, and the corrected count is the true ballots' count.
func TestBrowserTellerKeyingTwoColumn(t *testing.T) {
	browserTest(t)
	a := startApp(t, "")
	a.CheckInAll()
	names := paperNames[:5]
	req := daihoi.PollRequest{Kind: daihoi.Election, Title: "Bầu Ban Kiểm tra Đảng ủy (danh sách không dư)", Paper: true, Stations: 2, Seats: len(names)}
	for _, n := range names {
		req.Candidates = append(req.Candidates, daihoi.CandidateRequest{Name: n})
	}
	p := paperElection(t, a, req, nil, nil)
	if !p.TwoColumn() {
		t.Fatal("the poll is not two-column")
	}
	const n = 8
	rng := rand.New(rand.NewPCG(5, 9))
	marks := []daihoi.Mark{daihoi.Agree, daihoi.Agree, daihoi.Agree, daihoi.Disagree, daihoi.Both, daihoi.NoMark}
	var ballots []daihoi.Ballot
	for range n {
		b := daihoi.Ballot{Marks: map[string]daihoi.Mark{}}
		for _, c := range p.Candidates {
			b.Marks[c.ID] = marks[rng.IntN(len(marks))]
		}
		ballots = append(ballots, b)
	}
	truth := texts(p, ballots)
	typed := [2][]string{slices.Clone(truth), slices.Clone(truth)}
	wrong := []byte(truth[2]) // station 2 hits the wrong key on ballot 3's second name
	wrong[1] = map[byte]byte{'1': '2', '2': '1', '3': '1', '0': '1'}[wrong[1]]
	typed[1][2] = string(wrong)

	b := newBrowser(t)
	wins := []context.Context{tlTeller(b, a, "kiemphieu1"), tlTeller(b, a, "kiemphieu2")}
	k1 := wins[0]
	b.waitText(k1, "#poll-title", p.Title)
	b.do(k1, "enter the figures",
		chromedp.SendKeys(chromedp.CSS("#paper-issued"), fmt.Sprint(n)),
		chromedp.SendKeys(chromedp.CSS("#paper-collected"), fmt.Sprint(n)),
		chromedp.Click(chromedp.CSS("#save-figures")))
	b.waitText(k1, "#paper-status", fmt.Sprintf("(%d)", n))
	b.do(k1, "add batch 1", chromedp.SendKeys(chromedp.CSS("#batch-count"), fmt.Sprint(n)), chromedp.Click(chromedp.CSS("#add-batch")))
	b.waitText(k1, "#batches", "Đang nhập")

	for i, w := range wins {
		b.waitText(w, "#batches", fmt.Sprint(n))
		b.do(w, "open keying", chromedp.Click(chromedp.CSS(`.key-batch[data-batch="1"]`)), chromedp.WaitVisible(chromedp.CSS("#key-input")))
		b.waitText(w, "#key-pos", fmt.Sprintf("Phiếu 1 / %d", n))
		if i == 0 {
			b.waitText(w, "#keying", "1 đồng ý, 2 không đồng ý")
			b.do(w, "too few digits", chromedp.SendKeys(chromedp.CSS("#key-input"), "12\r"))
			b.waitText(w, "#key-preview", fmt.Sprintf("gõ đúng %d chữ số", len(names)))
			b.waitText(w, "#key-pos", fmt.Sprintf("Phiếu 1 / %d", n))
			b.do(w, "a whole ballot, not yet sent", chromedp.Evaluate[chromedp.Void](`document.querySelector("#key-input").value = ""`),
				chromedp.SendKeys(chromedp.CSS("#key-input"), truth[0]))
			// The marks are the server's reading of the text, shown a moment after the last key.
			tlWait(b, w, "the marks of the whole ballot", fmt.Sprintf(`document.querySelectorAll(".k-names li.m0, .k-names li.m1, .k-names li.m2, .k-names li.m3").length === %d`, len(names)), 5*time.Second)
			for d, class := range map[byte]string{'1': "m1", '2': "m2", '3': "m3", '0': "m0"} {
				want := strings.Count(truth[0], string(d))
				if got := eval[int](b, w, `document.querySelectorAll(".k-names li.`+class+`").length`); got != want {
					t.Errorf("%d names shown as %s, want %d (ballot %s)", got, class, want, truth[0])
				}
			}
			b.shot(w, "teller-keying-two-column")
			b.do(w, "clear", chromedp.Evaluate[chromedp.Void](`document.querySelector("#key-input").value = ""`))
		}
	}
	for i, w := range wins {
		for _, text := range typed[i] {
			b.do(w, "key a ballot", chromedp.SendKeys(chromedp.CSS("#key-input"), text+"\r"))
		}
		tlWait(b, w, "every entry saved", fmt.Sprintf(`(() => { const s = document.querySelector("#key-stats"); return !!s && s.dataset.pending === "0" && s.dataset.keyed === "%d" })()`, n), 20*time.Second)
		b.do(w, "leave keying", chromedp.SendKeys(chromedp.CSS("#key-input"), kb.Escape), chromedp.WaitVisible(chromedp.CSS("#batches")))
	}

	b.waitText(k1, "#batches", "Lệch 1 phiếu")
	b.do(k1, "open the comparison", chromedp.Click(chromedp.CSS(`.compare-batch[data-batch="1"]`)))
	b.waitText(k1, "#compare", "1 phiếu nhập lệch")
	if rows := eval[[]int](b, k1, `[...document.querySelectorAll("#compare tr[data-position]")].map((r) => +r.dataset.position)`); fmt.Sprint(rows) != "[3]" {
		t.Fatalf("mismatched ballots shown: %v, want [3]", rows)
	}
	b.shot(k1, "teller-compare-two-column")
	b.do(k1, "right entry for ballot 3", chromedp.Evaluate[chromedp.Void](`[...document.querySelectorAll('#compare tr[data-position="3"] .use-entry')].find((e) => e.dataset.entry === `+jsString(truth[2])+`).click()`))
	b.waitText(k1, "#batches", "Khớp")
	b.waitText(k1, "#result", "Mã niêm phong")
	// A two-column ballot cannot keep more names than seats: the result lists the reasons it can have.
	if got := eval[[]string](b, k1, `[...document.querySelectorAll("#result .tl-reasons li")].map((li) => li.dataset.reason)`); fmt.Sprint(got) != "[not_issued all_struck added_name identifying_mark]" {
		t.Errorf("invalid reasons of a two-column result: %v", got)
	}
	b.waitText(k1, "#result", "Phiếu đánh dấu Không đồng ý với tất cả ứng cử viên")
	b.shot(k1, "teller-result-two-column")

	tp := tellerPoll(t, a.Login("kiemphieu1"), p.ID)
	if rec := tp.Poll.Record(ballots, nil); rec.Digest != tp.Digest {
		t.Fatalf("sealed %s, the true ballots %s", tp.Digest, rec.Digest)
	}
}
