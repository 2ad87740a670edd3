package vnfont

import (
	"fmt"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// The encoders below write Unicode in the legacy encodings, as the old fonts' keyboards did; they
// exist only to test the reading.

// encodeTCVN3 writes s in TCVN3. A capital with a tone is written with VN1's capital byte, or, with
// capitalFont, as the ABC fonts did: the lowercase byte, shown as a capital by a .VnTimeH font.
func encodeTCVN3(t testing.TB, s string, capitalFont bool) []byte {
	t.Helper()
	rev := map[rune]byte{}
	for b, r := range tcvn3 {
		if b >= 0xB0 && b <= 0xB4 {
			continue
		}
		rev[r] = b
	}
	var out []byte
	for _, r := range norm.NFC.String(s) {
		switch b, ok := rev[r]; {
		case r < 0x80:
			out = append(out, byte(r))
		case capitalFont && unicode.IsUpper(r) && rev[unicode.ToLower(r)] >= 0xB5:
			out = append(out, rev[unicode.ToLower(r)])
		case ok:
			out = append(out, b)
		default:
			t.Fatalf("encodeTCVN3: %q has no byte", r)
		}
	}
	return out
}

func encodeVNI(t testing.TB, s string) []byte {
	t.Helper()
	rev := map[rune][]byte{}
	for k, r := range vniPairs {
		rev[r] = []byte{k[0], k[1]}
		up := []byte{k[0] - 0x20, k[1] - 0x20}
		rev[unicode.ToUpper(r)] = up
	}
	for b, r := range vniSingles {
		rev[r] = []byte{b}
		rev[unicode.ToUpper(r)] = []byte{b - 0x20}
	}
	var out []byte
	for _, r := range norm.NFC.String(s) {
		switch b, ok := rev[r]; {
		case r < 0x80:
			out = append(out, byte(r))
		case ok:
			out = append(out, b...)
		default:
			t.Fatalf("encodeVNI: %q has no bytes", r)
		}
	}
	return out
}

// asRead1258 shows bytes as a Vietnamese Windows (code page 1258) does.
func asRead1258(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		r := charmap.Windows1258.DecodeByte(c)
		if r == '\uFFFD' {
			r = rune(c)
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

var tones = []struct{ name, mark string }{
	{"không dấu", ""}, {"huyền", "\u0300"}, {"sắc", "\u0301"}, {"hỏi", "\u0309"}, {"ngã", "\u0303"}, {"nặng", "\u0323"},
}

// vietnameseLetters lists every letter of the alphabet that carries a tone or a diacritic, with
// every tone, in both cases: 12 vowels × 6 tones × 2 cases, and đ, Đ.
func vietnameseLetters() []string {
	var out []string
	for _, base := range []string{"a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"} {
		for _, tone := range tones {
			l := norm.NFC.String(base + tone.mark)
			out = append(out, l, strings.ToUpper(l))
		}
	}
	return append(out, "đ", "Đ")
}

func TestEveryLetterWithEveryToneReadsBackInBothEncodings(t *testing.T) {
	letters := vietnameseLetters()
	if len(letters) != 146 {
		t.Fatalf("%d letters, want 146", len(letters))
	}
	for _, u := range letters {
		for _, capitalFont := range []bool{false, true} {
			tc := encodeTCVN3(t, u, capitalFont)
			if capitalFont && u != strings.ToUpper(u) {
				continue
			}
			// Each letter in a word: VN1's capitals at 0x80–0x9F are capitals only before a letter
			// (elsewhere they are Windows' punctuation), and a capital in a capital font is a
			// capital only inside a word in capitals.
			// A lowercase letter follows a consonant: a toned one that begins a cell is taken for a
			// capital of a .VnTimeH font.
			word, want := append(tc, 'n'), u+"n"
			if strings.EqualFold(u, "đ") {
				word, want = append(tc, 'a'), u+"a"
			} else if u != strings.ToUpper(u) {
				word, want = append([]byte("b"), word...), "b"+want
			}
			if capitalFont {
				word = append(append([]byte("NG"), tc...), 'N')
				want = "NG" + u + "N"
			}
			for how, s := range map[string]string{"1252": AsRead(word), "1258": asRead1258(word)} {
				got, err := Decode(s, TCVN3)
				if err != nil || got != want {
					t.Errorf("TCVN3 %q (capital font %v, as code page %s shows %q) = %q, %v; want %q", u, capitalFont, how, s, got, err, want)
				}
			}
			if got, err := DecodeBytes(word, TCVN3); err != nil || got != want {
				t.Errorf("TCVN3 bytes % x = %q, %v; want %q", word, got, err, want)
			}
		}
		next := "n"
		if strings.EqualFold(u, "đ") {
			next = "a"
		}
		vn := append(encodeVNI(t, u), next...)
		u := u + next
		for how, s := range map[string]string{"1252": AsRead(vn), "1258": asRead1258(vn)} {
			got, err := Decode(s, VNI)
			if err != nil || got != u {
				t.Errorf("VNI %q (as code page %s shows %q) = %q, %v", u, how, s, got, err)
			}
		}
		if got, err := DecodeBytes(vn, VNI); err != nil || got != u {
			t.Errorf("VNI bytes % x = %q, %v; want %q", vn, got, err, u)
		}
		if c := Read(norm.NFD.String(u)); c.Text != u || c.Encoding != Unicode {
			t.Errorf("decomposed %q reads %q in %s, want %q in Unicode", norm.NFD.String(u), c.Text, c.Encoding, u)
		}
	}
}

func TestCellsReadAsTheyWereKept(t *testing.T) {
	for _, tc := range []struct {
		why, cell, text string
		enc             Encoding
	}{
		// Examples others published: issue 23's, a TCVN3 converter's README (B¶o Th¾ng, Mêng Kh¬ng,
		// B¸t X¸t), duydev/vietnamese-conversion's README for VNI.
		{"a TCVN3 name as an .xlsx gives it", "NguyÔn V¨n ¢n", "Nguyễn Văn Ân", TCVN3},
		{"TCVN3: Bảo Thắng", "B¶o Th¾ng", "Bảo Thắng", TCVN3},
		{"TCVN3: Mường Khương", "M\u00adêng Kh\u00ad¬ng", "Mường Khương", TCVN3},
		{"TCVN3: Bát Xát", "B¸t X¸t", "Bát Xát", TCVN3},
		{"VNI: Xin chào các bạn", "Xin chaøo caùc baïn", "Xin chào các bạn", VNI},
		{"a TCVN3 name with a capital's tone from a .VnTimeH font", "Lª ¸nh", "Lê Ánh", TCVN3},
		{"a TCVN3 name in capitals (.VnTimeH)", "TRÇN THÞ HåNG", "TRẦN THỊ HỒNG", TCVN3},
		{"a TCVN3 title in capitals, a short word among them", "DANH S¸CH §¹I BIÓU Dù §¹I HéI", "DANH SÁCH ĐẠI BIỂU DỰ ĐẠI HỘI", TCVN3},
		{"a TCVN3 name with VN1's capital", "\u0192nh", "Ánh", TCVN3},
		{"TCVN3: Đào", "§µo Duy Tõ", "Đào Duy Từ", TCVN3},
		{"TCVN3: a unit", "§¶ng bé x· T©n LËp", "Đảng bộ xã Tân Lập", TCVN3},
		{"TCVN3: a toned letter that begins a cell is a capital", "ñy viªn", "Ủy viên", TCVN3},
		{"TCVN3: so is one that begins a word among capitalised words", "§¶ng ñy Ph\u00adêng 3", "Đảng Ủy Phường 3", TCVN3},
		{"a VNI name", "Nguyeãn Vaên AÂn", "Nguyễn Văn Ân", VNI},
		{"a VNI name in capitals", "TRAÀN THÒ HOÀNG", "TRẦN THỊ HỒNG", VNI},
		{"VNI: «quoác» is no Vietnamese syllable, «quốc» is", "Phan Quoác Linh", "Phan Quốc Linh", VNI},
		{"VNI: Đặng Thị Hương", "Ñaëng Thò Höông", "Đặng Thị Hương", VNI},
		{"Unicode stays", "Nguyễn Văn Ân", "Nguyễn Văn Ân", Unicode},
		{"Unicode that old fonts could show stays", "Trương Đức", "Trương Đức", Unicode},
		{"decomposed Unicode comes out precomposed", norm.NFD.String("Nguyễn Thị Ánh"), "Nguyễn Thị Ánh", Unicode},
		{"the same letters in every encoding", "Lý Thị Mai", "Lý Thị Mai", Unicode},
		{"ASCII", "Y Moan Ksor", "Y Moan Ksor", Unicode},
		{"a sign in Unicode text", "37°C", "37°C", Unicode},
		{"a typographic apostrophe in a Unicode name", "H’Hen Niê", "H’Hen Niê", Unicode},
		{"an Ê Đê name in Unicode, with ñ", "Y Ñuôn Niê", "Y Ñuôn Niê", Unicode},
		{"Unicode with quotes and a dash", "“Phường 3” – Quận 1", "“Phường 3” – Quận 1", Unicode},
	} {
		c := Read(tc.cell)
		if c.Text != tc.text || c.Encoding != tc.enc || c.Unknown != nil {
			t.Errorf("%s: %q reads %q in %s (unknown %v); want %q in %s", tc.why, tc.cell, c.Text, c.Encoding, c.Unknown, tc.text, tc.enc)
		}
	}
}

func TestACharacterOfNoEncodingIsNamedWithItsPlace(t *testing.T) {
	for _, tc := range []struct {
		cell string
		pos  int
		r    rune
	}{
		{"NguyÔn V¨n ±n", 12, '±'},
	} {
		c := Read(tc.cell)
		if c.Unknown == nil || c.Unknown.Pos != tc.pos || c.Unknown.Rune != tc.r {
			t.Errorf("%q: unknown %+v, want character %d %q", tc.cell, c.Unknown, tc.pos, tc.r)
		}
	}
}

func TestAColumnDecidesItsAmbiguousCells(t *testing.T) {
	// «Vâ» is «Võ» in TCVN3 and «Vâ» in Unicode; «Vâ» is no Vietnamese word, so it reads as TCVN3
	// by itself. «Hµ Vò» is clear; «Vò» reads as «Vũ» (TCVN3) or «Vò» (Unicode) equally well.
	col := ReadColumn([]string{"Hä vµ tªn", "Hµ Vò", "Vò", "Lª ThÞ Mai"})
	if got := col[2]; got.Text != "Vũ" || got.Encoding != TCVN3 || !got.Ambiguous {
		t.Errorf("in a TCVN3 column «Vò» reads %q in %s (ambiguous %v), want «Vũ» in TCVN3", got.Text, got.Encoding, got.Ambiguous)
	}
	col = ReadColumn([]string{"Họ và tên", "Hà Vũ", "Vò"})
	if got := col[2]; got.Text != "Vò" || got.Encoding != Unicode {
		t.Errorf("in a Unicode column «Vò» reads %q in %s, want «Vò» in Unicode", got.Text, got.Encoding)
	}
}

func TestNoCharacterHasTwoBytesInTheTwoCodePages(t *testing.T) {
	for b := 0x80; b <= 0xFF; b++ {
		for _, cm := range []*charmap.Charmap{charmap.Windows1252, charmap.Windows1258} {
			if r := cm.DecodeByte(byte(b)); r != '\uFFFD' && fromRune[r] != byte(b) {
				t.Errorf("%q is byte %#x in %v but %#x in the table", r, b, cm, fromRune[r])
			}
		}
	}
}

// A 300-delegate roll of realistic names, as the setup tests make it.
func rollNames(n int) []string {
	family := []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
		"Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Đào", "Trương", "Lương", "Mạc", "Ông", "Âu", "Ứng", "Ấu"}
	middle := []string{"Văn", "Thị", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Ngọc", "Xuân", "Thu", "Mỹ", "Kim", "Thế", "Khánh"}
	given := []string{"An", "Ân", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hằng", "Hiếu", "Hùng",
		"Hương", "Khoa", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Nghĩa", "Ngọc", "Oanh", "Phúc",
		"Phượng", "Quân", "Quỳnh", "Sơn", "Tâm", "Thảo", "Thắng", "Thủy", "Tiến", "Trang", "Trung",
		"Tuấn", "Uyên", "Vân", "Việt", "Xuân", "Yến", "Ánh", "Ẩn", "Ổn", "Ý", "Ước", "Ửng", "Ỷ", "Ẵng", "Ễnh"}
	var out []string
	for i := 0; i < n; i++ {
		out = append(out, fmt.Sprintf("%s %s %s", family[i%len(family)], middle[(i/3)%len(middle)], given[(i*7)%len(given)]))
	}
	return out
}

func TestARollRoundTripsThroughTheOldFonts(t *testing.T) {
	names := rollNames(300)
	for _, how := range []struct {
		name   string
		encode func(string) string
		enc    Encoding
	}{
		{"TCVN3 (ABC fonts, capitals from .VnTimeH)", func(s string) string { return AsRead(encodeTCVN3(t, s, true)) }, TCVN3},
		{"TCVN3 (VN1 capitals)", func(s string) string { return AsRead(encodeTCVN3(t, s, false)) }, TCVN3},
		{"TCVN3 on a Vietnamese Windows", func(s string) string { return asRead1258(encodeTCVN3(t, s, true)) }, TCVN3},
		{"VNI", func(s string) string { return AsRead(encodeVNI(t, s)) }, VNI},
		{"VNI on a Vietnamese Windows", func(s string) string { return asRead1258(encodeVNI(t, s)) }, VNI},
		{"Unicode decomposed", func(s string) string { return norm.NFD.String(s) }, Unicode},
	} {
		rows := [][]string{{"Họ và tên"}}
		for _, n := range names {
			rows = append(rows, []string{how.encode(n)})
		}
		rows[0][0] = how.encode(rows[0][0])
		sheet := ReadSheet(rows)
		if u := sheet.Unknown(); len(u) > 0 {
			t.Fatalf("%s: unknown characters %+v", how.name, u[0].Err)
		}
		text := sheet.Text()
		bad := 0
		for i, n := range names {
			c := sheet.Cells[i+1][0]
			if text[i+1][0] != n || (how.enc != Unicode && c.Encoding != how.enc && rows[i+1][0] != n) {
				if bad++; bad <= 5 {
					t.Errorf("%s: %q (stored %q) reads %q in %s", how.name, n, rows[i+1][0], text[i+1][0], c.Encoding)
				}
			}
		}
		if sheet.Mixed() {
			t.Errorf("%s: the sheet is said to be mixed", how.name)
		}
		if text[0][0] != "Họ và tên" {
			t.Errorf("%s: the header reads %q", how.name, text[0][0])
		}
	}
}

func TestAMixedSheetIsConvertedCellByCellAndSaysSo(t *testing.T) {
	sheet := ReadSheet([][]string{
		{"Họ và tên", "Đơn vị"},
		{"NguyÔn V¨n ¢n", "Phường Bến Nghé"},
		{"Trần Thị Bình", "§¶ng bé x· T©n LËp"},
	})
	want := [][]string{{"Họ và tên", "Đơn vị"}, {"Nguyễn Văn Ân", "Phường Bến Nghé"}, {"Trần Thị Bình", "Đảng bộ xã Tân Lập"}}
	if got := sheet.Text(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("text %q, want %q", got, want)
	}
	if !sheet.Mixed() || sheet.Converted() != 2 {
		t.Errorf("mixed %v, converted %d; want a mixed sheet with 2 cells converted", sheet.Mixed(), sheet.Converted())
	}
}

// A roll as a committee's office kept it: every column, in one old font. Each cell that reads well
// in two encodings («Vò» is «Vũ» in TCVN3; «Sè TT» is «Số TT») is decided by its column, or, in a
// column of numbers, by the sheet.
func TestASheetInAnOldFontReadsWhole(t *testing.T) {
	header := []string{"Số TT", "Họ và tên", "Dân tộc", "Chức vụ", "Đơn vị", "Loại đại biểu", "Ghi chú"}
	body := [][]string{
		{"1", "Vũ Văn Tú", "Kinh", "Bí thư", "Chi bộ Khu phố 1", "Chính thức", "Ghi chú"},
		{"2", "Võ Thị Ý", "Tày", "Phó Bí thư", "Đảng bộ Phường 3", "Dự khuyết", ""},
		{"3", "Rơ Mah Hơi", "Gia Rai", "Ủy viên", "Xã Tân Lập", "Đương nhiên", "Cử nhân"},
		{"4", "H'Hen Niê", "Ê Đê", "Cử nhân", "Hội Nông dân", "Khách mời", "Thạc sĩ"},
		{"5", "Lò Văn Pó", "Thái", "Chủ tịch", "Công an", "Chính thức", "Cao cấp"},
		{"6", "Trần Thị Ẩn", "Mường", "Ủy viên", "Quân sự", "Chính thức", "Trung cấp"},
		{"7", "Hồ Út", "Khơ Mú", "Đội trưởng", "Đoàn Thanh niên", "Chính thức", "Sơ cấp"},
	}
	for _, how := range []struct {
		name   string
		encode func(string) string
		enc    Encoding
	}{
		{"TCVN3", func(s string) string { return AsRead(encodeTCVN3(t, s, true)) }, TCVN3},
		{"VNI", func(s string) string { return AsRead(encodeVNI(t, s)) }, VNI},
	} {
		var rows [][]string
		for _, r := range append([][]string{header}, body...) {
			var enc []string
			for _, c := range r {
				enc = append(enc, how.encode(c))
			}
			rows = append(rows, enc)
		}
		sheet := ReadSheet(rows)
		text := sheet.Text()
		for i, r := range append([][]string{header}, body...) {
			for j, want := range r {
				if text[i][j] != want {
					c := sheet.Cells[i][j]
					t.Errorf("%s: row %d column %d: %q reads %q in %s, want %q", how.name, i+1, j+1, rows[i][j], text[i][j], c.Encoding, want)
				}
			}
		}
		if sheet.Mixed() || fmt.Sprint(sheet.Encodings()) != fmt.Sprint([]Encoding{how.enc}) {
			t.Errorf("%s: mixed %v, encodings %v", how.name, sheet.Mixed(), sheet.Encodings())
		}
	}
}

// BenchmarkReadSheet reads a 300-delegate roll of seven columns in TCVN3, as an import does on
// every preview.
func BenchmarkReadSheet(b *testing.B) {
	var rows [][]string
	for i, n := range rollNames(300) {
		rows = append(rows, []string{fmt.Sprint(i + 1), AsRead(encodeTCVN3(b, n, true)), "1975", AsRead(encodeTCVN3(b, "Nữ", true)),
			"Kinh", AsRead(encodeTCVN3(b, "Đảng bộ xã Tân Lập", true)), AsRead(encodeTCVN3(b, "Chính thức", true))})
	}
	b.ResetTimer()
	for range b.N {
		ReadSheet(rows)
	}
}

// FuzzRead: any cell reads without panicking, into NFC, and a cell already in NFC Unicode
// Vietnamese that no old font could have written stays as it is.
func FuzzRead(f *testing.F) {
	for _, s := range []string{"NguyÔn V¨n ¢n", "Nguyeãn Vaên AÂn", "Nguyễn Văn Ân", norm.NFD.String("Nguyễn"), "\x01nh", "ƒnh", "±", "Th\u0323", "", "37°C"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := Read(s)
		if c.Unknown == nil && !norm.NFC.IsNormalString(c.Text) {
			t.Errorf("%q reads %q, not NFC", s, c.Text)
		}
		if c.Unknown != nil && (c.Unknown.Pos < 1 || c.Unknown.Pos > len([]rune(s))) {
			t.Errorf("%q: unknown character at %d", s, c.Unknown.Pos)
		}
		ReadSheet([][]string{{s, s}, {s}})
	})
}
