package daihoi

import (
	"sort"
	"strings"
	"time"
)

// The list of speakers (danh sách phát biểu): a delegate asks to speak on an agenda item, the
// presidium approves, calls (gives the floor) and ends, or moves a request up or down; a request is
// withdrawn before its speaker has spoken. Each step changes the caller's copy of a speaker only when
// it succeeds.

// ErrNoSpeaker is the answer about a registration that does not exist.
var ErrNoSpeaker = Errorf(ENOTFOUND, "Không tìm thấy đăng ký phát biểu.", "Speaker registration not found.")

// Speaker returns the registration with the id, or ErrNoSpeaker.
func (s *State) Speaker(id string) (Speaker, error) {
	sp, ok := s.Speakers[id]
	if !ok {
		return sp, ErrNoSpeaker
	}
	return sp, nil
}

// RegisterSpeaker is a delegate's request to speak, at the time given: an open contribution, or a
// prepared one with its title, on the item named or else the item running. A delegate may ask ahead
// for an item still to come, not for one that is over or skipped, and holds one waiting request per
// item. The request goes at the end of the item's list; the caller gives it its id.
func (s *State) RegisterSpeaker(d Delegate, in SpeakerRequest, at time.Time) (Speaker, error) {
	title := strings.TrimSpace(in.Title)
	if err := CheckLength(title, MaxTitle, "Tiêu đề tham luận", "The title of the contribution"); err != nil {
		return Speaker{}, err
	}
	switch in.Kind {
	case OpenDiscussion:
	case Prepared:
		if title == "" {
			return Speaker{}, Errorf(EINVALID, "Tham luận cần có tiêu đề.", "A prepared contribution needs a title.")
		}
	default:
		return Speaker{}, Errorf(EINVALID, "Hình thức phát biểu %q không hợp lệ (discussion, prepared).", "Unknown kind of contribution %q (discussion, prepared).", in.Kind)
	}
	agenda := Agenda(s.Agenda)
	item := in.Item
	if item == "" {
		cur := agenda.Current()
		if cur < 0 {
			return Speaker{}, Errorf(EINVALID, "Chưa có mục nào đang diễn ra để đăng ký phát biểu.", "No agenda item is open to speak on.")
		}
		item = agenda[cur].ID
	}
	i := agenda.Index(item)
	if i < 0 {
		return Speaker{}, Errorf(ENOTFOUND, "Không có mục này trong chương trình.", "This agenda item does not exist.")
	}
	switch it := agenda[i]; it.State {
	case Done:
		return Speaker{}, Errorf(ECONFLICT, "Mục «%s» đã kết thúc, không đăng ký phát biểu được nữa.", "The item “%s” is over: nobody can ask to speak on it now.", it.Title)
	case Skipped:
		return Speaker{}, Errorf(ECONFLICT, "Mục «%s» đã được bỏ qua, không đăng ký phát biểu được.", "The item “%s” was skipped: nobody can ask to speak on it.", it.Title)
	}
	pos := 0
	for _, sp := range s.Speakers {
		if sp.Item != item {
			continue
		}
		if sp.Delegate == d.ID && sp.waiting() {
			return Speaker{}, Errorf(ECONFLICT, "Đồng chí đã đăng ký phát biểu ở mục này.", "You are already registered to speak on this item.")
		}
		pos = max(pos, sp.Position+1)
	}
	return Speaker{Item: item, Delegate: d.ID, Name: d.Name, Unit: d.Unit, Kind: in.Kind,
		Title: title, State: Requested, Position: pos, Requested: at}, nil
}

// waiting reports whether the request waits to be called: requested or approved.
func (sp Speaker) waiting() bool { return sp.State == Requested || sp.State == Approved }

// Withdraw takes a request off the list, by its delegate or the presidium (by is the role, subject
// who asks), before its speaker has spoken.
func (sp *Speaker) Withdraw(by Role, subject string) error {
	if by == DelegateRole && sp.Delegate != subject {
		return Errorf(EFORBIDDEN, "Đây không phải đăng ký của đồng chí.", "This is not your registration.")
	}
	if sp.State == Speaking || sp.State == Spoke {
		return Errorf(ECONFLICT, "Đã phát biểu, không rút được.", "Already spoken: it cannot be withdrawn.")
	}
	sp.State = Withdrawn
	return nil
}

