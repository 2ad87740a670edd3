package server

// The tellers (Ban kiểm phiếu): their figures of ballots issued and collected, the paper ballots keyed
// at two or three stations and compared, the entry log, and the minutes of every count (biên bản
// kiểm phiếu) as printable A4 HTML and PDF.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/assets"
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
	return daihoi.NewMinutes(s.state.Congress, p, daihoi.Tellers(s.state.Operators))
}

// viDate writes a date as Vietnamese documents do: "ngày 05 tháng 12 năm 2026".
func viDate(t time.Time) string {
	return fmt.Sprintf("ngày %02d tháng %02d năm %d", t.Day(), int(t.Month()), t.Year())
}

func minutesDate(m daihoi.Minutes) string {
	if !m.Poll.ClosedAt.IsZero() {
		return viDate(m.Poll.ClosedAt.Local())
	}
	if t, err := time.Parse("2006-01-02", m.Congress.Date); err == nil {
		return viDate(t)
	}
	return "ngày … tháng … năm …"
}

func modeVi(p daihoi.Poll) string {
	switch {
	case p.Mode == daihoi.Hands:
		return "biểu quyết giơ thẻ đảng viên"
	case p.Mode == daihoi.Named:
		return "biểu quyết công khai trên máy tính bảng"
	case p.Tablet && p.Paper:
		return "bỏ phiếu kín trên máy tính bảng và bằng phiếu giấy"
	case p.Paper:
		return "bỏ phiếu kín bằng phiếu giấy"
	}
	return "bỏ phiếu kín trên máy tính bảng"
}

