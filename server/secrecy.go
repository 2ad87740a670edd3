package server

// Ballot secrecy: an open poll's idempotency secret (ballotKey), the MACs that tie a retried ballot
// to its first cast without storing who cast what, the receipt codes, and the one form a tablet
// ballot is written in (normalBallot). See castBallot for how the roll and the box use them.

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"hash"
	"sync"
	"sync/atomic"

	"github.com/daihoi/daihoi"
)

// ballotKey returns what the open poll needs for each tablet ballot, making a new secret if the
// server restarted while the poll was open (a tablet that retries a ballot cast before the restart
// is then told that its delegate has voted, without the receipt). s.mu is held.
func (s *Server) ballotKey(p *daihoi.Poll) *ballotKey {
	s.bmu.Lock()
	defer s.bmu.Unlock()
	key, ok := s.keys[p.ID]
	if !ok {
		key = newBallotKey(p)
		s.keys[p.ID] = key
	}
	return key
}

// ballotKey is an open poll's idempotency secret, in memory only and only while the poll is open,
// with the checker of its ballots and what they need of the poll, all fixed at opening. The secret
// is kept as an HMAC already keyed with it, cloned for the ballots' MACs (keying costs more than the
// rest of a MAC) and the clones reused (see mac).
type ballotKey struct {
	keyed      hash.Hash // never written: cloned into macs
	macs       sync.Pool // clones of keyed, reset
	check      daihoi.BallotChecker
	kind       daihoi.PollKind
	mode       daihoi.PollMode
	seats      int
	issued     atomic.Int64 // ballots issued on tablets: at opening, and one more for each late arrival
	twoColumn  bool
	candidates []daihoi.Candidate
}

func newBallotKey(p *daihoi.Poll) *ballotKey {
	secret := make([]byte, 32)
	rand.Read(secret)
	keyed := hmac.New(sha256.New, secret)
	keyed.Reset() // keeps the keyed state, for the clones
	k := &ballotKey{keyed: keyed, check: daihoi.NewBallotChecker(p.Kind, p.Settings, p.Candidates),
		kind: p.Kind, mode: p.Mode, seats: p.Seats, twoColumn: p.TwoColumn(), candidates: p.Candidates}
	k.issued.Store(int64(p.Issued))
	return k
}

// mac is HMAC(secret, parts), each part ended by a zero byte. Ballots take their MACs at the same
// time, each from a clone of the keyed HMAC; a clone goes back to the key's pool once reset, and
// the next ballot uses it again.
func (k *ballotKey) mac(parts ...string) []byte {
	c, _ := k.macs.Get().(hash.Hash)
	if c == nil {
		var err error
		if c, err = k.keyed.(hash.Cloner).Clone(); err != nil {
			panic(err) // sha256's HMAC clones
		}
	}
	n := 0
	for _, p := range parts {
		n += len(p) + 1
	}
	msg := make([]byte, 0, n) // one write: each write through the interface would copy its part
	for _, p := range parts {
		msg = append(append(msg, p...), 0)
	}
	c.Write(msg)
	sum := c.Sum(msg[:0])
	c.Reset()
	k.macs.Put(c)
	return sum
}

// normalBallot checks a tablet ballot and writes it in one form only, so that the way a ballot is
// filled in cannot mark it: kept names in ballot-list order (by id), and on a two-column ballot a
// mark for every name. Keeping more names than seats is refused with a message saying what to do.
func normalBallot(k *ballotKey, in daihoi.BallotRequest) (daihoi.Ballot, error) {
	b := daihoi.Ballot{Choice: in.Choice, Kept: in.Kept, Marks: in.Marks}
	kept, err := k.check.CheckInOrder(b)
	if err != nil {
		return b, err
	}
	if k.kind == daihoi.Motion {
		if b.Choice == "" {
			return b, daihoi.Errorf(daihoi.EINVALID, "Xin chọn Tán thành hoặc Không tán thành.", "Please choose for or against.")
		}
		return daihoi.Ballot{Choice: b.Choice}, nil
	}
	if k.twoColumn {
		if b.Kept != nil {
			return b, daihoi.Errorf(daihoi.EINVALID, "Danh sách không có số dư: xin đánh dấu Đồng ý hoặc Không đồng ý cho từng người.", "The list has no surplus: please mark agree or disagree for each name.")
		}
		marks := make(map[string]daihoi.Mark, len(k.candidates))
		for _, c := range k.candidates {
			marks[c.ID] = daihoi.NoMark
			if m, ok := b.Marks[c.ID]; ok {
				marks[c.ID] = m
			}
		}
		return daihoi.Ballot{Marks: marks}, nil
	}
	if b.Marks != nil {
		return b, daihoi.Errorf(daihoi.EINVALID, "Phiếu bầu này là phiếu gạch tên, không có cột Đồng ý / Không đồng ý.", "This ballot is a strike-out ballot, with no agree / disagree columns.")
	}
	if n := len(b.Kept); n > k.seats {
		return b, daihoi.Errorf(daihoi.EINVALID, "Phiếu giữ lại %d tên, nhiều hơn số lượng cần bầu (%d). Xin gạch bớt tên.", "The ballot keeps %d names, more than the %d seats. Please strike out more names.", n, k.seats)
	}
	return daihoi.Ballot{Kept: kept}, nil
}

// receiptCode is 8 readable characters (40 bits) from a MAC, as XXXX-XXXX.
func receiptCode(m []byte) string {
	var b [9]byte
	codeEnc.Encode(b[1:], m[:5])
	copy(b[:4], b[1:5])
	b[4] = '-'
	return string(b[:])
}
