package vnfont

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// UnknownCharError names a character that belongs to no encoding the text was read in: its place
// in the text (the first character is 1) and the character itself.
type UnknownCharError struct {
	Pos  int
	Rune rune
	In   Encoding
}

func (e *UnknownCharError) Error() string {
	return fmt.Sprintf("vnfont: %s: character %d %q (U+%04X) is not a Vietnamese letter", e.In, e.Pos, e.Rune, e.Rune)
}

// AsRead gives raw legacy bytes (a CSV file that is not UTF-8) as Windows-1252 shows them — the
// form an .xlsx gives — so that one reading serves both.
func AsRead(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b) * 2)
	for _, c := range b {
		sb.WriteRune(cp1252(c))
	}
	return sb.String()
}

// toBytes turns a string read from a sheet back into the bytes the legacy font saw, one byte for
// each character; bad is the place (from 1) of the first character no legacy byte shows, if any.
func toBytes(s string) (b []byte, bad int, badRune rune) {
	b = make([]byte, 0, len(s))
	for _, r := range s {
		switch c, ok := fromRune[r]; {
		case r < 0x80:
			b = append(b, byte(r))
		case ok:
			b = append(b, c)
		default:
			return nil, len(b) + 1, r
		}
	}
	return b, 0, 0
}

// Decode reads s, a string as read from a sheet, as text in enc and returns it in Unicode NFC.
// Unicode text is only brought to NFC.
func Decode(s string, enc Encoding) (string, error) {
	if enc == Unicode {
		return norm.NFC.String(s), nil
	}
	b, bad, r := toBytes(s)
	if bad > 0 {
		return "", &UnknownCharError{Pos: bad, Rune: r, In: enc}
	}
	out, at := decodeBytes(b, enc)
	if at >= 0 {
		return "", &UnknownCharError{Pos: at + 1, Rune: []rune(s)[at], In: enc}
	}
	return out, nil
}

// DecodeBytes reads raw bytes in enc (TCVN3 or VNI) and returns Unicode NFC.
func DecodeBytes(b []byte, enc Encoding) (string, error) {
	if enc == Unicode {
		if !utf8.Valid(b) {
			return "", fmt.Errorf("vnfont: not UTF-8")
		}
		return norm.NFC.String(string(b)), nil
	}
	out, at := decodeBytes(b, enc)
	if at >= 0 {
		return "", &UnknownCharError{Pos: at + 1, Rune: cp1252(b[at]), In: enc}
	}
	return out, nil
}

