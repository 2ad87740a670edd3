package store

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"

	bolt "go.etcd.io/bbolt"
)

// Secrecy at rest. While a poll is open its box holds the ballots in groups, one to a transaction
// (castBatch), and every transaction leaves the pages it replaced in the file's free pages as they
// were: earlier copies of groups and of the list of receipts. Closing the box splits the groups
// (ungroup), but the free pages keep them. So when a poll closes the file is compacted: every key
// and value the file holds now is copied into a new file in one transaction, which leaves the new
// file no free page with anything in it, and the new file replaces the old. Backups are made the
// same way, never by copying pages.

// kCompact, in the meta bucket, marks a file that must be compacted: the transaction that closes a
// box puts it, and the compacted copy leaves it out. A process that stops between the close and the
// compaction compacts at its next start.
var kCompact = []byte("compact")

// compactFault, set by a test, fails a step of a compaction: "copied", after the copy is on the
// disk and before the rename, as a crash there would stop it; "rename", the first rename, as
// Windows refuses it over an open file.
var compactFault func(step string) error

// rename is the first rename of a compaction (see compactFault).
func rename(from, to string) error {
	if compactFault != nil {
		if err := compactFault("rename"); err != nil {
			return err
		}
	}
	return os.Rename(from, to)
}

// compactSuffix and backupSuffix name the copies made next to the data file; Open removes those
// that a stopped process left behind.
const (
	compactSuffix = ".compact"
	backupSuffix  = ".backup-"
)

// compactError is a change that is written, and a compaction after it that failed (a full disk,
// say): the file keeps its mark, and the next start, or the next close of a poll, compacts it.
type compactError struct{ err error }

func (e *compactError) Error() string {
	return "store: written, but the file is not compacted (the next start compacts it): " + e.err.Error()
}

func (e *compactError) Unwrap() error { return e.err }

// Written reports that the change was written all the same: the caller goes on as after a write.
func (e *compactError) Written() bool { return true }

// compactPending reports whether a closed box awaits its compaction.
func (s *DB) compactPending() bool {
	pending := false
	s.view(func(tx *bolt.Tx) error {
		pending = tx.Bucket(bMeta).Get(kCompact) != nil
		return nil
	})
	return pending
}

// compact replaces the data file with a compacted copy, while the server keeps serving: the
// transactions that arrive meanwhile wait (mu) and then run on the new file.
//
// A crash at any step leaves a whole file under the data file's name: the copy is written under
// another name and flushed to the disk (file and its size) before the rename puts it in place, and
// the rename replaces the name in one step; the folder is flushed after it so that the new name
// survives a power cut. Until the rename the old file is the data file, with its mark kCompact, and
// the next start compacts it again.
// Compact rewrites the data file without its free pages (see compact), for a change whose old
// values must not lie on in the file, as a poll's grouped ballots must not after its close.
func (s *DB) Compact() error { return s.compact() }

func (s *DB) compact() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	tmp := s.path + compactSuffix
	os.Remove(tmp)
	dst, err := bolt.Open(tmp, 0o600, &s.opts)
	if err != nil {
		return fmt.Errorf("store: compact: %w", err)
	}
	fail := func(err error) error {
		dst.Close()
		os.Remove(tmp)
		return fmt.Errorf("store: compact: %w", err)
	}
	// One fsync at the end rather than one per transaction: the copy is not the data file yet.
	dst.NoSync = true
	if err := copyFile(dst, s.db); err != nil {
		return fail(err)
	}
	if err := dst.Sync(); err != nil {
		return fail(err)
	}
	dst.NoSync = s.opts.NoSync
	if compactFault != nil {
		if err := compactFault("copied"); err != nil {
			return fail(err)
		}
	}
	if err := rename(tmp, s.path); err == nil {
		// From here the data file is the copy, whatever fails: write to it, not to the old one.
		old := s.db
		s.db = dst
		old.Close()
	} else if err := s.renameClosed(dst, tmp); err != nil {
		return fmt.Errorf("store: compact: %w", err)
	}
	if err := syncDir(filepath.Dir(s.path)); err != nil {
		return fmt.Errorf("store: compact: %w", err)
	}
	return nil
}

