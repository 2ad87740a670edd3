package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
)

// A large election's result fits the hall's screen: every name whole and on the screen, at least
// 1/27 of its height, none hidden under the footer, the elected marked, the base with how it is
// derived. The bench's election (60 candidates for 45 seats) takes two pages of two columns that
// turn by themselves; one of 32 for 26, two columns; 18 for 15, one column, or two when officials
// absent make the base's derivation long enough to take two lines.
func TestBrowserHallLargeElection(t *testing.T) {
	browserTest(t)
	for _, size := range []struct {
		candidates, seats int
		all               bool // every seat filled: the longest list of the elected beside one column
		absent            int  // officials absent, deducted from the base
	}{{60, 45, false, 2}, {32, 26, false, 0}, {18, 15, true, 0}, {16, 15, true, 2}, {18, 15, true, 2}} {
		t.Run(fmt.Sprintf("%d-for-%d-absent-%d", size.candidates, size.seats, size.absent), func(t *testing.T) {
			hallLargeElection(t, size.candidates, size.seats, size.all, size.absent)
		})
	}
}

func hallLargeElection(t *testing.T, candidates, seats int, all bool, absent int) {
	a := startLargeApp(t, 200)
	ctx := context.Background()
	a.CheckInAll()
	var officials []daihoi.Delegate
	for _, d := range a.Demo.Roll {
		if d.Category == daihoi.Official {
			officials = append(officials, d)
		}
	}
	desk := a.Login("dontiep")
	for _, d := range officials[len(officials)-absent:] {
		if err := desk.Post(ctx, "/api/delegates/"+d.ID+"/presence", map[string]string{"presence": string(daihoi.AbsentWithReason), "reason": "ốm"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	big := a.Demo.Polls[len(a.Demo.Polls)-1] // the bench's: 60 for 45
	pres := a.Login("dct1")
	if candidates != len(big.Candidates) {
		in := daihoi.PollRequest{AgendaItem: big.AgendaItem, Kind: daihoi.Election, Title: fmt.Sprintf("Bầu Ban Chấp hành (%d người, %d chỗ)", candidates, seats),
			Mode: daihoi.Secret, Tablet: true, Seats: seats}
		for _, c := range big.Candidates[:candidates] {
			in.Candidates = append(in.Candidates, daihoi.CandidateRequest{Name: c.Name})
		}
		var err error
		if big, err = pres.CreatePoll(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	if err := pres.Post(ctx, "/api/agenda/open", map[string]string{"item": big.AgendaItem}, nil); err != nil {
		t.Fatal(err)
	}
	// Every delegate keeps the first names up to the seats, but three in five strike every fifth
	// of them: four in five are elected, the others lack a majority of the base, and the names
	// after the seats have no vote (with all, nobody strikes: every seat is filled).
	voters := officials[:len(officials)-absent]
	tablets := make([]*client.Client, len(voters)) // signed in before the poll opens: its voters
	for i, d := range voters {
		tablets[i] = a.Tablet(d)
	}
	if _, err := pres.PollAction(ctx, big.ID, "open"); err != nil {
		t.Fatal(err)
	}
	for i := range voters {
		var kept []string
		for k := range seats {
			if all || k%5 != 0 || i%5 >= 3 {
				kept = append(kept, big.Candidates[k].ID)
			}
		}
		if _, err := tablets[i].Cast(ctx, big.ID, daihoi.BallotRequest{BallotID: client.NewBallotID(), Kept: kept}); err != nil {
			t.Fatalf("ballot %d: %v", i, err)
		}
	}
	v := dPublish(a, pres, big.ID)
	if v.Result == nil || len(v.Result.Elected) == 0 {
		t.Fatalf("the result elects nobody: %+v", v.Result)
	}

	b := newBrowser(t)
	hall := b.window(1920, 1080)
	b.signIn(hall, a.URL(), "hall", "hoitruong")
	presReady(b, hall, "hall")
	b.waitText(hall, "#results", "Kết quả")
	// More than 18 names take two columns, and more than 16 when the base's derivation takes two
	// lines (officials absent) beside more than ten elected; more than two columns of 16 hold, pages
	// of them that turn by themselves (60 names: two pages of 30).
	if cols2 := eval[bool](b, hall, `document.querySelector('#results').classList.contains('cols2')`); cols2 != (candidates > 18 || absent > 0 && candidates > 16) {
		t.Errorf("the result of %d names in two columns: %v", candidates, cols2)
	}
	pages := (candidates + 31) / 32
	if got := eval[int](b, hall, `+(document.querySelector('#results').dataset.pages || 1)`); got != pages {
		t.Errorf("the result is in %d pages, want %d", got, pages)
	}
	rows := eval[int](b, hall, `document.querySelectorAll('#results .hall-chart-row').length`)
	if rows != len(big.Candidates) {
		t.Fatalf("the hall shows %d rows, want %d", rows, len(big.Candidates))
	}
	// The base with how it is derived, as the other screens print it.
	b.waitText(hall, "#results #hall-base", fmt.Sprintf("Tổng số đại biểu được triệu tập: %d (%s)", v.Base, v.BaseVi))
	if h := eval[float64](b, hall, `parseFloat(getComputedStyle(document.querySelector('#hall-base')).fontSize)`); h < 1080/40 {
		t.Errorf("the base's line is %.1f px high, under 1/40 of the screen's height", h)
	}
	seen := map[string]bool{} // names shown at 1/27 of the screen's height or more, on some page
	for page := 1; page <= pages; page++ {
		if pages > 1 {
			b.waitText(hall, "#hall-page", fmt.Sprintf("trang %d/%d", page, pages)) // the pages turn by themselves
		}
		presShot(b, hall, fmt.Sprintf("hall-large-election-%d-absent-%d-page%d", candidates, absent, page))
		// Every row of the page is on the screen, above the footer, and its name whole.
		bad := eval[[]string](b, hall, `(() => {
			const foot = document.querySelector('.hall-foot, footer, #hall-foot');
			const bottom = foot ? foot.getBoundingClientRect().top : innerHeight;
			return [...document.querySelectorAll('#results .hall-chart-row')].filter((r) => r.offsetParent !== null).filter((r) => {
				const b = r.getBoundingClientRect(), nm = r.querySelector('.nm');
				return b.bottom > bottom + 1 || b.right > innerWidth + 1 || b.top < 0 || nm.scrollWidth > nm.clientWidth + 1;
			}).map((r) => r.querySelector('.nm').textContent);
		})()`)
		if len(bad) > 0 {
			t.Errorf("page %d: %d names are cut or off the screen, e.g. %q", page, len(bad), bad[0])
		}
		// Every name and figure shown is at least 1/27 of the screen's height.
		small := eval[[]string](b, hall, `[...document.querySelectorAll('#results .hall-chart-row .nm, #results .hall-chart-row .n, #results .hall-elected li')]
			.filter((el) => el.offsetParent !== null && el.getBoundingClientRect().height < innerHeight / 27).map((el) => el.textContent + " " + el.getBoundingClientRect().height.toFixed(1))`)
		if len(small) > 0 {
			t.Errorf("page %d: %d names or figures under 1/27 of the screen's height, e.g. %q", page, len(small), small[0])
		}
		for _, n := range eval[[]string](b, hall, `[...document.querySelectorAll('#results .hall-chart-row .nm')]
			.filter((el) => el.offsetParent !== null && el.getBoundingClientRect().height >= innerHeight / 27).map((el) => el.textContent)`) {
			seen[n] = true
		}
		if bad := eval[[]string](b, hall, hallOverFooter); len(bad) > 0 {
			t.Errorf("page %d: under the footer: %q", page, bad)
		}
		if cut := eval[[]string](b, hall, `[...document.querySelectorAll('#results .hall-elected li')].filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent)`); len(cut) > 0 {
			t.Errorf("page %d: elected names cut: %q", page, cut)
		}
	}
	for _, c := range big.Candidates {
		if !seen[c.Name] {
			t.Errorf("%s is shown at 1/27 of the screen's height on no page", c.Name)
		}
	}
	elected := eval[int](b, hall, `document.querySelectorAll('#results .hall-chart-row.elected').length`)
	if elected != len(v.Result.Elected) {
		t.Errorf("%d rows marked elected, want %d", elected, len(v.Result.Elected))
	}
	if got := b.text(hall, "#results .hall-elected"); !strings.Contains(strings.ToLower(got), fmt.Sprintf("trúng cử (%d/%d)", len(v.Result.Elected), big.Seats)) {
		t.Errorf("the hall does not say how many were elected: %q", got)
	}
}
