package daihoi

import (
	"strings"
	"time"
)

// The life of a poll, draft → open → closed → counted → published, as the presidium and the tellers
// move it. Each step checks what the regulation requires and changes the caller's copy of the poll
// only when it succeeds; the server writes the change.

// ErrNoPoll is the answer about a poll that does not exist.
var ErrNoPoll = Errorf(ENOTFOUND, "Không tìm thấy cuộc bỏ phiếu.", "Poll not found.")

// Poll returns the poll with the id, or ErrNoPoll.
func (s *State) Poll(id string) (Poll, error) {
	p, ok := s.Polls[id]
	if !ok {
		return p, ErrNoPoll
	}
	return p, nil
}

// DraftPoll builds the draft of a motion or an election from the presidium's request: the ruleset
// named (the congress's by default) with the congress's settings when they are that ruleset's, and
// the request's overrides; an election is always secret, a show of hands uses no tablet or paper;
// a candidate named by a delegate's id takes the delegate's name unless another is given. The
// caller gives the poll its id.
func (s *State) DraftPoll(in PollRequest) (Poll, error) {
	name := in.Ruleset
	if name == "" {
		name = s.Congress.Ruleset
	}
	rs, err := LookupRuleset(name)
	if err != nil {
		return Poll{}, err
	}
	settings := s.Congress.Settings
	if s.Congress.Ruleset != rs.Name || settings.Quorum.Den == 0 {
		settings = rs.Settings
	}
	if settings, err = settings.Override(in.Settings); err != nil {
		return Poll{}, err
	}
	p := Poll{AgendaItem: in.AgendaItem, Kind: in.Kind, Title: strings.TrimSpace(in.Title), Mode: in.Mode,
		Tablet: in.Tablet, Paper: in.Paper, Stations: in.Stations, Ruleset: rs.Name, Settings: settings,
		Seats: in.Seats, AlternateSeats: in.AlternateSeats, State: Draft, Round: 1}
	if p.Kind == Election {
		p.Mode = Secret
		if p.AlternateSeats > 0 {
			p.Purpose = OfficialPart
		}
	}
	if p.Mode == Hands {
		p.Tablet, p.Paper = false, false
		p.TellersCountHands = in.TellersCountHands
	}
	if err := CheckLength(p.Title, MaxTitle, "Tên cuộc bỏ phiếu", "The poll's title"); err != nil {
		return Poll{}, err
	}
	if in.AgendaItem != "" && Agenda(s.Agenda).Index(in.AgendaItem) < 0 {
		return Poll{}, errNoItem(in.AgendaItem)
	}
	for i, cr := range in.Candidates {
		cand := Candidate{ID: CandidateID(i), Name: strings.Join(strings.Fields(cr.Name), " ")}
		if err := CheckLength(cand.Name, MaxName, "Tên ứng cử viên", "A candidate's name"); err != nil {
			return Poll{}, err
		}
		if d, ok := s.Delegates[cr.ID]; ok {
			cand.Delegate = d.ID
			if cand.Name == "" {
				cand.Name = d.Name
			}
		} else if cr.ID != "" {
			return Poll{}, Errorf(ENOTFOUND, "ứng cử viên %q không có trong danh sách đại biểu", "candidate %q is not on the roll", cr.ID)
		}
		p.Candidates = append(p.Candidates, cand)
	}
	if p.Kind == Motion && len(p.Candidates) > 0 {
		return Poll{}, Errorf(EINVALID, "biểu quyết không có danh sách ứng cử viên", "a motion has no candidates")
	}
	if err := p.Check(); err != nil {
		return Poll{}, err
	}
	return p, nil
}

// WithdrawCandidate takes a candidate off a draft's list (Withdraw), provided the list left can
// still be put to the vote.
func (p *Poll) WithdrawCandidate(id string) error {
	q := *p
	if err := q.Withdraw(id); err != nil {
		return err
	}
	if err := q.Check(); err != nil {
		return err
	}
	*p = q
	return nil
}

