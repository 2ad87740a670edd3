package server_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/daihoi/daihoi/internal/testserver"
	"github.com/daihoi/daihoi/server"
	"github.com/daihoi/daihoi/store"
)

// A stick that hangs returns no error: the organiser and the presidium are told all the same once
// the copy has not finished in time, in both languages; when the stick answers again the copy is
// written and the status says so.
func TestAStickThatHangsIsShown(t *testing.T) {
	dir, usb := t.TempDir(), t.TempDir()
	openHall(t, dir, true).Stop() // a congress to back up
	release, restore := server.StallBackups(20 * time.Millisecond)
	defer restore()
	db, err := store.Open(dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	srv, err := server.New(db, server.Options{BackupDir: usb, Scratch: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	testserver.Eventually(t, "the stall shown", 10*time.Second, func() bool {
		st := srv.BackupStatus()
		return st != nil && !st.OK
	})
	st := srv.BackupStatus()
	if !strings.Contains(st.Vi, "ổ USB không phản hồi") || !strings.Contains(st.En, "the USB stick does not answer") || !strings.Contains(st.En, usb) {
		t.Errorf("the stall is shown as %+v", st)
	}
	release()
	testserver.Eventually(t, "the copy once the stick answers", 10*time.Second, func() bool {
		st := srv.BackupStatus()
		copies, _ := filepath.Glob(filepath.Join(usb, "daihoi-*.db"))
		return st != nil && st.OK && len(copies) == 1
	})
	if parts, _ := os.ReadDir(usb); len(parts) != 1 {
		t.Errorf("the backup folder holds %d files, want the one copy", len(parts))
	}
}
