package server

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/daihoi/daihoi"
)

// Screens are the pages of the hall, each at its own address.
var Screens = []string{"presidium", "delegate", "teller", "hall", "setup", "checkin", "secretariat"}

func (s *Server) screenRoutes(m *http.ServeMux) {
	if s.assets == nil {
		return
	}
	files := newStaticFiles(s.assets)
	m.HandleFunc("GET /static/{name}", func(w http.ResponseWriter, r *http.Request) {
		files.serveFile(w, r, "/static/"+r.PathValue("name"))
	})
	m.HandleFunc("GET /fonts/{name}", func(w http.ResponseWriter, r *http.Request) {
		files.serveFile(w, r, "/fonts/"+r.PathValue("name"))
	})
	for _, name := range Screens {
		page := name + ".html"
		m.HandleFunc("GET /"+name, func(w http.ResponseWriter, r *http.Request) { files.servePage(w, r, page) })
	}
	m.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) { files.servePage(w, r, "index.html") })
}

// cardCodes maps each delegate id to their card code.
func (s *Server) cardCodes() (map[string]string, error) {
	out := map[string]string{}
	err := s.store.Each(daihoi.KCard, func(code string, data []byte) error {
		var id string
		if err := json.Unmarshal(data, &id); err != nil {
			return err
		}
		out[id] = strings.ToLower(code)
		return nil
	})
	return out, err
}
