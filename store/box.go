package store

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/daihoi/daihoi"
)

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
	if op.Issue != nil {
		return issue(pb, op.Issue)
	}
	if err := ungroup(pb, bBox); err != nil {
		return err
	}
	if err := ungroup(pb, bRcpt); err != nil {
		return err
	}
	// The groups are split, but the pages that held them stay in the file's free pages until the
	// file is compacted (see compact): the mark says it must be.
	if err := tx.Bucket(bMeta).Put(kCompact, []byte{1}); err != nil {
		return err
	}
	return pb.Put(kState, vClosed)
}

// issue adds voters to an open box's roll, unmarked (not voted), as opening does: the roll says
// who may vote and who has, nothing else.
func issue(pb *bolt.Bucket, voters []string) error {
	if !bytes.Equal(pb.Get(kState), vOpen) {
		return daihoi.Errorf(daihoi.ECONFLICT, "hòm phiếu đã đóng: không phát thêm phiếu", "the ballot box is closed: no ballot can be issued")
	}
	roll := pb.Bucket(bRoll)
	for _, id := range voters {
		if roll.Get([]byte(id)) != nil {
			return daihoi.Errorf(daihoi.ECONFLICT, "đại biểu đã được phát phiếu", "the delegate was issued a ballot already")
		}
		if err := roll.Put([]byte(id), []byte{}); err != nil {
			return err
		}
	}
	return nil
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
// the file's free pages until they are reused: someone holding the file while the poll is open could
// compare two of them, as they could compare two copies of the file taken then. Closing the poll
// compacts the file (compact), which leaves none.
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
	err := s.view(func(tx *bolt.Tx) error {
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
	err := s.view(func(tx *bolt.Tx) error {
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
	err := s.view(func(tx *bolt.Tx) error {
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
	err = s.view(func(tx *bolt.Tx) error {
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
	err := s.view(func(tx *bolt.Tx) error {
		if pb := tx.Bucket(bBoxes).Bucket([]byte(poll)); pb != nil {
			n = int(binary.BigEndian.Uint64(pb.Get(kCount)))
		}
		return nil
	})
	return n, err
}
