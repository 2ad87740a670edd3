package report

import (
	"io"

	"github.com/daihoi/daihoi"
)

// Entry is a line of the entry log as printed: the record and the names of its station and of who
// made it.
type Entry struct {
	daihoi.EntryRecord
	StationName string
	WhoName     string
}

// EntryLog writes a poll's entry log (nhật ký nhập phiếu) as an A4 page: every paper ballot keyed,
// every batch's count and every correction after the comparison, in order.
func EntryLog(w io.Writer, p daihoi.Poll, log []Entry) error {
	corrections := 0
	for _, e := range log {
		if e.Kind == daihoi.EntryCorrected {
			corrections++
		}
	}
	return execute(w, "entrylog.html", map[string]any{"P": p, "Log": log, "Count": len(log), "Corrections": corrections})
}
