package main

// Browser tests of the presidium's console (/presidium) and the hall display (/hall): each starts
// the real server with the demo congress, drives real Chromium windows, asserts on what the screens
// show and saves screenshots under testdata/screenshots/.

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/daihoi/daihoi"
)

// presReady waits until the screen in the window has its live state from /ws.
func presReady(b *browser, ctx context.Context, what string) {
	b.t.Helper()
	presWaitJS(b, ctx, what+" ready", `typeof DH !== "undefined" && DH.state.ready === true && DH.state.online === true`, 10*time.Second)
}

// presWaitJS waits until a JavaScript expression is true, failing after limit.
func presWaitJS(b *browser, ctx context.Context, what, expr string, limit time.Duration) {
	b.t.Helper()
	deadline := time.Now().Add(limit)
	for {
		c, cancel := context.WithTimeout(ctx, time.Second)
		ok, err := chromedp.Run(c, chromedp.Evaluate[bool](expr))
		cancel()
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("waiting for %s: not true after %v (%v)", what, limit, err)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

// presTextBy waits until the first element matching sel shows want, failing at the deadline.
func presTextBy(b *browser, ctx context.Context, sel, want string, deadline time.Time) {
	b.t.Helper()
	var got string
	for {
		c, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
		v, err := chromedp.Run(c, chromedp.Evaluate[string](`(() => { const e = document.querySelector(`+jsString(sel)+`); return e ? e.innerText : "" })()`))
		cancel()
		if err == nil {
			got = v
			if strings.Contains(got, want) {
				return
			}
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("%s did not show %q in time: last text %q", sel, want, got)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// presClick clicks the element, then, when asked, the confirmation dialog's yes.
func presClick(b *browser, ctx context.Context, sel string, confirm bool) {
	b.t.Helper()
	b.do(ctx, "click "+sel, chromedp.Click(chromedp.CSS(sel)))
	if confirm {
		b.do(ctx, "confirm "+sel, chromedp.WaitVisible(chromedp.CSS(`[data-test="confirm-yes"]`)),
			chromedp.Click(chromedp.CSS(`[data-test="confirm-yes"]`)),
			chromedp.WaitNotPresent(chromedp.CSS(`.modal`)))
	}
}

// presNoElement checks that nothing matches sel.
func presNoElement(b *browser, ctx context.Context, sel, why string) {
	b.t.Helper()
	if eval[bool](b, ctx, `document.querySelector(`+jsString(sel)+`) !== null`) {
		b.t.Fatalf("%s must not be shown: %s (text %q)", sel, why, b.text(ctx, sel))
	}
}

// timerSeconds reads a timer such as "1:05" or "1:02:03".
func timerSeconds(t *testing.T, s string) int {
	t.Helper()
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "−"))
	total := 0
	for _, part := range strings.Split(s, ":") {
		n, err := strconv.Atoi(part)
		if err != nil {
			t.Fatalf("timer %q is not m:ss", s)
		}
		total = total*60 + n
	}
	return total
}

func TestBrowserAgendaFollows(t *testing.T) {
	a := startApp(t, "")
	b := newBrowser(t)
	pres := b.window(1440, 900)
	hall := b.window(1920, 1080)
	tab := b.window(1280, 800)
	b.signIn(pres, a.URL(), "presidium", "dct1")
	b.signIn(hall, a.URL(), "hall", "hoitruong")
	d := a.officials(7)[6]
	b.do(tab, "tablet signs in by card", chromedp.Navigate(a.URL()+"/d/"+a.Codes[d.ID]))
	presReady(b, pres, "presidium")
	presReady(b, hall, "hall")
	presReady(b, tab, "tablet")
	b.waitText(hall, "#hall-title", a.Demo.Congress.Title)
	b.waitText(pres, "#attendance", "/")
	b.shot(pres, "presidium-agenda-0-before")
	b.shot(hall, "hall-agenda-0-before")

	for i, it := range a.Demo.Agenda[:2] {
		clicked := time.Now()
		presClick(b, pres, "#next-item", false)
		// The item under way reaches every screen within a second of the click.
		presTextBy(b, hall, "#current-item", it.Title, clicked.Add(time.Second))
		presTextBy(b, tab, "#current-item", it.Title, clicked.Add(time.Second))
		presTextBy(b, pres, "#current-item", it.Title, clicked.Add(time.Second))
		b.shot(pres, fmt.Sprintf("presidium-agenda-%d", i+1))
		b.shot(hall, fmt.Sprintf("hall-agenda-%d", i+1))
		b.shot(tab, fmt.Sprintf("tablet-agenda-%d", i+1))
	}
	// The item timer runs on the hall.
	t1 := timerSeconds(t, b.text(hall, "#item-timer"))
	time.Sleep(1500 * time.Millisecond)
	if t2 := timerSeconds(t, b.text(hall, "#item-timer")); t2 <= t1 {
		t.Fatalf("the hall's item timer does not run: %d then %d", t1, t2)
	}

	// Back, with its confirmation, returns every screen to the first item.
	clicked := time.Now()
	presClick(b, pres, "#back-item", true)
	presTextBy(b, hall, "#current-item", a.Demo.Agenda[0].Title, clicked.Add(2*time.Second))
	presTextBy(b, tab, "#current-item", a.Demo.Agenda[0].Title, clicked.Add(2*time.Second))

	// The attendance line: present/base and the quorum wording.
	att := b.text(hall, "#attendance")
	if !strings.Contains(att, "0/") || !strings.Contains(att, "Chưa đủ") {
		t.Fatalf("hall attendance before check-in: %q", att)
	}
}

func TestBrowserSpeakerCalled(t *testing.T) {
	a := startApp(t, "")
	ctx := context.Background()
	b := newBrowser(t)
	pres := b.window(1440, 900)
	hall := b.window(1920, 1080)
	b.signIn(pres, a.URL(), "presidium", "dct1")
	b.signIn(hall, a.URL(), "hall", "hoitruong")
	presReady(b, pres, "presidium")
	presReady(b, hall, "hall")

	presClick(b, pres, "#next-item", false)
	b.waitText(hall, "#current-item", a.Demo.Agenda[0].Title)
	presNoElement(b, hall, "#speaker", "nobody speaks yet")

	d := a.officials(12)[11]
	var sp daihoi.Speaker
	if err := a.tablet(d).Post(ctx, "/api/speakers", daihoi.SpeakerRequest{Kind: daihoi.OpenDiscussion}, &sp); err != nil {
		t.Fatalf("register to speak: %v", err)
	}
	b.waitText(pres, "#speakers", d.Name)
	b.waitText(pres, "#speakers", "Chờ duyệt")
	presNoElement(b, hall, "#speaker", "a request not yet called is not on the hall")
	b.shot(pres, "presidium-speaker-1-requested")

	row := `[data-speaker="` + sp.ID + `"]`
	presClick(b, pres, row+` [data-act="approve"]`, false)
	b.waitText(pres, row, "Đã duyệt")
	presClick(b, pres, row+` [data-act="call"]`, false)
	b.waitText(hall, "#speaker", d.Name)
	b.waitText(pres, "#speaker-now", d.Name)
	t1 := timerSeconds(t, b.text(hall, "#speaker-timer"))
	time.Sleep(2100 * time.Millisecond)
	t2 := timerSeconds(t, b.text(hall, "#speaker-timer"))
	if t2 < t1+1 {
		t.Fatalf("the speaker's timer on the hall does not advance: %d s then %d s", t1, t2)
	}
	b.shot(hall, "hall-speaker-2-speaking")
	b.shot(pres, "presidium-speaker-2-speaking")

	// The speech ends: the hall shows the item alone again, the console lists who spoke.
	presClick(b, pres, `#speaker-now .btn.ok`, false)
	presWaitJS(b, hall, "the speaker leaves the hall", `document.querySelector("#speaker") === null`, 5*time.Second)
	b.waitText(pres, "#speakers", "Đã phát biểu")
	b.shot(hall, "hall-speaker-3-done")
}

func TestBrowserPreparatorySession(t *testing.T) {
	a := startApp(t, "")
	ctx := context.Background()
	a.checkInAll()
	b := newBrowser(t)
	pres := b.window(1440, 900)
	hall := b.window(1920, 1080)
	b.signIn(pres, a.URL(), "presidium", "dct1")
	b.signIn(hall, a.URL(), "hall", "hoitruong")
	presReady(b, pres, "presidium")
	presReady(b, hall, "hall")

	st, err := a.login("dct1").State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	present, base := st.Attendance.Present, st.Attendance.Base
	fig := fmt.Sprintf("%d/%d", present, base)
	b.waitText(hall, "#attendance", fig)
	b.waitText(hall, "#attendance", "Đủ túc số")
	b.waitText(pres, "#attendance", fig)

	var programme daihoi.Poll
	for _, p := range a.Demo.Polls {
		if p.Title == "Thông qua chương trình Đại hội" {
			programme = p
		}
	}
	if programme.ID == "" || programme.Mode != daihoi.Hands {
		t.Fatalf("the demo has no show-of-hands agenda motion: %+v", programme)
	}
	card := "#poll-" + programme.ID

	step := 0
	shots := func(name string) {
		step++
		b.shot(pres, fmt.Sprintf("presidium-prep-%02d-%s", step, name))
		b.shot(hall, fmt.Sprintf("hall-prep-%02d-%s", step, name))
	}
	for _, it := range a.Demo.Agenda {
		if it.Session != daihoi.Preparatory {
			continue
		}
		presClick(b, pres, "#next-item", false)
		b.waitText(hall, "#current-item", it.Title)
		b.waitText(pres, "#current-item", it.Title)
		if it.ID != programme.AgendaItem {
			shots("item")
			continue
		}
		shots("agenda-item")

		// Put the agenda to the vote by show of hands.
		presClick(b, pres, card+` [data-act="open-poll"]`, true)
		b.waitText(pres, card, "Đang bỏ phiếu")
		b.waitText(hall, ".hall-stage", "giơ thẻ đảng viên")
		b.waitText(hall, ".hall-stage", programme.Title)
		shots("vote-open")

		// The presidium enters the counts.
		forN, against := present-3, 2
		b.do(pres, "type the counts",
			chromedp.SendKeys(chromedp.CSS("#cnt-for-"+programme.ID), strconv.Itoa(forN)),
			chromedp.SendKeys(chromedp.CSS("#cnt-against-"+programme.ID), strconv.Itoa(against)))
		presClick(b, pres, card+` [data-act="save-counts"]`, true)
		b.waitText(pres, card, "Chờ Ban kiểm phiếu xác nhận")
		b.waitText(pres, card, "Ban kiểm phiếu chưa xác nhận")
		if !eval[bool](b, pres, `document.querySelector(`+jsString(card+` [data-act="publish"]`)+`).disabled`) {
			t.Fatal("publish must be disabled before the tellers confirm")
		}
		presNoElement(b, hall, "#results", "nothing is published yet")
		shots("counts-entered")

		// The tellers confirm, the head last.
		for _, name := range []string{"kiemphieu2", "kiemphieu3", "kiemphieu4", "kiemphieu5", "kiemphieu1"} {
			if _, err := a.login(name).PollAction(ctx, programme.ID, "confirm"); err != nil {
				t.Fatalf("%s confirms: %v", name, err)
			}
		}
		b.waitText(pres, card, "Đã kiểm phiếu")
		b.waitText(pres, card, "Thông qua")
		presNoElement(b, hall, "#results", "counted is not yet published")
		shots("counted")

		presClick(b, pres, card+` [data-act="publish"]`, true)
		b.waitText(hall, "#results", "ĐÃ THÔNG QUA")
		b.waitText(hall, "#results", strconv.Itoa(forN))
		b.waitText(hall, "#results", "Không tán thành")
		b.waitText(pres, card, "Đã công bố")
		shots("published")
	}
	// The preparatory session is done: the next item is the official session's first.
	b.waitText(pres, ".next-title", a.Demo.Agenda[7].Title)

	// The printable log of the day, planned against actual.
	b.do(pres, "open the log", chromedp.Navigate(a.URL()+"/print/agenda"))
	b.waitText(pres, "body", "Phiên trù bị")
	b.waitText(pres, "body", "Thông qua chương trình Đại hội — đã công bố: thông qua")
	b.shot(pres, fmt.Sprintf("presidium-prep-%02d-print-log", step+1))
}
