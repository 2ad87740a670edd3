//go:build linux

package hub

import (
	"bytes"
	"errors"
	"io"
	"net"
	"testing"
	"time"
)

// tcpPair is a connected pair of loopback TCP sockets.
func tcpPair(t *testing.T) (a, b net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, _ := ln.Accept()
		accepted <- c
	}()
	a, err = net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	b = <-accepted
	if b == nil {
		t.Fatal("accept failed")
	}
	t.Cleanup(func() { a.Close(); b.Close() })
	return a, b
}

// A message larger than the socket takes at once is written whole: the writer waits for room
// (EAGAIN, then the runtime's poller) and goes on where it stopped.
func TestRawSocketWritesAMessageLargerThanTheSocket(t *testing.T) {
	a, b := tcpPair(t)
	w := SocketWriter(a)
	if _, ok := w.(*rawSocket); !ok {
		t.Fatalf("a TCP socket is written with %T, want *rawSocket", w)
	}
	msg := make([]byte, 16<<20)
	for i := range msg {
		msg[i] = byte(i * 7)
	}
	got := make(chan []byte, 1)
	go func() {
		time.Sleep(50 * time.Millisecond) // the socket fills up before the reader starts
		buf, _ := io.ReadAll(io.LimitReader(b, int64(len(msg))))
		got <- buf
	}()
	n, err := w.Write(msg)
	if err != nil || n != len(msg) {
		t.Fatalf("Write = %d, %v; want %d, nil", n, err, len(msg))
	}
	if !bytes.Equal(<-got, msg) {
		t.Fatal("the reader got other bytes than were written")
	}
}

// A write waiting for room ends with an error when the socket is closed, as the hub's sweep
// closes the socket of a screen that takes nothing; a write after the close fails at once.
func TestRawSocketWriteEndsWhenTheSocketCloses(t *testing.T) {
	a, _ := tcpPair(t) // the peer never reads
	w := SocketWriter(a)
	done := make(chan error, 1)
	go func() {
		_, err := w.Write(make([]byte, 64<<20))
		done <- err
	}()
	time.Sleep(100 * time.Millisecond)
	a.Close()
	select {
	case err := <-done:
		if !errors.Is(err, net.ErrClosed) {
			t.Fatalf("the waiting write ended with %v, want net.ErrClosed", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the waiting write did not end when the socket closed")
	}
	if _, err := w.Write([]byte("x")); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("a write after the close = %v, want net.ErrClosed", err)
	}
}

// A write to a socket the peer has reset fails with the kernel's error.
func TestRawSocketWriteFailsWhenThePeerIsGone(t *testing.T) {
	a, b := tcpPair(t)
	b.(*net.TCPConn).SetLinger(0) // the close resets the connection
	b.Close()
	w := SocketWriter(a)
	var err error
	for i := 0; i < 100 && err == nil; i++ {
		_, err = w.Write([]byte("hello"))
		time.Sleep(10 * time.Millisecond)
	}
	var op *net.OpError
	if !errors.As(err, &op) || op.Op != "write" {
		t.Fatalf("writing to a reset connection: %v, want a write error", err)
	}
	// Once reset, the socket is broken for good (EPIPE): the write fails again, and the process,
	// which ignores SIGPIPE on sockets, goes on.
	if _, err := w.Write([]byte("again")); !errors.As(err, &op) || op.Op != "write" {
		t.Fatalf("writing again to a reset connection: %v, want a write error", err)
	}
}

// A write allocates nothing: ten thousand screens are written at every broadcast.
func TestRawSocketWriteDoesNotAllocate(t *testing.T) {
	a, b := tcpPair(t)
	go io.Copy(io.Discard, b)
	w := SocketWriter(a)
	msg := []byte("an event's frame")
	if allocs := testing.AllocsPerRun(100, func() { w.Write(msg) }); allocs != 0 {
		t.Errorf("a write allocates %v times, want 0", allocs)
	}
}

// A connection without a socket underneath is written through itself.
func TestSocketWriterWithoutASocket(t *testing.T) {
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	if w := SocketWriter(a); w != io.Writer(a) {
		t.Fatalf("a pipe is written with %T, want the pipe", w)
	}
}
