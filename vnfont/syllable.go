package vnfont

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The readings of a cell are weighed by how much of them reads as Vietnamese: a word is a
// syllable (an onset, a vowel group and a final) written in one case pattern (lower, Title or
// CAPITALS). «NguyÔn» read as Unicode has a capital inside a word; «Nguyễn» read from TCVN3 has
// none. Names of minority peoples (Ksor, H'Hen) score the same in every reading, so they do not
// tip the balance.

var onsets = []string{"ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu",
	"b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", ""}

var vowelGroups = func() map[string]bool {
	m := map[string]bool{}
	for _, g := range strings.Fields(`a ă â e ê i y o ô ơ u ư
		ai ao au ay âu ây eo êu ia iu iê yê oa oă oe oi ôi ơi ua uâ uê ui uy uơ uô ươ ưa ưi ưu
		oai oao oay oeo uây uôi uya uyê uyu ươi ươu iêu yêu uyê`) {
		m[g] = true
	}
	return m
}()

var finals = map[string]bool{"": true, "c": true, "ch": true, "m": true, "n": true, "ng": true,
	"nh": true, "p": true, "t": true}

// toneless takes the tone off every letter of a lowercase word, keeping ă â ê ô ơ ư.
func toneless(w string) string {
	d := []rune(norm.NFD.String(w))
	out := d[:0]
	for _, r := range d {
		switch r {
		case '\u0300', '\u0301', '\u0303', '\u0309', '\u0323':
			continue
		}
		out = append(out, r)
	}
	return norm.NFC.String(string(out))
}

func isSyllable(w string) bool {
	w = toneless(strings.ToLower(w))
	for _, on := range onsets {
		rest, ok := strings.CutPrefix(w, on)
		if !ok {
			continue
		}
		i := 0
		rs := []rune(rest)
		for i < len(rs) && strings.ContainsRune("aăâeêioôơuưy", rs[i]) {
			i++
		}
		if i > 0 && vowelGroups[string(rs[:i])] && finals[string(rs[i:])] {
			return true
		}
	}
	return false
}

// casePattern reports whether a word is in lowercase, Title case or capitals.
func casePattern(w []rune) bool {
	lower, upper := 0, 0
	for _, r := range w {
		if unicode.IsUpper(r) {
			upper++
		} else if unicode.IsLower(r) {
			lower++
		}
	}
	return lower == 0 || upper == 0 || upper == 1 && unicode.IsUpper(w[0])
}

// score weighs a reading: one for each word that reads as Vietnamese, minus one for each that
// does not and for each sign glued to a letter that is neither a letter nor ASCII («V¨n»).
func score(s string) int {
	rs := []rune(s)
	n := 0
	for i := 0; i < len(rs); {
		if !unicode.IsLetter(rs[i]) {
			if glued(rs, i) {
				n--
			}
			i++
			continue
		}
		j := i
		for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.Is(unicode.Mn, rs[j])) {
			j++
		}
		w := norm.NFC.String(string(rs[i:j]))
		if casePattern([]rune(w)) && isSyllable(w) {
			n++
		} else {
			n--
		}
		i = j
	}
	return n
}
