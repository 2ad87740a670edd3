package daihoi

import (
	"encoding/json"
	"time"
)

// Event is one change of the congress, numbered across the congress and stored before any screen
// sees it: the audit trail. Actor is the operator who caused it, or the delegate for a delegate's own
// request (a speaker registration, a comment); never the voter of a ballot, which is no event.
type Event struct {
	Seq   uint64          `json:"seq"`
	Type  string          `json:"type"`
	At    time.Time       `json:"at"`
	Actor string          `json:"actor,omitempty"`
	Data  json.RawMessage `json:"data"`
	// Audience lists the roles that may see the event; empty means every screen.
	Audience []Role `json:"audience,omitempty"`
	// Delegate, when set, limits a delegate audience to that delegate (their own registration).
	Delegate string `json:"delegate,omitempty"`
}

// Event types.
const (
	EvCongress   = "congress"     // the congress record changed
	EvDelegate   = "delegate"     // one person on the roll changed (presence, status)
	EvAttendance = "attendance"   // present / base / quorum
	EvAgenda     = "agenda"       // the whole agenda (order, states, times)
	EvAgendaItem = "agenda_items" // the agenda items that changed, in place: the order and the set stay
	EvPoll       = "poll"         // a poll changed (the view its audience may see)
	EvSpeaker    = "speaker"      // a speaker registration changed
	EvComment    = "comment"      // a comment on a draft document
	EvQuestion   = "question"     // a question to the presidium
	EvDocument   = "document"     // a draft document loaded or changed
	EvOperator   = "operator"     // an operator account changed
	EvPollGone   = "poll_removed" // a draft poll removed on the setup screen
	EvSession    = "sign_in"      // an operator or a delegate signed in: who, and for a delegate the address and how many devices
	EvSignOut    = "sign_out"     // a delegate signed out on one device
	EvCard       = "card"         // cards were issued: a delegate's card reissued, or every card printed anew
	EvBallot     = "ballot"       // one delegate's tablet was issued a ballot in an open poll (they arrived late)
)

// VisibleTo reports whether a screen of this role (and, for a delegate, this delegate) may see the
// event.
func (e *Event) VisibleTo(role Role, delegate string) bool {
	if len(e.Audience) > 0 {
		ok := false
		for _, r := range e.Audience {
			if r == role {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	if e.Delegate != "" && role == DelegateRole && e.Delegate != delegate {
		return false
	}
	return true
}

// Staff is the audience of what only the people running the congress see.
var Staff = []Role{Organiser, Presidium, Secretariat, Teller}
