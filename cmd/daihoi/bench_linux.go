//go:build linux

package main

import (
	"errors"
	"io"
	"net"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
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
		// stop waits for the pollers already running; this one is not yet.
		fail := func(err error) (func(), error) {
			syscall.Close(p.epfd)
			stop()
			return nil, err
		}
		for i := w; i < len(raw); i += k {
			s := raw[i]
			fd, err := takeSocket(s.raw)
			if err != nil {
				return fail(err)
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
				return fail(err)
			}
		}
		pollers = append(pollers, p)
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

// floorSockets reads the floor's connections with one epoll set, counting each socket's bytes:
// a socket has its message when the expected number of bytes has come.
type floorSockets struct {
	epfd    int
	index   map[int32]int // socket → connection
	out     []io.Writer   // each connection's socket, to write to
	closers []func()
	stopped atomic.Bool
	done    chan struct{} // closed when the poller stops; nil before it starts

	mu        sync.Mutex
	want      int         // bytes of the message awaited
	have      []int       // bytes each connection has received towards it
	at        []time.Time // when each connection's message was whole
	remaining int         // connections still waiting, of the first `awaited`
	awaited   int
	whole     chan struct{} // closed when remaining reaches 0
}

func readSockets(conns []net.Conn) (*floorSockets, error) {
	epfd, err := syscall.EpollCreate1(syscall.EPOLL_CLOEXEC)
	if err != nil {
		return nil, err
	}
	fs := &floorSockets{epfd: epfd, index: map[int32]int{}, have: make([]int, len(conns)), at: make([]time.Time, len(conns))}
	for i, c := range conns {
		fd, err := takeSocket(c)
		if err != nil {
			fs.close()
			return nil, err
		}
		fs.index[int32(fd)] = i
		fs.out = append(fs.out, fdWriter(fd))
		fs.closers = append(fs.closers, func() { syscall.Close(fd) })
		ev := syscall.EpollEvent{Events: syscall.EPOLLIN | syscall.EPOLLRDHUP, Fd: int32(fd)}
		if err := syscall.EpollCtl(epfd, syscall.EPOLL_CTL_ADD, fd, &ev); err != nil {
			fs.close()
			return nil, err
		}
	}
	fs.done = make(chan struct{})
	go fs.run()
	return fs, nil
}

// expect awaits a message of size bytes on the first count connections.
func (fs *floorSockets) expect(size, count int) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.want, fs.awaited, fs.remaining, fs.whole = size, count, count, make(chan struct{})
	clear(fs.have)
	clear(fs.at)
	if count == 0 {
		close(fs.whole)
	}
}

// wait returns when each awaited connection's message arrived.
func (fs *floorSockets) wait(timeout time.Duration) ([]time.Time, error) {
	fs.mu.Lock()
	whole := fs.whole
	fs.mu.Unlock()
	select {
	case <-whole:
	case <-time.After(timeout):
		return nil, errors.New("not every connection heard back in time")
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return slices.Clone(fs.at[:fs.awaited]), nil
}

func (fs *floorSockets) run() {
	defer close(fs.done)
	events := make([]syscall.EpollEvent, 256)
	buf := make([]byte, 256<<10)
	for !fs.stopped.Load() {
		n, err := syscall.EpollWait(fs.epfd, events, 100)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return
		}
		for _, ev := range events[:n] {
			k, err := syscall.Read(int(ev.Fd), buf)
			if err == syscall.EAGAIN {
				continue
			}
			if k <= 0 {
				syscall.EpollCtl(fs.epfd, syscall.EPOLL_CTL_DEL, int(ev.Fd), nil)
				continue
			}
			now := time.Now()
			i := fs.index[ev.Fd]
			fs.mu.Lock()
			fs.have[i] += k
			if i < fs.awaited && fs.at[i].IsZero() && fs.have[i] >= fs.want {
				fs.at[i] = now
				if fs.remaining--; fs.remaining == 0 {
					close(fs.whole)
				}
			}
			fs.mu.Unlock()
		}
	}
}

func (fs *floorSockets) close() {
	if fs.done != nil {
		fs.stopped.Store(true)
		<-fs.done
	}
	syscall.Close(fs.epfd)
	for _, c := range fs.closers {
		c()
	}
}

// syncData flushes a file's data as bbolt does on Linux.
func syncData(f *os.File) error { return syscall.Fdatasync(int(f.Fd())) }
