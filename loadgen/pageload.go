package loadgen

// A tablet's browser as far as its downloads go: a screen's page and what the page references,
// fetched with gzip accepted, kept as the server says, and counted on the wire.

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"regexp"
	"strings"
	"sync/atomic"
	"time"
)

// StartFonts is the font family a screen waits for before it lays itself out (app.js, fontsLoaded):
// a browser downloads a face only when text uses it, and these are the faces the first screen uses,
// regular and bold. The others (Daihoi Mono, for a ballot's receipt) come when a receipt is shown.
const StartFonts = "Daihoi Sans"

// Browser fetches a page and what it references as a browser does: gzip accepted; a file the
// server said to keep for good (immutable) not asked for again; a file with a validator asked for
// again with it (If-None-Match); a page marked no-store fetched whole each time.
type Browser struct {
	Base string
	HTTP *http.Client // with a cookie jar and a transport that counts into Wire
	Wire *atomic.Int64
	// Revalidate asks again, with its validator, even for a file kept for good, as a browser does
	// on a reload that bypasses its freshness rules.
	Revalidate bool
	kept       map[string]keptFile // by URL
}

type keptFile struct {
	body      []byte // decoded
	etag      string
	immutable bool
}

// PageLoad is what loading a page cost.
type PageLoad struct {
	Requests    int   `json:"requests"`     // requests sent
	NotModified int   `json:"not_modified"` // of which answered 304
	Kept        int   `json:"kept"`         // files used from the browser's cache without asking
	Bytes       int64 `json:"bytes"`        // what the server sent, as on the wire: status lines, headers, bodies
}

// NewBrowser returns a browser of the server at base, with a cookie jar; what its connections read
// is counted in Wire.
func NewBrowser(base string) *Browser {
	jar, _ := cookiejar.New(nil)
	wire := new(atomic.Int64)
	return &Browser{
		Base: strings.TrimRight(base, "/"), Wire: wire, kept: map[string]keptFile{},
		HTTP: &http.Client{Jar: jar, Timeout: 120 * time.Second, Transport: CountingTransport(wire),
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
	}
}

// CountingTransport is an HTTP transport whose connections add every byte they read to n. It does
// not ask for gzip by itself: the caller sets Accept-Encoding and decodes.
func CountingTransport(n *atomic.Int64) *http.Transport {
	return &http.Transport{
		DisableCompression: true, MaxIdleConnsPerHost: 2,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			conn, err := (&net.Dialer{}).DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return countingConn{conn, n}, nil
		},
	}
}

var (
	styleRef  = regexp.MustCompile(`<link[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"`)
	scriptRef = regexp.MustCompile(`<script[^>]*\bsrc="([^"]+)"`)
	fontFace  = regexp.MustCompile(`@font-face\s*\{([^}]*)\}`)
	fontName  = regexp.MustCompile(`font-family:\s*"([^"]+)"`)
	fontURL   = regexp.MustCompile(`url\("([^"]+)"\)`)
)

// Load fetches the page at path, its style sheets and scripts and the fonts of StartFonts they
// name, and tells what that cost. Loading the same page again is a reload.
func (b *Browser) Load(ctx context.Context, path string) (PageLoad, error) {
	var load PageLoad
	before := b.Wire.Load()
	page, err := b.fetch(ctx, path, true, &load)
	if err != nil {
		return load, err
	}
	var styles [][]byte
	for _, m := range styleRef.FindAllSubmatch(page, -1) {
		css, err := b.fetch(ctx, string(m[1]), true, &load)
		if err != nil {
			return load, err
		}
		styles = append(styles, css)
	}
	for _, m := range scriptRef.FindAllSubmatch(page, -1) {
		if _, err := b.fetch(ctx, string(m[1]), false, &load); err != nil {
			return load, err
		}
	}
	for _, css := range styles {
		for _, face := range fontFace.FindAllSubmatch(css, -1) {
			name, u := fontName.FindSubmatch(face[1]), fontURL.FindSubmatch(face[1])
			if name == nil || u == nil || string(name[1]) != StartFonts {
				continue
			}
			if _, err := b.fetch(ctx, string(u[1]), false, &load); err != nil {
				return load, err
			}
		}
	}
	load.Bytes = b.Wire.Load() - before
	return load, nil
}

// fetch returns the file at u, from the browser's cache or the server's answer; decoded if the
// browser reads it for what it names (a page, a style sheet), as it came otherwise (this process
// stands for many tablets and spends no CPU it need not).
func (b *Browser) fetch(ctx context.Context, u string, decode bool, load *PageLoad) ([]byte, error) {
	k, ok := b.kept[u]
	if ok && k.immutable && !b.Revalidate {
		load.Kept++
		return k.body, nil
	}
	req, err := http.NewRequestWithContext(ctx, "GET", b.Base+u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept-Encoding", "gzip, deflate")
	if ok && k.etag != "" {
		req.Header.Set("If-None-Match", k.etag)
	}
	load.Requests++
	resp, err := b.HTTP.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusNotModified && ok {
		load.NotModified++
		return k.body, nil
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	body := raw
	switch resp.Header.Get("Content-Encoding") {
	case "":
	case "gzip":
		if !decode {
			break
		}
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, fmt.Errorf("GET %s: %w", u, err)
		}
		if body, err = io.ReadAll(zr); err != nil {
			return nil, fmt.Errorf("GET %s: %w", u, err)
		}
	default:
		return nil, fmt.Errorf("GET %s: Content-Encoding %q, not asked for", u, resp.Header.Get("Content-Encoding"))
	}
	cc := resp.Header.Get("Cache-Control")
	switch {
	case strings.Contains(cc, "no-store"):
		delete(b.kept, u)
	case strings.Contains(cc, "immutable") || resp.Header.Get("ETag") != "":
		b.kept[u] = keptFile{body: body, etag: resp.Header.Get("ETag"), immutable: strings.Contains(cc, "immutable")}
	}
	return body, nil
}