// Approve is the presidium's approval of a waiting request: the hall sees it from then on.
func (sp *Speaker) Approve() error {
	if sp.State != Requested {
		return Errorf(ECONFLICT, "Chỉ duyệt được đăng ký đang chờ.", "Only a waiting registration can be approved.")
	}
	sp.State = Approved
	return nil
}

// Call gives the floor to a waiting speaker, at the time given, on the item running: a request made
// ahead waits for its item. Whoever had the floor is done; Call returns them, changed.
func (sp *Speaker) Call(agenda Agenda, speakers map[string]Speaker, at time.Time) (ended []Speaker, err error) {
	if !sp.waiting() {
		return nil, Errorf(ECONFLICT, "Đại biểu này không ở trong danh sách chờ phát biểu.", "This speaker is not waiting to speak.")
	}
	if cur := agenda.Current(); cur < 0 || agenda[cur].ID != sp.Item {
		var title string
		if i := agenda.Index(sp.Item); i >= 0 {
			title = agenda[i].Title
		}
		return nil, Errorf(ECONFLICT, "Đại biểu này đăng ký phát biểu ở mục «%s», không phải mục đang diễn ra: chỉ mời phát biểu được khi mục đó bắt đầu.", "This speaker asked to speak on “%s”, not the item running: they can be called once it starts.", title)
	}
	for _, other := range speakers {
		if other.State == Speaking && other.ID != sp.ID {
			other.State, other.EndedAt = Spoke, at
			ended = append(ended, other)
		}
	}
	sp.State, sp.StartedAt = Speaking, at
	return ended, nil
}

// Done ends the speaker's turn at the time given.
func (sp *Speaker) Done(at time.Time) error {
	if sp.State != Speaking {
		return Errorf(ECONFLICT, "Đại biểu này không đang phát biểu.", "This speaker is not speaking.")
	}
	sp.State, sp.EndedAt = Spoke, at
	return nil
}

// Act applies one of the presidium's actions named in the request: approve, call or done. Call
// returns whoever it ended.
func (sp *Speaker) Act(action string, agenda Agenda, speakers map[string]Speaker, at time.Time) (ended []Speaker, err error) {
	switch action {
	case "approve":
		return nil, sp.Approve()
	case "call":
		return sp.Call(agenda, speakers, at)
	case "done":
		return nil, sp.Done(at)
	}
	return nil, Errorf(ENOTFOUND, "Không có thao tác %q.", "Unknown action %q.", action)
}

// MoveSpeaker puts a registration at position to (from 0) of its item's list and numbers the list
// again. It returns the registrations whose position changed, and the one moved.
func (s *State) MoveSpeaker(id string, to int) ([]Speaker, error) {
	sp, err := s.Speaker(id)
	if err != nil {
		return nil, err
	}
	var list []Speaker
	for _, o := range s.Speakers {
		if o.Item == sp.Item && o.ID != sp.ID {
			list = append(list, o)
		}
	}
	SortSpeakers(list)
	if to < 0 || to > len(list) {
		return nil, Errorf(EINVALID, "Vị trí %d nằm ngoài danh sách.", "Position %d is outside the list.", to)
	}
	list = append(list[:to], append([]Speaker{sp}, list[to:]...)...)
	var changed []Speaker
	for i, o := range list {
		if o.Position != i || o.ID == sp.ID {
			o.Position = i
			changed = append(changed, o)
		}
	}
	return changed, nil
}

// SortSpeakers orders registrations by item, then position on the item's list, then time of request.
func SortSpeakers(list []Speaker) {
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.Item != b.Item {
			return a.Item < b.Item
		}
		if a.Position != b.Position {
			return a.Position < b.Position
		}
		return a.Requested.Before(b.Requested)
	})
}
