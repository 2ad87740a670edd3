package report

import (
	"fmt"
	"io"
	"time"

	"github.com/daihoi/daihoi"
)

type minutesData struct {
	M        daihoi.Minutes
	Date     string
	Mode     string
	Announce []string
}

// Minutes writes the minutes of a count (biên bản kiểm phiếu) as an A4 page to print from the
// browser, with the announcement the head of the tellers reads to the congress on a page of its own.
func Minutes(w io.Writer, m daihoi.Minutes) error {
	return execute(w, "minutes.html", minutesData{M: m, Date: minutesDate(m), Mode: modeVi(m.Poll, m.Congress.Type), Announce: m.Announcement()})
}

// viDate writes a date as Vietnamese documents do: "ngày 05 tháng 12 năm 2026".
func viDate(t time.Time) string {
	return fmt.Sprintf("ngày %02d tháng %02d năm %d", t.Day(), int(t.Month()), t.Year())
}

// minutesDate is the date the minutes are dated: the day the poll closed, else the congress's.
func minutesDate(m daihoi.Minutes) string {
	if !m.Poll.ClosedAt.IsZero() {
		return viDate(m.Poll.ClosedAt.Local())
	}
	if t, err := time.Parse("2006-01-02", m.Congress.Date); err == nil {
		return viDate(t)
	}
	return "ngày … tháng … năm …"
}

// modeVi names how the poll was held, as the minutes say it: a show of hands raises the delegate
// card at a representative congress, the Party card at a party-member congress.
func modeVi(p daihoi.Poll, t daihoi.CongressType) string {
	switch {
	case p.Mode == daihoi.Hands:
		if t == daihoi.MemberCongress {
			return "biểu quyết giơ thẻ đảng viên"
		}
		return "biểu quyết giơ thẻ đại biểu"
	case p.Mode == daihoi.Named:
		return "biểu quyết công khai trên máy tính bảng"
	case p.Tablet && p.Paper:
		return "bỏ phiếu kín trên máy tính bảng và bằng phiếu giấy"
	case p.Paper:
		return "bỏ phiếu kín bằng phiếu giấy"
	}
	return "bỏ phiếu kín trên máy tính bảng"
}
