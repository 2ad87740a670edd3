package server

// The delegates' cards: how their codes are kept (only as hashes), issued (all at once before the
// day, or one lost card at a time) and looked up; and the sessions they open, which a new card
// ends, whenever they were made.

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/daihoi/daihoi"
)

// cardKey is what the store keeps of a card's code: its SHA-256, under a label of its own so it
// is never mistaken for a session token's hash. A copy of the data file then signs nobody in.
//
// Why a fast hash and not bcrypt, as for the operators' passwords: a code is 100 random bits
// (NewCode), not something a person chose, so there is no dictionary to try and 2^100 SHA-256
// guesses are out of anyone's reach; a slow hash would add nothing to that. And a code is looked
// up on every scan at the door and every tablet's sign-in (a hall of 600 signs in within a
// minute): the lookup needs the same key for the same code (bcrypt's salt would mean trying every
// card, 600 × ~60 ms of CPU per scan). A secret key (HMAC) kept in the same file would add
// nothing either, and one kept elsewhere would be one more thing to lose on the day.
func cardKey(code string) string {
	h := sha256.Sum256([]byte("daihoi card\x00" + strings.ToLower(code)))
	return hex.EncodeToString(h[:])
}

// isCardKey tells a stored key (a hash) from a code kept in clear by an older daihoi.
func isCardKey(k string) bool {
	if len(k) != sha256.Size*2 {
		return false
	}
	_, err := hex.DecodeString(k)
	return err == nil
}

// hashClearCards replaces the codes an older daihoi kept in clear by their hashes: the cards
// already printed keep working, and the file no longer holds them.
func (s *Server) hashClearCards() error {
	c := daihoi.NewChange("", s.now())
	err := s.store.Each(daihoi.KCard, func(k string, data []byte) error {
		if isCardKey(k) {
			return nil
		}
		var id string
		if err := json.Unmarshal(data, &id); err != nil {
			return err
		}
		c.Delete(daihoi.KCard, k)
		c.Put(daihoi.KCard, cardKey(k), id)
		return nil
	})
	if err != nil {
		return err
	}
	if len(c.Puts) == 0 {
		return nil
	}
	if err := s.commit(c); err != nil {
		return err
	}
	// The clear codes lie on in the pages bbolt freed: the file is compacted, as after a poll's close.
	if cs, ok := s.store.(interface{ Compact() error }); ok {
		return cs.Compact()
	}
	return nil
}

// cardKeys maps each delegate id to the stored key of their card.
func (s *Server) cardKeys() (map[string]string, error) {
	out := map[string]string{}
	err := s.store.Each(daihoi.KCard, func(k string, data []byte) error {
		var id string
		if err := json.Unmarshal(data, &id); err != nil {
			return err
		}
		out[id] = k
		return nil
	})
	return out, err
}

