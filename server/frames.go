package server

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"net/http"
	"strings"
	"sync"

	"github.com/gorilla/websocket"
)

// The hub frames its messages itself (RFC 6455): a message goes out as one final, unmasked frame
// (a server's frames are not masked), written to the socket in one write, without gorilla's lock,
// frame lookup and write deadline for each of ten thousand screens. Gorilla still reads the
// sockets, answers the handshake, and writes the goodbye; every frame, ours or gorilla's, goes to
// the socket in one write, and the socket takes one write at a time: frames never interleave.

// framing is how a screen's events are framed, from what it offered in its handshake.
type framing uint8

const (
	// framePlain: the screen did not ask for compression. Its events go as they are.
	framePlain framing = iota
	// frameDeflate: the screen asked for permessage-deflate (browsers do) in an offer the hub reads
	// the way gorilla reads it, so gorilla agreed to it. Its events go compressed by the hub,
	// once for all such screens.
	frameDeflate
	// frameGorilla: the screen's offer names permessage-deflate in a form the hub does not read
	// for sure (quoted values, say). Its events go through gorilla's prepared message, which knows
	// what gorilla agreed to.
	frameGorilla
)

// framingOf reads a screen's offer of extensions. It answers frameDeflate only for an offer whose
// every element is plain tokens and parameters, with permessage-deflate among them: gorilla then
// agrees to compression for certain (it agrees whenever an element it reads names
// permessage-deflate, with any parameters, and replies with no context takeover either way).
func framingOf(r *http.Request) framing {
	offers := r.Header.Values("Sec-WebSocket-Extensions")
	named, plain := false, true
	for _, v := range offers {
		if strings.Contains(strings.ToLower(v), "permessage-deflate") {
			named = true
		}
		ok, deflate := plainOffer(v)
		plain = plain && ok
		if ok && deflate {
			return frameDeflate
		}
	}
	switch {
	case !named:
		return framePlain
	case plain: // named only as a parameter, say: gorilla agrees to nothing
		return framePlain
	default:
		return frameGorilla
	}
}

// plainOffer reports whether v is a list of extensions made of tokens only (extension *(";" param
// ["=" value]), separated by commas, with spaces and tabs between), and whether one of them is
// permessage-deflate.
func plainOffer(v string) (ok, deflate bool) {
	s := v
	token := func() string {
		s = strings.TrimLeft(s, " \t")
		i := 0
		for i < len(s) && isTokenChar(s[i]) {
			i++
		}
		t := s[:i]
		s = strings.TrimLeft(s[i:], " \t")
		return t
	}
	for {
		ext := token()
		if ext == "" {
			return false, false
		}
		deflate = deflate || ext == "permessage-deflate"
		for strings.HasPrefix(s, ";") {
			s = s[1:]
			if token() == "" {
				return false, false
			}
			if strings.HasPrefix(s, "=") {
				s = s[1:]
				if token() == "" {
					return false, false
				}
			}
		}
		if s == "" {
			return true, deflate
		}
		if s[0] != ',' {
			return false, false
		}
		s = s[1:]
	}
}

// isTokenChar is an RFC 7230 tchar.
func isTokenChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

// outgoing is a message encoded once for every screen that gets it, in each framing some screen
// needs: as it is; compressed, made the first time a screen that asked for compression needs it;
// or as gorilla's prepared message, the same way.
type outgoing struct {
	frame []byte

	deflateOnce sync.Once
	deflated    []byte // nil until needed, or if it could not be compressed

	gorillaOnce sync.Once
	pm          *websocket.PreparedMessage // nil until needed, or if gorilla could not frame it
}

// errNoFrame is the write error of a message that could not be framed for its screen: the screen
// is dropped, and resynchronises.
var errNoFrame = errors.New("the message could not be framed")

