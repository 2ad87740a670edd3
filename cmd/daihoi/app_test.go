package main

// Helpers shared by the end-to-end and browser tests: the real Main on 127.0.0.1:0 with a bbolt
// file in a temp folder, clients signed in as each role, and headless Chromium.

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"golang.org/x/crypto/bcrypt"

	"github.com/daihoi/daihoi/demo"
	"github.com/daihoi/daihoi/internal/testserver"
)

// testApp is a running daihoi with the demo congress: the real Main, seen from the hall as
// internal/testserver's tests see a server (Login, Tablet, Delegate, Officials, CheckInAll, …).
type testApp struct {
	*testserver.Hall
	Main *Main
	t    *testing.T
}

// startApp starts the real server on loopback with the demo congress in a temp folder. dir may
// be "" for a new folder.
func startApp(t *testing.T, dir string) *testApp {
	t.Helper()
	return runApp(t, &Main{Data: dir}, demo.New())
}

// startLargeApp starts it with the bench's congress of roll people instead (demo.Large: the demo
// grown, with an election of 60 candidates for 45 seats).
func startLargeApp(t *testing.T, roll int) *testApp {
	t.Helper()
	return runApp(t, &Main{BenchRoll: roll}, demo.Large(roll))
}

func runApp(t *testing.T, m *Main, seed demo.Seed) *testApp {
	t.Helper()
	if m.Data == "" {
		m.Data = t.TempDir()
	}
	m.Addr, m.Cost = "127.0.0.1:0", bcrypt.MinCost
	if err := m.Run(); err != nil {
		t.Fatalf("start daihoi: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	return &testApp{Hall: testserver.NewHall(t, m.URL(), seed, m.Codes), Main: m, t: t}
}

// browserTest marks a browser test: go test -short skips it, and a machine without Chromium skips
// it too (or fails it, under CI=true), before anything is set up.
func browserTest(t *testing.T) {
	t.Helper()
	testserver.Chromium(t)
}

// browser is one Chromium with one tab per screen.
type browser struct {
	t     *testing.T
	alloc context.Context // the first tab's context: the browser
	dir   string          // where screenshots go
}

// newBrowser starts Chromium; extra options come after the usual ones (chromedp.Env, say).
func newBrowser(t *testing.T, extra ...chromedp.ExecAllocatorOption) *browser {
	t.Helper()
	exe := testserver.Chromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()),
	)
	opts = append(opts, extra...)
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	// The first context starts the browser; each window is a new browser context inside it.
	root, cancelRoot := chromedp.NewContext(alloc)
	t.Cleanup(cancelRoot)
	if err := chromedp.Do(root); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	dir := filepath.Join("testdata", "screenshots")
	if d := os.Getenv("DAIHOI_SCREENSHOTS"); d != "" {
		dir = d
	}
	os.MkdirAll(dir, 0o755)
	return &browser{t: t, alloc: root, dir: dir}
}

// chromedp v0.23 has a generic API: chromedp.Do(ctx, steps...) runs Action[Void] steps,
// chromedp.Run[T](ctx, action) returns a value (Text, Evaluate[T], FullScreenshot), and selectors
// are typed: chromedp.CSS("#id .x") for the first match, chromedp.CSSAll for all.

// window opens a separate browser window with its own cookie jar: one screen in the hall.
func (b *browser) window(width, height int) context.Context {
	b.t.Helper()
	ctx, cancel := chromedp.NewContext(b.alloc, chromedp.WithNewBrowserContext())
	b.t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		b.t.Fatalf("open window: %v", err)
	}
	return ctx
}

// do runs steps with a time limit, failing the test with what was being done.
func (b *browser) do(ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	c, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(c, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// shot saves a full-page screenshot of the window as testdata/screenshots/NAME.png (or under
// $DAIHOI_SCREENSHOTS).
func (b *browser) shot(ctx context.Context, name string) {
	b.t.Helper()
	c, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	buf, err := chromedp.Run(c, chromedp.FullScreenshot(100)) // quality 100 gives a PNG
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	name = strings.ReplaceAll(name, " ", "-")
	if err := os.WriteFile(filepath.Join(b.dir, name+".png"), buf, 0o644); err != nil {
		b.t.Fatalf("save screenshot: %v", err)
	}
}

// text returns the visible text of the first element matching the CSS selector.
func (b *browser) text(ctx context.Context, sel string) string {
	b.t.Helper()
	c, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	s, err := chromedp.Run(c, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("read %s: %v", sel, err)
	}
	return s
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](b *browser, ctx context.Context, expr string) T {
	b.t.Helper()
	c, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(c, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// waitText waits until the first element matching the CSS selector shows want in its text. The
// page's text is what a person sees; the wait is bounded and fails with the last text read.
func (b *browser) waitText(ctx context.Context, sel, want string) {
	b.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	var got string
	for {
		c, cancel := context.WithTimeout(ctx, time.Second)
		v, err := chromedp.Run(c, chromedp.Evaluate[string](`(() => { const e = document.querySelector(`+jsString(sel)+`); return e ? e.innerText : "" })()`))
		cancel()
		if err == nil {
			got = v
			if strings.Contains(got, want) {
				return
			}
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("waiting for %q in %s: last text %q", want, sel, got)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// signIn opens a screen and signs in as a demo operator.
func (b *browser) signIn(ctx context.Context, base, screen, name string) {
	b.t.Helper()
	b.signInWith(ctx, base, screen, name, name+"-2025")
}

// signInWith signs name in on screen with password, as a person types them.
func (b *browser) signInWith(ctx context.Context, base, screen, name, password string) {
	b.t.Helper()
	b.do(ctx, "sign in "+name+" on "+screen,
		chromedp.Navigate(base+"/"+screen),
		chromedp.WaitVisible(chromedp.CSS("#login-name")),
		chromedp.SendKeys(chromedp.CSS("#login-name"), name),
		chromedp.SendKeys(chromedp.CSS("#login-password"), password),
		chromedp.Click(chromedp.CSS("#login-submit")),
		chromedp.WaitVisible(chromedp.CSS("header.top")),
	)
}

// The server collects garbage at gcPercent, unless GOGC is set.
func TestServeSetsTheCollectorUnlessGOGCIsSet(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	t.Setenv("GOGC", "")
	tuneGC()
	if got := debug.SetGCPercent(100); got != gcPercent {
		t.Errorf("without GOGC the collector runs at %d %%, want %d %%", got, gcPercent)
	}
	t.Setenv("GOGC", "80")
	tuneGC()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC set, tuneGC changed the collector to %d %%", got)
	}
}
