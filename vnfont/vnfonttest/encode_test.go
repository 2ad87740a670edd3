package vnfonttest

import (
	"testing"

	"github.com/daihoi/daihoi/vnfont"
)

func TestWrittenNamesReadBack(t *testing.T) {
	for _, name := range []string{"Nguyễn Văn Ân", "Trần Thị Ánh", "Đặng Hữu Phước", "Ngô Thị Ửng"} {
		for enc, b := range map[vnfont.Encoding][]byte{vnfont.TCVN3: TCVN3(name), vnfont.VNI: VNI(name)} {
			if c := vnfont.Read(AsExcel(b)); c.Text != name || c.Encoding != enc {
				t.Errorf("%q in %s (%q) reads %q in %s", name, enc, AsExcel(b), c.Text, c.Encoding)
			}
		}
	}
	if got := AsExcel(TCVN3("Nguyễn Văn Ân")); got != "NguyÔn V¨n ¢n" {
		t.Errorf("TCVN3 writes %q, want «NguyÔn V¨n ¢n»", got)
	}
}
