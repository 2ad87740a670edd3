package daihoi

import (
	"slices"
	"time"
)

// Paper ballots beside tablets. In a poll on tablets and paper, those present who hold a seat and
// have no tablet ballot are handed a paper ballot: the presidium offers it in the opening dialog,
// and the tellers or the presidium again for those who arrive while the poll is open. The poll
// lists them, so the tellers know how many paper ballots to hand out and to whom, and the paper
// ballots issued count them. Each delegate present gets one ballot, never two: one handed paper is
// not issued a tablet ballot when they sign in later (LateBallot), and one issued a tablet ballot
// is not handed paper (rules.md, The count).

// EvPaperHanded is the event that tells one delegate's tablet they were handed a paper ballot in an
// open poll: it offers no ballot then.
const EvPaperHanded = "paper_handed"

// ErrPaperHanded is what a tablet is told when its delegate was handed a paper ballot in the poll.
var ErrPaperHanded = Errorf(ECONFLICT, "Đồng chí đã nhận phiếu giấy trong cuộc bỏ phiếu này: xin bỏ phiếu giấy vào hòm phiếu.",
	"You were handed a paper ballot in this poll: please put it in the ballot box.")

// HandedPaper reports whether the delegate was handed a paper ballot in p.
func (p Poll) HandedPaper(id string) bool {
	return slices.ContainsFunc(p.PaperTo, func(s Seated) bool { return s.ID == id })
}

// HandPaper records the paper ballots handed, at the time given, to those present in p who hold a
// seat and have no ballot yet: not issued a tablet ballot (onRoll) and not handed paper before. p
// must be open on tablets and paper. The paper ballots issued count them, and those handed after
// the opening count as late (PaperLate). It returns who is handed a ballot now, by roll number.
func (s *State) HandPaper(p *Poll, onRoll func(id string) bool, at time.Time) ([]Seated, error) {
	if p.Mode == Hands || !p.Tablet || !p.Paper {
		return nil, Errorf(EINVALID, "Cuộc bỏ phiếu này không phát phiếu giấy bên cạnh máy tính bảng.", "This poll hands out no paper ballots beside the tablets.")
	}
	if p.State != Open {
		return nil, Errorf(ECONFLICT, "Chỉ phát phiếu giấy khi cuộc bỏ phiếu đang mở.", "Paper ballots are handed out only while the poll is open.")
	}
	var out []Seated
	for _, id := range s.SeatHolders() {
		if onRoll(id) || p.HandedPaper(id) {
			continue
		}
		d := s.Delegates[id]
		out = append(out, Seated{ID: d.ID, Number: d.Number, Name: d.Name, Unit: d.Unit})
	}
	if len(out) == 0 {
		return nil, Errorf(ECONFLICT, "Mọi đại biểu có mặt đã có phiếu: không còn ai để phát phiếu giấy.", "Everyone present has a ballot: there is nobody to hand a paper ballot to.")
	}
	slices.SortFunc(out, func(a, b Seated) int { return a.Number - b.Number })
	p.PaperTo = append(p.PaperTo, out...)
	p.PaperIssued += len(out)
	if at.After(p.OpenedAt) {
		p.PaperLate += len(out)
	}
	return out, nil
}
