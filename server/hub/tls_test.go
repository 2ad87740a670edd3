package hub

import (
	"crypto/tls"
	"io"
	"net"
	"testing"
)

// Over HTTPS the screen's connection is a *tls.Conn over the TCP socket: the hub's frames must go
// through it (the records are encrypted there), never with write(2) on the socket underneath.
func TestSocketWriterWritesThroughTLS(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		if c, err := ln.Accept(); err == nil {
			defer c.Close()
			io.Copy(io.Discard, c)
		}
	}()
	raw, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	tc := tls.Client(raw, &tls.Config{InsecureSkipVerify: true}) // never handshaken: only its type counts here
	if w := SocketWriter(tc); w != io.Writer(tc) {
		t.Fatalf("a TLS connection is written with %T, want the *tls.Conn", w)
	}
}
