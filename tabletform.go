package daihoi

// TabletForm is what an open poll's tablet ballots are checked against, fixed when it opens: its
// checker, and the form of its ballot (a motion, a strike-out list or two columns).
type TabletForm struct {
	check      BallotChecker
	kind       PollKind
	seats      int
	twoColumn  bool
	candidates []Candidate
}

// NewTabletForm is the form of p's tablet ballots.
func NewTabletForm(p Poll) TabletForm {
	return TabletForm{check: NewBallotChecker(p.Kind, p.Settings, p.Candidates), kind: p.Kind, seats: p.Seats,
		twoColumn: p.TwoColumn(), candidates: p.Candidates}
}

// Normal checks a tablet ballot and writes it in one form only, so that the way a ballot is
// filled in cannot mark it: kept names in ballot-list order (by id), and on a two-column ballot a
// mark for every name. Keeping more names than seats is refused with a message saying what to do.
func (k TabletForm) Normal(in BallotRequest) (Ballot, error) {
	b := Ballot{Choice: in.Choice, Kept: in.Kept, Marks: in.Marks}
	kept, err := k.check.CheckInOrder(b)
	if err != nil {
		return b, err
	}
	if k.kind == Motion {
		if b.Choice == "" {
			return b, Errorf(EINVALID, "Xin chọn Tán thành hoặc Không tán thành.", "Please choose for or against.")
		}
		return Ballot{Choice: b.Choice}, nil
	}
	if k.twoColumn {
		if b.Kept != nil {
			return b, Errorf(EINVALID, "Danh sách không có số dư: xin đánh dấu Đồng ý hoặc Không đồng ý cho từng người.", "The list has no surplus: please mark agree or disagree for each name.")
		}
		marks := make(map[string]Mark, len(k.candidates))
		for _, c := range k.candidates {
			marks[c.ID] = NoMark
			if m, ok := b.Marks[c.ID]; ok {
				marks[c.ID] = m
			}
		}
		return Ballot{Marks: marks}, nil
	}
	if b.Marks != nil {
		return b, Errorf(EINVALID, "Phiếu bầu này là phiếu gạch tên, không có cột Đồng ý / Không đồng ý.", "This ballot is a strike-out ballot, with no agree / disagree columns.")
	}
	if n := len(b.Kept); n > k.seats {
		return b, Errorf(EINVALID, "Phiếu giữ lại %d tên, nhiều hơn số lượng cần bầu (%d). Xin gạch bớt tên.", "The ballot keeps %d names, more than the %d seats. Please strike out more names.", n, k.seats)
	}
	return Ballot{Kept: kept}, nil
}
