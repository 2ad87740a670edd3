//go:build linux && race

package hub

import "syscall"

// sysWrite is the ordinary write(2) under the race detector, which a raw system call would not tell
// that the kernel reads p (and that the write orders memory, as I/O does for it): the rest of
// SocketWriter's path is tested as it runs.
func sysWrite(fd uintptr, p []byte) (int, syscall.Errno) {
	n, err := syscall.Write(int(fd), p)
	if errno, ok := err.(syscall.Errno); ok {
		return n, errno
	} else if err != nil {
		return n, syscall.EIO // syscall.Write fails with an Errno; never with anything else
	}
	return n, 0
}
