package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/assets"
	"github.com/daihoi/daihoi/demo"
	"github.com/daihoi/daihoi/server"
	"github.com/daihoi/daihoi/store"
	"github.com/daihoi/daihoi/tlsca"
)

// Main is the running server: the store, the HTTP server and its listener. Tests start it on
// 127.0.0.1:0 exactly as `daihoi serve` does.
type Main struct {
	Addr string // to listen on with plain HTTP, e.g. ":8080": the whole application to loopback only
	// TLSAddr is where HTTPS is served, e.g. ":8443"; "" serves none (tests on loopback).
	TLSAddr string
	// TLSCert and TLSKey, when set, are an organisation's own certificate (PEM, the chain) and key,
	// used instead of the congress CA's.
	TLSCert, TLSKey string
	// Hosts are names (or addresses) the server's certificate names besides its addresses (--host).
	Hosts  []string
	Data   string // the data folder
	NoDemo bool
	// Congress, when set, is a congress file (daihoi.CongressFile, JSON) to install on a new data
	// folder instead of the demo.
	Congress string
	Out      io.Writer // where the addresses and the demo accounts are printed
	Cost     int       // bcrypt cost of the demo passwords; 0 is the default
	// BenchRoll, when set, seeds the demo grown to this many people with the bench's election of
	// 60 candidates for 45 seats (demo.Large) instead of the demo.
	BenchRoll int
	// Pprof, when set, serves net/http/pprof on this address (keep it on loopback).
	Pprof string

	Store    *store.DB
	Server   *server.Server
	Listener net.Listener
	http     *http.Server
	// TLSListener and TLS are the HTTPS side, when TLSAddr is set.
	TLSListener net.Listener
	TLS         *server.TLS
	https       *http.Server
	tlsNotes    []string // what the start did with the certificates, for the banner
	// Codes are the delegates' card codes, when this start seeded the demo.
	Codes map[string]string
	// Organiser and Password are the organiser's account on the empty congress this start made
	// (--no-demo on a new folder); the password is printed once, in the banner.
	Organiser, Password string
}

