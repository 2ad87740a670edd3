package server

// The tellers (Ban kiểm phiếu): their figures of ballots issued and collected, the paper ballots keyed
// at two or three stations and compared, the entry log, and the minutes of every count (biên bản
// kiểm phiếu) as printable A4 HTML and PDF (laid out by package report).

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"time"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/report"
)

func (s *Server) paperRoutes(m *http.ServeMux) {
	t := daihoi.Teller
	readers := []daihoi.Role{daihoi.Teller, daihoi.Presidium, daihoi.Organiser, daihoi.Secretariat}
	m.HandleFunc("GET /api/polls/{id}/paper", s.allow(s.paperState, t))
	m.HandleFunc("POST /api/polls/{id}/figures", s.allow(s.enterFigures, t))
	m.HandleFunc("POST /api/polls/{id}/paper/batches", s.allow(s.addBatch, t))
	m.HandleFunc("POST /api/polls/{id}/paper/batches/{n}/count", s.allow(s.resizeBatch, t))
	m.HandleFunc("POST /api/polls/{id}/paper/batches/{n}/delete", s.allow(s.deleteBatch, t))
	m.HandleFunc("POST /api/polls/{id}/paper/batches/{n}/key", s.allow(s.keyBatch, t))
	m.HandleFunc("POST /api/polls/{id}/paper/batches/{n}/correct", s.allow(s.correctBatch, t))
	m.HandleFunc("GET /api/polls/{id}/entrylog", s.allow(s.entryLog, t, daihoi.Organiser))
	m.HandleFunc("GET /print/entrylog/{id}", s.allow(s.printEntryLog, t, daihoi.Organiser))
	m.HandleFunc("GET /print/minutes/{id}", s.allow(s.printMinutes, readers...))
	m.HandleFunc("GET /api/polls/{id}/minutes.pdf", s.allow(s.minutesPDF, readers...))
	m.HandleFunc("GET /api/polls/{id}/announcement.pdf", s.allow(s.announcementPDF, readers...))
}

// batchesOf returns a poll's batches as they will be once changed is written (a batch with Count 0
// in changed is deleted), by number. s.mu is held.
func batchesOf(st *daihoi.State, poll string, changed map[string]daihoi.PaperBatch) []daihoi.PaperBatch {
	var out []daihoi.PaperBatch
	for k, b := range st.Batches {
		if b.Poll != poll {
			continue
		}
		if nb, ok := changed[k]; ok {
			b = nb
		}
		if b.Count > 0 {
			out = append(out, b)
		}
	}
	for k, b := range changed {
		if _, ok := st.Batches[k]; !ok && b.Count > 0 && b.Poll == poll {
			out = append(out, b)
		}
	}
	daihoi.SortBatches(out)
	return out
}

// countedBallots returns every ballot a poll's count covers: the sealed tablet box, and the agreed
// paper ballots once the paper count is final (ECONFLICT, saying why, before that). It sets
// p.Collected to the ballots in the tablet box.
func (s *Server) countedBallots(p *daihoi.Poll, batches []daihoi.PaperBatch) ([]daihoi.Ballot, error) {
	var ballots []daihoi.Ballot
	if p.Tablet {
		box, err := s.boxBallots(p.ID)
		if err != nil {
			return nil, err
		}
		ballots = box
		p.Collected = len(box)
	}
	if p.Paper {
		paper, err := daihoi.FinalPaper(*p, batches)
		if err != nil {
			return nil, err
		}
		ballots = append(ballots, paper...)
	}
	return ballots, nil
}

// recount seals and counts a closed poll from its tablet box and its paper batches. While the paper
// count is not final the poll has no digest and no result. s.mu is held.
func (s *Server) recount(p *daihoi.Poll, batches []daihoi.PaperBatch) error {
	ballots, err := s.countedBallots(p, batches)
	if daihoi.ErrorCode(err) == daihoi.ECONFLICT {
		p.Digest, p.Result = "", nil
		return nil
	}
	if err != nil {
		return err
	}
	sealed, digest := daihoi.SealBallots(ballots)
	res, err := daihoi.Tally(p.TallyInput(sealed, nil))
	if err != nil {
		return err
	}
	p.Digest, p.Result = digest, &res
	return nil
}

