package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// staticFiles are the screens' pages, scripts, styles and fonts, prepared once, on the first
// request, and kept in memory: at the door two thousand tablets load them within minutes over one
// shared Wi-Fi, so each file is sent compressed and, but for the pages, only once per tablet.
//
//   - Compressed once: every file that gzip makes smaller is kept also gzipped (at the best
//     compression: the cost is paid once, not per request), and sent so to a client whose
//     Accept-Encoding takes gzip. A WOFF2 font is compressed already and is sent as it is.
//   - Named by its content: a page's references to /static/NAME and a style sheet's to
//     /fonts/NAME get ?v=HASH, a hash of the file as served, when the page is prepared, so there is
//     no build step. A request that carries the current hash is kept a year (immutable): a browser
//     does not ask again, not even on reload. Any other request (no ?v, or an old one) may be kept
//     but is revalidated; every file has a strong ETag, answered with 304.
//   - The pages themselves are never kept (no-store): they are small, and they carry the hashes.
//
// A delegate's tablet so loads its page, styles, scripts and fonts in 81,279 bytes on the wire, and
// reloads it in 548 (TestTabletPageLoadsWithinItsBudget). Brotli would take 4.4 KB more off the
// first load (the page, styles and scripts are 27,561 bytes at quality 11, 31,995 gzipped): not
// worth a dependency, the fonts being most of the rest.
type staticFiles struct {
	src   fs.FS
	once  sync.Once
	files map[string]*staticFile // "/static/app.js", "/fonts/DejaVuSans.woff2", "delegate.html"
}

// staticFile is one file as served.
type staticFile struct {
	body  []byte
	gz    []byte // body gzipped, or nil where that is not smaller
	ctype string
	hash  string // of body: its ?v= and ETag
}

// immutable is how long a browser keeps a file whose URL names its content: a year, without asking.
const immutable = "public, max-age=31536000, immutable"

// The references that prepare rewrites: a page's style sheets and scripts, a style sheet's fonts.
var (
	pageRef = regexp.MustCompile(`((?:href|src)=")(/static/[^"?#]+)(?:\?[^"#]*)?(")`)
	cssRef  = regexp.MustCompile(`(url\(")(/fonts/[^"?#]+)(?:\?[^"#]*)?("\))`)
)

func newStaticFiles(src fs.FS) *staticFiles { return &staticFiles{src: src} }

// get returns the file at key, preparing them all the first time.
func (st *staticFiles) get(key string) *staticFile {
	st.once.Do(st.prepare)
	return st.files[key]
}

// prepare reads every file: the fonts first, then the style sheets that name them, the scripts,
// and last the pages that name those, so that each reference carries the hash of what it names.
func (st *staticFiles) prepare() {
	st.files = map[string]*staticFile{}
	add := func(key string, body []byte) {
		f := &staticFile{body: body, ctype: mime.TypeByExtension(path.Ext(key))}
		switch path.Ext(key) {
		case ".woff2":
			f.ctype = "font/woff2"
		case ".html":
			f.ctype = "text/html; charset=utf-8"
		}
		sum := sha256.Sum256(body)
		f.hash = hex.EncodeToString(sum[:8])
		if path.Ext(key) != ".woff2" {
			f.gz = gzipped(body)
		}
		st.files[key] = f
	}
	read := func(dir, pattern string) map[string][]byte {
		out := map[string][]byte{}
		names, _ := fs.Glob(st.src, path.Join(dir, pattern))
		for _, name := range names {
			if b, err := fs.ReadFile(st.src, name); err == nil {
				out[name] = b
			}
		}
		return out
	}
	for name, b := range read("webfonts", "*.woff2") {
		add("/fonts/"+path.Base(name), b)
	}
	for name, b := range read("static", "*.css") {
		add("/"+name, st.withHashes(b, cssRef))
	}
	for name, b := range read("static", "*") {
		if _, done := st.files["/"+name]; !done {
			add("/"+name, b)
		}
	}
	for name, b := range read(".", "*.html") {
		add(name, st.withHashes(b, pageRef))
	}
}

// withHashes gives each reference that re matches in b the ?v= of the file it names; a
// reference to a file not served is left as it is.
func (st *staticFiles) withHashes(b []byte, re *regexp.Regexp) []byte {
	return re.ReplaceAllFunc(b, func(m []byte) []byte {
		sub := re.FindSubmatch(m)
		f := st.files[string(sub[2])]
		if f == nil {
			return m
		}
		return []byte(string(sub[1]) + string(sub[2]) + "?v=" + f.hash + string(sub[3]))
	})
}

// gzipped is b compressed at gzip's best, or nil if that is not smaller.
func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	if buf.Len() >= len(b) {
		return nil
	}
	return buf.Bytes()
}

// serveFile answers a request for a script, a style sheet or a font (see staticFiles).
func (st *staticFiles) serveFile(w http.ResponseWriter, r *http.Request, key string) {
	f := st.get(key)
	if f == nil {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	if r.URL.Query().Get("v") == f.hash {
		h.Set("Cache-Control", immutable)
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	body, etag := f.body, `"`+f.hash+`"`
	if f.gz != nil {
		h.Set("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			body, etag = f.gz, `"`+f.hash+`-gzip"` // a strong ETag names one representation
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// servePage answers a request for a screen's page: never kept, gzipped where the client takes it.
func (st *staticFiles) servePage(w http.ResponseWriter, r *http.Request, name string) {
	f := st.get(name)
	if f == nil {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("Cache-Control", "no-store")
	h.Set("Vary", "Accept-Encoding")
	body := f.body
	if f.gz != nil && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		body = f.gz
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}

// acceptsGzip tells whether an Accept-Encoding header (RFC 9110 §12.5.3) takes gzip: named, or
// as *, with a quality above zero.
func acceptsGzip(header string) bool {
	star := false
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		ok := true
		for _, p := range strings.Split(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				ok = err == nil && q > 0
			}
		}
		switch coding {
		case "gzip", "x-gzip":
			return ok
		case "*":
			star = ok
		}
	}
	return star
}