// issueCards gives each of ds a new card and returns them with their codes, which nobody can read
// again afterwards. Every delegate's old card stops working and every session it opened ends:
// the sessions are found in the store, so those made before a restart end too. check, under the
// state lock, may refuse (printing every card once the day has begun). The organiser's action is
// in the audit trail, without the codes.
func (s *Server) issueCards(actor string, ids []string, check func(st *daihoi.State) error) ([]daihoi.Card, error) {
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	var cards []daihoi.Card
	var ended []string // keys of the sessions ended
	err := s.withCards(func() error {
		s.mu.Lock()
		defer s.mu.Unlock()
		if check != nil {
			if err := check(s.state); err != nil {
				return err
			}
		}
		c := daihoi.NewChange(actor, s.now())
		keys, err := s.cardKeys()
		if err != nil {
			return err
		}
		for id, k := range keys {
			if want[id] {
				c.Delete(daihoi.KCard, k)
			}
		}
		err = s.store.Each(daihoi.KSession, func(k string, data []byte) error {
			var sess daihoi.Session
			if err := json.Unmarshal(data, &sess); err != nil {
				return err
			}
			if sess.Role == daihoi.DelegateRole && want[sess.Subject] {
				ended = append(ended, k)
				c.Delete(daihoi.KSession, k)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, d := range s.state.Roll() {
			if !want[d.ID] {
				continue
			}
			code := NewCode()
			c.Put(daihoi.KCard, cardKey(code), d.ID)
			cards = append(cards, daihoi.Card{Delegate: d.ID, Number: d.Number, Name: d.Name, Unit: d.Unit, Code: code})
		}
		if len(cards) == 1 {
			d := cards[0]
			c.Emit(daihoi.EvCard, map[string]any{"delegate": d.Delegate, "number": d.Number, "name": d.Name, "signed_out": len(ended), "devices": 0},
				daihoi.Organiser, daihoi.Presidium)
		} else {
			c.Emit(daihoi.EvCard, map[string]any{"all": true, "cards": len(cards), "signed_out": len(ended)}, daihoi.Organiser, daihoi.Presidium)
		}
		return s.commitLocked(c)
	})
	if err != nil {
		return nil, err
	}
	s.endSessions(ended, want)
	for id := range want {
		s.hub.DropDelegate(id)
	}
	return cards, nil
}

// withCards runs fn while no card is issued or used to sign in: a sign-in with a card being
// replaced either ends before the new card is issued (and its session is ended with the others)
// or finds the card gone.
func (s *Server) withCards(fn func() error) error {
	s.cmu.Lock()
	defer s.cmu.Unlock()
	return fn()
}

// endSessions forgets the sessions with these keys, and every cached session of the delegates in
// whose: a lookup that read the store before they were deleted does not cache what it read.
func (s *Server) endSessions(keys []string, whose map[string]bool) {
	s.smu.Lock()
	defer s.smu.Unlock()
	s.revoked++
	for _, k := range keys {
		delete(s.sessions, k)
	}
	for k, sess := range s.sessions {
		if sess.Role == daihoi.DelegateRole && whose[sess.Subject] {
			delete(s.sessions, k)
		}
	}
	for id := range whose {
		delete(s.devices, id)
	}
}

// --- devices: the sessions each delegate holds, so that the presidium and the organiser see a
// card used on more than one device.

// loadDevices reads every stored delegate session, at start.
func (s *Server) loadDevices() error {
	return s.store.Each(daihoi.KSession, func(k string, data []byte) error {
		var sess daihoi.Session
		if err := json.Unmarshal(data, &sess); err != nil {
			return err
		}
		if sess.Role == daihoi.DelegateRole {
			s.addDevice(sess.Subject, k, sess.Created)
		}
		return nil
	})
}

// addDevice notes a delegate's session. s.smu is held, or the server is not yet serving.
func (s *Server) addDevice(delegate, key string, created time.Time) {
	m := s.devices[delegate]
	if m == nil {
		m = map[string]time.Time{}
		s.devices[delegate] = m
	}
	m[key] = created
}

// devicesOf counts a delegate's sessions that have not ended, leaving out the one with key skip.
// s.smu is held.
func (s *Server) devicesOf(delegate, skip string) int {
	from := s.now().Add(-sessionLife)
	n := 0
	for k, created := range s.devices[delegate] {
		if k != skip && created.After(from) {
			n++
		}
	}
	return n
}

// multiDevice maps each delegate signed in on more than one device to how many: what the
// presidium's and the organiser's screens show.
func (s *Server) multiDevice() map[string]int {
	s.smu.RLock()
	defer s.smu.RUnlock()
	var out map[string]int
	for id := range s.devices {
		if n := s.devicesOf(id, ""); n > 1 {
			if out == nil {
				out = map[string]int{}
			}
			out[id] = n
		}
	}
	return out
}

// signInCard opens a session for the holder of a card and sets its cookie. The session this
// browser held before (the same tablet scanning its card again) ends, so that it is not counted as
// a second device. The sign-in is in the event log with the delegate, the time and the address,
// and nothing else: not what the delegate has voted, nor in which poll.
func (s *Server) signInCard(w http.ResponseWriter, r *http.Request, code string) error {
	var prev string
	if c, err := cookieOf(r); err == nil && c.Value != "" {
		prev = tokenKey(c.Value)
	}
	return s.withCards(func() error {
		d, err := s.delegateByCode(code)
		if err != nil {
			return err
		}
		// A card signs in so many times (a copied card tried again and again): its holder is limited.
		if t := s.cardSignInOf(d.ID); t != nil {
			return t
		}
		s.smu.RLock()
		_, own := s.devices[d.ID][prev]
		n := s.devicesOf(d.ID, prev) + 1
		s.smu.RUnlock()
		var key string
		sess := daihoi.Session{Role: daihoi.DelegateRole, Subject: d.ID, Name: d.Name, Created: s.now()}
		err = s.startSession(w, r, sess, d.ID, false, func(c *daihoi.Change, k string) {
			key = k
			if prev != "" {
				c.Delete(daihoi.KSession, prev)
			}
			c.Emit(daihoi.EvSession, map[string]any{"role": daihoi.DelegateRole, "delegate": d.ID, "number": d.Number, "name": d.Name,
				"address": remoteHost(r), "devices": n}, daihoi.Organiser, daihoi.Presidium)
		})
		if err != nil {
			return err
		}
		s.smu.Lock()
		if prev != "" {
			delete(s.sessions, prev)
			if own {
				delete(s.devices[d.ID], prev)
			} else { // the browser held another delegate's or an operator's session
				for _, m := range s.devices {
					delete(m, prev)
				}
			}
		}
		s.addDevice(d.ID, key, sess.Created)
		s.smu.Unlock()
		if own {
			// A screen of this browser still open on the session just ended (another tab) would
			// have its ballots refused: it reconnects, with the new session.
			s.hub.DropDelegate(d.ID)
		}
		return nil
	})
}

// remoteHost is the address a request came from, without its port.
func remoteHost(r *http.Request) string {
	if h, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return h
	}
	return r.RemoteAddr
}