// SeatHolders returns who may be issued a ballot: those present who hold a seat in the base (an
// official or ex-officio delegate, or an alternate who replaces an absent official).
func (s *State) SeatHolders() []string { return s.seatHolders(nil) }

// seatHolders is SeatHolders with one person changed as given (nil: none).
func (s *State) seatHolders(changed *Delegate) []string {
	roll := s.Roll()
	if changed != nil {
		roll = append(Roll(nil), roll...)
		found := false
		for i := range roll {
			if roll[i].ID == changed.ID {
				roll[i], found = *changed, true
			}
		}
		if !found {
			roll = append(roll, *changed)
		}
	}
	replaced := roll.ReplacedBy()
	present := func(id string) bool {
		if changed != nil && id == changed.ID {
			return changed.Presence == Present
		}
		o, ok := s.Delegates[id]
		return ok && o.Presence == Present
	}
	var out []string
	for _, d := range roll {
		if d.Presence != Present {
			continue
		}
		switch d.Category {
		case Official, ExOfficio:
			if InBase(s.Congress.Type, d, replaced[d.ID] != "") {
				out = append(out, d.ID)
			}
		case Alternate:
			if d.Replaces != "" && d.Exclusion == NotExcluded {
				if _, ok := s.Delegates[d.Replaces]; ok && !present(d.Replaces) {
					out = append(out, d.ID)
				}
			}
		}
	}
	return out
}

// Open opens a draft poll at the time given: it fixes the base (a later round keeps its first
// round's), those present and, for tablets, the voters issued a ballot: the seat holders present
// (SeatHolders) who are signed in. It refuses a second poll taking ballots at the same time (a show
// of hands may run beside one) and a sitting without quorum. It returns the voters issued a
// tablet ballot; a delegate who checks in and signs in later is issued one then (LateBallot).
func (p *Poll) Open(st *State, signedIn map[string]bool, at time.Time) (eligible []string, err error) {
	if p.State != Draft {
		return nil, Errorf(ECONFLICT, "Cuộc bỏ phiếu đã được mở trước đó.", "The poll was opened already.")
	}
	if err := p.Check(); err != nil {
		return nil, err
	}
	for _, q := range st.Polls {
		if q.State == Open && q.ID != p.ID && q.Mode != Hands && p.Mode != Hands {
			return nil, Errorf(ECONFLICT, "Đang mở cuộc bỏ phiếu \"%s\"; hãy kết thúc trước khi mở cuộc khác.", "The poll \"%s\" is open; close it before opening another.", q.Title)
		}
	}
	a := st.Attendance()
	if a.Base > 0 && !a.Quorum {
		// The congress is valid only with its quorum present (the working regulation's share of
		// the base): a sitting without it takes no vote.
		return nil, Errorf(ECONFLICT, "Chưa đủ túc số: có mặt %d/%d đại biểu, cần ít nhất %d. Chưa thể biểu quyết hoặc bầu cử.", "No quorum: %d of %d delegates present, at least %d needed. No vote can be taken yet.", a.Present, a.Base, a.QuorumNeeded)
	}
	base, baseVi, baseEn := a.Base, a.BaseVi, a.BaseEn
	if prev, ok := st.Polls[p.Previous]; ok && prev.Base > 0 {
		base = prev.Base // every round of an election counts over the base of its first round
		baseVi, baseEn = prev.BaseVi, prev.BaseEn
	}
	if base < 1 {
		return nil, Errorf(ECONFLICT, "Danh sách đại biểu trống: chưa có tổng số được triệu tập.", "The roll is empty: there is no base.")
	}
	p.Base, p.Present = base, a.Present
	p.BaseVi, p.BaseEn = baseVi, baseEn
	p.State, p.OpenedAt = Open, at
	if p.Mode == Hands || !p.Tablet {
		return nil, nil
	}
	for _, id := range st.SeatHolders() {
		if signedIn[id] {
			eligible = append(eligible, id)
		}
	}
	p.Issued = len(eligible)
	return eligible, nil
}

