package daihoi

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"
)

// The organisers' preparation of the congress in the browser (the setup screen): the congress, the
// roll one person at a time, the draft polls, the agenda and the operators' accounts. Each change
// is checked here as a congress file is (CongressFile.Check), so that a congress prepared in the
// browser is as sound as one installed from a file. The server writes each change as an event
// carrying who made it; once the congress has begun that event log is the record of every change.
// A change that would alter a count already opened is refused with the reason.

// Begun reports whether the congress has begun: the first agenda item has opened (Agenda.Begun).
func (s *State) Begun() bool { return Agenda(s.Agenda).Begun() }

// openedPoll returns a poll that has opened (its base is fixed), if there is one: the first by
// opening time, for the message.
func (s *State) openedPoll() (Poll, bool) {
	var first Poll
	found := false
	for _, p := range s.Polls {
		if p.State == Draft {
			continue
		}
		if !found || p.OpenedAt.Before(first.OpenedAt) || (p.OpenedAt.Equal(first.OpenedAt) && p.ID < first.ID) {
			first, found = p, true
		}
	}
	return first, found
}

// CongressRequest is the organisers' congress as the setup screen edits it.
type CongressRequest struct {
	Title        string                     `json:"title"`
	Organisation string                     `json:"organisation"`
	Term         string                     `json:"term"`
	Venue        string                     `json:"venue"`
	Date         string                     `json:"date"` // YYYY-MM-DD, or ""
	Type         CongressType               `json:"type"`
	Ruleset      string                     `json:"ruleset"`
	Settings     map[string]json.RawMessage `json:"settings,omitempty"` // overrides of the ruleset's
}