// Run opens the store, seeds the demo congress on a new data folder and starts serving. It returns
// once the server is listening.
func (m *Main) Run() error {
	if m.Out == nil {
		m.Out = io.Discard
	}
	db, err := store.Open(m.Data, 2*time.Second)
	if err != nil {
		return err
	}
	m.Store = db
	var tlsConf *tls.Config
	if m.TLSAddr != "" {
		if tlsConf, err = m.listenTLS(); err != nil {
			m.Close()
			return err
		}
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv, err := server.New(db, server.Options{Logger: log, Assets: assets.FS, TLS: m.TLS, Cost: m.Cost})
	if err != nil {
		m.Close()
		return err
	}
	m.Server = srv
	seeded := false
	switch {
	case m.Congress != "":
		if err := m.fromFile(); err != nil {
			m.Close()
			return err
		}
	case m.NoDemo && srv.Empty():
		// The organisers prepare their congress in the browser: an empty one, and their account.
		if m.Organiser, m.Password, err = srv.InstallBlank(m.Cost); err != nil {
			m.Close()
			return fmt.Errorf("make the empty congress: %w", err)
		}
	case !m.NoDemo && srv.Empty():
		d := demo.New()
		if m.BenchRoll > 0 {
			d = demo.Large(m.BenchRoll)
		}
		if err := m.install(d.File()); err != nil {
			m.Close()
			return fmt.Errorf("seed the demo congress: %w", err)
		}
		seeded = true
	}
	ln, err := net.Listen("tcp", m.Addr)
	if err != nil {
		m.Close()
		return err
	}
	m.Listener = ln
	if m.TLS != nil {
		m.TLS.PlainPort = m.listenPort()
	}
	m.http = server.DefaultTimeouts.HTTPServer(srv.PlainHTTP()) // header, body and idle timeouts
	go m.http.Serve(ln)
	if tlsConf != nil {
		// HTTP/1.1 only: the screens' websockets are upgrades of HTTP/1.1 connections (a browser
		// offered HTTP/2 could try them as HTTP/2 streams, which the hub does not speak).
		m.https = server.DefaultTimeouts.HTTPServer(srv)
		m.https.TLSConfig = tlsConf
		m.https.TLSNextProto = map[string]func(*http.Server, *tls.Conn, http.Handler){}
		go m.https.Serve(tls.NewListener(m.TLSListener, tlsConf))
	}
	if m.Pprof != "" {
		ps := server.DefaultTimeouts.HTTPServer(pprofMux())
		ps.Addr = m.Pprof
		go ps.ListenAndServe()
	}
	m.printAddresses(seeded)
	return nil
}

// listenTLS listens on TLSAddr and loads the certificate it serves: the organisation's own, or the
// congress CA's server certificate for this machine's addresses (made or renewed as needed).
func (m *Main) listenTLS() (*tls.Config, error) {
	if (m.TLSCert == "") != (m.TLSKey == "") {
		return nil, daihoi.Errorf(daihoi.EINVALID, "--tls-cert và --tls-key phải đi cùng nhau", "--tls-cert and --tls-key go together")
	}
	ln, err := net.Listen("tcp", m.TLSAddr)
	if err != nil {
		return nil, err
	}
	m.TLSListener = ln
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	info := &server.TLS{Port: port, Hosts: lanIPs()}
	for _, h := range m.Hosts {
		if h = strings.TrimSpace(h); h != "" && !slices.Contains(info.Hosts, h) {
			info.Hosts = append(info.Hosts, h)
		}
	}
	info.Hosts = append(info.Hosts, "127.0.0.1")
	var cert tls.Certificate
	if m.TLSCert != "" {
		cert, err = tls.LoadX509KeyPair(m.TLSCert, m.TLSKey)
		if err != nil {
			return nil, daihoi.Errorf(daihoi.EINVALID, "không đọc được chứng chỉ của cơ quan (%s, %s): %v",
				"cannot read the organisation's certificate (%s, %s): %v", m.TLSCert, m.TLSKey, err)
		}
		top := cert.Certificate[len(cert.Certificate)-1] // the issuer, when the file holds the chain
		info.CertPEM, info.Fingerprint, info.Thumbprint, info.Own = tlsca.PEM(top), tlsca.Fingerprint(top), tlsca.Thumbprint(top), true
		m.tlsNotes = append(m.tlsNotes, "Chứng chỉ của cơ quan / the organisation's certificate: "+m.TLSCert)
	} else {
		now := time.Now()
		ca, created, err := tlsca.Open(m.Data, now)
		if err != nil {
			return nil, err
		}
		if created {
			m.tlsNotes = append(m.tlsNotes, "Đã tạo chứng chỉ gốc của đại hội / created the congress CA: "+filepath.Join(m.Data, tlsca.CAFile))
		}
		var issued bool
		cert, issued, err = ca.ServerCert(m.Data, tlsca.Needed(tlsca.LANAddresses(), m.Hosts), now)
		if err != nil {
			return nil, fmt.Errorf("issue the server certificate: %w", err)
		}
		if issued && !created {
			m.tlsNotes = append(m.tlsNotes, "Địa chỉ của máy đã đổi: đã cấp chứng chỉ máy chủ mới từ cùng chứng chỉ gốc; máy tính bảng không phải cài lại. / The laptop's addresses changed: a new server certificate was issued by the same CA; tablets need not install anything again.")
		}
		info.CertPEM, info.Fingerprint, info.Thumbprint = ca.PEM, ca.Fingerprint(), tlsca.Thumbprint(ca.Cert.Raw)
	}
	m.TLS = info
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12, NextProtos: []string{"http/1.1"}}, nil
}

