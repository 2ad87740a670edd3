package server

// Backups to a second disk (serve --backup-dir, a USB stick): a consistent, compacted copy of the
// data file (store.DB.Backup, as the organiser's download) after every poll closes and every
// BackupEvery, written under a temporary name in the backup folder, flushed to the disk and renamed,
// named by its time; the newest KeepBackups are kept. Never while a poll takes ballots
// (State.BackupRefused): the copy waits for the close. A backup that fails (the stick pulled out,
// full, read-only) is logged and shown on the organiser's and the presidium's screens (an EvBackup
// event, and the snapshot's Backup); it never stops the congress.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/daihoi/daihoi"
)

// KeepBackups is how many copies the backup folder keeps; older ones are removed.
const KeepBackups = 20

// BackupEvery is how often a copy is written besides after each close.
const BackupEvery = 10 * time.Minute

// backupStalled is how long a copy may take before the organiser and the presidium are told that
// the backup folder does not answer: a stick that hangs, rather than failing, returns no error, and
// the status would go on showing the last good copy. The copy goes on; its end is shown as usual.
var backupStalled = 2 * time.Minute

// backupWriting, set by a test, runs when the copy is about to be written to the backup folder
// (a stick that hangs hangs there).
var backupWriting func()

// backups is the loop that writes the copies, and the last one's status.
type backups struct {
	dir  string
	kick chan struct{} // a poll closed
	stop chan struct{}
	done chan struct{}

	mu   sync.Mutex
	last *daihoi.BackupStatus
	// seq is the record's last event once the last good copy was written and announced: a tick
	// that finds no event since writes no copy (the 20 kept are 20 different states of the day).
	seq uint64
}

