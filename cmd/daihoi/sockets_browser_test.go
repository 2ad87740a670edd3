package main

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/gorilla/websocket"
)

// A delegate's tablet whose card opened four more screens elsewhere (a page reloaded, another
// device) is told it stopped updating, instead of showing a stale agenda as if connected, and does
// not fight the newer screens for the connection; a tap on it takes the connection back.
func TestBrowserTabletReplacedByNewerScreens(t *testing.T) {
	browserTest(t)
	a := startApp(t, t.TempDir())
	b := newBrowser(t)
	d := a.Officials(1)[0]
	tab := dTablet(b, a, d, 1280, 800)

	// Four more sockets of the same sign-in: the tablet's cookie, as a second device would hold it.
	jar, err := chromedp.Call(tab, network.GetCookies, network.GetCookiesParams{})
	if err != nil {
		t.Fatal(err)
	}
	var cookie string
	for _, c := range jar.Cookies {
		if c.Name == "daihoi_session" {
			cookie = c.Name + "=" + c.Value
		}
	}
	if cookie == "" {
		t.Fatalf("the tablet holds no session cookie: %+v", jar.Cookies)
	}
	for range 4 {
		ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(a.URL(), "http")+"/ws", http.Header{"Cookie": {cookie}})
		if err != nil {
			t.Fatal(err)
		}
		defer ws.Close()
		if _, _, err := ws.ReadMessage(); err != nil { // the snapshot: it has joined
			t.Fatal(err)
		}
	}
	b.do(tab, "the tablet says it was replaced", chromedp.WaitVisible(chromedp.CSS("#replaced")))
	b.waitText(tab, "#replaced", "đã mở trên màn hình khác")
	dShot(b, tab, "tablet-replaced")

	// The tap takes the connection back (and closes the oldest of the four).
	b.do(tab, "use this screen again", chromedp.Click(chromedp.CSS("#replaced button")))
	b.do(tab, "the notice is gone", chromedp.WaitNotPresent(chromedp.CSS("#replaced")))
	b.waitText(tab, "[data-test=conn]", "Đã kết nối")
	if _, err := a.Login("dct1").AgendaNext(context.Background()); err != nil {
		t.Fatal(err)
	}
	b.waitText(tab, "#current-item", a.Demo.Agenda[0].Title)
}
