package hub

import (
	"errors"
	"io"
	"runtime/debug"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// readPump reads the screen's requests (a tablet's ballot), pongs and the close. A request's
// handler may answer it later (a ballot, once on disk): the handler keeps the answers in order
// (the server's handler, with Conn.NextRequest and Conn.Answered).
func (c *Conn) readPump(h *Hub, handle Handler) {
	defer h.remove(c)
	c.ws.SetReadLimit(maxRequest)
	c.ws.SetReadDeadline(time.Now().Add(pongWait))
	c.ws.SetPongHandler(func(string) error {
		c.ws.SetReadDeadline(time.Now().Add(pongWait))
		return nil
	})
	// A client's ping is answered through the line, as our own frame: gorilla's own answer would
	// leave its one-second write deadline on the socket, and the line's next write would fail.
	c.ws.SetPingHandler(func(data string) error {
		c.answerNow(controlFrame(websocket.PongMessage, data))
		return nil
	})
	// A client's close ends the line (the goodbye answers it), so that nothing follows the close.
	c.ws.SetCloseHandler(func(int, string) error {
		h.remove(c)
		return nil
	})
	for {
		_, r, err := c.ws.NextReader()
		if err != nil {
			return
		}
		req := requestBuffers.Get().(*Request)
		if err := req.readFrom(r); err != nil {
			req.Free()
			if err == errTooBig {
				h.logger().Warn("socket request too large: the socket is closed", "role", c.Role, "limit", maxRequest, "addr", c.Addr)
				h.mu.Lock()
				h.dropWith(c, byeTooBig)
				h.mu.Unlock()
			}
			return
		}
		if !handled(h, c, handle, req) {
			return
		}
	}
}

// handled runs a request's handler, and reports false if it panicked: the panic is logged and costs
// this socket only (the deferred remove closes it). The readPump runs outside net/http's handler,
// which would otherwise have recovered it; unrecovered, it would stop the server in the middle of a
// vote.
func handled(h *Hub, c *Conn, handle Handler, req *Request) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			h.logger().Error("socket request panicked", "role", c.Role, "panic", r, "stack", string(debug.Stack()))
			ok = false
		}
	}()
	handle(c, req)
	return true
}

// A Handler answers one request read from a screen's socket. It owns req, and frees it as
// soon as it has decoded the request, before any wait: two thousand ballots waiting for the disk
// then hold no request bytes, and a burst reuses a few buffers instead of allocating one per
// ballot.
type Handler func(c *Conn, req *Request)

// maxRequest bounds a request on the socket: a two-column ballot of several hundred names fits.
// It bounds the message as the handler reads it, after inflating: gorilla's read limit
// (SetReadLimit) counts the bytes on the wire, and 64 KiB of deflate inflate to 64 MiB.
const maxRequest = 64 << 10

// errTooBig is a request longer than maxRequest.
var errTooBig = errors.New("the request is larger than maxRequest")

// A request is one message read from a screen's socket, until it is decoded.
type Request struct{ b []byte }

// Bytes is the request as read; valid until Free.
func (req *Request) Bytes() []byte { return req.b }

// requestBuffers hold requests read from the sockets until they are decoded. A ballot fits the
// first 2 KiB; a buffer grown past pooledRequest is left to the collector, so that the pool never
// holds what a few long messages made it grow to.
var requestBuffers = sync.Pool{New: func() any { return &Request{b: make([]byte, 0, 2048)} }}

const pooledRequest = 8 << 10

// Free gives the request's buffer back to the pool.
func (req *Request) Free() {
	if cap(req.b) <= pooledRequest {
		req.b = req.b[:0]
		requestBuffers.Put(req)
	}
}

// readFrom reads one message, at most maxRequest bytes of it: errTooBig when there is more. It
// reads no more than one byte past the limit from r (so a compressed message is inflated no
// further), and its buffer grows to at most maxRequest bytes.
func (req *Request) readFrom(r io.Reader) error {
	b := req.b[:0]
	defer func() { req.b = b }()
	for {
		if len(b) == cap(b) {
			if len(b) == maxRequest {
				var one [1]byte
				n, err := io.ReadFull(r, one[:])
				if n > 0 {
					return errTooBig
				}
				if err == io.EOF {
					return nil
				}
				return err
			}
			grown := make([]byte, len(b), min(2*cap(b), maxRequest))
			copy(grown, b)
			b = grown
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