// tellerNames maps each teller's operator id to their full name. s.mu is held.
func tellerNames(st *daihoi.State) map[string]string {
	out := map[string]string{}
	for _, t := range daihoi.Tellers(st.Operators) {
		out[t.ID] = t.Name
	}
	return out
}

// paperEdit is what one change of a poll's count writes.
type paperEdit struct {
	batches map[string]daihoi.PaperBatch // by key; Count 0 deletes
	log     []daihoi.EntryRecord
	figures bool // the poll's figures or note changed
}

// paperUpdate changes a poll's count under the state lock. fn checks and edits; then the poll is
// recounted, a change clears the tellers' confirmations (the result they confirmed is no longer the
// one on record), and everything is written in one change. It returns the poll as written.
func (s *Server) paperUpdate(sess daihoi.Session, id string, fn func(st *daihoi.State, at time.Time, p *daihoi.Poll, e *paperEdit) error) (daihoi.Poll, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.state
	p, err := st.Poll(id)
	if err == nil {
		err = p.CountMayChange()
	}
	if err != nil {
		return p, err
	}
	c := daihoi.NewChange(sess.Subject, s.now())
	e := &paperEdit{batches: map[string]daihoi.PaperBatch{}}
	before, _ := json.Marshal(p)
	if err := fn(st, c.At, &p, e); err != nil {
		return p, err
	}
	if len(e.batches) == 0 && len(e.log) == 0 && !e.figures {
		return p, nil
	}
	if len(p.Confirmations) > 0 || p.State == daihoi.Counted {
		p.Confirmations, p.State = nil, daihoi.Closed
	}
	if p.State == daihoi.Closed {
		if err := s.recount(&p, batchesOf(st, p.ID, e.batches)); err != nil {
			return p, err
		}
	}
	names := tellerNames(st)
	keys := make([]string, 0, len(e.batches))
	for k := range e.batches {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		b := e.batches[k]
		if b.Count == 0 {
			c.Delete(daihoi.KPaper, k)
			c.Emit(daihoi.EvPaper, daihoi.BatchSummary{Poll: b.Poll, Number: b.Number, Stations: []daihoi.StationProgress{}, Mismatches: []int{}}, daihoi.Teller)
			continue
		}
		c.Put(daihoi.KPaper, k, b)
		c.Emit(daihoi.EvPaper, b.Summary(p.Stations, names), daihoi.Teller)
	}
	for _, r := range e.log {
		c.Put(daihoi.KEntryLog, r.Key(), r)
	}
	if after, _ := json.Marshal(p); !bytes.Equal(before, after) {
		s.emitPoll(c, p)
	}
	return p, s.commitLocked(c)
}

// paperState is the teller's console of one poll: figures, batches with the teller's own entries,
// the comparison of what every station keyed, and whether the paper count is final.
func (s *Server) paperState(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	s.mu.RLock()
	v, err := s.paperViewLocked(r.PathValue("id"), sess.Subject)
	s.mu.RUnlock()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) paperViewLocked(id, teller string) (daihoi.PaperView, error) {
	st := s.state
	p, err := st.Poll(id)
	if err != nil {
		return daihoi.PaperView{}, err
	}
	names := tellerNames(st)
	v := daihoi.PaperView{Poll: p.ID, Stations: p.Stations, Tellers: daihoi.Tellers(st.Operators),
		Settings: p.Settings.Describe(), Batches: []daihoi.BatchView{}}
	batches := batchesOf(st, p.ID, nil)
	for _, b := range batches {
		v.Batches = append(v.Batches, b.View(p, teller, names))
		v.Keyed += b.Count
		v.Agreed += b.AgreedCount(p.Stations)
	}
	if p.Paper {
		_, err := daihoi.FinalPaper(p, batches)
		v.Final = err == nil
		if err != nil {
			v.Status, v.StatusEn = daihoi.ErrorMessages(err)
		}
	}
	return v, nil
}

