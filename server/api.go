package server

import (
	"bytes"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/report"
)

func (s *Server) routes() {
	m := http.NewServeMux()
	s.mux = m
	R := func(roles ...daihoi.Role) []daihoi.Role { return roles }
	everyone := R(daihoi.Organiser, daihoi.Presidium, daihoi.Secretariat, daihoi.Teller, daihoi.DelegateRole, daihoi.HallDisplay, daihoi.CheckIn, daihoi.Observer)
	staff := R(daihoi.Organiser, daihoi.Presidium, daihoi.Secretariat, daihoi.Teller)
	door := R(daihoi.CheckIn, daihoi.Organiser, daihoi.Presidium, daihoi.Secretariat)
	pres := R(daihoi.Presidium)
	del := R(daihoi.DelegateRole)

	m.HandleFunc("GET /healthz", s.healthz)
	m.HandleFunc("POST /api/login", s.login)
	m.HandleFunc("POST /api/logout", s.logout)
	m.HandleFunc("GET /d/{code}", s.cardSignIn)
	m.HandleFunc("GET /ws", s.serveWS)
	m.HandleFunc("GET /api/me", s.allow(s.me, everyone...))
	m.HandleFunc("GET /api/state", s.allow(s.serveState, everyone...))

	m.HandleFunc("GET /api/roll", s.allow(s.roll, append(staff, daihoi.CheckIn)...))
	m.HandleFunc("GET /api/attendance", s.allow(s.attendance, everyone...))
	m.HandleFunc("GET /api/tablets", s.allow(s.tabletCoverage, staff...))
	m.HandleFunc("POST /api/checkin", s.allow(s.checkIn, door...))
	m.HandleFunc("POST /api/delegates/{id}/presence", s.allow(s.setPresence, door...))
	m.HandleFunc("GET /api/cards", s.allow(s.cards, daihoi.Organiser))
	m.HandleFunc("GET /api/backup", s.allow(s.backup, daihoi.Organiser))
	m.HandleFunc("GET /api/stats", s.allow(s.stats, daihoi.Organiser))

	m.HandleFunc("POST /api/agenda/next", s.allow(s.agendaNext, pres...))
	m.HandleFunc("POST /api/agenda/back", s.allow(s.agendaBack, pres...))
	m.HandleFunc("POST /api/agenda/open", s.allow(s.agendaOpen, pres...))
	m.HandleFunc("POST /api/agenda/insert", s.allow(s.agendaInsert, pres...))
	m.HandleFunc("POST /api/agenda/move", s.allow(s.agendaMove, pres...))
	m.HandleFunc("POST /api/agenda/{id}/skip", s.allow(s.agendaSkip, pres...))
	m.HandleFunc("POST /api/agenda/{id}/done", s.allow(s.agendaDone, pres...))

	m.HandleFunc("POST /api/speakers", s.allow(s.registerSpeaker, del...))
	m.HandleFunc("POST /api/speakers/{id}/withdraw", s.allow(s.withdrawSpeaker, append(del, daihoi.Presidium)...))
	m.HandleFunc("POST /api/speakers/{id}/{action}", s.allow(s.speakerAction, pres...))
	m.HandleFunc("POST /api/speakers/move", s.allow(s.moveSpeaker, pres...))

	m.HandleFunc("POST /api/documents", s.allow(s.putDocument, daihoi.Organiser, daihoi.Secretariat))
	m.HandleFunc("POST /api/comments", s.allow(s.addComment, del...))
	m.HandleFunc("GET /api/comments.csv", s.allow(s.commentsCSV, daihoi.Organiser, daihoi.Presidium, daihoi.Secretariat))
	m.HandleFunc("POST /api/questions", s.allow(s.addQuestion, del...))
	m.HandleFunc("POST /api/questions/{id}/answered", s.allow(s.answerQuestion, daihoi.Presidium, daihoi.Secretariat))

	s.pollRoutes(m, pres, staff, del, everyone)
	s.agendaLogRoutes(m) // server/agendalog.go
	s.doorRoutes(m)      // server/door.go: credential report, cards
	s.paperRoutes(m)     // server/paper.go: the tellers' paper ballots
	s.keyedRoutes(m)     // server/keyed.go: the keying screen's preview
	s.screenRoutes(m)
	s.caRoutes(m)          // server/ca.go: the congress certificate
	s.setupRoutes(m)       // server/setup.go: preparing the congress
	s.setupImportRoutes(m) // server/setupimport.go: the organisers' spreadsheets
}

