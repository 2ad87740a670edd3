package vnfont

import (
	"slices"
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

// toned splits a lowercase word into its letters without tone and the place of its tone marks.
func toned(w string) (letters []rune, tone []rune) {
	for _, r := range norm.NFC.String(w) {
		d := []rune(norm.NFD.String(string(r)))
		t := rune(0)
		kept := d[:0]
		for _, m := range d {
			switch m {
			case '\u0300', '\u0301', '\u0303', '\u0309', '\u0323':
				t = m
				continue
			}
			kept = append(kept, m)
		}
		letters = append(letters, []rune(norm.NFC.String(string(kept)))...)
		tone = append(tone, t)
	}
	return letters, tone
}

func toneMark(t rune) bool { return t != 0 }

var stopFinals = map[string]bool{"c": true, "ch": true, "p": true, "t": true}

// needFinal are the vowel groups that never end a syllable.
var needFinal = map[string]bool{"ă": true, "â": true, "iê": true, "yê": true, "uô": true, "ươ": true,
	"oă": true, "uâ": true, "uyê": true}

// isSyllable reports whether w reads as one Vietnamese syllable: an onset, a vowel group and a
// final that go together, and at most one tone, on the vowel that carries it («lẽo», not «leõ»;
// «hoà» and «hòa» both).
func isSyllable(w string) bool {
	letters, tone := toned(strings.ToLower(w))
	plain := string(letters)
	for _, on := range onsets {
		if !strings.HasPrefix(plain, on) {
			continue
		}
		n := len([]rune(on))
		rs, ts := letters[n:], tone[n:]
		if slices.ContainsFunc(tone[:n], toneMark) {
			continue
		}
		i := 0
		for i < len(rs) && strings.ContainsRune("aăâeêioôơuưy", rs[i]) {
			i++
		}
		group, final := string(rs[:i]), string(rs[i:])
		if i == 0 || !vowelGroups[group] || !finals[final] || slices.ContainsFunc(ts[i:], toneMark) {
			continue
		}
		if stopFinals[final] && !slices.ContainsFunc(ts[:i], func(t rune) bool { return t == '\u0301' || t == '\u0323' }) {
			continue // after p, t, c, ch only sắc or nặng
		}
		if final == "" && needFinal[group] {
			continue
		}
		if on == "qu" && (rs[0] == 'o' || rs[0] == 'u') {
			continue // qu has its glide: «quốc», never «quoác»
		}
		if final != "" && i >= 2 && strings.ContainsRune("ioyu", rs[i-1]) && group != "uy" {
			continue // a group ending in a glide takes no final
		}
		if tonePlaceOK(rs[:i], ts[:i], final != "") {
			return true
		}
	}
	return false
}

// tonePlaceOK reports whether the tone, if any, sits on the vowel of the group that carries it.
func tonePlaceOK(group []rune, tone []rune, hasFinal bool) bool {
	at, n := -1, 0
	for i, t := range tone {
		if t != 0 {
			at, n = i, n+1
		}
	}
	if n == 0 {
		return true
	}
	if n > 1 {
		return false
	}
	g := string(group)
	switch {
	case len(group) == 1:
		return at == 0
	case strings.Contains(g, "ươ"):
		return group[at] == 'ơ'
	case strings.ContainsAny(g, "ăâêôơư"):
		last := -1
		for i, r := range group {
			if strings.ContainsRune("ăâêôơư", r) {
				last = i
			}
		}
		return at == last
	case len(group) == 3:
		return at == 1
	case hasFinal:
		return at == 1
	case g == "oa" || g == "oe" || g == "uy":
		return true // hòa and hoà, thủy and thuỷ
	}
	return at == 0
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
