package daihoi

import (
	"encoding/json"
	"time"
)

// The types of the HTTP API and the event stream, shared by server/ and client/.

// CheckInRequest is what the door sends: the code a scanner typed, or a delegate chosen by name.
type CheckInRequest struct {
	Code     string `json:"code,omitempty"`
	Delegate string `json:"delegate,omitempty"`
}

// Card is a delegate's sign-in link, for printing cards.
type Card struct {
	Delegate string `json:"delegate"`
	Number   int    `json:"number"`
	Name     string `json:"name"`
	Unit     string `json:"unit"`
	Code     string `json:"code,omitempty"` // only when the card is issued: the server keeps no code
}

// ItemRef names an agenda item, and a new position when it moves.
type ItemRef struct {
	Item string `json:"item"`
	To   int    `json:"to,omitempty"`
	// Confirm: the presidium was asked and leaves the item anyway, with a vote never held or
	// speakers waiting (State.LeaveItem).
	Confirm bool `json:"confirm,omitempty"`
}

// InsertItem is a new agenda item placed after another.
type InsertItem struct {
	After        string `json:"after"`
	Title        string `json:"title"`
	Sitting      string `json:"session"`
	Kind         string `json:"kind"`
	PlannedStart string `json:"planned_start"`
	Minutes      int    `json:"minutes"`
}

// SpeakerRequest is a delegate's registration to speak.
type SpeakerRequest struct {
	Item  string `json:"item"`
	Kind  string `json:"kind"` // discussion or prepared
	Title string `json:"title,omitempty"`
}

// DocumentRequest loads a draft document: either sections, or a text whose lines starting with a
// number ("1.", "2.3 ") or a Markdown heading begin a new section.
type DocumentRequest struct {
	ID       string    `json:"id,omitempty"`
	Title    string    `json:"title"`
	Sections []Section `json:"sections,omitempty"`
	Text     string    `json:"text,omitempty"`
}

// CommentRequest is a delegate's comment on one section of a draft document.
type CommentRequest struct {
	Document string `json:"document"`
	Section  string `json:"section"`
	Text     string `json:"text"`
}

// QuestionRequest is a delegate's question to the presidium.
type QuestionRequest struct {
	Topic string `json:"topic"`
	Text  string `json:"text"`
}

// ErrorBody is the JSON body of every error answer.
type ErrorBody struct {
	Code      string `json:"code"`
	Message   string `json:"message"`    // Vietnamese
	MessageEn string `json:"message_en"` // English
}

// Message is what a screen receives on /ws: a snapshot, an event, a turnout figure, "voted", or
// the answer to a request it sent on the socket ("receipt", or "error" with the HTTP status the
// same request would have had).
type Message struct {
	Type   string          `json:"type"` // "snapshot", "event", "turnout", "voted", "receipt", "error"
	Seq    uint64          `json:"seq,omitempty"`
	Data   json.RawMessage `json:"data,omitempty"`
	Event  *Event          `json:"event,omitempty"`
	Ref    string          `json:"ref,omitempty"`    // the request answered
	Status int             `json:"status,omitempty"` // of an error
	Error  *ErrorBody      `json:"error,omitempty"`
}

// SocketRequest is what a screen may send on /ws: a tablet's ballot ("cast"), answered on the
// same socket by a "receipt" or an "error" carrying the same ref. It is the same request as
// POST /api/polls/{poll}/ballots, without an HTTP round of its own.
type SocketRequest struct {
	Type   string        `json:"type"` // "cast"
	Ref    string        `json:"ref"`
	Poll   string        `json:"poll"`
	Ballot BallotRequest `json:"ballot"`
}

// Turnout is the figure of an open poll: ballots cast of those issued. It carries no content.
type Turnout struct {
	Poll   string `json:"poll"`
	Cast   int    `json:"cast"`
	Issued int    `json:"issued"`
}

// PollView is a poll as one role sees it: the result only once that role may see it.
//
// On the wire the candidates are listed once, in ballot order (Order); decoding fills both
// Candidates and Order with that list. Every screen shows the ballot order.
//
// An event about a poll whose list its audience already has says so (SameCandidates) and leaves
// the list out: a screen keeps the one it has. Sixty names are sent when a poll opens, not again at
// every step.
//
// Once the base is fixed, the view also gives the votes needed (needed, VotesNeeded): the screens
// state the threshold in votes without computing the rule again.
type PollView struct {
	Poll
	Order          []Candidate `json:"-"` // the ballot order
	Surplus        *Surplus    `json:"surplus,omitempty"`
	Cast           int         `json:"cast"`
	SameCandidates bool        `json:"same_candidates,omitempty"`
	// With a result, for the staff: the reasons its invalid ballots are counted under (see
	// Poll.InvalidReasons), for the tellers' screen to list as the minutes do.
	InvalidReasons []InvalidReason `json:"invalid_reasons,omitempty"`
}

type pollViewJSON struct {
	Poll
	Needed         int             `json:"needed,omitempty"`     // VotesNeeded of the base, once the base is fixed
	TwoColumn      bool            `json:"two_column,omitempty"` // the ballot's form (Poll.TwoColumn)
	Surplus        *Surplus        `json:"surplus,omitempty"`
	Cast           int             `json:"cast"`
	SameCandidates bool            `json:"same_candidates,omitempty"`
	InvalidReasons []InvalidReason `json:"invalid_reasons,omitempty"`
}

