package server

// The door and the organisers' paperwork: the credential report (JSON and a printable A4 page),
// the delegates' cards with their QR codes, and the printable list of comments on the drafts (each
// laid out by package report).

import (
	"bytes"
	"io"
	"net/http"
	"regexp"
	"strings"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/report"
)

func (s *Server) doorRoutes(m *http.ServeMux) {
	readers := []daihoi.Role{daihoi.Organiser, daihoi.Presidium, daihoi.Secretariat, daihoi.Teller, daihoi.CheckIn}
	m.HandleFunc("GET /api/credentials", s.allow(s.credentials, readers...))
	m.HandleFunc("GET /print/credentials", s.allowPage(s.printCredentials, readers...))
	m.HandleFunc("POST /api/cards/issue", s.allow(s.issueAllCards, daihoi.Organiser))
	m.HandleFunc("POST /print/cards", s.allowPage(s.printCards, daihoi.Organiser))
	m.HandleFunc("POST /api/cards/{delegate}/reissue", s.allow(s.reissueCard, daihoi.Organiser))
	m.HandleFunc("GET /print/comments", s.allowPage(s.printComments, daihoi.Organiser, daihoi.Presidium, daihoi.Secretariat))
}

// allowPage is allow for a page a person opens in the browser: refusals come as a page, not JSON.
func (s *Server) allowPage(h handler, roles ...daihoi.Role) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess, ok := s.session(r)
		if ok {
			for _, role := range roles {
				if sess.Role == role {
					h(w, r, sess)
					return
				}
			}
		}
		vi, en := "Cần đăng nhập trước khi mở trang này.", "Please sign in before opening this page."
		status := http.StatusUnauthorized
		if ok {
			vi, en = "Tài khoản này không được xem trang này.", "This account may not see this page."
			status = http.StatusForbidden
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		w.Write([]byte("<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'><title>daihoi</title>" +
			"<body style='font:22px sans-serif;padding:2em'><p>" + htmlEscape(vi) + "</p><p lang=en style='color:#555'>" + htmlEscape(en) +
			"</p><p><a href='/'>Trang chủ / Home</a></p>"))
	}
}

func (s *Server) credentialReport() daihoi.CredentialReport {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return daihoi.NewCredentialReport(s.state.Congress, s.state.Roll())
}

func (s *Server) credentials(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	writeJSON(w, http.StatusOK, s.credentialReport())
}

// --- printable pages

// newPage is the top of a printed page (report.Page) of this congress, printed now.
func (s *Server) newPage(title, back string) report.Page {
	s.mu.RLock()
	c := s.state.Congress
	s.mu.RUnlock()
	p := report.NewPage(c, title, back, s.now())
	p.CAFingerprint = s.CAFingerprint()
	return p
}

