package store_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/store"
)

// healthyFile makes a data file of a few pages of every kind: a congress, a roll, a closed poll,
// events; and returns its bytes and the pages of each kind in it ("in use": how many pages the
// file uses; bbolt grows it in steps, so it ends in pages not used yet).
func healthyFile(t *testing.T) (raw []byte, pages map[string][]int) {
	t.Helper()
	dir := t.TempDir()
	db := open(t, dir)
	c := daihoi.NewChange("", time.Now())
	c.Put(daihoi.KCongress, "congress", daihoi.Congress{ID: "c1", Title: "Đại hội thử"})
	for i := range 300 {
		id := fmt.Sprintf("d%03d", i)
		c.Put(daihoi.KDelegate, id, daihoi.Delegate{ID: id, Name: "Nguyễn Văn " + id, Category: daihoi.Official, Number: i + 1})
		c.Emit(daihoi.EvDelegate, map[string]string{"id": id})
	}
	if err := db.Commit(c); err != nil {
		t.Fatal(err)
	}
	b := newBurst("p", 200)
	if err := db.Commit(daihoi.NewChange("", time.Now()), daihoi.BoxOp{Poll: "p", Open: true, Eligible: b.voters}); err != nil {
		t.Fatal(err)
	}
	b.cast(t, db, "p")
	if err := db.Commit(daihoi.NewChange("", time.Now()), daihoi.BoxOp{Poll: "p"}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	path := filepath.Join(dir, store.FileName)
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	pages = map[string][]int{}
	err = bdb.View(func(tx *bolt.Tx) error {
		for id := 0; ; id++ {
			p, err := tx.Page(id)
			if err != nil || p == nil {
				return err
			}
			pages[p.Type] = append(pages[p.Type], id)
			id += p.OverflowCount
			pages["in use"] = []int{id + 1}
		}
	})
	bdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	raw, err = os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return raw, pages
}

// flip inverts every bit of page id.
func flip(raw []byte, id int) []byte {
	out := bytes.Clone(raw)
	ps := os.Getpagesize()
	for i := id * ps; i < (id+1)*ps; i++ {
		out[i] ^= 0xFF
	}
	return out
}

// scramble inverts the bits of bytes [from, to) of page id: its element table, say.
func scramble(raw []byte, id, from, to int) []byte {
	out := bytes.Clone(raw)
	at := id * os.Getpagesize()
	for i := at + from; i < at+to; i++ {
		out[i] ^= 0xFF
	}
	return out
}

// An empty, cut or damaged data file is refused at start, in both languages, with which file,
// what is wrong and how to restore a backup; no panic, no new congress over it, and the file is
// left as it was.
func TestDamagedDataFileIsRefusedAndLeftAsItWas(t *testing.T) {
	raw, pages := healthyFile(t)
	t.Logf("pages: %d leaf, %d branch, %d freelist, %d free", len(pages["leaf"]), len(pages["branch"]), len(pages["freelist"]), len(pages["free"]))
	if len(pages["leaf"]) < 3 || len(pages["branch"]) < 1 {
		t.Fatalf("the healthy file is too small to damage meaningfully: %v", pages)
	}
	leaves := pages["leaf"]
	garbage := make([]byte, 64<<10)
	for i := range garbage {
		garbage[i] = byte(i*7 + i/13)
	}
	tests := []struct {
		name string
		file []byte
		vi   string // what is wrong, in Vietnamese
		en   string // and in English
	}{
		{"an empty file", []byte{}, "tệp rỗng", "the file is empty"},
		{"half of the file", raw[:pages["in use"][0]*os.Getpagesize()/2], "bị cắt cụt", "cut short"},
		{"the file without its last page in use", raw[:(pages["in use"][0]-1)*os.Getpagesize()], "bị cắt cụt", "cut short"},
		{"a file of something else", garbage, "phần đầu tệp", "its header"},
		{"both meta pages flipped", flip(flip(raw, 0), 1), "phần đầu tệp", "its header"},
		{"a flipped branch page", flip(raw, pages["branch"][0]), "trang hỏng", "damaged pages"},
		{"the first leaf page flipped", flip(raw, leaves[0]), "trang hỏng", "damaged pages"},
		{"a leaf page in the middle flipped", flip(raw, leaves[len(leaves)/2]), "trang hỏng", "damaged pages"},
		{"the last leaf page flipped", flip(raw, leaves[len(leaves)-1]), "trang hỏng", "damaged pages"},
		{"a leaf page's element table scrambled", scramble(raw, leaves[len(leaves)/2], 16, 80), "trang hỏng", "damaged pages"},
		{"a branch page's element table scrambled", scramble(raw, pages["branch"][0], 16, 80), "trang hỏng", "damaged pages"},
		{"the freelist page flipped", flip(raw, pages["freelist"][0]), "trang hỏng", "damaged pages"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, store.FileName)
			if err := os.WriteFile(path, tc.file, 0o600); err != nil {
				t.Fatal(err)
			}
			before, _ := os.Stat(path)
			db, err := store.Open(dir, time.Second)
			if err == nil {
				db.Close()
				t.Fatal("opened")
			}
			t.Log(err)
			var de *daihoi.Error
			if !errors.As(err, &de) {
				t.Fatalf("not a message a person reads: %v", err)
			}
			for _, want := range []string{path, tc.vi, "không tạo đại hội mới", "bản sao lưu", "/setup", "daihoi backup"} {
				if !strings.Contains(de.Vi, want) {
					t.Errorf("the Vietnamese message lacks %q: %s", want, de.Vi)
				}
			}
			for _, want := range []string{path, tc.en, "nor start a new congress", "restore the latest backup", "/setup", "daihoi backup"} {
				if !strings.Contains(de.En, want) {
					t.Errorf("the English message lacks %q: %s", want, de.En)
				}
			}
			after, _ := os.Stat(path)
			got, _ := os.ReadFile(path)
			if !bytes.Equal(got, tc.file) || !after.ModTime().Equal(before.ModTime()) {
				t.Errorf("the file was changed: %d bytes, was %d", len(got), len(tc.file))
			}
			if others, _ := os.ReadDir(dir); len(others) != 1 {
				t.Errorf("the folder holds %d files, want the damaged one only", len(others))
			}
		})
	}

	// A record that is not what daihoi wrote, in sound pages: refused when the congress is loaded.
	dir := t.TempDir()
	db := open(t, dir)
	c := daihoi.NewChange("", time.Now())
	c.Put(daihoi.KDelegate, "d1", daihoi.Delegate{ID: "d1", Name: "Nguyễn Văn An", Category: daihoi.Official, Number: 1})
	if err := db.Commit(c); err != nil {
		t.Fatal(err)
	}
	db.Close()
	path := filepath.Join(dir, store.FileName)
	file, _ := os.ReadFile(path)
	os.WriteFile(path, bytes.Replace(file, []byte(`{"id":"d1"`), []byte(`{"id":[d1"`), 1), 0o600)
	db = open(t, dir)
	if _, _, err := db.Load(); err == nil || !strings.Contains(err.Error(), "a record cannot be read") || !strings.Contains(err.Error(), "restore the latest backup") {
		t.Fatalf("a damaged record: %v", err)
	}
	db.Close()

	// The healthy file opens, and a folder without a file gets a new one.
	dir = t.TempDir()
	os.WriteFile(filepath.Join(dir, store.FileName), raw, 0o600)
	db = open(t, dir)
	if box, err := db.Box("p"); err != nil || len(box) != 200 {
		t.Fatalf("the healthy file: %d ballots, %v", len(box), err)
	}
	open(t, t.TempDir())
}