// decodeBytes returns the text in NFC, or the index of the first byte that is no letter of enc.
func decodeBytes(b []byte, enc Encoding) (string, int) {
	var runes []rune
	var at int
	if enc == TCVN3 {
		runes, at = decodeTCVN3(b)
	} else {
		runes, at = decodeVNI(b)
	}
	if at >= 0 {
		return "", at
	}
	return norm.NFC.String(string(runes)), -1
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// tcvn3Letter reports whether byte c is a letter in TCVN3, as the next byte after a VN1 capital
// at 0x80–0x9F must be for that byte to be read as a capital rather than as Windows' punctuation.
func tcvn3Letter(c byte) bool {
	if isASCIILetter(c) {
		return true
	}
	r, ok := tcvn3[c]
	return ok && c >= 0x80 && unicode.IsLetter(r)
}

func isVowel(r rune) bool {
	base := norm.NFD.String(string(unicode.ToLower(r)))
	if base == "" {
		return false
	}
	return strings.ContainsRune("aeiouy", rune(base[0]))
}

// decodeTCVN3 reads TCVN3 bytes. The lowercase letters of VN3 stand for capitals too when written
// in a capital font (.VnTimeH); caseFromContext decides that from the other letters.
func decodeTCVN3(b []byte) ([]rune, int) {
	runes := make([]rune, 0, len(b))
	amb := make([]bool, 0, len(b))   // a VN3 lowercase letter whose case the font decided
	toned := make([]bool, 0, len(b)) // one of them with a tone
	for i, c := range b {
		r, ok := tcvn3[c]
		switch {
		case c >= 0x80 && c <= 0x9F && !(i+1 < len(b) && tcvn3Letter(b[i+1])):
			// Not before a letter: Windows' punctuation (– — “ ” …), as the ABC fonts keep it.
			r = cp1252(c)
			if r == rune(c) {
				return nil, i // undefined in Windows-1252, and no capital here
			}
			ok = true
		case c >= 0xB0 && c <= 0xB4:
			ok = len(runes) > 0 && isVowel(runes[len(runes)-1])
		case !ok && c < 0x80:
			r, ok = rune(c), true
		case c == 0xA0:
			r, ok = '\u00A0', true
		}
		if !ok {
			return nil, i
		}
		runes = append(runes, r)
		amb = append(amb, c >= 0xA8 && unicode.IsLower(r))
		toned = append(toned, c >= 0xB5 && unicode.IsLower(r))
	}
	caseFromContext(runes, amb, toned)
	return runes, -1
}

// caseFromContext upper-cases the VN3 lowercase letters that a capital font showed as capitals.
// VN3 has no capital with a tone: one was written with the lowercase byte in a .VnTimeH font,
// word by word or letter by letter. So: every such letter in a word written in capitals
// («NGUYÔN» → «NGUYỄN»); a toned letter that begins a word in a cell where every other word begins
// with a capital («Lª ¸nh» → «Lê Ánh»), or that begins the cell («ñy viªn» → «Ủy viên»). Ă Â Ê Ô
// Ơ Ư Đ have capitals of their own in VN3, so their lowercase bytes stay lowercase but in a word
// in capitals.
func caseFromContext(runes []rune, amb, toned []bool) {
	type word struct{ from, to int }
	var words []word
	for i := 0; i < len(runes); {
		if !unicode.IsLetter(runes[i]) {
			i++
			continue
		}
		j := i
		for j < len(runes) && (unicode.IsLetter(runes[j]) || unicode.Is(unicode.Mn, runes[j])) {
			j++
		}
		words = append(words, word{i, j})
		i = j
	}
	// A word in capitals: a capital that the font did not decide, past the first letter, and no
	// lowercase letter that it did not decide.
	caps := make([]bool, len(words))
	for k, w := range words {
		upperPastFirst, lower := false, false
		for i := w.from; i < w.to; i++ {
			if amb[i] || !unicode.IsLetter(runes[i]) {
				continue
			}
			if unicode.IsLower(runes[i]) {
				lower = true
			} else if i > w.from {
				upperPastFirst = true
			}
		}
		if upperPastFirst && !lower {
			caps[k] = true
			for i := w.from; i < w.to; i++ {
				if amb[i] {
					runes[i], amb[i], toned[i] = unicode.ToUpper(runes[i]), false, false
				}
			}
		}
	}
	// A word whose letters past the first were all left to the font («Dù») is in capitals when
	// every other word the cell decided is, and they are more than an abbreviation («Sè TT»).
	for k, w := range words {
		if caps[k] {
			continue
		}
		undecided, lower := false, false
		for i := w.from + 1; i < w.to; i++ {
			if amb[i] {
				undecided = true
			} else if unicode.IsLower(runes[i]) {
				lower = true
			}
		}
		if !undecided || lower || amb[w.from] || unicode.IsLower(runes[w.from]) {
			continue
		}
		letters, allCaps := 0, true
		for o, ow := range words {
			if o != k && !amb[ow.from] {
				letters += ow.to - ow.from
				allCaps = allCaps && caps[o]
			}
		}
		if letters > 3 && allCaps {
			for i := w.from; i < w.to; i++ {
				if amb[i] {
					runes[i], amb[i], toned[i] = unicode.ToUpper(runes[i]), false, false
				}
			}
		}
	}
	for k, w := range words {
		if !toned[w.from] {
			continue
		}
		// The other words that begin with a letter whose case was not left to the font.
		others, capital, allCaps := 0, true, true
		for o, ow := range words {
			if o == k || amb[ow.from] {
				continue
			}
			others++
			if !unicode.IsUpper(runes[ow.from]) {
				capital = false
			}
			if !caps[o] {
				allCaps = false
			}
		}
		if k > 0 && (others == 0 || !capital) {
			continue
		}
		runes[w.from] = unicode.ToUpper(runes[w.from])
		if others > 0 && allCaps {
			for i := w.from; i < w.to; i++ {
				runes[i] = unicode.ToUpper(runes[i])
			}
		}
	}
}

// vniLower gives the lowercase form of a VNI byte: ASCII letters and the Latin-1 capitals whose
// lowercase is 0x20 above them.
func vniLower(c byte) (byte, bool) {
	switch {
	case c >= 'A' && c <= 'Z':
		return c + 0x20, true
	case c >= 0xC0 && c <= 0xDE && c != 0xD7:
		return c + 0x20, true
	}
	return c, false
}

// decodeVNI reads VNI Windows bytes: a base letter and, in the byte after it, its mark; a few
// letters of one byte.
func decodeVNI(b []byte) ([]rune, int) {
	runes := make([]rune, 0, len(b))
	for i := 0; i < len(b); i++ {
		base, upper := vniLower(b[i])
		if i+1 < len(b) {
			mark, _ := vniLower(b[i+1])
			if r, ok := vniPairs[[2]byte{base, mark}]; ok {
				if upper {
					r = unicode.ToUpper(r)
				}
				runes = append(runes, r)
				i++
				continue
			}
		}
		if r, ok := vniSingles[base]; ok {
			if upper {
				r = unicode.ToUpper(r)
			}
			runes = append(runes, r)
			continue
		}
		if b[i] < 0x80 || b[i] == 0xA0 {
			runes = append(runes, rune(b[i]))
			continue
		}
		return nil, i
	}
	return runes, -1
}
