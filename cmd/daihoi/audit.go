package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"time"

	"github.com/daihoi/daihoi/store"
)

// runAudit is `daihoi audit [--data DIR] [FILE]`: it checks a data folder's file, or a backup
// file, read-only (store.Audit): the chain of events, each poll's roll, box and receipts, and each
// closed poll's ballots against their seal. It prints what it checked and exits 0, or names the
// first event or poll that fails and exits 1. The server must be stopped (it holds the file); a
// backup can be checked while it runs.
func runAudit(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "./data", "thư mục dữ liệu / data folder")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	path := filepath.Join(*data, store.FileName)
	switch fs.NArg() {
	case 0:
	case 1:
		path = fs.Arg(0)
	default:
		fmt.Fprintln(stderr, "cách dùng / usage: daihoi audit [--data DIR] [FILE]")
		return 2
	}
	rep, err := store.Audit(path, time.Second)
	if err != nil {
		fmt.Fprintf(stderr, "daihoi audit: %s: %v\n", path, err)
		return 1
	}
	printAudit(stdout, path, rep)
	return 0
}

// printAudit writes what an audit checked, and each sealed poll's mark as the minutes print it.
func printAudit(w io.Writer, path string, rep store.AuditReport) {
	fmt.Fprintf(w, "đã kiểm tra / audited %s\n", path)
	fmt.Fprintf(w, "  %d sự kiện, chuỗi liền mạch / events, chain unbroken; đầu chuỗi / head %s\n", rep.Events, rep.Head)
	fmt.Fprintf(w, "  %d cuộc bỏ phiếu có hòm phiếu, %d đã niêm phong khớp mã / polls with a box, %d sealed and matching\n", rep.Polls, rep.Sealed, rep.Sealed)
	fmt.Fprintf(w, "  %d phiếu; danh sách cử tri, hòm phiếu và mã biên nhận khớp số / ballots; roll, box and receipts agree\n", rep.Ballots)
	polls := make([]string, 0, len(rep.Seals))
	for p := range rep.Seals {
		polls = append(polls, p)
	}
	slices.Sort(polls)
	for _, p := range polls {
		m := rep.Seals[p]
		fmt.Fprintf(w, "  niêm phong / seal %s: sự kiện / event #%d, đầu chuỗi / head %s\n", p, m.Seq, m.Head)
	}
}
