package daihoi

import (
	"encoding/json"
	"sort"
	"sync"
	"time"
)

// Kind names a collection of stored entities. A store keeps one bucket (table) for each.
type Kind string

const (
	KCongress  Kind = "congress"
	KDelegate  Kind = "delegates"
	KOperator  Kind = "operators"
	KAgenda    Kind = "agenda"
	KPoll      Kind = "polls"
	KDocument  Kind = "documents"
	KSpeaker   Kind = "speakers"
	KComment   Kind = "comments"
	KQuestion  Kind = "questions"
	KCard      Kind = "cards"    // sign-in code → delegate id
	KSession   Kind = "sessions" // hash of a session token → Session
	KPollCount Kind = "counts"   // poll id → Counts of a show of hands
	KPaper     Kind = "paper"    // BatchKey → PaperBatch: a batch of paper ballots keyed by the tellers
	KEntryLog  Kind = "entrylog" // EntryRecord.Key → EntryRecord: the entry log (nhật ký nhập phiếu)
)

// Kinds lists every entity collection, for stores that create them up front.
var Kinds = []Kind{KCongress, KDelegate, KOperator, KAgenda, KPoll, KDocument, KSpeaker, KComment, KQuestion, KCard, KSession, KPollCount, KPaper, KEntryLog}

// Put is one entity written by a change; a nil Value deletes it.
type Put struct {
	Kind  Kind
	ID    string
	Value any
}

// Change is one atomic change of the congress: the entities it writes and the events it causes. A
// store writes it in one transaction, numbering the events; only then does the state in memory
// take it (State.Apply) and the screens hear of it.
type Change struct {
	Actor  string
	At     time.Time
	Puts   []Put
	Events []Event
}

// NewChange starts a change made by actor.
func NewChange(actor string, at time.Time) *Change { return &Change{Actor: actor, At: at} }

// Put records an entity to write.
func (c *Change) Put(kind Kind, id string, v any) { c.Puts = append(c.Puts, Put{kind, id, v}) }

// Delete records an entity to delete.
func (c *Change) Delete(kind Kind, id string) { c.Puts = append(c.Puts, Put{kind, id, nil}) }

// Emit records an event with data encoded as JSON, seen by the audience (every screen when empty).
func (c *Change) Emit(typ string, data any, audience ...Role) *Event {
	b, err := json.Marshal(data)
	if err != nil {
		panic("daihoi: event data does not encode: " + err.Error())
	}
	c.Events = append(c.Events, Event{Type: typ, At: c.At, Actor: c.Actor, Data: b, Audience: audience})
	return &c.Events[len(c.Events)-1]
}

// Session is a signed-in screen: an operator or a delegate. The store keys it by the hash of its
// token, so a copy of the file does not sign anybody in.
type Session struct {
	Role     Role      `json:"role"`
	Subject  string    `json:"subject"` // operator or delegate id
	Name     string    `json:"name"`
	Created  time.Time `json:"created"`
	Operator bool      `json:"operator"`
}

// SpeakerKind tells a prepared contribution from an open one.
const (
	OpenDiscussion = "discussion" // phát biểu thảo luận
	Prepared       = "prepared"   // tham luận, with a title
)

// Speaker states.
const (
	Requested = "requested"
	Approved  = "approved"
	Speaking  = "speaking"
	Spoke     = "spoke" // "done" before; files that say so are read as spoke (State.Load)
	Withdrawn = "withdrawn"
)

// Speaker is a delegate's registration to speak on an agenda item.
type Speaker struct {
	ID         string    `json:"id"`
	Item       string    `json:"item"`
	Delegate   string    `json:"delegate"`
	Name       string    `json:"name"`
	Unit       string    `json:"unit"`
	Kind       string    `json:"kind"`
	Title      string    `json:"title,omitempty"`
	State      string    `json:"state"`
	Position   int       `json:"position"`
	Requested  time.Time `json:"requested"`
	StartedAt  time.Time `json:"started_at,omitzero"`
	EndedAt    time.Time `json:"ended_at,omitzero"`
	MaxMinutes int       `json:"max_minutes,omitempty"`
}

// Comment is a delegate's written contribution on one section of a draft document.
type Comment struct {
	ID       string    `json:"id"`
	Document string    `json:"document"`
	Section  string    `json:"section"`
	Delegate string    `json:"delegate"`
	Name     string    `json:"name"`
	Unit     string    `json:"unit"`
	Text     string    `json:"text"`
	At       time.Time `json:"at"`
}

// Question is a delegate's question to the presidium, by topic.
type Question struct {
	ID       string    `json:"id"`
	Topic    string    `json:"topic"`
	Delegate string    `json:"delegate"`
	Name     string    `json:"name"`
	Unit     string    `json:"unit"`
	Text     string    `json:"text"`
	At       time.Time `json:"at"`
	Answered bool      `json:"answered"`
}

// State is the congress as the server holds it in memory: everything but ballots, cards and
// sessions. It changes only through Apply, after a store has written the change.
type State struct {
	Congress  Congress
	Delegates map[string]Delegate
	Operators map[string]Operator
	Agenda    []AgendaItem
	Polls     map[string]Poll
	Counts    map[string]Counts
	Documents map[string]Document
	Speakers  map[string]Speaker
	Comments  map[string]Comment
	Questions map[string]Question
	Batches   map[string]PaperBatch  // by BatchKey
	EntryLog  map[string]EntryRecord // by EntryRecord.Key

	// Kept between changes of the roll: read on every snapshot, by many readers at once.
	cacheMu    sync.Mutex
	roll       Roll
	attendance *Attendance
}