// Close stops the vote at the time given. A show of hands is counted from its counts once they are
// entered (nil before): counted by the presidium, it may then be published, and counted by the
// tellers, it waits for their confirmation. The ballots of any other poll are sealed and counted by
// the caller, from the box and the tellers' paper batches.
func (p *Poll) Close(counts *Counts, at time.Time) error {
	if p.State != Open {
		return Errorf(ECONFLICT, "Cuộc bỏ phiếu không đang mở.", "The poll is not open.")
	}
	q := *p
	q.State, q.ClosedAt = Closed, at
	if q.Mode == Hands && counts != nil {
		res, err := Tally(q.TallyInput(nil, counts))
		if err != nil {
			return err
		}
		q.Result = &res
		if !q.TellersConfirm() {
			q.State = Counted
		}
	}
	*p = q
	return nil
}

// Check reports figures a show of hands cannot have: a negative count, or abstentions where the
// motion offers no abstain.
func (c Counts) Check(s Settings) error {
	if c.For < 0 || c.Against < 0 || c.Abstain < 0 {
		return Errorf(EINVALID, "Số biểu quyết không được âm.", "Counts must not be negative.")
	}
	if c.Abstain > 0 && !s.AbstainOption {
		return Errorf(EINVALID, "Biểu quyết này không có lựa chọn \"Không biểu quyết\".", "This motion does not offer abstain.")
	}
	return nil
}

// MayEnterCounts says whether the role may enter the counts of a show of hands: the presidium,
// which counts it; the tellers only where the congress asked them to count it.
func (p Poll) MayEnterCounts(r Role) error {
	if r == Presidium || (r == Teller && p.TellersCountHands) {
		return nil
	}
	return Errorf(EFORBIDDEN, "Đoàn Chủ tịch kiểm đếm và nhập kết quả biểu quyết giơ tay này.", "The presidium counts this show of hands and enters its counts.")
}

// EnterCounts records the figures of a motion by show of hands, while the hands are up or after:
// they add up to no more than those present. Entering them closes the vote. The presidium counts a
// show of hands and announces it: its figures are the result, counted, and it may correct them until
// it publishes. Where the tellers were asked to count the hands, the figures wait for their
// confirmation, and a change of the figures clears every confirmation given.
func (p *Poll) EnterCounts(c Counts, at time.Time) error {
	if p.Mode != Hands {
		return Errorf(EINVALID, "Chỉ nhập số giơ tay cho biểu quyết giơ tay.", "Counts are entered only for a show of hands.")
	}
	switch {
	case p.State == Open || p.State == Closed:
	case p.State == Counted && !p.TellersConfirm():
	case p.State == Counted || p.State == Published:
		return Errorf(ECONFLICT, "Kết quả đã được xác nhận hoặc công bố: không sửa được số liệu.", "The result is confirmed or published: its counts cannot change.")
	default:
		return Errorf(ECONFLICT, "Chỉ nhập kết quả khi đang hoặc đã biểu quyết.", "Counts are entered while or after the vote is taken.")
	}
	if err := c.Check(p.Settings); err != nil {
		return err
	}
	if total := c.For + c.Against + c.Abstain; total > p.Present {
		return Errorf(EINVALID, "Tổng số biểu quyết (%d) lớn hơn số đại biểu có mặt (%d).", "The counts add up to %d, more than the %d present.", total, p.Present)
	}
	res, err := Tally(p.TallyInput(nil, &c))
	if err != nil {
		return err
	}
	p.Result = &res
	if p.State == Open {
		p.ClosedAt = at
	}
	p.State = Closed
	if !p.TellersConfirm() {
		p.State = Counted
	}
	p.Confirmations = nil
	return nil
}

