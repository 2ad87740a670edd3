package server

import (
	"encoding/json"
	"io/fs"
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
	if sub, err := fs.Sub(s.assets, "static"); err == nil {
		m.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(sub)))
	}
	for _, name := range Screens {
		page := name + ".html"
		m.HandleFunc("GET /"+name, func(w http.ResponseWriter, r *http.Request) { s.servePage(w, r, page) })
	}
	m.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) { s.servePage(w, r, "index.html") })
}

func (s *Server) servePage(w http.ResponseWriter, r *http.Request, name string) {
	b, err := fs.ReadFile(s.assets, name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b)
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
