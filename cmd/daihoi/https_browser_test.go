package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/demo"
	"github.com/daihoi/daihoi/tlsca"
)

// trustingChromium starts Chromium with an NSS database (under a home folder of its own) that
// trusts the congress CA in dataDir, as a tablet that installed it from /ca: no certificate error
// is ignored, the server's certificate must chain to the CA and name the address.
func trustingChromium(t *testing.T, dataDir string) *browser {
	t.Helper()
	browserTest(t)
	certutil, err := exec.LookPath("certutil")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("certutil is not installed: CI must install it (.ci/run: apt-get install -y libnss3-tools)")
		}
		t.Skip("certutil is not installed here (apt-get install -y libnss3-tools); CI runs this test")
	}
	home := t.TempDir()
	db := filepath.Join(home, ".pki", "nssdb")
	if err := os.MkdirAll(db, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"-N", "-d", "sql:" + db, "--empty-password"},
		{"-A", "-d", "sql:" + db, "-n", "daihoi CA", "-t", "C,,", "-i", filepath.Join(dataDir, tlsca.CAFile)},
	} {
		if out, err := exec.Command(certutil, args...).CombinedOutput(); err != nil {
			t.Fatalf("certutil %v: %v\n%s", args, err, out)
		}
	}
	return newBrowser(t, chromedp.Env("HOME="+home))
}

// A delegate votes on the tablet over HTTPS, the browser trusting the congress CA: the card's
// link, the page, the session cookie (out of scripts' reach) and the ballot on the websocket, all
// over TLS. The organiser's setup screen over HTTPS shows the CA's fingerprint.
func TestBrowserTabletVotesOverHTTPS(t *testing.T) {
	browserTest(t)
	a := runApp(t, &Main{TLSAddr: "127.0.0.1:0"}, demo.New())
	b := trustingChromium(t, a.Main.Data)
	base := a.Main.TLSURL()
	ctx := context.Background()
	a.CheckInAll()
	pres := a.Login("dct1")
	if _, err := pres.AgendaNext(ctx); err != nil {
		t.Fatal(err)
	}
	d := a.Officials(1)[0]
	tab := b.window(1280, 800)
	b.do(tab, "card sign-in over HTTPS",
		chromedp.Navigate(base+"/d/"+a.Codes[d.ID]),
		chromedp.WaitVisible(chromedp.CSS("#current-item")))
	b.waitText(tab, "#delegate-name", d.Name)
	if proto := eval[string](b, tab, `location.protocol`); proto != "https:" {
		t.Fatalf("the tablet's page is on %s", proto)
	}
	if c := eval[string](b, tab, `document.cookie`); c != "" {
		t.Errorf("a script on the page reads the cookies %q: the session cookie must be HttpOnly", c)
	}

	p, err := pres.CreatePoll(ctx, daihoi.PollRequest{Kind: daihoi.Motion, Title: "Thông qua Quy chế làm việc của Đại hội", Mode: daihoi.Secret, Tablet: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pres.PollAction(ctx, p.ID, "open"); err != nil {
		t.Fatal(err)
	}
	b.waitText(tab, "#ballot", "Thông qua Quy chế làm việc của Đại hội")
	dTap(b, tab, "#vote-for")
	b.waitText(tab, "#confirm-choice", "Tán thành")
	dTap(b, tab, "#ballot-send")
	b.waitText(tab, "#receipt", "Phiếu của đồng chí đã được ghi nhận")
	if code := b.text(tab, "#receipt-code"); !dReceiptRe.MatchString(code) {
		t.Errorf("receipt %q is not XXXX-XXXX", code)
	}
	if v := dPoll(a, pres, p.ID); v.Cast != 1 {
		t.Errorf("cast = %d, want 1", v.Cast)
	}
	dShot(b, tab, "tablet-vote-https")

	setup := b.window(1280, 900)
	b.signIn(setup, base, "setup", "bantochuc")
	b.waitText(setup, "#ca-box", a.Main.TLS.Fingerprint)
	b.waitText(setup, "#ca-box", "/ca")
}
