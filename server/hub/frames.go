package hub

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/gorilla/websocket"
)

// The hub frames its messages itself (RFC 6455): a message goes out as one final, unmasked frame
// (a server's frames are not masked), written to the socket in one write, without gorilla's lock,
// frame lookup and write deadline for each of ten thousand screens. Gorilla still reads the
// sockets and answers the handshake; it writes only close frames (the goodbye, under the line's
// write lock; its reader's answer to a protocol error, on a socket that is ending). Every frame goes
// to the socket in one write, and the socket takes one write at a time: frames never interleave.

// framing is how a screen's events are framed, from what it offered in its handshake.
type framing uint8

const (
	// framePlain: as they are. Any screen may be sent uncompressed messages, even one that
	// agreed to compression (RFC 7692).
	framePlain framing = iota
	// frameDeflate: compressed by the hub, once for all such screens (browsers ask for it).
	frameDeflate
)

// framingOf reads a screen's offer of extensions to up. It answers frameDeflate only when gorilla has
// certainly agreed to compression: gorilla agrees whenever an element of an offer it reads names
// permessage-deflate, with any parameters, and replies with no context takeover either way; the
// hub takes an offer only when every element of it is plain tokens and parameters, which gorilla
// reads in full. Any other offer (quoted values, elements gorilla stops at) gets its messages as
// they are.
func framingOf(up *websocket.Upgrader, r *http.Request) framing {
	if !up.EnableCompression {
		return framePlain
	}
	for _, v := range r.Header.Values("Sec-WebSocket-Extensions") {
		if ok, deflate := plainOffer(v); ok && deflate {
			return frameDeflate
		}
	}
	return framePlain
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

// outgoing is a message encoded once for every screen that gets it: as it is, and compressed,
// made the first time a screen that asked for compression needs it.
type outgoing struct {
	frame []byte

	deflateOnce sync.Once
	deflated    []byte
}

// writeTo writes the message to the screen's socket, in the screen's framing. c.wmu is held.
func (o *outgoing) writeTo(c *Conn) error {
	frame := o.frame
	if c.framing == frameDeflate && o != ping {
		frame = o.deflate()
	}
	_, err := c.out.Write(frame)
	return err
}

// deflate is the message compressed; as it is if it could not be.
func (o *outgoing) deflate() []byte {
	o.deflateOnce.Do(func() {
		if o.deflated = deflateFrame(o.frame[len(o.frame)-payloadLen(o.frame):]); o.deflated == nil {
			o.deflated = o.frame
		}
	})
	return o.deflated
}

// ping stands in the line for a ping: it goes out in turn, like an event, and as it is.
var ping = &outgoing{frame: controlFrame(websocket.PingMessage, "")}

// controlFrame is a final, unmasked control frame: its payload is at most 125 bytes (gorilla refuses
// a longer one from the client).
func controlFrame(op int, payload string) []byte {
	return append([]byte{0x80 | byte(op), byte(len(payload))}, payload...)
}

// FrameRoom is the most a frame's header takes: a payload built after FrameRoom bytes becomes a
// frame without a copy (FinishFrame).
const FrameRoom = 10

// FinishFrame writes the header of a final, unmasked text frame in front of the payload
// b[FrameRoom:], and returns the frame.
func FinishFrame(b []byte) []byte {
	n := len(b) - FrameRoom
	var h [FrameRoom]byte
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
	copy(b[FrameRoom-k:], h[:k])
	return b[FrameRoom-k:]
}

// payloadLen is the length of the payload of a frame made by FinishFrame.
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

// TextFrame is payload as one final text frame.
func TextFrame(payload []byte) []byte {
	return FinishFrame(append(make([]byte, FrameRoom, FrameRoom+len(payload)), payload...))
}

// flateWriters are compressors at gorilla's level (the fastest), reused.
var flateWriters sync.Pool

// deflateFrame is payload compressed as permessage-deflate with no context takeover, as gorilla
// agrees to it (RFC 7692): the message alone, ended by a sync flush whose last four bytes
// (00 00 ff ff) are left off for the receiver to put back, in a final text frame with RSV1 set.
// It is nil if the compressor did not end as it should.
func deflateFrame(payload []byte) []byte {
	buf := bytes.NewBuffer(make([]byte, FrameRoom, FrameRoom+len(payload)/2+64))
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
	fw.Reset(io.Discard) // the pool keeps the compressor, not the frame
	flateWriters.Put(fw)
	b := buf.Bytes()
	if err != nil || len(b) < FrameRoom+4 || !bytes.Equal(b[len(b)-4:], []byte{0, 0, 0xff, 0xff}) {
		return nil
	}
	f := FinishFrame(b[:len(b)-4])
	f[0] |= 0x40 // RSV1: compressed
	return f
}
