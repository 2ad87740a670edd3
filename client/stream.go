package client

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/gorilla/websocket"

	"github.com/daihoi/daihoi"
)

// Stream is a screen's event stream. It remembers the last sequence number seen, and Reconnect
// resumes from there: the server sends what was missed, or a new snapshot.
type Stream struct {
	c    *Client
	mu   sync.Mutex
	ws   *websocket.Conn
	Last uint64 // the last sequence number seen
}

// Connect opens /ws; since > 0 resumes after that sequence number.
func (c *Client) Connect(ctx context.Context, since uint64) (*Stream, error) {
	s := &Stream{c: c, Last: since}
	if err := s.dial(ctx, since > 0); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Stream) dial(ctx context.Context, resume bool) error {
	u := "ws" + strings.TrimPrefix(s.c.BaseURL, "http") + "/ws"
	if resume {
		u += "?since=" + strconv.FormatUint(s.Last, 10)
	}
	hdr := http.Header{}
	if v := s.c.Cookie(); v != "" {
		hdr.Set("Cookie", v)
	}
	d := websocket.Dialer{HandshakeTimeout: 30 * time.Second}
	ws, resp, err := d.DialContext(ctx, u, hdr)
	if err != nil {
		if resp != nil {
			return &StatusError{Status: resp.StatusCode, Err: err}
		}
		return err
	}
	s.mu.Lock()
	s.ws = ws
	s.mu.Unlock()
	return nil
}

// Next reads the next message. A snapshot or an event moves Last.
func (s *Stream) Next() (daihoi.Message, error) {
	s.mu.Lock()
	ws := s.ws
	s.mu.Unlock()
	var m daihoi.Message
	_, data, err := ws.ReadMessage()
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return m, err
	}
	if m.Seq > 0 && (m.Type == "snapshot" || m.Type == "event") {
		s.Last = m.Seq
	}
	return m, nil
}

// NextRaw reads the next message's bytes without decoding them (for counting bytes and timing).
func (s *Stream) NextRaw() ([]byte, error) {
	s.mu.Lock()
	ws := s.ws
	s.mu.Unlock()
	_, data, err := ws.ReadMessage()
	return data, err
}

// Cast sends a ballot on the stream, as the tablet does, and reads on until its answer: the
// receipt, or the server's refusal as a *StatusError. Other messages read meanwhile are dropped,
// except that snapshots and events still move Last.
func (s *Stream) Cast(poll string, b daihoi.BallotRequest) (daihoi.Receipt, error) {
	var rc daihoi.Receipt
	ref := uuid.NewString()
	req, err := json.Marshal(daihoi.SocketRequest{Type: "cast", Ref: ref, Poll: poll, Ballot: b})
	if err != nil {
		return rc, err
	}
	if err := s.Send(req); err != nil {
		return rc, err
	}
	for {
		m, err := s.Next()
		if err != nil {
			return rc, err
		}
		if m.Ref != ref {
			continue
		}
		if m.Error != nil {
			return rc, &StatusError{Status: m.Status, Err: &daihoi.Error{Code: m.Error.Code, Vi: m.Error.Message, En: m.Error.MessageEn}}
		}
		return rc, json.Unmarshal(m.Data, &rc)
	}
}

// Send writes raw bytes on the stream as one text message.
func (s *Stream) Send(data []byte) error {
	s.mu.Lock()
	ws := s.ws
	s.mu.Unlock()
	return ws.WriteMessage(websocket.TextMessage, data)
}

// Reconnect drops the connection and resumes after Last.
func (s *Stream) Reconnect(ctx context.Context) error {
	s.Close()
	return s.dial(ctx, true)
}

// Close drops the connection.
func (s *Stream) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ws == nil {
		return nil
	}
	return s.ws.Close()
}

// SetReadDeadline bounds the next reads.
func (s *Stream) SetReadDeadline(t time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ws.SetReadDeadline(t)
}

// Resume reconnects the stream after Last as a screen does once its connection is lost: it waits
// as b says before each try, and tries until it is connected or ctx ends.
func (s *Stream) Resume(ctx context.Context, b *Backoff) error {
	s.Close()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(b.Next()):
		}
		// A socket not open within four seconds is given up and tried again, as app.js does.
		try, cancel := context.WithTimeout(ctx, 4*time.Second)
		err := s.dial(try, true)
		cancel()
		if err == nil {
			b.Reset()
			return nil
		}
		if st := Status(err); st != 0 && st < 500 && st != http.StatusTooManyRequests {
			return err // signed out, say: retrying changes nothing
		}
	}
}
