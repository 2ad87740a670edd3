package server

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"net/http"
	"strings"
	"time"

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
	if sub, err := fs.Sub(s.assets, "webfonts"); err == nil {
		m.Handle("GET /fonts/{name}", serveFont(sub))
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

// serveFont serves the screens' fonts, kept a year by the browser: a tablet loads them once for
// the congress, not on every page. A changed font is given a new URL (app.css: ?v=).
func serveFont(fonts fs.FS) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := fs.ReadFile(fonts, r.PathValue("name"))
		if err != nil || !strings.HasSuffix(r.PathValue("name"), ".woff2") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "font/woff2")
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b))
	})
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
