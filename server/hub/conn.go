package hub

import (
	"encoding/json"
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"github.com/daihoi/daihoi"
)

// Screen is who is on a socket: what the server knows of it when it accepts it.
type Screen struct {
	Role     daihoi.Role
	Delegate string         // the delegate signed in on a tablet, "" for other roles
	Session  daihoi.Session // who signed in on this screen: a ballot on the socket is theirs
	Key      string         // the session's key: a ballot is taken only while the session lasts
	Addr     string         // the network address it came from (host, no port)
}

// Conn is one screen. Its events go out in order through its line (queue): whoever finds the line
// empty writes, and keeps writing until it is empty again. There is no writer goroutine per screen;
// a broadcast is written by a few workers (see flushAll).
type Conn struct {
	Screen
	ws       *websocket.Conn
	inFlight chan struct{}   // a delegate's request sent on the socket and not yet answered (cap 1)
	stop     <-chan struct{} // the hub's: closed when it stops

	wmu     sync.Mutex   // one write on the socket at a time: an event's, a ping's or an answer's
	writing atomic.Int64 // when the write in progress began (Unix ns), 0 between writes

	// The socket under the websocket, written to directly, and how the screen's events are framed
	// (see outgoing). Answers, pings and pongs go uncompressed to every screen (an uncompressed
	// message is allowed where compression was agreed).
	nc      net.Conn
	out     io.Writer // nc, written with a raw system call where it can be (SocketWriter)
	framing framing

	qmu      sync.Mutex
	replies  [][]byte    // answers to the socket's ballots, as frames, ahead of the events
	queue    []*outgoing // events waiting, in order
	spare    []*outgoing // the line's other buffer, reused
	flushing bool        // someone is writing the line: a new event waits in it
	closed   atomic.Bool // dropped: nothing more goes out but the goodbye
	lastPing time.Time   // h.mu
}

// enqueue puts a message in the screen's line. first is true when nobody is writing the line: the
// caller must then call flush. ok is false when the screen is too far behind and must be dropped.
func (c *Conn) enqueue(pm *outgoing) (first, ok bool) {
	c.qmu.Lock()
	defer c.qmu.Unlock()
	if c.closed.Load() {
		return false, true
	}
	if len(c.queue) >= sendBuffer {
		return false, false
	}
	c.queue = append(c.queue, pm)
	if c.flushing {
		return false, true
	}
	c.flushing = true
	return true, true
}

// AnswerFirst puts the answer to a request sent on the socket ahead of the events in the screen's
// line (behind earlier answers): a receipt does not wait behind events. first is as for enqueue.
func (c *Conn) AnswerFirst(b []byte) (first bool) {
	c.qmu.Lock()
	defer c.qmu.Unlock()
	if c.closed.Load() {
		return false
	}
	c.replies = append(c.replies, b)
	if c.flushing {
		return false
	}
	c.flushing = true
	return true
}

// flush writes the line until it is empty. Only the caller that enqueue told "first" runs it, so
// a screen's messages go out one at a time and in order. A failed write closes the socket: the
// reader then removes the screen, and the screen reconnects.
func (c *Conn) flush() {
	for {
		c.qmu.Lock()
		batch, replies := c.queue, c.replies
		c.replies = nil
		if (len(batch) == 0 && len(replies) == 0) || c.closed.Load() {
			c.flushing = false
			if cap(c.queue) == 0 { // the next message goes into the buffer just written
				c.queue, c.spare = c.spare, nil
			}
			c.qmu.Unlock()
			return
		}
		c.queue, c.spare = c.spare[:0], nil
		c.qmu.Unlock()
		for _, reply := range replies {
			if err := c.write(func() error { _, err := c.out.Write(reply); return err }); err != nil {
				c.fail(err)
				return
			}
		}
		for i, pm := range batch {
			if c.closed.Load() {
				break // dropped meanwhile: the rest is not sent
			}
			if err := c.write(func() error {
				return pm.writeTo(c)
			}); err != nil {
				c.fail(err)
				return
			}
			batch[i] = nil
		}
		c.qmu.Lock()
		c.spare = batch[:0]
		c.qmu.Unlock()
	}
}

