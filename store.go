package daihoi

import "io"

// BoxOp opens or closes a poll's ballot box as part of a change, or adds voters to its roll.
type BoxOp struct {
	Poll     string
	Open     bool     // open the box with this roll of eligible voters; false closes it, unless Issue
	Eligible []string // delegate ids that may vote (open only)
	// Issue, when not nil, adds these delegates to the roll of an open box (delegates who arrived
	// while it was open); the box stays open. A delegate on the roll already is a conflict: nobody
	// is issued two ballots.
	Issue []string
}

// CastResult is what the store says of one cast ballot.
type CastResult struct {
	Count     int  // ballots in the box after this one
	Duplicate bool // the same voter retried the same ballot: nothing was added
}

// Store keeps the congress on disk. Every method that writes returns only when the write is
// durable (fsync). The bbolt implementation is in store/.
type Store interface {
	// Load reads the whole state and the last event's sequence number.
	Load() (*State, uint64, error)
	// Commit writes a change in one transaction: its entities, its ballot-box operations and its
	// events, to which it gives the next sequence numbers and the audit chain's hashes (Event.Prev). On error nothing is written, except when
	// a box's close was written and the compaction after it failed: that error has a method
	// Written() bool, true (the next start compacts the file).
	Commit(c *Change, boxes ...BoxOp) error
	// Events returns up to limit events after seq, in order.
	Events(after uint64, limit int) ([]Event, error)
	// Get reads one entity into v; it reports false when there is none.
	Get(kind Kind, id string, v any) (bool, error)
	// Each calls fn with every stored entity of a kind (cards, sessions), in key order.
	Each(kind Kind, fn func(id string, data []byte) error) error

	// Cast puts one ballot in an open poll's box and marks the voter on the poll's roll, in one
	// transaction shared with other ballots cast at the same moment. The roll keeps only tag (an
	// opaque value the caller derives) against the voter; the box keeps content under a random key,
	// with no time and no voter; the receipt goes into the poll's list of receipts, apart from the
	// content, which says nothing of the order of casting. A voter whose roll entry already equals tag gets Duplicate
	// (even after close: the answer to the first try may have been lost); one with another tag has
	// voted already (ECONFLICT); one not on the roll may not vote (EFORBIDDEN).
	Cast(poll, voter string, tag, receipt, content []byte) (CastResult, error)
	// CastAsync is Cast without the wait: answer is called once the ballot is on disk, or refused,
	// from the store's writer, and must return at once (it holds up the next transaction).
	CastAsync(poll, voter string, tag, receipt, content []byte, answer func(CastResult, error))
	// Receipts returns the poll's receipts, sorted.
	Receipts(poll string) ([]string, error)
	// Box returns the contents of a closed poll's ballot box in key order (which is random).
	Box(poll string) ([][]byte, error)
	// Voters returns the poll's roll: each eligible voter and whether they have voted.
	Voters(poll string) (map[string]bool, error)
	// Voter reports whether one voter is on the poll's roll (was issued a ballot) and has voted.
	Voter(poll, voter string) (eligible, voted bool, err error)
	// BoxCount returns how many ballots the box holds.
	BoxCount(poll string) (int, error)
	// Sealed returns the audit chain's mark at the poll's last seal (its EvSeal event), false if
	// the poll was never sealed.
	Sealed(poll string) (ChainMark, bool, error)

	// Backup writes a consistent copy of the whole file.
	Backup(w io.Writer) (int64, error)
	Close() error
}
