// Package store keeps the congress in a bbolt file: the entities as JSON in one bucket each, the
// event log, and each poll's roll and ballot box. Every write is fsynced before it returns.
package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/daihoi/daihoi"
)

// FileName is the bbolt file inside the data folder.
const FileName = "daihoi.db"

// SchemaVersion is the layout this code writes. Opening an older file runs the migrations between.
const SchemaVersion = 2

// migrations[v] moves a file from version v to v+1.
var migrations = map[int]func(tx *bolt.Tx) error{
	1: chainEvents, // version 2 chains the events (see chain.go)
}

var (
	bMeta   = []byte("meta")
	bEvents = []byte("events")
	bBoxes  = []byte("boxes")
	bSeals  = []byte("seals")
	kSchema = []byte("schema")
	kState  = []byte("state")
	kCount  = []byte("count")
	bRoll   = []byte("roll")
	bBox    = []byte("box")
	bRcpt   = []byte("receipts")
	vOpen   = []byte("open")
	vClosed = []byte("closed")
)

// DB is the bbolt store.
type DB struct {
	// mu guards db: every transaction holds it for reading, and the compaction that swaps the file
	// for its compacted copy (see compact) holds it for writing, so that no transaction runs on
	// the file being replaced. A method holds it once, never twice over.
	mu   sync.RWMutex
	db   *bolt.DB
	path string
	opts bolt.Options

	// The ballots waiting for the writer (see Cast), and whether it runs.
	cmu     sync.Mutex
	queue   []*castReq
	casting bool

	// Counters of the ballot path, for the load generator: transactions that carried ballots and
	// ballots boxed.
	castTxs, castBallots atomic.Int64
}

// CastStats returns how many transactions have carried ballots and how many ballots they boxed.
func (s *DB) CastStats() (txs, ballots int64) { return s.castTxs.Load(), s.castBallots.Load() }

var _ daihoi.Store = (*DB)(nil)

// Open opens (or creates) the store in dir. A second process on the same folder gets a clear error
// after timeout instead of waiting for ever. Only a folder without a data file gets a new one: an
// empty, truncated or damaged file is refused with a message that says how to restore a backup
// (see checkFile), and is left as it was.
func Open(dir string, timeout time.Duration) (*DB, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: create data folder: %w", err)
	}
	path := filepath.Join(dir, FileName)
	if err := checkFile(path); err != nil {
		return nil, err
	}
	s := &DB{path: path, opts: bolt.Options{Timeout: timeout}}
	db, err := openChecked(path, &s.opts)
	if err != nil {
		return nil, err
	}
	// A compaction or a backup that stopped half-way leaves its copy; the data file is whole. (Only
	// once the file is ours: another process's copies may be in the making.)
	removeCopies(path)
	s.db = db
	if err := s.init(); err != nil {
		db.Close()
		return nil, err
	}
	// A poll closed, and the process stopped before the file was compacted.
	if s.compactPending() {
		if err := s.compact(); err != nil {
			s.db.Close()
			return nil, daihoi.Errorf(daihoi.EINTERNAL,
				"không nén được tệp dữ liệu %s sau khi kết thúc bỏ phiếu (%v); việc nén cần chỗ trống trên đĩa bằng cỡ tệp: giải phóng chỗ trống rồi khởi động lại",
				"the data file %s could not be compacted after a poll closed (%v); compacting needs free disk space the size of the file: free some and start again",
				path, err)
		}
	}
	return s, nil
}

// Path is the bbolt file's path.
func (s *DB) Path() string { return s.path }

func (s *DB) init() error {
	return s.update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bMeta)
		if err != nil {
			return err
		}
		version := SchemaVersion
		if v := meta.Get(kSchema); v != nil {
			fmt.Sscan(string(v), &version)
		}
		if version > SchemaVersion {
			return daihoi.Errorf(daihoi.ECONFLICT, "tệp dữ liệu thuộc phiên bản mới hơn (%d) của daihoi", "the data file is from a newer daihoi (schema %d)", version)
		}
		for ; version < SchemaVersion; version++ {
			if m := migrations[version]; m != nil {
				if err := m(tx); err != nil {
					return fmt.Errorf("store: migrate schema %d: %w", version, err)
				}
			}
		}
		for _, name := range append([][]byte{bEvents, bBoxes, bSeals}, kindBuckets()...) {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return meta.Put(kSchema, []byte(fmt.Sprint(SchemaVersion)))
	})
}

func kindBuckets() [][]byte {
	out := make([][]byte, len(daihoi.Kinds))
	for i, k := range daihoi.Kinds {
		out[i] = []byte(k)
	}
	return out
}

