package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/daihoi/daihoi/demo"
)

// runTemplate is `daihoi template`: the demo congress as a congress file, for the organisers to
// edit into theirs (the roll, the accounts and their passwords, the agenda, the drafts, the
// elections) and install with `daihoi serve --congress FILE`.
func runTemplate(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintln(stderr, "daihoi template: không nhận tham số; ghi ra tệp bằng 'daihoi template > congress.json' / takes no arguments; write a file with 'daihoi template > congress.json'")
		return 2
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(demo.New().File()); err != nil {
		fmt.Fprintf(stderr, "daihoi template: %v\n", err)
		return 1
	}
	return 0
}
