//go:build unix

package loadgen

import (
	"syscall"
	"time"
)

// raiseFileLimit lifts the soft open-file limit to the hard one: every screen is a socket, on
// the bench's side and on the server's (which inherits the limit).
func raiseFileLimit() uint64 {
	var l syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l) != nil {
		return 0
	}
	l.Cur = l.Max
	syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l)
	syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l)
	return uint64(l.Cur) // int64 on some systems (FreeBSD)
}

// selfCPU is the CPU time, user and kernel, the load generator has used so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
