package main

// Browser tests of the delegate's tablet (/delegate): the real server, real Chromium windows of a
// 10-inch tablet (1280×800 landscape, 800×1280 portrait) and the hall display (1920×1080). Each test
// asserts on what a person sees and saves screenshots under testdata/screenshots.

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
)

var dReceiptRe = regexp.MustCompile(`\b[0-9A-Z]{4}-[0-9A-Z]{4}\b`)

// tabletOpen opens a tablet window and signs it in with the delegate's card link.
func dTablet(b *browser, a *testApp, d daihoi.Delegate, w, h int) context.Context {
	b.t.Helper()
	ctx := b.window(w, h)
	b.do(ctx, "card sign-in of "+d.Name,
		chromedp.Navigate(a.URL()+"/d/"+a.Codes[d.ID]),
		chromedp.WaitVisible(chromedp.CSS("#current-item")))
	b.waitText(ctx, "#delegate-name", d.Name)
	b.waitText(ctx, "#delegate-name", fmt.Sprint(d.Number))
	return ctx
}

// hallOpen opens the hall display signed in as the hall account.
func dHall(b *browser, a *testApp) context.Context {
	b.t.Helper()
	ctx := b.window(1920, 1080)
	b.do(ctx, "sign in the hall display",
		chromedp.Navigate(a.URL()+"/hall"),
		chromedp.WaitVisible(chromedp.CSS("#login-name")),
		chromedp.SendKeys(chromedp.CSS("#login-name"), "hoitruong"),
		chromedp.SendKeys(chromedp.CSS("#login-password"), "hoitruong-2025"),
		chromedp.Click(chromedp.CSS("#login-submit")),
		chromedp.WaitVisible(chromedp.CSS("#hall-title")))
	return ctx
}

// dTap scrolls the element to the middle of the screen, as a person would before tapping it (the
// ballot's bar stays at the bottom of the screen), and taps it.
// dWaitFigure waits for a figure such as "3/12" in the element's text, however it is spaced
// ("3 / 12").
func dWaitFigure(b *browser, ctx context.Context, sel, want string) {
	b.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	var got string
	for time.Now().Before(deadline) {
		got = eval[string](b, ctx, `(() => { const e = document.querySelector(`+jsString(sel)+`); return e ? e.innerText : "" })()`)
		if strings.Contains(strings.Join(strings.Fields(got), ""), want) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.t.Fatalf("waiting for %q in %s: last text %q", want, sel, got)
}

// dShot saves a screenshot of the whole page scrolled to the top (a full-page capture of a page
// scrolled down draws its sticky bars in the middle).
func dShot(b *browser, ctx context.Context, name string) {
	b.t.Helper()
	eval[bool](b, ctx, `(() => { window.scrollTo(0, 0); return true })()`)
	b.shot(ctx, name)
}

func dTap(b *browser, ctx context.Context, sel string) {
	b.t.Helper()
	b.do(ctx, "tap "+sel,
		chromedp.WaitVisible(chromedp.CSS(sel)),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Evaluate[bool](`(() => { document.querySelector(`+jsString(sel)+`).scrollIntoView({block: "center"}); return true })()`)(ctx, t)
			return err
		}),
		chromedp.Click(chromedp.CSS(sel)))
}

// present marks exactly these people present and every other official or ex-officio delegate
// absent with a reason, through the check-in desk: the base becomes small, so that a few tablets
// decide an election. It returns the attendance.
func dPresentOnly(a *testApp, ds []daihoi.Delegate) daihoi.Attendance {
	a.t.Helper()
	ctx := context.Background()
	desk := a.Login("dontiep")
	keep := map[string]bool{}
	for _, d := range ds {
		keep[d.ID] = true
		if _, err := desk.CheckIn(ctx, a.Codes[d.ID]); err != nil {
			a.t.Fatalf("check in %s: %v", d.Name, err)
		}
	}
	for _, d := range a.Demo.Roll {
		if keep[d.ID] || (d.Category != daihoi.Official && d.Category != daihoi.ExOfficio) {
			continue
		}
		in := map[string]string{"presence": string(daihoi.AbsentWithReason), "reason": "Đi công tác"}
		if err := desk.Post(ctx, "/api/delegates/"+d.ID+"/presence", in, nil); err != nil {
			a.t.Fatalf("mark %s absent: %v", d.Name, err)
		}
	}
	var att daihoi.Attendance
	if err := desk.Get(ctx, "/api/attendance", &att); err != nil {
		a.t.Fatal(err)
	}
	return att
}

// closeCountPublish closes a poll, has every teller confirm it (the head last) and publishes it.
func dPublish(a *testApp, pres *client.Client, id string) daihoi.PollView {
	a.t.Helper()
	ctx := context.Background()
	if _, err := pres.PollAction(ctx, id, "close"); err != nil {
		a.t.Fatalf("close: %v", err)
	}
	for _, n := range []string{"kiemphieu2", "kiemphieu3", "kiemphieu4", "kiemphieu5", "kiemphieu1"} {
		if _, err := a.Login(n).PollAction(ctx, id, "confirm"); err != nil {
			a.t.Fatalf("confirm by %s: %v", n, err)
		}
	}
	v, err := pres.PollAction(ctx, id, "publish")
	if err != nil {
		a.t.Fatalf("publish: %v", err)
	}
	return v
}

// pollOf returns the poll as the presidium sees it now.
func dPoll(a *testApp, pres *client.Client, id string) daihoi.PollView {
	a.t.Helper()
	snap, err := pres.State(context.Background())
	if err != nil {
		a.t.Fatal(err)
	}
	for _, p := range snap.Polls {
		if p.ID == id {
			return p
		}
	}
	a.t.Fatalf("poll %s not found", id)
	return daihoi.PollView{}
}

// keptOf returns ids of the candidates in ballot order at the given indexes.
func dKept(order []daihoi.Candidate, idx ...int) []string {
	var out []string
	for _, i := range idx {
		out = append(out, order[i].ID)
	}
	return out
}

func dSeq(from, to int) []int {
	var out []int
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}

