package daihoi

import (
	"strconv"
	"strings"
	"time"
)

// The tellers' count of a poll's ballots: their figures of ballots issued and collected, when the
// paper count is final, when the count may change, the batches they make and delete.

// BallotsIssued is every ballot handed out: on tablets and on paper.
func (p Poll) BallotsIssued() int { return p.Issued + p.PaperIssued }

// BallotsCollected is every ballot collected: in the tablet box and paper ballots returned.
func (p Poll) BallotsCollected() int { return p.Collected + p.PaperCollected }

// CheckFigures reports what is wrong with the paper figures the tellers enter: paper ballots
// collected no more than issued, no fewer paper ballots issued than the poll lists as handed
// (HandPaper), and no more ballots issued in all than delegates present: those present at the
// opening and those who arrived after it and were issued a ballot (LateIssued, PaperLate).
func (p Poll) CheckFigures(issued, collected int) error {
	if issued < 0 || collected < 0 {
		return Errorf(EINVALID, "số phiếu không được âm", "ballot figures must not be negative")
	}
	if collected > issued {
		return Errorf(EINVALID, "số phiếu giấy thu vào (%d) lớn hơn số phát ra (%d)", "paper ballots collected (%d) exceed those issued (%d)", collected, issued)
	}
	if issued < len(p.PaperTo) {
		return Errorf(EINVALID, "số phiếu giấy phát ra (%d) ít hơn số đã ghi phát cho đại biểu có mặt chưa có máy tính bảng (%d)", "paper ballots issued (%d) are fewer than those recorded as handed to delegates present without a tablet (%d)", issued, len(p.PaperTo))
	}
	if total, present := p.Issued+issued, p.Present+p.LateIssued+p.PaperLate; total > present {
		return Errorf(EINVALID, "tổng số phiếu phát ra (%d) lớn hơn số đại biểu có mặt (%d)", "ballots issued in all (%d) exceed the delegates present (%d)", total, present)
	}
	return nil
}

// FinalPaper returns the agreed paper ballots of poll p, batch after batch, when the paper count is
// final: the tellers have entered the paper figures, every batch is keyed at all stations with no
// mismatch, and the ballots in the batches equal the paper ballots collected. Otherwise it says why
// not (ECONFLICT).
func FinalPaper(p Poll, batches []PaperBatch) ([]Ballot, error) {
	if !p.PaperEntered {
		return nil, Errorf(ECONFLICT, "Ban kiểm phiếu chưa nhập số phiếu giấy phát ra và thu vào", "the tellers have not entered the paper ballots issued and collected")
	}
	bs := append([]PaperBatch(nil), batches...)
	SortBatches(bs)
	keyed := 0
	for _, b := range bs {
		keyed += b.Count
	}
	if keyed != p.PaperCollected {
		return nil, Errorf(ECONFLICT, "các tập có %d phiếu, khác số phiếu giấy thu vào (%d)", "the batches hold %d ballots, not the %d paper ballots collected", keyed, p.PaperCollected)
	}
	var out []Ballot
	for _, b := range bs {
		if !b.Complete(p.Stations) {
			return nil, Errorf(ECONFLICT, "tập %d chưa được nhập xong ở cả %d máy", "batch %d is not yet keyed at all %d stations", b.Number, p.Stations)
		}
		if m := b.Mismatches(); len(m) > 0 {
			return nil, Errorf(ECONFLICT, "tập %d còn %d phiếu nhập lệch giữa các máy", "batch %d has %d ballots keyed differently at the stations", b.Number, len(m))
		}
		agreed, _ := b.Agreed(p.Stations)
		out = append(out, agreed...)
	}
	return out, nil
}

// MaxCountNote is the longest note the tellers may write on a count, in characters.
const MaxCountNote = 2000

// CountMayChange refuses a change to a poll's count (the tellers' figures, batches, entries) once
// the result is published, and for a show of hands, which has no ballots.
func (p Poll) CountMayChange() error {
	if p.State == Published {
		return Errorf(ECONFLICT, "Kết quả đã được công bố: không thay đổi được nữa.", "The result is published: it can no longer change.")
	}
	if p.Mode == Hands {
		return Errorf(EINVALID, "Biểu quyết giơ tay không có phiếu để kiểm.", "A show of hands has no ballots to count.")
	}
	return nil
}