// enterFigures records the tellers' figures: paper ballots issued and collected, and the note that
// explains a difference between ballots issued and collected.
func (s *Server) enterFigures(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	var in daihoi.FiguresRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := s.paperUpdate(sess, r.PathValue("id"), func(st *daihoi.State, at time.Time, p *daihoi.Poll, e *paperEdit) error {
		changed, err := p.EnterFigures(in)
		e.figures = changed
		return err
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.mu.RLock()
	v := s.pollView(p, sess.Role)
	s.mu.RUnlock()
	writeJSON(w, http.StatusOK, v)
}

// batchChange runs fn on one batch of a poll and answers with the batch as the teller sees it.
func (s *Server) batchChange(w http.ResponseWriter, r *http.Request, sess daihoi.Session, fn func(p daihoi.Poll, b daihoi.PaperBatch, at time.Time) (daihoi.PaperBatch, []daihoi.EntryRecord, error)) {
	n, err := daihoi.ParseBatchNumber(r.PathValue("n"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var out daihoi.PaperBatch
	p, err := s.paperUpdate(sess, r.PathValue("id"), func(st *daihoi.State, at time.Time, p *daihoi.Poll, e *paperEdit) error {
		if err := p.PaperCountOpen(); err != nil {
			return err
		}
		b, err := st.Batch(p.ID, n)
		if err != nil {
			return err
		}
		key := b.Key()
		nb, recs, err := fn(*p, b, at)
		if err != nil {
			return err
		}
		out = nb
		if len(recs) > 0 || nb.Count == 0 {
			e.batches[key] = nb
			e.log = recs
		}
		return nil
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if out.Count == 0 {
		writeJSON(w, http.StatusOK, map[string]string{"status": "deleted"})
		return
	}
	s.writeBatch(w, http.StatusOK, p, sess, out)
}

// writeBatch answers with a batch as the teller who asked sees it.
func (s *Server) writeBatch(w http.ResponseWriter, status int, p daihoi.Poll, sess daihoi.Session, b daihoi.PaperBatch) {
	s.mu.RLock()
	v := b.View(p, sess.Subject, tellerNames(s.state))
	s.mu.RUnlock()
	writeJSON(w, status, v)
}

// addBatch makes the next numbered batch of paper ballots.
func (s *Server) addBatch(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	var in daihoi.BatchRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	var out daihoi.PaperBatch
	p, err := s.paperUpdate(sess, r.PathValue("id"), func(st *daihoi.State, at time.Time, p *daihoi.Poll, e *paperEdit) error {
		b, err := p.NextBatch(batchesOf(st, p.ID, nil), in.Count, sess.Subject, at)
		if err != nil {
			return err
		}
		out = b
		e.batches[b.Key()] = b
		return nil
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeBatch(w, http.StatusCreated, p, sess, out)
}

// resizeBatch corrects the count of a miscounted bundle.
func (s *Server) resizeBatch(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	var in daihoi.BatchRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.batchChange(w, r, sess, func(p daihoi.Poll, b daihoi.PaperBatch, at time.Time) (daihoi.PaperBatch, []daihoi.EntryRecord, error) {
		return b.Resize(in.Count, sess.Subject, at)
	})
}

// deleteBatch removes a batch nothing has been keyed in yet.
func (s *Server) deleteBatch(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	s.batchChange(w, r, sess, func(p daihoi.Poll, b daihoi.PaperBatch, at time.Time) (daihoi.PaperBatch, []daihoi.EntryRecord, error) {
		b, err := b.Delete()
		return b, nil, err
	})
}

// keyBatch enters ballots at the teller's own station.
func (s *Server) keyBatch(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	var in daihoi.KeyRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	if len(in.Texts) == 0 {
		s.writeError(w, r, daihoi.ErrNothingKeyed)
		return
	}
	s.batchChange(w, r, sess, func(p daihoi.Poll, b daihoi.PaperBatch, at time.Time) (daihoi.PaperBatch, []daihoi.EntryRecord, error) {
		return b.Enter(p, sess.Subject, in.Position, in.Texts, at)
	})
}

// correctBatch is the tellers' resolution of a mismatch: the entry as the paper ballot shows it.
func (s *Server) correctBatch(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	var in daihoi.CorrectRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.batchChange(w, r, sess, func(p daihoi.Poll, b daihoi.PaperBatch, at time.Time) (daihoi.PaperBatch, []daihoi.EntryRecord, error) {
		return b.Correct(p, sess.Subject, in.Station, in.Position, in.Text, at)
	})
}

// LoggedEntry is an entry-log record with the tellers' names.
type LoggedEntry struct {
	daihoi.EntryRecord
	StationName string `json:"station_name,omitempty"`
	WhoName     string `json:"who_name"`
}

func (s *Server) entryLogOf(id string) (daihoi.Poll, []LoggedEntry, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, err := s.state.Poll(id)
	if err != nil {
		return p, nil, err
	}
	names := tellerNames(s.state)
	var out []LoggedEntry
	for _, r := range daihoi.SortedLog(s.state.EntryLog, id) {
		out = append(out, LoggedEntry{EntryRecord: r, StationName: names[r.Station], WhoName: names[r.Who]})
	}
	return p, out, nil
}

func (s *Server) entryLog(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	if err := s.mayCount(r.PathValue("id"), sess.Role); err != nil && sess.Role != daihoi.Teller {
		s.writeError(w, r, err)
		return
	}
	_, log, err := s.entryLogOf(r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if log == nil {
		log = []LoggedEntry{}
	}
	writeJSON(w, http.StatusOK, log)
}

// Polls returns every poll, in the order they were opened (drafts last, by title).
func (s *Server) Polls() []daihoi.Poll {
	s.mu.RLock()
	out := make([]daihoi.Poll, 0, len(s.state.Polls))
	for _, p := range s.state.Polls {
		out = append(out, p)
	}
	s.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.OpenedAt.IsZero() != b.OpenedAt.IsZero() {
			return !a.OpenedAt.IsZero()
		}
		if !a.OpenedAt.Equal(b.OpenedAt) {
			return a.OpenedAt.Before(b.OpenedAt)
		}
		if a.Title != b.Title {
			return a.Title < b.Title
		}
		return a.ID < b.ID
	})
	return out
}

// pollBallots returns the ballots of a closed poll's record: the tablet box and the final paper
// ballots.
func (s *Server) pollBallots(p daihoi.Poll) ([]daihoi.Ballot, error) {
	s.mu.RLock()
	batches := batchesOf(s.state, p.ID, nil)
	s.mu.RUnlock()
	ballots, err := s.countedBallots(&p, batches)
	if daihoi.ErrorCode(err) == daihoi.ECONFLICT {
		vi, en := daihoi.ErrorMessages(err)
		return nil, &daihoi.Error{Code: daihoi.ECONFLICT, Vi: "Chưa kiểm xong phiếu giấy: " + vi + ".", En: "The paper count is not final: " + en + "."}
	}
	return ballots, err
}

// --- the minutes (biên bản kiểm phiếu)

// minutesOf builds the minutes of a poll that role may see the result of.
func (s *Server) minutesOf(id string, role daihoi.Role) (daihoi.Minutes, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, err := s.state.Poll(id)
	if err == nil {
		err = p.MinutesVisibleTo(role)
	}
	if err != nil {
		return daihoi.Minutes{}, err
	}
	m, err := daihoi.NewMinutes(s.state.Congress, p, daihoi.Tellers(s.state.Operators))
	if err == nil && m.Digest != "" {
		// The audit chain's head at the seal: `daihoi audit` prints the same.
		m.Chain, _, err = s.store.Sealed(p.ID)
	}
	return m, err
}

func (s *Server) printMinutes(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	m, err := s.minutesOf(r.PathValue("id"), sess.Role)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.render(w, r, func(w io.Writer) error { return report.Minutes(w, m) })
}

func (s *Server) minutesPDF(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	s.writePDF(w, r, sess, report.MinutesPDF, "bien-ban-kiem-phieu-")
}

// announcementPDF is the announcement alone (kết quả kiểm phiếu), for the head of the tellers to read.
func (s *Server) announcementPDF(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	s.writePDF(w, r, sess, report.AnnouncementPDF, "ket-qua-kiem-phieu-")
}

func (s *Server) writePDF(w http.ResponseWriter, r *http.Request, sess daihoi.Session, draw func(io.Writer, daihoi.Minutes) error, name string) {
	m, err := s.minutesOf(r.PathValue("id"), sess.Role)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var b bytes.Buffer
	if err := draw(&b, m); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+m.Poll.ID+`.pdf"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b.Bytes())
}

// --- the entry log, printable

func (s *Server) printEntryLog(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	if err := s.mayCount(r.PathValue("id"), sess.Role); err != nil && sess.Role != daihoi.Teller {
		s.writeError(w, r, err)
		return
	}
	p, log, err := s.entryLogOf(r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	lines := make([]report.Entry, len(log))
	for i, e := range log {
		lines[i] = report.Entry{EntryRecord: e.EntryRecord, StationName: e.StationName, WhoName: e.WhoName}
	}
	s.render(w, r, func(w io.Writer) error { return report.EntryLog(w, p, lines) })
}