// startBackups starts the loop: a copy now, then after each close and every every.
func (s *Server) startBackups(dir string, every time.Duration) {
	if every <= 0 {
		every = BackupEvery
	}
	b := &backups{dir: dir, kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	s.backups = b
	removeStaleParts(dir)
	go func() {
		defer close(b.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			s.BackupNow()
			select {
			case <-t.C:
			case <-b.kick:
			case <-b.stop:
				return
			}
		}
	}()
}

// stopBackups ends the loop, after the copy it is writing; a stick that hangs is not waited for
// more than a few seconds.
func (s *Server) stopBackups() {
	if s.backups != nil {
		close(s.backups.stop)
		select {
		case <-s.backups.done:
		case <-time.After(5 * time.Second):
		}
	}
}

// kickBackup asks for a copy once the change being made is written (the loop waits for s.mu).
func (s *Server) kickBackup() {
	if s.backups != nil {
		select {
		case s.backups.kick <- struct{}{}:
		default:
		}
	}
}

// backupStatus returns the last backup's status, nil before the first (or without a backup folder).
func (s *Server) backupStatus() *daihoi.BackupStatus {
	if s.backups == nil {
		return nil
	}
	s.backups.mu.Lock()
	defer s.backups.mu.Unlock()
	return s.backups.last
}

// BackupNow writes a copy to the backup folder now and tells the organiser and the presidium how
// it went. It returns false, writing nothing, while a poll takes ballots.
func (s *Server) BackupNow() (daihoi.BackupStatus, bool) {
	b := s.backups
	if b == nil {
		return daihoi.BackupStatus{}, false
	}
	s.mu.RLock()
	refused, empty, seq := s.state.BackupRefused(), s.state.Congress.ID == "", s.seq
	s.mu.RUnlock()
	b.mu.Lock()
	same := b.last != nil && b.last.OK && b.seq == seq
	b.mu.Unlock()
	if refused != nil || empty || same { // nothing to keep before a congress is installed, nor twice
		return daihoi.BackupStatus{}, false
	}
	at := s.now()
	st := daihoi.BackupStatus{At: at}
	var stallMu sync.Mutex
	finished := false
	stall := time.AfterFunc(backupStalled, func() {
		stallMu.Lock()
		defer stallMu.Unlock()
		if !finished {
			s.tellBackupStalled(b, at)
		}
	})
	path, n, err := s.writeBackup(b.dir, at)
	stall.Stop()
	stallMu.Lock() // a stall being told is told before the outcome
	finished = true
	stallMu.Unlock()
	if daihoi.ErrorCode(err) == daihoi.ECONFLICT { // a poll opened meanwhile: after its close
		return daihoi.BackupStatus{}, false
	}
	if err != nil {
		s.log.Error("backup to the second disk failed", "dir", b.dir, "err", err)
		vi, en := err.Error(), err.Error() // the system's words (no space left on device…)
		var de *daihoi.Error
		if errors.As(err, &de) {
			vi, en = de.Vi, de.En
		}
		st.Vi = fmt.Sprintf("Không ghi được bản sao lưu vào %s lúc %s (%s). Đại hội vẫn tiếp tục. Kiểm tra ổ USB: đã cắm, còn chỗ trống, ghi được; máy chủ thử lại sau mỗi lần kết thúc bỏ phiếu và mỗi %d phút.",
			b.dir, at.Format("15:04"), vi, int(BackupEvery/time.Minute))
		st.En = fmt.Sprintf("The backup to %s failed at %s (%s). The congress goes on. Check the USB stick: plugged in, with free space, writable; the server tries again after each poll closes and every %d minutes.",
			b.dir, at.Format("15:04"), en, int(BackupEvery/time.Minute))
	} else {
		st.OK, st.File, st.Bytes = true, path, n
	}
	b.mu.Lock()
	b.last = &st
	b.mu.Unlock()
	// The copy holds the record up to seq at least. When nothing came since, the status event is
	// the only news and the next tick need not write the same again.
	copied := seq
	if err := s.update(daihoi.Session{}, func(_ *daihoi.State, c *daihoi.Change) error {
		if s.seq == seq {
			copied = seq + 1
		}
		c.Emit(daihoi.EvBackup, st, daihoi.Organiser, daihoi.Presidium)
		return nil
	}); err != nil {
		s.log.Error("backup: the status could not be recorded", "err", err)
		copied = seq
	}
	b.mu.Lock()
	b.seq = copied
	b.mu.Unlock()
	return st, true
}

// tellBackupStalled shows the organiser and the presidium that the copy begun at at has not
// finished after backupStalled: the backup folder does not answer.
func (s *Server) tellBackupStalled(b *backups, at time.Time) {
	mins := int(backupStalled / time.Minute)
	st := daihoi.BackupStatus{At: at,
		Vi: fmt.Sprintf("Bản sao lưu vào %s bắt đầu lúc %s chưa ghi xong sau %d phút: ổ USB không phản hồi. Đại hội vẫn tiếp tục. Kiểm tra ổ USB (rút ra, cắm lại) hoặc cắm ổ khác.",
			b.dir, at.Format("15:04"), mins),
		En: fmt.Sprintf("The backup to %s begun at %s has not finished after %d minutes: the USB stick does not answer. The congress goes on. Check the stick (pull it out, plug it in again) or plug in another.",
			b.dir, at.Format("15:04"), mins)}
	s.log.Error("backup to the second disk does not finish", "dir", b.dir, "began", at)
	b.mu.Lock()
	b.last = &st
	b.mu.Unlock()
	if err := s.update(daihoi.Session{}, func(_ *daihoi.State, c *daihoi.Change) error {
		c.Emit(daihoi.EvBackup, st, daihoi.Organiser, daihoi.Presidium)
		return nil
	}); err != nil {
		s.log.Error("backup: the status could not be recorded", "err", err)
	}
}

// backupPart begins the temporary name of a copy being written; startBackups removes those a
// stopped process left.
const backupPart = ".daihoi-part-"

// writeBackup writes the copy: under a temporary name, flushed, renamed to its time's name, the
// folder flushed; then the oldest copies beyond KeepBackups are removed.
func (s *Server) writeBackup(dir string, at time.Time) (string, int64, error) {
	if fi, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		return "", 0, daihoi.Errorf(daihoi.ENOTFOUND, "không có thư mục này: ổ USB đã bị rút ra?", "there is no such folder: was the USB stick pulled out?")
	} else if err != nil {
		return "", 0, err
	} else if !fi.IsDir() {
		return "", 0, daihoi.Errorf(daihoi.EINVALID, "đường dẫn này là một tệp, không phải thư mục", "the path is a file, not a folder")
	}
	// The copy is made on the laptop's disk first, as for a download (backupTo holds the state's
	// lock while it copies: tens of milliseconds), and only then written to the stick, holding
	// nothing: a slow or failing stick never holds up the congress.
	local, err := s.scratchFile()
	if err != nil {
		return "", 0, err
	}
	defer os.Remove(local.Name())
	defer local.Close()
	if err := s.backupTo(local); err != nil {
		return "", 0, err
	}
	if _, err := local.Seek(0, io.SeekStart); err != nil {
		return "", 0, err
	}
	if backupWriting != nil {
		backupWriting()
	}
	f, err := os.CreateTemp(dir, backupPart+"*")
	if err != nil {
		return "", 0, err
	}
	tmp := f.Name()
	n, err := io.Copy(f, local)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	final := filepath.Join(dir, "daihoi-"+at.Format("20060102-150405")+".db")
	// Two copies in one second (a close just after the tick): "_2" sorts after the first.
	for i := 2; err == nil; i++ {
		if _, serr := os.Stat(final); errors.Is(serr, os.ErrNotExist) {
			break
		}
		final = filepath.Join(dir, fmt.Sprintf("daihoi-%s_%d.db", at.Format("20060102-150405"), i))
	}
	if err == nil {
		err = os.Rename(tmp, final)
	}
	if err == nil {
		err = syncDir(dir)
	}
	if err != nil {
		os.Remove(tmp)
		return "", 0, err
	}
	pruneBackups(dir, KeepBackups)
	return final, n, nil
}

