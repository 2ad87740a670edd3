package server

import (
	"net/http"
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
