// Package client speaks daihoi's HTTP API and event stream. Tests, the command-line tools and the
// load generator use it; it knows the root package's types and nothing of the server.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/daihoi/daihoi"
)

// Client is one signed-in screen: it keeps its session cookie.
type Client struct {
	BaseURL string
	HTTP    *http.Client
}

// New returns a client of the server at base ("http://127.0.0.1:8080").
func New(base string) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{BaseURL: strings.TrimRight(base, "/"), HTTP: &http.Client{Jar: jar, Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// Cookie is the Cookie header this client sends to its server (its session), for a websocket
// dialled with another library; "" when it has none.
func (c *Client) Cookie() string {
	if c.HTTP.Jar == nil {
		return ""
	}
	req, _ := http.NewRequest("GET", c.BaseURL, nil)
	for _, ck := range c.HTTP.Jar.Cookies(req.URL) {
		req.AddCookie(ck)
	}
	return req.Header.Get("Cookie")
}

// Do sends in as JSON (nil sends no body) and decodes the answer into out (nil discards it). An
// error answer comes back as a *daihoi.Error with the server's code and messages.
func (c *Client) Do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode >= 400 {
		var eb daihoi.ErrorBody
		if json.Unmarshal(data, &eb) == nil && eb.Code != "" {
			return &StatusError{Status: resp.StatusCode, Err: &daihoi.Error{Code: eb.Code, Vi: eb.Message, En: eb.MessageEn}}
		}
		return &StatusError{Status: resp.StatusCode, Err: fmt.Errorf("%s %s: %s", method, path, resp.Status)}
	}
	if out == nil {
		return nil
	}
	if raw, ok := out.(*[]byte); ok {
		*raw = data
		return nil
	}
	return json.Unmarshal(data, out)
}

// StatusError is an error answer with its HTTP status.
type StatusError struct {
	Status int
	Err    error
}

func (e *StatusError) Error() string { return fmt.Sprintf("%d: %v", e.Status, e.Err) }
func (e *StatusError) Unwrap() error { return e.Err }

// Status returns the HTTP status of an error answer, or 0.
func Status(err error) int {
	if se, ok := err.(*StatusError); ok {
		return se.Status
	}
	return 0
}

// Login signs an operator in.
func (c *Client) Login(ctx context.Context, name, password string) (daihoi.Session, error) {
	var s daihoi.Session
	err := c.Do(ctx, "POST", "/api/login", map[string]string{"name": name, "password": password}, &s)
	return s, err
}

// SignInCard opens the link on a delegate's card, as the tablet does.
func (c *Client) SignInCard(ctx context.Context, code string) error {
	req, err := http.NewRequestWithContext(ctx, "GET", c.BaseURL+"/d/"+url.PathEscape(code), nil)
	if err != nil {
		return err
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return err
	}
	// Read the redirect's short body to its end, so the connection stays open for the ballots.
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return &StatusError{Status: resp.StatusCode, Err: fmt.Errorf("sign in with card: %s", resp.Status)}
	}
	return nil
}

// State returns the snapshot the signed-in role may see.
func (c *Client) State(ctx context.Context) (daihoi.Snapshot, error) {
	var s daihoi.Snapshot
	err := c.Do(ctx, "GET", "/api/state", nil, &s)
	return s, err
}

// Post is a POST with a JSON body and answer.
func (c *Client) Post(ctx context.Context, path string, in, out any) error {
	return c.Do(ctx, "POST", path, in, out)
}

// Get is a GET with a JSON answer.
func (c *Client) Get(ctx context.Context, path string, out any) error {
	return c.Do(ctx, "GET", path, nil, out)
}

// CheckIn marks a delegate present by the code on their card.
func (c *Client) CheckIn(ctx context.Context, code string) (daihoi.Delegate, error) {
	var d daihoi.Delegate
	err := c.Post(ctx, "/api/checkin", daihoi.CheckInRequest{Code: code}, &d)
	return d, err
}

