package server

import (
	"encoding/json"
	"runtime/debug"
	"sync"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/server/hub"
)

// The answers to ballots cast on the sockets. The store's writer hands each answer over here and
// goes on to the next transaction; one goroutine turns the answers of a transaction into receipts
// and puts them in their screens' lines, which a few workers write (flushAll). Two thousand
// ballots in a burst then leave no goroutine waiting for the disk and wake none to write a receipt.

// castAnswer is the store's answer to one ballot.
type castAnswer struct {
	tb  *tabletBallot
	res daihoi.CastResult
	err error
}

// answerLine holds the answers not yet sent; wake tells answerLoop there are some.
type answerLine struct {
	mu   sync.Mutex
	list []castAnswer
	wake chan struct{}
}

func newAnswerLine() *answerLine { return &answerLine{wake: make(chan struct{}, 1)} }

// add is called by the store's writer: it must not wait.
func (l *answerLine) add(a castAnswer) {
	l.mu.Lock()
	l.list = append(l.list, a)
	l.mu.Unlock()
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

func (l *answerLine) take() []castAnswer {
	l.mu.Lock()
	defer l.mu.Unlock()
	list := l.list
	l.list = nil
	return list
}

// answerLoop sends the answers as they come, until the hub stops.
func (s *Server) answerLoop() {
	for {
		select {
		case <-s.hub.Stopped():
			return
		case <-s.answers.wake:
		}
		s.sendAnswers(s.answers.take())
	}
}

// sendAnswers answers a group of ballots on their sockets: each receipt (or refusal) goes to the
// head of its screen's line, and the lines that were idle are written without waiting for them (a
// frozen tablet holds up nobody's receipt but its own).
func (s *Server) sendAnswers(list []castAnswer) {
	var ready []*hub.Conn
	defer func() { hub.StartFlush(ready) }()
	for _, a := range list {
		if s.sendAnswer(a) {
			ready = append(ready, a.tb.from)
		}
	}
}

// sendAnswer puts one answer in its screen's line and reports whether the line was idle. The
// socket's slot is given back in any case, and a panic (a bug) is logged and costs this socket
// only, as in a socket's reader: the loop goes on answering the others.
func (s *Server) sendAnswer(a castAnswer) (idle bool) {
	c := a.tb.from
	defer func() {
		c.Answered() // the socket may send its next request
		if r := recover(); r != nil {
			s.log.Error("answering a ballot panicked", "panic", r, "stack", string(debug.Stack()))
			c.Close()
		}
	}()
	rc, err := s.castDone(a.tb, a.res, a.err)
	var frame []byte
	if err != nil {
		msg, _ := json.Marshal(s.errorMessage(err, "cast", a.tb.ref, a.tb.poll))
		frame = hub.TextFrame(msg)
	} else {
		frame = receiptFrame(a.tb.ref, rc)
	}
	return c.AnswerFirst(frame)
}
