package main

// Browser tests of the presidium's console (/presidium) and the hall display (/hall): each starts
// the real server with the demo congress, drives real Chromium windows, asserts on what the screens
// show and saves screenshots under testdata/screenshots/.

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
	"github.com/daihoi/daihoi/internal/testserver"
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
	// A part of the screen redrawn by an event between finding the element and clicking it
	// leaves chromedp holding a node that is gone: find it again.
	for try := 0; ; try++ {
		c, cancel := context.WithTimeout(ctx, 20*time.Second)
		err := chromedp.Do(c, chromedp.Click(chromedp.CSS(sel)))
		cancel()
		if err == nil {
			break
		}
		if try == 3 || !strings.Contains(err.Error(), "Could not find node") {
			b.t.Fatalf("click %s: %v", sel, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
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

// presShot saves what the window shows, as a PNG, like b.shot; the console and the hall are one
// screen each with columns that scroll on their own, so the viewport is the whole of it (a
// full-page capture relays the page out and loses the columns' scroll).
func presShot(b *browser, ctx context.Context, name string) {
	b.t.Helper()
	c, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	buf, err := chromedp.Run(c, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(b.dir, name+".png"), buf, 0o644); err != nil {
		b.t.Fatalf("save screenshot: %v", err)
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
	browserTest(t)
	a := startApp(t, "")
	b := newBrowser(t)
	pres := b.window(1440, 900)
	hall := b.window(1920, 1080)
	tab := b.window(1280, 800)
	b.signIn(pres, a.URL(), "presidium", "dct1")
	b.signIn(hall, a.URL(), "hall", "hoitruong")
	d := a.Officials(7)[6]
	b.do(tab, "tablet signs in by card", chromedp.Navigate(a.URL()+"/d/"+a.Codes[d.ID]))
	presReady(b, pres, "presidium")
	presReady(b, hall, "hall")
	presReady(b, tab, "tablet")
	b.waitText(hall, "#hall-title", a.Demo.Congress.Title)
	b.waitText(pres, "#attendance", "/")
	presShot(b, pres, "presidium-agenda-0-before")
	presShot(b, hall, "hall-agenda-0-before")

	for i, it := range a.Demo.Agenda[:2] {
		clicked := time.Now()
		presClick(b, pres, "#next-item", false)
		// The item under way reaches every screen within a second of the click.
		presTextBy(b, hall, "#current-item", it.Title, clicked.Add(time.Second))
		presTextBy(b, tab, "#current-item", it.Title, clicked.Add(time.Second))
		presTextBy(b, pres, "#current-item", it.Title, clicked.Add(time.Second))
		presShot(b, pres, fmt.Sprintf("presidium-agenda-%d", i+1))
		presShot(b, hall, fmt.Sprintf("hall-agenda-%d", i+1))
		b.shot(tab, fmt.Sprintf("tablet-agenda-%d", i+1))
	}
	// The item timer runs on the hall.
	t1 := timerSeconds(t, b.text(hall, "#item-timer"))
	testserver.Eventually(t, fmt.Sprintf("the hall's item timer to run past %d s", t1), 5*time.Second, func() bool {
		return timerSeconds(t, b.text(hall, "#item-timer")) > t1
	})

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
	browserTest(t)
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

	d := a.Officials(12)[11]
	var sp daihoi.Speaker
	if err := a.Tablet(d).Post(ctx, "/api/speakers", daihoi.SpeakerRequest{Kind: daihoi.OpenDiscussion}, &sp); err != nil {
		t.Fatalf("register to speak: %v", err)
	}
	b.waitText(pres, "#speakers", d.Name)
	b.waitText(pres, "#speakers", "Chờ duyệt")
	presNoElement(b, hall, "#speaker", "a request not yet called is not on the hall")
	presShot(b, pres, "presidium-speaker-1-requested")

	row := `[data-speaker="` + sp.ID + `"]`
	presClick(b, pres, row+` [data-act="approve"]`, false)
	b.waitText(pres, row, "Đã duyệt")
	presClick(b, pres, row+` [data-act="call"]`, false)
	b.waitText(hall, "#speaker", d.Name)
	b.waitText(pres, "#speaker-now", d.Name)
	t1 := timerSeconds(t, b.text(hall, "#speaker-timer"))
	testserver.Eventually(t, fmt.Sprintf("the speaker's timer on the hall to advance past %d s", t1), 5*time.Second, func() bool {
		return timerSeconds(t, b.text(hall, "#speaker-timer")) >= t1+1
	})
	presShot(b, hall, "hall-speaker-2-speaking")
	presShot(b, pres, "presidium-speaker-2-speaking")

	// The speech ends: the hall shows the item alone again, the console lists who spoke.
	presClick(b, pres, `#speaker-now .btn.ok`, false)
	presWaitJS(b, hall, "the speaker leaves the hall", `document.querySelector("#speaker") === null`, 5*time.Second)
	b.waitText(pres, "#speakers", "Đã phát biểu")
	presShot(b, hall, "hall-speaker-3-done")

	// A prepared contribution asked for ahead, on the discussion still to come: the presidium sees
	// it under its item, approves it there, and calls it only once the item runs.
	var discussion daihoi.AgendaItem
	for _, it := range a.Demo.Agenda {
		if it.Kind == "discussion" {
			discussion = it
		}
	}
	var prep daihoi.Speaker
	if err := a.Tablet(a.Officials(13)[12]).Post(ctx, "/api/speakers", daihoi.SpeakerRequest{Item: discussion.ID, Kind: daihoi.Prepared, Title: "Xây dựng phường văn minh"}, &prep); err != nil {
		t.Fatalf("asking ahead: %v", err)
	}
	ahead := `#speakers-ahead [data-item="` + discussion.ID + `"]`
	b.waitText(pres, ahead, discussion.Title)
	b.waitText(pres, ahead, "Xây dựng phường văn minh")
	row = ahead + ` [data-speaker="` + prep.ID + `"]`
	presNoElement(b, pres, row+` [data-act="call"]`, "the floor is not given on an item to come")
	presClick(b, pres, row+` [data-act="approve"]`, false)
	b.waitText(pres, row, "Đã duyệt")
	presShot(b, pres, "presidium-speaker-4-ahead")
	if err := a.Login("dct1").Post(ctx, "/api/agenda/open", map[string]string{"item": discussion.ID}, nil); err != nil {
		t.Fatal(err)
	}
	presWaitJS(b, pres, "nothing is left ahead once the item runs", `document.querySelector("#speakers-ahead") === null`, 5*time.Second)
	presClick(b, pres, `#speakers [data-speaker="`+prep.ID+`"] [data-act="call"]`, false)
	b.waitText(hall, "#speaker", prep.Name)
}

// The presidium sees how far the day has drifted from the printed programme: nothing before the
// day starts; once an item runs, the items to come show when they would likely start, and the agenda
// says how far behind (or ahead) the next one is.
func TestBrowserAgendaDrift(t *testing.T) {
	browserTest(t)
	a := startApp(t, "")
	ctx := context.Background()
	b := newBrowser(t)
	pres := b.window(1440, 900)
	// The presidium's browser keeps the hall's clock, in a zone where it is now about noon: the
	// times below then never cross midnight, whenever the test runs.
	zone := (12-time.Now().UTC().Hour()+36)%24 - 12 // hours east of UTC
	local := time.FixedZone("", zone*3600)
	tz := fmt.Sprintf("Etc/GMT%+d", -zone) // the tz database's Etc zones count the other way
	if _, err := chromedp.Call(pres, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: tz}); err != nil {
		t.Fatalf("timezone %s: %v", tz, err)
	}
	b.signIn(pres, a.URL(), "presidium", "dct1")
	presReady(b, pres, "presidium")
	presNoElement(b, pres, "#agenda-drift:not([hidden])", "the day has not started")
	presNoElement(b, pres, ".ag-proj:not([hidden])", "the day has not started")

	org := a.Login("dct1")
	agenda, err := org.AgendaNext(ctx) // the first item runs, planned for 5 minutes
	if err != nil {
		t.Fatal(err)
	}
	// An item inserted after it, printed for 40 minutes before it can now start.
	likely := time.Now().In(local).Add(time.Duration(agenda[0].Minutes) * time.Minute)
	var inserted []daihoi.AgendaItem
	if err := org.Post(ctx, "/api/agenda/insert", map[string]any{"after": agenda[0].ID, "title": "Phát biểu của đại biểu khách mời",
		"minutes": 10, "session": agenda[0].Sitting, "planned_start": likely.Add(-40 * time.Minute).Format("15:04")}, &inserted); err != nil {
		t.Fatal(err)
	}
	row := `.ag-row[data-item="` + inserted[1].ID + `"]`
	b.waitText(pres, row+" .ag-proj", "≈ ")
	// The projection is counted in whole minutes from seconds: one either way is the clock.
	drift := b.text(pres, "#agenda-drift")
	if !strings.Contains(drift, "Chậm 39′ so với chương trình") && !strings.Contains(drift, "Chậm 40′ so với chương trình") && !strings.Contains(drift, "Chậm 41′ so với chương trình") {
		t.Errorf("the agenda says %q, want 'Chậm 40′ so với chương trình' (give or take a minute)", drift)
	}
	if got, want := b.text(pres, row+" .ag-proj"), "≈ "+likely.Format("15:04"); got != want && got != "≈ "+likely.Add(time.Minute).Format("15:04") {
		t.Errorf("the inserted item shows %q, want %q", got, want)
	}
	presShot(b, pres, "presidium-agenda-drift")

	// A break in the printed programme (an item printed well after the end of the one before it,
	// as after lunch) is kept: the item after it does not start before its printed time, and is not
	// shown as early.
	if err := org.Post(ctx, "/api/agenda/insert", map[string]any{"after": inserted[1].ID, "title": "Khai mạc phiên chiều",
		"minutes": 10, "session": agenda[0].Sitting, "planned_start": likely.Add(10*time.Minute + 2*time.Hour).Format("15:04")}, &inserted); err != nil {
		t.Fatal(err)
	}
	b.waitText(pres, `.ag-row[data-item="`+inserted[2].ID+`"]`, "Khai mạc phiên chiều")
	presNoElement(b, pres, `.ag-row[data-item="`+inserted[2].ID+`"] .ag-proj:not([hidden])`, "an item after a break starts at its printed time")

	// An item printed hours away from its likely start (a rehearsal in the evening of a morning's
	// programme) shows no drift: that is another day's timetable, not a delay.
	if err := org.Post(ctx, "/api/agenda/insert", map[string]any{"after": inserted[1].ID, "title": "Tổng duyệt",
		"minutes": 10, "session": agenda[0].Sitting, "planned_start": likely.Add(-5 * time.Hour).Format("15:04")}, &inserted); err != nil {
		t.Fatal(err)
	}
	b.waitText(pres, `.ag-row[data-item="`+inserted[2].ID+`"]`, "Tổng duyệt")
	presNoElement(b, pres, `.ag-row[data-item="`+inserted[2].ID+`"] .ag-proj:not([hidden])`, "an item printed five hours before its likely start")

	// The presidium goes ahead to a later item: the items left behind it have no likely time.
	later := agenda[len(agenda)-3]
	if err := org.Post(ctx, "/api/agenda/open", map[string]string{"item": later.ID}, nil); err != nil {
		t.Fatal(err)
	}
	b.waitText(pres, `.ag-row.current`, later.Title)
	presNoElement(b, pres, `.ag-row[data-item="`+inserted[1].ID+`"] .ag-proj:not([hidden])`, "an item left behind the one running")
}

func TestBrowserPreparatorySession(t *testing.T) {
	browserTest(t)
	a := startApp(t, "")
	ctx := context.Background()
	a.CheckInAll()
	b := newBrowser(t)
	pres := b.window(1440, 900)
	hall := b.window(1920, 1080)
	b.signIn(pres, a.URL(), "presidium", "dct1")
	b.signIn(hall, a.URL(), "hall", "hoitruong")
	presReady(b, pres, "presidium")
	presReady(b, hall, "hall")
	// Three delegates follow on their tablets, signed in by the links on their cards.
	var tablets []context.Context
	for _, d := range a.Officials(3) {
		tab := b.window(1280, 800)
		b.do(tab, "open the card link of "+d.Name, chromedp.Navigate(a.URL()+"/d/"+a.Codes[d.ID]))
		b.waitText(tab, "body", d.Name)
		tablets = append(tablets, tab)
	}
	// The first of them signs in on a second device too: the presidium sees it, until it signs
	// out there.
	first := a.Officials(1)[0]
	second := client.New(a.URL())
	if err := second.SignInCard(ctx, a.Codes[first.ID]); err != nil {
		t.Fatal(err)
	}
	b.waitText(pres, "#multi-device", first.Name+" — 2 thiết bị")
	if err := second.Post(ctx, "/api/logout", nil, nil); err != nil {
		t.Fatal(err)
	}
	testserver.Eventually(t, "the presidium to see the delegate on one device again", 10*time.Second, func() bool {
		return !eval[bool](b, pres, `document.querySelector("#multi-device") !== null`)
	})

	st, err := a.Login("dct1").State(ctx)
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
		presShot(b, pres, fmt.Sprintf("presidium-prep-%02d-%s", step, name))
		presShot(b, hall, fmt.Sprintf("hall-prep-%02d-%s", step, name))
	}
	for _, it := range a.Demo.Agenda {
		if it.Sitting != daihoi.PreparatorySitting {
			continue
		}
		presClick(b, pres, "#next-item", false)
		b.waitText(hall, "#current-item", it.Title)
		b.waitText(pres, "#current-item", it.Title)
		for _, tab := range tablets {
			b.waitText(tab, "#current-item", it.Title)
		}
		if it.ID != programme.AgendaItem {
			shots("item")
			continue
		}
		shots("agenda-item")

		// Put the agenda to the vote by show of hands.
		presClick(b, pres, card+` [data-act="open-poll"]`, true)
		b.waitText(pres, card, "Đang biểu quyết") // a motion is voted on (biểu quyết), not balloted
		// A delegates' congress: the delegates raise the delegate card. The presidium counts.
		b.waitText(hall, ".hall-stage", "giơ thẻ đại biểu")
		b.waitText(hall, ".hall-stage", "Đoàn Chủ tịch kiểm đếm và công bố")
		b.waitText(hall, ".hall-stage", programme.Title)
		b.waitText(pres, card, "Đoàn Chủ tịch kiểm đếm và công bố")
		shots("vote-open")

		// The presidium enters the counts.
		forN, against := present-3, 2
		b.do(pres, "type the counts",
			chromedp.SendKeys(chromedp.CSS("#cnt-for-"+programme.ID), strconv.Itoa(forN)),
			chromedp.SendKeys(chromedp.CSS("#cnt-against-"+programme.ID), strconv.Itoa(against)))
		// The counts are the result: no teller confirms them (the Ban kiểm phiếu is elected only
		// in the official session), and no teller is signed in all along.
		presClick(b, pres, card+` [data-act="save-counts"]`, true)
		b.waitText(pres, card, "Đã kiểm phiếu")
		b.waitText(pres, card, "Thông qua")
		// One label per figure: the base the motion was decided on, with how it is derived.
		b.waitText(pres, card+" .base-from", fmt.Sprintf("Tổng số được triệu tập: %d đại biểu chính thức được triệu tập", base))
		b.waitText(pres, card+" .base-from", fmt.Sprintf("= %d", base))
		if body := b.text(pres, card); strings.Contains(body, "Ban kiểm phiếu chưa xác nhận") || strings.Contains(body, "Chờ Ban kiểm phiếu") {
			t.Fatalf("a show of hands waits for the tellers: %s", body)
		}
		if eval[bool](b, pres, `document.querySelector(`+jsString(card+` [data-act="publish"]`)+`).disabled`) {
			t.Fatal("publish must be enabled once the presidium has entered the counts")
		}
		presNoElement(b, hall, "#results", "counted is not yet published")
		shots("counted")

		presClick(b, pres, card+` [data-act="publish"]`, true)
		b.waitText(hall, "#results", "ĐÃ THÔNG QUA")
		// The hall reads the threshold in votes, not only as a white mark.
		b.waitText(hall, "#results .hall-note", fmt.Sprintf("Thông qua khi tán thành trên một nửa (từ %d phiếu): vạch trắng.", base/2+1))
		// The base with how it is derived, as the presidium reads it, large enough for the hall.
		b.waitText(hall, "#results #hall-base", fmt.Sprintf("Tổng số đại biểu được triệu tập: %d (%d đại biểu chính thức được triệu tập", base, base))
		b.waitText(hall, "#results #hall-base", fmt.Sprintf("= %d)", base))
		if px := eval[float64](b, hall, `parseFloat(getComputedStyle(document.querySelector('#hall-base')).fontSize)`); px < 1080/30 {
			t.Errorf("the hall's base is %.1f px high on 1080 lines, under 1/30 of the height", px)
		}
		b.waitText(hall, "#results", strconv.Itoa(forN))
		b.waitText(hall, "#results", "Không tán thành")
		b.waitText(pres, card, "Đã công bố")
		shots("published")
	}
	b.shot(tablets[0], "tablet-prep-end")
	// The preparatory session is done: the next item is the official session's first.
	b.waitText(pres, ".next-title", a.Demo.Agenda[7].Title)

	// The printable log of the day, planned against actual.
	b.do(pres, "open the log", chromedp.Navigate(a.URL()+"/print/agenda"))
	b.waitText(pres, "body", "Phiên trù bị")
	b.waitText(pres, "body", "Thông qua chương trình Đại hội — đã công bố: thông qua")
	// The figures are named, not a bare "147/2/0"; no abstentions where the ruleset offers none.
	b.waitText(pres, "body", fmt.Sprintf("thông qua: tán thành %d, không tán thành 2", present-3))
	if body := b.text(pres, "body"); strings.Contains(body, "không biểu quyết 0") || strings.Contains(body, "/2/0)") {
		t.Errorf("the log gives abstentions or bare figures for a motion without them")
	}
	presShot(b, pres, fmt.Sprintf("presidium-prep-%02d-print-log", step+1))
}

// TestBrowserElectionRunoff creates an election on the console (typed names and one picked from
// the roll), withdraws a candidate, opens it, follows the turnout and who has not voted, closes it,
// publishes a result with a tie at the last seat and drafts the run-off round.
func TestBrowserElectionRunoff(t *testing.T) {
	browserTest(t)
	a := startApp(t, "")
	ctx := context.Background()
	a.CheckInAll()
	voters := a.Officials(120)
	tablets := make([]*client.Client, len(voters))
	for i, d := range voters {
		tablets[i] = a.Tablet(d)
	}
	b := newBrowser(t)
	pres := b.window(1440, 900)
	hall := b.window(1920, 1080)
	b.signIn(pres, a.URL(), "presidium", "dct1")
	b.signIn(hall, a.URL(), "hall", "hoitruong")
	presReady(b, pres, "presidium")
	presReady(b, hall, "hall")
	presClick(b, pres, "#next-item", false)
	b.waitText(pres, "#current-item", a.Demo.Agenda[0].Title)

	// The election, on the console's form.
	const title = "Bầu Ủy ban Kiểm tra Đảng ủy phường (thử)"
	picked := a.Officials(130)[125]
	presClick(b, pres, "#new-election", false)
	b.do(pres, "fill in the election",
		chromedp.WaitVisible(chromedp.CSS("#ne-title")),
		chromedp.SendKeys(chromedp.CSS("#ne-title"), title),
		chromedp.SendKeys(chromedp.CSS("#ne-seats"), "3"),
		chromedp.SendKeys(chromedp.CSS("#ne-list"), "Lê Văn Ba\nTrần Thị Bốn\nPhạm Văn Năm\nĐỗ Thị Sáu"),
		chromedp.SendKeys(chromedp.CSS("#ne-search"), daihoi.Fold(picked.Name)))
	b.waitText(pres, ".pick-results", picked.Name)
	presClick(b, pres, ".pick-results .pick", false)
	b.waitText(pres, ".newpoll .cand-list", picked.Name)
	b.waitText(pres, "#ne-preview", "5")
	presShot(b, pres, "presidium-election-1-form")
	presClick(b, pres, `.newpoll button[type="submit"]`, false)

	pollID := ""
	presWaitJS(b, pres, "the new draft", `DH.state.polls.some((p) => p.title === `+jsString(title)+`)`, 5*time.Second)
	pollID = eval[string](b, pres, `DH.state.polls.find((p) => p.title === `+jsString(title)+`).id`)
	card := "#poll-" + pollID
	b.waitText(pres, card, "tối đa 1") // 3 seats: at most one extra name, the list has two
	b.waitText(pres, card, picked.Name)
	presShot(b, pres, "presidium-election-2-draft")

	// Asked to open it as it stands, the chair reads the surplus warning in the opening dialog
	// itself, the last moment before the list is fixed, and can step back.
	notices := eval[[]string](b, pres, `DH.state.polls.find((p) => p.title === `+jsString(title)+`).surplus.notices.map((n) => n.vi)`)
	if len(notices) == 0 {
		t.Fatal("no surplus notice on a list of five for three seats")
	}
	presClick(b, pres, card+` [data-act="open-poll"]`, false)
	b.waitText(pres, ".modal", "Số dư: 5 người cho 3 chỗ, dư 2 người")
	for _, n := range notices {
		b.waitText(pres, ".modal", "⚠ "+n)
	}
	presShot(b, pres, "presidium-election-2-open-dialog")
	b.do(pres, "step back", chromedp.Click(chromedp.CSS(`[data-test="confirm-no"]`)), chromedp.WaitNotPresent(chromedp.CSS(".modal")))
	b.waitText(pres, card, "Mở bỏ phiếu")

	// The congress agreed that one candidate withdraws.
	var withdrawn string
	st, err := a.Login("dct1").State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range st.Polls {
		for _, c := range p.Candidates {
			if p.ID == pollID && c.Name == "Phạm Văn Năm" {
				withdrawn = c.ID
			}
		}
	}
	presClick(b, pres, `[data-candidate="`+withdrawn+`"]`, true)
	b.waitText(pres, card, "Đã rút: Phạm Văn Năm")
	presWaitJS(b, pres, "the notice goes", `!document.querySelector(`+jsString(card)+`).innerText.includes("tối đa 1")`, 5*time.Second)

	// Candidates A..D as the ballots will treat them: the one from the roll first.
	st, _ = a.Login("dct1").State(ctx)
	var cands []daihoi.Candidate
	for _, p := range st.Polls {
		if p.ID == pollID {
			cands = p.Candidates
		}
	}
	if len(cands) != 4 {
		t.Fatalf("want 4 candidates after the withdrawal, got %+v", cands)
	}
	ids := map[string]string{}
	for _, c := range cands {
		ids[c.Name] = c.ID
	}
	A, B, C, D := ids[picked.Name], ids["Lê Văn Ba"], ids["Trần Thị Bốn"], ids["Đỗ Thị Sáu"]

	presClick(b, pres, card+` [data-act="open-poll"]`, true)
	b.waitText(hall, "#turnout", "0 / 120")
	b.waitText(pres, card, "Đang bỏ phiếu")

	// 120 ballots, each striking one name: A 100 votes, B 90, C and D 85 each (base 150, more
	// than 75 needed): A and B are elected, C and D tie for the last seat.
	var ballots [][]string
	for i := 0; i < 20; i++ {
		ballots = append(ballots, []string{B, C, D})
	}
	for i := 0; i < 30; i++ {
		ballots = append(ballots, []string{A, C, D})
	}
	for i := 0; i < 35; i++ {
		ballots = append(ballots, []string{A, B, D})
	}
	for i := 0; i < 35; i++ {
		ballots = append(ballots, []string{A, B, C})
	}
	cast := func(from, to int) {
		for i := from; i < to; i++ {
			if _, err := tablets[i].Cast(ctx, pollID, daihoi.BallotRequest{BallotID: client.NewBallotID(), Kept: ballots[i]}); err != nil {
				t.Fatalf("ballot %d: %v", i, err)
			}
		}
	}
	cast(0, 110)
	b.waitText(hall, "#turnout", "110 / 120")
	b.waitText(pres, card, "110")
	presNoElement(b, hall, "#results", "no partial result while the poll is open")
	if txt := b.text(hall, ".hall-stage"); strings.Contains(txt, "%") {
		t.Fatalf("the hall shows a figure beyond the turnout while voting: %q", txt)
	}
	presClick(b, pres, card+` [data-act="voters"]`, false)
	b.waitText(pres, card+" .voters-list", "10/120")
	b.waitText(pres, card+" .voters-list", voters[115].Name)
	presShot(b, pres, "presidium-election-3-voting")
	presShot(b, hall, "hall-election-3-voting")

	cast(110, 120)
	b.waitText(hall, "#turnout", "120 / 120")
	presClick(b, pres, card+` [data-act="close-poll"]`, true)
	b.waitText(pres, card, "Chờ Ban kiểm phiếu xác nhận")
	for _, name := range []string{"kiemphieu2", "kiemphieu3", "kiemphieu4", "kiemphieu5", "kiemphieu1"} {
		if _, err := a.Login(name).PollAction(ctx, pollID, "confirm"); err != nil {
			t.Fatalf("%s confirms: %v", name, err)
		}
	}
	b.waitText(pres, card, "Hòa phiếu")
	b.waitText(pres, card, "1. "+picked.Name+", 2. Lê Văn Ba")
	presNoElement(b, hall, "#results", "counted is not published")
	presShot(b, pres, "presidium-election-4-counted")

	presClick(b, pres, card+` [data-act="publish"]`, true)
	b.waitText(hall, "#results", picked.Name)
	b.waitText(hall, "#results", "bầu lại 1 chỗ")
	b.waitText(hall, "#results", "66,67%") // 100 of 150
	b.waitText(hall, ".hall-elected", "Lê Văn Ba")
	presShot(b, hall, "hall-election-5-published")

	presClick(b, pres, card+` [data-act="next-round"]`, true)
	presWaitJS(b, pres, "the run-off draft", `DH.state.polls.some((p) => p.previous === `+jsString(pollID)+` && p.state === "draft")`, 5*time.Second)
	next := eval[string](b, pres, `DH.state.polls.find((p) => p.previous === `+jsString(pollID)+`).id`)
	b.waitText(pres, "#poll-"+next, "vòng 2")
	b.waitText(pres, "#poll-"+next, "Trần Thị Bốn")
	b.waitText(pres, "#poll-"+next, "Đỗ Thị Sáu")
	presShot(b, pres, "presidium-election-6-runoff-draft")
}

// TestBrowserUpperDelegates runs the demo's election of delegates to the upper level (13 names,
// 10 official seats, 2 alternates) from the console: the hall shows the long result, and the console
// drafts the alternates' round.
func TestBrowserUpperDelegates(t *testing.T) {
	browserTest(t)
	a := startApp(t, "")
	ctx := context.Background()
	a.CheckInAll()
	voters := a.Officials(120)
	tablets := make([]*client.Client, len(voters))
	for i, d := range voters {
		tablets[i] = a.Tablet(d)
	}
	var upper daihoi.Poll
	for _, p := range a.Demo.Polls {
		if p.AlternateSeats > 0 {
			upper = p
		}
	}
	if upper.ID == "" || len(upper.Candidates) != 13 || upper.Seats != 10 {
		t.Fatalf("the demo's upper-level election is not 13 names for 10 seats: %+v", upper)
	}
	b := newBrowser(t)
	pres := b.window(1440, 900)
	hall := b.window(1920, 1080)
	b.signIn(pres, a.URL(), "presidium", "dct1")
	b.signIn(hall, a.URL(), "hall", "hoitruong")
	presReady(b, pres, "presidium")
	presReady(b, hall, "hall")
	// Go to the item of the election.
	presClick(b, pres, `[data-item="`+upper.AgendaItem+`"]`, false)
	presClick(b, pres, `.ag-actions [data-act="open"]`, true)
	b.waitText(hall, "#current-item", "Bầu đại biểu đi dự")

	card := "#poll-" + upper.ID
	b.waitText(pres, card, "dự khuyết")
	presClick(b, pres, card+` [data-act="open-poll"]`, true)
	b.waitText(hall, "#turnout", "0 / 120")

	// 100 ballots keep the first ten names, 20 keep the last ten: names 4–10 get 120 votes, 1–3
	// get 100, 11–13 get 20.
	c := upper.Candidates
	for i := range tablets {
		var kept []string
		for _, x := range c[:10] {
			kept = append(kept, x.ID)
		}
		if i >= 100 {
			kept = nil
			for _, x := range c[3:] {
				kept = append(kept, x.ID)
			}
		}
		if _, err := tablets[i].Cast(ctx, upper.ID, daihoi.BallotRequest{BallotID: client.NewBallotID(), Kept: kept}); err != nil {
			t.Fatalf("ballot %d: %v", i, err)
		}
	}
	b.waitText(hall, "#turnout", "120 / 120")
	presShot(b, hall, "hall-upper-1-turnout")
	presClick(b, pres, card+` [data-act="close-poll"]`, true)
	for _, name := range []string{"kiemphieu2", "kiemphieu3", "kiemphieu4", "kiemphieu5", "kiemphieu1"} {
		if _, err := a.Login(name).PollAction(ctx, upper.ID, "confirm"); err != nil {
			t.Fatalf("%s confirms: %v", name, err)
		}
	}
	b.waitText(pres, card, "Đã kiểm phiếu")
	presClick(b, pres, card+` [data-act="publish"]`, true)
	b.waitText(hall, "#results", c[12].Name)
	b.waitText(hall, ".hall-elected", "(10/10)")
	b.waitText(hall, ".hall-elected", c[3].Name)
	if !eval[bool](b, hall, `document.querySelector(".hall").scrollHeight <= innerHeight && document.querySelector(".hall-stage").scrollHeight <= document.querySelector(".hall-stage").clientHeight + 1`) {
		t.Fatal("the result of 13 names does not fit the hall's screen")
	}
	presShot(b, hall, "hall-upper-2-result")

	presClick(b, pres, card+` [data-act="next-round"]`, true)
	presWaitJS(b, pres, "the alternates' draft", `DH.state.polls.some((p) => p.previous === `+jsString(upper.ID)+`)`, 5*time.Second)
	next := eval[string](b, pres, `DH.state.polls.find((p) => p.previous === `+jsString(upper.ID)+`).id`)
	b.waitText(pres, "#poll-"+next, "dự khuyết")
	b.waitText(pres, "#poll-"+next, c[11].Name)
	presShot(b, pres, "presidium-upper-3-alternates-draft")
}

// TestBrowserAgendaEdit changes the programme from the console (insert, move, skip, mark done),
// answers a delegate's question, drafts a motion on the form and switches the console to English.
func TestBrowserAgendaEdit(t *testing.T) {
	browserTest(t)
	a := startApp(t, "")
	ctx := context.Background()
	b := newBrowser(t)
	pres := b.window(1440, 900)
	b.signIn(pres, a.URL(), "presidium", "dct1")
	presReady(b, pres, "presidium")
	presClick(b, pres, "#next-item", false)
	ag := a.Demo.Agenda

	// Insert an item after the third one.
	const added = "Phát biểu chào mừng của Đoàn Thanh niên"
	b.waitText(pres, "#current-item", ag[0].Title)
	presClick(b, pres, `[data-item="`+ag[2].ID+`"]`, false)
	presClick(b, pres, `.ag-actions [data-act="insert"]`, false)
	b.do(pres, "type the new item",
		chromedp.WaitVisible(chromedp.CSS("#ins-title")),
		chromedp.SendKeys(chromedp.CSS("#ins-title"), added),
		chromedp.Evaluate[chromedp.Void](`(() => { const e = document.querySelector("#ins-minutes"); e.select(); })()`),
		chromedp.SendKeys(chromedp.CSS("#ins-minutes"), "7"))
	presShot(b, pres, "presidium-edit-1-insert")
	presClick(b, pres, `.ag-insert button[type="submit"]`, false)
	presWaitJS(b, pres, "the new item after item 3", `DH.state.agenda[3] && DH.state.agenda[3].title === `+jsString(added), 5*time.Second)
	b.waitText(pres, "#agenda", added)
	b.waitText(pres, `[data-item="`+eval[string](b, pres, `DH.state.agenda[3].id`)+`"]`, "07:45") // planned after item 3 (07:40 + 5)
	newID := eval[string](b, pres, `DH.state.agenda[3].id`)
	if m := eval[int](b, pres, `DH.state.agenda[3].minutes`); m != 7 {
		t.Fatalf("the new item has %d minutes, want 7", m)
	}

	// Move it up, then skip it.
	presClick(b, pres, `[data-item="`+newID+`"]`, false)
	presClick(b, pres, `.ag-actions [title="Đưa lên"]`, false)
	presWaitJS(b, pres, "the new item moves up", `DH.state.agenda[2].id === `+jsString(newID), 5*time.Second)
	presClick(b, pres, `.ag-actions [data-act="skip"]`, true)
	presWaitJS(b, pres, "the new item is skipped", `DH.state.agenda[2].state === "skipped"`, 5*time.Second)
	// Mark the first item done from the bar.
	presClick(b, pres, "#done-item", true)
	presWaitJS(b, pres, "no item under way", `!DH.state.agenda.some((i) => i.state === "current")`, 5*time.Second)
	b.waitText(pres, "#current-item", "—")
	presShot(b, pres, "presidium-edit-2-moved-skipped")

	// A delegate's question, grouped under its topic, answered.
	d := a.Officials(3)[2]
	topic := a.Demo.Topics[0]
	var q daihoi.Question
	if err := a.Tablet(d).Post(ctx, "/api/questions", daihoi.QuestionRequest{Topic: topic, Text: "Đề nghị làm rõ chỉ tiêu phát triển đảng viên mới."}, &q); err != nil {
		t.Fatalf("ask: %v", err)
	}
	b.waitText(pres, "#questions", topic)
	b.waitText(pres, "#questions", d.Name)
	b.waitText(pres, "#questions", "1 chưa trả lời")
	presClick(b, pres, `[data-question="`+q.ID+`"] .btn`, false)
	b.waitText(pres, `[data-question="`+q.ID+`"]`, "Đã trả lời")
	b.waitText(pres, "#questions", "0 chưa trả lời")

	// A motion drafted on the form, open on tablets.
	const motion = "Thông qua Quy chế làm việc của Đại hội (thử)"
	presClick(b, pres, "#new-motion", false)
	b.do(pres, "fill in the motion",
		chromedp.WaitVisible(chromedp.CSS("#np-title")),
		chromedp.SendKeys(chromedp.CSS("#np-title"), motion),
		chromedp.SetValue(chromedp.CSS("#np-mode"), "named"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#np-mode").dispatchEvent(new Event("input")), document.querySelector("#np-mode").dispatchEvent(new Event("change"))`))
	b.waitText(pres, ".newpoll", "Trên máy tính bảng")
	presShot(b, pres, "presidium-edit-3-motion-form")
	presClick(b, pres, `.newpoll button[type="submit"]`, false)
	presWaitJS(b, pres, "the motion draft", `DH.state.polls.some((p) => p.title === `+jsString(motion)+` && p.mode === "named" && p.tablet)`, 5*time.Second)

	// English.
	presClick(b, pres, `[data-test="lang"]`, false)
	b.waitText(pres, "#next-item", "Open next item")
	b.waitText(pres, "#attendance", "present / base")
	b.waitText(pres, "#polls", "Draft")
	presShot(b, pres, "presidium-edit-4-english")
	presClick(b, pres, `[data-test="lang"]`, false)
	b.waitText(pres, "#next-item", "Mở mục tiếp theo")
}

// presProxy is a TCP relay between a screen and the server that can drop every connection and
// refuse new ones for a while: a network drop in the hall.
type presProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	down   bool
	conns  map[net.Conn]bool
}

func newPresProxy(t *testing.T, target string) *presProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &presProxy{ln: ln, target: target, conns: map[net.Conn]bool{}}
	t.Cleanup(func() { ln.Close(); p.drop() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.mu.Lock()
			down := p.down
			if !down {
				p.conns[c] = true
			}
			p.mu.Unlock()
			if down {
				c.Close()
				continue
			}
			go p.relay(c)
		}
	}()
	return p
}

func (p *presProxy) relay(c net.Conn) {
	s, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	p.conns[s] = true
	p.mu.Unlock()
	go func() { io.Copy(s, c); s.Close() }()
	io.Copy(c, s)
	c.Close()
}

func (p *presProxy) URL() string { return "http://" + p.ln.Addr().String() }

// drop closes every connection; with setDown(true) new ones are refused too.
func (p *presProxy) drop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		c.Close()
		delete(p.conns, c)
	}
}

