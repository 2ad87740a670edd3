package daihoi

import (
	"fmt"
	"unicode/utf8"
)

// The longest text a person may send, in characters. A name or a title is read on a screen, a
// card or a printed page, and nothing longer belongs there: a delegate who sent 200 speaker's
// requests with titles of 900 kB each grew the server by 700 MB and every staff screen's snapshot
// to 94 MB. Comments and questions may be longer (MaxText, contributions.go).
const (
	MaxName   = 120 // a person's name, a unit (đơn vị), a sign-in name, a candidate's name
	MaxTitle  = 300 // an agenda item, a poll, a draft document or one of its sections, a speaker's contribution
	MaxReason = 500 // the reason for an absence
)

// CheckLength refuses text longer than max characters. vi and en name what the text is, as a
// sentence begins ("Tiêu đề tham luận", "The title of the contribution").
func CheckLength(text string, max int, vi, en string) error {
	n := utf8.RuneCountInString(text)
	if n <= max {
		return nil
	}
	return &Error{Code: EINVALID,
		Vi: fmt.Sprintf("%s dài quá %d ký tự (có %d ký tự).", vi, max, n),
		En: fmt.Sprintf("%s is longer than %d characters (it has %d).", en, max, n)}
}
