//go:build linux

package server

import (
	"io"
	"net"
	"os"
	"syscall"
	"unsafe"
)

// socketWriter writes to a screen's socket with write(2) as a raw system call: the goroutine keeps
// its processor for the call, as it keeps it for any short piece of work. The socket does not
// block (a full socket answers EAGAIN, and the runtime's poller then waits for room as for any
// write), so the call only takes the kernel's time to send; but on loopback that is 15–30 µs, long
// enough for the runtime's monitor to take the processor away as from a blocked call, start
// another thread to run it, and make the writer wait for a processor again when the call returns —
// at each of ten thousand writes of a broadcast. Without a socket underneath (TLS, a test's pipe)
// the writes go through the connection.
func socketWriter(nc net.Conn) io.Writer {
	if sc, ok := nc.(syscall.Conn); ok {
		if rc, err := sc.SyscallConn(); err == nil {
			return rawSocket{rc}
		}
	}
	return nc
}

type rawSocket struct{ rc syscall.RawConn }

func (s rawSocket) Write(b []byte) (int, error) {
	n := 0
	var werr error
	err := s.rc.Write(func(fd uintptr) bool {
		for n < len(b) {
			r, _, errno := syscall.RawSyscall(syscall.SYS_WRITE, fd, uintptr(unsafe.Pointer(&b[n])), uintptr(len(b)-n))
			switch errno {
			case 0:
				n += int(r)
			case syscall.EINTR:
			case syscall.EAGAIN:
				return false // the poller waits for room, then calls again
			default:
				werr = errno
				return true
			}
		}
		return true
	})
	if err != nil {
		return n, err // the connection's own error: closed, say
	}
	if werr != nil {
		return n, &net.OpError{Op: "write", Net: "tcp", Err: os.NewSyscallError("write", werr)}
	}
	return n, nil
}
