// Package server is daihoi's HTTP API, websocket hub, sessions and roles. It keeps the congress in
// memory, writes every change through a daihoi.Store before any screen hears of it, and pushes each
// change to every screen allowed to see it.
package server

import (
	"io/fs"
	"log/slog"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/server/hub"
)

// Server serves one congress.
type Server struct {
	store daihoi.Store
	log   *slog.Logger
	now   func() time.Time
	hub   *hub.Hub

	// mu guards state and seq. Writers hold it from validating a change to publishing its events,
	// so changes apply and reach the screens in sequence order.
	mu    sync.RWMutex
	state *daihoi.State
	seq   uint64

	smu      sync.RWMutex
	sessions map[string]daihoi.Session       // by token hash
	revoked  uint64                          // counts the reissues of cards: a session read before one is not cached
	devices  map[string]map[string]time.Time // delegate id → their sessions' keys → when made (server/cards.go)
	cmu      sync.Mutex                      // held while cards are issued or used to sign in

	answers *answerLine // ballots cast on the sockets, answered by the store, to be sent

	bmu     sync.Mutex
	keys    map[string]*ballotKey // poll id → its idempotency secret and ballot checker, in memory only while the poll is open
	turnout map[string]int        // poll id → ballots cast, while the poll is open

	omu    sync.Mutex
	orders map[string]sortedList // poll id → its list in ballot order

	tabs tablets // the delegates' tablets signed in (server/tablets.go); guarded by mu

	limits *limiters // sign-ins, password checks, questions and comments (limits.go)
	cost   int       // bcrypt cost of the passwords the setup screen makes; 0 is the default

	assets  fs.FS
	mux     *http.ServeMux
	handler http.Handler // mux behind the origin check
	tls     *TLS         // nil: no HTTPS (tests on loopback)
}

// Options configure a server.
type Options struct {
	Logger *slog.Logger
	Now    func() time.Time
	Assets fs.FS // the web UI; nil serves none
	// TurnoutTick is how often an open poll's turnout goes to the screens (a second if 0); tests
	// shorten it instead of waiting for it.
	TurnoutTick time.Duration
	// TLS is the server's HTTPS side (server/ca.go); nil serves no certificate.
	TLS *TLS
	// Limits bound sign-ins and what a delegate writes (limits.go); nil for DefaultLimits.
	Limits *Limits
	// Cost is the bcrypt cost of the passwords the setup screen makes (0: bcrypt.DefaultCost);
	// tests lower it.
	Cost int
}

// New loads the state from the store and returns a server ready to serve.
func New(store daihoi.Store, opt Options) (*Server, error) {
	st, seq, err := store.Load()
	if err != nil {
		return nil, err
	}
	now := opt.Now
	if now == nil {
		now = time.Now
	}
	log := opt.Logger
	if log == nil {
		log = slog.Default()
	}
	s := &Server{store: store, log: log, now: now, state: st, seq: seq,
		hub:      hub.New(hub.Options{Log: log, SessionsFrom: func() time.Time { return now().Add(-sessionLife) }, TurnoutTick: opt.TurnoutTick}),
		sessions: map[string]daihoi.Session{}, devices: map[string]map[string]time.Time{}, keys: map[string]*ballotKey{}, turnout: map[string]int{}, orders: map[string]sortedList{}, assets: opt.Assets, answers: newAnswerLine(), tls: opt.TLS}
	if err := s.loadTablets(); err != nil {
		return nil, err
	}
	if err := s.hashClearCards(); err != nil {
		return nil, err
	}
	if err := s.loadDevices(); err != nil {
		return nil, err
	}
	limits := DefaultLimits
	if opt.Limits != nil {
		limits = *opt.Limits
	}
	s.limits = newLimiters(limits)
	s.cost = opt.Cost
	s.routes()
	s.handler = s.sameOrigin(s.mux)
	go s.answerLoop()
	return s, nil
}

// Close stops the hub, drops every screen and stops the password checkers.
func (s *Server) Close() {
	s.hub.Close()
	s.limits.close()
}

// ServeHTTP serves the API, the websocket and the screens.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Screens returns how many screens are connected.
func (s *Server) Screens() int { return s.hub.Count() }

// commit writes a change that touches no state in memory (sessions) and publishes its events.
func (s *Server) commit(c *daihoi.Change) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.commitLocked(c)
}

