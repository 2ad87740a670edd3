package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/server"
	"github.com/daihoi/daihoi/store"
)

// runExport is `daihoi export --data DIR [--out DIR]`: every closed poll as a daihoi/poll-v1 record
// (ballots in canonical order, the seal digest), for the tellers' independent recount with
// `daihoi tally`. It reads the data file, so the server must be stopped; while it runs, the tellers
// download each record from their screen (GET /api/polls/{id}/record).
func runExport(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "./data", "thư mục dữ liệu / data folder")
	out := fs.String("out", ".", "thư mục ghi bản ghi / folder to write the records to")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 0 {
		fmt.Fprintln(stderr, "cách dùng / usage: daihoi export [--data DIR] [--out DIR]")
		return 2
	}
	files, skipped, err := Export(*data, *out)
	if err != nil {
		fmt.Fprintf(stderr, "daihoi export: %v\n", err)
		if daihoi.ErrorCode(err) == daihoi.ECONFLICT {
			fmt.Fprintln(stderr, "(khi máy chủ đang chạy, Ban kiểm phiếu tải từng bản ghi tại /teller / while the server runs, the tellers download each record from /teller)")
		}
		return 1
	}
	for _, f := range files {
		fmt.Fprintf(stdout, "đã ghi / wrote %s\n", f)
	}
	for _, s := range skipped {
		fmt.Fprintf(stderr, "daihoi export: bỏ qua / skipped %s\n", s)
	}
	fmt.Fprintf(stdout, "%d bản ghi / records → %s\n", len(files), *out)
	if len(skipped) > 0 {
		return 1
	}
	return 0
}

// Export writes every closed poll of the data folder as a record into out, named by its order and
// title ("01-bau-ban-chap-hanh-vong-1.json"). A closed poll that cannot be recorded yet (a paper
// count not final, a show of hands without its counts) is skipped and named with the reason.
func Export(data, out string) (files, skipped []string, err error) {
	db, err := store.Open(data, time.Second)
	if err != nil {
		return nil, nil, err
	}
	defer db.Close()
	srv, err := server.New(db, server.Options{})
	if err != nil {
		return nil, nil, err
	}
	defer srv.Close()
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, nil, err
	}
	n := 0
	for _, p := range srv.Polls() {
		if p.State == daihoi.Draft || p.State == daihoi.Open {
			continue
		}
		rec, err := srv.PollRecord(p.ID)
		if err != nil {
			vi, en := daihoi.ErrorMessages(err)
			skipped = append(skipped, fmt.Sprintf("%q: %s / %s", p.Title, vi, en))
			continue
		}
		n++
		name := fmt.Sprintf("%02d-%s", n, slug(p.Title))
		if p.Kind == daihoi.Election {
			name += fmt.Sprintf("-vong-%d", max(p.Round, 1))
		}
		b, err := json.MarshalIndent(rec, "", " ")
		if err != nil {
			return files, skipped, err
		}
		path := filepath.Join(out, name+".json")
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			return files, skipped, err
		}
		files = append(files, path)
	}
	return files, skipped, nil
}

// slug makes a file name of a Vietnamese title: no diacritics, lower case, words joined by "-".
func slug(title string) string {
	var sb strings.Builder
	dash := false
	for _, r := range norm.NFD.String(title) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		}
		r = unicode.ToLower(r)
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			sb.WriteRune(r)
			dash = false
		} else if !dash && sb.Len() > 0 {
			sb.WriteByte('-')
			dash = true
		}
		if sb.Len() >= 60 {
			break
		}
	}
	s := strings.Trim(sb.String(), "-")
	if s == "" {
		s = "poll"
	}
	return s
}
