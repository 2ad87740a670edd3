package server

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"net/http"
	"slices"

	"github.com/google/uuid"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/server/hub"
)

func (s *Server) pollRoutes(m *http.ServeMux, pres, staff, del, everyone []daihoi.Role) {
	m.HandleFunc("POST /api/polls", s.allow(s.createPoll, pres...))
	m.HandleFunc("POST /api/polls/{id}/withdraw", s.allow(s.withdrawCandidate, pres...))
	m.HandleFunc("POST /api/polls/{id}/open", s.allow(s.openPoll, pres...))
	m.HandleFunc("POST /api/polls/{id}/close", s.allow(s.closePoll, pres...))
	m.HandleFunc("POST /api/polls/{id}/ballots", s.allow(s.castBallot, del...))
	m.HandleFunc("GET /api/polls/{id}/me", s.allow(s.myBallot, del...))
	m.HandleFunc("POST /api/polls/{id}/counts", s.allow(s.enterCounts, daihoi.Teller, daihoi.Presidium))
	m.HandleFunc("POST /api/polls/{id}/confirm", s.allow(s.confirmPoll, daihoi.Teller))
	m.HandleFunc("POST /api/polls/{id}/publish", s.allow(s.publishPoll, pres...))
	m.HandleFunc("POST /api/polls/{id}/next-round", s.allow(s.nextRound, pres...))
	m.HandleFunc("GET /api/polls/{id}/record", s.allow(s.pollRecord, daihoi.Teller, daihoi.Presidium, daihoi.Organiser))
	m.HandleFunc("GET /api/polls/{id}/voters", s.allow(s.pollVoters, daihoi.Presidium, daihoi.Teller, daihoi.Organiser))
	m.HandleFunc("GET /api/polls/{id}/named", s.allow(s.namedChoices, daihoi.Presidium))
	m.HandleFunc("GET /api/polls/{id}/receipts", s.allow(s.receipts, everyone...))
}

// pollView builds what role may see of p. s.mu is held.
func (s *Server) pollView(p daihoi.Poll, role daihoi.Role) daihoi.PollView {
	v := daihoi.PollView{Poll: p, Cast: s.castCount(p)}
	if !p.ResultVisibleTo(role) {
		v.Result = nil
		v.Digest = ""
	}
	if !role.Staff() {
		v.Confirmations = nil // the tellers' progress is theirs and the presidium's
	} else if v.Result != nil && p.Mode != daihoi.Hands {
		v.InvalidReasons = p.InvalidReasons()
	}
	if p.Kind == daihoi.Election {
		v.Order = s.ballotOrder(p)
		if role.Staff() {
			sp := daihoi.CheckSurplus(p.Settings, p.Seats, len(p.Candidates))
			v.Surplus = &sp
		}
	}
	return v
}

// ballotOrder is the poll's list in ballot order, sorted once per list rather than once for each of
// the thousands of screens that connect (collation is the costly part of a snapshot).
func (s *Server) ballotOrder(p daihoi.Poll) []daihoi.Candidate {
	s.omu.Lock()
	defer s.omu.Unlock()
	if o, ok := s.orders[p.ID]; ok && slices.Equal(o.of, p.Candidates) {
		return o.order
	}
	o := sortedList{of: slices.Clone(p.Candidates), order: daihoi.BallotOrder(p.Candidates)}
	s.orders[p.ID] = o
	return o.order
}

// sortedList is a candidate list and its ballot order.
type sortedList struct{ of, order []daihoi.Candidate }

func (s *Server) castCount(p daihoi.Poll) int {
	if p.State == daihoi.Draft {
		return 0
	}
	if p.Collected > 0 || p.State != daihoi.Open {
		return p.Collected
	}
	s.bmu.Lock()
	n, ok := s.turnout[p.ID]
	s.bmu.Unlock()
	if !ok { // the server restarted while the poll was open
		n, _ = s.store.BoxCount(p.ID)
	}
	return n
}

var roleGroups = [][]daihoi.Role{
	{daihoi.DelegateRole, daihoi.HallDisplay, daihoi.CheckIn, daihoi.Observer},
	{daihoi.Presidium, daihoi.Organiser, daihoi.Secretariat},
	{daihoi.Teller},
}

