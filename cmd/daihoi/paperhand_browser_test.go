package main

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/daihoi/daihoi"
)

// TestBrowserPaperForThoseWithoutATablet: nobody present is left without a ballot, and nobody gets
// two. The opening dialog of a vote on tablets and paper offers paper to those present with no
// tablet signed in; the presidium and the tellers then read whom to hand it, and issued counts
// them. One handed paper who signs in on a tablet is told so, and issued no tablet ballot.
func TestBrowserPaperForThoseWithoutATablet(t *testing.T) {
	a := startApp(t, "")
	ctx := context.Background()
	a.CheckInAll()
	ds := a.Officials(4)
	early, paper, late := ds[:2], ds[2], ds[3]
	desk := a.Login("dontiep")
	if err := desk.Post(ctx, "/api/delegates/"+late.ID+"/presence", map[string]string{"presence": string(daihoi.NotArrived)}, nil); err != nil {
		t.Fatal(err)
	}
	pres := a.Login("dct1")
	if _, err := pres.AgendaNext(ctx); err != nil {
		t.Fatal(err)
	}
	p, err := pres.CreatePoll(ctx, daihoi.PollRequest{Kind: daihoi.Motion, Title: "Thông qua Quy chế làm việc của Đại hội", Mode: daihoi.Secret,
		Tablet: true, Paper: true, Stations: 2})
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	for _, d := range early {
		dTablet(b, a, d, 1280, 800)
	}
	console := b.window(1366, 768)
	b.signIn(console, a.URL(), "presidium", "dct1")
	presReady(b, console, "presidium")
	var att daihoi.Attendance
	if err := pres.Get(ctx, "/api/attendance", &att); err != nil {
		t.Fatal(err)
	}
	without := att.Present - len(early)
	if att.NoTablet != without {
		t.Fatalf("attendance: %d present without a tablet, want %d", att.NoTablet, without)
	}
	card := "#poll-" + p.ID
	b.waitText(console, card, fmt.Sprintf("%d chưa đăng nhập máy tính bảng — có thể phát phiếu giấy cho %d đồng chí này khi mở", without, without))

	// The opening dialog offers paper for them, ticked.
	presClick(b, console, card+` [data-act="open-poll"]`, false)
	b.waitText(console, ".modal-q .hand-paper", fmt.Sprintf("Phát phiếu giấy cho %d đồng chí có mặt chưa đăng nhập máy tính bảng", without))
	if !eval[bool](b, console, `document.querySelector('#hand-paper').checked`) {
		t.Errorf("the offer of paper is not ticked")
	}
	presShot(b, console, "presidium-open-offers-paper")
	b.do(console, "confirm the opening", chromedp.Click(chromedp.CSS(`[data-test="confirm-yes"]`)), chromedp.WaitNotPresent(chromedp.CSS(`.modal`)))

	v := dPoll(a, pres, p.ID)
	if v.Issued != len(early) || len(v.PaperTo) != without || v.PaperIssued != without || v.BallotsIssued() != att.Present {
		t.Fatalf("opened: %d on tablets, paper to %d (%d issued), %d in all; want %d, %d, %d present", v.Issued, len(v.PaperTo), v.PaperIssued, v.BallotsIssued(), len(early), without, att.Present)
	}
	b.waitText(console, "#paper-to-"+p.ID, fmt.Sprintf("Phiếu giấy đã phát cho %d đồng chí có mặt chưa có máy tính bảng", without))
	b.waitText(console, "#paper-to-"+p.ID, fmt.Sprintf("%d. %s", paper.Number, paper.Name))
	presShot(b, console, "presidium-paper-handed")

	// The tellers read how many paper ballots to hand, and to whom; issued counts them.
	teller := tlTeller(b, a, "kiemphieu1")
	b.do(teller, "select the poll", chromedp.Click(chromedp.CSS(`.tl-poll[data-poll="`+p.ID+`"]`)))
	b.waitText(teller, "#paper-to", fmt.Sprintf("Phát phiếu giấy cho %d đồng chí có mặt chưa có máy tính bảng", without))
	b.waitText(teller, "#paper-to", paper.Name)
	if got := eval[string](b, teller, `document.querySelector('#figures input[aria-label="phiếu giấy phát ra"]').value`); got != fmt.Sprint(without) {
		t.Errorf("the tellers' paper ballots issued start at %q, want %d", got, without)
	}
	b.shot(teller, "teller-paper-to")

	// One handed paper signs in on a tablet: told so, and issued no tablet ballot.
	tab := b.window(1280, 800) // the poll's screen takes over as soon as it signs in
	b.do(tab, "card sign-in of "+paper.Name, chromedp.Navigate(a.URL()+"/d/"+a.Codes[paper.ID]))
	b.waitText(tab, "#paper-handed", "Đồng chí đã nhận phiếu giấy")
	dShot(b, tab, "tablet-paper-handed")
	if n := eval[int](b, tab, `document.querySelectorAll('#ballot').length`); n != 0 {
		t.Errorf("a delegate handed paper is shown a tablet ballot")
	}
	if v := dPoll(a, pres, p.ID); v.Issued != len(early) || v.LateIssued != 0 {
		t.Errorf("a delegate handed paper was issued a tablet ballot too: issued %d (late %d)", v.Issued, v.LateIssued)
	}

	// A delegate checks in late, with no tablet: the tellers hand them paper, them alone.
	if _, err := desk.CheckIn(ctx, a.Codes[late.ID]); err != nil {
		t.Fatal(err)
	}
	b.do(teller, "hand paper to the late arrival", chromedp.Click(chromedp.CSS(`#paper-to [data-act="hand-paper"]`)))
	b.do(teller, "confirm", chromedp.Click(chromedp.CSS(`[data-test="confirm-yes"]`)), chromedp.WaitNotPresent(chromedp.CSS(`.modal`)))
	b.waitText(teller, "#paper-to", fmt.Sprintf("Phát phiếu giấy cho %d đồng chí có mặt chưa có máy tính bảng (1 đến sau khi mở)", without+1))
	b.waitText(teller, "#paper-to", fmt.Sprintf("%d. %s", late.Number, late.Name))
	b.waitText(teller, "#toasts", fmt.Sprintf("Phát phiếu giấy cho: %d. %s", late.Number, late.Name)) // whom, at once
	b.shot(teller, "teller-paper-late")
	if v := dPoll(a, pres, p.ID); len(v.PaperTo) != without+1 || v.PaperIssued != without+1 || v.PaperLate != 1 || v.Issued != len(early) {
		t.Errorf("after the late arrival: paper to %d (%d issued, %d late), %d on tablets", len(v.PaperTo), v.PaperIssued, v.PaperLate, v.Issued)
	}
	b.waitText(console, "#paper-to-"+p.ID, fmt.Sprintf("Phiếu giấy đã phát cho %d đồng chí có mặt chưa có máy tính bảng (1 đến sau khi mở)", without+1))
}
