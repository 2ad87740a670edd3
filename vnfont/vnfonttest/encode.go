// Package vnfonttest writes Unicode text in the old Vietnamese font encodings, as their keyboards
// did, for tests of the imports that read such text (package vnfont). Nothing in daihoi writes
// those encodings.
package vnfonttest

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/daihoi/daihoi/vnfont"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// The tables are read back from vnfont's decoder, one byte or pair at a time.
var tcvn3, vni = func() (map[rune][]byte, map[rune][]byte) {
	t, v := map[rune][]byte{}, map[rune][]byte{}
	for b := 0x01; b <= 0xFF; b++ {
		if b >= 0x20 && b < 0x80 || b >= 0xB0 && b <= 0xB4 {
			continue
		}
		// Between consonants, so that no rule of case or punctuation applies.
		if s, err := vnfont.DecodeBytes([]byte{'b', byte(b), 'n'}, vnfont.TCVN3); err == nil {
			if rs := []rune(s); len(rs) == 3 && unicode.IsLetter(rs[1]) {
				if _, had := t[rs[1]]; !had || b >= 0xA0 {
					t[rs[1]] = []byte{byte(b)}
				}
			}
		}
		if s, err := vnfont.DecodeBytes([]byte{byte(b)}, vnfont.VNI); err == nil && len([]rune(s)) == 1 {
			v[[]rune(s)[0]] = []byte{byte(b)}
		}
	}
	for _, base := range []byte("aeouyAEOUY\xd4\xf4\xd6\xf6") {
		for m := 0xC0; m <= 0xFF; m++ {
			if (base >= 'a' || base >= 0xE0) != (m >= 0xE0) {
				continue // a capital takes the capital mark
			}
			if s, err := vnfont.DecodeBytes([]byte{base, byte(m)}, vnfont.VNI); err == nil && len([]rune(s)) == 1 {
				v[[]rune(s)[0]] = []byte{base, byte(m)}
			}
		}
	}
	return t, v
}()

// TCVN3 writes s in TCVN3 as the ABC fonts kept it: a capital with a tone as the lowercase byte,
// which a .VnTimeH font shows as a capital. It panics on a character TCVN3 has not.
func TCVN3(s string) []byte {
	var out []byte
	for _, r := range norm.NFC.String(s) {
		switch b, ok := tcvn3[r]; {
		case r < 0x80:
			out = append(out, byte(r))
		case unicode.IsUpper(r) && len(tcvn3[unicode.ToLower(r)]) == 1 && tcvn3[unicode.ToLower(r)][0] >= 0xB5:
			out = append(out, tcvn3[unicode.ToLower(r)]...)
		case ok:
			out = append(out, b...)
		default:
			panic(fmt.Sprintf("vnfonttest: %q is not in TCVN3", r))
		}
	}
	return out
}

// VNI writes s in VNI Windows. It panics on a character VNI has not.
func VNI(s string) []byte {
	var out []byte
	for _, r := range norm.NFC.String(s) {
		switch b, ok := vni[r]; {
		case r < 0x80:
			out = append(out, byte(r))
		case ok:
			out = append(out, b...)
		default:
			panic(fmt.Sprintf("vnfonttest: %q is not in VNI", r))
		}
	}
	return out
}

// AsExcel gives legacy bytes as an .xlsx stores them: the characters Windows-1252 shows for them.
func AsExcel(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		r := rune(c)
		if c >= 0x80 {
			if d := charmap.Windows1252.DecodeByte(c); d != '\uFFFD' {
				r = d
			}
		}
		sb.WriteRune(r)
	}
	return sb.String()
}
