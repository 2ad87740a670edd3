// Package store keeps the congress in a bbolt file: the entities as JSON in one bucket each, the
// event log, and each poll's roll and ballot box. Every write is fsynced before it returns.
package store

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/daihoi/daihoi"
)

// FileName is the bbolt file inside the data folder.
const FileName = "daihoi.db"

// SchemaVersion is the layout this code writes. Opening an older file runs the migrations between.
const SchemaVersion = 1

// migrations[v] moves a file from version v to v+1.
var migrations = map[int]func(tx *bolt.Tx) error{}

var (
	bMeta   = []byte("meta")
	bEvents = []byte("events")
	bBoxes  = []byte("boxes")
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
	db   *bolt.DB
	path string

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
// after timeout instead of waiting for ever.
func Open(dir string, timeout time.Duration) (*DB, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: create data folder: %w", err)
	}
	path := filepath.Join(dir, FileName)
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, daihoi.Errorf(daihoi.ECONFLICT,
			"tệp dữ liệu %s đang được một tiến trình daihoi khác sử dụng; hãy dừng tiến trình đó hoặc chọn thư mục khác (--data)",
			"the data file %s is in use by another daihoi process; stop it or choose another folder (--data)", path)
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	s := &DB{db: db, path: path}
	if err := s.init(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Path is the bbolt file's path.
func (s *DB) Path() string { return s.path }

func (s *DB) init() error {
	return s.db.Update(func(tx *bolt.Tx) error {
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
		for _, name := range append([][]byte{bEvents, bBoxes}, kindBuckets()...) {
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
func (s *DB) Close() error { return s.db.Close() }

// Load reads every entity and the last sequence number.
func (s *DB) Load() (*daihoi.State, uint64, error) {
	st := daihoi.NewState()
	var seq uint64
	err := s.db.View(func(tx *bolt.Tx) error {
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
		return nil, 0, fmt.Errorf("store: load: %w", err)
	}
	return st, seq, nil
}

func seqKey(seq uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], seq)
	return b[:]
}

// Commit writes a change and its events in one transaction.
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
	err := s.db.Update(func(tx *bolt.Tx) error {
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
		eb := tx.Bucket(bEvents)
		for i := range events {
			seq, err := eb.NextSequence()
			if err != nil {
				return err
			}
			events[i].Seq = seq
			b, err := json.Marshal(&events[i])
			if err != nil {
				return err
			}
			if err := eb.Put(seqKey(seq), b); err != nil {
				return err
			}
		}
		return nil
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
	return nil
}

func boxOp(tx *bolt.Tx, op daihoi.BoxOp) error {
	boxes := tx.Bucket(bBoxes)
	if op.Open {
		if boxes.Bucket([]byte(op.Poll)) != nil {
			return daihoi.Errorf(daihoi.ECONFLICT, "hòm phiếu của cuộc bỏ phiếu này đã được mở", "this poll's ballot box was opened already")
		}
		pb, err := boxes.CreateBucket([]byte(op.Poll))
		if err != nil {
			return err
		}
		roll, err := pb.CreateBucket(bRoll)
		if err != nil {
			return err
		}
		if _, err := pb.CreateBucket(bBox); err != nil {
			return err
		}
		if _, err := pb.CreateBucket(bRcpt); err != nil {
			return err
		}
		for _, id := range op.Eligible {
			if err := roll.Put([]byte(id), []byte{}); err != nil {
				return err
			}
		}
		if err := pb.Put(kCount, seqKey(0)); err != nil {
			return err
		}
		return pb.Put(kState, vOpen)
	}
	pb := boxes.Bucket([]byte(op.Poll))
	if pb == nil {
		return daihoi.Errorf(daihoi.ENOTFOUND, "cuộc bỏ phiếu này chưa có hòm phiếu", "this poll has no ballot box")
	}
	if err := ungroup(pb, bBox); err != nil {
		return err
	}
	if err := ungroup(pb, bRcpt); err != nil {
		return err
	}
	return pb.Put(kState, vClosed)
}

// Events returns up to limit events after seq.
func (s *DB) Events(after uint64, limit int) ([]daihoi.Event, error) {
	var out []daihoi.Event
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bEvents).Cursor()
		for k, v := c.Seek(seqKey(after + 1)); k != nil && len(out) < limit; k, v = c.Next() {
			var e daihoi.Event
			if err := json.Unmarshal(v, &e); err != nil {
				return err
			}
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
	err := s.db.View(func(tx *bolt.Tx) error {
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

var (
	errNotOpen  = daihoi.Errorf(daihoi.ECONFLICT, "cuộc bỏ phiếu không mở", "the poll is not open")
	errNotOnRol = daihoi.Errorf(daihoi.EFORBIDDEN, "đồng chí không có tên trong danh sách được phát phiếu của cuộc bỏ phiếu này", "you are not on the list of voters of this poll")
	errVoted    = daihoi.Errorf(daihoi.ECONFLICT, "đồng chí đã bỏ phiếu; phiếu đã bỏ không thay đổi được", "you have already voted; a cast ballot cannot be changed")
)

// Cast puts a ballot in the box once it is on disk. Ballots cast at the same moment share one
// transaction and one fsync (a group commit): one writer takes every ballot waiting, writes them
// together and answers each, then takes the ballots that arrived meanwhile. A lone ballot is
// written at once; under a burst the transactions grow with the queue.
func (s *DB) Cast(poll, voter string, tag, receipt, content []byte) (daihoi.CastResult, error) {
	var res daihoi.CastResult
	var err error
	done := make(chan struct{})
	s.CastAsync(poll, voter, tag, receipt, content, func(r daihoi.CastResult, e error) {
		res, err = r, e
		close(done)
	})
	<-done
	return res, err
}

// CastAsync is Cast without the wait: the writer calls answer once the ballot's transaction is on
// disk (or the ballot is refused), so that the caster need not keep a goroutine waiting.
func (s *DB) CastAsync(poll, voter string, tag, receipt, content []byte, answer func(daihoi.CastResult, error)) {
	r := &castReq{poll: poll, voter: voter, tag: tag, receipt: receipt, content: content, answer: answer}
	s.cmu.Lock()
	s.queue = append(s.queue, r)
	if !s.casting {
		s.casting = true
		go s.castLoop()
	}
	s.cmu.Unlock()
}

// castReq is one ballot waiting for the writer, and then its answer.
type castReq struct {
	poll, voter           string
	tag, receipt, content []byte
	res                   daihoi.CastResult
	err                   error
	answer                func(daihoi.CastResult, error)
}

// castLoop is the writer of ballots. It runs while ballots wait, and ends when none do.
func (s *DB) castLoop() {
	for {
		s.cmu.Lock()
		batch := s.queue
		s.queue = nil
		if len(batch) == 0 {
			s.casting = false
			s.cmu.Unlock()
			return
		}
		s.cmu.Unlock()
		s.castBatch(batch)
		// The answers just given have woken whoever waits for them (the server's answer line, a
		// request waiting in Cast): the writer gives them its processor before it takes the next
		// batch (the other processors may take it up again meanwhile). Without
		// this, under a burst the writer keeps its processor from one transaction to the next
		// (an fsync seldom makes it give the processor up) and what it woke waits behind it: a
		// trace of the bench showed the receipts of a transaction held 20 ms while the writer
		// committed fourteen more small ones. The batch after the wait is the larger for it.
		runtime.Gosched()
	}
}

// castBatch writes a batch of ballots in one transaction. A ballot refused (not on the roll,
// voted already, the poll not open) writes nothing and is answered with its reason; the others
// go on. A failure of the file fails the whole transaction and every ballot in it.
//
// The batch's ballots go into the box as one value, shuffled: a transaction then writes a page or
// two of the box instead of most of its pages (under random keys, each ballot of a burst would land
// on a page of its own). The receipts join the poll's one sorted list of receipts (addReceipts).
// When the box closes, the groups and the list are split again (see ungroup).
func (s *DB) castBatch(batch []*castReq) {
	boxed := 0
	err := s.db.Update(func(tx *bolt.Tx) error {
		boxed = 0
		polls := map[string]*batchBox{} // the polls this batch casts in, each with its count
		for _, r := range batch {
			r.res, r.err = castOne(tx, r, polls)
			var de *daihoi.Error
			if r.err != nil && !errors.As(r.err, &de) {
				return r.err
			}
			if r.err == nil && !r.res.Duplicate {
				boxed++
				polls[r.poll].contents = append(polls[r.poll].contents, r.content)
			}
		}
		for _, bb := range polls {
			if len(bb.contents) == 0 {
				continue
			}
			if err := putRandom(bb.b.Bucket(bBox), group(bb.contents)); err != nil {
				return err
			}
			if err := addReceipts(bb.b.Bucket(bRcpt), bb.receipts); err != nil {
				return err
			}
			if err := bb.b.Put(kCount, seqKey(bb.count)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		for _, r := range batch {
			r.res, r.err = daihoi.CastResult{}, err
		}
	} else if boxed > 0 {
		s.castTxs.Add(1)
		s.castBallots.Add(int64(boxed))
	}
	for _, r := range batch {
		var de *daihoi.Error
		if r.err != nil && !errors.As(r.err, &de) {
			r.err = fmt.Errorf("store: cast: %w", r.err)
		}
		r.answer(r.res, r.err)
	}
}

// batchBox is a poll's box in a batch's transaction, read once for all the batch's ballots: its
// bucket, whether it is open, its count as the batch moves it (written once, at the end), and the
// contents and receipts the batch adds.
type batchBox struct {
	b        *bolt.Bucket
	open     bool
	count    uint64
	contents [][]byte
	receipts [][]byte
}

// castOne checks a ballot against the poll's roll and box, then marks the voter's tag on the roll,
// puts the receipt in the list of receipts and moves the count; castBatch boxes the content and
// writes the count. Every check comes before the first write, so a refused ballot leaves the
// transaction as it was.
func castOne(tx *bolt.Tx, r *castReq, polls map[string]*batchBox) (daihoi.CastResult, error) {
	bb := polls[r.poll]
	if bb == nil {
		pb := tx.Bucket(bBoxes).Bucket([]byte(r.poll))
		if pb == nil {
			return daihoi.CastResult{}, errNotOpen
		}
		bb = &batchBox{b: pb, open: bytes.Equal(pb.Get(kState), vOpen), count: binary.BigEndian.Uint64(pb.Get(kCount))}
		polls[r.poll] = bb
	}
	pb := bb.b
	roll := pb.Bucket(bRoll)
	prev := roll.Get([]byte(r.voter))
	switch {
	case prev == nil:
		return daihoi.CastResult{}, errNotOnRol
	case len(prev) > 0 && bytes.Equal(prev, r.tag):
		return daihoi.CastResult{Duplicate: true, Count: int(bb.count)}, nil
	case len(prev) > 0:
		return daihoi.CastResult{}, errVoted
	case !bb.open:
		return daihoi.CastResult{}, errNotOpen
	}
	if err := roll.Put([]byte(r.voter), r.tag); err != nil {
		return daihoi.CastResult{}, err
	}
	bb.receipts = append(bb.receipts, r.receipt)
	bb.count++
	return daihoi.CastResult{Count: int(bb.count)}, nil
}

// groupMark begins a value holding a group of ballots: a zero byte, which begins no ballot's JSON.
// Each ballot follows as a uvarint length and its bytes.
const groupMark = 0

// group writes items as one value, shuffled: the order in which they were cast is not kept.
func group(items [][]byte) []byte {
	out := []byte{groupMark}
	for _, it := range shuffle(slices.Clone(items)) {
		out = appendItem(out, it)
	}
	return out
}

// appendItem appends one item of a group: its length as a uvarint, then its bytes (see items).
func appendItem(out, it []byte) []byte {
	return append(binary.AppendUvarint(out, uint64(len(it))), it...)
}

// shuffle puts items in an order drawn from a generator seeded by crypto/rand, and returns them.
func shuffle(items [][]byte) [][]byte {
	var seed [32]byte
	rand.Read(seed[:])
	mrand.New(mrand.NewChaCha8(seed)).Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
	return items
}

// items calls fn for each ballot a value of the box holds: the ballots of a group, or the value
// itself.
func items(v []byte, fn func([]byte) error) error {
	if len(v) == 0 || v[0] != groupMark {
		return fn(v)
	}
	for rest := v[1:]; len(rest) > 0; {
		n, k := binary.Uvarint(rest)
		if k <= 0 || uint64(len(rest)-k) < n {
			return errors.New("store: a damaged group in the ballot box")
		}
		if err := fn(rest[k : k+int(n)]); err != nil {
			return err
		}
		rest = rest[k+int(n):]
	}
	return nil
}

// ungroup rewrites a bucket of groups with each ballot under a random key of its own, in a
// shuffled order, so that nothing in a closed box tells which ballots came in together.
func ungroup(pb *bolt.Bucket, name []byte) error {
	var all [][]byte
	err := pb.Bucket(name).ForEach(func(_, v []byte) error {
		return items(v, func(it []byte) error {
			all = append(all, bytes.Clone(it))
			return nil
		})
	})
	if err != nil {
		return err
	}
	if err := pb.DeleteBucket(name); err != nil {
		return err
	}
	b, err := pb.CreateBucket(name)
	if err != nil {
		return err
	}
	for _, it := range shuffle(all) {
		if err := putRandom(b, it); err != nil {
			return err
		}
	}
	return nil
}

// kSorted is the key of an open poll's receipts: one value holding all of them, in sorted order.
var kSorted = []byte("sorted")

// addReceipts adds a transaction's receipts to the open poll's list: one value holding every
// receipt so far in sorted order (as a group, see items), merged with the new ones and written
// again. A burst then rewrites a few contiguous pages instead of most pages of a list kept one
// receipt to a random key, and nothing in the value says when a receipt came: not the order, and
// not which receipts came together (a group of receipts the size of a group of ballots would stand
// for their pairing). Closing the poll puts each receipt under a random key of its own (ungroup).
// As with every page bbolt frees (the roll's, the box's), earlier copies of the list may remain in
// the file's free pages until they are reused: someone holding the file could compare two of them,
// as they could compare two copies of the file taken while the poll was open.
func addReceipts(b *bolt.Bucket, add [][]byte) error {
	if len(add) == 0 {
		return nil
	}
	slices.SortFunc(add, bytes.Compare)
	old := b.Get(kSorted)
	out := make([]byte, 1, len(old)+len(add)*(len(add[0])+1)+1)
	out[0] = groupMark
	if len(old) > 0 {
		if err := items(old, func(it []byte) error {
			for len(add) > 0 && bytes.Compare(add[0], it) < 0 {
				out = appendItem(out, add[0])
				add = add[1:]
			}
			out = appendItem(out, it)
			return nil
		}); err != nil {
			return err
		}
	}
	for _, it := range add {
		out = appendItem(out, it)
	}
	return b.Put(kSorted, out)
}

// putRandom puts v under a new random 16-byte key: the order of the keys says nothing of the order
// of the puts.
func putRandom(b *bolt.Bucket, v []byte) error {
	var key [16]byte
	for {
		if _, err := rand.Read(key[:]); err != nil {
			return err
		}
		if b.Get(key[:]) == nil {
			return b.Put(key[:], v)
		}
	}
}

// Receipts returns a poll's receipts, sorted.
func (s *DB) Receipts(poll string) ([]string, error) {
	var out []string
	err := s.db.View(func(tx *bolt.Tx) error {
		pb := tx.Bucket(bBoxes).Bucket([]byte(poll))
		if pb == nil {
			return nil
		}
		return pb.Bucket(bRcpt).ForEach(func(_, v []byte) error {
			return items(v, func(it []byte) error {
				out = append(out, string(it))
				return nil
			})
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: receipts: %w", err)
	}
	slices.Sort(out)
	return out, nil
}

// Box returns a closed poll's ballots.
func (s *DB) Box(poll string) ([][]byte, error) {
	var out [][]byte
	err := s.db.View(func(tx *bolt.Tx) error {
		pb := tx.Bucket(bBoxes).Bucket([]byte(poll))
		if pb == nil {
			return daihoi.Errorf(daihoi.ENOTFOUND, "cuộc bỏ phiếu này chưa có hòm phiếu", "this poll has no ballot box")
		}
		if !bytes.Equal(pb.Get(kState), vClosed) {
			return daihoi.Errorf(daihoi.ECONFLICT, "hòm phiếu chỉ được mở khi đã kết thúc bỏ phiếu", "the ballot box is opened only after the poll closes")
		}
		return pb.Bucket(bBox).ForEach(func(_, v []byte) error {
			return items(v, func(b []byte) error {
				out = append(out, bytes.Clone(b))
				return nil
			})
		})
	})
	if err != nil {
		var de *daihoi.Error
		if errors.As(err, &de) {
			return nil, err
		}
		return nil, fmt.Errorf("store: box: %w", err)
	}
	return out, nil
}

// Voters returns each eligible voter and whether they have voted.
func (s *DB) Voters(poll string) (map[string]bool, error) {
	out := map[string]bool{}
	err := s.db.View(func(tx *bolt.Tx) error {
		pb := tx.Bucket(bBoxes).Bucket([]byte(poll))
		if pb == nil {
			return nil
		}
		return pb.Bucket(bRoll).ForEach(func(k, v []byte) error {
			out[string(k)] = len(v) > 0
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: voters: %w", err)
	}
	return out, nil
}

// Voter reports whether voter is on the poll's roll and has voted.
func (s *DB) Voter(poll, voter string) (eligible, voted bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		if pb := tx.Bucket(bBoxes).Bucket([]byte(poll)); pb != nil {
			v := pb.Bucket(bRoll).Get([]byte(voter))
			eligible, voted = v != nil, len(v) > 0
		}
		return nil
	})
	return eligible, voted, err
}

// BoxCount returns the number of ballots in the box.
func (s *DB) BoxCount(poll string) (int, error) {
	var n int
	err := s.db.View(func(tx *bolt.Tx) error {
		if pb := tx.Bucket(bBoxes).Bucket([]byte(poll)); pb != nil {
			n = int(binary.BigEndian.Uint64(pb.Get(kCount)))
		}
		return nil
	})
	return n, err
}

// Backup writes a consistent copy of the file while the server keeps running.
func (s *DB) Backup(w io.Writer) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("store: backup: %w", err)
	}
	return n, nil
}

// Each calls fn for every entity of a kind. The data is valid only during the call.
func (s *DB) Each(kind daihoi.Kind, fn func(id string, data []byte) error) error {
	return s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(kind))
		if b == nil {
			return fmt.Errorf("store: unknown kind %q", kind)
		}
		return b.ForEach(func(k, v []byte) error { return fn(string(k), v) })
	})
}
