package daihoi

import (
	"crypto/sha256"
	"encoding/hex"
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
	// Prev chains the audit trail: the SHA-256, in hex, of the event before as it is stored (see
	// ChainHash); for the first event, of the congress's id. The store sets it when it writes the
	// event; screens are not sent it.
	Prev string `json:"prev,omitempty"`
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
	EvSeal       = "seal"         // a closed poll's box was sealed: its digest, in the change that closes (or recounts) it
	EvBackup     = "backup"       // a copy of the data file to the second disk was written, or failed
)

// The audit chain. Every stored event carries in Prev the SHA-256 of the event before it, so that
// an event edited, removed or inserted after the fact breaks the chain at that point
// (`daihoi audit`). The canonical encoding is the record exactly as the store wrote it: the event's
// JSON by encoding/json (fields in the order of Event, Prev included, no indentation). The auditor
// hashes the stored bytes and never encodes them again, so nothing but SHA-256 is needed to check
// a chain (a record dumped from the file and piped to sha256sum gives the next event's Prev). The
// first event's Prev is the SHA-256 of the congress's id (its UTF-8 bytes; of "" when the first event
// was written before the congress was installed). Events carry counts and actors, never a ballot, a receipt or a voter's mark:
// the chain adds no link between a voter and a ballot.

// ChainHash returns the hex SHA-256 of b: an event's record as stored, or the congress's id.
func ChainHash(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// Seal is the data of an EvSeal event: a closed poll's sealed digest (see SealBallots) and how many
// ballots it covers. It says nothing of any ballot.
type Seal struct {
	Poll    string `json:"poll"`
	Digest  string `json:"digest"`
	Ballots int    `json:"ballots"` // tablet box and agreed paper ballots
}

// ChainMark is a point of the audit chain: an event's number and the hash of its record, which the
// next event carries. The minutes print the mark of the poll's last seal: the chain's head at its
// close.
type ChainMark struct {
	Seq  uint64 `json:"seq"`
	Head string `json:"head"`
}

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