// NewState returns an empty state.
func NewState() *State {
	return &State{
		Delegates: map[string]Delegate{}, Operators: map[string]Operator{}, Polls: map[string]Poll{},
		Counts: map[string]Counts{}, Documents: map[string]Document{}, Speakers: map[string]Speaker{},
		Comments: map[string]Comment{}, Questions: map[string]Question{},
		Batches: map[string]PaperBatch{}, EntryLog: map[string]EntryRecord{},
	}
}

// Load sets one stored entity from its JSON; stores call it when they read the file.
func (s *State) Load(kind Kind, id string, data []byte) error {
	s.roll, s.attendance = nil, nil
	switch kind {
	case KCongress:
		return json.Unmarshal(data, &s.Congress)
	case KAgenda:
		return json.Unmarshal(data, &s.Agenda)
	case KSpeaker:
		var sp Speaker
		if err := json.Unmarshal(data, &sp); err != nil {
			return err
		}
		if sp.State == "done" { // a file written when a speaker who had spoken shared the agenda's "done"
			sp.State = Spoke
		}
		s.Speakers[id] = sp
		return nil
	}
	if t := s.table(kind); t != nil {
		return t.load(id, data)
	}
	return nil
}

// table is one collection of entities in memory, by id.
type table interface {
	load(id string, data []byte) error
	apply(p Put)
}

type tableOf[T any] map[string]T

func (m tableOf[T]) load(id string, data []byte) error {
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	m[id] = v
	return nil
}

func (m tableOf[T]) apply(p Put) {
	if p.Value == nil {
		delete(m, p.ID)
		return
	}
	m[p.ID] = p.Value.(T)
}

// table returns the collection of a kind; nil for single values (congress, agenda) and for what
// the state does not hold (cards, sessions).
func (s *State) table(kind Kind) table {
	switch kind {
	case KDelegate:
		return tableOf[Delegate](s.Delegates)
	case KOperator:
		return tableOf[Operator](s.Operators)
	case KPoll:
		return tableOf[Poll](s.Polls)
	case KPollCount:
		return tableOf[Counts](s.Counts)
	case KDocument:
		return tableOf[Document](s.Documents)
	case KSpeaker:
		return tableOf[Speaker](s.Speakers)
	case KComment:
		return tableOf[Comment](s.Comments)
	case KQuestion:
		return tableOf[Question](s.Questions)
	case KPaper:
		return tableOf[PaperBatch](s.Batches)
	case KEntryLog:
		return tableOf[EntryRecord](s.EntryLog)
	}
	return nil
}

// Apply takes a written change into memory.
func (s *State) Apply(c *Change) {
	for _, p := range c.Puts {
		switch p.Kind {
		case KDelegate:
			s.roll, s.attendance = nil, nil
		case KCongress:
			s.roll, s.attendance = nil, nil
			s.Congress = p.Value.(Congress)
			continue
		case KAgenda:
			s.Agenda = p.Value.([]AgendaItem)
			continue
		}
		if t := s.table(p.Kind); t != nil {
			t.apply(p)
		}
	}
}

// Roll returns the people on the roll ordered by their number. The slice is shared and kept until
// the roll changes: callers must not modify it.
func (s *State) Roll() Roll {
	s.cacheMu.Lock()
	defer s.cacheMu.Unlock()
	return s.sortedRoll()
}

func (s *State) sortedRoll() Roll {
	if s.roll == nil {
		r := make(Roll, 0, len(s.Delegates))
		for _, d := range s.Delegates {
			r = append(r, d)
		}
		sort.Slice(r, func(i, j int) bool { return r[i].Number < r[j].Number })
		s.roll = r
	}
	return s.roll
}

// Attendance is the live count of the door, kept until the roll or the congress changes.
func (s *State) Attendance() Attendance {
	s.cacheMu.Lock()
	defer s.cacheMu.Unlock()
	if s.attendance == nil {
		a := s.sortedRoll().Attendance(s.Congress.Type, s.Congress.Settings)
		s.attendance = &a
	}
	return *s.attendance
}

// AttendanceWith is the attendance the roll would give with d changed: what a change announces
// before the state takes it.
func (s *State) AttendanceWith(d Delegate) Attendance {
	people := func(yield func(Delegate) bool) {
		for _, p := range s.Delegates {
			if p.ID == d.ID {
				p = d
			}
			if !yield(p) {
				return
			}
		}
	}
	return attendanceOf(s.Congress.Type, s.Congress.Settings, people)
}

// BackupRefused says why no copy of the data file may be made now, or nil: not while a poll takes
// ballots (any but a show of hands), because a copy then and another later would show which
// voter's mark and which ballot appeared together.
func (s *State) BackupRefused() error {
	for _, p := range s.Polls {
		if p.State == Open && p.Mode != Hands {
			return Errorf(ECONFLICT, "Đang bỏ phiếu \"%s\": sao lưu sau khi kết thúc bỏ phiếu.", "The poll \"%s\" is open: back up once it closes.", p.Title)
		}
	}
	return nil
}