// writeTo writes the message to the screen's socket, in the screen's framing. c.wmu is held.
func (o *outgoing) writeTo(c *conn) error {
	frame := o.frame
	switch {
	case c.framing == frameDeflate && o != ping:
		if frame = o.deflate(); frame == nil {
			return errNoFrame
		}
	case c.framing == frameGorilla && o != ping:
		if pm := o.prepared(); pm != nil {
			return c.ws.WritePreparedMessage(pm)
		}
		return errNoFrame
	}
	_, err := c.nc.Write(frame)
	return err
}

func (o *outgoing) payload() []byte { return o.frame[len(o.frame)-payloadLen(o.frame):] }

func (o *outgoing) deflate() []byte {
	o.deflateOnce.Do(func() { o.deflated = deflateFrame(o.payload()) })
	return o.deflated
}

func (o *outgoing) prepared() *websocket.PreparedMessage {
	o.gorillaOnce.Do(func() { o.pm, _ = websocket.NewPreparedMessage(websocket.TextMessage, o.payload()) })
	return o.pm
}

// ping stands in the line for a ping: it goes out in turn, like an event, and as it is.
var ping = &outgoing{frame: controlFrame(websocket.PingMessage, "")}

// controlFrame is a final, unmasked control frame: its payload is at most 125 bytes (gorilla refuses
// a longer one from the client).
func controlFrame(op int, payload string) []byte {
	return append([]byte{0x80 | byte(op), byte(len(payload))}, payload...)
}

// frameRoom is the most a frame's header takes: a payload built after frameRoom bytes becomes a
// frame without a copy (finishFrame).
const frameRoom = 10

// finishFrame writes the header of a final, unmasked text frame in front of the payload
// b[frameRoom:], and returns the frame.
func finishFrame(b []byte) []byte {
	n := len(b) - frameRoom
	var h [frameRoom]byte
	h[0] = 0x80 | websocket.TextMessage
	k := 2
	switch {
	case n < 126:
		h[1] = byte(n)
	case n <= 0xffff:
		h[1] = 126
		binary.BigEndian.PutUint16(h[2:], uint16(n))
		k = 4
	default:
		h[1] = 127
		binary.BigEndian.PutUint64(h[2:], uint64(n))
		k = 10
	}
	copy(b[frameRoom-k:], h[:k])
	return b[frameRoom-k:]
}

// payloadLen is the length of the payload of a frame made by finishFrame.
func payloadLen(frame []byte) int {
	switch n := frame[1] & 0x7f; n {
	case 126:
		return int(binary.BigEndian.Uint16(frame[2:]))
	case 127:
		return int(binary.BigEndian.Uint64(frame[2:]))
	default:
		return int(n)
	}
}

// textFrame is payload as one final text frame.
func textFrame(payload []byte) []byte {
	return finishFrame(append(make([]byte, frameRoom, frameRoom+len(payload)), payload...))
}

// flateWriters are compressors at gorilla's level (the fastest), reused.
var flateWriters sync.Pool

// deflateFrame is payload compressed as permessage-deflate with no context takeover, as gorilla
// agrees to it (RFC 7692): the message alone, ended by a sync flush whose last four bytes
// (00 00 ff ff) are left off for the receiver to put back, in a final text frame with RSV1 set.
// It is nil if the compressor did not end as it should.
func deflateFrame(payload []byte) []byte {
	buf := bytes.NewBuffer(make([]byte, frameRoom, frameRoom+len(payload)/2+64))
	fw, _ := flateWriters.Get().(*flate.Writer)
	if fw == nil {
		fw, _ = flate.NewWriter(buf, flate.BestSpeed)
	} else {
		fw.Reset(buf)
	}
	_, err := fw.Write(payload)
	if err == nil {
		err = fw.Flush()
	}
	flateWriters.Put(fw)
	b := buf.Bytes()
	if err != nil || len(b) < frameRoom+4 || !bytes.Equal(b[len(b)-4:], []byte{0, 0, 0xff, 0xff}) {
		return nil
	}
	f := finishFrame(b[:len(b)-4])
	f[0] |= 0x40 // RSV1: compressed
	return f
}
