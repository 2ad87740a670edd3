//go:build linux

package hub

import (
	"io"
	"net"
	"os"
	"sync"
	"syscall"
)

// SocketWriter writes to a connection's socket with write(2) made as a raw system call (see
// sysWrite): the goroutine keeps its processor for the call, as it keeps it for any short piece of
// work. The socket does not block (a full socket answers EAGAIN, and the runtime's poller then
// waits for room as for any write, until the socket is closed), so the call only takes the kernel's
// time to send; but on loopback that is 15–30 µs, long enough for the runtime's monitor to take the
// processor away as from a blocked call, start another thread to run it, and make the writer wait
// for a processor again when the call returns — at many of the ten thousand writes of a broadcast.
// Without a socket underneath (TLS, a test's pipe) the writes go through the connection.
func SocketWriter(nc net.Conn) io.Writer {
	sc, ok := nc.(syscall.Conn)
	if !ok {
		return nc
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return nc
	}
	s := &rawSocket{nc: nc, rc: rc}
	s.writeSome = s.writeRest
	return s
}

// rawSocket is a socket written by SocketWriter. The write in progress is kept here, and the
// function the poller calls is bound once: a closure made for each write would be allocated at
// each write.
type rawSocket struct {
	nc        net.Conn
	rc        syscall.RawConn
	writeSome func(fd uintptr) bool // writeRest

	mu  sync.Mutex // one Write at a time (the hub's callers hold the screen's write lock anyway)
	b   []byte     // what is being written,
	n   int        // how much of it is written,
	err error      // and the kernel's refusal
}

func (s *rawSocket) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b, s.n, s.err = b, 0, nil
	err := s.rc.Write(s.writeSome)
	n := s.n
	s.b = nil
	if err != nil {
		return n, err // the connection's own error: closed, say
	}
	if s.err != nil {
		return n, &net.OpError{Op: "write", Net: s.nc.LocalAddr().Network(), Source: s.nc.LocalAddr(), Addr: s.nc.RemoteAddr(), Err: s.err}
	}
	return n, nil
}

// writeRest writes what is left of s.b, and reports false when the socket is full: the poller
// waits for room, then calls it again.
func (s *rawSocket) writeRest(fd uintptr) bool {
	for s.n < len(s.b) {
		r, errno := sysWrite(fd, s.b[s.n:])
		switch {
		case errno == syscall.EINTR:
		case errno == syscall.EAGAIN:
			return false
		case errno != 0:
			s.err = os.NewSyscallError("write", errno)
			return true
		case r <= 0:
			s.err = io.ErrShortWrite // not from a socket; never loop on it
			return true
		default:
			s.n += r
		}
	}
	return true
}