// errNoPaper: the poll is voted on tablets only.
func errNoPaper() error {
	return Errorf(EINVALID, "Cuộc bỏ phiếu này không dùng phiếu giấy.", "This poll has no paper ballots.")
}

// PaperCountOpen refuses batches and keying except on a paper poll whose vote is over and whose
// result is not yet published: paper ballots are counted after the poll closes.
func (p Poll) PaperCountOpen() error {
	if !p.Paper {
		return errNoPaper()
	}
	if p.State != Closed && p.State != Counted {
		return Errorf(ECONFLICT, "Phiếu giấy được kiểm sau khi kết thúc bỏ phiếu.", "Paper ballots are counted after the poll closes.")
	}
	return nil
}

// EnterFigures records the tellers' figures once the poll is open: the paper ballots issued and
// collected (a paper poll's, checked by CheckFigures; a figure left out keeps its value) and the
// note that explains a difference between ballots issued and collected. It reports whether
// anything changed.
func (p *Poll) EnterFigures(in FiguresRequest) (changed bool, err error) {
	if p.State == Draft {
		return false, Errorf(ECONFLICT, "Cuộc bỏ phiếu chưa mở.", "The poll has not opened yet.")
	}
	q := *p
	if in.PaperIssued != nil || in.PaperCollected != nil {
		if !q.Paper {
			return false, errNoPaper()
		}
		issued, collected := q.PaperIssued, q.PaperCollected
		if in.PaperIssued != nil {
			issued = *in.PaperIssued
		}
		if in.PaperCollected != nil {
			collected = *in.PaperCollected
		}
		if err := q.CheckFigures(issued, collected); err != nil {
			return false, err
		}
		if !q.PaperEntered || issued != q.PaperIssued || collected != q.PaperCollected {
			q.PaperIssued, q.PaperCollected, q.PaperEntered = issued, collected, true
			changed = true
		}
	}
	if in.Note != nil {
		note := strings.TrimSpace(*in.Note)
		if len([]rune(note)) > MaxCountNote {
			return false, Errorf(EINVALID, "Ghi chú dài quá %d ký tự.", "The note is longer than %d characters.", MaxCountNote)
		}
		if note != q.CountNote {
			q.CountNote = note
			changed = true
		}
	}
	*p = q
	return changed, nil
}

// NextBatch makes the poll's next numbered batch of count paper ballots, after those it has: once
// the tellers have entered their figures, the batches may not hold more ballots than were collected.
func (p Poll) NextBatch(batches []PaperBatch, count int, who string, at time.Time) (PaperBatch, error) {
	if err := p.PaperCountOpen(); err != nil {
		return PaperBatch{}, err
	}
	n, keyed := 1, 0
	for _, b := range batches {
		n = max(n, b.Number+1)
		keyed += b.Count
	}
	if p.PaperEntered && keyed+count > p.PaperCollected {
		return PaperBatch{}, Errorf(EINVALID, "Các tập đã có %d phiếu; thêm %d phiếu sẽ vượt số phiếu giấy thu vào (%d).", "The batches hold %d ballots; %d more would exceed the %d paper ballots collected.", keyed, count, p.PaperCollected)
	}
	return NewBatch(p.ID, n, count, who, at)
}

// ParseBatchNumber reads a batch's number, from 1.
func ParseBatchNumber(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, Errorf(EINVALID, "Số tập %q không hợp lệ.", "Batch number %q is not valid.", s)
	}
	return n, nil
}

// Batch returns batch number n of a poll.
func (s *State) Batch(poll string, n int) (PaperBatch, error) {
	b, ok := s.Batches[BatchKey(poll, n)]
	if !ok {
		return b, Errorf(ENOTFOUND, "Không có tập phiếu số %d.", "There is no batch %d.", n)
	}
	return b, nil
}

// Delete removes a batch nothing has been keyed in yet: it is returned with no ballots.
func (b PaperBatch) Delete() (PaperBatch, error) {
	if !b.Empty() {
		return b, Errorf(ECONFLICT, "Tập %d đã có phiếu được nhập: không xóa được.", "Batch %d has ballots keyed: it cannot be deleted.", b.Number)
	}
	b.Count = 0
	return b, nil
}

// ErrNothingKeyed answers a keying request with no ballots in it.
var ErrNothingKeyed = Errorf(EINVALID, "Chưa có phiếu nào để nhập.", "No ballots to enter.")