// emitPoll records p and tells each group of roles what it may see of it: groups that see the same
// get one event, and a group whose view did not change gets none (the hall does not hear of each
// teller's confirmation). s.mu is held, and s.state still has the poll as it was.
func (s *Server) emitPoll(c *daihoi.Change, p daihoi.Poll) {
	c.Put(daihoi.KPoll, p.ID, p)
	old, had := s.state.Polls[p.ID]
	type out struct {
		view     []byte
		audience []daihoi.Role
	}
	var outs []out
	for _, g := range roleGroups {
		if p.State == daihoi.Draft && !g[0].Staff() {
			continue
		}
		view := s.pollView(p, g[0])
		b, _ := json.Marshal(view)
		if seen := had && (old.State != daihoi.Draft || g[0].Staff()); seen {
			if was, _ := json.Marshal(s.pollView(old, g[0])); string(was) == string(b) {
				continue
			}
			if slices.Equal(old.Candidates, p.Candidates) {
				view.SameCandidates = true
				b, _ = json.Marshal(view)
			}
		}
		merged := false
		for i := range outs {
			if string(outs[i].view) == string(b) {
				outs[i].audience = append(outs[i].audience, g...)
				merged = true
			}
		}
		if !merged {
			outs = append(outs, out{b, append([]daihoi.Role(nil), g...)})
		}
	}
	for _, o := range outs {
		aud := o.audience
		if len(aud) == 8 {
			aud = nil
		}
		c.Emit(daihoi.EvPoll, json.RawMessage(o.view), aud...)
	}
	// A box sealed, or sealed again by a paper recount: its digest goes into the audit chain in the
	// same change (daihoi.Seal). Only the tellers' screens are sent it: with a few voters a digest
	// could be matched against the few possible boxes before the result is published.
	if p.Digest != "" && p.Result != nil && (!had || old.Digest != p.Digest) {
		c.Emit(daihoi.EvSeal, daihoi.Seal{Poll: p.ID, Digest: p.Digest, Ballots: p.Result.Ballots.Total}, daihoi.Teller)
	}
}

