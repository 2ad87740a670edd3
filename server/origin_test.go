package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gorilla/websocket"

	"github.com/daihoi/daihoi/internal/testserver"
)

// withHeaders sends every request of a client with these headers, as a browser page would.
type withHeaders struct {
	h    map[string]string
	next http.RoundTripper
}

func (t withHeaders) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	for k, v := range t.h {
		r.Header.Set(k, v)
	}
	return t.next.RoundTrip(r)
}

// A page on another origin (another port of the same host, another site) cannot move the agenda
// or open a tablet's socket with the cookie of a screen signed in here; the server's own pages and
// clients that are no browser (the Go client, the bench) can.
func TestOtherOriginsChangeNothing(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	own := h.URL() // http://127.0.0.1:PORT
	u, _ := url.Parse(own)
	otherPort := "http://" + u.Hostname() + ":1" + u.Port() // another port of the same host
	pres := h.Login("dct1")
	rows := []struct {
		what    string
		headers map[string]string
		ok      bool
	}{
		{"a page of this server (Origin)", map[string]string{"Origin": own}, true},
		{"a page of this server (Referer only)", map[string]string{"Referer": own + "/presidium"}, true},
		{"a client that is no browser (neither header)", nil, true},
		{"a page on another port of the same host", map[string]string{"Origin": otherPort}, false},
		{"a page on another site", map[string]string{"Origin": "http://evil.example"}, false},
		{"the same host and port over another scheme", map[string]string{"Origin": "https://" + u.Host}, false},
		{"another site named only by Referer", map[string]string{"Referer": "http://evil.example/page"}, false},
		{"a sandboxed page or a file (Origin null)", map[string]string{"Origin": "null"}, false},
		{"another origin even when Referer names ours", map[string]string{"Origin": otherPort, "Referer": own + "/presidium"}, false},
	}
	for _, row := range rows {
		t.Run(row.what, func(t *testing.T) {
			c := *pres
			hc := *pres.HTTP
			hc.Transport = withHeaders{row.headers, http.DefaultTransport}
			c.HTTP = &hc
			before := testserver.Must(pres.State(ctx))
			_, err := c.AgendaNext(ctx)
			after := testserver.Must(pres.State(ctx))
			if row.ok {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			testserver.WantStatus(t, "POST /api/agenda/next", err, http.StatusForbidden)
			testserver.WantBothSay(t, err, "trang khác", "another site")
			if after.Seq != before.Seq {
				t.Fatalf("the refused request changed the congress: seq %d -> %d", before.Seq, after.Seq)
			}

			// The websocket upgrade is refused as well.
			hdr := http.Header{"Cookie": {pres.Cookie()}}
			for k, v := range row.headers {
				hdr.Set(k, v)
			}
			ws, resp, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(own, "http")+"/ws", hdr)
			if err == nil {
				ws.Close()
				t.Fatal("the socket was opened")
			}
			if resp == nil || resp.StatusCode != http.StatusForbidden {
				t.Fatalf("socket: %v, want 403", err)
			}
		})
	}

	// A page of this server opens its socket.
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(own, "http")+"/ws",
		http.Header{"Cookie": {pres.Cookie()}, "Origin": {own}})
	if err != nil {
		t.Fatalf("a page of this server cannot open its socket: %v", err)
	}
	ws.Close()
}