func newID() string { return uuid.NewString() }

// write is the shape of most requests that change something: decode the body into In, let fn check
// it and record the change under the state lock, write the change, answer with fn's result. An
// error anywhere changes nothing and is answered as such.
func write[In, Out any](s *Server, w http.ResponseWriter, r *http.Request, sess daihoi.Session, status int,
	fn func(in *In, st *daihoi.State, c *daihoi.Change) (Out, error)) {
	var in In
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	var out Out
	err := s.update(sess, func(st *daihoi.State, c *daihoi.Change) error {
		var err error
		out, err = fn(&in, st, c)
		return err
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, status, out)
}

func (s *Server) roll(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	s.mu.RLock()
	roll := s.state.Roll()
	s.mu.RUnlock()
	writeJSON(w, http.StatusOK, roll)
}

func (s *Server) attendance(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	s.mu.RLock()
	a := s.attendanceNow()
	s.mu.RUnlock()
	writeJSON(w, http.StatusOK, a)
}

// emitPresence records a person's new presence and the attendance it gives; the delegate's own
// tablet hears of it too (a tablet signed in before its delegate checked in says so until then).
func (s *Server) emitPresence(st *daihoi.State, c *daihoi.Change, d daihoi.Delegate) {
	c.Put(daihoi.KDelegate, d.ID, d)
	c.Emit(daihoi.EvDelegate, d, daihoi.Organiser, daihoi.Presidium, daihoi.Secretariat, daihoi.Teller, daihoi.CheckIn)
	c.Emit(daihoi.EvDelegate, d, daihoi.DelegateRole).Delegate = d.ID
	a := st.AttendanceWith(d)
	a.NoTablet = st.NoTablet(s.hasTablet, &d)
	c.Emit(daihoi.EvAttendance, a)
}

// checkIn marks a delegate present by the code on their card (a scanner types it and Enter) or by
// id (found by name). A second scan of the same card is harmless.
func (s *Server) checkIn(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	write(s, w, r, sess, http.StatusOK, func(in *daihoi.CheckInRequest, st *daihoi.State, c *daihoi.Change) (daihoi.Delegate, error) {
		id := in.Delegate
		if code := cardCode(in.Code); code != "" {
			var err error
			if id, err = s.cardHolder(code); err != nil {
				return daihoi.Delegate{}, err
			}
		}
		d, changed, err := st.CheckIn(id)
		if changed {
			s.emitPresence(st, c, d)
		}
		return d, err
	})
}

// cardCode takes what a scanner typed: the bare code or the whole sign-in link.
func cardCode(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndex(s, "/d/"); i >= 0 {
		s = s[i+3:]
	}
	return strings.ToLower(strings.Trim(s, "/ "))
}

func (s *Server) setPresence(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	type presence struct {
		Presence daihoi.Presence `json:"presence"`
		Reason   string          `json:"reason"`
	}
	write(s, w, r, sess, http.StatusOK, func(in *presence, st *daihoi.State, c *daihoi.Change) (daihoi.Delegate, error) {
		d, err := st.SetPresence(r.PathValue("id"), in.Presence, in.Reason)
		if err != nil {
			return d, err
		}
		s.emitPresence(st, c, d)
		return d, nil
	})
}

// SetCard stores a delegate's sign-in code (its hash: the code itself is not kept). It is for the
// organiser's setup and the demo seed.
func (s *Server) SetCard(delegateID, code string) error {
	c := daihoi.NewChange("", s.now())
	c.Put(daihoi.KCard, cardKey(code), delegateID)
	return s.withCards(func() error { return s.commit(c) })
}

// cards is the list of cards for the setup screen: who has one, and on how many devices they are
// signed in. Never the codes: they are shown only when a card is issued (issueAllCards,
// reissueCard, the printed sheet).
func (s *Server) cards(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	cards, err := s.Cards()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, cards)
}

// Cards lists every delegate who holds a card, by roll number, without codes: the store holds
// only their hashes.
func (s *Server) Cards() ([]daihoi.Card, error) {
	s.mu.RLock()
	roll := s.state.Roll()
	s.mu.RUnlock()
	keys, err := s.cardKeys()
	if err != nil {
		return nil, err
	}
	var out []daihoi.Card
	for _, d := range roll {
		if _, ok := keys[d.ID]; ok {
			out = append(out, daihoi.Card{Delegate: d.ID, Number: d.Number, Name: d.Name, Unit: d.Unit})
		}
	}
	return out, nil
}

