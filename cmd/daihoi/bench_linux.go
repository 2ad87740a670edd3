//go:build linux

package main

import (
	"net"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// rawScreens: on Linux the bench reads its screens with epoll (readScreens).
const rawScreens = true

// readScreens reads the screens' sockets with epoll, from a few goroutines (pollersWanted), each
// with an epoll set of its own and its share of the screens. The load generator shares the machine with
// the server it measures: a goroutine per screen would cost each message a wake-up of its
// goroutine and a second read that finds nothing, and every microsecond the bench spends is one
// the server does not get. A screen dialled through gorilla (--compress) keeps its goroutine.
func readScreens(screens []*screen) (stop func(), err error) {
	var raw, other []*screen
	for _, s := range screens {
		if s.raw != nil {
			raw = append(raw, s)
		} else {
			other = append(other, s)
		}
	}
	readScreensGorilla(other)
	var pollers []*poller
	stop = func() {
		for _, p := range pollers {
			p.stopped.Store(true)
		}
		for _, p := range pollers {
			<-p.done
			syscall.Close(p.epfd)
		}
	}
	k := min(pollersWanted(), max(len(raw), 1))
	for w := 0; w < k; w++ {
		p := &poller{screens: map[int32]*screen{}, buf: make([]byte, 256<<10), done: make(chan struct{})}
		if p.epfd, err = syscall.EpollCreate1(syscall.EPOLL_CLOEXEC); err != nil {
			stop()
			return nil, err
		}
		pollers = append(pollers, p)
		for i := w; i < len(raw); i += k {
			s := raw[i]
			fd, err := takeSocket(s.raw)
			if err != nil {
				stop()
				return nil, err
			}
			s.raw, s.out, s.closer = nil, fdWriter(fd), func() { syscall.Close(fd) }
			// What came with the handshake's answer first; then what the socket holds.
			if s.pending, err = s.frames(s.pending, time.Now()); err != nil {
				s.ended()
				continue
			}
			p.screens[int32(fd)] = s
			ev := syscall.EpollEvent{Events: syscall.EPOLLIN | syscall.EPOLLRDHUP, Fd: int32(fd)}
			if err := syscall.EpollCtl(p.epfd, syscall.EPOLL_CTL_ADD, fd, &ev); err != nil {
				stop()
				return nil, err
			}
		}
		go p.run()
	}
	return stop, nil
}

// poller reads its screens' sockets as epoll finds them readable.
type poller struct {
	epfd    int
	screens map[int32]*screen // by socket
	buf     []byte
	stopped atomic.Bool
	done    chan struct{}
}

func (p *poller) run() {
	defer close(p.done)
	events := make([]syscall.EpollEvent, 256)
	for !p.stopped.Load() {
		n, err := syscall.EpollWait(p.epfd, events, 100)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return
		}
		for _, ev := range events[:n] {
			s := p.screens[ev.Fd]
			if s == nil {
				continue
			}
			k, err := syscall.Read(int(ev.Fd), p.buf)
			if err == syscall.EAGAIN {
				continue
			}
			if k <= 0 {
				p.end(ev.Fd, s)
				continue
			}
			now := time.Now()
			s.bytes.Add(int64(k))
			data := p.buf[:k]
			if len(s.pending) > 0 {
				s.pending = append(s.pending, data...)
				data = s.pending
			}
			rest, err := s.frames(data, now)
			if err != nil {
				p.end(ev.Fd, s)
				continue
			}
			s.pending = append(s.pending[:0], rest...)
		}
	}
}

func (p *poller) end(fd int32, s *screen) {
	syscall.EpollCtl(p.epfd, syscall.EPOLL_CTL_DEL, int(fd), nil)
	delete(p.screens, fd)
	s.ended()
}

// takeSocket takes a TCP connection's socket away from Go's poller: it returns a duplicate of
// the descriptor and closes the connection, which removes it from the runtime's epoll. Left in
// both, every message would be announced to two epoll sets, and wake the runtime's poller too.
func takeSocket(c net.Conn) (int, error) {
	rc, err := c.(*net.TCPConn).SyscallConn()
	if err != nil {
		return 0, err
	}
	fd, derr := -1, error(nil)
	if err := rc.Control(func(s uintptr) { fd, derr = syscall.Dup(int(s)) }); err != nil {
		return 0, err
	}
	if derr != nil {
		return 0, derr
	}
	c.Close()
	return fd, nil
}

// fdWriter writes to a non-blocking socket, waiting out a full send buffer.
type fdWriter int

func (w fdWriter) Write(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		k, err := syscall.Write(int(w), p[n:])
		if err == syscall.EAGAIN || err == syscall.EINTR {
			time.Sleep(100 * time.Microsecond)
			continue
		}
		if err != nil {
			return n, err
		}
		n += k
	}
	return n, nil
}

// pollersWanted is one poller for every two processors: the server gets the other half. A poller
// that is busy reading does not need to be woken when the next message lands (in a virtual
// machine a wake-up costs the server's write an interrupt to another processor); on the 2-core
// machine one poller reads ten thousand screens in about a hundred milliseconds of CPU.
func pollersWanted() int { return max(1, runtime.GOMAXPROCS(0)/2) }

// stolenCPU is the CPU time the hypervisor has taken from this machine since it started, all
// processors together (zero if /proc/stat cannot be read).
func stolenCPU() time.Duration {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	return stolenIn(string(data))
}

// stolenIn reads the "steal" column of /proc/stat's first line, in ticks of 10 ms (USER_HZ, which
// is 100 on Linux).
func stolenIn(procStat string) time.Duration {
	line, _, _ := strings.Cut(procStat, "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return 0
	}
	ticks, _ := strconv.ParseInt(f[8], 10, 64)
	return time.Duration(ticks) * 10 * time.Millisecond
}