var minutesTmpl = template.Must(template.New("minutes").Funcs(template.FuncMap{
	"upper":   strings.ToUpper,
	"inc":     func(i int) int { return i + 1 },
	"valueVi": daihoi.SettingValueVi,
}).Parse(`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Biên bản kiểm phiếu — {{.M.Poll.Title}}</title>
<style>
@page { size: A4; margin: 16mm 15mm 16mm 18mm; }
body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; font-size: 11.5pt; line-height: 1.4; color: #000; background: #fff; margin: 0 auto; max-width: 180mm; padding: 8mm 0; }
.head { display: grid; grid-template-columns: 1fr 1fr; text-align: center; font-size: 10.5pt; }
.head b { display: block; }
.head .date { font-style: italic; margin-top: .6em; }
h1 { text-align: center; font-size: 15pt; margin: 1.2em 0 .2em; letter-spacing: .02em; }
h2 { font-size: 12pt; margin: 1.1em 0 .4em; }
.sub { text-align: center; font-weight: bold; margin: 0; }
.round { text-align: center; margin: .2em 0 1em; }
table { border-collapse: collapse; width: 100%; margin: .3em 0; }
th, td { border: 1px solid #000; padding: 3px 6px; text-align: left; vertical-align: top; font-size: 10.5pt; }
th { background: #eee; }
td.n, th.n { text-align: right; white-space: nowrap; }
td.c { text-align: center; }
th.tt { width: 2.5em; } th.w { width: 7em; } p.small { font-size: 9.5pt; margin: .2em 0; }
dl.fig { display: grid; grid-template-columns: auto 1fr; gap: .1em 1em; margin: .3em 0; }
dl.fig dt { font-weight: normal; } dl.fig dd { margin: 0; font-weight: bold; }
.digest { font-family: "DejaVu Sans Mono", monospace; font-size: 9.5pt; word-break: break-all; }
.settings { font-size: 9pt; } .settings td { font-size: 9pt; }
.signs { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5em 2em; margin-top: 1.2em; page-break-inside: avoid; }
.sign { text-align: center; min-height: 34mm; }
.sign .role { font-weight: bold; }
.sign .line { border-bottom: 1px dotted #000; height: 18mm; margin: 0 10mm .3em; }
.draft { border: 2px solid #b3121b; color: #b3121b; padding: .4em .8em; font-weight: bold; text-align: center; }
.announce { page-break-before: always; }
.announce p { margin: .45em 0; text-align: justify; }
.toolbar { display: flex; gap: .6em; justify-content: flex-end; margin-bottom: 1em; }
.toolbar a, .toolbar button { font: inherit; font-size: 11pt; padding: .4em 1em; border: 2px solid #888; border-radius: 8px; background: #fff; color: #000; text-decoration: none; cursor: pointer; }
@media print { .toolbar { display: none; } body { padding: 0; max-width: none; } }
</style></head>
<body>
<div class="toolbar"><button onclick="window.print()">In biên bản</button><a href="/api/polls/{{.M.Poll.ID}}/minutes.pdf">Tải PDF</a></div>
<div class="head">
 <div><b>{{upper .M.Congress.Organisation}}</b><b>BAN KIỂM PHIẾU</b></div>
 <div><b>ĐẢNG CỘNG SẢN VIỆT NAM</b><div class="date">{{.Date}}</div></div>
</div>
<h1 id="minutes-title">BIÊN BẢN KIỂM PHIẾU</h1>
<p class="sub">{{.M.Poll.Title}}</p>
{{if .M.Round}}<p class="round">{{.M.Round}}</p>{{end}}
{{if not .M.Confirmed}}<p class="draft">BẢN DỰ THẢO — Ban Kiểm phiếu chưa xác nhận đủ kết quả này.</p>{{end}}
<p>{{.M.Congress.Title}}. Hình thức: {{.Mode}}.</p>

<h2>1. Ban Kiểm phiếu</h2>
<table id="tellers"><tr><th class="n">TT</th><th>Họ và tên</th><th>Nhiệm vụ</th></tr>
{{range $i, $t := .M.Tellers}}<tr><td class="n">{{inc $i}}</td><td>{{$t.Name}}</td><td>{{if $t.Head}}Trưởng ban{{else}}Thành viên{{end}}</td></tr>
{{end}}</table>

<h2>2. Số đại biểu và số phiếu</h2>
<dl class="fig" id="figures">
{{if eq .M.Poll.Kind "election"}}<dt>Số lượng cần bầu</dt><dd>{{.M.Poll.Seats}}</dd>
<dt>Số người trong danh sách bầu cử</dt><dd>{{len .M.Rows}}</dd>{{end}}
<dt>Tổng số đại biểu được triệu tập</dt><dd>{{.M.Base}}</dd>
<dt>Số đại biểu có mặt</dt><dd>{{.M.Present}}</dd>
<dt>Số đại biểu vắng mặt</dt><dd>{{.M.Absent}}</dd>
{{if ne .M.Poll.Mode "hands"}}<dt>Số phiếu phát ra</dt><dd>{{.M.Issued}}{{if .M.Mixed}} (máy tính bảng {{.M.TabletIssued}}, phiếu giấy {{.M.PaperIssued}}){{end}}</dd>
<dt>Số phiếu thu vào</dt><dd>{{.M.Collected}}{{if .M.Mixed}} (máy tính bảng {{.M.TabletCollected}}, phiếu giấy {{.M.PaperCollected}}){{end}}</dd>
<dt>Số phiếu hợp lệ</dt><dd>{{.M.Valid}}</dd>
<dt>Số phiếu không hợp lệ</dt><dd>{{.M.Invalid}}</dd>{{end}}
</dl>
{{if .M.Note}}<p><i>Ghi chú của Ban Kiểm phiếu:</i> {{.M.Note}}</p>{{end}}
{{if ne .M.Poll.Mode "hands"}}<table id="invalid"><tr><th>Phiếu không hợp lệ, theo lý do</th><th class="n">Số phiếu</th></tr>
{{range .M.Reasons}}<tr><td>{{.Label}}</td><td class="n">{{.N}}</td></tr>
{{end}}</table>{{end}}

{{if eq .M.Poll.Kind "election"}}
<h2>3. Kết quả bầu cử, theo thứ tự trong danh sách bầu cử</h2>
<table id="votes"><tr><th class="n tt">TT</th><th>Họ và tên</th><th class="n w">Số phiếu</th><th class="n w">Tỷ lệ</th></tr>
{{range .M.Rows}}<tr><td class="n">{{.Number}}</td><td>{{.Name}}</td><td class="n">{{.Votes}}</td><td class="n">{{.Percent}}%</td></tr>
{{end}}</table>
<p class="small">Tỷ lệ tính trên tổng số đại biểu được triệu tập ({{.M.Base}}).</p>
<h2>4. Những đồng chí trúng cử (số phiếu quá một nửa tổng số đại biểu được triệu tập), xếp theo số phiếu</h2>
{{if .M.Elected}}<table id="elected"><tr><th class="n tt">TT</th><th>Họ và tên</th><th class="n w">Số phiếu</th><th class="n w">Tỷ lệ</th></tr>
{{range $i, $r := .M.Elected}}<tr><td class="n">{{inc $i}}</td><td>{{$r.Name}}</td><td class="n">{{$r.Votes}}</td><td class="n">{{$r.Percent}}%</td></tr>
{{end}}</table>{{else}}<p>Không có đồng chí nào trúng cử.</p>{{end}}
{{if .M.Runoff}}<p id="runoff"><b>Hòa phiếu ở vị trí cuối:</b> {{range $i, $r := .M.Runoff}}{{if $i}}, {{end}}{{$r.Name}}{{end}} ({{(index .M.Runoff 0).Votes}} phiếu) — cần bầu lại cho {{.M.RunoffSeats}} chỗ.</p>{{end}}
{{if .M.Unfilled}}<p id="unfilled"><b>Số chỗ còn thiếu:</b> {{.M.Unfilled}} so với số lượng cần bầu ({{.M.Poll.Seats}}).</p>{{end}}
{{else}}
<h2>3. Kết quả biểu quyết</h2>
<table id="votes"><tr><th>Lựa chọn</th><th class="n w">Số phiếu</th><th class="n w">Tỷ lệ</th></tr>
{{range .M.Choices}}<tr><td>{{.Label}}</td><td class="n">{{.N}}</td><td class="n">{{.Percent}}%</td></tr>
{{end}}</table>
<p class="small">Tỷ lệ tính trên tổng số đại biểu được triệu tập ({{.M.Base}}).</p>
<p><b>{{if .M.Passed}}Đại hội đã thông qua (tán thành quá một nửa tổng số đại biểu được triệu tập).{{else}}Đại hội chưa thông qua (tán thành không quá một nửa tổng số đại biểu được triệu tập).{{end}}</b></p>
{{end}}

{{if .M.Digest}}<h2>Niêm phong hòm phiếu</h2>
<p>Mã niêm phong (SHA-256 của các phiếu đã niêm phong, theo thứ tự chuẩn):</p>
<p class="digest" id="digest">{{.M.Digest}}</p>{{end}}

<h2>Quy tắc áp dụng ({{.M.Poll.Ruleset}})</h2>
<table class="settings">{{range .M.Settings}}<tr><td>{{.Vi}}</td><td class="n">{{valueVi .Value}}</td></tr>{{end}}</table>

<p>Biên bản lập xong hồi … giờ … phút, {{.Date}}, đã đọc lại cho các thành viên Ban Kiểm phiếu cùng nghe và nhất trí ký tên.</p>
<div class="signs" id="signatures">
{{range .M.Tellers}}<div class="sign"><div class="role">{{if .Head}}TRƯỞNG BAN{{else}}THÀNH VIÊN{{end}}</div><div class="line"></div><div>{{.Name}}</div></div>
{{end}}</div>

<section class="announce" id="announcement">
<h1>KẾT QUẢ KIỂM PHIẾU</h1>
<p class="sub">Nội dung Trưởng Ban Kiểm phiếu công bố trước Đại hội</p>
{{range .Announce}}<p>{{.}}</p>
{{end}}</section>
</body></html>
`))

