package store_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/store"
)

// commitEvents writes a congress and n events, one change each.
func commitEvents(t *testing.T, db *store.DB, n int) {
	t.Helper()
	c := daihoi.NewChange("op1", time.Now())
	c.Put(daihoi.KCongress, "congress", daihoi.Congress{ID: "c1", Title: "Đại hội thử"})
	c.Emit(daihoi.EvCongress, map[string]string{"title": "Đại hội thử"})
	if err := db.Commit(c); err != nil {
		t.Fatal(err)
	}
	for i := 1; i < n; i++ {
		c := daihoi.NewChange("op1", time.Now())
		c.Emit(daihoi.EvAttendance, map[string]int{"present": i})
		if err := db.Commit(c); err != nil {
			t.Fatal(err)
		}
	}
}

// storedEvents reads the events as stored, with their chain.
func storedEvents(t *testing.T, path string) []daihoi.Event {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out []daihoi.Event
	db.View(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("events")).ForEach(func(_, v []byte) error {
			var e daihoi.Event
			if err := json.Unmarshal(v, &e); err != nil {
				t.Fatal(err)
			}
			out = append(out, e)
			return nil
		})
	})
	return out
}

func TestEventsCarryTheHashOfTheOneBefore(t *testing.T) {
	dir := t.TempDir()
	db := open(t, dir)
	commitEvents(t, db, 4)
	// Screens are sent the events without the chain.
	evs, err := db.Events(0, 10)
	if err != nil || len(evs) != 4 || evs[0].Prev != "" {
		t.Fatalf("events as screens get them: %+v %v", evs, err)
	}
	db.Close()
	path := filepath.Join(dir, store.FileName)
	stored := storedEvents(t, path)
	if stored[0].Prev != daihoi.ChainHash([]byte("c1")) {
		t.Errorf("the first event carries %q, not the hash of the congress's id", stored[0].Prev)
	}
	for i := 1; i < len(stored); i++ {
		if stored[i].Prev == "" || stored[i].Prev == stored[i-1].Prev {
			t.Errorf("event %d carries %q", stored[i].Seq, stored[i].Prev)
		}
	}
	rep, err := store.Audit(path, time.Second)
	if err != nil || rep.Events != 4 {
		t.Fatalf("audit: %+v %v", rep, err)
	}
}

// A file written before the chain (schema 1) is chained when this version first opens it.
func TestAFileWithoutTheChainIsChainedOnOpening(t *testing.T) {
	dir := t.TempDir()
	db := open(t, dir)
	commitEvents(t, db, 5)
	db.Close()
	path := filepath.Join(dir, store.FileName)
	// Make it as schema 1 wrote it: no prev, no head, schema 1.
	raw, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	raw.Update(func(tx *bolt.Tx) error {
		eb := tx.Bucket([]byte("events"))
		type kv struct{ k, v []byte }
		var all []kv
		eb.ForEach(func(k, v []byte) error {
			var e daihoi.Event
			json.Unmarshal(v, &e)
			e.Prev = ""
			b, _ := json.Marshal(&e)
			all = append(all, kv{append([]byte(nil), k...), b})
			return nil
		})
		for _, r := range all {
			eb.Put(r.k, r.v)
		}
		tx.Bucket([]byte("meta")).Delete([]byte("chain"))
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), []byte("1"))
	})
	raw.Close()
	_, err = store.Audit(path, time.Second)
	if err == nil || !strings.Contains(err.Error(), "schema 1") {
		t.Fatalf("the audit of an unchained file: %v", err)
	}
	db = open(t, dir)
	commitEvents(t, db, 2)
	db.Close()
	if rep, err := store.Audit(path, time.Second); err != nil || rep.Events != 7 {
		t.Fatalf("audit after the migration: %+v %v", rep, err)
	}
}

// Restoring a data file onto itself would move it aside and find nothing to copy: it is refused.
func TestRestoreRefusesTheDataFileItself(t *testing.T) {
	dir := t.TempDir()
	db := open(t, dir)
	commitEvents(t, db, 2)
	db.Close()
	path := filepath.Join(dir, store.FileName)
	if _, err := store.Restore(path, dir, true, time.Now()); err == nil || !strings.Contains(err.Error(), "the backup is the data file") {
		t.Fatalf("restore onto itself: %v", err)
	}
	if _, err := store.Audit(path, time.Second); err != nil {
		t.Fatalf("the data file after a refused restore: %v", err)
	}
}

// A backup that fails its audit is not put in place, and leaves nothing behind (no copy, no folder
// made for it); --force twice in one second keeps both files it replaced.
func TestRestoreLeavesNothingOfARefusedBackupAndKeepsEveryReplacedFile(t *testing.T) {
	src := t.TempDir()
	db := open(t, src)
	commitEvents(t, db, 3)
	db.Close()
	backup := filepath.Join(src, store.FileName)

	bad := filepath.Join(t.TempDir(), "bad.db")
	raw, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(bad, raw, 0o600)
	b, err := bolt.Open(bad, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	b.Update(func(tx *bolt.Tx) error {
		c := tx.Bucket([]byte("events")).Cursor()
		k, _ := c.First()
		return tx.Bucket([]byte("events")).Delete(k)
	})
	b.Close()
	dest := filepath.Join(t.TempDir(), "new")
	if _, err := store.Restore(bad, dest, false, time.Now()); err == nil || !strings.Contains(err.Error(), "event #1 is missing") || strings.Contains(err.Error(), ".restore") {
		t.Fatalf("restore of a backup with its first event removed: %v", err)
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Errorf("a refused restore left the folder %s: %v", dest, err)
	}

	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	for i := 0; i < 3; i++ {
		if _, err := store.Restore(backup, dest, true, now); err != nil {
			t.Fatalf("restore %d: %v", i, err)
		}
	}
	kept, _ := filepath.Glob(filepath.Join(dest, store.FileName+".replaced-*"))
	if len(kept) != 2 {
		t.Errorf("two restores with --force over a file kept %v", kept)
	}
	left, _ := filepath.Glob(filepath.Join(dest, "*.restore"))
	if len(left) != 0 {
		t.Errorf("restore left %v", left)
	}
	if _, err := store.Audit(filepath.Join(dest, store.FileName), time.Second); err != nil {
		t.Errorf("the restored file: %v", err)
	}
}
