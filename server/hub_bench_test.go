package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/daihoi/daihoi"
)

// hubOnSockets is a hub whose screens are real websockets on loopback: a test HTTP server upgrades
// each one, as serveWS does, without a congress behind it.
type hubOnSockets struct {
	h     *hub
	srv   *httptest.Server
	mu    sync.Mutex
	conns []*conn // the server's side of each screen, in the order they connected
}

func newHubOnSockets() *hubOnSockets { return newHubHandling(func(*conn, *bytes.Buffer) {}, nil) }

// newHubHandling is newHubOnSockets whose screens' requests go to handle, and whose hub logs to log.
func newHubHandling(handle requestHandler, log *slog.Logger) *hubOnSockets {
	hs := &hubOnSockets{h: newHub(nil, turnoutTick)}
	hs.h.log = log
	hs.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := screenUpgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		if n, _ := strconv.Atoi(r.URL.Query().Get("sndbuf")); n > 0 {
			ws.NetConn().(*net.TCPConn).SetWriteBuffer(n) // the kernel holds little for this screen
		}
		c := &conn{ws: ws, nc: ws.NetConn(), out: SocketWriter(ws.NetConn()), framing: framingOf(&screenUpgrader, r), role: daihoi.HallDisplay, lastPing: time.Now()}
		hs.mu.Lock()
		hs.conns = append(hs.conns, c)
		hs.mu.Unlock()
		hs.h.add(c)
		go c.readPump(hs.h, handle)
	}))
	return hs
}

func (hs *hubOnSockets) close() {
	hs.h.close()
	hs.srv.CloseClientConnections()
	hs.srv.Close()
}

// dial connects a screen; it is in the hub when dial returns. query is added to the address.
func (hs *hubOnSockets) dial(tb testing.TB, d *websocket.Dialer, query string) *websocket.Conn {
	before := hs.h.count()
	ws, _, err := d.Dial("ws"+strings.TrimPrefix(hs.srv.URL, "http")+"/?"+query, nil)
	if err != nil {
		tb.Fatal(err)
	}
	for hs.h.count() == before {
		time.Sleep(time.Millisecond)
	}
	return ws
}

func agendaEvent(seq uint64, size int) daihoi.Event {
	data, _ := json.Marshal(strings.Repeat("x", size))
	return daihoi.Event{Seq: seq, Type: daihoi.EvAgenda, At: time.Now(), Data: data}
}

// BenchmarkBroadcast measures one event (4 KB, an agenda) sent to every screen of a hall over real
// websockets on loopback, until the last screen has read it. The screens' reading shares the
// machine, as in `daihoi bench`. The compressed hall's screens ask for compression, as browsers do
// (and decompress what they read, in this process).
func BenchmarkBroadcast(b *testing.B) {
	for _, hall := range []struct {
		n        int
		compress bool
	}{{1000, false}, {5000, false}, {1000, true}} { // a screen is two sockets here: 5,000 fit the usual 20,000 files
		n := hall.n
		dialer := &websocket.Dialer{EnableCompression: hall.compress}
		// The hall is set up once: the function given to b.Run runs several times.
		hs := newHubOnSockets()
		var got sync.WaitGroup
		for i := 0; i < n; i++ {
			ws := hs.dial(b, dialer, "")
			go func() { // reads as a screen does, without keeping what it reads
				defer ws.Close()
				for {
					_, r, err := ws.NextReader()
					if err == nil {
						_, err = io.Copy(io.Discard, r)
					}
					if err != nil {
						return
					}
					got.Done()
				}
			}()
		}
		seq := uint64(0)
		name := fmt.Sprintf("screens=%d", n)
		if hall.compress {
			name += ",compressed"
		}
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				seq++
				got.Add(n)
				hs.h.publish([]daihoi.Event{agendaEvent(seq, 4000)})
				got.Wait()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/screen")
		})
		hs.close()
	}
}

// BenchmarkEncodeEvent measures encoding one event into its websocket frame (prepare), once for
// every screen.
func BenchmarkEncodeEvent(b *testing.B) {
	agenda, _ := json.Marshal(make([]daihoi.AgendaItem, 20))
	e := daihoi.Event{Seq: 1, Type: daihoi.EvAgenda, At: time.Now(), Data: agenda}
	for i := 0; i < b.N; i++ {
		if prepare(daihoi.Message{Type: "event", Seq: e.Seq, Event: &e}) == nil {
			b.Fatal("the event did not encode")
		}
	}
}