// fromFile installs the congress file on a new data folder. On a folder that holds a congress
// already (the same command after a restart), the server serves what is there, the congress as the
// day has changed it, not the file; another congress's file is refused.
func (m *Main) fromFile() error {
	f, err := readCongressFile(m.Congress)
	if m.Server.Blank() {
		if err == nil {
			err = m.install(f)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Out, "Đã cài đại hội / installed: %s — %d người trong danh sách / on the roll, %d tài khoản / accounts (từ / from %s)\n",
			f.Congress.Title, len(f.Roll), len(f.Accounts), m.Congress)
		fmt.Fprintf(m.Out, "In thẻ đại biểu tại / print the delegate cards at /setup.\n\n")
		return nil
	}
	switch {
	case err != nil: // the file moved, say: the folder is what counts now
		fmt.Fprintf(m.Out, "Thư mục dữ liệu đã có đại hội; không đọc được tệp %s nên không so với tệp. / The data folder holds a congress; %s could not be read, so it was not compared.\n\n", m.Congress, m.Congress)
	case m.Server.CongressID() != f.Congress.ID:
		return daihoi.Errorf(daihoi.ECONFLICT, "thư mục dữ liệu %s đã có một đại hội khác: bỏ --congress, hoặc chọn một thư mục mới (--data)",
			"the data folder %s already holds another congress: leave out --congress, or choose a new folder (--data)", m.Data)
	default:
		fmt.Fprintf(m.Out, "Thư mục dữ liệu đã có đại hội này: máy chủ dùng dữ liệu hiện có; tệp không được cài lại (sửa đổi trong tệp không có hiệu lực). / The data folder holds this congress already: it is served as it is; the file is not installed again (edits to it take no effect).\n\n")
	}
	return nil
}

// install installs a congress file on the new data folder: all of it, or nothing.
func (m *Main) install(f daihoi.CongressFile) error {
	codes, err := m.Server.Install(server.Install{CongressFile: f, Cost: m.Cost})
	m.Codes = codes
	return err
}

// readCongressFile reads a congress file. A field it does not know is an error: a misspelt
// "categroy" would otherwise leave every delegate without a category, and nobody would notice until
// the door.
func readCongressFile(path string) (daihoi.CongressFile, error) {
	var f daihoi.CongressFile
	data, err := os.ReadFile(path)
	if err != nil {
		return f, daihoi.Errorf(daihoi.EINVALID, "không đọc được tệp đại hội: %v", "cannot read the congress file: %v", err)
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // as Notepad saves UTF-8
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		where := ""
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			where = lineCol(data, syn.Offset)
		case errors.As(err, &typ):
			where = lineCol(data, typ.Offset)
		}
		return f, daihoi.Errorf(daihoi.EINVALID, "tệp đại hội %s không đúng JSON%s: %v", "the congress file %s is not valid JSON%s: %v", path, where, err)
	}
	return f, nil
}

// lineCol says where a byte offset of a file is, as an editor counts: " (dòng 12, cột 5)".
func lineCol(data []byte, offset int64) string {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf(" (dòng / line %d, cột / column %d)", line, col)
}

// URL is the server's address on loopback.
func (m *Main) URL() string {
	_, port, _ := net.SplitHostPort(m.Listener.Addr().String())
	return "http://127.0.0.1:" + port
}

// TLSURL is the server's HTTPS address on loopback, "" without HTTPS.
func (m *Main) TLSURL() string {
	if m.TLSListener == nil {
		return ""
	}
	_, port, _ := net.SplitHostPort(m.TLSListener.Addr().String())
	return "https://127.0.0.1:" + port
}

// Close stops serving and closes the store.
func (m *Main) Close() error {
	for _, h := range []*http.Server{m.http, m.https} {
		if h != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			h.Shutdown(ctx)
			cancel()
		}
	}
	if m.https == nil && m.TLSListener != nil {
		m.TLSListener.Close()
	}
	if m.Server != nil {
		m.Server.Close()
	}
	if m.Store != nil {
		return m.Store.Close()
	}
	return nil
}

