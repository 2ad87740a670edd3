package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/server/hub"
)

// serveWS is /ws?since=N: a snapshot of what the screen's role may see, or the events it missed
// since N, then every event as it happens (the hub, server/hub, does the rest).
func (s *Server) serveWS(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.session(r)
	if !ok {
		s.writeError(w, r, errSignIn)
		return
	}
	cookie, _ := cookieOf(r)
	s.mu.RLock()
	limits := s.state.Congress.Sockets
	s.mu.RUnlock()
	screen := hub.Screen{Role: sess.Role, Session: sess, Key: tokenKey(cookie.Value)}
	if sess.Role == daihoi.DelegateRole {
		screen.Delegate = sess.Subject
	}
	c, err := s.hub.Accept(w, r, screen, limits.FromAddress())
	if errors.Is(err, hub.ErrAddressFull) { // the hub has logged it
		s.writeError(w, r, daihoi.Errorf(errTooMany, "Địa chỉ mạng này đã mở %d kết nối, không mở thêm được. Xin đóng bớt các cửa sổ cũ.",
			"This network address holds %d connections already; close some old windows.", limits.FromAddress()))
		return
	}
	if err != nil {
		return // the upgrader has answered
	}

	// Hold the state lock while the first messages are queued and the screen joins the hub: no
	// event can be published in between, so it misses nothing and sees nothing twice.
	joined := false
	defer func() {
		if !joined { // a panic before Join: the socket is closed, and its address not held
			s.hub.Abandon(c)
		}
	}()
	s.mu.RLock()
	defer s.mu.RUnlock()
	var first []daihoi.Message
	resumed := false
	if v := r.URL.Query().Get("since"); v != "" {
		if since, err := strconv.ParseUint(v, 10, 64); err == nil {
			first, resumed = s.hub.Missed(c, since, s.seq)
		}
	}
	if !resumed {
		m := hub.WithData("snapshot", s.snapshot(sess))
		m.Seq = s.seq
		first = []daihoi.Message{m}
	}
	s.hub.Join(c, first, s.state.Congress.Sockets.PerSession(sess.Role), s.socketRequest)
	joined = true
	if _, ok := s.sessionOf(screen.Key); !ok {
		c.Close() // a card reissued since the session was read: its disconnection came before the join
	}
}

// socketRequest answers what a screen sends on its websocket. Only a delegate's ballot is taken;
// it is checked here, cast without waiting for the disk, and answered by answerLoop with the
// request's ref. One request per delegate's socket is in flight: the next waits here for the
// answer to the one before.
func (s *Server) socketRequest(c *hub.Conn, raw *hub.Request) {
	// A delegate's socket answers its requests in order: this one waits until the ballot before it
	// (if any) is answered. The turn is given back with the answer (here for a refusal, by
	// answerLoop for a ballot).
	if !c.NextRequest() {
		raw.Free()
		return
	}
	req, err := hub.DecodeRequest(raw.Bytes())
	raw.Free() // the request's strings are copies
	if err != nil {
		err = daihoi.Errorf(daihoi.EINVALID, "yêu cầu gửi qua kết nối không đúng định dạng JSON: %v", "the request on the socket is not valid JSON: %v", err)
	} else if req.Type != "cast" {
		err = daihoi.Errorf(daihoi.EINVALID, "kết nối chỉ nhận phiếu bầu (type \"cast\"), không nhận %q", "the socket takes only ballots (type \"cast\"), not %q", req.Type)
	} else if _, ok := s.sessionOf(c.Key); !ok {
		err = errSignIn
	} else if c.Session.Role != daihoi.DelegateRole {
		err = daihoi.Errorf(daihoi.EFORBIDDEN, "Chỉ đại biểu mới bỏ phiếu.", "Only delegates vote.")
	}
	var tb *tabletBallot
	if err == nil {
		tb, err = s.checkCast(c.Session, req.Poll, req.Ballot)
	}
	if err != nil {
		c.Reply(s.errorMessage(err, req.Type, req.Ref, req.Poll))
		c.Answered()
		return
	}
	tb.from, tb.ref = c, req.Ref
	s.store.CastAsync(tb.poll, tb.voter, tb.tag, tb.receipt, tb.content, func(res daihoi.CastResult, err error) {
		s.answers.add(castAnswer{tb, res, err})
	})
}

// errorMessage is a socket request's error, as its screen is told it.
func (s *Server) errorMessage(err error, typ, ref, poll string) daihoi.Message {
	status, body := s.errorBody(err, "socket", typ, "poll", poll)
	return daihoi.Message{Type: "error", Ref: ref, Status: status, Error: &body}
}