// render sends the HTML page that page writes, or its error: nothing is sent before the whole
// page is written.
func (s *Server) render(w http.ResponseWriter, r *http.Request, page func(io.Writer) error) {
	var buf bytes.Buffer
	if err := page(&buf); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

func (s *Server) printCredentials(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	back := "/" + screenOf(sess.Role)
	p, cr := s.newPage("Báo cáo thẩm tra tư cách đại biểu", back), s.credentialReport()
	s.render(w, r, func(w io.Writer) error { return report.Credentials(w, p, cr) })
}

// screenOf is the screen a role works on.
func screenOf(r daihoi.Role) string {
	switch r {
	case daihoi.Organiser:
		return "setup"
	case daihoi.CheckIn:
		return "checkin"
	case daihoi.HallDisplay:
		return "hall"
	case daihoi.DelegateRole:
		return "delegate"
	case daihoi.Observer:
		return ""
	}
	return string(r)
}

// --- cards

// validHost is what may stand for the server's address in a card's link: a name or an address and
// a port, nothing that could change the link's meaning.
var validHost = regexp.MustCompile(`^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?$`)

// cardHost is the host:port the cards' links point at: host= as the organiser's browser sends it
// (location.host, in the query or the form), or the host of this request, which is the same thing.
func cardHost(r *http.Request) (string, error) {
	h := strings.TrimSpace(r.FormValue("host"))
	if h == "" {
		h = r.Host
	}
	if len(h) > 255 || !validHost.MatchString(h) {
		return "", daihoi.Errorf(daihoi.EINVALID, "Địa chỉ máy chủ %q không hợp lệ.", "The server address %q is not valid.", h)
	}
	return h, nil
}

// printCards is the card sheet (a form's POST: host, and delegate for one lost card): it issues
// the cards it shows, every delegate's or one, so that each code is shown this once. Printing
// every card is refused once the day has begun (daihoi.Agenda.PrintAllCards).
func (s *Server) printCards(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	host, err := cardHost(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	var cards []daihoi.Card
	if one := r.FormValue("delegate"); one != "" {
		cards, err = s.reissue(sess, one)
	} else {
		cards, err = s.issueAll(sess)
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	cat := map[string]daihoi.Category{}
	s.mu.RLock()
	for id, d := range s.state.Delegates {
		cat[id] = d.Category
	}
	s.mu.RUnlock()
	p := s.newPage("Thẻ đại biểu", "/setup")
	s.render(w, r, func(w io.Writer) error { return report.Cards(w, p, host, cards, cat) })
}

// pageError answers a page's request with its error as a page, in both languages.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	if daihoi.ErrorCode(err) == daihoi.EINTERNAL {
		s.writeError(w, r, err) // logged there, and not shown
		return
	}
	vi, en := daihoi.ErrorMessages(err)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(statusOf(daihoi.ErrorCode(err)))
	w.Write([]byte("<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'><title>daihoi</title>" +
		"<body style='font:22px sans-serif;padding:2em'><p id=error>" + htmlEscape(vi) + "</p><p lang=en style='color:#555'>" + htmlEscape(en) +
		"</p><p><a href='/setup'>Thiết lập / Setup</a></p>"))
}

// issueAllCards gives every delegate on the roll a new card and answers with the codes, once:
// what the card sheet prints, for a program that prints cards itself (or the load generator).
// Refused once the day has begun.
func (s *Server) issueAllCards(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	cards, err := s.issueAll(sess)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, cards)
}

func (s *Server) issueAll(sess daihoi.Session) ([]daihoi.Card, error) {
	s.mu.RLock()
	var ids []string
	for _, d := range s.state.Roll() {
		ids = append(ids, d.ID)
	}
	s.mu.RUnlock()
	return s.issueCards(sess.Subject, ids, func(st *daihoi.State) error { return daihoi.Agenda(st.Agenda).PrintAllCards() })
}

func (s *Server) reissue(sess daihoi.Session, id string) ([]daihoi.Card, error) {
	s.mu.RLock()
	_, ok := s.state.Delegates[id]
	s.mu.RUnlock()
	if !ok {
		return nil, daihoi.ErrNoDelegate
	}
	return s.issueCards(sess.Subject, []string{id}, nil)
}

// --- comments

func (s *Server) printComments(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	p := s.newPage("Tổng hợp câu hỏi và ý kiến góp ý dự thảo văn kiện", "/"+screenOf(sess.Role))
	s.mu.RLock()
	docs, total := report.CommentsByDocument(s.state)
	questions, _, _ := report.QuestionsByTopic(s.state)
	s.mu.RUnlock()
	s.render(w, r, func(w io.Writer) error { return report.Comments(w, p, docs, total, questions) })
}

// reissueCard gives a delegate a new card, for one that was lost or handed to the wrong person: the
// old code stops working, every session opened with it ends (also those from before a restart),
// every screen signed in with it is disconnected, and the answer carries the new code, which is
// not kept and cannot be read again. The setup page prints it (printCards with a delegate). The
// organiser's action is in the audit trail. A ballot already cast stays cast; the delegate signs
// in again with the new card.
func (s *Server) reissueCard(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	cards, err := s.reissue(sess, r.PathValue("delegate"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, cards[0])
}
