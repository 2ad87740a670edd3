package server

import (
	"time"

	"github.com/daihoi/daihoi"
)

// StallBackups makes each copy wait, before it is written to the backup folder, until release is
// called, as a stick that hangs does, and tells of a stall after d; restore puts both back.
func StallBackups(d time.Duration) (release, restore func()) {
	ch := make(chan struct{})
	old := backupStalled
	backupStalled = d
	backupWriting = func() { <-ch }
	return func() { close(ch) }, func() { backupStalled, backupWriting = old, nil }
}

// BackupStatus is the status the organiser's and the presidium's screens are given.
func (s *Server) BackupStatus() *daihoi.BackupStatus { return s.backupStatus() }
