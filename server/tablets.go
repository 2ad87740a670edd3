package server

import (
	"encoding/json"
	"net/http"
	"sort"

	"github.com/daihoi/daihoi"
)

// The tablets signed in, as the server keeps them in memory beside the sessions: who present has no
// tablet (the attendance's NoTablet, the presidium's list before a tablet vote), and the ballots of
// delegates who arrive while a tablet poll is open (State.LateBallot): every change that checks a
// delegate in or signs a tablet in is looked at before it is written, and the ballot it issues is
// written with it, in one transaction.

// tablets is the delegates' sessions: delegate id → how many tablets are signed in, and session
// key → delegate. Guarded by Server.mu.
type tablets struct {
	count    map[string]int
	delegate map[string]string
	seats    map[string]bool // the seat holders present (State.SeatHolders), kept until the roll changes
	noTablet int             // Attendance.NoTablet of the state as it is
}

// loadTablets reads the delegates' sessions still valid.
func (s *Server) loadTablets() error {
	s.tabs = tablets{count: map[string]int{}, delegate: map[string]string{}}
	from := s.now().Add(-sessionLife)
	err := s.store.Each(daihoi.KSession, func(key string, data []byte) error {
		var sess daihoi.Session
		if err := json.Unmarshal(data, &sess); err != nil {
			return err
		}
		if sess.Role == daihoi.DelegateRole && sess.Created.After(from) {
			s.tabs.count[sess.Subject]++
			s.tabs.delegate[key] = sess.Subject
		}
		return nil
	})
	s.recountSeats()
	return err
}

// recountSeats finds the seat holders present again, and those of them with no tablet: after a
// change of the roll. A tablet signing in or out changes the count by one (arrivals), without going
// through the roll: a hall of tablets signing in at once costs no walk of the roll each. s.mu is held.
func (s *Server) recountSeats() {
	s.tabs.seats = map[string]bool{}
	for _, id := range s.state.SeatHolders() {
		s.tabs.seats[id] = true
	}
	s.tabs.noTablet = 0
	for id := range s.tabs.seats {
		if s.tabs.count[id] == 0 {
			s.tabs.noTablet++
		}
	}
}

// signedIn returns the delegates signed in on a tablet. s.mu is held.
func (t tablets) signedIn() map[string]bool {
	out := make(map[string]bool, len(t.count))
	for id := range t.count {
		out[id] = true
	}
	return out
}

// hasTablet reports whether a delegate is signed in on a tablet. s.mu is held.
func (s *Server) hasTablet(id string) bool { return s.tabs.count[id] > 0 }

// attendance is the state's attendance with those present without a tablet. s.mu is held.
func (s *Server) attendanceNow() daihoi.Attendance {
	a := s.state.Attendance()
	a.NoTablet = s.tabs.noTablet
	return a
}

// signIns is what a change does to the tablets signed in.
type signIns struct {
	add, drop map[string]string // session key → delegate
	delta     map[string]int    // delegate → change in tablets
	noTablet  int               // Attendance.NoTablet after a change of tablets only
}

