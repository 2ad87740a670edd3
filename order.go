package daihoi

import (
	"sort"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// NameParts splits a Vietnamese full name into family name (họ, the first word), middle names
// (tên đệm) and given name (tên, the last word). A one-word name is a given name only.
func NameParts(full string) (family, middle, given string) {
	w := strings.Fields(full)
	switch len(w) {
	case 0:
		return "", "", ""
	case 1:
		return "", "", w[0]
	}
	return w[0], strings.Join(w[1:len(w)-1], " "), w[len(w)-1]
}

// NameCollator compares Vietnamese names. A collator is not safe for concurrent use: make one for
// each sort.
type NameCollator struct{ c *collate.Collator }

// NewNameCollator returns a collator for Vietnamese ("Ánh" sorts with A, "Đức" after "Dũng").
func NewNameCollator() NameCollator {
	return NameCollator{collate.New(language.Vietnamese)}
}

// Compare orders two full names as docs/rules.md orders a ballot: by given name, then family name, then
// middle names.
func (n NameCollator) Compare(a, b string) int {
	af, am, ag := NameParts(a)
	bf, bm, bg := NameParts(b)
	if c := n.c.CompareString(ag, bg); c != 0 {
		return c
	}
	if c := n.c.CompareString(af, bf); c != 0 {
		return c
	}
	return n.c.CompareString(am, bm)
}

// BallotOrder returns the candidates in the order they stand on the ballot. Equal names keep the
// order the organisers entered. The argument is not changed.
func BallotOrder(candidates []Candidate) []Candidate {
	out := append([]Candidate(nil), candidates...)
	nc := NewNameCollator()
	sort.SliceStable(out, func(i, j int) bool { return nc.Compare(out[i].Name, out[j].Name) < 0 })
	return out
}

// Fold lowers a text and removes its diacritics, so that "nguyen van an" finds "Nguyễn Văn An".
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToLower(s) {
		if f, ok := foldVi[r]; ok {
			b.WriteRune(f)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var foldVi = func() map[rune]rune {
	m := map[rune]rune{}
	groups := map[rune]string{
		'a': "àáảãạăằắẳẵặâầấẩẫậ",
		'e': "èéẻẽẹêềếểễệ",
		'i': "ìíỉĩị",
		'o': "òóỏõọôồốổỗộơờớởỡợ",
		'u': "ùúủũụưừứửữự",
		'y': "ỳýỷỹỵ",
		'd': "đ",
	}
	for base, all := range groups {
		for _, r := range all {
			m[r] = base
		}
	}
	return m
}()
