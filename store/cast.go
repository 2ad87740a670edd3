package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"

	bolt "go.etcd.io/bbolt"

	"github.com/daihoi/daihoi"
)

var (
	errNotOpen   = daihoi.Errorf(daihoi.ECONFLICT, "cuộc bỏ phiếu không mở", "the poll is not open")
	errNotOnRoll = daihoi.Errorf(daihoi.EFORBIDDEN, "đồng chí không có tên trong danh sách được phát phiếu của cuộc bỏ phiếu này", "you are not on the list of voters of this poll")
	errVoted     = daihoi.Errorf(daihoi.ECONFLICT, "đồng chí đã bỏ phiếu; phiếu đã bỏ không thay đổi được", "you have already voted; a cast ballot cannot be changed")
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
	err := s.update(func(tx *bolt.Tx) error {
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
		return daihoi.CastResult{}, errNotOnRoll
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
