package vnfont

import (
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Cell is one cell of a sheet as read: the text as stored, the text in Unicode NFC, and the
// encoding it was found in. A cell with a character that belongs to no encoding has Unknown set and
// its text as stored.
type Cell struct {
	Stored   string
	Text     string
	Encoding Encoding
	// Ambiguous is set when the cell reads as Vietnamese in more than one encoding equally well
	// and its column decided («Vâ» is «Võ» in TCVN3, but also Unicode).
	Ambiguous bool
	Unknown   *UnknownCharError
	// either is set on a Unicode cell that reads the same in a legacy encoding («Lý»): it does not
	// make a sheet mixed.
	either bool
}

// Converted reports whether the cell was kept in a legacy encoding and its text is converted.
func (c Cell) Converted() bool { return c.Encoding != Unicode && c.Unknown == nil }

// vnLetters are the letters a Unicode cell may hold: the Vietnamese alphabet with every tone, and
// ñ of the Ê Đê and Jarai scripts (their ĕ ŏ ŭ ƀ č no old font writes, so they mark Unicode).
var vnLetters = func() map[rune]bool {
	m := map[rune]bool{'đ': true, 'Đ': true, 'ñ': true, 'Ñ': true}
	for r := 'a'; r <= 'z'; r++ {
		m[r], m[unicode.ToUpper(r)] = true, true
	}
	for _, base := range "aăâeêioôơuưy" {
		for _, tone := range []string{"", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"} {
			for _, r := range norm.NFC.String(string(base) + tone) {
				m[r], m[unicode.ToUpper(r)] = true, true
			}
		}
	}
	return m
}()

// vnMark reports whether r is a combining mark of decomposed Vietnamese: the five tones and the
// circumflex, breve and horn.
func vnMark(r rune) bool {
	switch r {
	case '\u0300', '\u0301', '\u0303', '\u0309', '\u0323', '\u0302', '\u0306', '\u031B':
		return true
	}
	return false
}

// unicodeValid reports whether s can be Unicode Vietnamese: its letters are Vietnamese letters,
// precomposed or decomposed, and no sign is glued to a word the way TCVN3's letters read in
// Windows-1252 are («V¨n», «¢n»).
func unicodeValid(s string) bool {
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case r < 0x80 || vnLetters[r]:
		case vnMark(r):
			j := i - 1
			for j >= 0 && vnMark(rs[j]) {
				j--
			}
			if j < 0 || !isVowel(rs[j]) {
				return false // a tone on a consonant: «Th\u0323» is VNI's «Thò» as code page 1258 shows it
			}
		case unicode.IsLetter(r) || unicode.Is(unicode.M, r):
			return false
		case glued(rs, i):
			return false
		}
	}
	return true
}

// glued reports whether the sign at rs[i], not ASCII, stands against a word: after a letter, or
// before one at the start of a word («37°C» is not glued; «¢n» is).
func glued(rs []rune, i int) bool {
	r := rs[i]
	if r < 0x80 || unicode.IsLetter(r) || unicode.IsSpace(r) || unicode.Is(unicode.M, r) {
		return false
	}
	if r >= 0x2000 && r <= 0x206F {
		return false // typographic punctuation: «H’Hen Niê», «“Ánh”»
	}
	if i > 0 && unicode.IsLetter(rs[i-1]) {
		return true
	}
	return i+1 < len(rs) && unicode.IsLetter(rs[i+1]) && (i == 0 || !unicode.IsDigit(rs[i-1]))
}

// isASCII reports whether s is plain ASCII, the same in every encoding: no byte above 0x7F and
// none of the control bytes where TCVN 5712 puts capitals.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if _, capital := tcvn3[s[i]]; s[i] >= 0x80 || capital {
			return false
		}
	}
	return true
}

// Read reads one cell by itself. ReadColumn lets the other cells of its column decide the cells
// that read equally well in two encodings.
func Read(s string) Cell { return read(s, Unicode) }

func read(s string, hint Encoding) Cell {
	c := Cell{Stored: s, Text: s}
	if isASCII(s) {
		return c
	}
	b, bad, _ := toBytes(s)
	if bad > 0 {
		// A character no legacy font byte shows (ễ, ư from Unicode, a CJK sign): Unicode text.
		c.Text = norm.NFC.String(s)
		return c
	}
	type reading struct {
		enc   Encoding
		text  string
		score int
	}
	var rs []reading
	if unicodeValid(s) {
		t := norm.NFC.String(s)
		rs = append(rs, reading{Unicode, t, score(t)})
	}
	failAt := map[Encoding]int{}
	for _, enc := range []Encoding{TCVN3, VNI} {
		t, at := decodeBytes(b, enc)
		if at >= 0 {
			failAt[enc] = at
			continue
		}
		if len(rs) > 0 && rs[0].enc == Unicode && rs[0].text == t {
			c.either = true // the same letters either way («Lý»)
			continue
		}
		rs = append(rs, reading{enc, t, score(t)})
	}
	if len(rs) == 0 {
		enc := hint
		if enc == Unicode {
			enc = TCVN3
			if failAt[VNI] > failAt[TCVN3] {
				enc = VNI
			}
		}
		at := failAt[enc]
		c.Unknown = &UnknownCharError{Pos: at + 1, Rune: []rune(s)[at], In: enc}
		return c
	}
	best := rs[0]
	tied := false
	for _, r := range rs[1:] {
		switch {
		case r.score > best.score:
			best, tied = r, false
		case r.score == best.score:
			tied = true
			if r.enc == hint && hint != Unicode {
				best = r
			}
		}
	}
	c.Text, c.Encoding, c.Ambiguous = best.text, best.enc, tied
	return c
}

// ReadColumn reads the cells of one column. A cell that reads as Vietnamese equally well in two
// encodings takes the encoding most cells of the column were clearly found in.
func ReadColumn(cells []string) []Cell {
	out, _ := readColumn(cells, Unicode)
	return out
}

// readColumn reads a column, with the encoding of the sheet for a column that has no cell clearly
// in one (a column of numbers under a header «Sè TT»). It returns the column's own count of the
// cells clearly found in each encoding.
func readColumn(cells []string, sheet Encoding) ([]Cell, map[Encoding]int) {
	out := make([]Cell, len(cells))
	count := map[Encoding]int{}
	for i, s := range cells {
		out[i] = read(s, Unicode)
		if !out[i].Ambiguous && out[i].Unknown == nil && !out[i].either && !isASCII(s) {
			count[out[i].Encoding]++
		}
	}
	hint := majority(count)
	if hint == Unicode && count[Unicode] == 0 {
		hint = sheet
	}
	if hint == Unicode {
		return out, count
	}
	for i, s := range cells {
		if out[i].Ambiguous || out[i].Unknown != nil || out[i].either {
			out[i] = read(s, hint)
		}
	}
	return out, count
}

// majority gives the legacy encoding most cells were clearly found in, if more than in Unicode.
func majority(count map[Encoding]int) Encoding {
	hint := Unicode
	for _, enc := range []Encoding{TCVN3, VNI} {
		if count[enc] > count[hint] {
			hint = enc
		}
	}
	return hint
}