// backup hands the organiser a consistent copy of the data file. Not while a secret poll is open:
// two copies a moment apart would show which voter's mark and which ballot appeared together. The
// copy is made into a temporary file first, so a slow download never holds the file open. The store
// makes it by compaction: none of the file's free pages, where earlier copies of ballots may lie.
func (s *Server) backup(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	f, err := s.scratchFile()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	defer os.Remove(f.Name())
	defer f.Close()
	if err := s.backupTo(f); err != nil {
		s.writeError(w, r, err)
		return
	}
	// The open file is all the download needs: its name goes now (where the system allows it; the
	// deferred Remove otherwise), not after the last byte is sent, so that neither a client that
	// looks at once nor a server killed during a slow download finds the copy on the disk.
	os.Remove(f.Name())
	name := "daihoi-" + s.now().Format("20060102-150405") + ".db"
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	http.ServeContent(w, r, name, s.now(), f)
}

// backupTo writes the backup into f, unless a poll takes ballots (State.BackupRefused). The state
// lock is held from the check to the end of the copy, so that no poll opens in between: its box
// would be in the copy in the form the close undoes. The copy is a compaction (tens of
// milliseconds); the download after it holds nothing.
func (s *Server) backupTo(f *os.File) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.state.BackupRefused(); err != nil {
		return err
	}
	_, err := s.store.Backup(f)
	return err
}

// --- agenda

