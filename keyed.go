package daihoi

// KeyedEntry is what a teller's text for one paper ballot reads as (ParseKeyed), in the terms of the
// keying screen, which shows it while the teller types: the ballot's form, the names left standing
// by their number on the ballot, a two-column ballot's digit per name, a motion's digit, the flags
// by their letters, and why the count would find the ballot invalid. A text that is no ballot has
// Error instead, in both languages, as the server would refuse it.
type KeyedEntry struct {
	Form    BallotForm `json:"form,omitempty"`
	Text    string     `json:"text,omitempty"`    // the text in canonical form (KeyedText)
	Kept    []int      `json:"kept,omitempty"`    // strike-out: the numbers of the names left standing, ascending
	Marks   string     `json:"marks,omitempty"`   // two columns: 1 agree, 2 disagree, 3 both, 0 none, by ballot order
	Choice  string     `json:"choice,omitempty"`  // motion: 1 for, 2 against, 3 abstain
	Flags   []string   `json:"flags,omitempty"`   // the teller flags by their keys (FlagKey)
	Invalid string     `json:"invalid,omitempty"` // the reason the count finds the ballot invalid: a flag, over_seats, all_struck
	Error   *ErrorBody `json:"error,omitempty"`
}

// BallotForm is the form of a poll's ballot.
type BallotForm string

const (
	StrikeOutForm BallotForm = "strike_out" // an election with a surplus: names struck out
	TwoColumnForm BallotForm = "two_column" // an election with no surplus: Đồng ý / Không đồng ý per name
	MotionForm    BallotForm = "motion"     // Tán thành / Không tán thành (/ Không biểu quyết)
)

// Form returns the form of the poll's ballot.
func (p Poll) Form() BallotForm {
	switch {
	case p.Kind == Motion:
		return MotionForm
	case p.TwoColumn():
		return TwoColumnForm
	}
	return StrikeOutForm
}

// ReadKeyed reads what a teller typed for one paper ballot of poll p: ParseKeyed, told in the
// keying screen's terms. The screen asks for it as the teller types, so that the rules of the
// notation and of validity are the server's alone.
func ReadKeyed(p Poll, text string) KeyedEntry {
	b, err := ParseKeyed(p, text)
	if err != nil {
		vi, en := ErrorMessages(err)
		return KeyedEntry{Error: &ErrorBody{Code: ErrorCode(err), Message: vi, MessageEn: en}}
	}
	e := KeyedEntry{Form: p.Form(), Text: KeyedText(p, b)}
	for _, f := range b.Flags {
		e.Flags = append(e.Flags, FlagKey(f))
	}
	order := BallotOrder(p.Candidates)
	switch e.Form {
	case MotionForm:
		e.Choice = map[Choice]string{For: "1", Against: "2", Abstain: "3"}[b.Choice]
	case TwoColumnForm:
		if b.Marks != nil {
			digits := make([]byte, len(order))
			for i, c := range order {
				digits[i] = map[Mark]byte{Agree: '1', Disagree: '2', Both: '3'}[b.Marks[c.ID]]
				if digits[i] == 0 {
					digits[i] = '0'
				}
			}
			e.Marks = string(digits)
		}
	default:
		kept := make(map[string]bool, len(b.Kept))
		for _, id := range b.Kept {
			kept[id] = true
		}
		e.Kept = []int{}
		for i, c := range order {
			if kept[c.ID] {
				e.Kept = append(e.Kept, i+1)
			}
		}
	}
	e.Invalid = invalidReason(p.TallyInput(nil, nil), b, len(b.votesFor()))
	return e
}