func (m *Main) printAddresses(seeded bool) {
	_, port, _ := net.SplitHostPort(m.Listener.Addr().String())
	scheme, hosts := "http", append(lanIPs(), "127.0.0.1")
	if m.TLS != nil { // the hall reaches the screens over HTTPS; plain HTTP is the laptop's own
		scheme, hosts, port = "https", m.TLS.Hosts, m.TLS.Port
	}
	w := m.Out
	fmt.Fprintf(w, "daihoi đang chạy / is running — dữ liệu / data: %s\n\n", m.Store.Path())
	if m.Password != "" {
		// --no-demo on a new folder: an empty congress, and the organiser's password, shown once.
		fmt.Fprintln(w, "Đại hội mới, chưa có gì: Ban tổ chức đăng nhập trang Thiết lập (/setup) để chuẩn bị; ngoài Ban tổ chức chưa ai đăng nhập được.")
		fmt.Fprintln(w, "A new, empty congress: the organisers sign in at the setup page (/setup) to prepare it; nobody can sign in but them yet.")
		fmt.Fprintf(w, "  Tên đăng nhập / sign-in name: %s\n  Mật khẩu / password:          %s\n", m.Organiser, m.Password)
		fmt.Fprintln(w, "  Mật khẩu chỉ hiện một lần: ghi lại ngay. / The password is shown only this once: write it down now.")
		fmt.Fprintln(w, "Hoặc cài đại hội từ tệp bằng 'daihoi serve --congress FILE' (xem 'daihoi template'). / Or install one from a file with 'daihoi serve --congress FILE' (see 'daihoi template').")
		fmt.Fprintln(w)
	} else if m.Server.Empty() {
		// Not reached by serve (--no-demo makes an empty congress), but said should it happen.
		fmt.Fprintln(w, "Chưa có đại hội: chưa ai đăng nhập được. Cài đại hội của mình bằng 'daihoi serve --congress FILE' (xem 'daihoi template').")
		fmt.Fprintln(w, "No congress yet: nobody can sign in. Install yours with 'daihoi serve --congress FILE' (see 'daihoi template').")
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "Các màn hình / screens:")
	names := map[string]string{
		"presidium": "Đoàn chủ tịch / presidium", "delegate": "Đại biểu (máy tính bảng) / delegate tablet",
		"teller": "Ban kiểm phiếu / tellers", "hall": "Màn hình hội trường / hall display",
		"setup": "Ban tổ chức / organiser setup", "checkin": "Bàn đón tiếp / check-in desk",
		"secretariat": "Đoàn thư ký / secretariat",
	}
	for _, s := range server.Screens {
		fmt.Fprintf(w, "  %-44s", names[s])
		for i, h := range hosts {
			if i > 0 {
				fmt.Fprint(w, "   ")
			}
			fmt.Fprintf(w, "%s://%s/%s", scheme, net.JoinHostPort(h, port), s)
		}
		fmt.Fprintln(w)
	}
	plain := net.JoinHostPort("127.0.0.1", m.listenPort())
	fmt.Fprintf(w, "  %-44shttp://%s/healthz\n", "Kiểm tra / health", plain)
	if m.TLS != nil {
		fmt.Fprintf(w, "  %-44shttp://%s/presidium (HTTP chỉ trên máy này / plain HTTP on this laptop only)\n", "Trên máy này / on this laptop", plain)
		fmt.Fprintln(w, "\nChứng chỉ của đại hội / the congress certificate — máy tính bảng cài một lần / tablets install it once:")
		lan := "127.0.0.1"
		if len(m.TLS.Hosts) > 0 {
			lan = m.TLS.Hosts[0]
		}
		fmt.Fprintf(w, "  http://%s/ca   SHA-256 %s\n", net.JoinHostPort(lan, m.listenPort()), m.TLS.Fingerprint)
		for _, n := range m.tlsNotes {
			fmt.Fprintln(w, "  "+n)
		}
	}
	if seeded && m.BenchRoll == 0 {
		d := demo.New()
		fmt.Fprintln(w, "\nĐại hội mẫu / demo congress:", d.Congress.Title)
		fmt.Fprintln(w, "Tài khoản mẫu (chỉ dùng thử) / demo accounts (demo only):")
		for _, a := range d.Accounts {
			fmt.Fprintf(w, "  %-12s %-16s %s\n", a.Operator.Name, a.Password, a.Operator.Role)
		}
		fmt.Fprintf(w, "Thẻ đại biểu / delegate cards: %d — in tại / print at /setup (bantochuc). Ví dụ / for example:\n", len(m.Codes))
		for _, p := range d.Roll[:3] {
			fmt.Fprintf(w, "  %-28s %s://%s/d/%s\n", p.Name, scheme, net.JoinHostPort(hosts[0], port), m.Codes[p.ID])
		}
	}
}

// listenPort is the plain HTTP port.
func (m *Main) listenPort() string {
	_, port, _ := net.SplitHostPort(m.Listener.Addr().String())
	return port
}

