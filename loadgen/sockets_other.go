//go:build !linux

package loadgen

import (
	"errors"
	"io"
	"net"
	"os"
	"time"
)

// RawScreens is false: outside Linux every screen is read through gorilla/websocket, a goroutine
// each, and the floor is not measured.
const RawScreens = false

func readScreens(screens []*screen) (stop func(), err error) {
	readScreensGorilla(screens)
	return func() {}, nil
}

// stolenCPU is measured on Linux only.
func stolenCPU() time.Duration { return 0 }

// floorSockets: the floor (--floor) is measured on Linux only, where its sockets are read as the
// bench's are, with epoll.
type floorSockets struct{ out []io.Writer }

func readSockets([]net.Conn) (*floorSockets, error) {
	return nil, errors.New("--floor chỉ chạy trên Linux / --floor runs on Linux only")
}

func (*floorSockets) expect(size, count int)                  {}
func (*floorSockets) wait(time.Duration) ([]time.Time, error) { return nil, nil }
func (*floorSockets) close()                                  {}

// syncData flushes a file as bbolt does outside Linux.
func syncData(f *os.File) error { return f.Sync() }