// agendaChange applies a change of the agenda. leaving names the item the change leaves (moves on
// from, goes back from, jumps away from, ends or skips), "" for none: State.LeaveItem guards it.
func (s *Server) agendaChange(w http.ResponseWriter, r *http.Request, sess daihoi.Session, in daihoi.ItemRef, leaving func(a daihoi.Agenda) string,
	fn func(a daihoi.Agenda, now time.Time) (daihoi.Agenda, error)) {
	var out daihoi.Agenda
	err := s.update(sess, func(st *daihoi.State, c *daihoi.Change) error {
		if leaving != nil {
			if err := st.LeaveItem(leaving(st.Agenda), in.Confirm); err != nil {
				return err
			}
		}
		a, err := fn(daihoi.Agenda(st.Agenda), c.At)
		if err != nil {
			return err
		}
		out = a
		c.Put(daihoi.KAgenda, "agenda", []daihoi.AgendaItem(a))
		if changed, inPlace := daihoi.Agenda(st.Agenda).Changed(a); inPlace {
			c.Emit(daihoi.EvAgendaItem, changed)
		} else {
			c.Emit(daihoi.EvAgenda, a)
		}
		return nil
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// current names the item running, the one a move away from it leaves.
func current(a daihoi.Agenda) string {
	if c := a.Current(); c >= 0 {
		return a[c].ID
	}
	return ""
}

// itemRef reads the optional body of an agenda action: the item, and whether the presidium confirms
// leaving an item with business left.
func (s *Server) itemRef(w http.ResponseWriter, r *http.Request) (daihoi.ItemRef, bool) {
	var in daihoi.ItemRef
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return in, false
	}
	return in, true
}

func (s *Server) agendaNext(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	if in, ok := s.itemRef(w, r); ok {
		s.agendaChange(w, r, sess, in, current, func(a daihoi.Agenda, now time.Time) (daihoi.Agenda, error) { return a.Next(now) })
	}
}

func (s *Server) agendaBack(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	if in, ok := s.itemRef(w, r); ok {
		s.agendaChange(w, r, sess, in, current, func(a daihoi.Agenda, now time.Time) (daihoi.Agenda, error) { return a.Back(now) })
	}
}

func (s *Server) agendaOpen(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	in, ok := s.itemRef(w, r)
	if !ok {
		return
	}
	leaving := func(a daihoi.Agenda) string {
		if cur := current(a); cur != in.Item {
			return cur
		}
		return ""
	}
	s.agendaChange(w, r, sess, in, leaving, func(a daihoi.Agenda, now time.Time) (daihoi.Agenda, error) { return a.Open(in.Item, now) })
}

func (s *Server) agendaMove(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	if in, ok := s.itemRef(w, r); ok {
		s.agendaChange(w, r, sess, in, nil, func(a daihoi.Agenda, now time.Time) (daihoi.Agenda, error) { return a.Move(in.Item, in.To) })
	}
}

func (s *Server) agendaSkip(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	id := r.PathValue("id")
	if in, ok := s.itemRef(w, r); ok {
		s.agendaChange(w, r, sess, in, func(daihoi.Agenda) string { return id }, func(a daihoi.Agenda, now time.Time) (daihoi.Agenda, error) { return a.Skip(id, now) })
	}
}

func (s *Server) agendaDone(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	id := r.PathValue("id")
	if in, ok := s.itemRef(w, r); ok {
		s.agendaChange(w, r, sess, in, func(daihoi.Agenda) string { return id }, func(a daihoi.Agenda, now time.Time) (daihoi.Agenda, error) { return a.Finish(id, now) })
	}
}

func (s *Server) agendaInsert(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	var in daihoi.InsertItem
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	it := daihoi.AgendaItem{ID: newID(), Title: strings.TrimSpace(in.Title), Sitting: in.Sitting, Kind: in.Kind,
		PlannedStart: in.PlannedStart, Minutes: in.Minutes}
	s.agendaChange(w, r, sess, daihoi.ItemRef{}, nil, func(a daihoi.Agenda, now time.Time) (daihoi.Agenda, error) { return a.Insert(in.After, it) })
}

// --- speakers

func emitSpeaker(c *daihoi.Change, sp daihoi.Speaker) {
	c.Put(daihoi.KSpeaker, sp.ID, sp)
	if sp.State != daihoi.Requested {
		c.Emit(daihoi.EvSpeaker, sp)
		return
	}
	// A request not yet approved: the presidium and its author see it.
	c.Emit(daihoi.EvSpeaker, sp, daihoi.Organiser, daihoi.Presidium, daihoi.Secretariat, daihoi.Teller, daihoi.DelegateRole).Delegate = sp.Delegate
}

func (s *Server) registerSpeaker(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	if t := s.writesOf(sess.Subject); t != nil { // a request withdrawn and made again, 200 times
		s.writeTooMany(w, r, t, false)
		return
	}
	write(s, w, r, sess, http.StatusCreated, func(in *daihoi.SpeakerRequest, st *daihoi.State, c *daihoi.Change) (daihoi.Speaker, error) {
		out, err := st.RegisterSpeaker(st.Delegates[sess.Subject], *in, c.At)
		if err != nil {
			return out, err
		}
		out.ID = newID()
		emitSpeaker(c, out)
		return out, nil
	})
}

func (s *Server) speakerUpdate(w http.ResponseWriter, r *http.Request, sess daihoi.Session, fn func(st *daihoi.State, c *daihoi.Change, sp *daihoi.Speaker) error) {
	var out daihoi.Speaker
	err := s.update(sess, func(st *daihoi.State, c *daihoi.Change) error {
		sp, err := st.Speaker(r.PathValue("id"))
		if err != nil {
			return err
		}
		if err := fn(st, c, &sp); err != nil {
			return err
		}
		out = sp
		emitSpeaker(c, sp)
		return nil
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) withdrawSpeaker(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	s.speakerUpdate(w, r, sess, func(st *daihoi.State, c *daihoi.Change, sp *daihoi.Speaker) error {
		return sp.Withdraw(sess.Role, sess.Subject)
	})
}

// speakerAction is approve, call (the speaker takes the floor; whoever spoke before is done) and
// done.
func (s *Server) speakerAction(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	action := r.PathValue("action")
	s.speakerUpdate(w, r, sess, func(st *daihoi.State, c *daihoi.Change, sp *daihoi.Speaker) error {
		ended, err := sp.Act(action, st.Agenda, st.Speakers, c.At)
		if action == "call" && err == nil {
			sp.MaxMinutes = st.Congress.Speaking.Minutes(sp.Kind) // the clock's limit
		}
		for _, other := range ended {
			emitSpeaker(c, other)
		}
		return err
	})
}

func (s *Server) moveSpeaker(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	var in struct {
		ID string `json:"id"`
		To int    `json:"to"`
	}
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	err := s.update(sess, func(st *daihoi.State, c *daihoi.Change) error {
		changed, err := st.MoveSpeaker(in.ID, in.To)
		for _, sp := range changed {
			emitSpeaker(c, sp)
		}
		return err
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// --- documents, comments, questions

func (s *Server) putDocument(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	var in daihoi.DocumentRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	doc := daihoi.Document{ID: in.ID, Title: strings.TrimSpace(in.Title), Sections: in.Sections}
	if doc.ID == "" {
		doc.ID = newID()
	}
	if in.Text != "" {
		doc.Sections = daihoi.SplitSections(in.Text)
	}
	if err := doc.Check(); err != nil {
		s.writeError(w, r, err)
		return
	}
	err := s.update(sess, func(st *daihoi.State, c *daihoi.Change) error {
		c.Put(daihoi.KDocument, doc.ID, doc)
		c.Emit(daihoi.EvDocument, doc, daihoi.Organiser, daihoi.Presidium, daihoi.Secretariat, daihoi.Teller, daihoi.DelegateRole, daihoi.Observer)
		return nil
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, doc)
}

func (s *Server) addComment(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	if t := s.writesOf(sess.Subject); t != nil {
		s.writeTooMany(w, r, t, false)
		return
	}
	write(s, w, r, sess, http.StatusCreated, func(in *daihoi.CommentRequest, st *daihoi.State, c *daihoi.Change) (daihoi.Comment, error) {
		out, err := st.NewComment(st.Delegates[sess.Subject], *in, c.At)
		if err != nil {
			return out, err
		}
		out.ID = newID()
		c.Put(daihoi.KComment, out.ID, out)
		c.Emit(daihoi.EvComment, out, daihoi.Organiser, daihoi.Presidium, daihoi.Secretariat, daihoi.DelegateRole).Delegate = out.Delegate
		return out, nil
	})
}

// commentsCSV downloads the delegates' questions to the presidium by topic (as the secretariat's
// screen lists them), then every comment grouped by document and section, with a UTF-8 byte order
// mark so that Excel opens the Vietnamese text correctly.
func (s *Server) commentsCSV(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	s.mu.RLock()
	questions, _, _ := report.QuestionsByTopic(s.state)
	docs := s.state.Documents
	var list []daihoi.Comment
	for _, c := range s.state.Comments {
		list = append(list, c)
	}
	titles := map[string]string{}
	order := map[string]int{}
	for _, d := range docs {
		titles[d.ID] = d.Title
		for i, sec := range d.Sections {
			order[d.ID+"\x00"+sec.Number] = i
		}
	}
	s.mu.RUnlock()
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.Document != b.Document {
			return titles[a.Document] < titles[b.Document]
		}
		if a.Section != b.Section {
			return order[a.Document+"\x00"+a.Section] < order[b.Document+"\x00"+b.Section]
		}
		return a.At.Before(b.At)
	})
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	cw := report.NewSpreadsheet(&buf) // a delegate's =HYPERLINK(…) goes out as text
	cw.Write([]string{"Văn kiện", "Mục", "Đại biểu", "Đơn vị", "Thời gian", "Nội dung góp ý, câu hỏi", "Trả lời"})
	for _, t := range questions {
		topic := t.Topic
		if topic == "" {
			topic = "Chưa chọn chủ đề"
		}
		for _, q := range t.Questions {
			answered := "Chưa trả lời"
			if q.Answered {
				answered = "Đã trả lời"
			}
			cw.Write([]string{"Câu hỏi gửi Đoàn Chủ tịch", topic, q.Name, q.Unit, q.At.Local().Format("02/01/2006 15:04"), q.Text, answered})
		}
	}
	for _, c := range list {
		cw.Write([]string{titles[c.Document], c.Section, c.Name, c.Unit, c.At.Local().Format("02/01/2006 15:04"), c.Text, ""})
	}
	cw.Flush()
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="gop-y-du-thao.csv"`)
	w.Write(buf.Bytes())
}

func (s *Server) addQuestion(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	if t := s.writesOf(sess.Subject); t != nil {
		s.writeTooMany(w, r, t, false)
		return
	}
	write(s, w, r, sess, http.StatusCreated, func(in *daihoi.QuestionRequest, st *daihoi.State, c *daihoi.Change) (daihoi.Question, error) {
		out, err := st.NewQuestion(st.Delegates[sess.Subject], *in, c.At)
		if err != nil {
			return out, err
		}
		out.ID = newID()
		emitQuestion(c, out)
		return out, nil
	})
}
func (s *Server) answerQuestion(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	write(s, w, r, sess, http.StatusOK, func(_ *struct{}, st *daihoi.State, c *daihoi.Change) (daihoi.Question, error) {
		q, err := st.AnswerQuestion(r.PathValue("id"))
		if err == nil {
			emitQuestion(c, q)
		}
		return q, err
	})
}

// emitQuestion records a question; the presidium, the secretariat and its author hear of it.
func emitQuestion(c *daihoi.Change, q daihoi.Question) {
	c.Put(daihoi.KQuestion, q.ID, q)
	c.Emit(daihoi.EvQuestion, q, daihoi.Organiser, daihoi.Presidium, daihoi.Secretariat, daihoi.DelegateRole).Delegate = q.Delegate
}
