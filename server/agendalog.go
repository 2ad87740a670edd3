package server

import (
	"net/http"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/report"
)

// agendaLogRoutes serves what the presidium's console needs beyond the API: the printable log of the
// day, planned against actual.
func (s *Server) agendaLogRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /print/agenda", s.allow(s.printAgenda, daihoi.Presidium, daihoi.Secretariat, daihoi.Organiser))
}

// printAgenda is the log of the day: each agenda item with its planned start and duration against
// when it really began and ended, with who spoke and what was put to the vote.
func (s *Server) printAgenda(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	now := s.now()

	s.mu.RLock()
	congress := s.state.Congress
	items := append([]daihoi.AgendaItem(nil), s.state.Agenda...)
	speakers := map[string][]daihoi.Speaker{}
	for _, sp := range s.state.Speakers {
		if sp.State == daihoi.Speaking || sp.State == daihoi.Spoke {
			speakers[sp.Item] = append(speakers[sp.Item], sp)
		}
	}
	polls := map[string][]daihoi.Poll{}
	for _, p := range s.state.Polls {
		if p.AgendaItem != "" {
			polls[p.AgendaItem] = append(polls[p.AgendaItem], p)
		}
	}
	s.mu.RUnlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := report.Agenda(w, r.URL.Query().Get("lang"), report.Day{Congress: congress, Agenda: items, Speakers: speakers, Polls: polls, Now: now}); err != nil {
		s.log.Error("print agenda", "err", err)
	}
}
