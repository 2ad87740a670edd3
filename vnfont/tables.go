// Package vnfont reads Vietnamese text kept in the legacy 8-bit font encodings of the 1990s and
// 2000s — TCVN3 (ABC, the .VnTime/.VnArial fonts, TCVN 5712:1993) and VNI Windows (VNI-Times) —
// and turns it into Unicode NFC, as it reads Unicode text typed decomposed (NFD, from Mac and web
// exports). It is pure: it reads strings and bytes and knows nothing of spreadsheets.
//
// Legacy text reaches a program in two ways: as the raw bytes of a file that is not UTF-8 (a CSV
// saved by an old Excel), or — from an .xlsx — as the characters Windows' ANSI code page
// (Windows-1252, or Windows-1258 on a Vietnamese Windows) made of those bytes: «Nguyễn Văn Ân» in
// TCVN3 arrives as «NguyÔn V¨n ¢n». Both are read: strings are first turned back into the bytes
// the font saw.
package vnfont

import "golang.org/x/text/encoding/charmap"

// Encoding names how a cell's text was kept.
type Encoding uint8

const (
	// Unicode is text already in Unicode (precomposed or decomposed), or plain ASCII.
	Unicode Encoding = iota
	// TCVN3 is the ABC encoding of TCVN 5712:1993 (fonts .VnTime, .VnArial, and their capital
	// forms .VnTimeH, .VnArialH).
	TCVN3
	// VNI is the VNI Windows encoding (fonts VNI-Times, VNI-Helve...): a letter and, in the byte
	// after it, its tone or diacritic.
	VNI
)

func (e Encoding) String() string {
	switch e {
	case TCVN3:
		return "TCVN3"
	case VNI:
		return "VNI"
	}
	return "Unicode"
}

