package server

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/daihoi/daihoi"
)

// BenchmarkPublish measures one event encoded once and queued to 10,000 screens.
func BenchmarkPublish(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("screens=%d", n), func(b *testing.B) {
			h := newHub()
			defer h.close()
			done := make(chan struct{})
			defer close(done)
			for i := 0; i < n; i++ {
				c := &conn{send: make(chan *websocket.PreparedMessage, sendBuffer), role: daihoi.HallDisplay}
				h.add(c)
				go func() {
					for {
						select {
						case <-c.send:
						case <-done:
							return
						}
					}
				}()
			}
			agenda, _ := json.Marshal(make([]daihoi.AgendaItem, 20))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				h.publish([]daihoi.Event{{Seq: uint64(i + 1), Type: daihoi.EvAgenda, At: time.Now(), Data: agenda}})
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/screen")
		})
	}
}

// BenchmarkEncodeEvent measures encoding one event into a prepared websocket message.
func BenchmarkEncodeEvent(b *testing.B) {
	agenda, _ := json.Marshal(make([]daihoi.AgendaItem, 20))
	e := daihoi.Event{Seq: 1, Type: daihoi.EvAgenda, At: time.Now(), Data: agenda}
	for i := 0; i < b.N; i++ {
		m, _ := json.Marshal(daihoi.Message{Type: "event", Seq: e.Seq, Event: &e})
		if _, err := websocket.NewPreparedMessage(websocket.TextMessage, m); err != nil {
			b.Fatal(err)
		}
	}
}