// fail ends the screen after a write failed: the socket is closed (the reader then removes the
// screen, and the screen reconnects), unless the write was refused because the line is shut, when
// the goodbye closes it.
func (c *Conn) fail(err error) {
	if err != errShut {
		c.ws.Close()
	}
	c.shut()
}

// errShut is a write refused because the screen's line is shut: nothing goes out after the goodbye.
var errShut = errors.New("the screen's line is shut")

// A closeReason is the code and text of the close frame a screen is sent when its line is shut.
type closeReason struct {
	code int
	text string
}

var (
	// byeResync asks the screen to reconnect and resynchronise (it fell behind, the server stops).
	byeResync = closeReason{websocket.CloseGoingAway, "resync"}
	// byeReplaced tells a screen that a newer one of the same sign-in took its place; the page
	// says so and does not reconnect by itself (two screens would take turns closing each other).
	byeReplaced = closeReason{CloseReplaced, "replaced"}
	// byeTooBig answers a request larger than maxRequest once inflated.
	byeTooBig = closeReason{websocket.CloseMessageTooBig, "request too large"}
)

// CloseReplaced is the close code of a socket closed because its sign-in opened a newer one beyond
// the limit (daihoi.Sockets): a private code, in the range RFC 6455 leaves to applications.
const CloseReplaced = 4001

// shut stops the screen's line and says goodbye. A write in progress ends first (the goodbye gives
// it at most a second, then it fails); nothing is written after the goodbye.
func (c *Conn) shut() { c.shutWith(byeResync) }

// shutWith is shut with the goodbye's reason.
func (c *Conn) shutWith(bye closeReason) {
	c.qmu.Lock()
	if c.closed.Load() {
		c.qmu.Unlock()
		return
	}
	c.closed.Store(true)
	c.queue = nil
	c.qmu.Unlock()
	go c.goodbye(bye)
}

// goodbye tells the screen why it is closed (by default: reconnect and resynchronise), and closes
// the socket. The deadline ends within a second a write in progress that is stuck; the close frame
// goes out under the write lock, after any write in progress and before none (write refuses once
// the line is shut).
func (c *Conn) goodbye(bye closeReason) {
	deadline := time.Now().Add(time.Second)
	c.nc.SetWriteDeadline(deadline)
	c.wmu.Lock()
	c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(bye.code, bye.text), deadline)
	c.wmu.Unlock()
	c.ws.Close()
}

// write runs one write to the socket under c.wmu. It has writeWait to finish: the hub's sweep
// closes the socket of a screen whose write takes longer (its socket stays full), and the write
// then fails. The sweep, once a second, replaces a write deadline, which would re-arm a timer of
// the runtime for every screen at every broadcast.
func (c *Conn) write(fn func() error) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if c.closed.Load() {
		return errShut
	}
	c.writing.Store(time.Now().UnixNano())
	defer c.writing.Store(0)
	return fn()
}

// Reply answers a request at once, from the goroutine that handled it (a refused request; a
// ballot's receipt is put in the line by answerLoop): behind the answers before it, ahead of the
// events. A failed write closes the socket, and the screen reconnects.
func (c *Conn) Reply(m daihoi.Message) {
	if b, err := json.Marshal(m); err == nil {
		c.answerNow(TextFrame(b))
	}
}

// answerNow puts a frame ahead of the events in the line, and writes the line if nobody is.
func (c *Conn) answerNow(frame []byte) {
	if c.AnswerFirst(frame) {
		c.flush()
	}
}

// NextRequest waits until the socket's request before (if any) is answered, so that a tablet's
// requests are answered in order: one at a time is in flight. It is false when the hub stops.
// Only a delegate's socket takes requests one at a time; others do not wait.
func (c *Conn) NextRequest() bool {
	if c.inFlight == nil {
		return true
	}
	select {
	case c.inFlight <- struct{}{}:
		return true
	case <-c.stop:
		return false
	}
}

// Answered lets the socket's next request go: the one in flight has its answer.
func (c *Conn) Answered() {
	if c.inFlight != nil {
		<-c.inFlight
	}
}

// Close closes the socket: its reader ends and the screen is dropped (it reconnects).
func (c *Conn) Close() { c.ws.Close() }
