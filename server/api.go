package server

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"os"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/daihoi/daihoi"
)

func (s *Server) routes() {
	m := http.NewServeMux()
	s.mux = m
	R := func(roles ...daihoi.Role) []daihoi.Role { return roles }
	any := R(daihoi.Organiser, daihoi.Presidium, daihoi.Secretariat, daihoi.Teller, daihoi.DelegateR, daihoi.HallDisplay, daihoi.CheckIn, daihoi.Observer)
	staff := R(daihoi.Organiser, daihoi.Presidium, daihoi.Secretariat, daihoi.Teller)
	door := R(daihoi.CheckIn, daihoi.Organiser, daihoi.Presidium, daihoi.Secretariat)
	pres := R(daihoi.Presidium)
	del := R(daihoi.DelegateR)

	m.HandleFunc("GET /healthz", s.healthz)
	m.HandleFunc("POST /api/login", s.login)
	m.HandleFunc("POST /api/logout", s.logout)
	m.HandleFunc("GET /d/{code}", s.cardSignIn)
	m.HandleFunc("GET /ws", s.serveWS)
	m.HandleFunc("GET /api/me", s.allow(s.me, any...))
	m.HandleFunc("GET /api/state", s.allow(s.state_, any...))

	m.HandleFunc("GET /api/roll", s.allow(s.roll, append(staff, daihoi.CheckIn)...))
	m.HandleFunc("GET /api/attendance", s.allow(s.attendance, any...))
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

	s.pollRoutes(m, pres, staff, del, any)
	s.presidiumRoutes(m) // server/presidium.go
	s.doorRoutes(m)      // server/door.go: credential report, cards
	s.paperRoutes(m)     // server/paper.go: the tellers' paper ballots
	s.keyedRoutes(m)     // server/keyed.go: the keying screen's preview
	s.screenRoutes(m)
}

func newID() string { return uuid.NewString() }

var errNoDelegate = daihoi.Errorf(daihoi.ENOTFOUND, "Không tìm thấy đại biểu.", "Delegate not found.")

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
	a := s.state.Attendance()
	s.mu.RUnlock()
	writeJSON(w, http.StatusOK, a)
}

// emitPresence records a person's new presence and the attendance it gives.
func emitPresence(st *daihoi.State, c *daihoi.Change, d daihoi.Delegate) {
	c.Put(daihoi.KDelegate, d.ID, d)
	c.Emit(daihoi.EvDelegate, d, daihoi.Organiser, daihoi.Presidium, daihoi.Secretariat, daihoi.Teller, daihoi.CheckIn)
	c.Emit(daihoi.EvAttendance, st.AttendanceWith(d))
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
		d, ok := st.Delegates[id]
		if !ok {
			return d, errNoDelegate
		}
		if d.Presence == daihoi.Present {
			return d, nil // a second scan of the same card is harmless
		}
		d.Presence, d.Reason = daihoi.Present, ""
		emitPresence(st, c, d)
		return d, nil
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
		switch in.Presence {
		case daihoi.Present, daihoi.NotArrived, daihoi.AbsentWithoutReason:
		case daihoi.AbsentWithReason:
			if strings.TrimSpace(in.Reason) == "" {
				return daihoi.Delegate{}, daihoi.Errorf(daihoi.EINVALID, "Vắng mặt có lý do: hãy ghi lý do.", "Absent with reason: please give the reason.")
			}
		default:
			return daihoi.Delegate{}, daihoi.Errorf(daihoi.EINVALID, "Trạng thái %q không hợp lệ (present, absent_reason, absent_noreason).", "Unknown presence %q (present, absent_reason, absent_noreason).", in.Presence)
		}
		d, ok := st.Delegates[r.PathValue("id")]
		if !ok {
			return d, errNoDelegate
		}
		d.Presence, d.Reason = in.Presence, strings.TrimSpace(in.Reason)
		emitPresence(st, c, d)
		return d, nil
	})
}

