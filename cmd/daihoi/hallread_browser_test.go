package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
)

// hallShift moves the page's clock on by d (Date.now, which every running clock reads), to see
// a speaker's last minute and overtime without waiting for them.
func hallShift(b *browser, ctx context.Context, d time.Duration) {
	b.t.Helper()
	eval[bool](b, ctx, fmt.Sprintf(`(() => { const real = Date.__real || (Date.__real = Date.now); Date.now = () => real() + %d; return true; })()`, d.Milliseconds()))
}

// hallOverFooter lists what on the hall's screen reaches under its footer (the attendance line).
const hallOverFooter = `(() => {
	const top = document.querySelector('.hall-foot').getBoundingClientRect().top;
	return [...document.querySelectorAll('.hall-top *, .hall-item *, .hall-stage *')].filter((el) => {
		const r = el.getBoundingClientRect();
		return r.height > 0 && r.bottom > top + 1 && r.top < innerHeight;
	}).map((el) => el.className + ': ' + el.textContent.slice(0, 40));
})()`

// The hall read from 20 m: a committee's result in names at least 1/27 of the screen's height,
// nothing under the footer; between the close and the publication a state saying the tellers are
// counting; a speaker's clock amber in the last minute, red once over.
func TestBrowserHallReadable(t *testing.T) {
	browserTest(t)
	a := startApp(t, "")
	ctx := context.Background()
	a.CheckInAll()
	pres := a.Login("dct1")
	var committee daihoi.Poll
	for _, p := range a.Demo.Polls {
		if p.Kind == daihoi.Election && p.Seats == 15 {
			committee = p
		}
	}
	in := daihoi.PollRequest{AgendaItem: committee.AgendaItem, Kind: daihoi.Election, Title: committee.Title, Mode: daihoi.Secret, Tablet: true, Seats: committee.Seats}
	for _, c := range committee.Candidates {
		in.Candidates = append(in.Candidates, daihoi.CandidateRequest{Name: c.Name})
	}
	poll, err := pres.CreatePoll(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if err := pres.Post(ctx, "/api/agenda/open", map[string]string{"item": poll.AgendaItem}, nil); err != nil {
		t.Fatal(err)
	}
	var voters []*client.Client
	for _, d := range a.Demo.Roll {
		if d.Category == daihoi.Official && len(voters) < 120 {
			voters = append(voters, a.Tablet(d))
		}
	}
	if _, err := pres.PollAction(ctx, poll.ID, "open"); err != nil {
		t.Fatal(err)
	}
	for i, v := range voters {
		var kept []string
		for k := range poll.Seats {
			if k%4 != 0 || i%3 == 0 {
				kept = append(kept, poll.Candidates[k].ID)
			}
		}
		if _, err := v.Cast(ctx, poll.ID, daihoi.BallotRequest{BallotID: client.NewBallotID(), Kept: kept}); err != nil {
			t.Fatalf("ballot %d: %v", i, err)
		}
	}

	b := newBrowser(t)
	hall := b.window(1920, 1080)
	b.signIn(hall, a.URL(), "hall", "hoitruong")
	presReady(b, hall, "hall")
	b.waitText(hall, "#turnout", "120")

	// Closed, not yet published: the hall says the tellers are counting, with no figure.
	if _, err := pres.PollAction(ctx, poll.ID, "close"); err != nil {
		t.Fatal(err)
	}
	b.waitText(hall, "#counting", "Đã kết thúc bỏ phiếu — Ban Kiểm phiếu đang kiểm phiếu")
	b.waitText(hall, "#counting", poll.Title)
	presShot(b, hall, "hall-read-1-counting")
	if bad := eval[[]string](b, hall, hallOverFooter); len(bad) > 0 {
		t.Errorf("under the footer while counting: %q", bad)
	}
	for _, n := range []string{"kiemphieu2", "kiemphieu3", "kiemphieu4", "kiemphieu5", "kiemphieu1"} {
		if _, err := a.Login(n).PollAction(ctx, poll.ID, "confirm"); err != nil {
			t.Fatalf("confirm by %s: %v", n, err)
		}
	}
	b.waitText(hall, "#counting", "Ban Kiểm phiếu đang kiểm phiếu") // confirmed, still not announced
	presNoElement(b, hall, "#results", "the result is the presidium's to announce")

	// Published: every name and figure at least 1/27 of the screen's height, nothing under the footer.
	if _, err := pres.PollAction(ctx, poll.ID, "publish"); err != nil {
		t.Fatal(err)
	}
	b.waitText(hall, "#results", "Kết quả")
	presNoElement(b, hall, "#counting", "the result is out")
	presShot(b, hall, "hall-read-2-result")
	small := eval[[]string](b, hall, `[...document.querySelectorAll('#results .hall-chart-row .nm, #results .hall-chart-row .n, #results .hall-elected li')]
		.filter((el) => el.getBoundingClientRect().height < innerHeight / 27).map((el) => el.textContent + ' ' + el.getBoundingClientRect().height.toFixed(1))`)
	if len(small) > 0 {
		t.Errorf("names or figures under 1/27 of the screen's height (%d px): %q", 1080/27, small)
	}
	if rows := eval[int](b, hall, `document.querySelectorAll('#results .hall-chart-row').length`); rows != len(poll.Candidates) {
		t.Errorf("%d rows, want %d", rows, len(poll.Candidates))
	}
	if cut := eval[[]string](b, hall, `[...document.querySelectorAll('#results .nm, #results .hall-elected li')].filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent)`); len(cut) > 0 {
		t.Errorf("names cut: %q", cut)
	}
	if bad := eval[[]string](b, hall, hallOverFooter); len(bad) > 0 {
		t.Errorf("under the footer with the result: %q", bad)
	}

	// A speaker, with a prepared contribution's long title: the card stays above the footer; the
	// clock turns amber in the last minute of the limit and red once it is over, on the hall and on
	// the presidium's console at 1366×768.
	d := a.Officials(20)[19]
	var sp daihoi.Speaker
	if err := a.Tablet(d).Post(ctx, "/api/speakers", daihoi.SpeakerRequest{Kind: daihoi.Prepared,
		Title: "Nâng cao chất lượng sinh hoạt chi bộ khu phố gắn với xây dựng phường văn minh, hiện đại, nghĩa tình"}, &sp); err != nil {
		t.Fatal(err)
	}
	for _, act := range []string{"approve", "call"} {
		if err := pres.Post(ctx, "/api/speakers/"+sp.ID+"/"+act, nil, &sp); err != nil {
			t.Fatalf("%s: %v", act, err)
		}
	}
	if sp.MaxMinutes != daihoi.DefaultPreparedMinutes {
		t.Errorf("the speaker is called with %d minutes, want a prepared contribution's %d", sp.MaxMinutes, daihoi.DefaultPreparedMinutes)
	}
	console := b.window(1366, 768)
	b.signIn(console, a.URL(), "presidium", "dct1")
	presReady(b, console, "presidium")
	b.waitText(hall, "#speaker", d.Name)
	b.waitText(hall, ".hall-speaker-timer", "/ 10:00")
	b.waitText(console, "#speaker-now", d.Name)
	clockIs := func(ctx context.Context, sel, want string) {
		presWaitJS(b, ctx, sel+" "+want, `(() => { const c = document.querySelector(`+jsString(sel)+`).classList;
			return `+jsString(want)+` === (c.contains('over') ? 'over' : c.contains('warn') ? 'warn' : 'plain'); })()`, 3*time.Second)
	}
	colour := func(ctx context.Context, sel string) string {
		return eval[string](b, ctx, `getComputedStyle(document.querySelector(`+jsString(sel)+`)).color`)
	}
	const hallClock, presClock = "#speaker-timer", "#speaker-now .tick"
	clockIs(hall, hallClock, "plain")
	clockIs(console, presClock, "plain")
	presShot(b, hall, "hall-read-3-speaker")
	if bad := eval[[]string](b, hall, hallOverFooter); len(bad) > 0 {
		t.Errorf("under the footer with a speaker: %q", bad)
	}
	for _, ctx := range []context.Context{hall, console} {
		hallShift(b, ctx, 9*time.Minute+20*time.Second)
	}
	clockIs(hall, hallClock, "warn")
	clockIs(console, presClock, "warn")
	amber := colour(hall, hallClock)
	if amber == "rgb(255, 255, 255)" {
		t.Errorf("the hall's clock in the last minute is still white")
	}
	presShot(b, hall, "hall-read-4-speaker-last-minute")
	presShot(b, console, "presidium-read-4-speaker-last-minute")
	for _, ctx := range []context.Context{hall, console} {
		hallShift(b, ctx, 10*time.Minute+30*time.Second)
	}
	clockIs(hall, hallClock, "over")
	clockIs(console, presClock, "over")
	presShot(b, hall, "hall-read-5-speaker-over")
	presShot(b, console, "presidium-read-5-speaker-over")
	if red := colour(hall, hallClock); red == "rgb(255, 255, 255)" || red == amber {
		t.Errorf("the hall's clock over the limit is %s (amber was %s)", red, amber)
	}
	b.waitText(console, "#speaker-now .over-note", "quá giờ 0:")
}
