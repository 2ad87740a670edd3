package server_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// The copies of the data file made before a download or a backup stay in the data folder, on the
// disk the ballots are on, and are removed once used; a copy a killed server left there is removed
// at the next start.
func TestCopiesOfTheFileStayInTheDataFolder(t *testing.T) {
	dir := t.TempDir()
	left := filepath.Join(dir, "daihoi-backup-123456")
	if err := os.WriteFile(left, []byte("a copy a killed server left"), 0o600); err != nil {
		t.Fatal(err)
	}
	h := openHall(t, dir, true)
	if _, err := os.Stat(left); !os.IsNotExist(err) {
		t.Fatalf("the copy left by an earlier run is still there (%v)", err)
	}
	before := files(t, dir)
	var backup []byte
	if err := h.Login("bantochuc").Do(context.Background(), "GET", "/api/backup", nil, &backup); err != nil || len(backup) < 4096 {
		t.Fatalf("backup: %d bytes, %v", len(backup), err)
	}
	if after := files(t, dir); !slices.Equal(before, after) {
		t.Fatalf("the data folder held %v before the download and %v after", before, after)
	}
}

func files(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
