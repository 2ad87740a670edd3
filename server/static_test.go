package server

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/daihoi/daihoi/assets"
)

func TestAcceptsGzip(t *testing.T) {
	for _, c := range []struct {
		rule   string
		header string
		want   bool
	}{
		{"a browser names gzip among others", "gzip, deflate, br, zstd", true},
		{"no Accept-Encoding takes the file as it is", "", false},
		{"identity only takes it as it is", "identity", false},
		{"gzip with a quality above zero is taken", "br;q=1.0, gzip;q=0.8", true},
		{"gzip with quality zero is refused", "gzip;q=0, deflate", false},
		{"any coding (*) takes gzip", "*", true},
		{"gzip refused by name beats *", "gzip;q=0, *", false},
		{"the coding's name is not case-sensitive", "GZip", true},
		{"x-gzip is gzip", "x-gzip", true},
	} {
		if got := acceptsGzip(c.header); got != c.want {
			t.Errorf("%s: acceptsGzip(%q) = %v, want %v", c.rule, c.header, got, c.want)
		}
	}
}

func get(m http.Handler, path string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	m.ServeHTTP(w, r)
	return w
}

// A page names each script and style sheet by its content; what it names is kept a year, sent
// gzipped only to a browser that takes gzip, and answered 304 to a browser that has it; the page is
// never kept and is gzipped too; a font, compressed already, is not gzipped again.
func TestScreensServeCompressedAndCachedFiles(t *testing.T) {
	m := http.NewServeMux()
	(&Server{assets: assets.FS}).screenRoutes(m)

	page := get(m, "/delegate", "Accept-Encoding", "gzip")
	if page.Code != 200 || page.Header().Get("Content-Encoding") != "gzip" || page.Header().Get("Cache-Control") != "no-store" ||
		page.Header().Get("Vary") != "Accept-Encoding" {
		t.Fatalf("GET /delegate: %d, headers %v; want gzipped, no-store, Vary", page.Code, page.Header())
	}
	zr, err := gzip.NewReader(page.Body)
	if err != nil {
		t.Fatal(err)
	}
	html, _ := io.ReadAll(zr)
	if plain := get(m, "/delegate"); plain.Header().Get("Content-Encoding") != "" || plain.Body.String() != string(html) {
		t.Errorf("GET /delegate without gzip: Content-Encoding %q, or another page", plain.Header().Get("Content-Encoding"))
	}
	refs := regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`).FindAllStringSubmatch(string(html), -1)
	if len(refs) < 4 {
		t.Fatalf("the delegate's page names %d files, want its scripts and styles: %s", len(refs), html)
	}
	for _, ref := range refs {
		u := ref[1]
		if !regexp.MustCompile(`\?v=[0-9a-f]{16}$`).MatchString(u) {
			t.Errorf("the page names %s, without the hash of its content", u)
		}
		w := get(m, u, "Accept-Encoding", "gzip, deflate, br")
		if w.Code != 200 || w.Header().Get("Content-Encoding") != "gzip" || w.Header().Get("Cache-Control") != immutable ||
			w.Header().Get("Vary") != "Accept-Encoding" || w.Header().Get("ETag") == "" {
			t.Errorf("GET %s: %d, headers %v; want gzipped, kept a year, Vary, ETag", u, w.Code, w.Header())
			continue
		}
		plain := get(m, u)
		if plain.Header().Get("Content-Encoding") != "" || plain.Body.Len() <= w.Body.Len() {
			t.Errorf("GET %s without gzip: Content-Encoding %q, %d bytes (gzipped %d)", u, plain.Header().Get("Content-Encoding"), plain.Body.Len(), w.Body.Len())
		}
		again := get(m, u, "Accept-Encoding", "gzip", "If-None-Match", w.Header().Get("ETag"))
		if again.Code != http.StatusNotModified || again.Body.Len() != 0 {
			t.Errorf("GET %s with its ETag: %d, %d bytes; want 304", u, again.Code, again.Body.Len())
		}
		unhashed := get(m, strings.Split(u, "?")[0], "Accept-Encoding", "gzip")
		if unhashed.Code != 200 || unhashed.Header().Get("Cache-Control") != "no-cache" {
			t.Errorf("GET %s without its hash: %d, Cache-Control %q; want revalidated each time", u, unhashed.Code, unhashed.Header().Get("Cache-Control"))
		}
	}
	css := get(m, "/static/app.css")
	fonts := regexp.MustCompile(`url\("(/fonts/[^"]+)"\)`).FindAllStringSubmatch(css.Body.String(), -1)
	if len(fonts) == 0 {
		t.Fatal("app.css names no font")
	}
	for _, f := range fonts {
		w := get(m, f[1], "Accept-Encoding", "gzip")
		if w.Code != 200 || w.Header().Get("Content-Encoding") != "" || w.Header().Get("Cache-Control") != immutable {
			t.Errorf("GET %s: %d, headers %v; want it as it is (WOFF2 is compressed), kept a year", f[1], w.Code, w.Header())
		}
	}
	if n := strings.Count(css.Body.String(), "font-display: swap"); n != len(fonts) {
		t.Errorf("%d of app.css's %d fonts show text in a fallback until they arrive (font-display: swap)", n, len(fonts))
	}
	for _, path := range []string{"/static/nothing.js", "/static/", "/static/app"} {
		if w := get(m, path); w.Code != http.StatusNotFound || w.Header().Get("Cache-Control") != "" {
			t.Errorf("GET %s: %d, Cache-Control %q; want not found, not kept", path, w.Code, w.Header().Get("Cache-Control"))
		}
	}
}
