package hub

import (
	"encoding/json"
	"unicode/utf8"

	"github.com/daihoi/daihoi"
)

// DecodeRequest reads a request sent on /ws. The usual shape, a tablet's ballot with plain
// strings, is read by a small scanner made for it, which costs a tenth of encoding/json's
// reflection; anything else (other keys, escapes, nulls, numbers, a key twice, a syntax error) is
// read by encoding/json, so the result and the errors are always exactly json.Unmarshal's.
func DecodeRequest(data []byte) (daihoi.SocketRequest, error) {
	if r, ok := scanSocketRequest(data); ok {
		return r, nil
	}
	var r daihoi.SocketRequest
	err := json.Unmarshal(data, &r)
	return r, err
}

// scanSocketRequest is the fast path; ok is false whenever it is not sure.
func scanSocketRequest(data []byte) (r daihoi.SocketRequest, ok bool) {
	if !utf8.Valid(data) {
		return r, false
	}
	s := scanner{b: data}
	var seen uint8 // the keys read so far, one bit each: a key twice goes to encoding/json
	once := func(bit uint8) bool {
		if seen&bit != 0 {
			return false
		}
		seen |= bit
		return true
	}
	ok = s.object(func(key string) bool {
		switch key {
		case "type":
			return once(1) && s.str(&r.Type)
		case "ref":
			return once(2) && s.str(&r.Ref)
		case "poll":
			return once(4) && s.str(&r.Poll)
		case "ballot":
			return once(8) && s.object(func(key string) bool {
				b := &r.Ballot
				switch key {
				case "ballot_id":
					return once(16) && s.str(&b.BallotID)
				case "choice":
					return once(32) && s.str((*string)(&b.Choice))
				case "kept":
					if !once(64) {
						return false
					}
					return s.names(&b.Kept)
				case "marks":
					if !once(128) {
						return false
					}
					b.Marks = map[string]daihoi.Mark{}
					return s.object(func(name string) bool {
						if _, twice := b.Marks[name]; twice {
							return false
						}
						var v string
						if !s.str(&v) {
							return false
						}
						b.Marks[name] = daihoi.Mark(v)
						return true
					})
				}
				return false
			})
		}
		return false
	})
	s.space()
	return r, ok && s.i == len(s.b)
}

// scanner reads JSON made only of objects, arrays and strings without escapes.
type scanner struct {
	b []byte
	i int
}

func (s *scanner) space() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\t' || s.b[s.i] == '\n' || s.b[s.i] == '\r') {
		s.i++
	}
}

func (s *scanner) byte(c byte) bool {
	s.space()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// str reads a string with no escape and no control character into v.
func (s *scanner) str(v *string) bool {
	b, ok := s.raw()
	if ok {
		*v = string(b)
	}
	return ok
}

// raw reads a string with no escape and no control character, and returns its bytes in the input.
func (s *scanner) raw() ([]byte, bool) {
	if !s.byte('"') {
		return nil, false
	}
	for j := s.i; j < len(s.b); j++ {
		switch c := s.b[j]; {
		case c == '"':
			b := s.b[s.i:j]
			s.i = j + 1
			return b, true
		case c == '\\' || c < 0x20:
			return nil, false
		}
	}
	return nil, false
}

// names reads an array of strings into v (never nil) with two allocations, whatever its length:
// the names are cut from one copy of the array's text, and the slice is made once its length is
// known. A ballot of 45 names otherwise costs 45 strings and the slice's growth.
func (s *scanner) names(v *[]string) bool {
	var small [64][2]int32 // each name's start and end in the array's text
	spans := small[:0]
	s.space()
	from := s.i
	ok := s.array(func() bool {
		b, ok := s.raw()
		if ok {
			start := s.i - 1 - len(b) - from // b's offset in the array's text
			spans = append(spans, [2]int32{int32(start), int32(start + len(b))})
		}
		return ok
	})
	if !ok {
		return false
	}
	text := string(s.b[from:s.i])
	names := make([]string, len(spans))
	for i, sp := range spans {
		names[i] = text[sp[0]:sp[1]]
	}
	*v = names
	return true
}

// object reads {"key": value, ...}, member calling value for each key.
func (s *scanner) object(value func(key string) bool) bool {
	if !s.byte('{') {
		return false
	}
	if s.byte('}') {
		return true
	}
	for {
		key, ok := s.raw()
		if !ok || !s.byte(':') || !value(string(key)) {
			return false
		}
		if s.byte('}') {
			return true
		}
		if !s.byte(',') {
			return false
		}
	}
}

// array reads [value, ...].
func (s *scanner) array(value func() bool) bool {
	if !s.byte('[') {
		return false
	}
	if s.byte(']') {
		return true
	}
	for {
		if !value() {
			return false
		}
		if s.byte(']') {
			return true
		}
		if !s.byte(',') {
			return false
		}
	}
}