// arrivals looks at a change before it is written: the tablets it signs in or out, and the
// delegates it checks in or signs in. Each who now holds a seat, present and signed in, and is not
// on the roll of an open tablet poll is issued a ballot there (State.LateBallot): the change records
// the poll's new count, the entry-log line and the delegate's tablet is told; the box operations
// returned add them to the polls' rolls in the same transaction. It returns what to apply to the
// tablets once the change is written. s.mu is held.
func (s *Server) arrivals(c *daihoi.Change) (signIns, []daihoi.BoxOp, error) {
	si := signIns{add: map[string]string{}, drop: map[string]string{}, delta: map[string]int{}, noTablet: s.tabs.noTablet}
	changed := map[string]daihoi.Delegate{} // delegates the change checks in or signs in, as it leaves them
	presence := false
	for _, p := range c.Puts {
		switch p.Kind {
		case daihoi.KSession:
			if p.Value == nil {
				if d, ok := s.tabs.delegate[p.ID]; ok {
					si.drop[p.ID] = d
					si.delta[d]--
				}
				continue
			}
			if sess, ok := p.Value.(daihoi.Session); ok && sess.Role == daihoi.DelegateRole {
				si.add[p.ID] = sess.Subject
				si.delta[sess.Subject]++
				if _, seen := changed[sess.Subject]; !seen {
					if d, ok := s.state.Delegates[sess.Subject]; ok {
						changed[d.ID] = d
					}
				}
			}
		case daihoi.KDelegate:
			presence = true
			if d, ok := p.Value.(daihoi.Delegate); ok {
				changed[d.ID] = d
			}
		}
	}
	signedIn := func(id string) bool { return s.tabs.count[id]+si.delta[id] > 0 }
	for id := range si.delta {
		if before, after := s.tabs.count[id] > 0, signedIn(id); s.tabs.seats[id] && before != after {
			if after {
				si.noTablet--
			} else {
				si.noTablet++
			}
		}
	}

	var boxes []daihoi.BoxOp
	var ids []string
	for id := range changed {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var polls []daihoi.Poll
	for _, p := range s.state.Polls {
		if p.State == daihoi.Open && p.Tablet && p.Mode != daihoi.Hands {
			polls = append(polls, p)
		}
	}
	sort.Slice(polls, func(i, j int) bool { return polls[i].ID < polls[j].ID })
	for _, p := range polls {
		var issued []string
		for _, id := range ids {
			d := changed[id]
			if !presence && !s.tabs.seats[id] {
				continue // a tablet signed in for someone with no seat present: nothing to issue
			}
			onRoll, _, err := s.store.Voter(p.ID, id)
			if err != nil {
				return si, nil, err
			}
			line, ok := s.state.LateBallot(&p, d, signedIn(id), onRoll, c.At)
			if !ok {
				continue
			}
			issued = append(issued, id)
			c.Put(daihoi.KEntryLog, line.Key(), line)
			c.Emit(daihoi.EvBallot, map[string]string{"poll": p.ID}, daihoi.DelegateRole).Delegate = id
		}
		if len(issued) > 0 {
			s.emitPoll(c, p)
			boxes = append(boxes, daihoi.BoxOp{Poll: p.ID, Issue: issued})
		}
	}
	// A tablet signed in or out changes who present has none: the staff hear of it (a change of
	// presence announces the attendance to every screen itself, emitPresence).
	if !presence && si.noTablet != s.tabs.noTablet {
		a := s.state.Attendance()
		a.NoTablet = si.noTablet
		c.Emit(daihoi.EvAttendance, a, daihoi.Organiser, daihoi.Presidium, daihoi.Secretariat, daihoi.Teller)
	}
	return si, boxes, nil
}

// apply takes a written change's sign-ins into the tablets. s.mu is held, and the state has taken
// the change.
func (s *Server) applySignIns(si signIns, c *daihoi.Change) {
	for key, d := range si.add {
		if _, had := s.tabs.delegate[key]; !had {
			s.tabs.count[d]++
			s.tabs.delegate[key] = d
		}
	}
	for key, d := range si.drop {
		if _, had := s.tabs.delegate[key]; had {
			delete(s.tabs.delegate, key)
			if s.tabs.count[d]--; s.tabs.count[d] <= 0 {
				delete(s.tabs.count, d)
			}
		}
	}
	for _, p := range c.Puts {
		if p.Kind == daihoi.KDelegate || p.Kind == daihoi.KCongress {
			s.recountSeats()
			return
		}
	}
	if len(si.delta) > 0 {
		s.tabs.noTablet = si.noTablet
	}
}

// issuedLate follows ballots issued to late arrivals, once written: the open poll's ballot key
// counts them, and the turnout the screens read says so. s.mu is held.
func (s *Server) issuedLate(late []daihoi.BoxOp) {
	if len(late) == 0 {
		return
	}
	s.bmu.Lock()
	defer s.bmu.Unlock()
	for _, op := range late {
		p := s.state.Polls[op.Poll]
		if k := s.keys[op.Poll]; k != nil {
			k.issued.Store(int64(p.Issued))
		}
		if cast, ok := s.turnout[p.ID]; ok {
			s.hub.SetTurnout(daihoi.Turnout{Poll: p.ID, Cast: cast, Issued: p.Issued})
		}
	}
}

// tabletCoverage is what the presidium reads before it opens a tablet vote: those present, those
// signed in on a tablet, and who present has none.
func (s *Server) tabletCoverage(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	s.mu.RLock()
	c := s.state.TabletCoverage(s.hasTablet)
	s.mu.RUnlock()
	writeJSON(w, http.StatusOK, c)
}
