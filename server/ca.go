package server

// The congress certificate: its page (/ca) and file (/ca.pem), the addresses the tablets reach the
// server at over HTTPS, and what plain HTTP serves to whom (PlainHTTP).

import (
	_ "embed"
	"html/template"
	"net"
	"net/http"
	"regexp"
	"strings"

	"github.com/daihoi/daihoi"
)

// TLS is what the server knows of its HTTPS side, for the /ca page, the redirects from plain HTTP
// and the setup screen.
type TLS struct {
	// CertPEM is served at /ca.pem: the congress CA, or with an organisation's own certificate the
	// last certificate of its chain.
	CertPEM []byte
	// Fingerprint is that certificate's SHA-256 fingerprint (hex pairs, colons); Thumbprint its
	// SHA-1, which Windows shows.
	Fingerprint, Thumbprint string
	Port                    string   // the HTTPS port, "8443"
	PlainPort               string   // the plain HTTP port, where a tablet reads /ca before it trusts the certificate
	Hosts                   []string // addresses the tablets reach the server at, the LAN's first
	Own                     bool     // an organisation's own certificate, not the congress CA
}

// URLs are the server's HTTPS addresses, https://HOST:PORT, one for each of its hosts.
func (t *TLS) URLs() []string {
	var out []string
	for _, h := range t.Hosts {
		out = append(out, "https://"+net.JoinHostPort(h, t.Port))
	}
	return out
}

func (s *Server) caRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /ca", s.caPage)
	m.HandleFunc("GET /ca.pem", s.caFile)
	m.HandleFunc("GET /api/network", s.allow(s.network, daihoi.Organiser))
}

//go:embed ca.html
var caHTML string

var caTemplate = template.Must(template.New("ca").Parse(caHTML))

// caPage tells a person what the certificate is, shows its fingerprint to compare, and how to
// install it on each kind of tablet.
func (s *Server) caPage(w http.ResponseWriter, r *http.Request) {
	t := s.tls
	if t == nil {
		http.Error(w, "Máy chủ này không phục vụ HTTPS. / This server does not serve HTTPS.", http.StatusNotFound)
		return
	}
	host := hostOnly(r.Host)
	data := struct {
		*TLS
		Lines []string // the fingerprint, in lines of eight pairs
		HTTPS string   // this page's server over HTTPS
	}{TLS: t, HTTPS: "https://" + net.JoinHostPort(host, t.Port)}
	pairs := strings.Split(t.Fingerprint, ":")
	for i := 0; i < len(pairs); i += 8 {
		data.Lines = append(data.Lines, strings.Join(pairs[i:min(i+8, len(pairs))], ":"))
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	caTemplate.Execute(w, data)
}

// caFile is the certificate itself, as a file the tablets offer to install.
func (s *Server) caFile(w http.ResponseWriter, r *http.Request) {
	if s.tls == nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/x-x509-ca-cert")
	w.Header().Set("Content-Disposition", `attachment; filename="daihoi-ca.crt"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(s.tls.CertPEM)
}

// Network is what the setup screen shows of the server's HTTPS side.
type Network struct {
	Fingerprint string   `json:"fingerprint"`
	URLs        []string `json:"urls"`    // https://HOST:PORT, the LAN's first
	CAPort      string   `json:"ca_port"` // the plain HTTP port of /ca
	Own         bool     `json:"own"`
}

func (s *Server) network(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	n := Network{URLs: []string{}}
	if s.tls != nil {
		n.Fingerprint, n.URLs, n.CAPort, n.Own = s.tls.Fingerprint, s.tls.URLs(), s.tls.PlainPort, s.tls.Own
	}
	writeJSON(w, http.StatusOK, n)
}

// CAFingerprint is the fingerprint the tablets check the certificate by, "" without HTTPS.
func (s *Server) CAFingerprint() string {
	if s.tls == nil {
		return ""
	}
	return s.tls.Fingerprint
}

// PlainHTTP is what the plain HTTP address serves. The hall's Wi-Fi is shared by everyone in the
// room, so nothing that signs a person in or carries a ballot crosses it in clear text: the whole
// application is served only to the laptop itself (loopback: the organiser's own browser, the
// tests, the bench); any other client gets only the certificate's page and file, to install it,
// and is sent to HTTPS for everything else.
func (s *Server) PlainHTTP() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if loopback(r.RemoteAddr) {
			s.ServeHTTP(w, r)
			return
		}
		switch r.URL.Path {
		case "/ca":
			s.caPage(w, r)
			return
		case "/ca.pem":
			s.caFile(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte("Chỉ dùng HTTPS trong mạng hội trường: cài chứng chỉ tại /ca.\nOnly HTTPS on the hall's network: install the certificate from /ca.\n"))
			return
		}
		port := "8443"
		if s.tls != nil {
			port = s.tls.Port
		}
		u := "https://" + net.JoinHostPort(hostOnly(r.Host), port) + r.URL.RequestURI()
		http.Redirect(w, r, u, http.StatusFound) // not permanent: the HTTPS port may change
	})
}

// loopback reports whether a remote address (host:port) is this machine's own.
func loopback(remote string) bool {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// hostOnly is the host of a Host header, without its port; "localhost" for none.
func hostOnly(h string) string {
	if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
	}
	h = strings.Trim(h, "[]")
	if net.ParseIP(h) == nil && !hostName.MatchString(h) {
		return "localhost"
	}
	return h
}

// hostName is a DNS name, nothing that could change a link's meaning.
var hostName = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$`)
