package server

// The organisers' spreadsheets: the roll and an election's candidates imported from an .xlsx (or
// a CSV), each previewed with every row and every problem before anything is stored, and the
// .xlsx downloads they expect (the roll template, the roll with attendance, the results, the
// comments on the drafts). Reading and writing the files is package xlsx; the rules are the root's.

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/xlsx"
)

func (s *Server) setupImportRoutes(m *http.ServeMux) {
	org := daihoi.Organiser
	m.HandleFunc("POST /api/setup/roll/preview", s.allow(s.rollPreview, org))
	m.HandleFunc("POST /api/setup/roll", s.allow(s.rollImport, org))
	m.HandleFunc("POST /api/setup/polls/{id}/candidates/preview", s.allow(s.candidatesPreview, org))
	m.HandleFunc("POST /api/setup/polls/{id}/candidates/import", s.allow(s.candidatesImport, org))
	m.HandleFunc("GET /api/setup/roll-template.xlsx", s.allowPage(s.rollTemplate, org))
	readers := []daihoi.Role{org, daihoi.Presidium, daihoi.Secretariat}
	m.HandleFunc("GET /api/export/roll.xlsx", s.allowPage(s.rollXLSX, readers...))
	m.HandleFunc("GET /api/export/results.xlsx", s.allowPage(s.resultsXLSX, readers...))
	m.HandleFunc("GET /api/export/comments.xlsx", s.allowPage(s.commentsXLSX, readers...))
}

// upload is a spreadsheet sent from the setup screen: a multipart form with the file, the sheet
// picked ("" for the first) and, to store it, confirm; convert when the organiser has confirmed the
// conversion of cells typed in an old font (daihoi.SheetFonts).
type upload struct {
	xlsx.File
	Confirm, Convert bool
}

// readUpload reads the form and the file's rows. A file too large, no file, or a file that is no
// spreadsheet is refused here, before anything is looked at.
func readUpload(w http.ResponseWriter, r *http.Request) (upload, error) {
	r.Body = http.MaxBytesReader(w, r.Body, xlsx.MaxSize+64<<10)
	if err := r.ParseMultipartForm(xlsx.MaxSize + 64<<10); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return upload{}, daihoi.Errorf(errTooLarge, "tệp quá lớn (tối đa %d MB)", "the file is too large (at most %d MB)", xlsx.MaxSize>>20)
		}
		return upload{}, daihoi.Errorf(daihoi.EINVALID, "hãy gửi tệp bằng biểu mẫu tải lên", "send the file with the upload form")
	}
	defer r.MultipartForm.RemoveAll()
	f, h, err := r.FormFile("file")
	if err != nil {
		return upload{}, daihoi.Errorf(daihoi.EINVALID, "chưa chọn tệp bảng tính", "no spreadsheet file was chosen")
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return upload{}, err
	}
	file, err := xlsx.ReadFile(h.Filename, data, r.FormValue("sheet"))
	if err != nil {
		return upload{}, err
	}
	return upload{File: file, Confirm: r.FormValue("confirm") != "", Convert: r.FormValue("convert") != ""}, nil
}

// RollPreview is what an import of the roll would store: every row, every problem, and whether
// it may be stored now.
type RollPreview struct {
	Sheets []string `json:"sheets"` // the workbook's sheets; none for a CSV
	Sheet  string   `json:"sheet"`
	daihoi.RollImport
	Fonts    daihoi.SheetFonts `json:"fonts"`    // the cells typed in an old font, as stored and converted
	Replaces int               `json:"replaces"` // people on the roll now
	Refused  *daihoi.ErrorBody `json:"refused,omitempty"`
}