// renameClosed puts the copy in place where a file cannot be renamed over while it is open
// (Windows): both files are closed, the copy renamed, and the data file opened again, the copy or,
// should the rename fail, the old file.
func (s *DB) renameClosed(dst *bolt.DB, tmp string) error {
	dst.Close()
	s.db.Close()
	rerr := os.Rename(tmp, s.path)
	db, err := bolt.Open(s.path, 0o600, &s.opts)
	if err != nil {
		return fmt.Errorf("open %s again: %w", s.path, err)
	}
	s.db = db
	if rerr != nil {
		os.Remove(tmp)
		return rerr
	}
	return nil
}

// copyFile copies every bucket, key, value and bucket sequence of src into the empty dst, in one
// transaction of dst, leaving out the mark kCompact. Every page of dst is then written once: a
// copy made in several transactions would free pages of the first ones, which would keep copies
// of what they held (ballots among them) in the new file's free pages.
func copyFile(dst, src *bolt.DB) error {
	return src.View(func(stx *bolt.Tx) error {
		// Put keeps the slices it is given until its transaction commits: src's transaction stays
		// open until then, so its pages stay mapped.
		return dst.Update(func(dtx *bolt.Tx) error {
			return stx.ForEach(func(name []byte, sb *bolt.Bucket) error {
				db, err := dtx.CreateBucket(name)
				if err != nil {
					return err
				}
				var skip []byte
				if string(name) == string(bMeta) {
					skip = kCompact
				}
				return copyBucket(db, sb, skip)
			})
		})
	})
}

// copyBucket copies sb into the new bucket db, all but the key skip.
func copyBucket(db, sb *bolt.Bucket, skip []byte) error {
	// Keys come in order into a new bucket: full pages, as bbolt's own Compact fills them.
	db.FillPercent = 1.0
	if err := db.SetSequence(sb.Sequence()); err != nil {
		return err
	}
	return sb.ForEach(func(k, v []byte) error {
		if skip != nil && string(k) == string(skip) {
			return nil
		}
		if v == nil {
			nb, err := db.CreateBucket(k)
			if err != nil {
				return err
			}
			return copyBucket(nb, sb.Bucket(k), nil)
		}
		return db.Put(k, v)
	})
}

// syncDir flushes a folder, so that a rename in it is on the disk. (Windows flushes no folder;
// NTFS journals the rename.)
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

// removeCopies removes the copies that a compaction or a backup left next to the data file when its
// process stopped half-way.
func removeCopies(path string) {
	os.Remove(path + compactSuffix)
	if olds, err := filepath.Glob(path + backupSuffix + "*"); err == nil {
		for _, f := range olds {
			os.Remove(f)
		}
	}
}

// Backup writes a consistent copy of the file while the server keeps running. The copy is a
// compaction (see compact), never a copy of pages: it holds what the file holds now and none of its
// free pages. It is made next to the data file, on the same disk, and removed once written to w.
func (s *DB) Backup(w io.Writer) (int64, error) {
	n, err := s.backup(w)
	if err != nil {
		return n, fmt.Errorf("store: backup: %w", err)
	}
	return n, nil
}

func (s *DB) backup(w io.Writer) (int64, error) {
	f, err := os.CreateTemp(filepath.Dir(s.path), filepath.Base(s.path)+backupSuffix+"*")
	if err != nil {
		return 0, err
	}
	tmp := f.Name()
	f.Close()
	os.Remove(tmp) // bbolt makes a new file where it finds none
	defer os.Remove(tmp)
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: s.opts.Timeout, NoSync: true})
	if err != nil {
		return 0, err
	}
	s.mu.RLock()
	err = copyFile(dst, s.db)
	s.mu.RUnlock()
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	f, err = os.Open(tmp)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return io.Copy(w, f)
}