// Confirm is one teller's confirmation of a counted result. Each teller confirms once and the head
// of the tellers last; with every teller's confirmation the poll is counted and may be published.
func (p *Poll) Confirm(by Operator, operators map[string]Operator) error {
	if !p.TellersConfirm() {
		return Errorf(ECONFLICT, "Biểu quyết giơ tay do Đoàn Chủ tịch kiểm đếm và công bố: Ban kiểm phiếu không xác nhận.", "A show of hands is counted and announced by the presidium: the tellers do not confirm it.")
	}
	if p.State != Closed || p.Result == nil {
		return Errorf(ECONFLICT, "Chỉ xác nhận khi đã kết thúc bỏ phiếu và có kết quả kiểm phiếu.", "A result is confirmed only after the poll closes and is counted.")
	}
	have := p.Confirmations
	for _, id := range have {
		if id == by.ID {
			return Errorf(ECONFLICT, "Đồng chí đã xác nhận kết quả này.", "You have confirmed this result already.")
		}
	}
	tellers := 0
	for _, o := range operators {
		if o.Role == Teller {
			tellers++
		}
	}
	if by.Head && len(have) < tellers-1 {
		return Errorf(ECONFLICT, "Trưởng ban kiểm phiếu xác nhận sau cùng: còn %d thành viên chưa xác nhận.", "The head of the tellers confirms last: %d tellers have not confirmed yet.", tellers-1-len(have))
	}
	have = append(append([]string(nil), have...), by.ID)
	p.Confirmations = have
	if len(have) >= tellers {
		p.State = Counted
	}
	return nil
}

// Publish announces a result to the hall, once the tellers have confirmed it; a show of hands the
// presidium counts, once its counts are entered.
func (p *Poll) Publish() error {
	if p.State == Closed && !p.TellersConfirm() {
		return ErrNoCounts
	}
	if p.State != Counted {
		return Errorf(ECONFLICT, "Chỉ công bố kết quả sau khi Ban kiểm phiếu đã xác nhận.", "A result is published only after the tellers have confirmed it.")
	}
	p.State = Published
	return nil
}

// NextRoundOf drafts the round that p's confirmed result calls for, once: the alternates' round of
// an election of delegates to the upper level whose official seats are filled; else a run-off, or
// a further round for unfilled seats over every candidate of the election not yet elected (not only
// those of the round before). The caller gives the round its id.
func (s *State) NextRoundOf(p Poll) (Poll, error) {
	if p.Result == nil || (p.State != Counted && p.State != Published) {
		return Poll{}, Errorf(ECONFLICT, "Cần có kết quả đã được Ban kiểm phiếu xác nhận.", "A result confirmed by the tellers is needed first.")
	}
	for _, q := range s.Polls {
		if q.Previous == p.ID {
			return Poll{}, Errorf(ECONFLICT, "Vòng tiếp theo đã được tạo: \"%s\".", "The next round exists already: \"%s\".", q.Title)
		}
	}
	if p.Result.RunoffSeats == 0 && p.Result.Unfilled == 0 && p.AlternateSeats > 0 {
		all, elected := s.electionSoFar(p)
		return p.AlternatesRound(all, elected)
	}
	next, err := p.NextRound(*p.Result)
	if err != nil {
		return Poll{}, err
	}
	if next.Purpose == FurtherRound {
		all, elected := s.electionSoFar(p)
		next.Candidates = Remaining(all, elected)
	}
	return next, nil
}

// electionSoFar returns the candidates of the first round of p's election and everyone elected in
// its rounds up to p.
func (s *State) electionSoFar(p Poll) ([]Candidate, []string) {
	var rounds []Poll
	for q := p; ; {
		rounds = append(rounds, q)
		prev, ok := s.Polls[q.Previous]
		if q.Previous == "" || !ok {
			break
		}
		q = prev
	}
	first := rounds[len(rounds)-1]
	var elected []string
	for _, q := range rounds {
		if q.Result != nil {
			elected = append(elected, q.Result.Elected...)
		}
	}
	return first.Candidates, elected
}
