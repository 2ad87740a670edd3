package server

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/daihoi/daihoi"
)

// The session's cookie is named by the scheme it was set over. Cookies do not tell ports apart, so
// the laptop's browser holding both http://127.0.0.1:8080 and https://127.0.0.1:8443 would have
// the HTTPS sign-in's Secure cookie block the plain one of the same name; over HTTPS the cookie is
// __Host-, which the browser keeps Secure, on this host only and for every path.
const (
	cookieName    = "daihoi_session"
	tlsCookieName = "__Host-daihoi_session"
)

// cookieOf is the request's session cookie, by the scheme it came over.
func cookieOf(r *http.Request) (*http.Cookie, error) {
	return r.Cookie(sessionCookieName(r))
}

// sessionCookieName is the name of the session's cookie over r's scheme.
func sessionCookieName(r *http.Request) string {
	if r.TLS != nil {
		return tlsCookieName
	}
	return cookieName
}

// sessionLife is how long a sign-in lasts: a congress and the days of its preparation. A session
// older than that signs nobody in, even with its cookie (a tablet or a console forgotten after the
// congress, a copied cookie); the screen asks for the card or the password again.
const sessionLife = 7 * 24 * time.Hour

// NewCode returns a random sign-in code of 100 bits, in 20 characters of Crockford-like base32
// without padding: easy to print on a card as a QR code and for a USB scanner to type.
func NewCode() string {
	var b [13]byte
	rand.Read(b[:])
	return strings.ToLower(codeEnc.EncodeToString(b[:]))[:20]
}

var codeEnc = base32.NewEncoding("0123456789ABCDEFGHJKMNPQRSTVWXYZ").WithPadding(base32.NoPadding)

func newToken() string {
	var b [32]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// tokenKey is how a session is stored: the hash of its token, so that a copy of the file signs
// nobody in.
func tokenKey(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// HashPassword hashes an operator's password with bcrypt.
func HashPassword(pw string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.DefaultCost)
	return string(h), err
}

// session returns the request's session, from the cache or the store.
func (s *Server) session(r *http.Request) (daihoi.Session, bool) {
	c, err := cookieOf(r)
	if err != nil || c.Value == "" {
		return daihoi.Session{}, false
	}
	return s.sessionOf(tokenKey(c.Value))
}

// sessionOf returns the session stored under a token's key, if it has not ended: signed out, or
// older than sessionLife.
func (s *Server) sessionOf(key string) (daihoi.Session, bool) {
	s.smu.RLock()
	sess, ok := s.sessions[key]
	revoked := s.revoked
	s.smu.RUnlock()
	if !ok {
		found, err := s.store.Get(daihoi.KSession, key, &sess)
		if err != nil || !found {
			return daihoi.Session{}, false
		}
		s.smu.Lock()
		if s.revoked == revoked { // no card was reissued meanwhile, which may have ended it
			s.sessions[key] = sess
		}
		s.smu.Unlock()
	}
	if s.now().Sub(sess.Created) >= sessionLife {
		return daihoi.Session{}, false
	}
	return sess, true
}

// startSession stores a new session and sets its cookie. Each of also may add to the change that
// stores it, which it is given with the session's key.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, sess daihoi.Session, actor string, audit bool, also ...func(c *daihoi.Change, key string)) error {
	token := newToken()
	key := tokenKey(token)
	c := daihoi.NewChange(actor, s.now())
	c.Put(daihoi.KSession, key, sess)
	if audit {
		c.Emit(daihoi.EvSession, map[string]any{"role": sess.Role, "name": sess.Name}, daihoi.Organiser)
	}
	for _, f := range also {
		f(c, key)
	}
	if err := s.commit(c); err != nil {
		return err
	}
	s.smu.Lock()
	s.sessions[key] = sess
	s.smu.Unlock()
	http.SetCookie(w, sessionCookie(r, token, int(sessionLife/time.Second))) // relative: a tablet's clock may be wrong
	return nil
}

// sessionCookie is the session's cookie: HttpOnly, so no script reads it; SameSite=Strict, so no
// other site's page sends it; Secure over HTTPS, so the browser never sends it in clear text.
// Plain HTTP serves only the laptop itself (PlainHTTP), where it cannot be Secure.
func sessionCookie(r *http.Request, token string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: sessionCookieName(r), Value: token, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil}
}