// commitLocked writes c, applies it to the state and publishes its events. s.mu is held.
func (s *Server) commitLocked(c *daihoi.Change, boxes ...daihoi.BoxOp) error {
	if len(c.Puts) == 0 && len(c.Events) == 0 && len(boxes) == 0 {
		return nil
	}
	si, late, err := s.arrivals(c)
	if err != nil {
		return err
	}
	if err := s.store.Commit(c, append(boxes, late...)...); err != nil {
		return err
	}
	s.state.Apply(c)
	s.applySignIns(si, c)
	s.issuedLate(late)
	if n := len(c.Events); n > 0 {
		s.seq = c.Events[n-1].Seq
		s.hub.Publish(c.Events)
	}
	return nil
}

// update runs fn under the state lock with a new change by the session's actor, then commits the
// change. fn validates and records what to write; it must not modify the state itself. An error
// from fn or from the store leaves everything as it was.
func (s *Server) update(sess daihoi.Session, fn func(st *daihoi.State, c *daihoi.Change) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := daihoi.NewChange(sess.Subject, s.now())
	if err := fn(s.state, c); err != nil {
		return err
	}
	return s.commitLocked(c)
}

// snapshot builds what sess may see. s.mu is held (read).
func (s *Server) snapshot(sess daihoi.Session) daihoi.Snapshot {
	st := s.state
	snap := daihoi.Snapshot{Seq: s.seq, Me: sess, Congress: st.Congress,
		Attendance: s.attendanceNow(), Agenda: append([]daihoi.AgendaItem(nil), st.Agenda...)}
	if sess.Role.Staff() {
		snap.Settings = st.Congress.Settings.Describe() // what the presidium and the tellers read out
	}
	for _, p := range st.Polls {
		if p.State == daihoi.Draft && !sess.Role.Staff() {
			continue // a draft is the presidium's business until it opens
		}
		snap.Polls = append(snap.Polls, s.pollView(p, sess.Role))
	}
	sort.Slice(snap.Polls, func(i, j int) bool { return snap.Polls[i].ID < snap.Polls[j].ID })
	for _, sp := range st.Speakers {
		if publicSpeaker(sp) || sess.Role.Staff() || sp.Delegate == sess.Subject {
			snap.Speakers = append(snap.Speakers, sp)
		}
	}
	daihoi.SortSpeakers(snap.Speakers)
	if sess.Role != daihoi.HallDisplay && sess.Role != daihoi.CheckIn {
		for _, d := range st.Documents {
			snap.Documents = append(snap.Documents, d)
		}
		sort.Slice(snap.Documents, func(i, j int) bool { return snap.Documents[i].Title < snap.Documents[j].Title })
	}
	if sess.Role.Staff() || sess.Role == daihoi.CheckIn {
		snap.Roll = st.Roll()
	}
	if sess.Role == daihoi.Organiser || sess.Role == daihoi.Presidium {
		snap.Devices = s.multiDevice()
	}
	switch sess.Role {
	case daihoi.Organiser, daihoi.Presidium, daihoi.Secretariat:
		for _, c := range st.Comments {
			snap.Comments = append(snap.Comments, c)
		}
		for _, q := range st.Questions {
			snap.Questions = append(snap.Questions, q)
		}
	case daihoi.DelegateRole:
		if d, ok := st.Delegates[sess.Subject]; ok {
			snap.Delegate = &d
		}
		for _, c := range st.Comments {
			if c.Delegate == sess.Subject {
				snap.Comments = append(snap.Comments, c)
			}
		}
		for _, q := range st.Questions {
			if q.Delegate == sess.Subject {
				snap.Questions = append(snap.Questions, q)
			}
		}
		snap.Eligible, snap.Voted = s.ballotsOf(sess.Subject)
	}
	sort.Slice(snap.Comments, func(i, j int) bool { return snap.Comments[i].At.Before(snap.Comments[j].At) })
	sort.Slice(snap.Questions, func(i, j int) bool { return snap.Questions[i].At.Before(snap.Questions[j].At) })
	return snap
}

// publicSpeaker: the hall sees a speaker once the presidium has approved the registration.
func publicSpeaker(sp daihoi.Speaker) bool {
	return sp.State == daihoi.Approved || sp.State == daihoi.Speaking || sp.State == daihoi.Spoke
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) serveState(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	s.mu.RLock()
	snap := s.snapshot(sess)
	s.mu.RUnlock()
	writeJSON(w, http.StatusOK, snap)
}

func (s *Server) me(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	writeJSON(w, http.StatusOK, sess)
}

// Empty reports whether the store holds no congress yet.
func (s *Server) Empty() bool { return s.CongressID() == "" }

// CongressID is the id of the congress the data holds, "" for none.
func (s *Server) CongressID() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.state.Congress.ID
}
