package server

import (
	"cmp"
	"crypto/rand"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/report"
)

// The organisers' preparation of the congress on the setup screen: the congress, single delegates,
// draft polls, the agenda and the operators' accounts. The rules are the root package's
// (setup.go); each handler decodes, asks the domain, writes the change with its event (the actor
// is the signed-in organiser) and answers. The spreadsheet imports are setupimport.go's.

func (s *Server) setupRoutes(m *http.ServeMux) {
	org := daihoi.Organiser
	m.HandleFunc("GET /api/setup/rulesets", s.allow(s.setupRulesets, org))
	m.HandleFunc("PUT /api/setup/congress", s.allow(s.setupCongress, org))
	m.HandleFunc("POST /api/setup/delegates", s.allow(s.setupDelegate, org))
	m.HandleFunc("PUT /api/setup/delegates/{id}", s.allow(s.setupDelegate, org))
	m.HandleFunc("POST /api/setup/surplus", s.allow(s.setupSurplus, org))
	m.HandleFunc("POST /api/setup/polls", s.allow(s.setupPoll, org))
	m.HandleFunc("PUT /api/setup/polls/{id}", s.allow(s.setupPoll, org))
	m.HandleFunc("DELETE /api/setup/polls/{id}", s.allow(s.setupRemovePoll, org))
	m.HandleFunc("POST /api/setup/agenda", s.allow(s.setupAddItem, org))
	m.HandleFunc("PUT /api/setup/agenda/{id}", s.allow(s.setupEditItem, org))
	m.HandleFunc("POST /api/setup/agenda/{id}/move", s.allow(s.setupMoveItem, org))
	m.HandleFunc("DELETE /api/setup/agenda/{id}", s.allow(s.setupRemoveItem, org))
	m.HandleFunc("GET /api/setup/operators", s.allow(s.setupOperators, org))
	m.HandleFunc("POST /api/setup/operators", s.allow(s.setupOperator, org))
	m.HandleFunc("PUT /api/setup/operators/{id}", s.allow(s.setupOperator, org))
	m.HandleFunc("POST /api/setup/operators/{id}/password", s.allow(s.setupResetPassword, org))
	m.HandleFunc("POST /print/slips", s.allowPage(s.printSlips, org))
	m.HandleFunc("GET /api/setup/changes", s.allow(s.setupChanges, org))
}

// SetupChange is one change the organisers made, as the setup screen's log shows it: from the
// event log, with who made it.
type SetupChange struct {
	Seq   uint64          `json:"seq"`
	At    time.Time       `json:"at"`
	Actor string          `json:"actor"`
	Type  string          `json:"type"`
	Data  json.RawMessage `json:"data"`
}

// setupTypes are the events a change on the setup screen makes.
var setupTypes = map[string]bool{daihoi.EvCongress: true, daihoi.EvDelegate: true, daihoi.EvAgenda: true, daihoi.EvPoll: true,
	daihoi.EvPollGone: true, daihoi.EvOperator: true, daihoi.EvCard: true, daihoi.EvDocument: true, "roll": true}

// maxSetupChanges is how many of the latest changes the log shows.
const maxSetupChanges = 300

// setupChanges lists the latest changes made by organisers' accounts, newest first, read from the
// event log (the record `daihoi audit` checks).
func (s *Server) setupChanges(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	s.mu.RLock()
	names := map[string]string{}
	for _, o := range s.state.Operators {
		if o.Role == daihoi.Organiser {
			names[o.ID] = cmp.Or(o.FullName, o.Name) + " (" + o.Name + ")"
		}
	}
	s.mu.RUnlock()
	var out []SetupChange
	for after := uint64(0); ; {
		evs, err := s.store.Events(after, 2000)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if len(evs) == 0 {
			break
		}
		for _, ev := range evs {
			name, ok := names[ev.Actor]
			if !ok || !setupTypes[ev.Type] || (len(ev.Audience) > 0 && !slices.Contains(ev.Audience, daihoi.Organiser)) {
				continue
			}
			out = append(out, SetupChange{Seq: ev.Seq, At: ev.At, Actor: name, Type: ev.Type, Data: ev.Data})
		}
		after = evs[len(evs)-1].Seq
	}
	slices.Reverse(out)
	if len(out) > maxSetupChanges {
		out = out[:maxSetupChanges]
	}
	writeJSON(w, http.StatusOK, out)
}

