package main

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/daihoi/daihoi"
)

// TestBrowserLateDelegateVotes: every delegate present gets a ballot. Before opening a tablet vote
// the presidium reads how many present have no tablet, and the opening dialog says it in one line.
// A delegate who checks in and signs in after the poll opened is issued a ballot and votes; a
// tablet signed in before its delegate checked in says «Chưa điểm danh» from the start, and gets the
// ballot as soon as the door checks them in. Issued rises with each, on the presidium's and the
// tellers' screens.
func TestBrowserLateDelegateVotes(t *testing.T) {
	a := startApp(t, "")
	ctx := context.Background()
	a.CheckInAll()
	ds := a.Officials(4)
	early, late, door := ds[:2], ds[2], ds[3]
	desk := a.Login("dontiep")
	for _, d := range []daihoi.Delegate{late, door} {
		if err := desk.Post(ctx, "/api/delegates/"+d.ID+"/presence", map[string]string{"presence": string(daihoi.NotArrived)}, nil); err != nil {
			t.Fatal(err)
		}
	}
	pres := a.Login("dct1")
	if _, err := pres.AgendaNext(ctx); err != nil {
		t.Fatal(err)
	}
	p, err := pres.CreatePoll(ctx, daihoi.PollRequest{Kind: daihoi.Motion, Title: "Thông qua Quy chế bầu cử tại Đại hội", Mode: daihoi.Secret, Tablet: true})
	if err != nil {
		t.Fatal(err)
	}

	b := newBrowser(t)
	var tabs []context.Context
	for _, d := range early {
		tabs = append(tabs, dTablet(b, a, d, 1280, 800))
	}
	// Signed in, not checked in: the tablet says so from the start.
	doorTab := dTablet(b, a, door, 1280, 800)
	b.waitText(doorTab, "#not-checked-in", "Chưa điểm danh — xin đến bàn đón tiếp")
	dShot(b, doorTab, "tablet-not-checked-in")

	console := b.window(1366, 768)
	b.signIn(console, a.URL(), "presidium", "dct1")
	presReady(b, console, "presidium")
	var att daihoi.Attendance
	if err := pres.Get(ctx, "/api/attendance", &att); err != nil {
		t.Fatal(err)
	}
	if att.NoTablet != att.Present-len(early) {
		t.Fatalf("attendance: %d present without a tablet, want %d", att.NoTablet, att.Present-len(early))
	}
	card := "#poll-" + p.ID
	line := fmt.Sprintf("Có mặt %d: %d nhận phiếu trên máy tính bảng, %d chưa đăng nhập máy tính bảng", att.Present, len(early), att.NoTablet)
	b.waitText(console, card, line)
	presClick(b, console, card+` [data-act="no-tablet"]`, false)
	b.waitText(console, card+" .no-tablet-list", fmt.Sprintf("Có mặt, chưa đăng nhập máy tính bảng: %d/%d", att.NoTablet, att.Present))
	presShot(b, console, "presidium-late-before-open")

	// The opening dialog says it in one line.
	presClick(b, console, card+` [data-act="open-poll"]`, false)
	b.waitText(console, ".modal-q", line)
	presShot(b, console, "presidium-late-open-dialog")
	b.do(console, "confirm the opening", chromedp.Click(chromedp.CSS(`[data-test="confirm-yes"]`)), chromedp.WaitNotPresent(chromedp.CSS(`.modal`)))
	for _, tab := range tabs {
		b.waitText(tab, "#ballot", p.Title)
	}
	b.waitText(doorTab, "#not-issued", "Chưa điểm danh — xin đến bàn đón tiếp")
	teller := tlTeller(b, a, "kiemphieu1")
	b.do(teller, "select the poll", chromedp.Click(chromedp.CSS(`.tl-poll[data-poll="`+p.ID+`"]`)))

	// The late delegate checks in at the door, then signs in: a ballot, and a vote.
	if _, err := desk.CheckIn(ctx, a.Codes[late.ID]); err != nil {
		t.Fatal(err)
	}
	lateTab := b.window(1280, 800) // the ballot takes over the screen as soon as it signs in
	b.do(lateTab, "card sign-in of "+late.Name, chromedp.Navigate(a.URL()+"/d/"+a.Codes[late.ID]))
	b.waitText(lateTab, "#ballot", p.Title)
	dTap(b, lateTab, "#vote-for")
	dTap(b, lateTab, "#ballot-send")
	b.waitText(lateTab, "#receipt", "Phiếu của đồng chí đã được ghi nhận")
	dShot(b, lateTab, "tablet-late-receipt")

	// The door checks in the delegate whose tablet was waiting: the ballot comes at once.
	if _, err := desk.CheckIn(ctx, a.Codes[door.ID]); err != nil {
		t.Fatal(err)
	}
	b.waitText(doorTab, "#ballot", p.Title)
	dTap(b, doorTab, "#vote-against")
	dTap(b, doorTab, "#ballot-send")
	b.waitText(doorTab, "#receipt", "Phiếu của đồng chí đã được ghi nhận")
	dTap(b, doorTab, "#receipt-close")
	b.waitText(doorTab, "#banner", "Đồng chí đã bỏ phiếu")
	if n := eval[int](b, doorTab, `document.querySelectorAll('#not-checked-in').length`); n != 0 {
		t.Errorf("the tablet still says its delegate is not checked in")
	}

	v := dPoll(a, pres, p.ID)
	if v.Issued != len(early)+2 || v.LateIssued != 2 || v.Cast != 2 {
		t.Fatalf("issued %d (late %d), cast %d; want %d issued, 2 late, 2 cast", v.Issued, v.LateIssued, v.Cast, len(early)+2)
	}
	b.waitText(console, card, "trong đó 2 cho đại biểu đến sau khi mở")
	dWaitFigure(b, console, card+" .turnout-fig", fmt.Sprintf("2/%d", len(early)+2))
	b.waitText(teller, "#late-issued", "phát ra gồm 2 phiếu cho đại biểu đến sau khi mở")
	presShot(b, console, "presidium-late-issued")
	b.shot(teller, "teller-late-issued")
}