func (s *Server) createPoll(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	var in daihoi.PollRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	var out daihoi.Poll
	err := s.update(sess, func(st *daihoi.State, c *daihoi.Change) error {
		p, err := st.DraftPoll(in)
		if err != nil {
			return err
		}
		p.ID = newID()
		out = p
		s.emitPoll(c, p)
		return nil
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, out)
}

func (s *Server) pollUpdate(w http.ResponseWriter, r *http.Request, sess daihoi.Session, fn func(st *daihoi.State, c *daihoi.Change, p *daihoi.Poll) ([]daihoi.BoxOp, error)) {
	var out daihoi.Poll
	err := func() error {
		s.mu.Lock()
		defer s.mu.Unlock()
		p, err := s.state.Poll(r.PathValue("id"))
		if err != nil {
			return err
		}
		c := daihoi.NewChange(sess.Subject, s.now())
		boxes, err := fn(s.state, c, &p)
		if err != nil {
			return err
		}
		out = p
		s.emitPoll(c, p)
		return s.commitLocked(c, boxes...)
	}()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.mu.RLock()
	v := s.pollView(out, sess.Role)
	s.mu.RUnlock()
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) withdrawCandidate(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	var in struct {
		Candidate string `json:"candidate"`
	}
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.pollUpdate(w, r, sess, func(st *daihoi.State, c *daihoi.Change, p *daihoi.Poll) ([]daihoi.BoxOp, error) {
		return nil, p.WithdrawCandidate(in.Candidate)
	})
}

// openPoll fixes the base, those present and, for tablets, the eligible voters: present, holding a
// seat and signed in. It opens the ballot box and makes the poll's idempotency secret, which lives
// only in memory until the poll closes.
func (s *Server) openPoll(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	s.pollUpdate(w, r, sess, func(st *daihoi.State, c *daihoi.Change, p *daihoi.Poll) ([]daihoi.BoxOp, error) {
		eligible, err := p.Open(st, s.tabs.signedIn(), c.At)
		if err != nil || p.Mode == daihoi.Hands {
			return nil, err
		}
		s.bmu.Lock()
		s.keys[p.ID] = newBallotKey(p)
		s.turnout[p.ID] = 0
		s.bmu.Unlock()
		return []daihoi.BoxOp{{Poll: p.ID, Open: true, Eligible: eligible}}, nil
	})
}

// boxed is a ballot as the box holds it: its content and receipt; the voter only for an open,
// named motion, where the presidium sees who chose what after close.
type boxed struct {
	daihoi.Ballot
	Voter string `json:"voter,omitempty"`
}

// castBallot is the path of a tablet ballot: validate against the poll and the ruleset, then one
// batched, fsynced transaction marks the voter and boxes the content; only then the receipt.
//
// Secrecy: the roll keeps tag = HMAC(secret, poll, voter, ballot id) against the voter; the box
// keeps the content with receipt = HMAC(secret, "receipt", ballot id) under a random key. The
// ballot id is never stored, so the two cannot be joined from the file, even by someone who knew
// the secret; and the secret lives only in memory and is forgotten when the poll closes.
func (s *Server) castBallot(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	var in daihoi.BallotRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	rc, err := s.cast(sess, r.PathValue("id"), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rc)
}

// cast is the path of a tablet ballot posted over HTTP: checked, then cast, then answered. A ballot
// sent on the screen's websocket goes the same three steps without a goroutine waiting for the
// disk (see socketRequest and answerLoop).
func (s *Server) cast(sess daihoi.Session, pollID string, in daihoi.BallotRequest) (daihoi.Receipt, error) {
	tb, err := s.checkCast(sess, pollID, in)
	if err != nil {
		return daihoi.Receipt{}, err
	}
	res, err := s.store.Cast(tb.poll, tb.voter, tb.tag, tb.receipt, tb.content)
	return s.castDone(tb, res, err)
}

// tabletBallot is a checked ballot on its way to the box: what the store keeps, and what its
// answer needs.
type tabletBallot struct {
	poll, voter           string
	issued                int
	tag, receipt, content []byte
	from                  *hub.Conn // the socket it came on; nil over HTTP
	ref                   string    // the socket request's ref
}

// checkCast checks a ballot against its poll and ruleset and makes what the store keeps of it.
// What it needs of the poll comes with the poll's key, fixed at opening: a copy of the poll on the
// stack of each socket's reader would have it grow (and be copied) at the first ballot.
func (s *Server) checkCast(sess daihoi.Session, pollID string, in daihoi.BallotRequest) (*tabletBallot, error) {
	bid, err := uuid.Parse(in.BallotID)
	if err != nil || bid.Version() != 4 {
		return nil, daihoi.ErrBallotID
	}
	key, found := s.openKey(pollID)
	if !found {
		return nil, daihoi.ErrNoPoll
	}
	if key == nil {
		return nil, s.notTaking(pollID, sess.Subject)
	}
	b, err := key.form.Normal(in)
	if err != nil {
		return nil, err
	}
	content := boxed{Ballot: b}
	if key.mode == daihoi.Named {
		content.Voter = sess.Subject
	}
	data := content.appendJSON(make([]byte, 0, 32+8*len(b.Kept)+24*len(b.Marks)+len(content.Voter)))
	// The tag covers the content: a retry must carry the same ballot, not another one under the
	// same id.
	sum := sha256.Sum256(data)
	return &tabletBallot{
		poll:    pollID,
		voter:   sess.Subject,
		issued:  int(key.issued.Load()),
		tag:     key.mac("tag", pollID, sess.Subject, in.BallotID, string(sum[:])),
		receipt: []byte(receiptCode(key.mac("receipt", pollID, in.BallotID))),
		content: data,
	}, nil
}

// openKey returns the key of a poll open to tablet ballots, nil if the poll is not open to them;
// found is false if there is no such poll. The poll and its key are read together under the state
// lock: closing takes the lock to forget the key, so a cast never brings a secret back for a
// closed poll.
func (s *Server) openKey(pollID string) (key *ballotKey, found bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, ok := s.state.Polls[pollID]
	if ok && p.State == daihoi.Open && p.Tablet {
		key = s.ballotKey(&p)
	}
	return key, ok
}

// castDone answers a ballot the store has answered: the turnout moves, and the delegate's other
// screens are told that the delegate has voted.
func (s *Server) castDone(tb *tabletBallot, res daihoi.CastResult, err error) (daihoi.Receipt, error) {
	if err != nil {
		if daihoi.ErrorCode(err) == daihoi.ECONFLICT {
			err = s.notTaking(tb.poll, tb.voter)
		}
		return daihoi.Receipt{}, err
	}
	s.bmu.Lock()
	cast := max(res.Count, s.turnout[tb.poll])
	s.turnout[tb.poll] = cast
	if s.keys[tb.poll] != nil { // still open (closing forgets the key and the turnout together)
		s.hub.SetTurnout(daihoi.Turnout{Poll: tb.poll, Cast: cast, Issued: tb.issued})
	}
	s.bmu.Unlock()
	s.hub.TellVoted(tb.voter, tb.poll, tb.from)
	return daihoi.Receipt{Poll: tb.poll, Receipt: string(tb.receipt), Duplicate: res.Duplicate, Cast: res.Count}, nil
}

// notTaking says why a poll takes no ballot from this delegate: they have voted already (perhaps
// just before the poll closed, the answer lost on the way), or the poll is not open for tablets.
func (s *Server) notTaking(poll, voter string) error {
	if _, voted, err := s.store.Voter(poll, voter); err == nil && voted {
		return daihoi.ErrVoted
	}
	return daihoi.ErrNotTaking
}

// ballotsOf returns, for each open tablet poll, whether the delegate was issued a ballot and
// whether they have voted. s.mu is held.
func (s *Server) ballotsOf(delegate string) (eligible, voted map[string]bool) {
	eligible, voted = map[string]bool{}, map[string]bool{}
	for _, p := range s.state.Polls {
		if p.State != daihoi.Open || !p.Tablet {
			continue
		}
		if e, v, err := s.store.Voter(p.ID, delegate); err == nil {
			eligible[p.ID], voted[p.ID] = e, v
		}
	}
	return eligible, voted
}

// myBallot tells a delegate's tablet whether it was issued a ballot in the poll and whether the
// delegate has voted: a tablet that signs in late, or a second tablet, learns it here.
func (s *Server) myBallot(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	eligible, voted, err := s.store.Voter(r.PathValue("id"), sess.Subject)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]bool{"eligible": eligible, "voted": voted})
}