// lanIPs lists the machine's IPv4 addresses that tablets may reach, as the certificate names them
// (tlsca.LANAddresses: no loopback, no link-local), private LAN ranges first (192.168/16, then
// 10/8 and 172.16/12, where a hall's Wi-Fi is), so the first is the one the setup screen offers
// for the cards.
func lanIPs() []string { return orderLAN(tlsca.LANAddresses()) }

// orderLAN is lanIPs of the addresses ips.
func orderLAN(ips []net.IP) []string {
	var private, other []string
	for _, ip := range ips {
		if ip.To4() == nil {
			continue
		}
		if ip.IsPrivate() {
			private = append(private, ip.String())
		} else {
			other = append(other, ip.String())
		}
	}
	sort.SliceStable(private, func(i, j int) bool { return lanRank(private[i]) < lanRank(private[j]) })
	return append(private, other...)
}

// lanRank orders private addresses as a hall's network most likely uses them: 192.168/16 first,
// then 10/8, then 172.16/12 (where container bridges also sit).
func lanRank(ip string) int {
	switch {
	case strings.HasPrefix(ip, "192.168."):
		return 0
	case strings.HasPrefix(ip, "10."):
		return 1
	}
	return 2
}

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	m := &Main{Out: stdout}
	fs.StringVar(&m.Addr, "addr", ":8080", "địa chỉ lắng nghe / address to listen on")
	fs.StringVar(&m.TLSAddr, "tls-addr", ":8443", "địa chỉ HTTPS cho mạng hội trường / HTTPS address for the hall's network")
	fs.StringVar(&m.TLSCert, "tls-cert", "", "chứng chỉ của cơ quan (PEM) thay cho chứng chỉ của đại hội / the organisation's own certificate (PEM) instead of the congress CA's")
	fs.StringVar(&m.TLSKey, "tls-key", "", "khoá của --tls-cert (PEM) / the key of --tls-cert (PEM)")
	fs.Func("host", "tên máy chủ thêm vào chứng chỉ (lặp lại được) / a name the certificate adds (repeatable)", func(v string) error {
		m.Hosts = append(m.Hosts, v)
		return nil
	})
	fs.StringVar(&m.Data, "data", "./data", "thư mục dữ liệu / data folder")
	fs.BoolVar(&m.NoDemo, "no-demo", false, "không tạo đại hội mẫu / do not seed the demo congress")
	fs.StringVar(&m.Congress, "congress", "", "tệp đại hội (JSON, xem daihoi template) cài vào thư mục dữ liệu mới / congress file (JSON, see daihoi template) to install on a new data folder")
	fs.IntVar(&m.BenchRoll, "bench-roll", 0, "đại hội thử tải với N người / seed the load-test congress of N people")
	fs.StringVar(&m.Pprof, "pprof", "", "địa chỉ pprof, ví dụ 127.0.0.1:6060 / serve pprof here")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if m.TLSAddr == "" {
		fmt.Fprintln(stderr, "daihoi serve: --tls-addr không được để trống: mạng hội trường chỉ dùng HTTPS / --tls-addr may not be empty: the hall's network uses HTTPS only")
		return 2
	}
	tuneGC()
	if err := m.Run(); err != nil {
		fmt.Fprintf(stderr, "daihoi serve: %v\n", err)
		return 1
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	fmt.Fprintln(stdout, "\nđang dừng / stopping …")
	if err := m.Close(); err != nil {
		fmt.Fprintf(stderr, "daihoi serve: %v\n", err)
		return 1
	}
	return 0
}

// gcPercent is how far the server's heap grows past what is live before the runtime collects:
// 250 % instead of Go's 100 %. With ten thousand screens a collection costs about 100 ms of CPU
// (most of it in the stacks of their goroutines) and, on two cores, doubles the time of whatever
// it falls on: a burst of ballots, a broadcast. Ten alternating bench runs at 100 % had a
// collection in a timed phase in two, ten at 250 % in none (ballot ack p99 62 -> 47 ms); the
// price is the heap's peak, 257 -> 330 MB of RSS with 10,000 screens.
const gcPercent = 250

// tuneGC sets gcPercent, unless GOGC in the environment says otherwise.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}

func pprofMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	return mux
}
