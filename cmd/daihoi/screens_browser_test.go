package main

// Browser tests of what the chairs, the secretariat and the delegates read on their screens at
// their real sizes: the presidium's laptop (1366×768) and the tablets (1280×800).

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
)

// TestBrowserPresidiumCandidateNames: on the presidium's 1366×768 laptop the list of a draft
// election shows every candidate's full name, long ones too, before the election opens.
func TestBrowserPresidiumCandidateNames(t *testing.T) {
	browserTest(t)
	a := startApp(t, "")
	ctx := context.Background()
	a.CheckInAll()
	pres := a.Login("dct1")
	agenda, err := pres.AgendaNext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var committee daihoi.Poll
	for _, p := range a.Demo.Polls {
		if p.Kind == daihoi.Election && p.Seats == 15 {
			committee = p
		}
	}
	var cands []daihoi.CandidateRequest
	var names []string
	for _, c := range committee.Candidates {
		cands = append(cands, daihoi.CandidateRequest{ID: c.Delegate, Name: c.Name})
		names = append(names, c.Name)
	}
	for _, n := range []string{"Tôn Nữ Hoàng Thị Thanh Thảo", "Nguyễn Huỳnh Phương Khánh Linh"} {
		cands = append(cands, daihoi.CandidateRequest{Name: n})
		names = append(names, n)
	}
	p, err := pres.CreatePoll(ctx, daihoi.PollRequest{Kind: daihoi.Election, Title: committee.Title, Mode: daihoi.Secret, Tablet: true, Seats: 15, Candidates: cands, AgendaItem: agenda[0].ID})
	if err != nil {
		t.Fatal(err)
	}

	b := newBrowser(t)
	console := b.window(1366, 768)
	b.signIn(console, a.URL(), "presidium", "dct1")
	presReady(b, console, "presidium")
	card := "#poll-" + p.ID
	b.waitText(console, card, names[len(names)-1])
	type nameView struct {
		Text string
		Cut  bool
	}
	shown := eval[[]nameView](b, console, `[...document.querySelectorAll(`+jsString(card+" .cand-name")+`)].map((e) => ({Text: e.textContent, Cut: e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1 || e.getBoundingClientRect().width < 1}))`)
	if len(shown) != len(names) {
		t.Fatalf("%d names on the draft's list, want %d", len(shown), len(names))
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	for i, n := range shown {
		if !want[n.Text] || n.Cut {
			t.Errorf("name %d on the list (ballot order) shows %q, cut: %v; want a candidate's full name", i+1, n.Text, n.Cut)
		}
		delete(want, n.Text)
	}
	if len(want) > 0 {
		t.Errorf("names not on the list: %v", want)
	}
	b.do(console, "scroll to the draft", chromedp.ScrollIntoView(chromedp.CSS(card)))
	presShot(b, console, "presidium-1366-candidates")
}

// TestBrowserTabletResultBanner: the tablet's banner names the result published last, even when an
// earlier-made vote is published after a later one, and the delegate can dismiss it: it stays away
// after a reload, until another result is published.
func TestBrowserTabletResultBanner(t *testing.T) {
	browserTest(t)
	a := startApp(t, "")
	ctx := context.Background()
	voters := a.Officials(3)
	dPresentOnly(a, voters)
	pres := a.Login("dct1")
	b := newBrowser(t)
	tab := dTablet(b, a, voters[0], 1280, 800)
	vote := func(title string) daihoi.Poll {
		p, err := pres.CreatePoll(ctx, daihoi.PollRequest{Kind: daihoi.Motion, Title: title, Mode: daihoi.Secret, Tablet: true})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	publish := func(p daihoi.Poll) {
		if _, err := pres.PollAction(ctx, p.ID, "open"); err != nil {
			t.Fatal(err)
		}
		for _, d := range voters[1:] {
			if _, err := a.Tablet(d).Cast(ctx, p.ID, daihoi.BallotRequest{BallotID: client.NewBallotID(), Choice: daihoi.For}); err != nil {
				t.Fatal(err)
			}
		}
		dPublish(a, pres, p.ID)
	}
	first := vote("Thông qua Quy chế làm việc của Đại hội")
	second := vote("Thông qua Quy chế bầu cử tại Đại hội")
	third := vote("Thông qua Nghị quyết Đại hội")

	// Made second, published first; then the one made first: the banner names the latest.
	publish(second)
	b.waitText(tab, "#banner-published", second.Title)
	publish(first)
	b.waitText(tab, "#banner-published", first.Title)
	b.waitText(tab, "#banner-published", "và 1 kết quả trước")
	if got := b.text(tab, "#banner-published b"); got != first.Title {
		t.Errorf("the banner names %q, want the result published last, %q", got, first.Title)
	}
	dShot(b, tab, "tablet-banner-latest")

	// Dismissed, it goes, and stays gone after a reload.
	dTap(b, tab, "#banner-dismiss")
	presNoElement(b, tab, "#banner-published", "the dismissed banner is gone")
	b.do(tab, "reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#current-item")))
	b.waitText(tab, "#delegate-name", voters[0].Name)
	presNoElement(b, tab, "#banner-published", "the dismissed banner stays gone after a reload")

	// A new result brings it back, naming that one alone.
	publish(third)
	b.waitText(tab, "#banner-published", third.Title)
	if got := b.text(tab, "#banner-published"); strings.Contains(got, "kết quả trước") {
		t.Errorf("after the dismissal the banner still counts the earlier results: %q", got)
	}
	dTap(b, tab, "#banner-result")
	b.waitText(tab, "#tab-results", third.Title)
	b.waitText(tab, "#tab-results", first.Title)
	presNoElement(b, tab, "#banner-published", "no banner on the results tab")
}