// login signs an operator in with name and password.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Name     string `json:"name"`
		Password string `json:"password"`
	}
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	bad := daihoi.Errorf(errUnauthorized, "Sai tên đăng nhập hoặc mật khẩu.", "Wrong name or password.")
	if t := s.signInFrom(r); t != nil {
		s.writeTooMany(w, r, t, false)
		return
	}
	s.mu.RLock()
	var op daihoi.Operator
	var found bool
	for _, o := range s.state.Operators {
		if strings.EqualFold(o.Name, strings.TrimSpace(in.Name)) {
			op, found = o, true
			break
		}
	}
	s.mu.RUnlock()
	hash := []byte(op.Hash)
	if !found {
		// Spend the same time as a real check, so that names cannot be guessed by timing.
		hash = dummyHash
	}
	account := strings.ToLower(strings.TrimSpace(in.Name))
	ok, t := s.checkPassword(r.Context(), account, addrOf(r), func() bool {
		return bcrypt.CompareHashAndPassword(hash, []byte(in.Password)) == nil && found
	})
	if t != nil {
		s.writeTooMany(w, r, t, false)
		return
	}
	if !ok {
		s.writeError(w, r, bad)
		return
	}
	sess := daihoi.Session{Role: op.Role, Subject: op.ID, Name: op.FullName, Created: s.now(), Operator: true}
	if err := s.startSession(w, r, sess, op.ID, true); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, sess)
}

// dummyHash is a bcrypt hash at bcrypt.DefaultCost (of "daihoi"), for a name no operator has: its
// check costs what a real one does. It is written out, not made at start: making it took every
// start of the binary 100 ms of CPU (400 ms on a busy machine), before the server could answer.
var dummyHash = []byte("$2a$10$GBJclo2yHSHe7MOXENRR5OzWXDzbegOdEpvW2n6z6J6iGIfJ/.xgu")

// cardSignIn is /d/{code}: the link on a delegate's card. It sets the cookie and opens the tablet
// screen.
func (s *Server) cardSignIn(w http.ResponseWriter, r *http.Request) {
	if t := s.signInFrom(r); t != nil {
		s.writeTooMany(w, r, t, true)
		return
	}
	code := strings.ToLower(strings.TrimSpace(r.PathValue("code")))
	err := s.signInCard(w, r, code)
	var t *tooMany
	switch {
	case errors.As(err, &t):
		s.writeTooMany(w, r, t, true)
		return
	case err != nil && daihoi.ErrorCode(err) != daihoi.EINTERNAL:
		s.log.Warn("card sign-in failed", "addr", addrOf(r), "err", err)
		writePage(w, statusOf(daihoi.ErrorCode(err)), err)
		return
	case err != nil:
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/delegate", http.StatusSeeOther)
}

var errNoCard = daihoi.Errorf(daihoi.ENOTFOUND, "Mã thẻ đại biểu không đúng. Xin liên hệ bàn đón tiếp.", "This delegate card code is not known. Please ask at the check-in desk.")

// cardHolder returns the id of the delegate whose card carries code. It reads only the store, so it
// may run under the state lock.
func (s *Server) cardHolder(code string) (string, error) {
	if len(code) < 16 || len(code) > 32 {
		return "", errNoCard
	}
	var id string
	found, err := s.store.Get(daihoi.KCard, cardKey(code), &id)
	if err != nil {
		return "", err
	}
	if !found {
		return "", errNoCard
	}
	return id, nil
}

func (s *Server) delegateByCode(code string) (daihoi.Delegate, error) {
	id, err := s.cardHolder(code)
	if err != nil {
		return daihoi.Delegate{}, err
	}
	s.mu.RLock()
	d, ok := s.state.Delegates[id]
	s.mu.RUnlock()
	if !ok {
		return daihoi.Delegate{}, errNoCard
	}
	return d, nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := cookieOf(r); err == nil {
		key := tokenKey(c.Value)
		ch := daihoi.NewChange("", s.now())
		ch.Delete(daihoi.KSession, key)
		sess, ok := s.sessionOf(key)
		if ok && sess.Role == daihoi.DelegateRole { // the presidium's count of the delegate's devices goes down
			s.smu.RLock()
			n := s.devicesOf(sess.Subject, key)
			s.smu.RUnlock()
			ch.Actor = sess.Subject
			ch.Emit(daihoi.EvSignOut, map[string]any{"delegate": sess.Subject, "devices": n}, daihoi.Organiser, daihoi.Presidium)
		}
		_ = s.commit(ch)
		s.smu.Lock()
		delete(s.sessions, key)
		if ok {
			delete(s.devices[sess.Subject], key)
		}
		s.smu.Unlock()
	}
	http.SetCookie(w, sessionCookie(r, "", -1))
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// handler is an API handler that knows who asks.
type handler func(w http.ResponseWriter, r *http.Request, sess daihoi.Session)

// allow wraps h so that only the given roles reach it.
func (s *Server) allow(h handler, roles ...daihoi.Role) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess, ok := s.session(r)
		if !ok {
			s.writeError(w, r, errSignIn)
			return
		}
		for _, role := range roles {
			if sess.Role == role {
				h(w, r, sess)
				return
			}
		}
		// The role by its name in each language («Màn hình hội trường»), not by its code («hall»).
		s.writeError(w, r, daihoi.Errorf(daihoi.EFORBIDDEN, "Tài khoản %[1]s không được làm việc này.", "An account of the %[2]s may not do this.", sess.Role.Vi(), sess.Role.En()))
	}
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\"", "&quot;", "'", "&#39;").Replace(s)
}