// RulesetInfo is a ruleset as the setup screen offers it, with its settings described.
type RulesetInfo struct {
	Name     string               `json:"name"`
	Vi       string               `json:"vi"`
	En       string               `json:"en"`
	Settings []daihoi.SettingInfo `json:"settings"`
}

func (s *Server) setupRulesets(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	var out []RulesetInfo
	for _, name := range daihoi.RulesetNames() {
		rs, _ := daihoi.LookupRuleset(name)
		out = append(out, RulesetInfo{Name: rs.Name, Vi: rs.Vi, En: rs.En, Settings: rs.Settings.Describe()})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) setupCongress(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	write(s, w, r, sess, http.StatusOK, func(in *daihoi.CongressRequest, st *daihoi.State, c *daihoi.Change) (daihoi.Congress, error) {
		out, err := st.SetupCongress(*in)
		if err != nil {
			return out, err
		}
		c.Put(daihoi.KCongress, "congress", out)
		c.Emit(daihoi.EvCongress, out)
		for _, p := range st.DraftsFollowing(out) {
			s.emitPoll(c, p)
		}
		a := st.Roll().Attendance(out.Type, out.Settings) // the base and the quorum may follow
		a.NoTablet = st.NoTablet(s.hasTablet, nil)
		c.Emit(daihoi.EvAttendance, a)
		return out, nil
	})
}

// setupDelegate adds a person to the roll (POST) or corrects one (PUT, with the id in the path).
func (s *Server) setupDelegate(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	status, id := http.StatusOK, r.PathValue("id")
	if id == "" {
		status, id = http.StatusCreated, newID()
	}
	write(s, w, r, sess, status, func(in *daihoi.Delegate, st *daihoi.State, c *daihoi.Change) (daihoi.Delegate, error) {
		if _, ok := st.Delegates[id]; status == http.StatusOK && !ok {
			return daihoi.Delegate{}, daihoi.Errorf(daihoi.ENOTFOUND, "Không có đại biểu này trong danh sách.", "No such person on the roll.")
		}
		in.ID = id
		d, err := st.SetupDelegate(*in)
		if err != nil {
			return d, err
		}
		s.emitPresence(st, c, d)
		return d, nil
	})
}

// SurplusRequest asks how a list of n names for the seats stands against the congress's rules.
type SurplusRequest struct {
	Seats      int `json:"seats"`
	Candidates int `json:"candidates"`
}

// setupSurplus measures a list being ticked as the presidium will see it (daihoi.CheckSurplus).
func (s *Server) setupSurplus(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	var in SurplusRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.mu.RLock()
	settings := s.state.Congress.Settings
	s.mu.RUnlock()
	if settings.Quorum.Den == 0 {
		rs, _ := daihoi.LookupRuleset("")
		settings = rs.Settings
	}
	writeJSON(w, http.StatusOK, daihoi.CheckSurplus(settings, in.Seats, in.Candidates))
}

// setupPoll prepares a draft motion or election (POST) or redrafts one (PUT).
func (s *Server) setupPoll(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	status, id := http.StatusOK, r.PathValue("id")
	if id == "" {
		status, id = http.StatusCreated, newID()
	}
	write(s, w, r, sess, status, func(in *daihoi.PollRequest, st *daihoi.State, c *daihoi.Change) (daihoi.PollView, error) {
		if _, ok := st.Polls[id]; status == http.StatusOK && !ok {
			return daihoi.PollView{}, daihoi.ErrNoPoll
		}
		p, err := st.SetupPoll(id, *in)
		if err != nil {
			return daihoi.PollView{}, err
		}
		s.emitPoll(c, p)
		return s.pollView(p, sess.Role), nil
	})
}

func (s *Server) setupRemovePoll(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	write(s, w, r, sess, http.StatusOK, func(_ *struct{}, st *daihoi.State, c *daihoi.Change) (daihoi.Poll, error) {
		p, err := st.RemovePoll(r.PathValue("id"))
		if err != nil {
			return p, err
		}
		c.Delete(daihoi.KPoll, p.ID)
		c.Emit(daihoi.EvPollGone, map[string]string{"id": p.ID, "title": p.Title}, daihoi.Organiser, daihoi.Presidium, daihoi.Secretariat, daihoi.Teller)
		return p, nil
	})
}

// setupAgenda writes the agenda the domain made: the whole of it, as the presidium's changes do.
func (s *Server) setupAgenda(w http.ResponseWriter, r *http.Request, sess daihoi.Session, fn func(st *daihoi.State) (daihoi.Agenda, error)) {
	var out daihoi.Agenda
	err := s.update(sess, func(st *daihoi.State, c *daihoi.Change) error {
		a, err := fn(st)
		if err != nil {
			return err
		}
		out = a
		c.Put(daihoi.KAgenda, "agenda", []daihoi.AgendaItem(a))
		c.Emit(daihoi.EvAgenda, a)
		return nil
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) setupAddItem(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	var in daihoi.AgendaItemRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	id := newID()
	s.setupAgenda(w, r, sess, func(st *daihoi.State) (daihoi.Agenda, error) { return st.SetupAddItem(id, in) })
}

func (s *Server) setupEditItem(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	var in daihoi.AgendaItemRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.setupAgenda(w, r, sess, func(st *daihoi.State) (daihoi.Agenda, error) { return st.SetupEditItem(r.PathValue("id"), in) })
}

func (s *Server) setupMoveItem(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	var in struct {
		To int `json:"to"`
	}
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.setupAgenda(w, r, sess, func(st *daihoi.State) (daihoi.Agenda, error) {
		return daihoi.Agenda(st.Agenda).Move(r.PathValue("id"), in.To)
	})
}

func (s *Server) setupRemoveItem(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	s.setupAgenda(w, r, sess, func(st *daihoi.State) (daihoi.Agenda, error) { return st.SetupRemoveItem(r.PathValue("id")) })
}

// operators lists the accounts by role and sign-in name, without their hashes. s.mu is held.
func (s *Server) operators() []daihoi.Operator {
	out := make([]daihoi.Operator, 0, len(s.state.Operators))
	for _, o := range s.state.Operators {
		o.Hash = ""
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Role != out[j].Role {
			return out[i].Role < out[j].Role
		}
		return out[i].Name < out[j].Name
	})
	return out
}

func (s *Server) setupOperators(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	s.mu.RLock()
	out := s.operators()
	s.mu.RUnlock()
	writeJSON(w, http.StatusOK, out)
}

// NewAccount is an account just created or given a new password: the password shows this once.
type NewAccount struct {
	Operator daihoi.Operator `json:"operator"`
	Password string          `json:"password,omitempty"`
}

// emitOperator records an account and tells the organisers, without its hash.
func emitOperator(c *daihoi.Change, o daihoi.Operator) {
	c.Put(daihoi.KOperator, o.ID, o)
	o.Hash = ""
	c.Emit(daihoi.EvOperator, o, daihoi.Organiser)
}

// setupOperator creates an account with a new password (POST) or renames one, changes its role or
// makes it the tellers' head (PUT): the password stays.
func (s *Server) setupOperator(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	id, password, hash := r.PathValue("id"), "", ""
	if id == "" {
		id, password = newID(), NewPassword()
		var err error
		if hash, err = s.hashPassword(password); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	status := http.StatusOK
	if password != "" {
		status = http.StatusCreated
	}
	var ended []string
	write(s, w, r, sess, status, func(in *daihoi.OperatorRequest, st *daihoi.State, c *daihoi.Change) (NewAccount, error) {
		old, ok := st.Operators[id]
		if password == "" && !ok {
			return NewAccount{}, daihoi.Errorf(daihoi.ENOTFOUND, "Không có tài khoản này.", "No such account.")
		}
		o, cleared, err := st.SetupOperator(id, *in)
		if err != nil {
			return NewAccount{}, err
		}
		if ok && (old.Role != o.Role || old.Head != o.Head) { // a session carries the role it was opened with
			if ended, err = s.endOperatorSessions(c, id); err != nil {
				return NewAccount{}, err
			}
		}
		if hash != "" {
			o.Hash = hash
		}
		emitOperator(c, o)
		for _, other := range cleared {
			emitOperator(c, other)
		}
		o.Hash = ""
		return NewAccount{Operator: o, Password: password}, nil
	})
	s.forgetSessions(ended)
}

// setupResetPassword gives an account a new random password, shown once, and signs the account out
// everywhere: a reset is what the organisers do for a slip lost, or read by someone else.
func (s *Server) setupResetPassword(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	password := NewPassword()
	hash, err := s.hashPassword(password)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var ended []string
	write(s, w, r, sess, http.StatusOK, func(_ *struct{}, st *daihoi.State, c *daihoi.Change) (NewAccount, error) {
		o, ok := st.Operators[r.PathValue("id")]
		if !ok {
			return NewAccount{}, daihoi.Errorf(daihoi.ENOTFOUND, "Không có tài khoản này.", "No such account.")
		}
		var err error
		if o.ID != sess.Subject { // the organiser's own reset keeps their page signed in
			if ended, err = s.endOperatorSessions(c, o.ID); err != nil {
				return NewAccount{}, err
			}
		}
		o.Hash = hash
		emitOperator(c, o)
		o.Hash = ""
		return NewAccount{Operator: o, Password: password}, nil
	})
	s.forgetSessions(ended)
}

// endOperatorSessions records in c the end of every stored session of the operator id, and returns
// their keys, for forgetSessions once c is written. s.mu is held.
func (s *Server) endOperatorSessions(c *daihoi.Change, id string) ([]string, error) {
	var keys []string
	err := s.store.Each(daihoi.KSession, func(k string, data []byte) error {
		var sess daihoi.Session
		if err := json.Unmarshal(data, &sess); err != nil {
			return err
		}
		if sess.Operator && sess.Subject == id {
			keys = append(keys, k)
			c.Delete(daihoi.KSession, k)
		}
		return nil
	})
	return keys, err
}

// forgetSessions drops ended sessions from the cache (a write that failed leaves them stored and
// cached alike: nothing is lost by reading them again).
func (s *Server) forgetSessions(keys []string) {
	if len(keys) == 0 {
		return
	}
	s.smu.Lock()
	defer s.smu.Unlock()
	s.revoked++
	for _, k := range keys {
		delete(s.sessions, k)
	}
}

func (s *Server) hashPassword(pw string) (string, error) {
	cost := s.cost
	if cost == 0 {
		cost = bcrypt.DefaultCost
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pw), cost)
	return string(h), err
}

// passwordAlphabet leaves out what reads alike on a slip: 0 and o, 1, l and i.
const passwordAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

// NewPassword returns a random password of 12 characters in three groups, "k7mp-x3qa-9rtz": about
// 59 bits, easy to type from a slip.
func NewPassword() string {
	var b [12]byte
	rand.Read(b[:])
	var sb strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(passwordAlphabet[int(c)%len(passwordAlphabet)])
	}
	return sb.String()
}

// printSlips prints the sign-in slips of the accounts whose new passwords the setup screen holds
// (it was shown them once, when each was created or reset): the form posts id and password pairs.
// A password that is not the account's is refused, so that no slip carries one that does not work.
func (s *Server) printSlips(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	if err := r.ParseForm(); err != nil {
		s.pageError(w, r, daihoi.Errorf(daihoi.EINVALID, "Yêu cầu in không đọc được.", "The print request cannot be read."))
		return
	}
	ids, pws := r.PostForm["id"], r.PostForm["password"]
	if len(ids) == 0 || len(ids) != len(pws) || len(ids) > 200 {
		s.pageError(w, r, daihoi.Errorf(daihoi.EINVALID, "Chưa chọn tài khoản nào có mật khẩu mới để in.", "No account with a new password was chosen to print."))
		return
	}
	s.mu.RLock()
	ops := make([]daihoi.Operator, len(ids))
	for i, id := range ids {
		ops[i] = s.state.Operators[id]
	}
	s.mu.RUnlock()
	slips := make([]report.Slip, 0, len(ids))
	for i, o := range ops {
		if o.ID == "" || bcrypt.CompareHashAndPassword([]byte(o.Hash), []byte(pws[i])) != nil {
			s.pageError(w, r, daihoi.Errorf(daihoi.ECONFLICT, "Mật khẩu của tài khoản %s đã đổi: cấp lại mật khẩu rồi in.", "The password of %s has changed: reset it, then print.", o.Name))
			return
		}
		slips = append(slips, report.Slip{Name: o.Name, FullName: o.FullName, Role: o.Role, Head: o.Head, Password: pws[i]})
	}
	host := r.FormValue("host")
	if host == "" {
		host = r.Host
	}
	p := s.newPage("Phiếu đăng nhập", "/setup")
	s.render(w, r, func(w io.Writer) error { return report.Slips(w, p, host, slips) })
}