// TestBrowserWrongScreenNamesTheRole: an account signed in on a screen not its own reads the
// role's Vietnamese name, «Màn hình hội trường», not the code «hall».
func TestBrowserWrongScreenNamesTheRole(t *testing.T) {
	browserTest(t)
	a := startApp(t, "")
	b := newBrowser(t)
	w := b.window(1366, 768)
	b.do(w, "sign the hall in on the secretariat's screen",
		chromedp.Navigate(a.URL()+"/secretariat"),
		chromedp.WaitVisible(chromedp.CSS("#login-name")),
		chromedp.SendKeys(chromedp.CSS("#login-name"), "hoitruong"),
		chromedp.SendKeys(chromedp.CSS("#login-password"), "hoitruong-2025"),
		chromedp.Click(chromedp.CSS("#login-submit")))
	b.waitText(w, ".login .big", "Tài khoản này (Màn hình hội trường) không dùng màn hình này.")
	if got := b.text(w, ".login"); strings.Contains(got, "(hall)") {
		t.Errorf("the message shows the role's code: %q", got)
	}
}

// TestBrowserTabletSectionJump: on the 1280×800 tablet, a tap on a section in the document's list
// of sections brings that section up with its heading in view, below the sticky tabs.
func TestBrowserTabletSectionJump(t *testing.T) {
	browserTest(t)
	a := startApp(t, "")
	a.CheckInAll()
	b := newBrowser(t)
	tab := dTablet(b, a, a.Officials(1)[0], 1280, 800)
	dTap(b, tab, "#tab-btn-docs")
	doc := a.Demo.Documents[0]
	if len(doc.Sections) < 4 {
		t.Fatalf("the demo document has %d sections: no list of sections to jump from", len(doc.Sections))
	}
	b.waitText(tab, "#tab-docs .sec-nav", doc.Sections[0].Title)
	for _, i := range []int{len(doc.Sections) / 2, len(doc.Sections) - 1} {
		s := doc.Sections[i]
		link := `#tab-docs .sec-nav a:nth-child(` + strconv.Itoa(i+1) + `)`
		b.do(tab, "jump to section "+s.Number, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`), chromedp.Click(chromedp.CSS(link)))
		b.waitText(tab, "#tab-docs", s.Title)
		type where struct {
			Heading, HeadingTop, TabsBottom, Height float64
			Text                                    string
		}
		var w where
		// The scroll settles; then the heading is below the tabs and on the screen.
		for try := 0; try < 20; try++ {
			w = eval[where](b, tab, `(() => {
				const h = document.querySelector(`+jsString("#sec-"+sectionID(s.Number)+" h3")+`);
				const r = h.getBoundingClientRect();
				return {Heading: r.bottom, HeadingTop: r.top, TabsBottom: document.querySelector("#tabs").getBoundingClientRect().bottom, Height: innerHeight, Text: h.textContent};
			})()`)
			if w.HeadingTop >= w.TabsBottom && w.Heading <= w.Height {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if w.HeadingTop < w.TabsBottom || w.Heading > w.Height {
			t.Errorf("after the jump to %q its heading is at %.0f–%.0f px, the tabs end at %.0f px (screen %.0f px): hidden", w.Text, w.HeadingTop, w.Heading, w.TabsBottom, w.Height)
		}
		presShot(b, tab, "tablet-doc-jump-"+sectionID(s.Number)) // the viewport, as the delegate sees it
	}
}

// sectionID is a section's element id on the tablet: its number with every non-word character a dash.
func sectionID(number string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_' {
			return r
		}
		return '-'
	}, number)
}
