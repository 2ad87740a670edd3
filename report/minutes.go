package report

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/daihoi/daihoi"
)

type minutesData struct {
	M        daihoi.Minutes
	Date     string
	Place    string
	Opening  string
	Finished string
	Mode     string
	Settings []daihoi.SettingInfo
	Announce []string
}

// now is the clock the minutes read their finishing time from; tests set it.
var now = time.Now

// Minutes writes the minutes of a count (biên bản kiểm phiếu) as an A4 page to print from the
// browser, with the announcement the head of the tellers reads to the congress on a page of its own.
func Minutes(w io.Writer, m daihoi.Minutes) error {
	return execute(w, "minutes.html", minutesData{M: m, Date: minutesDate(m), Place: minutesPlace(m), Opening: minutesOpening(m),
		Finished: minutesFinished(m), Mode: modeVi(m.Poll, m.Congress.Type), Settings: minutesSettings(m), Announce: m.Announcement()})
}

// minutesDay is the day the minutes are dated: the day the poll closed, else the congress's first.
func minutesDay(m daihoi.Minutes) string {
	if !m.Poll.ClosedAt.IsZero() {
		return m.Poll.ClosedAt.Local().Format("2006-01-02")
	}
	return m.Congress.Date
}

// minutesPlace is the place and date under «ĐẢNG CỘNG SẢN VIỆT NAM», as on the credential report,
// dated the day of the count.
func minutesPlace(m daihoi.Minutes) string {
	return placeLine(daihoi.Congress{Organisation: m.Congress.Organisation, Date: minutesDay(m)})
}

// clockVi writes a time of day as the minutes say it: "10 giờ 42 phút".
func clockVi(t time.Time) string {
	return fmt.Sprintf("%02d giờ %02d phút", t.Hour(), t.Minute())
}

// minutesOpening is the minutes' first sentence: when and where the count began, by whom, and of
// what. The count begins when the poll closes; a venue not entered is left blank to fill in.
func minutesOpening(m daihoi.Minutes) string {
	at := "Hồi … giờ … phút, " + minutesDate(m)
	if t := m.Poll.ClosedAt; !t.IsZero() {
		at = "Hồi " + clockVi(t.Local()) + ", " + minutesDate(m)
	} else if t := m.Poll.OpenedAt; !t.IsZero() {
		at = "Hồi " + clockVi(t.Local()) + ", " + minutesDate(m)
	}
	venue := strings.TrimSpace(m.Congress.Venue)
	if venue == "" {
		venue = "……………………………………"
	}
	what := lowerFirst(strings.TrimSpace(m.Poll.Title))
	congress := strings.TrimSpace(m.Congress.Title)
	if !m.Poll.TellersConfirm() {
		return fmt.Sprintf("%s, tại %s, %s biểu quyết %s; Đoàn Chủ tịch kiểm đếm và công bố kết quả như sau.", at, venue, congress, what)
	}
	return fmt.Sprintf("%s, tại %s, Ban Kiểm phiếu %s gồm các đồng chí có tên dưới đây đã tiến hành kiểm phiếu %s.", at, venue, congress, what)
}

// minutesFinished is the time the minutes are finished, to be read and signed: when they are
// printed, and never before the poll closed.
func minutesFinished(m daihoi.Minutes) string {
	t := now()
	if c := m.Poll.ClosedAt; t.Before(c) {
		t = c
	}
	return clockVi(t.Local())
}

// minutesSettings are the rules that bear on this kind of poll: a motion's minutes do not print
// the rules of ballots and surplus, an election's not the motion's third option.
func minutesSettings(m daihoi.Minutes) []daihoi.SettingInfo {
	var out []daihoi.SettingInfo
	for _, s := range m.Settings {
		election := strings.HasPrefix(s.Key, "surplus_") || s.Key == "small_body_max_extra" || s.Key == "all_struck_invalid"
		if m.Poll.Kind == daihoi.Motion && election || m.Poll.Kind == daihoi.Election && s.Key == "abstain_option" {
			continue
		}
		out = append(out, s)
	}
	return out
}

// keepComrade joins «đồng chí» with a no-break space, so that a title never ends a line on «đồng».
func keepComrade(s string) string {
	return strings.NewReplacer("đồng chí", "đồng\u00a0chí", "Đồng chí", "Đồng\u00a0chí").Replace(s)
}

// lowerFirst lowers a title's first letter to run on in a sentence: «Bầu …» → «bầu …».
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
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
