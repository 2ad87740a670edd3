//go:build linux

package server

import "syscall"

// lowerThreadPriority lowers the scheduling priority of the calling thread (Linux gives each
// thread its own nice value) to passwordNice, so that when the cores are busy a password check
// waits and the ballots do not. The caller has locked its goroutine to the thread.
func lowerThreadPriority() {
	syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), passwordNice)
}
