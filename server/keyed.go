package server

import (
	"net/http"

	"github.com/daihoi/daihoi"
)

// The keying screen's preview: what the server reads in a teller's text for a paper ballot
// (daihoi.ReadKeyed), asked as the teller types, so that the notation and the rules of a valid
// ballot live in the domain alone and the screen shows what Enter will store.
func (s *Server) keyedRoutes(m *http.ServeMux) {
	m.HandleFunc("POST /api/polls/{id}/paper/preview", s.allow(s.previewKeyed, daihoi.Teller))
}

// keyedPreviewRequest holds texts typed for ballots of one poll; the answer reads each, in order.
type keyedPreviewRequest struct {
	Texts []string `json:"texts"`
}

func (s *Server) previewKeyed(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	var in keyedPreviewRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := s.poll(r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]daihoi.KeyedEntry, len(in.Texts))
	for i, t := range in.Texts {
		out[i] = daihoi.ReadKeyed(p, t)
	}
	writeJSON(w, http.StatusOK, out)
}
