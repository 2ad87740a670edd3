package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/daihoi/daihoi/store"
)

// runBackup is `daihoi backup --data DIR OUT`: a consistent copy of the data file, made by
// compaction (store.DB.Backup): what the file holds, none of its free pages. While the server runs
// it holds the file; the organiser then downloads the same copy from the setup screen
// (GET /api/backup).
func runBackup(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "./data", "thư mục dữ liệu / data folder")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "cách dùng / usage: daihoi backup [--data DIR] OUT")
		return 2
	}
	out := fs.Arg(0)
	db, err := store.Open(*data, time.Second)
	if err != nil {
		fmt.Fprintf(stderr, "daihoi backup: %v\n(khi máy chủ đang chạy, Ban tổ chức tải bản sao tại /setup / while the server runs, the organiser downloads the copy from /setup)\n", err)
		return 1
	}
	defer db.Close()
	// Not while a poll takes ballots (State.BackupRefused), as from the setup page.
	st, _, err := db.Load()
	if err == nil {
		err = st.BackupRefused()
	}
	if err != nil {
		fmt.Fprintf(stderr, "daihoi backup: %v\n", err)
		return 1
	}
	f, err := os.OpenFile(out, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		fmt.Fprintf(stderr, "daihoi backup: %v\n", err)
		return 1
	}
	n, err := db.Backup(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(out)
		fmt.Fprintf(stderr, "daihoi backup: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "đã sao lưu / backed up %d bytes → %s\n", n, out)
	return 0
}
