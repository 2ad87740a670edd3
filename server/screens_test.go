package server

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/daihoi/daihoi/assets"
)

// Every font the screens' style sheet names, as the server serves it, is served, as a font, kept a
// year; anything else under /fonts/ is not found and not kept.
func TestScreensServeTheirFonts(t *testing.T) {
	m := http.NewServeMux()
	(&Server{assets: assets.FS}).screenRoutes(m)
	w := httptest.NewRecorder()
	m.ServeHTTP(w, httptest.NewRequest("GET", "/static/app.css", nil))
	css := w.Body.Bytes()
	if w.Code != http.StatusOK {
		t.Fatalf("GET /static/app.css: %d", w.Code)
	}
	urls := regexp.MustCompile(`url\("(/fonts/[^"]+)"\)`).FindAllStringSubmatch(string(css), -1)
	if len(urls) < 2 {
		t.Fatalf("app.css names %d fonts, want the regular and the bold at least", len(urls))
	}
	for _, u := range urls {
		w := httptest.NewRecorder()
		m.ServeHTTP(w, httptest.NewRequest("GET", u[1], nil))
		if w.Code != http.StatusOK || w.Body.Len() < 10000 {
			t.Errorf("GET %s: %d, %d bytes", u[1], w.Code, w.Body.Len())
		}
		if got := w.Header().Get("Content-Type"); got != "font/woff2" {
			t.Errorf("GET %s: Content-Type %q", u[1], got)
		}
		if got := w.Header().Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
			t.Errorf("GET %s: Cache-Control %q, want a year", u[1], got)
		}
	}
	for _, path := range []string{"/fonts/nothing.woff2", "/fonts/make.sh", "/fonts/"} {
		w := httptest.NewRecorder()
		m.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.Code != http.StatusNotFound || w.Header().Get("Cache-Control") != "" {
			t.Errorf("GET %s: %d, Cache-Control %q; want not found, not kept", path, w.Code, w.Header().Get("Cache-Control"))
		}
	}
}