var isoDate = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$`)

// SetupCongress is the congress with the organisers' request applied. The title, the venue and
// the like may be corrected at any time; the congress type, the ruleset and its settings decide
// the base, the quorum and the counts, and are refused once a poll has opened.
func (s *State) SetupCongress(in CongressRequest) (Congress, error) {
	c := s.Congress
	c.Title = strings.TrimSpace(in.Title)
	c.Organisation = strings.TrimSpace(in.Organisation)
	c.Term = strings.TrimSpace(in.Term)
	c.Venue = strings.TrimSpace(in.Venue)
	c.Date = strings.TrimSpace(in.Date)
	if c.Title == "" {
		return c, Errorf(EINVALID, "Đại hội cần có tên.", "The congress needs a title.")
	}
	for _, f := range []struct {
		text, vi, en string
		max          int
	}{{c.Title, "Tên đại hội", "The congress's title", MaxTitle}, {c.Organisation, "Tên đảng bộ", "The organisation", MaxTitle},
		{c.Term, "Nhiệm kỳ", "The term", MaxName}, {c.Venue, "Địa điểm", "The venue", MaxTitle}} {
		if err := CheckLength(f.text, f.max, f.vi, f.en); err != nil {
			return c, err
		}
	}
	if c.Date != "" && !isoDate.MatchString(c.Date) {
		return c, Errorf(EINVALID, "Ngày khai mạc %q không đúng dạng ngày.", "The opening date %q is not a date.", c.Date)
	}
	if in.Type != Representative && in.Type != MemberCongress {
		return c, Errorf(EINVALID, "Chọn loại đại hội: đại hội đại biểu hoặc đại hội đảng viên.", "Choose the congress type: representative or members.")
	}
	rs, err := LookupRuleset(in.Ruleset)
	if err != nil {
		return c, err
	}
	settings := rs.Settings
	if rs.Name == s.Congress.Ruleset && s.Congress.Settings.Quorum.Den != 0 {
		settings = s.Congress.Settings
	}
	if settings, err = settings.Override(in.Settings); err != nil {
		return c, err
	}
	if err := settings.Check(); err != nil {
		return c, err
	}
	counts := in.Type != s.Congress.Type || rs.Name != s.Congress.Ruleset || settings != s.Congress.Settings
	if p, opened := s.openedPoll(); counts && opened {
		return c, Errorf(ECONFLICT, "Không đổi được loại đại hội, bộ quy tắc hay thiết lập: cuộc bỏ phiếu \"%s\" đã mở và đã tính theo chúng.",
			"The congress type, the ruleset and its settings can no longer change: the poll \"%s\" has opened and counts by them.", p.Title)
	}
	c.Type, c.Ruleset, c.Settings = in.Type, rs.Name, settings
	return c, nil
}

// baseFields is what of a person on the roll the base depends on (roll.go, InBase).
func baseFields(d Delegate) [3]string {
	return [3]string{string(d.Category), string(d.Exclusion), d.Replaces}
}

// SetupDelegate is d as it goes on the roll: a new person when d.ID is not on it (the caller gives
// the id; a number 0 takes the next one), else a correction. The door's record (presence, the
// reason of an absence) is kept. Once a poll has opened the base is fixed: a change of category,
// of the reason a person is not counted (Exclusion) or of whom an alternate replaces is refused, as
// is a new person who would count in the base.
func (s *State) SetupDelegate(d Delegate) (Delegate, error) {
	old, exists := s.Delegates[d.ID]
	d.Name = strings.Join(strings.Fields(d.Name), " ")
	d.Unit = strings.TrimSpace(d.Unit)
	if exists {
		d.Presence, d.Reason = old.Presence, old.Reason
	} else {
		d.Presence, d.Reason = NotArrived, ""
	}
	if d.Number == 0 {
		if exists {
			d.Number = old.Number
		} else {
			for _, o := range s.Delegates {
				d.Number = max(d.Number, o.Number)
			}
			d.Number++
		}
	}
	if d.Name == "" {
		return d, Errorf(EINVALID, "Cần có họ và tên.", "The name is needed.")
	}
	if err := CheckLength(d.Name, MaxName, "Họ tên", "The name"); err != nil {
		return d, err
	}
	if err := CheckLength(d.Unit, MaxName, "Tên đơn vị", "The unit"); err != nil {
		return d, err
	}
	if d.Number < 0 {
		return d, Errorf(EINVALID, "Số thứ tự phải từ 1.", "The number must be 1 or more.")
	}
	for _, o := range s.Delegates {
		if o.ID != d.ID && o.Number == d.Number {
			return d, Errorf(ECONFLICT, "Số %d đã là số của %s.", "Number %d is %s's already.", d.Number, o.Name)
		}
	}
	switch d.Category {
	case Official, ExOfficio, Alternate, Guest:
	default:
		return d, Errorf(EINVALID, "Chọn loại đại biểu: chính thức, đương nhiên, dự khuyết hoặc khách mời.", "Choose the category: official, ex officio, alternate or guest.")
	}
	switch d.Exclusion {
	case NotExcluded, TemporaryTransfer, Suspended, Prosecuted, Detained, Exempted:
	default:
		return d, Errorf(EINVALID, "Lý do không tính %q không có.", "Unknown reason for leaving out %q.", d.Exclusion)
	}
	if d.Replaces != "" {
		r, ok := s.Delegates[d.Replaces]
		switch {
		case d.Category != Alternate:
			return d, Errorf(EINVALID, "Chỉ đại biểu dự khuyết mới thay cho một đại biểu chính thức.", "Only an alternate replaces an official delegate.")
		case !ok || r.Category != Official || r.ID == d.ID:
			return d, Errorf(EINVALID, "Người được thay phải là một đại biểu chính thức trong danh sách.", "The person replaced must be an official delegate on the roll.")
		}
		for _, o := range s.Delegates {
			if o.ID != d.ID && o.Replaces == d.Replaces {
				return d, Errorf(ECONFLICT, "%s đã có %s thay.", "%s is replaced by %s already.", r.Name, o.Name)
			}
		}
	}
	if exists && old.Category == Official && d.Category != Official {
		for _, o := range s.Delegates {
			if o.Replaces == d.ID {
				return d, Errorf(ECONFLICT, "%s đang được %s thay: bỏ việc thay trước.", "%s is replaced by %s: undo that first.", d.Name, o.Name)
			}
		}
	}
	if p, opened := s.openedPoll(); opened {
		counts := (exists && baseFields(old) != baseFields(d)) || (!exists && d.Category != Guest)
		if counts {
			return d, Errorf(ECONFLICT, "Tổng số đại biểu đã chốt khi mở cuộc bỏ phiếu \"%s\": không thêm đại biểu, không đổi loại đại biểu, lý do không tính hay người thay thế được nữa.",
				"The base was fixed when the poll \"%s\" opened: no delegate can be added, and no category, reason for leaving out or replacement changed any more.", p.Title)
		}
	}
	// The same checks as a congress file's roll, on the roll as it would be.
	roll := make([]Delegate, 0, len(s.Delegates)+1)
	for _, o := range s.Roll() {
		if o.ID != d.ID {
			roll = append(roll, o)
		}
	}
	var p problems
	p.roll(append(roll, d))
	if err := p.err("Danh sách đại biểu chưa dùng được", "The roll cannot be used"); err != nil {
		return d, err
	}
	return d, nil
}

// SetupPoll is a draft motion or election from the setup screen: a new one (DraftPoll) when id is
// not a poll, else the draft id redrafted, keeping its id and its place in an election. A poll that
// has opened keeps its candidates, its ruleset and everything else: they are what it counts by.
func (s *State) SetupPoll(id string, in PollRequest) (Poll, error) {
	old, exists := s.Polls[id]
	if exists {
		if err := old.editable(); err != nil {
			return Poll{}, err
		}
	}
	p, err := s.DraftPoll(in)
	if err != nil {
		return p, err
	}
	p.ID = id
	if exists {
		p.Election, p.Round, p.Previous = old.Election, old.Round, old.Previous
	}
	onBallot := map[string]bool{}
	for _, c := range p.Candidates {
		if c.Delegate != "" && onBallot[c.Delegate] {
			return Poll{}, Errorf(EINVALID, "%s có tên hai lần trong danh sách ứng cử.", "%s is on the list twice.", c.Name)
		}
		onBallot[c.Delegate] = true
	}
	return p, nil
}

// RemovePoll checks that the poll id may be removed: only a draft that is not a later round.
func (s *State) RemovePoll(id string) (Poll, error) {
	p, err := s.Poll(id)
	if err != nil {
		return p, err
	}
	return p, p.editable()
}

// editable says why a poll can no longer be prepared: it has opened, or it is a later round of an
// election, drawn from the round before.
func (p Poll) editable() error {
	if p.State != Draft {
		return Errorf(ECONFLICT, "Cuộc bỏ phiếu \"%s\" đã mở: danh sách ứng cử viên, số lượng và bộ quy tắc không sửa được nữa.",
			"The poll \"%s\" has opened: its candidates, seats and ruleset can no longer change.", p.Title)
	}
	if p.Previous != "" {
		return Errorf(ECONFLICT, "\"%s\" là vòng sau của một cuộc bầu cử: danh sách do kết quả vòng trước quyết định.",
			"\"%s\" is a later round of an election: its list comes from the round before.", p.Title)
	}
	return nil
}

// AgendaItemRequest is an agenda item as the setup screen adds or edits it.
type AgendaItemRequest struct {
	After        string `json:"after"` // where a new item goes: after this item, "" first… or "end"
	Title        string `json:"title"`
	Sitting      string `json:"session"`
	Kind         string `json:"kind"`
	PlannedStart string `json:"planned_start"`
	Minutes      int    `json:"minutes"`
}

// item checks the fields a congress file's agenda is checked for.
func (in AgendaItemRequest) item(id string) (AgendaItem, error) {
	it := AgendaItem{ID: id, Title: strings.TrimSpace(in.Title), Sitting: in.Sitting, Kind: in.Kind,
		PlannedStart: strings.TrimSpace(in.PlannedStart), Minutes: in.Minutes, State: Pending}
	if it.Sitting == "" {
		it.Sitting = OfficialSitting
	}
	var p problems
	p.agenda([]AgendaItem{it})
	if it.Minutes > 24*60 {
		p.add("thời lượng phải từ 0 đến 1440 phút", "the duration must be 0 to 1440 minutes")
	}
	if err := p.err("Mục chưa dùng được", "The item cannot be used"); err != nil {
		return it, err
	}
	return it, nil
}

// SetupAddItem is the agenda with a new item id placed after in.After ("end": last).
func (s *State) SetupAddItem(id string, in AgendaItemRequest) (Agenda, error) {
	it, err := in.item(id)
	if err != nil {
		return nil, err
	}
	a := Agenda(s.Agenda)
	after := in.After
	if after == "end" {
		after = ""
		if len(a) > 0 {
			after = a[len(a)-1].ID
		}
	}
	return a.Insert(after, it)
}

// SetupEditItem is the agenda with the item id's session, title, kind, printed time and minutes
// changed; its progress (state, times) stays.
func (s *State) SetupEditItem(id string, in AgendaItemRequest) (Agenda, error) {
	a := Agenda(s.Agenda)
	i := a.index(id)
	if i < 0 {
		return nil, errNoItem(id)
	}
	it, err := in.item(id)
	if err != nil {
		return nil, err
	}
	out := a.clone()
	it.State, it.StartedAt, it.EndedAt = out[i].State, out[i].StartedAt, out[i].EndedAt
	out[i] = it
	return out, nil
}

// SetupRemoveItem is the agenda without the item id: only an item that has not begun and that no
// poll belongs to.
func (s *State) SetupRemoveItem(id string) (Agenda, error) {
	a := Agenda(s.Agenda)
	i := a.index(id)
	if i < 0 {
		return nil, errNoItem(id)
	}
	if a[i].State != Pending || !a[i].StartedAt.IsZero() {
		return nil, Errorf(ECONFLICT, "Mục \"%s\" đã diễn ra: không xóa được.", "The item \"%s\" has taken place: it cannot be removed.", a[i].Title)
	}
	for _, p := range s.Polls {
		if p.AgendaItem == id {
			return nil, Errorf(ECONFLICT, "Cuộc bỏ phiếu \"%s\" thuộc mục này: chuyển hoặc xóa cuộc bỏ phiếu trước.", "The poll \"%s\" belongs to this item: move or remove the poll first.", p.Title)
		}
	}
	for _, sp := range s.Speakers {
		if sp.Item == id && sp.State != Withdrawn {
			return nil, Errorf(ECONFLICT, "%s đã đăng ký phát biểu ở mục này: không xóa được.", "%s has asked to speak on this item: it cannot be removed.", sp.Name)
		}
	}
	out := a.clone()
	return append(out[:i], out[i+1:]...), nil
}

// OperatorRequest is an operator's account as the setup screen creates or renames it.
type OperatorRequest struct {
	Name     string `json:"name"`     // the sign-in name
	FullName string `json:"fullname"` // as printed in the minutes
	Role     Role   `json:"role"`
	Head     bool   `json:"head"`
	Delegate string `json:"delegate,omitempty"`
}

// SetupOperator is the account id as it will be (a new one when id is not an account), and the
// accounts whose Head flag it clears: the tellers have one head, and naming a new one is how it
// passes. Delegates sign in with their cards, never with an account.
func (s *State) SetupOperator(id string, in OperatorRequest) (Operator, []Operator, error) {
	o, exists := s.Operators[id]
	o.ID = id
	o.Name = strings.TrimSpace(in.Name)
	o.FullName = strings.Join(strings.Fields(in.FullName), " ")
	o.Role, o.Head, o.Delegate = in.Role, in.Head, in.Delegate
	if o.Name == "" {
		return o, nil, Errorf(EINVALID, "Cần có tên đăng nhập.", "The sign-in name is needed.")
	}
	if strings.ContainsAny(o.Name, " \t") {
		return o, nil, Errorf(EINVALID, "Tên đăng nhập không có dấu cách.", "A sign-in name has no spaces.")
	}
	for _, f := range []struct{ text, vi, en string }{{o.Name, "Tên đăng nhập", "The sign-in name"}, {o.FullName, "Họ tên", "The full name"}} {
		if err := CheckLength(f.text, MaxName, f.vi, f.en); err != nil {
			return o, nil, err
		}
	}
	for _, other := range s.Operators {
		if other.ID != id && strings.EqualFold(other.Name, o.Name) {
			return o, nil, Errorf(ECONFLICT, "Tên đăng nhập %q đã có người dùng.", "The sign-in name %q is taken.", o.Name)
		}
	}
	switch o.Role {
	case Organiser, Presidium, Secretariat, Teller, HallDisplay, CheckIn, Observer:
	default:
		return o, nil, Errorf(EINVALID, "Chọn vai trò của tài khoản.", "Choose the account's role.")
	}
	if o.Head && o.Role != Teller {
		return o, nil, Errorf(EINVALID, "Chỉ thành viên Ban kiểm phiếu mới là trưởng ban.", "Only a teller can be the head of the tellers.")
	}
	if _, ok := s.Delegates[o.Delegate]; o.Delegate != "" && !ok {
		return o, nil, Errorf(ENOTFOUND, "Đại biểu %q không có trong danh sách.", "The delegate %q is not on the roll.", o.Delegate)
	}
	if exists && s.Operators[id].Role == Organiser && o.Role != Organiser && s.organisers() == 1 {
		return o, nil, Errorf(ECONFLICT, "Đây là tài khoản Ban tổ chức duy nhất: giữ vai trò này để còn người chuẩn bị đại hội.", "This is the only organiser account: keep its role, or nobody could prepare the congress.")
	}
	if exists && s.Operators[id].Role == Teller && o.Role != Teller {
		for _, p := range s.Polls {
			if p.State == Closed && len(p.Confirmations) > 0 {
				return o, nil, Errorf(ECONFLICT, "Ban kiểm phiếu đang xác nhận \"%s\": không đổi vai trò của thành viên lúc này.", "The tellers are confirming \"%s\": a member's role cannot change now.", p.Title)
			}
		}
	}
	var cleared []Operator
	if o.Head {
		for _, other := range s.Operators {
			if other.ID != id && other.Head {
				other.Head = false
				cleared = append(cleared, other)
			}
		}
	}
	return o, cleared, nil
}

func (s *State) organisers() int {
	n := 0
	for _, o := range s.Operators {
		if o.Role == Organiser {
			n++
		}
	}
	return n
}

// Unprepared reports whether nothing has been prepared yet: no roll, no agenda, no poll, no draft
// document. A congress so (the empty one `serve --no-demo` makes on a new folder) may still give
// way to a congress file.
func (s *State) Unprepared() bool {
	return len(s.Delegates) == 0 && len(s.Agenda) == 0 && len(s.Polls) == 0 && len(s.Documents) == 0
}

// BlankCongress is the empty congress a new data folder starts from when the organisers prepare it
// in the browser: a representative congress under the default ruleset, to be named on the setup
// screen.
func BlankCongress(id string) Congress {
	rs, _ := LookupRuleset("")
	return Congress{ID: id, Title: "Đại hội mới (chưa đặt tên) / New congress", Type: Representative, Ruleset: rs.Name, Settings: rs.Settings}
}

// DraftsFollowing returns the drafts that took the congress's ruleset and settings as they were,
// with c's instead: a quorum or a surplus bound the organisers correct before the day applies to
// the polls they have prepared, as it would had they prepared them after. A draft given settings
// of its own keeps them.
func (s *State) DraftsFollowing(c Congress) []Poll {
	var out []Poll
	for _, p := range s.Polls {
		if p.State != Draft || p.Ruleset != s.Congress.Ruleset || p.Settings != s.Congress.Settings {
			continue
		}
		if p.Ruleset == c.Ruleset && p.Settings == c.Settings {
			continue
		}
		p.Ruleset, p.Settings = c.Ruleset, c.Settings
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
