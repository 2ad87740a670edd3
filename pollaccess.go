package daihoi

// Who may see what of a poll, and what a delegate is told when a tablet ballot is refused.

// Staff reports whether the role runs the congress (organisers, presidium, secretariat, tellers)
// rather than taking part in it or watching.
func (r Role) Staff() bool {
	switch r {
	case Organiser, Presidium, Secretariat, Teller:
		return true
	}
	return false
}

// ResultVisibleTo reports whether the role may see the poll's result: the tellers once the poll is
// closed, the staff once the tellers have confirmed it, everyone once it is published.
func (p Poll) ResultVisibleTo(r Role) bool {
	switch p.State {
	case Published:
		return true
	case Counted:
		return r.Staff()
	case Closed:
		return r == Teller
	}
	return false
}

// BallotsVisibleTo refuses the ballots of a closed poll (its record, the entry log) to a role that
// may not see its result yet: the ballots are the result.
func (p Poll) BallotsVisibleTo(r Role) error {
	if !p.ResultVisibleTo(r) && p.State != Draft && p.State != Open {
		return Errorf(EFORBIDDEN, "Chỉ xem các phiếu sau khi Ban kiểm phiếu đã xác nhận kết quả.", "The ballots are shown once the tellers have confirmed the result.")
	}
	return nil
}

// MinutesVisibleTo refuses the minutes of a poll (biên bản kiểm phiếu) before there is a count the
// role may see.
func (p Poll) MinutesVisibleTo(r Role) error {
	if p.Result == nil || !p.ResultVisibleTo(r) {
		return Errorf(ECONFLICT, "Chưa có kết quả kiểm phiếu để lập biên bản.", "There is no count to write the minutes of yet.")
	}
	return nil
}

// Ended refuses what exists only once the vote is over: the record, the named choices, the receipts.
func (p Poll) Ended() error {
	if p.State == Draft || p.State == Open {
		return Errorf(ECONFLICT, "Cuộc bỏ phiếu chưa kết thúc.", "The poll has not closed yet.")
	}
	return nil
}

// NamedChoicesVisible refuses who chose what except on an open vote on tablets (named), after it ends.
func (p Poll) NamedChoicesVisible() error {
	if err := p.Ended(); err != nil {
		return err
	}
	if p.Mode != Named {
		return Errorf(EFORBIDDEN, "Đây là bỏ phiếu kín: không ai được biết ai chọn gì.", "This is a secret ballot: nobody may know who chose what.")
	}
	return nil
}

// ReceiptsVisible refuses the list of receipt codes until the result is published with it.
func (p Poll) ReceiptsVisible() error {
	if err := p.Ended(); err != nil {
		return err
	}
	if p.State != Published {
		return Errorf(ECONFLICT, "Danh sách mã phiếu được công bố cùng kết quả.", "The receipts are published with the result.")
	}
	return nil
}

// ErrNoCounts is the record of a show of hands whose figures are not entered yet.
var ErrNoCounts = Errorf(ECONFLICT, "Chưa nhập kết quả giơ tay.", "The show-of-hands counts are not entered yet.")

// What a tablet is told when its ballot is not taken. They are values, not built for each ballot:
// a hall of tablets retrying at once is answered without work.
var (
	// ErrBallotID: the tablet makes a random id for each ballot, kept across its retries.
	ErrBallotID = Errorf(EINVALID, "Mã phiếu không hợp lệ (cần một UUID ngẫu nhiên).", "The ballot id is not valid (a random UUID is needed).")
	// ErrVoted: a cast ballot cannot be changed, perhaps cast just before the poll closed.
	ErrVoted = Errorf(ECONFLICT, "Phiếu của đồng chí đã được ghi nhận; phiếu đã bỏ không thay đổi được.", "Your ballot has been recorded; a cast ballot cannot be changed.")
	// ErrNotTaking: the poll is not open, or not for tablets.
	ErrNotTaking = Errorf(ECONFLICT, "Cuộc bỏ phiếu này không nhận phiếu trên máy tính bảng lúc này.", "This poll does not take tablet ballots now.")
)
