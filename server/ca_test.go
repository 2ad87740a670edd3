package server_test

import (
	"crypto/tls"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/daihoi/daihoi/demo"
	"github.com/daihoi/daihoi/server"
	"github.com/daihoi/daihoi/store"
)

// tlsServer is a server with the demo congress and an HTTPS side, called through its handlers
// directly: the plain-HTTP tests need requests from addresses other than loopback, which are
// not sent over the network.
func tlsServer(t *testing.T) *server.Server {
	t.Helper()
	db, err := store.Open(t.TempDir(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	srv, err := server.New(db, server.Options{TLS: &server.TLS{
		CertPEM:     []byte("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"),
		Fingerprint: "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89",
		Thumbprint:  "0123456789ABCDEF0123456789ABCDEF01234567", Port: "8443", Hosts: []string{"192.168.1.20", "127.0.0.1"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	if _, err := srv.Install(server.Install{CongressFile: demo.New().File(), Cost: bcrypt.MinCost}); err != nil {
		t.Fatal(err)
	}
	return srv
}

func serve(h http.Handler, method, target, remote string, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.RemoteAddr = remote
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// Plain HTTP serves the whole application to the laptop itself only; a tablet on the hall's
// Wi-Fi gets the certificate's page and file, and is sent to HTTPS for anything else, so no card
// code, cookie or ballot crosses the Wi-Fi in clear text.
func TestPlainHTTPServesOnlyTheCertificateToTheHall(t *testing.T) {
	plain := tlsServer(t).PlainHTTP()
	const tablet = "192.168.1.77:50312"
	for _, tc := range []struct {
		name, method, target, remote string
		status                       int
		location, body               string
	}{
		{"a tablet reads the certificate's page", "GET", "http://192.168.1.20:8080/ca", tablet, 200, "", "AB:CD:EF:01:23:45:67:89"},
		{"a tablet downloads the certificate", "GET", "http://192.168.1.20:8080/ca.pem", tablet, 200, "", "BEGIN CERTIFICATE"},
		{"a tablet's card link goes to HTTPS", "GET", "http://192.168.1.20:8080/d/abcdefghijklmnopqrst", tablet, 302, "https://192.168.1.20:8443/d/abcdefghijklmnopqrst", ""},
		{"a tablet's screen goes to HTTPS", "GET", "http://192.168.1.20:8080/delegate?x=1", tablet, 302, "https://192.168.1.20:8443/delegate?x=1", ""},
		{"a tablet's socket goes to HTTPS", "GET", "http://192.168.1.20:8080/ws", tablet, 302, "https://192.168.1.20:8443/ws", ""},
		{"an IPv6 tablet goes to HTTPS", "GET", "http://[fd00::20]:8080/api/state", "[fd00::77]:40000", 302, "https://[fd00::20]:8443/api/state", ""},
		{"a password sent in clear text is refused", "POST", "http://192.168.1.20:8080/api/login", tablet, 403, "", "HTTPS"},
		{"the laptop signs in on plain HTTP", "POST", "http://127.0.0.1:8080/api/login", "127.0.0.1:50000", 200, "", "organiser"},
		{"the laptop signs in over IPv6 loopback", "POST", "http://[::1]:8080/api/login", "[::1]:50000", 200, "", "organiser"},
		{"the laptop checks the health", "GET", "http://127.0.0.1:8080/healthz", "127.0.0.1:50000", 200, "", "ok"},
		{"a forged Host does not make a tablet the laptop", "GET", "http://127.0.0.1:8080/api/state", tablet, 302, "https://127.0.0.1:8443/api/state", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := ""
			if tc.method == "POST" {
				body = `{"name":"bantochuc","password":"bantochuc-2025"}`
			}
			rec := serve(plain, tc.method, tc.target, tc.remote, body)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.status, rec.Body.String())
			}
			if got := rec.Header().Get("Location"); got != tc.location {
				t.Errorf("Location %q, want %q", got, tc.location)
			}
			if !strings.Contains(rec.Body.String(), tc.body) {
				t.Errorf("the answer does not say %q: %.300s", tc.body, rec.Body.String())
			}
			if rec.Code != 200 && rec.Header().Get("Set-Cookie") != "" {
				t.Errorf("a refused request set a cookie: %s", rec.Header().Get("Set-Cookie"))
			}
		})
	}
}

// The /ca page says what the certificate is and how to install it on each kind of tablet, in
// Vietnamese first; the file is offered for installing.
func TestCAPageTellsHowToInstall(t *testing.T) {
	srv := tlsServer(t)
	rec := serve(srv, "GET", "https://192.168.1.20:8443/ca", "192.168.1.77:1", "")
	page := rec.Body.String()
	for _, want := range []string{"Chứng chỉ của đại hội", "The congress certificate", "AB:CD:EF:01:23:45:67:89<br>AB:CD:EF:01:23:45:67:89<br>",
		"iPad", "Android", "Windows", "ChromeOS", "0123456789ABCDEF0123456789ABCDEF01234567", "https://192.168.1.20:8443/delegate"} {
		if !strings.Contains(page, want) {
			t.Errorf("the /ca page does not show %q", want)
		}
	}
	if vi, en := strings.Index(page, "Cài đặt chung"), strings.Index(page, "Settings → General"); vi < 0 || en < 0 || vi > en {
		t.Errorf("the iPad steps are not in Vietnamese first (vi at %d, en at %d)", vi, en)
	}
	rec = serve(srv, "GET", "https://192.168.1.20:8443/ca.pem", "192.168.1.77:1", "")
	if ct := rec.Header().Get("Content-Type"); ct != "application/x-x509-ca-cert" {
		t.Errorf("/ca.pem is served as %q", ct)
	}
}

// The session cookie: HttpOnly and SameSite=Strict always, Secure and __Host- over HTTPS.
func TestSessionCookieAttributes(t *testing.T) {
	srv := tlsServer(t)
	for _, overTLS := range []bool{true, false} {
		for _, path := range []string{"/api/login", "/api/logout"} {
			req := httptest.NewRequest("POST", path, strings.NewReader(`{"name":"bantochuc","password":"bantochuc-2025"}`))
			req.RemoteAddr = "127.0.0.1:40000"
			if overTLS {
				req.TLS = &tls.ConnectionState{}
			} else {
				req.TLS = nil
			}
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			res := rec.Result()
			io.Copy(io.Discard, res.Body)
			cs := res.Cookies()
			if len(cs) != 1 {
				t.Fatalf("%s (TLS %v): %d cookies, status %d", path, overTLS, len(cs), res.StatusCode)
			}
			c := cs[0]
			if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Secure != overTLS {
				t.Errorf("%s (TLS %v): HttpOnly %v, SameSite %v, Secure %v; want HttpOnly, Strict, Secure only over TLS",
					path, overTLS, c.HttpOnly, c.SameSite, c.Secure)
			}
			// Over HTTPS the cookie is __Host-: it does not block the laptop's plain-HTTP sign-in
			// (cookies ignore ports), and the browser keeps it Secure and on this host.
			if want := map[bool]string{true: "__Host-daihoi_session", false: "daihoi_session"}[overTLS]; c.Name != want || c.Path != "/" || c.Domain != "" {
				t.Errorf("%s (TLS %v): cookie %q path %q domain %q, want %q on / with no domain", path, overTLS, c.Name, c.Path, c.Domain, want)
			}
		}
	}
}
