package daihoi

// Cards: a delegate's card carries the code that signs them in. The server keeps only a hash of
// it, so a code exists in clear only on the card and at the moment the card is issued.

// Begun reports whether the congress day has begun: an agenda item has been opened, even if it
// was sent back, finished or skipped since.
func (a Agenda) Begun() bool {
	for _, it := range a {
		if it.State != Pending || !it.StartedAt.IsZero() {
			return true
		}
	}
	return false
}

// PrintAllCards says whether every delegate may be given a new card at once (the card sheet the
// organisers print before the day). Printing them gives every delegate a new code and voids the
// old one, so once the first agenda item has opened, and the cards are in the delegates' hands,
// it is refused: a lost card is reissued alone.
func (a Agenda) PrintAllCards() error {
	if a.Begun() {
		return Errorf(ECONFLICT,
			"Đại hội đã bắt đầu: không in lại toàn bộ thẻ được nữa, vì thẻ mới sẽ làm mất hiệu lực các thẻ đại biểu đang cầm. Thẻ bị mất thì cấp lại từng thẻ.",
			"The congress has begun: all the cards can no longer be printed again, as new cards would void the cards the delegates hold. Reissue a lost card on its own.")
	}
	return nil
}
