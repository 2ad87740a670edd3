package daihoi_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/daihoi/daihoi"
)

func TestBallotOrder(t *testing.T) {
	tests := []struct {
		name    string
		entered []string // full names; the ids are n1, n2, … in this order
		want    []string // the full names in ballot order
	}{
		{"Ân sorts after Anh and Ánh",
			[]string{"Lê Văn Ân", "Lê Văn Ánh", "Lê Văn Anh"},
			[]string{"Lê Văn Anh", "Lê Văn Ánh", "Lê Văn Ân"}},
		{"Ánh sorts with A, before B",
			[]string{"Lê Thị Bình", "Lê Thị Ánh"},
			[]string{"Lê Thị Ánh", "Lê Thị Bình"}},
		{"Đức after Dũng",
			[]string{"Trần Văn Đức", "Trần Văn Dũng"},
			[]string{"Trần Văn Dũng", "Trần Văn Đức"}},
		{"Đức before Em",
			[]string{"Trần Văn Em", "Trần Văn Đức"},
			[]string{"Trần Văn Đức", "Trần Văn Em"}},
		{"Ơn after Ổn after On",
			[]string{"Hà Văn Ơn", "Hà Văn Ổn", "Hà Văn On"},
			[]string{"Hà Văn On", "Hà Văn Ổn", "Hà Văn Ơn"}},
		{"Thư after Thu",
			[]string{"Lê Minh Thư", "Lê Minh Thu"},
			[]string{"Lê Minh Thu", "Lê Minh Thư"}},
		{"order by given name first, whatever the family name",
			[]string{"Nguyễn Văn Bình", "Trần Thị An"},
			[]string{"Trần Thị An", "Nguyễn Văn Bình"}},
		{"then by family name, before the middle names",
			[]string{"Trần Thị An", "Nguyễn Văn An"},
			[]string{"Nguyễn Văn An", "Trần Thị An"}},
		{"then by middle names",
			[]string{"Nguyễn Văn An", "Nguyễn Thị An"},
			[]string{"Nguyễn Thị An", "Nguyễn Văn An"}},
		{"no middle name sorts before a middle name",
			[]string{"Nguyễn Văn An", "Nguyễn An"},
			[]string{"Nguyễn An", "Nguyễn Văn An"}},
		{"a one-word name is a given name",
			[]string{"Bình", "Nguyễn An"},
			[]string{"Nguyễn An", "Bình"}},
		{"the names of the tally tests are in ballot order", names, names},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var in []daihoi.Candidate
			for _, n := range tt.entered {
				in = append(in, daihoi.Candidate{ID: n, Name: n})
			}
			var got []string
			for _, c := range daihoi.BallotOrder(in) {
				got = append(got, c.Name)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestBallotOrderKeepsEqualNamesAsEntered(t *testing.T) {
	// Enough namesakes that an unstable sort would show.
	var in []daihoi.Candidate
	var want []string
	for i := range 30 {
		name := "Nguyễn Văn An"
		if i%3 == 1 {
			name = "Nguyễn  Văn   An" // white space does not make a name different
		}
		in = append(in, daihoi.Candidate{ID: fmt.Sprintf("x%02d", 30-i), Name: name})
		want = append(want, fmt.Sprintf("x%02d", 30-i))
		if i%5 == 0 {
			in = append(in, daihoi.Candidate{ID: fmt.Sprintf("b%d", i), Name: "Lê Thị Bình"})
		}
	}
	for i := 0; i < 30; i += 5 {
		want = append(want, fmt.Sprintf("b%d", i))
	}
	before := slices.Clone(in)
	var got []string
	for _, c := range daihoi.BallotOrder(in) {
		got = append(got, c.ID)
	}
	if !slices.Equal(got, want) {
		t.Errorf("equal names keep the order entered:\ngot  %v\nwant %v", got, want)
	}
	if !slices.Equal(in, before) {
		t.Errorf("BallotOrder changed its argument: %v", in)
	}
}

func TestTallyShowsBallotOrder(t *testing.T) {
	cands := []daihoi.Candidate{{ID: "d", Name: "Trần Văn Đức"}, {ID: "a", Name: "Lê Văn Ân"}, {ID: "u", Name: "Trần Văn Dũng"}, {ID: "n", Name: "Lê Văn Anh"}}
	r := election(t, defaults(t), 2, 5, cands, keep(3, "d", "a"))
	if want := []string{"n", "a", "u", "d"}; !slices.Equal(r.Order, want) {
		t.Errorf("order: got %v, want %v", r.Order, want)
	}
}

func TestNameParts(t *testing.T) {
	tests := []struct{ full, family, middle, given string }{
		{"Nguyễn Văn An", "Nguyễn", "Văn", "An"},
		{"Tôn Nữ Thị Ninh", "Tôn", "Nữ Thị", "Ninh"},
		{"Nguyễn An", "Nguyễn", "", "An"},
		{"An", "", "", "An"},
		{"  Lê   Thị  Bình ", "Lê", "Thị", "Bình"},
		{"", "", "", ""},
	}
	for _, tt := range tests {
		f, m, g := daihoi.NameParts(tt.full)
		if f != tt.family || m != tt.middle || g != tt.given {
			t.Errorf("NameParts(%q) = %q, %q, %q; want %q, %q, %q", tt.full, f, m, g, tt.family, tt.middle, tt.given)
		}
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Nguyễn Văn An", "nguyen van an"},
		{"ĐẶNG THỊ LAN", "dang thi lan"},
		{"Trịnh Văn Sơn", "trinh van son"},
		{"Ưng Hoàng Phúc", "ung hoang phuc"},
	}
	for _, tt := range tests {
		if got := daihoi.Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