func (s *Server) rollPreview(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	up, err := readUpload(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.mu.RLock()
	ri, fonts := daihoi.ReadRollSheet(up.Rows, s.state.RollIDs(newID))
	p := RollPreview{Sheets: up.Sheets, Sheet: up.Sheet, RollImport: ri, Fonts: fonts, Replaces: len(s.state.Delegates)}
	refused := s.state.RollImportRefused()
	if refused == nil && len(p.Problems) == 0 {
		_, _, refused = s.state.ImportRoll(p.Roll()) // what the import would refuse, shown now
	}
	s.mu.RUnlock()
	if refused != nil {
		_, body := s.errorBody(refused)
		p.Refused = &body
	}
	writeJSON(w, http.StatusOK, p)
}

// rollImport replaces the roll with the sheet's, in one change: only with no problem, and only
// before the congress sits on its roll (State.RollImportRefused).
func (s *Server) rollImport(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	up, err := readUpload(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var out rollImported
	var ended []string // the sessions of those no longer on the roll
	gone := map[string]bool{}
	// Under the cards' lock, as a reissue of cards: a card of someone leaving the roll is not used
	// to sign in while it goes.
	err = s.withCards(func() error {
		return s.update(sess, func(st *daihoi.State, c *daihoi.Change) error {
			var ids []string
			var err error
			if out, ids, err = s.importRoll(st, c, up); err != nil {
				return err
			}
			for _, id := range ids {
				gone[id] = true
			}
			ended, err = s.endRollSessions(c, gone)
			return err
		})
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if len(gone) > 0 {
		s.endSessions(ended, gone)
		for id := range gone {
			s.hub.DropDelegate(id)
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// rollImported is what an import did.
type rollImported struct {
	Imported int `json:"imported"`
	Removed  int `json:"removed"`
}

// importRoll records in c the roll replaced by the upload's, with the events the screens follow,
// and returns the ids of those no longer on it. s.mu is held.
func (s *Server) importRoll(st *daihoi.State, c *daihoi.Change, up upload) (rollImported, []string, error) {
	if !up.Confirm {
		return rollImported{}, nil, daihoi.Errorf(daihoi.EINVALID, "hãy xem trước danh sách rồi bấm «Nhập danh sách»", "preview the roll, then press «Nhập danh sách» (import)")
	}
	if err := st.RollImportRefused(); err != nil {
		return rollImported{}, nil, err
	}
	ri, fonts := daihoi.ReadRollSheet(up.Rows, st.RollIDs(newID))
	if err := ri.Err(); err != nil {
		return rollImported{}, nil, err
	}
	if err := fonts.Refused(up.Convert); err != nil {
		return rollImported{}, nil, err
	}
	put, gone, err := st.ImportRoll(ri.Roll())
	if err != nil {
		return rollImported{}, nil, err
	}
	for _, d := range put {
		c.Put(daihoi.KDelegate, d.ID, d)
	}
	for _, id := range gone {
		c.Delete(daihoi.KDelegate, id)
	}
	roll := append(daihoi.Roll(nil), put...)
	sort.SliceStable(roll, func(i, j int) bool { return roll[i].Number < roll[j].Number })
	c.Emit(daihoi.EvRoll, roll, daihoi.Organiser, daihoi.Presidium, daihoi.Secretariat, daihoi.Teller, daihoi.CheckIn)
	// The door may have let people in before the opening: those present without a tablet are
	// counted on the new roll, as every other change of the roll announces them.
	after := daihoi.NewState()
	after.Congress = st.Congress
	for _, d := range put {
		after.Delegates[d.ID] = d
	}
	a := roll.Attendance(st.Congress.Type, st.Congress.Settings)
	a.NoTablet = after.NoTablet(s.hasTablet, nil)
	c.Emit(daihoi.EvAttendance, a)
	return rollImported{Imported: len(put), Removed: len(gone)}, gone, nil
}

// endRollSessions records in c the end of what those no longer on the roll hold: their card, and
// every session it opened (a tablet showing someone who is not on the roll). It returns the
// sessions' keys, for endSessions once c is written. s.mu and the cards' lock are held.
func (s *Server) endRollSessions(c *daihoi.Change, gone map[string]bool) ([]string, error) {
	if len(gone) == 0 {
		return nil, nil
	}
	keys, err := s.cardKeys()
	if err != nil {
		return nil, err
	}
	for id, k := range keys {
		if gone[id] {
			c.Delete(daihoi.KCard, k)
		}
	}
	var ended []string
	err = s.store.Each(daihoi.KSession, func(k string, data []byte) error {
		var ds daihoi.Session
		if err := json.Unmarshal(data, &ds); err != nil {
			return err
		}
		if ds.Role == daihoi.DelegateRole && gone[ds.Subject] {
			ended = append(ended, k)
			c.Delete(daihoi.KSession, k)
		}
		return nil
	})
	return ended, err
}

// CandidatePreview is what an import of an election's candidates would store.
type CandidatePreview struct {
	Sheets []string `json:"sheets"`
	Sheet  string   `json:"sheet"`
	daihoi.CandidateImport
	Fonts   daihoi.SheetFonts `json:"fonts"`
	Poll    string            `json:"poll"` // its title
	Seats   int               `json:"seats"`
	Surplus *daihoi.Surplus   `json:"surplus,omitempty"` // the list against the rules, as the presidium will see it
	Refused *daihoi.ErrorBody `json:"refused,omitempty"`
}

func (s *Server) candidatesPreview(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	up, err := readUpload(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.mu.RLock()
	p, ok := s.state.Polls[r.PathValue("id")]
	var cp CandidatePreview
	if ok {
		ci, fonts := daihoi.ReadCandidateSheet(up.Rows, s.state.Roll())
		cp = CandidatePreview{Sheets: up.Sheets, Sheet: up.Sheet, CandidateImport: ci, Fonts: fonts, Poll: p.Title, Seats: p.Seats}
		if len(cp.Rows) > 0 && p.Seats > 0 {
			sp := daihoi.CheckSurplus(p.Settings, p.Seats, len(cp.Rows))
			cp.Surplus = &sp
		}
	}
	s.mu.RUnlock()
	if !ok {
		s.writeError(w, r, errNoPoll(r.PathValue("id")))
		return
	}
	if refused := daihoi.CandidateImportRefused(p); refused != nil {
		_, body := s.errorBody(refused)
		cp.Refused = &body
	}
	writeJSON(w, http.StatusOK, cp)
}

// candidatesImport replaces a draft election's candidates with the sheet's, with no problem.
func (s *Server) candidatesImport(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	up, err := readUpload(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var view daihoi.PollView
	err = s.update(sess, func(st *daihoi.State, c *daihoi.Change) error {
		p, ok := st.Polls[r.PathValue("id")]
		if !ok {
			return errNoPoll(r.PathValue("id"))
		}
		if !up.Confirm {
			return daihoi.Errorf(daihoi.EINVALID, "hãy xem trước danh sách rồi bấm «Nhập ứng cử viên»", "preview the list, then press «Nhập ứng cử viên» (import)")
		}
		if err := daihoi.CandidateImportRefused(p); err != nil {
			return err
		}
		ci, fonts := daihoi.ReadCandidateSheet(up.Rows, st.Roll())
		if err := ci.Err(); err != nil {
			return err
		}
		if err := fonts.Refused(up.Convert); err != nil {
			return err
		}
		p.Candidates, p.Withdrawn = ci.Candidates(), nil
		s.emitPoll(c, p)
		view = s.pollView(p, sess.Role)
		return nil
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, view)
}

func errNoPoll(id string) error {
	return daihoi.Errorf(daihoi.ENOTFOUND, "không có cuộc bầu cử hay biểu quyết %q", "no poll %q", id)
}

// --- downloads

// sendXLSX writes the sheets as a download named name; nothing is sent before the whole workbook
// is written.
func (s *Server) sendXLSX(w http.ResponseWriter, r *http.Request, name string, sheets ...xlsx.Sheet) {
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, sheets...); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", xlsx.ContentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// rollHeader is the roll's columns, as the import reads them back.
var rollHeader = []string{"STT", "Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Đơn vị", "Loại đại biểu", "Trình độ chuyên môn", "Lý luận chính trị"}

var rollWidths = []float64{6, 28, 9, 9, 9, 30, 14, 20, 16, 14, 24, 22}

// rollTemplate is an empty roll with the columns the import reads, and a sheet saying how to fill it.
func (s *Server) rollTemplate(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	s.mu.RLock()
	c := s.state.Congress
	s.mu.RUnlock()
	// The titles the organisers would type, from what the congress says so far.
	var title []string
	if c.Organisation != "" {
		title = append(title, strings.ToUpper(c.Organisation))
	}
	if c.Title == "" || c.Title == daihoi.BlankCongress("").Title {
		title = append(title, "DANH SÁCH ĐẠI BIỂU DỰ ĐẠI HỘI")
	} else {
		title = append(title, "DANH SÁCH ĐẠI BIỂU DỰ "+strings.ToUpper(c.Title))
	}
	s.sendXLSX(w, r, "mau-danh-sach-dai-bieu.xlsx",
		xlsx.Sheet{Name: "Danh sách đại biểu", Title: title, Header: rollHeader, Widths: rollWidths},
		xlsx.Sheet{Name: "Hướng dẫn", Header: []string{"Cột", "Cách ghi / How to fill it in"}, Widths: []float64{22, 90}, Rows: [][]any{
			{"STT", "Số thứ tự trên danh sách và trên thẻ; bỏ trống thì lấy số kế tiếp. / The number on the roll and the card; left empty, the next one."},
			{"Họ và tên", "Bắt buộc. / Required."},
			{"Năm sinh", "Bốn chữ số, ví dụ 1975. / Four digits, e.g. 1975."},
			{"Giới tính", "Nam hoặc Nữ. / Nam (male) or Nữ (female)."},
			{"Loại đại biểu", "Chính thức, Đương nhiên, Dự khuyết hoặc Khách mời; bỏ trống là Chính thức. / Left empty: chính thức (official)."},
			{"", "Các cột có thể xếp theo thứ tự khác; có thể thêm một hai dòng tiêu đề phía trên. / The columns may come in any order, under a title row or two."},
		}})
}

func categoryVi(c daihoi.Category) string {
	switch c {
	case daihoi.ExOfficio:
		return "Đương nhiên"
	case daihoi.Alternate:
		return "Dự khuyết"
	case daihoi.Guest:
		return "Khách mời"
	}
	return "Chính thức"
}

func presenceVi(p daihoi.Presence) string {
	switch p {
	case daihoi.Present:
		return "Có mặt"
	case daihoi.AbsentWithReason:
		return "Vắng có lý do"
	case daihoi.AbsentWithoutReason:
		return "Vắng không lý do"
	}
	return "Chưa đến"
}

var exclusionVi = map[daihoi.Exclusion]string{daihoi.TemporaryTransfer: "Sinh hoạt tạm thời nơi khác", daihoi.Suspended: "Đình chỉ sinh hoạt",
	daihoi.Prosecuted: "Bị truy tố", daihoi.Detained: "Bị tạm giam", daihoi.Exempted: "Miễn sinh hoạt"}

// rollXLSX is the roll with attendance: the columns of the import, then the door's record, who is
// left out of the base and whom an alternate replaces (what the base was counted from).
func (s *Server) rollXLSX(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	s.mu.RLock()
	c, roll, a := s.state.Congress, s.state.Roll(), s.attendanceNow()
	s.mu.RUnlock()
	sheet := xlsx.Sheet{Name: "Danh sách đại biểu", Header: append(append([]string(nil), rollHeader...), "Điểm danh", "Lý do vắng", "Không tính vào tổng số", "Thay cho"), Widths: append(append([]float64(nil), rollWidths...), 28),
		Title: []string{strings.ToUpper(c.Title), "DANH SÁCH ĐẠI BIỂU VÀ ĐIỂM DANH (" + s.now().Local().Format("15:04 02/01/2006") + ")",
			"Tổng số đại biểu được triệu tập: " + strconv.Itoa(a.Base) + "; có mặt: " + strconv.Itoa(a.Present)}}
	names := map[string]string{}
	for _, d := range roll {
		names[d.ID] = d.Name
	}
	for _, d := range roll {
		year := any("")
		if d.BirthYear > 0 {
			year = d.BirthYear
		}
		gender := d.Gender // stored as "nam" or "nữ"; written as the organisers type it
		if r, n := utf8.DecodeRuneInString(gender); n > 0 {
			gender = string(unicode.ToUpper(r)) + gender[n:]
		}
		sheet.Rows = append(sheet.Rows, []any{d.Number, d.Name, year, gender, d.Ethnicity, d.Unit, categoryVi(d.Category), d.Education, d.Theory,
			presenceVi(d.Presence), d.Reason, exclusionVi[d.Exclusion], names[d.Replaces]})
	}
	s.sendXLSX(w, r, "danh-sach-diem-danh.xlsx", sheet)
}

// resultsXLSX is every poll with its result once published (before, its state only: a count is
// the presidium's to announce), and the votes of every candidate.
func (s *Server) resultsXLSX(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	s.mu.RLock()
	c := s.state.Congress
	var polls []daihoi.Poll
	for _, p := range s.state.Polls {
		polls = append(polls, p)
	}
	s.mu.RUnlock()
	sort.Slice(polls, func(i, j int) bool {
		if !polls[i].OpenedAt.Equal(polls[j].OpenedAt) {
			return polls[i].OpenedAt.Before(polls[j].OpenedAt)
		}
		return polls[i].ID < polls[j].ID
	})
	all := xlsx.Sheet{Name: "Kết quả", Title: []string{strings.ToUpper(c.Title), "KẾT QUẢ BIỂU QUYẾT VÀ BẦU CỬ"},
		Header: []string{"Nội dung", "Hình thức", "Trạng thái", "Tổng số đại biểu", "Có mặt", "Phiếu phát ra", "Phiếu thu về", "Phiếu hợp lệ", "Phiếu không hợp lệ", "Tán thành", "Không tán thành", "Không biểu quyết", "Kết quả"},
		Widths: []float64{40, 12, 14, 10, 8, 10, 10, 10, 10, 10, 10, 10, 40}}
	votes := xlsx.Sheet{Name: "Số phiếu bầu", Header: []string{"Cuộc bầu", "Ứng cử viên", "Số phiếu", "Tỷ lệ so với tổng số (%)", "Trúng cử"}, Widths: []float64{40, 28, 10, 14, 10}}
	for _, p := range polls {
		mode := map[daihoi.PollMode]string{daihoi.Hands: "Giơ tay", daihoi.Named: "Công khai", daihoi.Secret: "Bỏ phiếu kín"}[p.Mode]
		row := []any{p.Title, mode, pollStateVi(p.State), p.Base, p.Present, p.BallotsIssued(), p.BallotsCollected()}
		res := p.Result
		if p.State != daihoi.Published || res == nil {
			all.Rows = append(all.Rows, row)
			continue
		}
		row = append(row, res.Ballots.Valid, res.Ballots.Invalid)
		if res.Kind == daihoi.Motion {
			outcome := "Không thông qua"
			if res.Passed {
				outcome = "Thông qua"
			}
			row = append(row, res.For, res.Against, res.Abstain, outcome)
		} else {
			names := map[string]string{}
			for _, cand := range p.Candidates {
				names[cand.ID] = cand.Name
			}
			var elected []string
			for _, id := range res.Elected {
				elected = append(elected, names[id])
			}
			row = append(row, "", "", "", "Trúng cử: "+strings.Join(elected, ", "))
			won := map[string]bool{}
			for _, id := range res.Elected {
				won[id] = true
			}
			for _, id := range res.Order {
				mark := ""
				if won[id] {
					mark = "x"
				}
				votes.Rows = append(votes.Rows, []any{p.Title, names[id], res.Votes[id], res.PercentOfBase[id], mark})
			}
		}
		all.Rows = append(all.Rows, row)
	}
	s.sendXLSX(w, r, "ket-qua.xlsx", all, votes)
}

func pollStateVi(st daihoi.PollState) string {
	return map[daihoi.PollState]string{daihoi.Draft: "Chuẩn bị", daihoi.Open: "Đang bỏ phiếu", daihoi.Closed: "Đã đóng",
		daihoi.Counted: "Đã kiểm", daihoi.Published: "Đã công bố"}[st]
}

// commentsXLSX is the delegates' comments on the drafts, by document and section in the drafts'
// order: every comment, and how many each section had. A comment is written as text, never as a
// formula Excel would run.
func (s *Server) commentsXLSX(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	s.mu.RLock()
	var docs []daihoi.Document
	for _, d := range s.state.Documents {
		docs = append(docs, d)
	}
	byDoc := map[string][]daihoi.Comment{}
	for _, c := range s.state.Comments {
		byDoc[c.Document] = append(byDoc[c.Document], c)
	}
	s.mu.RUnlock()
	sort.Slice(docs, func(i, j int) bool { return docs[i].Title < docs[j].Title })
	list := xlsx.Sheet{Name: "Góp ý", Header: []string{"Văn kiện", "Mục", "Tên mục", "Đại biểu", "Đơn vị", "Thời gian", "Nội dung góp ý"}, Widths: []float64{30, 6, 30, 24, 24, 16, 80}}
	count := xlsx.Sheet{Name: "Theo mục", Header: []string{"Văn kiện", "Mục", "Tên mục", "Số ý kiến"}, Widths: []float64{30, 6, 40, 10}}
	const gone = "(mục không còn trong dự thảo)"
	for _, d := range docs {
		cs := byDoc[d.ID]
		for _, sec := range d.Sections {
			var here []daihoi.Comment
			for _, c := range cs {
				if c.Section == sec.Number {
					here = append(here, c)
				}
			}
			sort.Slice(here, func(i, j int) bool { return here[i].At.Before(here[j].At) })
			for _, c := range here {
				list.Rows = append(list.Rows, []any{d.Title, sec.Number, sec.Title, c.Name, c.Unit, c.At.Local().Format("02/01/2006 15:04"), c.Text})
			}
			count.Rows = append(count.Rows, []any{d.Title, sec.Number, sec.Title, len(here)})
		}
		// A comment on a section the draft no longer has (the draft was replaced since) is kept,
		// after the draft's sections: a delegate's comment never drops out of the record.
		var orphans []daihoi.Comment
		for _, c := range cs {
			if !slices.ContainsFunc(d.Sections, func(sec daihoi.Section) bool { return sec.Number == c.Section }) {
				orphans = append(orphans, c)
			}
		}
		sort.Slice(orphans, func(i, j int) bool { return orphans[i].At.Before(orphans[j].At) })
		for _, c := range orphans {
			list.Rows = append(list.Rows, []any{d.Title, c.Section, gone, c.Name, c.Unit, c.At.Local().Format("02/01/2006 15:04"), c.Text})
		}
		if len(orphans) > 0 {
			count.Rows = append(count.Rows, []any{d.Title, "", gone, len(orphans)})
		}
	}
	s.sendXLSX(w, r, "gop-y-du-thao.xlsx", list, count)
}