// closePoll stops voting, seals the box and counts. The idempotency secret is forgotten.
func (s *Server) closePoll(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	s.pollUpdate(w, r, sess, func(st *daihoi.State, c *daihoi.Change, p *daihoi.Poll) ([]daihoi.BoxOp, error) {
		var counts *daihoi.Counts
		if n, ok := st.Counts[p.ID]; ok {
			counts = &n
		}
		if err := p.Close(counts, c.At); err != nil {
			return nil, err
		}
		s.kickBackup() // a copy to the second disk, once this change is written
		if p.Mode == daihoi.Hands {
			return nil, nil
		}
		// The box stops taking ballots first, in a write of its own; then what it holds is sealed
		// and counted, and the closed, sealed poll is announced once. No ballot can land in between:
		// a cast that arrives now is refused by the store. (Should the second write fail, closing
		// again closes the box again and counts it.)
		if err := s.store.Commit(daihoi.NewChange(sess.Subject, c.At), daihoi.BoxOp{Poll: p.ID}); err != nil {
			// The box closed, but the file was not compacted (a full disk?): the count goes on, and
			// the next start compacts it (docs/operating.md, secrecy at rest).
			var written interface{ Written() bool }
			if !errors.As(err, &written) || !written.Written() {
				return nil, err
			}
			s.log.Error("close poll: the data file is not compacted yet", "poll", p.ID, "err", err)
		}
		s.bmu.Lock()
		delete(s.keys, p.ID) // the secret is forgotten: nothing can join roll and box any more
		// A turnout not sent yet is not sent: the closed poll's event carries its last count, and
		// ten thousand screens would otherwise be sent a figure they have while the result goes out.
		s.hub.ForgetTurnout(p.ID)
		s.bmu.Unlock()
		// The tablet box and, for paper, the ballots the tellers have keyed (server/paper.go): a
		// paper count that is not final yet leaves the poll without a digest and a result.
		return nil, s.recount(p, batchesOf(st, p.ID, nil))
	})
}

// boxBallots reads a closed box's ballots, without voters.
func (s *Server) boxBallots(id string) ([]daihoi.Ballot, error) {
	raw, err := s.store.Box(id)
	if err != nil {
		return nil, err
	}
	out := make([]daihoi.Ballot, len(raw))
	for i, b := range raw {
		var bx boxed
		if err := json.Unmarshal(b, &bx); err != nil {
			return nil, err
		}
		out[i] = bx.Ballot
	}
	return out, nil
}

// enterCounts records the three figures of a motion by show of hands.
func (s *Server) enterCounts(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	var in daihoi.Counts
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.pollUpdate(w, r, sess, func(st *daihoi.State, c *daihoi.Change, p *daihoi.Poll) ([]daihoi.BoxOp, error) {
		if err := p.MayEnterCounts(sess.Role); err != nil {
			return nil, err
		}
		if err := p.EnterCounts(in, c.At); err != nil {
			return nil, err
		}
		c.Put(daihoi.KPollCount, p.ID, in)
		return nil, nil
	})
}

// confirmPoll is one teller's confirmation of the result. The head of the tellers confirms last;
// with the head's confirmation the poll is counted and the presidium may publish it.
func (s *Server) confirmPoll(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	s.pollUpdate(w, r, sess, func(st *daihoi.State, c *daihoi.Change, p *daihoi.Poll) ([]daihoi.BoxOp, error) {
		return nil, p.Confirm(st.Operators[sess.Subject], st.Operators)
	})
}

func (s *Server) publishPoll(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	s.pollUpdate(w, r, sess, func(st *daihoi.State, c *daihoi.Change, p *daihoi.Poll) ([]daihoi.BoxOp, error) {
		return nil, p.Publish()
	})
}

func (s *Server) nextRound(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	var out daihoi.Poll
	err := s.update(sess, func(st *daihoi.State, c *daihoi.Change) error {
		p, err := st.Poll(r.PathValue("id"))
		if err != nil {
			return err
		}
		next, err := st.NextRoundOf(p)
		if err != nil {
			return err
		}
		next.ID = newID()
		out = next
		s.emitPoll(c, next)
		return nil
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, out)
}

// poll returns the poll with the id as it is now.
func (s *Server) poll(id string) (daihoi.Poll, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.state.Poll(id)
}