// pruneBackups removes the oldest copies in dir beyond keep (by time written, then name).
func pruneBackups(dir string, keep int) {
	names, _ := filepath.Glob(filepath.Join(dir, "daihoi-*.db"))
	type copyFile struct {
		name string
		mod  time.Time
	}
	var all []copyFile
	for _, n := range names {
		if fi, err := os.Stat(n); err == nil && fi.Mode().IsRegular() {
			all = append(all, copyFile{n, fi.ModTime()})
		}
	}
	sort.Slice(all, func(i, j int) bool {
		if !all[i].mod.Equal(all[j].mod) {
			return all[i].mod.Before(all[j].mod)
		}
		return all[i].name < all[j].name
	})
	for len(all) > keep {
		os.Remove(all[0].name)
		all = all[1:]
	}
}

// removeStaleParts removes the temporary copies a stopped process left in the backup folder.
func removeStaleParts(dir string) {
	olds, _ := filepath.Glob(filepath.Join(dir, backupPart+"*"))
	for _, f := range olds {
		if strings.HasPrefix(filepath.Base(f), backupPart) {
			os.Remove(f)
		}
	}
}

// syncDir flushes a folder, so that a rename in it survives a power cut (Windows flushes none).
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// scratchPrefix begins the name of a copy of the data file made in Options.Scratch before it is
// downloaded or written to the second disk.
const scratchPrefix = "daihoi-backup-"

// scratchFile makes a copy's file in the scratch folder; the caller removes it.
func (s *Server) scratchFile() (*os.File, error) {
	return os.CreateTemp(s.scratch, scratchPrefix+"*")
}

// removeScratch removes the copies a killed server left in its own scratch folder: each holds the
// congress's ballots, and none is wanted after a restart. (With no scratch folder, the system's
// temporary folder is shared with other servers' copies, and nothing is removed.)
func (s *Server) removeScratch() {
	if s.scratch == "" {
		return
	}
	olds, _ := filepath.Glob(filepath.Join(s.scratch, scratchPrefix+"*"))
	for _, f := range olds {
		if err := os.Remove(f); err == nil {
			s.log.Info("removed a copy left by an earlier run", "file", f)
		}
	}
}
