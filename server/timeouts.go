package server

import (
	"net/http"
	"time"
)

// Timeouts are how long the HTTP server waits for a client: for a request's header, for the whole
// request with its body, and for the next request on a kept-alive connection. Without them, 243
// idle connections held every file the server could open (the limit was 256) and locked the hall
// out. A websocket is not held to them: the hub takes it over from the HTTP server (hijacks it)
// and keeps its own deadlines (pongs every minute, server/hub).
type Timeouts struct {
	Header time.Duration // http.Server.ReadHeaderTimeout
	Read   time.Duration // http.Server.ReadTimeout: the header and the body
	Idle   time.Duration // http.Server.IdleTimeout
}

// DefaultTimeouts: a tablet on the hall's Wi-Fi sends a header in milliseconds and the largest body
// (1 MB, maxBody) in seconds; a browser opens a new connection when an idle one was closed.
var DefaultTimeouts = Timeouts{Header: 10 * time.Second, Read: 30 * time.Second, Idle: 90 * time.Second}

// HTTPServer is an http.Server of h with these timeouts; zero fields take DefaultTimeouts'.
func (t Timeouts) HTTPServer(h http.Handler) *http.Server {
	t.Header = or(t.Header, DefaultTimeouts.Header)
	t.Read = or(t.Read, DefaultTimeouts.Read)
	t.Idle = or(t.Idle, DefaultTimeouts.Idle)
	return &http.Server{Handler: h, ReadHeaderTimeout: t.Header, ReadTimeout: t.Read, IdleTimeout: t.Idle}
}

func or(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}