// tcvn3 maps each byte of TCVN 5712:1993 to its Unicode letter. The table is the standard's VN1
// table as glibc ships it (localedata/charmaps/TCVN5712-1, aliases TCVN, TCVN-5712,
// TCVN5712-1:1993; the same as libX11 lcUniConv/tcvn.h). The ABC fonts (VN3) use its lowercase
// letters at 0xA8–0xFE and the seven capitals Ă Â Ê Ô Ơ Ư Đ at 0xA1–0xA7; a capital with a tone
// is written in VN3 with the lowercase byte in a capital font (.VnTimeH), which decode restores
// from the word's case (see caseFromContext). VN1's own capitals — in the C0 range, at 0x80–0x9F
// and in the gaps of 0xA0–0xFF — are read too, so that text typed with a "TCVN3 full" keyboard
// (xvnkb, Vietkey) comes out right. 0xB0–0xB4 are VN1's combining tone marks. Every entry was
// checked byte for byte against glibc's iconv (-f TCVN5712-1).
var tcvn3 = map[byte]rune{
	0x01: 'Ú', 0x02: 'Ụ', 0x04: 'Ừ', 0x05: 'Ử', 0x06: 'Ữ',
	0x11: 'Ứ', 0x12: 'Ự', 0x13: 'Ỳ', 0x14: 'Ỷ', 0x15: 'Ỹ', 0x16: 'Ý', 0x17: 'Ỵ',

	0x80: 'À', 0x81: 'Ả', 0x82: 'Ã', 0x83: 'Á', 0x84: 'Ạ', 0x85: 'Ặ', 0x86: 'Ậ', 0x87: 'È',
	0x88: 'Ẻ', 0x89: 'Ẽ', 0x8A: 'É', 0x8B: 'Ẹ', 0x8C: 'Ệ', 0x8D: 'Ì', 0x8E: 'Ỉ', 0x8F: 'Ĩ',
	0x90: 'Í', 0x91: 'Ị', 0x92: 'Ò', 0x93: 'Ỏ', 0x94: 'Õ', 0x95: 'Ó', 0x96: 'Ọ', 0x97: 'Ộ',
	0x98: 'Ờ', 0x99: 'Ở', 0x9A: 'Ỡ', 0x9B: 'Ớ', 0x9C: 'Ợ', 0x9D: 'Ù', 0x9E: 'Ủ', 0x9F: 'Ũ',

	0xA1: 'Ă', 0xA2: 'Â', 0xA3: 'Ê', 0xA4: 'Ô', 0xA5: 'Ơ', 0xA6: 'Ư', 0xA7: 'Đ',
	0xA8: 'ă', 0xA9: 'â', 0xAA: 'ê', 0xAB: 'ô', 0xAC: 'ơ', 0xAD: 'ư', 0xAE: 'đ', 0xAF: 'Ằ',
	0xB0: '\u0300', 0xB1: '\u0309', 0xB2: '\u0303', 0xB3: '\u0301', 0xB4: '\u0323',
	0xB5: 'à', 0xB6: 'ả', 0xB7: 'ã', 0xB8: 'á', 0xB9: 'ạ', 0xBA: 'Ẳ', 0xBB: 'ằ', 0xBC: 'ẳ',
	0xBD: 'ẵ', 0xBE: 'ắ', 0xBF: 'Ẵ',
	0xC0: 'Ắ', 0xC1: 'Ầ', 0xC2: 'Ẩ', 0xC3: 'Ẫ', 0xC4: 'Ấ', 0xC5: 'Ề', 0xC6: 'ặ', 0xC7: 'ầ',
	0xC8: 'ẩ', 0xC9: 'ẫ', 0xCA: 'ấ', 0xCB: 'ậ', 0xCC: 'è', 0xCD: 'Ể', 0xCE: 'ẻ', 0xCF: 'ẽ',
	0xD0: 'é', 0xD1: 'ẹ', 0xD2: 'ề', 0xD3: 'ể', 0xD4: 'ễ', 0xD5: 'ế', 0xD6: 'ệ', 0xD7: 'ì',
	0xD8: 'ỉ', 0xD9: 'Ễ', 0xDA: 'Ế', 0xDB: 'Ồ', 0xDC: 'ĩ', 0xDD: 'í', 0xDE: 'ị', 0xDF: 'ò',
	0xE0: 'Ổ', 0xE1: 'ỏ', 0xE2: 'õ', 0xE3: 'ó', 0xE4: 'ọ', 0xE5: 'ồ', 0xE6: 'ổ', 0xE7: 'ỗ',
	0xE8: 'ố', 0xE9: 'ộ', 0xEA: 'ờ', 0xEB: 'ở', 0xEC: 'ỡ', 0xED: 'ớ', 0xEE: 'ợ', 0xEF: 'ù',
	0xF0: 'Ỗ', 0xF1: 'ủ', 0xF2: 'ũ', 0xF3: 'ú', 0xF4: 'ụ', 0xF5: 'ừ', 0xF6: 'ử', 0xF7: 'ữ',
	0xF8: 'ứ', 0xF9: 'ự', 0xFA: 'ỳ', 0xFB: 'ỷ', 0xFC: 'ỹ', 0xFD: 'ý', 0xFE: 'ỵ', 0xFF: 'Ố',
}

// VNI Windows marks, the byte after a base letter. The table is the one of UniKey's converter
// (VnConv, Pham Kim Long; unikey/data.cpp, DoubleByteTables "VNI-WIN", as in fcitx5-unikey),
// which agrees with xvnkb's vni.h (Dao Hai Lam): a word's low byte is the base letter, its high
// byte the mark. Capital letters take the capital form of the mark (0xD9 for 0xF9 ...).
const (
	vniAcute = 0xF9 // sắc
	vniGrave = 0xF8 // huyền
	vniHook  = 0xFB // hỏi
	vniTilde = 0xF5 // ngã
	vniDot   = 0xEF // nặng
)