func (p *presProxy) setDown(down bool) {
	p.mu.Lock()
	p.down = down
	p.mu.Unlock()
	if down {
		p.drop()
	}
}

// TestBrowserHallReconnects cuts the hall's network: the hall shows that it is reconnecting, and
// once the network is back it catches up by itself with what happened meanwhile.
func TestBrowserHallReconnects(t *testing.T) {
	browserTest(t)
	a := startApp(t, "")
	ctx := context.Background()
	proxy := newPresProxy(t, strings.TrimPrefix(a.URL(), "http://"))
	b := newBrowser(t)
	hall := b.window(1920, 1080)
	b.signIn(hall, proxy.URL(), "hall", "hoitruong")
	presReady(b, hall, "hall")
	presNoElement(b, hall, "#reconnecting", "the hall is connected")

	proxy.setDown(true)
	presWaitJS(b, hall, "the reconnecting mark", `document.querySelector("#reconnecting") !== null`, 5*time.Second)
	presShot(b, hall, "hall-reconnect-1-down")
	// Meanwhile the presidium opens the first item.
	if _, err := a.Login("dct1").AgendaNext(ctx); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond) // nothing reaches the hall while its network is down: no condition to wait for
	b.waitText(hall, "#current-item", "Đại hội sắp bắt đầu")

	proxy.setDown(false)
	b.waitText(hall, "#current-item", a.Demo.Agenda[0].Title)
	presWaitJS(b, hall, "the mark goes", `document.querySelector("#reconnecting") === null`, 10*time.Second)
	presShot(b, hall, "hall-reconnect-2-back")
}