// SetCard stores a delegate's sign-in code. It is for the organiser's setup and the demo seed.
func (s *Server) SetCard(delegateID, code string) error {
	c := daihoi.NewChange("", s.now())
	c.Put(daihoi.KCard, strings.ToLower(code), delegateID)
	return s.commit(c)
}

func (s *Server) cards(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	cards, err := s.Cards()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, cards)
}

// Cards lists every delegate's card code, by roll number. The codes live only in the store.
func (s *Server) Cards() ([]daihoi.Card, error) {
	s.mu.RLock()
	roll := s.state.Roll()
	s.mu.RUnlock()
	codes, err := s.cardCodes()
	if err != nil {
		return nil, err
	}
	var out []daihoi.Card
	for _, d := range roll {
		if code, ok := codes[d.ID]; ok {
			out = append(out, daihoi.Card{Delegate: d.ID, Number: d.Number, Name: d.Name, Unit: d.Unit, Code: code})
		}
	}
	return out, nil
}

// backup hands the organiser a consistent copy of the data file. Not while a secret poll is open:
// two copies a moment apart would show which voter's mark and which ballot appeared together. The
// copy is made into a temporary file first, so a slow download never holds the file open.
func (s *Server) backup(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	if err := s.backupAllowed(); err != nil {
		s.writeError(w, r, err)
		return
	}
	f, err := os.CreateTemp("", "daihoi-backup-*")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	defer os.Remove(f.Name())
	defer f.Close()
	if _, err := s.store.Backup(f); err != nil {
		s.writeError(w, r, err)
		return
	}
	name := "daihoi-" + s.now().Format("20060102-150405") + ".db"
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	http.ServeContent(w, r, name, s.now(), f)
}

// backupAllowed refuses a copy of the file while a poll takes ballots (State.BackupRefused).
func (s *Server) backupAllowed() error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.state.BackupRefused()
}

// --- agenda