// Close closes the file.
func (s *DB) Close() error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.db.Close()
}

// view runs a read transaction on the file.
func (s *DB) view(fn func(*bolt.Tx) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.db.View(fn)
}

// update runs a write transaction on the file.
func (s *DB) update(fn func(*bolt.Tx) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.db.Update(fn)
}

// Load reads every entity and the last sequence number.
func (s *DB) Load() (*daihoi.State, uint64, error) {
	st := daihoi.NewState()
	var seq uint64
	err := s.view(func(tx *bolt.Tx) error {
		for _, k := range daihoi.Kinds {
			if k == daihoi.KCard || k == daihoi.KSession {
				continue
			}
			err := tx.Bucket([]byte(k)).ForEach(func(id, v []byte) error {
				if err := st.Load(k, string(id), v); err != nil {
					return fmt.Errorf("%s %s: %w", k, id, err)
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		if k, _ := tx.Bucket(bEvents).Cursor().Last(); k != nil {
			seq = binary.BigEndian.Uint64(k)
		}
		return nil
	})
	if err != nil {
		// The pages are sound (checked at Open), but a record in them is not what daihoi wrote.
		return nil, 0, damaged(s.path, "một bản ghi không đọc được ("+err.Error()+")", "a record cannot be read ("+err.Error()+")")
	}
	return st, seq, nil
}

func seqKey(seq uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], seq)
	return b[:]
}

// Commit writes a change and its events in one transaction. A change that closes a ballot box then
// compacts the file (see compact); should that fail, the change is written all the same and Commit
// returns an error with a method Written() bool, true; the next start compacts the file.
func (s *DB) Commit(c *daihoi.Change, boxes ...daihoi.BoxOp) error {
	// Encode before the transaction: nothing slow happens while holding the writer lock.
	values := make([][]byte, len(c.Puts))
	for i, p := range c.Puts {
		if p.Value == nil {
			continue
		}
		b, err := json.Marshal(p.Value)
		if err != nil {
			return fmt.Errorf("store: encode %s %s: %w", p.Kind, p.ID, err)
		}
		values[i] = b
	}
	events := c.Events
	err := s.update(func(tx *bolt.Tx) error {
		for i, p := range c.Puts {
			b := tx.Bucket([]byte(p.Kind))
			if b == nil {
				return fmt.Errorf("unknown kind %q", p.Kind)
			}
			var err error
			if values[i] == nil {
				err = b.Delete([]byte(p.ID))
			} else {
				err = b.Put([]byte(p.ID), values[i])
			}
			if err != nil {
				return err
			}
		}
		for _, op := range boxes {
			if err := boxOp(tx, op); err != nil {
				return err
			}
		}
		return appendEvents(tx, events)
	})
	if err != nil {
		for i := range events {
			events[i].Seq = 0
		}
		var de *daihoi.Error
		if errors.As(err, &de) {
			return err
		}
		return fmt.Errorf("store: commit: %w", err)
	}
	for _, op := range boxes {
		if !op.Open && op.Issue == nil { // a close: the file is compacted (an issue leaves it as it is)
			if err := s.compact(); err != nil {
				return &compactError{err}
			}
			return nil
		}
	}
	return nil
}

// Events returns up to limit events after seq.
func (s *DB) Events(after uint64, limit int) ([]daihoi.Event, error) {
	var out []daihoi.Event
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bEvents).Cursor()
		for k, v := c.Seek(seqKey(after + 1)); k != nil && len(out) < limit; k, v = c.Next() {
			var e daihoi.Event
			if err := json.Unmarshal(v, &e); err != nil {
				return err
			}
			e.Prev = "" // the chain is the audit's: a screen is sent what it was sent live
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: events: %w", err)
	}
	return out, nil
}

// Get reads one entity.
func (s *DB) Get(kind daihoi.Kind, id string, v any) (bool, error) {
	var found bool
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(kind))
		if b == nil {
			return fmt.Errorf("unknown kind %q", kind)
		}
		data := b.Get([]byte(id))
		if data == nil {
			return nil
		}
		found = true
		return json.Unmarshal(data, v)
	})
	if err != nil {
		return false, fmt.Errorf("store: get %s: %w", kind, err)
	}
	return found, nil
}

// Each calls fn for every entity of a kind. The data is valid only during the call.
func (s *DB) Each(kind daihoi.Kind, fn func(id string, data []byte) error) error {
	return s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(kind))
		if b == nil {
			return fmt.Errorf("store: unknown kind %q", kind)
		}
		return b.ForEach(func(k, v []byte) error { return fn(string(k), v) })
	})
}