func TestBrowserTabletMotion(t *testing.T) {
	browserTest(t)
	a := startApp(t, "")
	ctx := context.Background()
	a.CheckInAll()
	pres := a.Login("dct1")
	if _, err := pres.AgendaNext(ctx); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	ds := a.Officials(3)
	// Tablets sign in before the poll opens: opening fixes who may vote.
	tabs := []context.Context{
		dTablet(b, a, ds[0], 1280, 800),
		dTablet(b, a, ds[1], 1280, 800),
		dTablet(b, a, ds[2], 800, 1280),
	}
	second := dTablet(b, a, ds[0], 800, 1280) // the same delegate's second tablet
	b.waitText(tabs[0], "#current-item", a.Demo.Agenda[0].Title)
	dShot(b, tabs[0], "tablet-agenda-landscape")
	dShot(b, tabs[2], "tablet-agenda-portrait")

	p, err := pres.CreatePoll(ctx, daihoi.PollRequest{Kind: daihoi.Motion, Title: "Thông qua Quy chế làm việc của Đại hội", Mode: daihoi.Named, Tablet: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pres.PollAction(ctx, p.ID, "open"); err != nil {
		t.Fatal(err)
	}
	for _, tab := range tabs {
		b.waitText(tab, "#ballot", "Thông qua Quy chế làm việc của Đại hội")
		b.waitText(tab, "#ballot", "Tán thành")
		b.waitText(tab, "#ballot", "Không tán thành")
		if n := eval[int](b, tab, `document.querySelectorAll('#vote-abstain').length`); n != 0 {
			t.Errorf("the ballot offers abstain although the ruleset does not")
		}
		if n := eval[int](b, tab, `document.querySelectorAll('#dmain:not([hidden]), #now:not([hidden])').length`); n != 0 {
			t.Errorf("the ballot does not take over the screen")
		}
	}
	dShot(b, tabs[0], "tablet-motion-ballot")
	dShot(b, tabs[2], "tablet-motion-ballot-portrait")

	choices := []struct{ id, label string }{{"for", "Tán thành"}, {"for", "Tán thành"}, {"against", "Không tán thành"}}
	receipts := make([]string, len(tabs))
	for i, tab := range tabs {
		dTap(b, tab, "#vote-"+choices[i].id)
		b.waitText(tab, "#confirm-choice", choices[i].label)
		b.waitText(tab, "#ballot", "không thay đổi được")
		if i == 2 {
			// Change of mind on the confirmation screen: back, choose again.
			dTap(b, tab, "#ballot-back")
			b.waitText(tab, "#ballot", "Xin chạm vào một lựa chọn")
			dTap(b, tab, "#vote-"+choices[i].id)
			b.waitText(tab, "#confirm-choice", choices[i].label)
		}
		if i == 0 {
			dShot(b, tab, "tablet-motion-confirm")
		}
		dTap(b, tab, "#ballot-send")
		b.waitText(tab, "#receipt", "Phiếu của đồng chí đã được ghi nhận")
		code := b.text(tab, "#receipt-code")
		if !dReceiptRe.MatchString(code) {
			t.Fatalf("tablet %d: receipt %q is not XXXX-XXXX", i, code)
		}
		receipts[i] = code
		// A named vote's receipt does not let the delegate believe the vote was secret.
		if help := b.text(tab, "#receipt .receipt-help"); !strings.Contains(help, "Đây là biểu quyết công khai: Đoàn Chủ tịch biết đồng chí đã chọn gì.") || strings.Contains(help, "không cho biết") {
			t.Errorf("tablet %d: the named vote's receipt says %q", i, help)
		}
		// The ballot went on the tablet's open websocket: no HTTP request carried it.
		if n := eval[int](b, tab, `performance.getEntriesByType('resource').filter(e => e.name.includes('/ballots')).length`); n != 0 {
			t.Errorf("tablet %d sent its ballot in %d HTTP requests, not on its websocket", i, n)
		}
	}
	dShot(b, tabs[0], "tablet-motion-receipt")
	dShot(b, tabs[2], "tablet-motion-receipt-portrait")

	// A reload shows the receipt, not the ballot.
	b.do(tabs[0], "reload", chromedp.Reload())
	b.waitText(tabs[0], "#receipt", receipts[0])
	if n := eval[int](b, tabs[0], `document.querySelectorAll('#ballot').length`); n != 0 {
		t.Errorf("after a reload the ballot is shown again")
	}
	// The same delegate's second tablet, open since before the vote, is told at once that the
	// delegate has voted: no ballot any more.
	b.waitText(second, "#voted", "Đồng chí đã bỏ phiếu")
	if n := eval[int](b, second, `document.querySelectorAll('#vote-for, #vote-against').length`); n != 0 {
		t.Errorf("the second tablet still offers the ballot after the delegate voted")
	}
	dShot(b, second, "tablet-motion-voted-live")
	// A ballot sent anyway (an old page) is refused by the server.
	if _, err := a.Tablet(ds[0]).Cast(ctx, p.ID, daihoi.BallotRequest{BallotID: client.NewBallotID(), Choice: daihoi.Against}); client.Status(err) != 409 {
		t.Errorf("a second ballot of the same delegate: %v, want 409", err)
	}
	// Reloaded, it still knows: voted, no ballot.
	b.do(second, "reload the second tablet", chromedp.Reload())
	b.waitText(second, "#voted", "Đồng chí đã bỏ phiếu")
	if n := eval[int](b, second, `document.querySelectorAll('#ballot, #vote-for').length`); n != 0 {
		t.Errorf("the second tablet of a delegate who voted shows a ballot")
	}
	dShot(b, second, "tablet-motion-voted-elsewhere")

	// The receipt can be closed; the banner keeps it.
	dTap(b, tabs[1], "#receipt-close")
	b.waitText(tabs[1], "#banner", receipts[1])
	b.waitText(tabs[1], "#current-item", a.Demo.Agenda[0].Title)

	if v := dPoll(a, pres, p.ID); v.Cast != 3 {
		t.Errorf("cast = %d, want 3", v.Cast)
	}
	// A delegate cannot vote twice, whatever the tablet sends.
	again := a.Tablet(ds[1])
	if _, err := again.Cast(ctx, p.ID, daihoi.BallotRequest{BallotID: client.NewBallotID(), Choice: daihoi.Against}); client.Status(err) != 409 {
		t.Errorf("second ballot: %v, want 409", err)
	}

	v := dPublish(a, pres, p.ID)
	if v.Result == nil || v.Result.For != 2 || v.Result.Against != 1 {
		t.Fatalf("result %+v, want 2 for, 1 against", v.Result)
	}
	var named []daihoi.NamedChoice
	if err := pres.Get(ctx, "/api/polls/"+p.ID+"/named", &named); err != nil || len(named) != 3 {
		t.Fatalf("named choices %v: %v", named, err)
	}
	// After publication: the result and the receipt check.
	tab := tabs[0]
	b.waitText(tab, "#banner", "Đã công bố kết quả")
	dTap(b, tab, "#banner-result")
	b.waitText(tab, "#tab-results", "KHÔNG ĐƯỢC THÔNG QUA") // 2 for of a base of ~150 is not more than half
	b.waitText(tab, "#tab-results", "Tán thành 2")
	dTap(b, tab, "#tab-results .check-btn")
	b.waitText(tab, "#tab-results .receipt-check", "có trong danh sách 3 phiếu")
	b.waitText(tab, "#tab-results .receipt-check", receipts[0])
	dShot(b, tab, "tablet-motion-result")
}

func TestBrowserTabletElection(t *testing.T) {
	browserTest(t)
	a := startApp(t, "")
	ctx := context.Background()
	voters := a.Officials(12)
	att := dPresentOnly(a, voters)
	t.Logf("base %d, present %d", att.Base, att.Present)
	pres := a.Login("dct1")
	b := newBrowser(t)
	hall := dHall(b, a)
	tabs := []context.Context{
		dTablet(b, a, voters[0], 1280, 800),
		dTablet(b, a, voters[1], 1280, 800),
		dTablet(b, a, voters[2], 800, 1280),
	}
	clients := make([]*client.Client, len(voters))
	for i := 3; i < len(voters); i++ {
		clients[i] = a.Tablet(voters[i])
	}

	// The demo's executive committee: 15 seats, 18 candidates, here on tablets only.
	var committee daihoi.Poll
	for _, p := range a.Demo.Polls {
		if p.Kind == daihoi.Election && p.Seats == 15 {
			committee = p
		}
	}
	if len(committee.Candidates) != 18 {
		t.Fatalf("the demo committee election has %d candidates", len(committee.Candidates))
	}
	var cands []daihoi.CandidateRequest
	for _, c := range committee.Candidates {
		cands = append(cands, daihoi.CandidateRequest{ID: c.Delegate, Name: c.Name})
	}
	p, err := pres.CreatePoll(ctx, daihoi.PollRequest{Kind: daihoi.Election, Title: committee.Title, Mode: daihoi.Secret, Tablet: true, Seats: 15, Candidates: cands})
	if err != nil {
		t.Fatal(err)
	}
	opened, err := pres.PollAction(ctx, p.ID, "open")
	if err != nil {
		t.Fatal(err)
	}
	order := opened.Order
	if opened.Issued != len(voters) {
		t.Fatalf("issued %d, want %d", opened.Issued, len(voters))
	}

	tab := tabs[0]
	b.waitText(tab, "#ballot", committee.Title)
	b.waitText(tab, "#ballot", order[0].Name)
	b.waitText(tab, "#ballot", order[17].Name)
	// Every name is kept at first: three too many. The ballot says what to do, not that it is wrong.
	b.waitText(tab, "#kept-count", "Giữ lại 18 / 15")
	b.waitText(tab, "#ballot-msg", "Danh sách có 18 người, cần bầu 15. Xin gạch 3 tên.")
	if !eval[bool](b, tab, `document.querySelector('#ballot-confirm').disabled`) {
		t.Errorf("confirm is enabled with 18 names kept for 15 seats")
	}
	if eval[bool](b, tab, `document.querySelector('#kept-count').classList.contains('over') || document.querySelector('#ballot-msg').classList.contains('error')`) {
		t.Errorf("the untouched ballot is shown as an error")
	}
	dShot(b, tab, "tablet-election-ballot")
	// The ballot is written in the screens' own font, whatever fonts the machine has: the layout
	// checked below is the one every tablet shows.
	if !eval[bool](b, tab, `[...document.fonts].some(f => f.family.includes('Daihoi Sans') && f.status === 'loaded') && getComputedStyle(document.querySelector('.cand .name')).fontFamily.startsWith('"Daihoi Sans"')`) {
		t.Errorf("the ballot is not written in the screens' own font (Daihoi Sans, served at /fonts/)")
	}
	// On the 1280×800 tablet the eighteen names fit above the bar without scrolling, the one long
	// enough to take two lines too: a name half under the bar would hide whether it is struck.
	if hidden := eval[string](b, tab, `(() => {
		window.scrollTo(0, 0);
		const bar = document.querySelector('.ballot-bar').getBoundingClientRect();
		return [...document.querySelectorAll('.cand')].filter(c => { const r = c.getBoundingClientRect(); return r.top < 0 || r.bottom > bar.top; })
			.map(c => c.innerText.replace(/\s+/g, ' ')).join('; ');
	})()`); hidden != "" {
		t.Errorf("on the landscape tablet these names are not wholly above the ballot's bar: %s", hidden)
	}
	if tall := eval[bool](b, tab, `[...document.querySelectorAll('.cand')].some(c => c.getBoundingClientRect().height > 70)`); !tall {
		t.Errorf("no name takes two lines on this ballot: the check above does not cover a long name")
	}
	dShot(b, tabs[2], "tablet-election-ballot-portrait")
	for _, i := range []int{15, 16, 17} {
		dTap(b, tab, fmt.Sprintf(`.cand[data-index="%d"]`, i))
	}
	b.waitText(tab, "#kept-count", "Giữ lại 15 / 15")
	// Strike a name and restore it.
	dTap(b, tab, `.cand[data-index="3"]`)
	b.waitText(tab, "#kept-count", "Giữ lại 14 / 15")
	if !eval[bool](b, tab, `document.querySelector('.cand[data-index="3"]').classList.contains('struck') &&
		getComputedStyle(document.querySelector('.cand[data-index="3"] .name')).textDecorationLine.includes('line-through')`) {
		t.Errorf("a struck name is not drawn crossed out")
	}
	b.waitText(tab, `.cand[data-index="3"]`, "Đã gạch")
	dShot(b, tab, "tablet-election-struck")
	dTap(b, tab, `.cand[data-index="3"]`)
	b.waitText(tab, "#kept-count", "Giữ lại 15 / 15")
	if eval[bool](b, tab, `document.querySelector('.cand[data-index="3"]').classList.contains('struck') || document.querySelector('.cand[data-index="3"]').innerText.includes('Đã gạch')`) {
		t.Errorf("a restored name still shows struck out")
	}
	// Keep one too many: the message says so and confirm is disabled.
	dTap(b, tab, `.cand[data-index="17"]`)
	b.waitText(tab, "#kept-count", "Giữ lại 16 / 15")
	b.waitText(tab, "#ballot-msg", "nhiều hơn 15 người cần bầu. Xin gạch thêm 1 tên")
	if !eval[bool](b, tab, `document.querySelector('#ballot-confirm').disabled`) {
		t.Errorf("confirm is enabled with 16 names kept for 15 seats")
	}
	dShot(b, tab, "tablet-election-over-seats")
	dTap(b, tab, `.cand[data-index="17"]`)
	b.waitText(tab, "#kept-count", "Giữ lại 15 / 15")
	// The review keeps each name's number on the ballot: with the fourth name struck and the
	// sixteenth kept, the kept names read 1, 2, 3, 5, …, 16, not 1 to 15 again.
	dTap(b, tab, `.cand[data-index="3"]`)
	dTap(b, tab, `.cand[data-index="15"]`)
	b.waitText(tab, "#kept-count", "Giữ lại 15 / 15")
	dTap(b, tab, "#ballot-confirm")
	b.waitText(tab, "#ballot", "Xin kiểm tra lại phiếu bầu")
	if got := eval[[]int](b, tab, `[...document.querySelectorAll("#confirm-kept li")].map((li) => li.value)`); fmt.Sprint(got) != "[1 2 3 5 6 7 8 9 10 11 12 13 14 15 16]" {
		t.Errorf("the review numbers the kept names %v, want their numbers on the ballot", got)
	}
	b.waitText(tab, "#ballot .struck-line", "4. "+order[3].Name)
	dShot(b, tab, "tablet-election-confirm-numbers")
	dTap(b, tab, "#ballot-back")
	dTap(b, tab, `.cand[data-index="3"]`)
	dTap(b, tab, `.cand[data-index="15"]`)
	b.waitText(tab, "#kept-count", "Giữ lại 15 / 15")
	dTap(b, tab, "#ballot-confirm")
	b.waitText(tab, "#ballot", "Xin kiểm tra lại phiếu bầu")
	b.waitText(tab, "#ballot", "Đồng chí bầu 15 người")
	kept := b.text(tab, "#confirm-kept")
	for i, c := range order {
		if in := strings.Contains(kept, c.Name); in != (i < 15) {
			t.Errorf("confirmation: %s listed = %v", c.Name, in)
		}
	}
	dShot(b, tab, "tablet-election-confirm")
	dTap(b, tab, "#ballot-send")
	b.waitText(tab, "#receipt", "Phiếu của đồng chí đã được ghi nhận")
	receipt := b.text(tab, "#receipt-code")
	if help := b.text(tab, "#receipt .receipt-help"); !strings.Contains(help, "Mã phiếu không cho biết đồng chí đã chọn gì.") {
		t.Errorf("the secret ballot's receipt says %q", help)
	}
	// The turnout under the receipt counts this ballot at once (the receipt carries the count).
	if got := b.text(tab, "#receipt .turnout-now"); !strings.HasPrefix(got, "Đã bỏ phiếu: ") || strings.HasPrefix(got, "Đã bỏ phiếu: 0 ") {
		t.Errorf("turnout under the receipt: %q", got)
	}
	dShot(b, tab, "tablet-election-receipt")

	// Two more tablets in the browser keep the first 15 names.
	for _, tb := range tabs[1:] {
		b.waitText(tb, "#kept-count", "Giữ lại 18 / 15")
		for _, i := range []int{15, 16, 17} {
			dTap(b, tb, fmt.Sprintf(`.cand[data-index="%d"]`, i))
		}
		b.waitText(tb, "#kept-count", "Giữ lại 15 / 15")
		dTap(b, tb, "#ballot-confirm")
		b.waitText(tb, "#ballot", "Xin kiểm tra lại phiếu bầu")
		dTap(b, tb, "#ballot-send")
		b.waitText(tb, "#receipt", "đã được ghi nhận")
	}
	// While the poll is open the hall shows the turnout and nobody's name.
	dWaitFigure(b, hall, "#turnout", fmt.Sprintf("3/%d", len(voters)))
	// Nine tablets through the client: voter i strikes order[i-3] and keeps order[15] instead, so
	// order[0..8] get 11 votes, order[9..14] 12, order[15] 9 and the last two none.
	for i := 3; i < len(voters); i++ {
		idx := append(dSeq(0, 15), 15)
		idx = append(idx[:i-3], idx[i-2:]...)
		if _, err := clients[i].Cast(ctx, p.ID, daihoi.BallotRequest{BallotID: client.NewBallotID(), Kept: dKept(order, idx...)}); err != nil {
			t.Fatalf("client ballot %d: %v", i, err)
		}
	}
	dWaitFigure(b, hall, "#turnout", fmt.Sprintf("%d/%d", len(voters), len(voters)))
	hallText := b.text(hall, "body")
	candidate := map[string]bool{}
	for _, c := range order {
		candidate[c.Name] = true
	}
	for _, d := range voters {
		if !candidate[d.Name] && strings.Contains(hallText, d.Name) {
			t.Errorf("the hall names the voter %s while the poll is open", d.Name)
		}
	}
	// No agenda item is open here: the hall shows the vote, not "the congress will begin shortly".
	if got := eval[string](b, hall, `document.querySelector("#current-item").textContent`); got != "" {
		t.Errorf("the hall's item line during a vote between items: %q", got)
	}
	b.waitText(hall, "#turnout", "số phiếu phát ra")
	dShot(b, hall, "hall-election-turnout")

	v := dPublish(a, pres, p.ID)
	r := v.Result
	if r == nil {
		t.Fatal("no result")
	}
	want := append(dKept(order, dSeq(9, 15)...), dKept(order, dSeq(0, 9)...)...)
	if !reflect.DeepEqual(r.Elected, want) {
		t.Errorf("elected %v, want %v", r.Elected, want)
	}
	// The result equals `daihoi tally` on the poll's record.
	rec, err := pres.Record(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	out, err := TallyRecord(rec)
	if err != nil {
		t.Fatal(err)
	}
	var tally, server map[string]any
	json.Unmarshal(out, &tally)
	sj, _ := json.Marshal(r)
	json.Unmarshal(sj, &server)
	if tally["digest"] != v.Digest {
		t.Errorf("tally digest %v, poll digest %s", tally["digest"], v.Digest)
	}
	delete(tally, "digest")
	if !reflect.DeepEqual(tally, server) {
		t.Errorf("the server's result differs from daihoi tally:\nserver %s\ntally  %s", sj, out)
	}

	// The hall shows the elected, in order.
	names := map[string]string{}
	for _, c := range order {
		names[c.ID] = c.Name
	}
	b.waitText(hall, "#results", names[want[0]])
	b.waitText(hall, "#results .hall-note", fmt.Sprintf("Tổng số đại biểu được triệu tập: %d", att.Base))
	// The hall shows every candidate's votes in ballot order. Beside one column, the list of the
	// elected in its box, in order; this base's derivation takes two lines, and 18 names beside 15
	// elected then go in two columns (1/27 of the height each), the elected in gold, exactly them.
	if eval[bool](b, hall, `document.querySelector('#results').classList.contains('cols2')`) {
		gold := eval[[]string](b, hall, `[...document.querySelectorAll("#results .hall-chart-row.elected .nm")].map(e => e.textContent)`)
		if len(gold) != len(want) {
			t.Errorf("the hall marks %d elected, want %d: %q", len(gold), len(want), gold)
		}
		for _, id := range want {
			if !slices.Contains(gold, names[id]) {
				t.Errorf("the hall does not mark %s elected", names[id])
			}
		}
		b.waitText(hall, "#results .hall-note", fmt.Sprintf("Trúng cử khi được trên một nửa tổng số: từ %d phiếu.", att.Base/2+1))
	} else {
		results := b.text(hall, "#results .hall-elected")
		last := -1
		for _, id := range want {
			i := strings.Index(results, names[id])
			if i < 0 || i < last {
				t.Errorf("the hall's results do not list %s in order", names[id])
			}
			last = i
		}
		b.waitText(hall, "#results .hall-note", fmt.Sprintf("Trúng cử khi được trên một nửa tổng số (từ %d phiếu): vạch trắng.", att.Base/2+1))
	}
	dShot(b, hall, "hall-election-results")

	// The tablet: the result and the receipt check.
	b.waitText(tab, "#banner", "Đã công bố kết quả")
	dTap(b, tab, "#banner-result")
	b.waitText(tab, "#tab-results", "Trúng cử (15 người")
	b.waitText(tab, "#tab-results ol.elected", names[want[0]])
	// Every candidate's votes, not only the elected: the eighteen names with the server's figures.
	type voteRow struct {
		ID, Name string
		Votes    int
	}
	rows := eval[[]voteRow](b, tab, `[...document.querySelectorAll("#tab-results table.votes-all tbody tr")].map((tr) => ({ID: tr.dataset.candidate, Name: tr.cells[1].innerText, Votes: +tr.cells[2].innerText}))`)
	if len(rows) != len(order) {
		t.Errorf("the results tab lists %d candidates' votes, want all %d", len(rows), len(order))
	}
	for _, row := range rows {
		if row.Name != names[row.ID] || row.Votes != r.Votes[row.ID] {
			t.Errorf("results tab: %s %d votes, want %s %d", row.Name, row.Votes, names[row.ID], r.Votes[row.ID])
		}
	}
	dTap(b, tab, "#tab-results .check-btn")
	b.waitText(tab, "#tab-results .receipt-check", "có trong danh sách 12 phiếu")
	b.waitText(tab, "#tab-results .receipt-check", receipt)
	dShot(b, tab, "tablet-election-result")
}

func TestBrowserTabletRetry(t *testing.T) {
	browserTest(t)
	a := startApp(t, "")
	ctx := context.Background()
	a.CheckInAll()
	pres := a.Login("dct1")
	b := newBrowser(t)
	d := a.Officials(1)[0]
	tab := dTablet(b, a, d, 1280, 800)
	p, err := pres.CreatePoll(ctx, daihoi.PollRequest{Kind: daihoi.Motion, Title: "Thông qua danh sách Ban kiểm phiếu", Mode: daihoi.Secret, Tablet: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pres.PollAction(ctx, p.ID, "open"); err != nil {
		t.Fatal(err)
	}
	// A secret motion is a secret vote (biểu quyết kín), not a secret ballot of an election.
	b.waitText(tab, "#ballot .ballot-mode", "Biểu quyết kín: không ai biết đồng chí chọn gì.")
	dTap(b, tab, "#vote-for")
	b.waitText(tab, "#confirm-choice", "Tán thành")

	// 1. The tablet is offline: nothing reaches the server, the tablet keeps trying.
	if _, err := chromedp.Call(tab, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	offline := func(on bool) {
		t.Helper()
		conds := []*network.Conditions{}
		if on {
			conds = append(conds, &network.Conditions{Offline: true, Latency: 0, DownloadThroughput: -1, UploadThroughput: -1})
		}
		if _, err := chromedp.Call(tab, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: conds}); err != nil {
			t.Fatalf("network emulation: %v", err)
		}
	}
	offline(true)
	dTap(b, tab, "#ballot-send")
	b.waitText(tab, "#sending", "Đang gửi")
	b.waitText(tab, "#sending", "Lần gửi thứ 3")
	dShot(b, tab, "tablet-retry-sending")
	if v := dPoll(a, pres, p.ID); v.Cast != 0 {
		t.Fatalf("cast = %d while the tablet was offline", v.Cast)
	}
	pending := eval[string](b, tab, `JSON.stringify(Object.keys(localStorage).filter(k => k.startsWith('daihoi.pending.')).map(k => JSON.parse(localStorage[k]).body.ballot_id))`)
	var ids []string
	json.Unmarshal([]byte(pending), &ids)
	if len(ids) != 1 {
		t.Fatalf("pending ballots in localStorage: %s", pending)
	}
	ballotID := ids[0]

	// 2. Back on the network, but the answers are lost on the way back: the server has the
	// ballot, the tablet does not know and sends it again with the same id.
	type seen struct {
		ballotID, body string
	}
	var mu sync.Mutex
	var paused []seen
	fctx, stop := context.WithCancel(tab)
	defer stop()
	events := chromedp.Events(fctx, fetch.RequestPaused)
	if _, err := chromedp.Call(tab, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*/ballots", RequestStage: fetch.RequestStageResponse}}}); err != nil {
		t.Fatal(err)
	}
	go func() {
		for ev, err := range events {
			if err != nil {
				return
			}
			var s seen
			if ev.Request != nil {
				for _, e := range ev.Request.PostDataEntries {
					raw, _ := base64.StdEncoding.DecodeString(string(e.Bytes))
					if len(raw) == 0 {
						raw = e.Bytes
					}
					var body daihoi.BallotRequest
					json.Unmarshal(raw, &body)
					s.ballotID = body.BallotID
				}
			}
			if res, err := chromedp.Call(tab, fetch.GetResponseBody, fetch.GetResponseBodyParams{RequestID: ev.RequestID}); err == nil {
				body := res.Body
				if res.Base64encoded {
					if raw, err := base64.StdEncoding.DecodeString(string(res.Body)); err == nil {
						body = raw
					}
				}
				s.body = string(body)
			} else {
				s.body = "get response body: " + err.Error()
			}
			mu.Lock()
			paused = append(paused, s)
			mu.Unlock()
			chromedp.Call(tab, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonConnectionReset})
		}
	}()
	offline(false)
	deadline := time.Now().Add(20 * time.Second)
	for {
		mu.Lock()
		n := len(paused)
		mu.Unlock()
		if n >= 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the tablet did not resend the ballot (%d answers dropped)", n)
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.waitText(tab, "#sending", "Đang gửi")
	// 3. The network works again: the next try gets the receipt.
	if _, err := chromedp.Call(tab, fetch.Disable, struct{}{}); err != nil {
		t.Fatal(err)
	}
	b.waitText(tab, "#receipt", "Phiếu của đồng chí đã được ghi nhận")
	code := b.text(tab, "#receipt-code")
	dShot(b, tab, "tablet-retry-receipt")
	stop()

	mu.Lock()
	defer mu.Unlock()
	var first daihoi.Receipt
	if err := json.Unmarshal([]byte(paused[0].body), &first); err != nil {
		t.Fatalf("first answer %q: %v", paused[0].body, err)
	}
	// The first try went on the websocket while the tablet was offline; the browser may hold
	// that message and deliver it once the network is back, before the HTTP tries, in which case
	// every HTTP answer is already a duplicate. Either way there is one receipt and one ballot.
	if first.Receipt != code {
		t.Errorf("first (lost) answer %+v; the tablet shows %s", first, code)
	}
	for i, s := range paused {
		if s.ballotID != ballotID {
			t.Errorf("try %d sent ballot id %q, want %q", i+2, s.ballotID, ballotID)
		}
	}
	var later daihoi.Receipt
	json.Unmarshal([]byte(paused[1].body), &later)
	if !later.Duplicate || later.Receipt != code || later.Cast != 1 {
		t.Errorf("a retry was answered %+v, want the same receipt as a duplicate", later)
	}
	if n := eval[int](b, tab, `Object.keys(localStorage).filter(k => k.startsWith('daihoi.pending.')).length`); n != 0 {
		t.Errorf("the ballot is still pending after its receipt")
	}
	// Exactly one ballot in the box.
	if v := dPoll(a, pres, p.ID); v.Cast != 1 {
		t.Errorf("cast = %d, want 1", v.Cast)
	}
	if _, err := pres.PollAction(ctx, p.ID, "close"); err != nil {
		t.Fatal(err)
	}
	rec, err := a.Login("kiemphieu1").Record(ctx, p.ID) // the tellers see the ballots once the poll closes
	if err != nil {
		t.Fatal(err)
	}
	var r daihoi.Record
	if err := json.Unmarshal(rec, &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Ballots) != 1 || r.Ballots[0].Choice != daihoi.For {
		t.Errorf("the box holds %+v, want one ballot for", r.Ballots)
	}
}

func TestBrowserTabletRunoff(t *testing.T) {
	browserTest(t)
	a := startApp(t, "")
	ctx := context.Background()
	voters := a.Officials(10)
	att := dPresentOnly(a, voters)
	pres := a.Login("dct1")
	b := newBrowser(t)
	tab := dTablet(b, a, voters[0], 1280, 800)
	clients := make([]*client.Client, len(voters))
	for i := 1; i < len(voters); i++ {
		clients[i] = a.Tablet(voters[i])
	}
	// Four candidates for three seats, none of them voting here.
	var cands []daihoi.CandidateRequest
	for _, d := range a.Officials(30)[20:24] {
		cands = append(cands, daihoi.CandidateRequest{ID: d.ID, Name: d.Name})
	}
	p, err := pres.CreatePoll(ctx, daihoi.PollRequest{Kind: daihoi.Election, Title: "Bầu Ủy ban Kiểm tra Đảng ủy phường", Mode: daihoi.Secret, Tablet: true, Seats: 3, Candidates: cands})
	if err != nil {
		t.Fatal(err)
	}
	opened, err := pres.PollAction(ctx, p.ID, "open")
	if err != nil {
		t.Fatal(err)
	}
	order := opened.Order
	b.waitText(tab, "#kept-count", "Giữ lại 4 / 3")
	// Nine tablets: everyone keeps order[0]; each of the other three is struck by three voters, so
	// they tie at 6 votes (more than half of the base) for the last two seats.
	for i := 1; i < len(voters); i++ {
		struck := 1 + (i-1)%3
		var idx []int
		for j := 0; j < 4; j++ {
			if j != struck {
				idx = append(idx, j)
			}
		}
		if _, err := clients[i].Cast(ctx, p.ID, daihoi.BallotRequest{BallotID: client.NewBallotID(), Kept: dKept(order, idx...)}); err != nil {
			t.Fatalf("ballot %d: %v", i, err)
		}
	}
	if !daihoi.MoreThanHalf(6, att.Base) {
		t.Fatalf("base %d: 6 votes are not more than half", att.Base)
	}
	v := dPublish(a, pres, p.ID)
	r := v.Result
	if r == nil || !reflect.DeepEqual(r.Elected, dKept(order, 0)) || r.RunoffSeats != 2 || len(r.Runoff) != 3 {
		t.Fatalf("result %+v, want order[0] elected and a run-off of three for two seats", r)
	}
	// The tablet shows the tie.
	b.waitText(tab, "#banner", "Đã công bố kết quả")
	dTap(b, tab, "#banner-result")
	b.waitText(tab, "#tab-results", "bằng phiếu nhau ở vị trí cuối")
	b.waitText(tab, "#tab-results", order[2].Name)
	dShot(b, tab, "tablet-runoff-tie")

	// The presidium opens the run-off among exactly the tied candidates.
	var next daihoi.Poll
	if err := pres.Post(ctx, "/api/polls/"+p.ID+"/next-round", nil, &next); err != nil {
		t.Fatal(err)
	}
	if next.Purpose != daihoi.RunoffRound || next.Seats != 2 || len(next.Candidates) != 3 {
		t.Fatalf("next round %+v", next)
	}
	round2, err := pres.PollAction(ctx, next.ID, "open")
	if err != nil {
		t.Fatal(err)
	}
	b.waitText(tab, "#ballot", "BẦU LẠI")
	b.waitText(tab, "#ballot", next.Title)
	b.waitText(tab, "#kept-count", "Giữ lại 3 / 2")
	if n := eval[int](b, tab, `document.querySelectorAll('.cand').length`); n != 3 {
		t.Errorf("the run-off ballot lists %d names, want 3", n)
	}
	if strings.Contains(b.text(tab, "#ballot"), order[0].Name) {
		t.Errorf("the run-off ballot lists %s, elected in the first round", order[0].Name)
	}
	dShot(b, tab, "tablet-runoff-ballot")
	// Strike the last name of the run-off ballot.
	dTap(b, tab, `.cand[data-index="2"]`)
	b.waitText(tab, "#kept-count", "Giữ lại 2 / 2")
	dTap(b, tab, "#ballot-confirm")
	b.waitText(tab, "#confirm-kept", round2.Order[0].Name)
	b.waitText(tab, "#confirm-kept", round2.Order[1].Name)
	dTap(b, tab, "#ballot-send")
	b.waitText(tab, "#receipt", "đã được ghi nhận")
	dShot(b, tab, "tablet-runoff-receipt")
	// The others keep the first two names too.
	for i := 1; i < len(voters); i++ {
		if _, err := clients[i].Cast(ctx, next.ID, daihoi.BallotRequest{BallotID: client.NewBallotID(), Kept: dKept(round2.Order, 0, 1)}); err != nil {
			t.Fatalf("run-off ballot %d: %v", i, err)
		}
	}
	v2 := dPublish(a, pres, next.ID)
	if v2.Result == nil || !reflect.DeepEqual(v2.Result.Elected, dKept(round2.Order, 0, 1)) {
		t.Fatalf("run-off result %+v", v2.Result)
	}
	// The tablet is on the results already: the run-off's result appears there.
	b.waitText(tab, "#tab-results", "Trúng cử (2 người")
	// The first round's card, which asked for the run-off, now says where its result is.
	b.waitText(tab, fmt.Sprintf(`#tab-results [data-poll=%q] .later-round`, p.ID), "Đã bầu lại ở vòng 2: kết quả ở phía trên.")
	dShot(b, tab, "tablet-runoff-result")
}

func TestBrowserTabletSpeakDocsQuestions(t *testing.T) {
	browserTest(t)
	a := startApp(t, "")
	ctx := context.Background()
	a.CheckInAll()
	pres := a.Login("dct1")
	agenda, err := pres.AgendaNext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	d := a.Officials(1)[0]
	tab := dTablet(b, a, d, 1280, 800)
	b.waitText(tab, "#current-item", agenda[0].Title)
	if !eval[bool](b, tab, `document.querySelector('.agenda-row.current') !== null && document.querySelector('.agenda-row.current').innerText.includes(`+jsString(agenda[0].Title)+`)`) {
		t.Errorf("the current item is not highlighted in the agenda")
	}
	b.waitText(tab, "#item-timer", "Đã qua ") // elapsed, not "đã diễn ra" (which reads as over)
	b.waitText(tab, "#item-timer", "dự kiến")
	// The presidium moves on: the tablet follows.
	if agenda, err = pres.AgendaNext(ctx); err != nil {
		t.Fatal(err)
	}
	b.waitText(tab, "#current-item", agenda[1].Title)

	// Ask to speak: a prepared contribution with a title.
	dTap(b, tab, "#speak-btn")
	b.waitText(tab, "#speak-dialog", "Đăng ký phát biểu")
	dTap(b, tab, "#speak-prepared")
	b.do(tab, "type the title", chromedp.SendKeys(chromedp.CSS("#speak-title"), "Phát triển kinh tế số ở phường"))
	dShot(b, tab, "tablet-speak-dialog")
	dTap(b, tab, "#speak-submit")
	b.waitText(tab, "#tab-speak", "Phát triển kinh tế số ở phường")
	b.waitText(tab, "#tab-speak", "Chờ Đoàn Chủ tịch duyệt")
	b.waitText(tab, "#speak-btn", "chờ duyệt")
	snap, err := pres.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var reg daihoi.Speaker
	for _, s := range snap.Speakers {
		if s.Delegate == d.ID {
			reg = s
		}
	}
	if reg.Kind != daihoi.Prepared || reg.Title != "Phát triển kinh tế số ở phường" || reg.Item != agenda[1].ID {
		t.Fatalf("registration %+v", reg)
	}
	if err := pres.Post(ctx, "/api/speakers/"+reg.ID+"/approve", nil, nil); err != nil {
		t.Fatal(err)
	}
	b.waitText(tab, "#tab-speak", "Đã được duyệt — thứ 1")
	dShot(b, tab, "tablet-speak-approved")
	dTap(b, tab, `#tab-speak [data-test="speak-withdraw"]`)
	dTap(b, tab, `[data-test="confirm-yes"]`)
	b.waitText(tab, "#tab-speak", "Đã rút")
	b.waitText(tab, "#speak-btn", "Đăng ký phát biểu")

	// A prepared contribution asked for ahead, on the discussion still to come: the form proposes
	// the item running, and offers those to come.
	var discussion daihoi.AgendaItem
	for _, it := range agenda {
		if it.Kind == "discussion" {
			discussion = it
		}
	}
	skipped := agenda[3] // an item the presidium has skipped is no longer offered
	if err := pres.Post(ctx, "/api/agenda/"+skipped.ID+"/skip", nil, nil); err != nil {
		t.Fatal(err)
	}
	presWaitJS(b, tab, "the tablet sees the item skipped", `DH.state.agenda.some((a) => a.id === `+jsString(skipped.ID)+` && a.state === 'skipped')`, 5*time.Second)
	dTap(b, tab, "#speak-btn")
	b.waitText(tab, "#speak-dialog", "Về mục")
	if got := eval[string](b, tab, `document.querySelector('#speak-item').value`); got != agenda[1].ID {
		t.Errorf("the form proposes the item %q, want the one running (%q)", got, agenda[1].ID)
	}
	if eval[bool](b, tab, `[...document.querySelectorAll('#speak-item option')].some((o) => o.value === `+jsString(skipped.ID)+`)`) {
		t.Errorf("the form offers %q, which was skipped", skipped.Title)
	}
	b.do(tab, "choose the discussion", chromedp.SetValue(chromedp.CSS("#speak-item"), discussion.ID))
	dTap(b, tab, "#speak-prepared")
	b.do(tab, "type the title", chromedp.SendKeys(chromedp.CSS("#speak-title"), "Xây dựng chính quyền số"))
	dShot(b, tab, "tablet-speak-ahead-dialog")
	dTap(b, tab, "#speak-submit")
	b.waitText(tab, "#tab-speak", "Xây dựng chính quyền số")
	b.waitText(tab, "#tab-speak", discussion.Title+" — chưa diễn ra")
	b.waitText(tab, "#speak-btn", "Đăng ký phát biểu") // still free for the item running
	snap, err = pres.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ahead daihoi.Speaker
	for _, s := range snap.Speakers {
		if s.Delegate == d.ID && s.State == daihoi.Requested {
			ahead = s
		}
	}
	if ahead.Item != discussion.ID || ahead.Title != "Xây dựng chính quyền số" {
		t.Fatalf("the request made ahead is %+v, want one on %q", ahead, discussion.Title)
	}
	dShot(b, tab, "tablet-speak-ahead")

	// Registered on the item running, the delegate can still ask ahead, from the speaking tab; the
	// form no longer offers the items already asked for, nor ceremonies.
	dTap(b, tab, "#speak-btn")
	dTap(b, tab, "#speak-submit") // a discussion request on the item running
	b.waitText(tab, "#speak-btn", "chờ duyệt")
	dTap(b, tab, "#speak-more")
	b.waitText(tab, "#speak-dialog", "Về mục")
	offered := eval[[]string](b, tab, `[...document.querySelectorAll('#speak-item option')].map((o) => o.value)`)
	for _, it := range agenda {
		if slices.Contains(offered, it.ID) && (it.ID == agenda[1].ID || it.ID == discussion.ID || it.Kind == "ceremony") {
			t.Errorf("the form offers %q (%s), asked for already or a ceremony", it.Title, it.Kind)
		}
	}
	if len(offered) == 0 {
		t.Fatal("the form offers no item")
	}
	dTap(b, tab, `#speak-dialog .modal-actions .btn:not(.primary)`)

	// A comment on a section of a draft document.
	dTap(b, tab, "#tab-btn-docs")
	b.waitText(tab, "#tab-docs", a.Demo.Documents[0].Sections[0].Title)
	dTap(b, tab, `#tab-docs .comment-btn`)
	b.do(tab, "type a comment", chromedp.SendKeys(chromedp.CSS("#tab-docs .comment-form textarea"), "Đề nghị bổ sung chỉ tiêu về chuyển đổi số."))
	// Typed text survives the screen's updates: the tablet redraws itself every second, moving the
	// item's timer on; wait for that.
	timer := `document.querySelector('#item-timer [data-since]').textContent`
	before := eval[string](b, tab, timer)
	presWaitJS(b, tab, "the tablet's next update", timer+` !== `+jsString(before), 5*time.Second)
	if v := eval[string](b, tab, `document.querySelector('#tab-docs .comment-form textarea').value`); v != "Đề nghị bổ sung chỉ tiêu về chuyển đổi số." {
		t.Fatalf("typed comment lost: %q", v)
	}
	dShot(b, tab, "tablet-docs-comment")
	dTap(b, tab, "#tab-docs .comment-send")
	b.waitText(tab, "#tab-docs .my-comments", "Đề nghị bổ sung chỉ tiêu về chuyển đổi số.")
	b.waitText(tab, "#tab-btn-docs", "1")
	snap, _ = pres.State(ctx)
	if len(snap.Comments) != 1 || snap.Comments[0].Delegate != d.ID || snap.Comments[0].Section != a.Demo.Documents[0].Sections[0].Number {
		t.Errorf("comments on the server: %+v", snap.Comments)
	}

	// A question to the presidium.
	dTap(b, tab, "#tab-btn-questions")
	topic := a.Demo.Topics[1]
	dTap(b, tab, `#question-topics .chip[data-topic="`+topic+`"]`)
	b.do(tab, "type a question", chromedp.SendKeys(chromedp.CSS("#question-text"), "Kế hoạch chỉnh trang chợ Bến Thành triển khai khi nào?"))
	dTap(b, tab, "#question-send")
	b.waitText(tab, "#my-questions", "Kế hoạch chỉnh trang chợ Bến Thành")
	b.waitText(tab, "#my-questions", "Chưa trả lời")
	snap, _ = pres.State(ctx)
	if len(snap.Questions) != 1 || snap.Questions[0].Topic != topic {
		t.Fatalf("questions on the server: %+v", snap.Questions)
	}
	if err := pres.Post(ctx, "/api/questions/"+snap.Questions[0].ID+"/answered", nil, nil); err != nil {
		t.Fatal(err)
	}
	b.waitText(tab, "#my-questions", "Đã trả lời")
	dShot(b, tab, "tablet-questions")
	if bytes.Contains([]byte(b.text(tab, "body")), []byte("undefined")) {
		t.Errorf("the tablet shows \"undefined\"")
	}
}

func TestBrowserTabletTwoColumnAndBlank(t *testing.T) {
	browserTest(t)
	a := startApp(t, "")
	ctx := context.Background()
	a.CheckInAll()
	pres := a.Login("dct1")
	b := newBrowser(t)
	d := a.Officials(1)[0]
	tab := dTablet(b, a, d, 1280, 800)
	var cands []daihoi.CandidateRequest
	for _, c := range a.Officials(40)[30:33] {
		cands = append(cands, daihoi.CandidateRequest{ID: c.ID, Name: c.Name})
	}

	// No surplus (three names for three seats): Đồng ý / Không đồng ý against each name.
	p, err := pres.CreatePoll(ctx, daihoi.PollRequest{Kind: daihoi.Election, Title: "Bầu Ban Kiểm phiếu", Mode: daihoi.Secret, Tablet: true, Seats: 3, Candidates: cands})
	if err != nil {
		t.Fatal(err)
	}
	v, err := pres.PollAction(ctx, p.ID, "open")
	if err != nil {
		t.Fatal(err)
	}
	order := v.Order
	b.waitText(tab, "#ballot", "Đồng ý")
	b.waitText(tab, "#ballot", "Không đồng ý")
	dTap(b, tab, `.mark-agree[data-index="0"]`)
	dTap(b, tab, `.mark-disagree[data-index="1"]`)
	// A second tap on a mark takes it back: neither.
	dTap(b, tab, `.mark-agree[data-index="2"]`)
	dTap(b, tab, `.mark-agree[data-index="2"]`)
	b.waitText(tab, "#kept-count", "Đồng ý 1 · Không đồng ý 1")
	// An unmarked name gets no vote; the ballot is still valid, and the tablet says so.
	b.waitText(tab, "#ballot-msg", "1 tên chưa đánh dấu: người đó không được tính phiếu; phiếu của đồng chí vẫn hợp lệ.")
	dShot(b, tab, "tablet-two-column-ballot")
	dTap(b, tab, "#ballot-confirm")
	b.waitText(tab, "#confirm-kept", order[0].Name)
	b.waitText(tab, "#ballot", "Không đánh dấu (1)")
	dShot(b, tab, "tablet-two-column-confirm")
	dTap(b, tab, "#ballot-send")
	b.waitText(tab, "#receipt", "đã được ghi nhận")
	if _, err := pres.PollAction(ctx, p.ID, "close"); err != nil {
		t.Fatal(err)
	}
	var rec daihoi.Record
	raw, err := a.Login("kiemphieu1").Record(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	json.Unmarshal(raw, &rec)
	want := map[string]daihoi.Mark{order[0].ID: daihoi.Agree, order[1].ID: daihoi.Disagree, order[2].ID: daihoi.NoMark}
	if len(rec.Ballots) != 1 || !reflect.DeepEqual(rec.Ballots[0].Marks, want) {
		t.Errorf("ballots %+v, want marks %v", rec.Ballots, want)
	}

	// Striking every name is allowed after a warning that the rules count it invalid.
	p2, err := pres.CreatePoll(ctx, daihoi.PollRequest{Kind: daihoi.Election, Title: "Bầu bổ sung Ủy ban Kiểm tra", Mode: daihoi.Secret, Tablet: true, Seats: 2, Candidates: cands})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pres.PollAction(ctx, p2.ID, "open"); err != nil {
		t.Fatal(err)
	}
	b.waitText(tab, "#kept-count", "Giữ lại 3 / 2")
	for i := range 3 {
		dTap(b, tab, fmt.Sprintf(`.cand[data-index="%d"]`, i))
	}
	b.waitText(tab, "#kept-count", "Giữ lại 0 / 2")
	b.waitText(tab, "#ballot-msg", "không hợp lệ")
	dTap(b, tab, "#ballot-confirm")
	b.waitText(tab, ".modal", "KHÔNG HỢP LỆ")
	// The safe way is the one focused: back to the ballot, not «Vẫn gửi phiếu này».
	if focused := eval[string](b, tab, `document.activeElement ? document.activeElement.dataset.test || "" : ""`); focused != "confirm-no" {
		t.Errorf("the all-struck warning focuses %q, want the way back to the ballot", focused)
	}
	dShot(b, tab, "tablet-all-struck-warning")
	dTap(b, tab, `[data-test="confirm-no"]`)
	b.waitText(tab, "#kept-count", "Giữ lại 0 / 2") // back on the ballot, nothing lost
	dTap(b, tab, "#ballot-confirm")
	dTap(b, tab, `[data-test="confirm-yes"]`)
	b.waitText(tab, "#ballot", "phiếu không bầu ai")
	dTap(b, tab, "#ballot-send")
	b.waitText(tab, "#receipt", "đã được ghi nhận")
	v2 := dPublish(a, pres, p2.ID)
	if v2.Result == nil || v2.Result.Ballots.Invalid != 1 || v2.Result.Ballots.InvalidByReason[daihoi.ReasonAllStruck] != 1 {
		t.Errorf("result %+v, want one ballot invalid for striking every name", v2.Result)
	}

	// The same tablet in English.
	dTap(b, tab, "#banner-result")
	b.waitText(tab, "#tab-results", "Không có người trúng cử")
	dTap(b, tab, `[data-test="lang"]`)
	b.waitText(tab, "#tab-results", "Nobody was elected.")
	b.waitText(tab, "#tabs", "Draft documents")
	b.waitText(tab, "#speak-btn", "Ask to speak")
	dShot(b, tab, "tablet-results-english")
}
