//go:build linux && !race

package hub

import (
	"syscall"
	"unsafe"
)

// sysWrite is write(2) as a raw system call: the runtime is not told, and the goroutine keeps its
// processor. p is not empty.
func sysWrite(fd uintptr, p []byte) (int, syscall.Errno) {
	r, _, errno := syscall.RawSyscall(syscall.SYS_WRITE, fd, uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)))
	return int(r), errno
}
