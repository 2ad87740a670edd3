package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/daihoi/daihoi"
)

// runTally is `daihoi tally FILE`: the tellers' independent recount. It shares the root package's
// rules and nothing of the server.
func runTally(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(stderr, "cách dùng / usage: daihoi tally FILE")
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "daihoi tally: %s: %v\n", args[0], err)
		return 2
	}
	data, err := os.ReadFile(args[0])
	if err != nil {
		return fail(daihoi.Errorf(daihoi.EINVALID, "không đọc được tệp: %v", "cannot read the file: %v", err))
	}
	out, err := TallyRecord(data)
	if err != nil {
		return fail(err)
	}
	stdout.Write(out)
	return 0
}

// TallyRecord counts one daihoi/poll-v1 record and returns the result as indented JSON. When the
// record carries the digest of its sealed ballot box, the digest is recomputed and must match.
func TallyRecord(data []byte) ([]byte, error) {
	rec, err := daihoi.DecodeRecord(data)
	if err != nil {
		return nil, err
	}
	res, err := rec.Tally()
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(res)
	if err != nil {
		return nil, err
	}
	if rec.Counts == nil {
		_, digest := daihoi.SealBallots(rec.Ballots)
		if rec.Digest != "" && rec.Digest != digest {
			return nil, daihoi.Errorf(daihoi.EINVALID, "mã niêm phong %s không khớp với các phiếu (tính lại: %s)", "the seal digest %s does not match the ballots (recomputed: %s)", rec.Digest, digest)
		}
		var m map[string]json.RawMessage
		_ = json.Unmarshal(body, &m)
		m["digest"], _ = json.Marshal(digest)
		body, _ = json.Marshal(m)
	}
	var buf []byte
	var v any
	_ = json.Unmarshal(body, &v)
	buf, err = json.MarshalIndent(v, "", "  ")
	return append(buf, '\n'), err
}