// AgendaNext opens the next item. Leaving an item with a vote never held or speakers waiting is
// refused until confirmed (AgendaNextAnyway).
func (c *Client) AgendaNext(ctx context.Context) ([]daihoi.AgendaItem, error) {
	var a []daihoi.AgendaItem
	err := c.Post(ctx, "/api/agenda/next", nil, &a)
	return a, err
}

// AgendaNextAnyway opens the next item, confirming that the item left may keep a vote never held or
// speakers waiting (a vote still open is refused all the same).
func (c *Client) AgendaNextAnyway(ctx context.Context) ([]daihoi.AgendaItem, error) {
	var a []daihoi.AgendaItem
	err := c.Post(ctx, "/api/agenda/next", daihoi.ItemRef{Confirm: true}, &a)
	return a, err
}

// CreatePoll creates a draft poll.
func (c *Client) CreatePoll(ctx context.Context, in daihoi.PollRequest) (daihoi.Poll, error) {
	var p daihoi.Poll
	err := c.Post(ctx, "/api/polls", in, &p)
	return p, err
}

// PollAction is open, close, confirm or publish.
func (c *Client) PollAction(ctx context.Context, poll, action string) (daihoi.PollView, error) {
	var v daihoi.PollView
	err := c.Post(ctx, "/api/polls/"+poll+"/"+action, nil, &v)
	return v, err
}

// NewBallotID makes the id a tablet gives its ballot, kept for retries.
func NewBallotID() string { return uuid.NewString() }

// Cast sends a ballot and returns its receipt, once the ballot is on disk.
func (c *Client) Cast(ctx context.Context, poll string, b daihoi.BallotRequest) (daihoi.Receipt, error) {
	var r daihoi.Receipt
	err := c.Post(ctx, "/api/polls/"+poll+"/ballots", b, &r)
	return r, err
}

// Record downloads a closed poll as a daihoi/poll-v1 record.
func (c *Client) Record(ctx context.Context, poll string) ([]byte, error) {
	var b []byte
	err := c.Do(ctx, "GET", "/api/polls/"+poll+"/record", nil, &b)
	return b, err
}

// Backoff spaces a client's retries after a lost connection: each wait doubles from Base up to
// Max, and is drawn at random between half and one and a half times that, so that a hall of
// tablets and screens that lost the server at the same moment does not come back at the same
// moment (the screens' app.js waits the same way).
type Backoff struct {
	Base, Max time.Duration
	n         int
}

// NewBackoff is the tablets' and screens' backoff: 250 ms doubling up to 2 s. After a long outage
// the hall's sockets then try every one to three seconds, and are back within three seconds of
// the server.
func NewBackoff() *Backoff { return &Backoff{Base: 250 * time.Millisecond, Max: 2 * time.Second} }

// Next returns the next wait.
func (b *Backoff) Next() time.Duration {
	d := b.Base << min(b.n, 20)
	if d > b.Max || d <= 0 {
		d = b.Max
	} else {
		b.n++
	}
	return d/2 + rand.N(d)
}

// Reset starts the waits again from Base, once a connection is back.
func (b *Backoff) Reset() { b.n = 0 }

// Transient says whether a failed request is worth retrying as it is: no answer came (the server
// is down or restarting), or the server's own failure, a timeout or "too many requests".
func Transient(err error) bool {
	st := Status(err)
	return err != nil && (st == 0 || st >= 500 || st == http.StatusRequestTimeout || st == http.StatusTooManyRequests)
}

// CastRetrying sends a ballot as a tablet does until the server answers it: the same ballot with
// the same id after each failure that is Transient, waiting as b says. A ballot the server wrote
// before a restart, whose answer was lost, is then answered daihoi.ErrVoted: the restarted server
// knows the delegate has voted, not the receipt. It gives up when ctx ends.
func (c *Client) CastRetrying(ctx context.Context, poll string, ballot daihoi.BallotRequest, b *Backoff) (daihoi.Receipt, error) {
	for {
		try, cancel := context.WithTimeout(ctx, 10*time.Second)
		rc, err := c.Cast(try, poll, ballot)
		cancel()
		if !Transient(err) {
			return rc, err
		}
		select {
		case <-ctx.Done():
			return rc, err
		case <-time.After(b.Next()):
		}
	}
}
