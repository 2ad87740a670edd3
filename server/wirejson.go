package server

import (
	"encoding/json"
	"slices"
	"strconv"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/server/hub"
)

// The two encodings on the path of every tablet ballot, written by hand: the content on its way to
// the box and the receipt on its way back. They write exactly the bytes encoding/json writes for
// the same values (wirejson_test.go checks it), without reflection and with one allocation each,
// in the middle of a burst of two thousand ballots.

// appendJSON appends the content as json.Marshal writes a boxed value.
func (c boxed) appendJSON(dst []byte) []byte {
	start := len(dst)
	dst = append(dst, '{')
	key := func(dst []byte, name string) []byte {
		if len(dst) > start+1 {
			dst = append(dst, ',')
		}
		return append(append(append(dst, '"'), name...), '"', ':')
	}
	if c.ID != "" {
		dst = appendString(key(dst, "id"), c.ID)
	}
	if c.Kept != nil {
		dst = append(key(dst, "kept"), '[')
		for i, id := range c.Kept {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendString(dst, id)
		}
		dst = append(dst, ']')
	}
	if c.Marks != nil {
		dst = append(key(dst, "marks"), '{')
		ids := make([]string, 0, len(c.Marks))
		for id := range c.Marks {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for i, id := range ids {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(appendString(dst, id), ':')
			dst = appendString(dst, string(c.Marks[id]))
		}
		dst = append(dst, '}')
	}
	if c.Choice != "" {
		dst = appendString(key(dst, "choice"), string(c.Choice))
	}
	if len(c.Flags) > 0 {
		dst = append(key(dst, "flags"), '[')
		for i, f := range c.Flags {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendString(dst, string(f))
		}
		dst = append(dst, ']')
	}
	if c.Voter != "" {
		dst = appendString(key(dst, "voter"), c.Voter)
	}
	return append(dst, '}')
}

// receiptMessage appends to b the socket's answer to a ballot, as json.Marshal writes the message
// hub.WithData("receipt", rc) answering the request ref.
func receiptMessage(b []byte, ref string, rc daihoi.Receipt) []byte {
	b = append(b, `{"type":"receipt","data":{"poll":`...)
	b = appendString(b, rc.Poll)
	b = append(b, `,"receipt":`...)
	b = appendString(b, rc.Receipt)
	if rc.Duplicate {
		b = append(b, `,"duplicate":true`...)
	}
	b = append(b, `,"cast":`...)
	b = strconv.AppendInt(b, int64(rc.Cast), 10)
	b = append(b, '}')
	if ref != "" {
		b = appendString(append(b, `,"ref":`...), ref)
	}
	return append(b, '}')
}

// receiptFrame is receiptMessage as a frame, built in place behind room for its header.
func receiptFrame(ref string, rc daihoi.Receipt) []byte {
	b := make([]byte, hub.FrameRoom, hub.FrameRoom+128+len(ref)+len(rc.Poll)+len(rc.Receipt))
	return hub.FinishFrame(receiptMessage(b, ref, rc))
}

// appendString appends s as a JSON string. Ids, codes and marks are plain ASCII and are copied as
// they are; anything else is left to encoding/json, which escapes it (HTML characters included).
func appendString(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s)
			return append(dst, q...)
		}
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}
