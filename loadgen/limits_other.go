//go:build !unix

package loadgen

import "time"

// raiseFileLimit is not needed where there is no per-process open-file limit to raise; the bench
// reports 0 and checks nothing.
func raiseFileLimit() uint64 { return 0 }

// selfCPU is not measured on this system.
func selfCPU() time.Duration { return 0 }
