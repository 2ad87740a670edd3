package server

import (
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/daihoi/daihoi"
)

// sameOrigin refuses a state-changing request (POST, PUT, PATCH, DELETE) and the websocket upgrade
// when it comes from a page of another origin: a page on another port of this host, or on any other
// site a delegate's browser has open, must not move the agenda or cast a ballot with the cookie of
// the screen signed in here. Browsers say where a request comes from in Origin (or, for some older
// requests, only in Referer); the request is let through when that is this server's own scheme,
// host and port, as the request names them (Host). Clients that send neither header (the Go client,
// the load generator, curl) are not browsers a page can drive, and are let through.
func (s *Server) sameOrigin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if checksOrigin(r) {
			if from, ok := ownOrigin(r); !ok {
				s.log.Warn("request from another origin refused", "from", from, "method", r.Method, "path", r.URL.Path, "addr", r.RemoteAddr)
				s.writeError(w, r, errOtherOrigin)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

var errOtherOrigin = daihoi.Errorf(daihoi.EFORBIDDEN,
	"Yêu cầu đến từ một trang khác, không phải trang của máy chủ đại hội: đã từ chối, không có gì thay đổi.",
	"The request comes from a page of another site, not this congress server's: refused, nothing has changed.")

// checksOrigin: the requests that change something, and the websocket upgrade (a tablet's socket
// casts ballots).
func checksOrigin(r *http.Request) bool {
	switch r.Method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return true
	}
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

// ownOrigin reports whether r comes from a page of this server, and the origin it names: its
// Origin, or its Referer when it has no Origin. A request with neither is ours.
func ownOrigin(r *http.Request) (string, bool) {
	from := r.Header.Get("Origin")
	if from == "" {
		from = r.Header.Get("Referer")
	}
	if from == "" {
		return "", true
	}
	u, err := url.Parse(from)
	if err != nil || u.Host == "" { // "null" (a sandboxed page, a file), or garbage
		return from, false
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if !strings.EqualFold(u.Scheme, scheme) {
		return from, false
	}
	return from, strings.EqualFold(hostPort(u.Host, scheme), hostPort(r.Host, scheme))
}

// hostPort is host with its port, the scheme's default when it names none (a browser leaves out
// :80 and :443 in Origin and Host alike, but a client may write them).
func hostPort(host, scheme string) string {
	if _, _, err := net.SplitHostPort(host); err == nil {
		return host
	}
	port := "80"
	if scheme == "https" {
		port = "443"
	}
	return net.JoinHostPort(strings.Trim(host, "[]"), port)
}
