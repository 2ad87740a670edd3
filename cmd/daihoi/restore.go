package main

import (
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/daihoi/daihoi/store"
)

// runRestore is `daihoi restore BACKUP --data DIR [--force]`: it audits the backup (as daihoi audit
// does) and puts it in place as DIR's data file (store.Restore). A folder that holds a data file is
// refused unless --force, which keeps the old file beside the new one. The server must be stopped.
func runRestore(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "", "thư mục dữ liệu nhận bản sao lưu / the data folder to restore into")
	force := fs.Bool("force", false, "thay tệp dữ liệu đang có (giữ lại bên cạnh) / replace the data file there (kept beside)")
	// The backup may come before the flags, as the help writes it.
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(files) != 1 || *data == "" {
		fmt.Fprintln(stderr, "cách dùng / usage: daihoi restore BACKUP --data DIR [--force]")
		return 2
	}
	rep, err := store.Restore(files[0], *data, *force, time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "daihoi restore: %s: %v\n", files[0], err)
		return 1
	}
	printAudit(stdout, files[0], rep)
	fmt.Fprintf(stdout, "đã khôi phục / restored %s → %s; chạy / run: daihoi serve --data %s\n", files[0], *data, *data)
	return 0
}