// A file larger than the bound has every bucket checked at start but the events' (read in full
// only by the audit): a damaged page of the roll is refused at start all the same, and a damaged
// page of the events is refused by daihoi audit.
func TestALargeFileIsCheckedAtStartButItsEventsByTheAudit(t *testing.T) {
	raw, _ := healthyFile(t)
	roots := map[string]int{}
	path := filepath.Join(t.TempDir(), "healthy.db")
	os.WriteFile(path, raw, 0o600)
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	bdb.View(func(tx *bolt.Tx) error {
		roots["events"] = int(tx.Bucket([]byte("events")).Root())
		roots["delegates"] = int(tx.Bucket([]byte(daihoi.KDelegate)).Root())
		return nil
	})
	bdb.Close()
	if roots["events"] == 0 || roots["delegates"] == 0 {
		t.Fatalf("the healthy file's buckets are inline: %v", roots)
	}
	defer store.CheckAllUpTo(0)()
	write := func(file []byte) string {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, store.FileName), file, 0o600); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	if db, err := store.Open(write(flip(raw, roots["delegates"])), time.Second); err == nil || !strings.Contains(err.Error(), "damaged pages") {
		if db != nil {
			db.Close()
		}
		t.Errorf("a large file with a page of the roll damaged: %v", err)
	}
	dir := write(flip(raw, roots["events"]))
	db, err := store.Open(dir, time.Second)
	if err != nil {
		t.Fatalf("a large file is opened without reading all its events: %v", err)
	}
	db.Close()
	if _, err := store.Audit(filepath.Join(dir, store.FileName), time.Second); err == nil || !strings.Contains(err.Error(), "damaged pages") {
		t.Errorf("the audit of a file with a page of the events damaged: %v", err)
	}
}
