package server

// Ballot secrecy: an open poll's idempotency secret (ballotKey), the MACs that tie a retried ballot
// to its first cast without storing who cast what, and the receipt codes. The one form a tablet
// ballot is written in is the domain's (daihoi.TabletForm). See castBallot for how the roll and the
// box use them.

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
	keyed  hash.Hash // never written: cloned into macs
	macs   sync.Pool // clones of keyed, reset
	form   daihoi.TabletForm
	mode   daihoi.PollMode
	issued atomic.Int64 // ballots issued on tablets: at opening, and one more for each late arrival
}

func newBallotKey(p *daihoi.Poll) *ballotKey {
	secret := make([]byte, 32)
	rand.Read(secret)
	keyed := hmac.New(sha256.New, secret)
	keyed.Reset() // keeps the keyed state, for the clones
	k := &ballotKey{keyed: keyed, form: daihoi.NewTabletForm(*p), mode: p.Mode}
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

// receiptCode is 8 readable characters (40 bits) from a MAC, as XXXX-XXXX.
func receiptCode(m []byte) string {
	var b [9]byte
	codeEnc.Encode(b[1:], m[:5])
	copy(b[:4], b[1:5])
	b[4] = '-'
	return string(b[:])
}
