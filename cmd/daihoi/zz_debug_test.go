package main

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
)

func TestZZDebugScroll(t *testing.T) {
	a := startApp(t, "")
	ctx := context.Background()
	a.checkInAll()
	voters := a.officials(120)
	tablets := make([]*client.Client, len(voters))
	for i, d := range voters {
		tablets[i] = a.tablet(d)
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
	b.do(pres, "choose the item", chromedp.Click(chromedp.CSS(`[data-item="`+upper.AgendaItem+`"]`)))
	presClick(b, pres, `.ag-actions [data-act="open"]`, true)
		t.Log("step", eval[float64](b, pres, `document.querySelector(".col-agenda").scrollTop`), eval[float64](b, pres, `document.querySelector(".col-polls").scrollTop`))
	b.waitText(hall, "#current-item", "Bầu đại biểu đi dự")

	card := "#poll-" + upper.ID
	b.waitText(pres, card, "dự khuyết")
		t.Log("step", eval[float64](b, pres, `document.querySelector(".col-agenda").scrollTop`), eval[float64](b, pres, `document.querySelector(".col-polls").scrollTop`))
	presClick(b, pres, card+` [data-act="open-poll"]`, true)
		t.Log("step", eval[float64](b, pres, `document.querySelector(".col-agenda").scrollTop`), eval[float64](b, pres, `document.querySelector(".col-polls").scrollTop`))
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
	
	presClick(b, pres, card+` [data-act="close-poll"]`, true)
		t.Log("step", eval[float64](b, pres, `document.querySelector(".col-agenda").scrollTop`), eval[float64](b, pres, `document.querySelector(".col-polls").scrollTop`))
	for _, name := range []string{"kiemphieu2", "kiemphieu3", "kiemphieu4", "kiemphieu5", "kiemphieu1"} {
		if _, err := a.login(name).PollAction(ctx, upper.ID, "confirm"); err != nil {
			t.Fatalf("%s confirms: %v", name, err)
		}
	}
	b.waitText(pres, card, "Đã kiểm phiếu")
		t.Log("step", eval[float64](b, pres, `document.querySelector(".col-agenda").scrollTop`), eval[float64](b, pres, `document.querySelector(".col-polls").scrollTop`))
	presClick(b, pres, card+` [data-act="publish"]`, true)
		t.Log("step", eval[float64](b, pres, `document.querySelector(".col-agenda").scrollTop`), eval[float64](b, pres, `document.querySelector(".col-polls").scrollTop`))
	b.waitText(hall, "#results", c[12].Name)
	b.waitText(hall, ".hall-elected", "(10/10)")
	b.waitText(hall, ".hall-elected", c[3].Name)
	if !eval[bool](b, hall, `document.querySelector(".hall").scrollHeight <= innerHeight && document.querySelector(".hall-stage").scrollHeight <= document.querySelector(".hall-stage").clientHeight + 1`) {
		t.Fatal("the result of 13 names does not fit the hall's screen")
	}
	

	presClick(b, pres, card+` [data-act="next-round"]`, true)
		t.Log("step", eval[float64](b, pres, `document.querySelector(".col-agenda").scrollTop`), eval[float64](b, pres, `document.querySelector(".col-polls").scrollTop`))
	presWaitJS(b, pres, "the alternates' draft", `DH.state.polls.some((p) => p.previous === `+jsString(upper.ID)+`)`, 5*time.Second)
		t.Log("step", eval[float64](b, pres, `document.querySelector(".col-agenda").scrollTop`), eval[float64](b, pres, `document.querySelector(".col-polls").scrollTop`))
	next := eval[string](b, pres, `DH.state.polls.find((p) => p.previous === `+jsString(upper.ID)+`).id`)
	b.waitText(pres, "#poll-"+next, "dự khuyết")
		t.Log("step", eval[float64](b, pres, `document.querySelector(".col-agenda").scrollTop`), eval[float64](b, pres, `document.querySelector(".col-polls").scrollTop`))
	b.waitText(pres, "#poll-"+next, c[11].Name)
		t.Log("step", eval[float64](b, pres, `document.querySelector(".col-agenda").scrollTop`), eval[float64](b, pres, `document.querySelector(".col-polls").scrollTop`))
	
	b.shot(pres, "zz-debug")
	t.Log("after shot", eval[float64](b, pres, `document.querySelector(".col-agenda").scrollTop`), eval[float64](b, pres, `document.querySelector(".col-polls").scrollTop`))
}