// vniPairs maps a base letter and the lowercase form of the byte after it to the letter they make.
// Capitals are derived from it (base upper-cased, mark byte minus 0x20).
var vniPairs = map[[2]byte]rune{
	{'a', vniAcute}: 'á', {'a', vniGrave}: 'à', {'a', vniHook}: 'ả', {'a', vniTilde}: 'ã', {'a', vniDot}: 'ạ',
	{'a', 0xE2}: 'â', {'a', 0xE1}: 'ấ', {'a', 0xE0}: 'ầ', {'a', 0xE5}: 'ẩ', {'a', 0xE3}: 'ẫ', {'a', 0xE4}: 'ậ',
	{'a', 0xEA}: 'ă', {'a', 0xE9}: 'ắ', {'a', 0xE8}: 'ằ', {'a', 0xFA}: 'ẳ', {'a', 0xFC}: 'ẵ', {'a', 0xEB}: 'ặ',
	{'e', vniAcute}: 'é', {'e', vniGrave}: 'è', {'e', vniHook}: 'ẻ', {'e', vniTilde}: 'ẽ', {'e', vniDot}: 'ẹ',
	{'e', 0xE2}: 'ê', {'e', 0xE1}: 'ế', {'e', 0xE0}: 'ề', {'e', 0xE5}: 'ể', {'e', 0xE3}: 'ễ', {'e', 0xE4}: 'ệ',
	{'o', vniAcute}: 'ó', {'o', vniGrave}: 'ò', {'o', vniHook}: 'ỏ', {'o', vniTilde}: 'õ', {'o', vniDot}: 'ọ',
	{'o', 0xE2}: 'ô', {'o', 0xE1}: 'ố', {'o', 0xE0}: 'ồ', {'o', 0xE5}: 'ổ', {'o', 0xE3}: 'ỗ', {'o', 0xE4}: 'ộ',
	{0xF4, vniAcute}: 'ớ', {0xF4, vniGrave}: 'ờ', {0xF4, vniHook}: 'ở', {0xF4, vniTilde}: 'ỡ', {0xF4, vniDot}: 'ợ',
	{'u', vniAcute}: 'ú', {'u', vniGrave}: 'ù', {'u', vniHook}: 'ủ', {'u', vniTilde}: 'ũ', {'u', vniDot}: 'ụ',
	{0xF6, vniAcute}: 'ứ', {0xF6, vniGrave}: 'ừ', {0xF6, vniHook}: 'ử', {0xF6, vniTilde}: 'ữ', {0xF6, vniDot}: 'ự',
	{'y', vniAcute}: 'ý', {'y', vniGrave}: 'ỳ', {'y', vniHook}: 'ỷ', {'y', vniTilde}: 'ỹ',
}

// vniSingles are VNI's letters of one byte: ơ, ư, đ, the toned i, and ỵ.
var vniSingles = map[byte]rune{
	0xF4: 'ơ', 0xF6: 'ư', 0xF1: 'đ',
	0xED: 'í', 0xEC: 'ì', 0xE6: 'ỉ', 0xF3: 'ĩ', 0xF2: 'ị', 0xEE: 'ỵ',
}

// fromRune turns a character as Windows showed a legacy byte back into that byte. Excel on an
// English or Western Windows reads the font's bytes as Windows-1252, on a Vietnamese Windows as
// Windows-1258; bytes that a code page leaves undefined arrive as the C1 control of the same
// number. No character has a different byte in the two code pages, so one table serves both.
var fromRune = func() map[rune]byte {
	m := map[rune]byte{}
	for b := 0x80; b <= 0xFF; b++ {
		m[rune(b)] = byte(b) // Latin-1 and the C1 controls
	}
	for _, cm := range []*charmap.Charmap{charmap.Windows1258, charmap.Windows1252} {
		for b := 0x80; b <= 0xFF; b++ {
			if r := cm.DecodeByte(byte(b)); r != '\uFFFD' {
				m[r] = byte(b)
			}
		}
	}
	return m
}()

// cp1252 is how Windows-1252 shows a byte: the form tests write legacy cells in, and the one
// AsRead gives raw bytes.
func cp1252(b byte) rune {
	if b < 0x80 {
		return rune(b)
	}
	if r := charmap.Windows1252.DecodeByte(b); r != '\uFFFD' {
		return r
	}
	return rune(b)
}