func (s *Server) agendaChange(w http.ResponseWriter, r *http.Request, sess daihoi.Session, fn func(a daihoi.Agenda, now time.Time) (daihoi.Agenda, error)) {
	var out daihoi.Agenda
	err := s.update(sess, func(st *daihoi.State, c *daihoi.Change) error {
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

func (s *Server) agendaNext(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	s.agendaChange(w, r, sess, func(a daihoi.Agenda, now time.Time) (daihoi.Agenda, error) { return a.Next(now) })
}

func (s *Server) agendaBack(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	s.agendaChange(w, r, sess, func(a daihoi.Agenda, now time.Time) (daihoi.Agenda, error) { return a.Back(now) })
}

func (s *Server) agendaOpen(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	var in daihoi.ItemRef
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.agendaChange(w, r, sess, func(a daihoi.Agenda, now time.Time) (daihoi.Agenda, error) { return a.Open(in.Item, now) })
}

func (s *Server) agendaMove(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	var in daihoi.ItemRef
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.agendaChange(w, r, sess, func(a daihoi.Agenda, now time.Time) (daihoi.Agenda, error) { return a.Move(in.Item, in.To) })
}

func (s *Server) agendaSkip(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	id := r.PathValue("id")
	s.agendaChange(w, r, sess, func(a daihoi.Agenda, now time.Time) (daihoi.Agenda, error) { return a.Skip(id, now) })
}

func (s *Server) agendaDone(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	id := r.PathValue("id")
	s.agendaChange(w, r, sess, func(a daihoi.Agenda, now time.Time) (daihoi.Agenda, error) { return a.Finish(id, now) })
}

func (s *Server) agendaInsert(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	var in daihoi.InsertItem
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	it := daihoi.AgendaItem{ID: newID(), Title: strings.TrimSpace(in.Title), Session: in.Session, Kind: in.Kind,
		PlannedStart: in.PlannedStart, Minutes: in.Minutes}
	s.agendaChange(w, r, sess, func(a daihoi.Agenda, now time.Time) (daihoi.Agenda, error) { return a.Insert(in.After, it) })
}

// --- speakers

func emitSpeaker(c *daihoi.Change, sp daihoi.Speaker) {
	c.Put(daihoi.KSpeaker, sp.ID, sp)
	if sp.State != daihoi.Requested {
		c.Emit(daihoi.EvSpeaker, sp)
		return
	}
	// A request not yet approved: the presidium and its author see it.
	c.Emit(daihoi.EvSpeaker, sp, daihoi.Organiser, daihoi.Presidium, daihoi.Secretariat, daihoi.Teller, daihoi.DelegateR).Delegate = sp.Delegate
}

func (s *Server) registerSpeaker(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	write(s, w, r, sess, http.StatusCreated, func(in *daihoi.SpeakerRequest, st *daihoi.State, c *daihoi.Change) (daihoi.Speaker, error) {
		in.Title = strings.TrimSpace(in.Title)
		switch in.Kind {
		case daihoi.OpenDiscussion:
		case daihoi.Prepared:
			if in.Title == "" {
				return daihoi.Speaker{}, daihoi.Errorf(daihoi.EINVALID, "Tham luận cần có tiêu đề.", "A prepared contribution needs a title.")
			}
		default:
			return daihoi.Speaker{}, daihoi.Errorf(daihoi.EINVALID, "Hình thức phát biểu %q không hợp lệ (discussion, prepared).", "Unknown kind of contribution %q (discussion, prepared).", in.Kind)
		}
		agenda := daihoi.Agenda(st.Agenda)
		if in.Item == "" {
			cur := agenda.Current()
			if cur < 0 {
				return daihoi.Speaker{}, daihoi.Errorf(daihoi.EINVALID, "Chưa có mục nào đang diễn ra để đăng ký phát biểu.", "No agenda item is open to speak on.")
			}
			in.Item = agenda[cur].ID
		}
		at := agenda.Index(in.Item)
		if at < 0 {
			return daihoi.Speaker{}, daihoi.Errorf(daihoi.ENOTFOUND, "Không có mục này trong chương trình.", "This agenda item does not exist.")
		}
		// A delegate may ask ahead for an item still to come (a prepared contribution to the
		// discussion, say), not for one that is over.
		switch it := agenda[at]; it.State {
		case daihoi.Done:
			return daihoi.Speaker{}, daihoi.Errorf(daihoi.ECONFLICT, "Mục «%s» đã kết thúc, không đăng ký phát biểu được nữa.", "The item “%s” is over: nobody can ask to speak on it now.", it.Title)
		case daihoi.Skipped:
			return daihoi.Speaker{}, daihoi.Errorf(daihoi.ECONFLICT, "Mục «%s» đã được bỏ qua, không đăng ký phát biểu được.", "The item “%s” was skipped: nobody can ask to speak on it.", it.Title)
		}
		d := st.Delegates[sess.Subject]
		pos := 0
		for _, sp := range st.Speakers {
			if sp.Item != in.Item {
				continue
			}
			if sp.Delegate == d.ID && (sp.State == daihoi.Requested || sp.State == daihoi.Approved) {
				return daihoi.Speaker{}, daihoi.Errorf(daihoi.ECONFLICT, "Đồng chí đã đăng ký phát biểu ở mục này.", "You are already registered to speak on this item.")
			}
			pos = max(pos, sp.Position+1)
		}
		out := daihoi.Speaker{ID: newID(), Item: in.Item, Delegate: d.ID, Name: d.Name, Unit: d.Unit, Kind: in.Kind,
			Title: in.Title, State: daihoi.Requested, Position: pos, Requested: c.At}
		emitSpeaker(c, out)
		return out, nil
	})
}

func (s *Server) speakerUpdate(w http.ResponseWriter, r *http.Request, sess daihoi.Session, fn func(st *daihoi.State, c *daihoi.Change, sp *daihoi.Speaker) error) {
	var out daihoi.Speaker
	err := s.update(sess, func(st *daihoi.State, c *daihoi.Change) error {
		sp, ok := st.Speakers[r.PathValue("id")]
		if !ok {
			return daihoi.Errorf(daihoi.ENOTFOUND, "Không tìm thấy đăng ký phát biểu.", "Speaker registration not found.")
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
		if sess.Role == daihoi.DelegateR && sp.Delegate != sess.Subject {
			return daihoi.Errorf(daihoi.EFORBIDDEN, "Đây không phải đăng ký của đồng chí.", "This is not your registration.")
		}
		if sp.State == daihoi.Speaking || sp.State == daihoi.Spoke {
			return daihoi.Errorf(daihoi.ECONFLICT, "Đã phát biểu, không rút được.", "Already spoken: it cannot be withdrawn.")
		}
		sp.State = daihoi.Withdrawn
		return nil
	})
}

// speakerAction is approve, call (the speaker takes the floor; whoever spoke before is done) and
// done.
func (s *Server) speakerAction(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	action := r.PathValue("action")
	s.speakerUpdate(w, r, sess, func(st *daihoi.State, c *daihoi.Change, sp *daihoi.Speaker) error {
		switch action {
		case "approve":
			if sp.State != daihoi.Requested {
				return daihoi.Errorf(daihoi.ECONFLICT, "Chỉ duyệt được đăng ký đang chờ.", "Only a waiting registration can be approved.")
			}
			sp.State = daihoi.Approved
		case "call":
			if sp.State != daihoi.Requested && sp.State != daihoi.Approved {
				return daihoi.Errorf(daihoi.ECONFLICT, "Đại biểu này không ở trong danh sách chờ phát biểu.", "This speaker is not waiting to speak.")
			}
			// Requests made ahead wait for their item: the floor is given on the item running.
			agenda := daihoi.Agenda(st.Agenda)
			if cur := agenda.Current(); cur < 0 || agenda[cur].ID != sp.Item {
				var title string
				if at := agenda.Index(sp.Item); at >= 0 {
					title = agenda[at].Title
				}
				return daihoi.Errorf(daihoi.ECONFLICT, "Đại biểu này đăng ký phát biểu ở mục «%s», không phải mục đang diễn ra: chỉ mời phát biểu được khi mục đó bắt đầu.", "This speaker asked to speak on “%s”, not the item running: they can be called once it starts.", title)
			}
			for _, other := range st.Speakers {
				if other.State == daihoi.Speaking && other.ID != sp.ID {
					other.State, other.EndedAt = daihoi.Spoke, c.At
					emitSpeaker(c, other)
				}
			}
			sp.State, sp.StartedAt = daihoi.Speaking, c.At
		case "done":
			if sp.State != daihoi.Speaking {
				return daihoi.Errorf(daihoi.ECONFLICT, "Đại biểu này không đang phát biểu.", "This speaker is not speaking.")
			}
			sp.State, sp.EndedAt = daihoi.Spoke, c.At
		default:
			return daihoi.Errorf(daihoi.ENOTFOUND, "Không có thao tác %q.", "Unknown action %q.", action)
		}
		return nil
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
		sp, ok := st.Speakers[in.ID]
		if !ok {
			return daihoi.Errorf(daihoi.ENOTFOUND, "Không tìm thấy đăng ký phát biểu.", "Speaker registration not found.")
		}
		var list []daihoi.Speaker
		for _, o := range st.Speakers {
			if o.Item == sp.Item && o.ID != sp.ID {
				list = append(list, o)
			}
		}
		sort.Slice(list, func(i, j int) bool { return speakerLess(list[i], list[j]) })
		if in.To < 0 || in.To > len(list) {
			return daihoi.Errorf(daihoi.EINVALID, "Vị trí %d nằm ngoài danh sách.", "Position %d is outside the list.", in.To)
		}
		list = append(list[:in.To], append([]daihoi.Speaker{sp}, list[in.To:]...)...)
		for i, o := range list {
			if o.Position != i || o.ID == sp.ID {
				o.Position = i
				emitSpeaker(c, o)
			}
		}
		return nil
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
		c.Emit(daihoi.EvDocument, doc, daihoi.Organiser, daihoi.Presidium, daihoi.Secretariat, daihoi.Teller, daihoi.DelegateR, daihoi.Observer)
		return nil
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, doc)
}

const maxText = 8000

func checkText(text string) (string, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", daihoi.Errorf(daihoi.EINVALID, "Nội dung trống.", "The text is empty.")
	}
	if utf8.RuneCountInString(text) > maxText {
		return "", daihoi.Errorf(daihoi.EINVALID, "Nội dung dài quá %d ký tự.", "The text is longer than %d characters.", maxText)
	}
	return text, nil
}

func (s *Server) addComment(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	write(s, w, r, sess, http.StatusCreated, func(in *daihoi.CommentRequest, st *daihoi.State, c *daihoi.Change) (daihoi.Comment, error) {
		text, err := checkText(in.Text)
		if err != nil {
			return daihoi.Comment{}, err
		}
		doc, ok := st.Documents[in.Document]
		if !ok {
			return daihoi.Comment{}, daihoi.Errorf(daihoi.ENOTFOUND, "Không có dự thảo văn kiện này.", "This draft document does not exist.")
		}
		if !slices.ContainsFunc(doc.Sections, func(sec daihoi.Section) bool { return sec.Number == in.Section }) {
			return daihoi.Comment{}, daihoi.Errorf(daihoi.ENOTFOUND, "Dự thảo không có mục %q.", "The draft has no section %q.", in.Section)
		}
		d := st.Delegates[sess.Subject]
		out := daihoi.Comment{ID: newID(), Document: doc.ID, Section: in.Section, Delegate: d.ID, Name: d.Name, Unit: d.Unit, Text: text, At: c.At}
		c.Put(daihoi.KComment, out.ID, out)
		c.Emit(daihoi.EvComment, out, daihoi.Organiser, daihoi.Presidium, daihoi.Secretariat, daihoi.DelegateR).Delegate = d.ID
		return out, nil
	})
}

// commentsCSV downloads every comment grouped by document and section, with a UTF-8 byte order
// mark so that Excel opens the Vietnamese text correctly.
func (s *Server) commentsCSV(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	s.mu.RLock()
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
	cw := csv.NewWriter(&buf)
	cw.Write([]string{"Văn kiện", "Mục", "Đại biểu", "Đơn vị", "Thời gian", "Nội dung góp ý"})
	for _, c := range list {
		cw.Write([]string{titles[c.Document], c.Section, c.Name, c.Unit, c.At.Local().Format("02/01/2006 15:04"), c.Text})
	}
	cw.Flush()
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="gop-y-du-thao.csv"`)
	w.Write(buf.Bytes())
}

func (s *Server) addQuestion(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	write(s, w, r, sess, http.StatusCreated, func(in *daihoi.QuestionRequest, st *daihoi.State, c *daihoi.Change) (daihoi.Question, error) {
		text, err := checkText(in.Text)
		if err != nil {
			return daihoi.Question{}, err
		}
		if !slices.Contains(st.Congress.Topics, in.Topic) {
			return daihoi.Question{}, daihoi.Errorf(daihoi.EINVALID, "Lĩnh vực %q không có trong danh sách.", "Topic %q is not on the list.", in.Topic)
		}
		d := st.Delegates[sess.Subject]
		out := daihoi.Question{ID: newID(), Topic: in.Topic, Delegate: d.ID, Name: d.Name, Unit: d.Unit, Text: text, At: c.At}
		emitQuestion(c, out)
		return out, nil
	})
}
func (s *Server) answerQuestion(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	write(s, w, r, sess, http.StatusOK, func(_ *struct{}, st *daihoi.State, c *daihoi.Change) (daihoi.Question, error) {
		q, ok := st.Questions[r.PathValue("id")]
		if !ok {
			return q, daihoi.Errorf(daihoi.ENOTFOUND, "Không tìm thấy câu hỏi.", "Question not found.")
		}
		q.Answered = true
		emitQuestion(c, q)
		return q, nil
	})
}

// emitQuestion records a question; the presidium, the secretariat and its author hear of it.
func emitQuestion(c *daihoi.Change, q daihoi.Question) {
	c.Put(daihoi.KQuestion, q.ID, q)
	c.Emit(daihoi.EvQuestion, q, daihoi.Organiser, daihoi.Presidium, daihoi.Secretariat, daihoi.DelegateR).Delegate = q.Delegate
}
