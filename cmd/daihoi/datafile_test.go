package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/daihoi/daihoi/store"
)

// A data file that is there but empty, or cut short, is refused at start, with the file and how to
// restore a backup in the message: no demo congress is seeded over it, and it stays as it was. The
// same goes for `daihoi backup`.
func TestServeRefusesADamagedDataFile(t *testing.T) {
	// A real file, cut in half.
	whole := t.TempDir()
	m := &Main{Addr: "127.0.0.1:0", Data: whole, Cost: bcrypt.MinCost}
	if err := m.Run(); err != nil {
		t.Fatal(err)
	}
	m.Close()
	raw, err := os.ReadFile(filepath.Join(whole, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	// `daihoi backup` of the sound folder writes a working copy.
	copyDir := t.TempDir()
	var out, errs bytes.Buffer
	if code := run([]string{"backup", "--data", whole, filepath.Join(copyDir, store.FileName)}, &out, &errs); code != 0 {
		t.Fatalf("daihoi backup: %d %s", code, errs.String())
	}
	cp, err := store.Open(copyDir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if st, _, err := cp.Load(); err != nil || st.Congress.Title == "" || len(st.Delegates) == 0 {
		t.Fatalf("the backup: %+v, %v", st.Congress, err)
	}
	cp.Close()

	for name, file := range map[string][]byte{"empty": {}, "half": raw[:len(raw)/2]} {
		dir := t.TempDir()
		path := filepath.Join(dir, store.FileName)
		os.WriteFile(path, file, 0o600)
		m := &Main{Addr: "127.0.0.1:0", Data: dir, Cost: bcrypt.MinCost}
		err := m.Run()
		if err == nil {
			m.Close()
			t.Fatalf("%s: serve started over a damaged data file", name)
		}
		for _, want := range []string{path, "bản sao lưu", "restore the latest backup"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: the message lacks %q: %v", name, want, err)
			}
		}
		var out, errs bytes.Buffer
		if code := run([]string{"backup", "--data", dir, filepath.Join(t.TempDir(), "copy.db")}, &out, &errs); code == 0 ||
			!strings.Contains(errs.String(), path) {
			t.Errorf("%s: daihoi backup: %d %s", name, code, errs.String())
		}
		if got, _ := os.ReadFile(path); !bytes.Equal(got, file) {
			t.Errorf("%s: the data file was changed: %d bytes, was %d", name, len(got), len(file))
		}
	}
}