func (s *Server) printMinutes(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	m, err := s.minutesOf(r.PathValue("id"), sess.Role)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var buf bytes.Buffer
	err = minutesTmpl.Execute(&buf, map[string]any{"M": m, "Date": minutesDate(m), "Mode": modeVi(m.Poll), "Announce": m.Announcement()})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

func (s *Server) minutesPDF(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	m, err := s.minutesOf(r.PathValue("id"), sess.Role)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	b, err := MinutesPDF(m)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="bien-ban-kiem-phieu-`+m.Poll.ID+`.pdf"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b)
}

// MinutesPDF writes the minutes as an A4 PDF in DejaVu Sans, whose glyphs cover Vietnamese.
func MinutesPDF(m daihoi.Minutes) ([]byte, error) {
	reg, err := fs.ReadFile(assets.Fonts, "fonts/DejaVuSans.ttf")
	if err != nil {
		return nil, err
	}
	bold, err := fs.ReadFile(assets.Fonts, "fonts/DejaVuSans-Bold.ttf")
	if err != nil {
		return nil, err
	}
	const left, right, width = 18.0, 15.0, 210.0 - 18.0 - 15.0
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle("Biên bản kiểm phiếu — "+m.Poll.Title, true)
	pdf.SetCreator("daihoi", true)
	pdf.AddUTF8FontFromBytes("dejavu", "", reg)
	pdf.AddUTF8FontFromBytes("dejavu", "B", bold)
	pdf.SetMargins(left, 15, right)
	pdf.SetAutoPageBreak(true, 16)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("dejavu", "", 8)
		pdf.CellFormat(0, 5, fmt.Sprintf("Biên bản kiểm phiếu — %s — trang %d/{nb}", m.Poll.Title, pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	font := func(style string, size float64) { pdf.SetFont("dejavu", style, size) }
	para := func(text string) {
		font("", 10.5)
		pdf.MultiCell(width, 5.2, text, "", "L", false)
	}
	heading := func(text string) {
		// A heading never ends a page: it goes with what follows.
		if pdf.GetY() > 297-16-30 {
			pdf.AddPage()
		}
		pdf.Ln(2.5)
		font("B", 11.5)
		pdf.MultiCell(width, 6, text, "", "L", false)
		pdf.Ln(0.5)
	}
	pdf.AddPage()

	// Header: the organisation and the tellers on the left, the Party and the date on the right.
	half := width / 2
	font("B", 10)
	y := pdf.GetY()
	pdf.MultiCell(half, 5, strings.ToUpper(m.Congress.Organisation)+"\nBAN KIỂM PHIẾU", "", "C", false)
	yl := pdf.GetY()
	pdf.SetXY(left+half, y)
	pdf.MultiCell(half, 5, "ĐẢNG CỘNG SẢN VIỆT NAM", "", "C", false)
	pdf.SetX(left + half)
	font("", 9.5)
	pdf.MultiCell(half, 5, minutesDate(m), "", "C", false)
	pdf.SetY(max(yl, pdf.GetY()) + 6)

	font("B", 15)
	pdf.CellFormat(width, 8, "BIÊN BẢN KIỂM PHIẾU", "", 1, "C", false, 0, "")
	font("B", 11.5)
	pdf.MultiCell(width, 6, m.Poll.Title, "", "C", false)
	if m.Round != "" {
		font("", 10.5)
		pdf.CellFormat(width, 6, m.Round, "", 1, "C", false, 0, "")
	}
	pdf.Ln(2)
	if !m.Confirmed {
		font("B", 10.5)
		pdf.SetTextColor(179, 18, 27)
		pdf.MultiCell(width, 6, "BẢN DỰ THẢO — Ban Kiểm phiếu chưa xác nhận đủ kết quả này.", "1", "C", false)
		pdf.SetTextColor(0, 0, 0)
		pdf.Ln(2)
	}
	para(m.Congress.Title + ". Hình thức: " + modeVi(m.Poll) + ".")

	// A table: widths, aligns, a header row and rows; the header repeats on a new page.
	table := func(widths []float64, aligns string, head []string, rows [][]string) {
		drawHead := func() {
			font("B", 9.5)
			pdf.SetFillColor(235, 235, 235)
			for i, h := range head {
				pdf.CellFormat(widths[i], 6.5, h, "1", 0, string(aligns[i]), true, 0, "")
			}
			pdf.Ln(-1)
		}
		drawHead()
		font("", 10)
		for _, row := range rows {
			// Rows whose text is too long for its column wrap: measure the tallest cell first.
			lines := 1
			for i, cell := range row {
				if n := len(pdf.SplitText(cell, widths[i]-2)); n > lines {
					lines = n
				}
			}
			h := 6.0 * float64(lines)
			if pdf.GetY()+h > 297-16 {
				pdf.AddPage()
				drawHead()
				font("", 10)
			}
			x, y := pdf.GetX(), pdf.GetY()
			for i, cell := range row {
				pdf.Rect(x, y, widths[i], h, "D")
				pdf.SetXY(x, y)
				pdf.MultiCell(widths[i], 6, cell, "", string(aligns[i]), false)
				x += widths[i]
			}
			pdf.SetXY(left, y+h)
		}
	}

	heading("1. Ban Kiểm phiếu")
	var rows [][]string
	for i, t := range m.Tellers {
		role := "Thành viên"
		if t.Head {
			role = "Trưởng ban"
		}
		rows = append(rows, []string{strconv.Itoa(i + 1), t.Name, role})
	}
	table([]float64{12, 110, width - 122}, "RLL", []string{"TT", "Họ và tên", "Nhiệm vụ"}, rows)

	heading("2. Số đại biểu và số phiếu")
	figs := [][2]string{}
	if m.Poll.Kind == daihoi.Election {
		figs = append(figs, [2]string{"Số lượng cần bầu", strconv.Itoa(m.Poll.Seats)}, [2]string{"Số người trong danh sách bầu cử", strconv.Itoa(len(m.Rows))})
	}
	figs = append(figs, [2]string{"Tổng số đại biểu được triệu tập", strconv.Itoa(m.Base)},
		[2]string{"Số đại biểu có mặt", strconv.Itoa(m.Present)}, [2]string{"Số đại biểu vắng mặt", strconv.Itoa(m.Absent)})
	if m.Poll.Mode != daihoi.Hands {
		issued, collected := strconv.Itoa(m.Issued), strconv.Itoa(m.Collected)
		if m.Mixed {
			issued += fmt.Sprintf(" (máy tính bảng %d, phiếu giấy %d)", m.TabletIssued, m.PaperIssued)
			collected += fmt.Sprintf(" (máy tính bảng %d, phiếu giấy %d)", m.TabletCollected, m.PaperCollected)
		}
		figs = append(figs, [2]string{"Số phiếu phát ra", issued}, [2]string{"Số phiếu thu vào", collected},
			[2]string{"Số phiếu hợp lệ", strconv.Itoa(m.Valid)}, [2]string{"Số phiếu không hợp lệ", strconv.Itoa(m.Invalid)})
	}
	for _, f := range figs {
		font("", 10.5)
		pdf.CellFormat(75, 5.8, f[0]+":", "", 0, "L", false, 0, "")
		font("B", 10.5)
		pdf.CellFormat(width-75, 5.8, f[1], "", 1, "L", false, 0, "")
	}
	if m.Note != "" {
		para("Ghi chú của Ban Kiểm phiếu: " + m.Note)
	}
	if m.Poll.Mode != daihoi.Hands {
		pdf.Ln(1.5)
		rows = nil
		for _, r := range m.Reasons {
			rows = append(rows, []string{r.Label, strconv.Itoa(r.N)})
		}
		table([]float64{width - 30, 30}, "LR", []string{"Phiếu không hợp lệ, theo lý do", "Số phiếu"}, rows)
	}

	if m.Poll.Kind == daihoi.Election {
		heading("3. Kết quả bầu cử, theo thứ tự trong danh sách bầu cử")
		rows = nil
		for _, r := range m.Rows {
			rows = append(rows, []string{strconv.Itoa(r.Number), r.Name, strconv.Itoa(r.Votes), r.Percent + "%"})
		}
		table([]float64{12, 107, 28, width - 147}, "RLRR", []string{"TT", "Họ và tên", "Số phiếu", "Tỷ lệ"}, rows)
		font("", 9)
		pdf.MultiCell(width, 5, fmt.Sprintf("Tỷ lệ tính trên tổng số đại biểu được triệu tập (%d).", m.Base), "", "L", false)
		heading("4. Những đồng chí trúng cử, xếp theo số phiếu từ cao xuống thấp")
		if len(m.Elected) == 0 {
			para("Không có đồng chí nào có số phiếu quá một nửa so với tổng số đại biểu được triệu tập.")
		} else {
			rows = nil
			for i, r := range m.Elected {
				rows = append(rows, []string{strconv.Itoa(i + 1), r.Name, strconv.Itoa(r.Votes), r.Percent + "%"})
			}
			table([]float64{12, 107, 28, width - 147}, "RLRR", []string{"TT", "Họ và tên", "Số phiếu", "Tỷ lệ"}, rows)
		}
		if len(m.Runoff) > 0 {
			var names []string
			for _, r := range m.Runoff {
				names = append(names, r.Name)
			}
			pdf.Ln(1)
			para(fmt.Sprintf("Hòa phiếu ở vị trí cuối: %s (%d phiếu) — cần bầu lại cho %d chỗ.", strings.Join(names, ", "), m.Runoff[0].Votes, m.RunoffSeats))
		}
		if m.Unfilled > 0 {
			pdf.Ln(1)
			para(fmt.Sprintf("Số chỗ còn thiếu: %d so với số lượng cần bầu (%d).", m.Unfilled, m.Poll.Seats))
		}
	} else {
		heading("3. Kết quả biểu quyết")
		rows = nil
		for _, c := range m.Choices {
			rows = append(rows, []string{c.Label, strconv.Itoa(c.N), c.Percent + "%"})
		}
		table([]float64{width - 70, 35, 35}, "LRR", []string{"Lựa chọn", "Số phiếu", "Tỷ lệ"}, rows)
		font("", 9)
		pdf.MultiCell(width, 5, fmt.Sprintf("Tỷ lệ tính trên tổng số đại biểu được triệu tập (%d).", m.Base), "", "L", false)
		if m.Passed {
			para("Đại hội đã thông qua (tán thành quá một nửa tổng số đại biểu được triệu tập).")
		} else {
			para("Đại hội chưa thông qua (tán thành không quá một nửa tổng số đại biểu được triệu tập).")
		}
	}

	if m.Digest != "" {
		heading("Niêm phong hòm phiếu")
		para("Mã niêm phong (SHA-256 của các phiếu đã niêm phong, theo thứ tự chuẩn):")
		font("", 9)
		pdf.MultiCell(width, 5, m.Digest, "", "L", false)
	}
	heading("Quy tắc áp dụng (" + m.Poll.Ruleset + ")")
	for _, st := range m.Settings {
		font("", 8.5)
		pdf.MultiCell(width, 4.3, "• "+st.Vi+": "+daihoi.SettingValueVi(st.Value), "", "L", false)
	}
	pdf.Ln(2)
	para("Biên bản lập xong hồi … giờ … phút, " + minutesDate(m) + ", đã đọc lại cho các thành viên Ban Kiểm phiếu cùng nghe và nhất trí ký tên.")

	// Signatures: two per row, a blank space to sign above each name.
	const signH = 34.0
	for i, t := range m.Tellers {
		col := i % 2
		if col == 0 {
			if pdf.GetY()+signH > 297-18 {
				pdf.AddPage()
			}
			y = pdf.GetY() + 4
		}
		x := left + float64(col)*half
		role := "THÀNH VIÊN"
		if t.Head {
			role = "TRƯỞNG BAN"
		}
		pdf.SetXY(x, y)
		font("B", 10)
		pdf.CellFormat(half, 5, role, "", 2, "C", false, 0, "")
		font("", 8.5)
		pdf.CellFormat(half, 4, "(ký, ghi rõ họ tên)", "", 2, "C", false, 0, "")
		pdf.SetDrawColor(120, 120, 120)
		pdf.Line(x+15, y+24, x+half-15, y+24)
		pdf.SetDrawColor(0, 0, 0)
		pdf.SetXY(x, y+25)
		font("B", 10.5)
		pdf.CellFormat(half, 5, t.Name, "", 0, "C", false, 0, "")
		if col == 1 || i == len(m.Tellers)-1 {
			pdf.SetXY(left, y+signH)
		}
	}

	// The announcement the head reads aloud, on a page of its own.
	pdf.AddPage()
	font("B", 14)
	pdf.CellFormat(width, 8, "KẾT QUẢ KIỂM PHIẾU", "", 1, "C", false, 0, "")
	font("", 10)
	pdf.CellFormat(width, 6, "Nội dung Trưởng Ban Kiểm phiếu công bố trước Đại hội", "", 1, "C", false, 0, "")
	pdf.Ln(3)
	for _, p := range m.Announcement() {
		font("", 11)
		pdf.MultiCell(width, 5.8, p, "", "L", false)
		pdf.Ln(1)
	}

	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("minutes pdf: %w", err)
	}
	return buf.Bytes(), nil
}

// --- the entry log, printable

var entryLogTmpl = template.Must(template.New("log").Parse(`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Nhật ký nhập phiếu — {{.P.Title}}</title>
<style>
@page { size: A4; margin: 14mm; }
body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; font-size: 10pt; color: #000; background: #fff; margin: 0 auto; max-width: 190mm; padding: 6mm 0; }
h1 { font-size: 14pt; text-align: center; margin: .3em 0; } p.sub { text-align: center; margin: 0 0 1em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #000; padding: 2px 5px; text-align: left; font-size: 9pt; }
th { background: #eee; } td.n { text-align: right; } td.k { font-family: "DejaVu Sans Mono", monospace; }
tr.correction td { font-weight: bold; }
.toolbar { text-align: right; margin-bottom: .8em; } .toolbar button { font: inherit; padding: .4em 1em; }
@media print { .toolbar { display: none; } }
</style></head><body>
<div class="toolbar"><button onclick="window.print()">In nhật ký</button></div>
<h1>NHẬT KÝ NHẬP PHIẾU</h1>
<p class="sub">{{.P.Title}}<br>{{.Count}} dòng, trong đó {{.Corrections}} lần sửa sau đối chiếu</p>
<table id="entrylog"><tr><th>Tập</th><th>Phiếu</th><th>Loại</th><th>Máy (người nhập)</th><th>Người thực hiện</th><th>Trước</th><th>Sau</th><th>Thời gian</th></tr>
{{range .Log}}<tr class="{{.Kind}}"><td class="n">{{.Batch}}</td><td class="n">{{if .Position}}{{.Position}}{{end}}</td><td>{{if eq .Kind "entry"}}nhập{{else if eq .Kind "correction"}}sửa{{else}}số phiếu của tập{{end}}</td><td>{{.StationName}}</td><td>{{.WhoName}}</td><td class="k">{{.Before}}</td><td class="k">{{.After}}</td><td>{{.At.Local.Format "15:04:05 02/01/2006"}}</td></tr>
{{end}}</table>
</body></html>
`))

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
	corrections := 0
	for _, e := range log {
		if e.Kind == daihoi.EntryCorrected {
			corrections++
		}
	}
	var buf bytes.Buffer
	if err := entryLogTmpl.Execute(&buf, map[string]any{"P": p, "Log": log, "Count": len(log), "Corrections": corrections}); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}