// MarshalJSON writes the poll with its candidates in ballot order.
func (v PollView) MarshalJSON() ([]byte, error) {
	out := pollViewJSON{Poll: v.Poll, Surplus: v.Surplus, Cast: v.Cast, SameCandidates: v.SameCandidates, InvalidReasons: v.InvalidReasons,
		TwoColumn: v.Poll.TwoColumn()}
	if v.Base > 0 {
		out.Needed = VotesNeeded(v.Base)
	}
	if v.Order != nil {
		out.Candidates = v.Order
	}
	if v.SameCandidates {
		out.Candidates = nil
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads a poll view; Candidates and Order both hold the ballot order.
func (v *PollView) UnmarshalJSON(b []byte) error {
	var in pollViewJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*v = PollView{Poll: in.Poll, Surplus: in.Surplus, Cast: in.Cast, SameCandidates: in.SameCandidates, InvalidReasons: in.InvalidReasons}
	if in.Kind == Election {
		v.Order = in.Candidates
	}
	return nil
}

// CandidateRequest names a candidate: a delegate on the roll (ID is the delegate's id) or any name.
// The server gives each candidate a short id of the election ("c01", …).
type CandidateRequest struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name"`
}

// PollRequest creates a draft motion or election.
type PollRequest struct {
	AgendaItem     string                     `json:"agenda_item,omitempty"`
	Kind           PollKind                   `json:"kind"`
	Title          string                     `json:"title"`
	Mode           PollMode                   `json:"mode"`
	Tablet         bool                       `json:"tablet"`
	Paper          bool                       `json:"paper"`
	Stations       int                        `json:"stations,omitempty"`
	Seats          int                        `json:"seats,omitempty"`
	AlternateSeats int                        `json:"alternate_seats,omitempty"`
	Candidates     []CandidateRequest         `json:"candidates,omitempty"`
	Ruleset        string                     `json:"ruleset,omitempty"`
	Settings       map[string]json.RawMessage `json:"settings,omitempty"`

	// TellersCountHands asks the tellers to count a show of hands and confirm its counts.
	TellersCountHands bool `json:"tellers_count_hands,omitempty"`
}

// BallotRequest is a delegate's ballot. BallotID is made by the tablet (a UUID) and stays the same
// when the tablet retries after a dropped connection.
type BallotRequest struct {
	BallotID string          `json:"ballot_id"`
	Choice   Choice          `json:"choice,omitempty"`
	Kept     []string        `json:"kept,omitempty"`
	Marks    map[string]Mark `json:"marks,omitempty"`
}

// Receipt is what the tablet shows once the ballot is on disk.
type Receipt struct {
	Poll      string `json:"poll"`
	Receipt   string `json:"receipt"`
	Duplicate bool   `json:"duplicate,omitempty"`
	Cast      int    `json:"cast"`
}

// VoterStatus is one eligible voter and whether they have voted (never how).
type VoterStatus struct {
	Delegate string `json:"delegate"`
	Number   int    `json:"number"`
	Name     string `json:"name"`
	Voted    bool   `json:"voted"`
}

// NamedChoice is who chose what in an open, named motion: shown to the presidium after close.
type NamedChoice struct {
	Delegate string `json:"delegate"`
	Name     string `json:"name"`
	Choice   Choice `json:"choice"`
}

// Snapshot is what a screen sees on connecting: everything its role may see.
type Snapshot struct {
	Seq        uint64          `json:"seq"`
	Me         Session         `json:"me"`
	Congress   Congress        `json:"congress"`
	Settings   []SettingInfo   `json:"settings"`
	Attendance Attendance      `json:"attendance"`
	Agenda     []AgendaItem    `json:"agenda"`
	Polls      []PollView      `json:"polls"`
	Speakers   []Speaker       `json:"speakers"`
	Documents  []Document      `json:"documents,omitempty"`
	Roll       []Delegate      `json:"roll,omitempty"`
	Comments   []Comment       `json:"comments,omitempty"`
	Questions  []Question      `json:"questions,omitempty"`
	Delegate   *Delegate       `json:"delegate,omitempty"` // a delegate's own record
	Voted      map[string]bool `json:"voted,omitempty"`    // a delegate: open polls they have voted in
	Eligible   map[string]bool `json:"eligible,omitempty"` // a delegate: open polls they were issued a ballot in
	Devices    map[string]int  `json:"devices,omitempty"`  // the presidium, the organiser: delegates signed in on more than one device, and on how many
	Backup     *BackupStatus   `json:"backup,omitempty"`   // the presidium, the organiser: the last backup to the second disk
}

// BackupStatus is the last copy of the data file written to the second disk (serve --backup-dir),
// or why it failed: the organiser's and the presidium's screens show a failure until a copy is
// written again. A failure never stops the congress.
type BackupStatus struct {
	OK    bool      `json:"ok"`
	At    time.Time `json:"at"`
	File  string    `json:"file,omitempty"` // the copy's path, when written
	Bytes int64     `json:"bytes,omitempty"`
	Vi    string    `json:"vi,omitempty"` // what failed, and what to do
	En    string    `json:"en,omitempty"`
}
