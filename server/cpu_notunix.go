//go:build !unix

package server

import "time"

// ProcessCPU is not measured on this system.
func ProcessCPU() (user, sys time.Duration) { return 0, 0 }
