//go:build linux

package loadgen

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

// RawScreens says whether the screens are read with epoll (readScreens), as on Linux; only then
// is the floor (Config.Floor) measured.
const RawScreens = true

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
	var sets []*epollSet
	stop = func() {
		for _, set := range sets {
			set.stop()
		}
	}
	k := min(pollersWanted(), max(len(raw), 1))
	for w := 0; w < k; w++ {
		set, err := newEpollSet()
		if err != nil {
			stop()
			return nil, err
		}
		sets = append(sets, set)
		mine := map[int32]*screen{} // this set's screens, by socket
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
			mine[int32(fd)] = s
			if err := set.add(fd); err != nil {
				stop()
				return nil, err
			}
		}
		set.start(func(fd int32, data []byte, now time.Time) bool {
			s := mine[fd]
			if s == nil {
				return false
			}
			if data == nil {
				delete(mine, fd)
				s.ended()
				return false
			}
			s.bytes.Add(int64(len(data)))
			if len(s.pending) > 0 {
				s.pending = append(s.pending, data...)
				data = s.pending
			}
			rest, err := s.frames(data, now)
			if err != nil {
				delete(mine, fd)
				s.ended()
				return false
			}
			s.pending = append(s.pending[:0], rest...)
			return true
		})
	}
	return stop, nil
}

// epollSet reads sockets taken out of Go's poller (takeSocket) with an epoll set of its own, from
// one goroutine: the bench's screens (readScreens) and the floor's connections (readSockets).
type epollSet struct {
	epfd    int
	stopped atomic.Bool
	done    chan struct{} // closed when the reading goroutine ends; nil before it starts
}

func newEpollSet() (*epollSet, error) {
	epfd, err := syscall.EpollCreate1(syscall.EPOLL_CLOEXEC)
	if err != nil {
		return nil, err
	}
	return &epollSet{epfd: epfd}, nil
}

func (e *epollSet) add(fd int) error {
	ev := syscall.EpollEvent{Events: syscall.EPOLLIN | syscall.EPOLLRDHUP, Fd: int32(fd)}
	return syscall.EpollCtl(e.epfd, syscall.EPOLL_CTL_ADD, fd, &ev)
}

// start reads every socket of the set as it becomes readable and gives got what it read, with the
// moment it was read (data is nil when the socket has ended). A socket for which got returns false
// leaves the set.
func (e *epollSet) start(got func(fd int32, data []byte, now time.Time) bool) {
	e.done = make(chan struct{})
	go func() {
		defer close(e.done)
		events := make([]syscall.EpollEvent, 256)
		buf := make([]byte, 256<<10)
		for !e.stopped.Load() {
			n, err := syscall.EpollWait(e.epfd, events, 100)
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
				var data []byte
				if k > 0 {
					data = buf[:k]
				}
				if !got(ev.Fd, data, time.Now()) || data == nil {
					syscall.EpollCtl(e.epfd, syscall.EPOLL_CTL_DEL, int(ev.Fd), nil)
				}
			}
		}
	}()
}

// stop ends the reading (within the wait's 100 ms) and closes the set; the sockets stay open.
func (e *epollSet) stop() {
	if e.done != nil {
		e.stopped.Store(true)
		<-e.done
	}
	syscall.Close(e.epfd)
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

// floorSockets reads the floor's connections with as many epoll sets as the screens get
// (readScreens), counting each socket's bytes: a socket has its message when the expected number
// of bytes has come.
type floorSockets struct {
	sets    []*epollSet
	index   map[int32]int // socket → connection
	out     []io.Writer   // each connection's socket, to write to
	closers []func()

	mu        sync.Mutex
	want      int         // bytes of the message awaited
	have      []int       // bytes each connection has received towards it
	at        []time.Time // when each connection's message was whole
	remaining int         // connections still waiting, of the first `awaited`
	awaited   int
	whole     chan struct{} // closed when remaining reaches 0
}

func readSockets(conns []net.Conn) (*floorSockets, error) {
	fs := &floorSockets{index: map[int32]int{}, have: make([]int, len(conns)), at: make([]time.Time, len(conns))}
	for range min(pollersWanted(), max(len(conns), 1)) {
		set, err := newEpollSet()
		if err != nil {
			fs.close()
			return nil, err
		}
		fs.sets = append(fs.sets, set)
	}
	for i, c := range conns {
		fd, err := takeSocket(c)
		if err != nil {
			fs.close()
			return nil, err
		}
		fs.index[int32(fd)] = i
		fs.out = append(fs.out, fdWriter(fd))
		fs.closers = append(fs.closers, func() { syscall.Close(fd) })
		if err := fs.sets[i%len(fs.sets)].add(fd); err != nil {
			fs.close()
			return nil, err
		}
	}
	for _, set := range fs.sets {
		set.start(fs.got)
	}
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

// got counts what a connection received towards the awaited message.
func (fs *floorSockets) got(fd int32, data []byte, now time.Time) bool {
	if data == nil {
		return false
	}
	i := fs.index[fd]
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.have[i] += len(data)
	if i < fs.awaited && fs.at[i].IsZero() && fs.have[i] >= fs.want {
		fs.at[i] = now
		if fs.remaining--; fs.remaining == 0 {
			close(fs.whole)
		}
	}
	return true
}

func (fs *floorSockets) close() {
	for _, set := range fs.sets {
		set.stop()
	}
	for _, c := range fs.closers {
		c()
	}
}

// syncData flushes a file's data as bbolt does on Linux.
func syncData(f *os.File) error { return syscall.Fdatasync(int(f.Fd())) }
