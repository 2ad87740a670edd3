package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/google/uuid"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/demo"
	"github.com/daihoi/daihoi/server"
	"github.com/daihoi/daihoi/xlsx"
)

// runTemplate is `daihoi template [--roll ROLL.xlsx|ROLL.csv [--sheet NAME] [--convert]]`: the demo congress as a congress file, with new
// random passwords, for the organisers to edit into theirs (the accounts, the agenda, the drafts,
// the elections) and install with `daihoi serve --congress FILE`. With --roll, the roll is theirs, read
// from their spreadsheet, an .xlsx or a CSV saved from one (daihoi.ReadRollSheet); the demo's elections, whose candidates
// are the demo's people, are left out. A roll typed in the old TCVN3 or VNI fonts is shown cell by
// cell and converted to Unicode with --convert.
func runTemplate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("template", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rollCSV := fs.String("roll", "", "danh sách đại biểu (.xlsx, hoặc CSV từ bảng tính) / the roll, an .xlsx or a CSV saved from a spreadsheet")
	sheet := fs.String("sheet", "", "trang của bảng tính (mặc định: trang đầu) / the workbook's sheet (the first if not given)")
	convert := fs.Bool("convert", false, "chuyển tên gõ bằng phông TCVN3 (ABC) hoặc VNI sang Unicode / convert names typed in TCVN3 (ABC) or VNI fonts to Unicode")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(stderr, "daihoi template: ghi ra tệp bằng 'daihoi template > congress.json' / write a file with 'daihoi template > congress.json'")
		return 2
	}
	f := demo.New().File()
	if *rollCSV != "" {
		data, err := os.ReadFile(*rollCSV)
		if err != nil {
			fmt.Fprintf(stderr, "daihoi template: %v\n", err)
			return 1
		}
		file, err := xlsx.ReadFile(filepath.Base(*rollCSV), data, *sheet)
		if err != nil {
			fmt.Fprintf(stderr, "daihoi template: %v\n", err)
			return 2
		}
		// Ids follow from the congress, the number and the name: the same spreadsheet gives the same
		// ids again.
		ri, fonts := daihoi.ReadRollSheet(file.Rows, func(d daihoi.Delegate) string {
			return uuid.NewSHA1(uuid.NameSpaceURL, []byte(f.Congress.ID+"/"+strconv.Itoa(d.Number)+"/"+d.Name)).String()
		})
		if err := ri.Err(); err != nil {
			fmt.Fprintf(stderr, "daihoi template: %v\n", err)
			return 2
		}
		// Names in an old font are converted only when asked: the organiser sees them first.
		if err := fonts.Refused(*convert); err != nil {
			fmt.Fprintf(stderr, "daihoi template: %v\n", err)
			for i, c := range fonts.Cells {
				if i == 10 {
					fmt.Fprintf(stderr, "  … %d ô nữa / %d more cells\n", len(fonts.Cells)-i, len(fonts.Cells)-i)
					break
				}
				fmt.Fprintf(stderr, "  %s%d: «%s» → «%s»\n", c.Column, c.Row, c.Stored, c.Text)
			}
			fmt.Fprintln(stderr, "Chạy lại với --convert để chuyển. / Run again with --convert to convert.")
			return 2
		}
		if fonts.Converts() {
			vi, en := fonts.Summary()
			fmt.Fprintf(stderr, "%s\n%s\n", vi, en)
		}
		roll := ri.Roll()
		f.Roll = roll
		for i := range f.Accounts {
			f.Accounts[i].Delegate = "" // the demo's people are not on this roll
		}
		var polls []daihoi.Poll
		for _, p := range f.Polls {
			if p.Kind != daihoi.Election {
				polls = append(polls, p)
			}
		}
		f.Polls = polls
		fmt.Fprintf(stderr, "Danh sách: %d người từ %s. Các cuộc bầu cử mẫu đã bỏ: thêm cuộc bầu cử của đại hội vào \"polls\".\n"+
			"Roll: %d people from %s. The demo's elections are left out: add the congress's own to \"polls\".\n", len(roll), *rollCSV, len(roll), *rollCSV)
	}
	// The demo's passwords are printed by every demo server: the file gets new ones.
	for i := range f.Accounts {
		f.Accounts[i].Password = server.NewCode()[:12]
	}
	if err := f.Check(); err != nil { // a roll that would not install gives no file
		fmt.Fprintf(stderr, "daihoi template: %v\n", err)
		return 2
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(f); err != nil {
		fmt.Fprintf(stderr, "daihoi template: %v\n", err)
		return 1
	}
	return 0
}
