package main

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/daihoi/daihoi"
)

// TestBrowserLeavingAnItem: «Mở mục tiếp theo» with a vote of the item still open is refused with
// the reason, and the hall keeps the vote; with a vote never held and a speaker waiting it asks
// once, naming them, and moves on when the presidium confirms.
func TestBrowserLeavingAnItem(t *testing.T) {
	a := startApp(t, "")
	ctx := context.Background()
	a.CheckInAll()
	pres := a.Login("dct1")
	agenda, err := pres.AgendaNext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	item, next := agenda[0], agenda[1]
	vote, err := pres.CreatePoll(ctx, daihoi.PollRequest{Kind: daihoi.Motion, Title: "Thông qua danh sách Đoàn Chủ tịch", Mode: daihoi.Hands, AgendaItem: item.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pres.PollAction(ctx, vote.ID, "open"); err != nil {
		t.Fatal(err)
	}

	b := newBrowser(t)
	console := b.window(1366, 768)
	b.signIn(console, a.URL(), "presidium", "dct1")
	presReady(b, console, "presidium")
	b.waitText(console, "#current-item", item.Title)
	presClick(b, console, "#next-item", false)
	b.waitText(console, "#toasts", "đang biểu quyết «Thông qua danh sách Đoàn Chủ tịch»: hãy kết thúc biểu quyết trước khi rời mục")
	presNoElement(b, console, ".modal", "a vote still open is refused, not asked about")
	b.waitText(console, "#current-item", item.Title)
	presShot(b, console, "presidium-leave-vote-open")

	// The vote is counted; another never held, and a delegate waits to speak.
	if err := pres.Post(ctx, "/api/polls/"+vote.ID+"/counts", daihoi.Counts{For: 140}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := pres.CreatePoll(ctx, daihoi.PollRequest{Kind: daihoi.Motion, Title: "Thông qua danh sách Đoàn Thư ký", Mode: daihoi.Hands, AgendaItem: item.ID}); err != nil {
		t.Fatal(err)
	}
	d := a.Officials(1)[0]
	if err := a.Tablet(d).Post(ctx, "/api/speakers", daihoi.SpeakerRequest{Kind: daihoi.OpenDiscussion}, nil); err != nil {
		t.Fatal(err)
	}
	b.waitText(console, "#poll-"+vote.ID, "Đã kiểm phiếu")
	presWaitJS(b, console, "the speaker on the list", `(DH.state.speakers || []).some((s) => s.state === "requested")`, 10*time.Second)
	presClick(b, console, "#next-item", false)
	b.waitText(console, ".modal-q", "còn biểu quyết chưa tiến hành «Thông qua danh sách Đoàn Thư ký»; 1 đại biểu chờ phát biểu ("+d.Name+"). Vẫn rời mục?")
	presShot(b, console, "presidium-leave-asks")
	b.do(console, "leave anyway", chromedp.Click(chromedp.CSS(`[data-test="confirm-yes"]`)), chromedp.WaitNotPresent(chromedp.CSS(`.modal`)))
	b.waitText(console, "#current-item", next.Title)
}
