//go:build !linux

package server

// lowerThreadPriority does nothing here: only Linux gives a thread its own priority.
func lowerThreadPriority() {}
