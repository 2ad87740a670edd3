package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/daihoi/daihoi"
)

// Restore puts a backup in place as the data file of dir, once Audit has passed it. A folder that
// holds a data file already is refused unless force; with force that file is kept beside, renamed
// daihoi.db.replaced-<time>, never removed. The copy is written under another name, flushed and
// renamed, so that a stop half-way leaves no half file under the data file's name. The server must
// not be running on dir.
func Restore(backup, dir string, force bool, now time.Time) (AuditReport, error) {
	path := filepath.Join(dir, FileName)
	if a, err := os.Stat(backup); err == nil {
		if b, err := os.Stat(path); err == nil && os.SameFile(a, b) {
			return AuditReport{}, daihoi.Errorf(daihoi.EINVALID, "bản sao lưu chính là tệp dữ liệu của %s", "the backup is the data file of %s itself", dir)
		}
	}
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		// The folder is made for the copy, and removed again should the restore not happen.
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return AuditReport{}, fmt.Errorf("store: restore: %w", err)
		}
		defer func() {
			os.Remove(dir) // only if still empty
		}()
	}
	// The copy is audited, not the backup: what is put in place is what passed (a stick that reads
	// back other bytes the second time, or a file changed meanwhile, cannot slip past the audit).
	if _, err := os.Stat(backup); err != nil {
		return Audit(backup, time.Second) // names the missing backup as the audit does
	}
	if err := checkFile(backup); err != nil {
		return AuditReport{}, err
	}
	tmp := path + ".restore"
	if err := copyTo(backup, tmp); err != nil {
		os.Remove(tmp)
		return AuditReport{}, fmt.Errorf("store: restore: %w", err)
	}
	defer os.Remove(tmp) // once renamed, there is nothing under this name
	rep, err := Audit(tmp, time.Second)
	if err != nil {
		var de *daihoi.Error
		if errors.As(err, &de) { // the messages name the backup, not its copy
			return rep, &daihoi.Error{Code: de.Code, Vi: strings.ReplaceAll(de.Vi, tmp, backup), En: strings.ReplaceAll(de.En, tmp, backup)}
		}
		return rep, err
	}
	if _, err := os.Stat(path); err == nil {
		if !force {
			return rep, daihoi.Errorf(daihoi.ECONFLICT,
				"thư mục %s đã có tệp dữ liệu%s: không ghi đè; chọn thư mục mới, hoặc thêm --force để thay (tệp cũ được giữ lại bên cạnh)",
				"the folder %s holds a data file already%s: not overwritten; choose a new folder, or add --force to replace it (the old file is kept beside it)",
				dir, holding(path))
		}
		// A running server holds the file: it is not replaced from under it.
		db, err := openChecked(path, &bolt.Options{ReadOnly: true, Timeout: 500 * time.Millisecond})
		if daihoi.ErrorCode(err) == daihoi.ECONFLICT {
			return rep, err
		}
		if db != nil {
			db.Close()
		}
		// Never over a file an earlier --force kept: a second restore in the same second gets _2.
		kept := path + ".replaced-" + now.Format("20060102-150405")
		for i := 2; ; i++ {
			if _, err := os.Lstat(kept); errors.Is(err, os.ErrNotExist) {
				break
			}
			kept = fmt.Sprintf("%s.replaced-%s_%d", path, now.Format("20060102-150405"), i)
		}
		if err := os.Rename(path, kept); err != nil {
			return rep, fmt.Errorf("store: restore: %w", err)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return rep, fmt.Errorf("store: restore: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return rep, fmt.Errorf("store: restore: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return rep, fmt.Errorf("store: restore: %w", err)
	}
	return rep, nil
}

// holding names the congress a data file holds, for the message that refuses to overwrite it.
func holding(path string) string {
	db, err := openChecked(path, &bolt.Options{ReadOnly: true, Timeout: 200 * time.Millisecond})
	if err != nil {
		return ""
	}
	defer db.Close()
	title := ""
	db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket([]byte(daihoi.KCongress)); b != nil {
			var c daihoi.Congress
			if v := b.Get([]byte("congress")); v != nil && json.Unmarshal(v, &c) == nil {
				title = c.Title
			}
		}
		return nil
	})
	if title == "" {
		return ""
	}
	return fmt.Sprintf(" (%q)", title)
}

// copyTo copies the file src to a new file dst and flushes it to the disk.
func copyTo(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
