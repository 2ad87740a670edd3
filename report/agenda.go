package report

import (
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/daihoi/daihoi"
)

// Day is what the log of the day is printed from: the congress, its agenda, who spoke on each item
// (by item id, those who have spoken or are speaking) and what was put to the vote on it (by item
// id), at a moment.
type Day struct {
	Congress daihoi.Congress
	Agenda   []daihoi.AgendaItem
	Speakers map[string][]daihoi.Speaker
	Polls    map[string][]daihoi.Poll
	Now      time.Time
}

// Agenda writes the log of the day (nhật ký điều hành), in Vietnamese or, with lang "en", in
// English: each agenda item with its planned start and duration against when it really began and
// ended, with who spoke and what was put to the vote. An item under way is counted up to now.
func Agenda(w io.Writer, lang string, day Day) error {
	if lang != "en" {
		lang = "vi"
	}
	T := logWords[lang]
	now, congress, items, speakers, polls := day.Now, day.Congress, day.Agenda, day.Speakers, day.Polls
	if d, err := time.Parse("2006-01-02", congress.Date); err == nil {
		congress.Date = d.Format("02/01/2006")
	}
	page := logPage{Lang: lang, T: T, Congress: congress, Printed: now.Local().Format("15:04 02/01/2006")}
	sessions := map[string]*logSession{}
	var order []string
	n := 0
	for _, it := range items {
		ls := sessions[it.Sitting]
		if ls == nil {
			name := T[it.Sitting]
			if name == "" {
				name = it.Sitting
			}
			ls = &logSession{Name: name}
			sessions[it.Sitting] = ls
			order = append(order, it.Sitting)
		}
		n++
		row := logRow{N: n, Title: it.Title, State: T[string(it.State)], PlannedStart: it.PlannedStart, Minutes: it.Minutes,
			Started: hhmm(it.StartedAt), Ended: hhmm(it.EndedAt)}
		ls.PlannedMinutes += it.Minutes
		end := it.EndedAt
		if it.State == daihoi.Current {
			end = now
		}
		if !it.StartedAt.IsZero() && !end.IsZero() && it.State != daihoi.Pending {
			m := minutesBetween(it.StartedAt, end)
			row.Actual = fmt.Sprint(m)
			row.Over = m > it.Minutes
			if it.State != daihoi.Current || row.Over { // an item under way is not short of time yet
				row.Diff = signed(m - it.Minutes)
			}
			ls.ActualMinutes += m
		}
		sps := speakers[it.ID]
		sort.Slice(sps, func(i, j int) bool { return sps[i].StartedAt.Before(sps[j].StartedAt) })
		for _, sp := range sps {
			lsp := logSpeaker{Name: sp.Name, Unit: sp.Unit, Kind: T[sp.Kind], Title: sp.Title, Started: hhmm(sp.StartedAt)}
			end := sp.EndedAt
			if sp.State == daihoi.Speaking {
				end = now
			}
			if !sp.StartedAt.IsZero() && !end.IsZero() {
				d := end.Sub(sp.StartedAt).Round(time.Second)
				lsp.Duration = fmt.Sprintf("%d:%02d", int(d.Minutes()), int(d.Seconds())%60)
			}
			row.Speakers = append(row.Speakers, lsp)
		}
		ps := polls[it.ID]
		sort.Slice(ps, func(i, j int) bool {
			if ps[i].Round != ps[j].Round {
				return ps[i].Round < ps[j].Round
			}
			return ps[i].Title < ps[j].Title
		})
		for _, p := range ps {
			lp := logPoll{Title: p.Title, State: T[string(p.State)]}
			if p.State == daihoi.Published && p.Result != nil {
				if p.Kind == daihoi.Motion {
					lp.Outcome = T["notpassed"]
					if p.Result.Passed {
						lp.Outcome = T["passed"]
					}
					// The figures named, as the minutes give them; abstentions only where the ruleset offers them.
					lp.Outcome += fmt.Sprintf(": %s %d, %s %d", T["for"], p.Result.For, T["against"], p.Result.Against)
					if p.Settings.AbstainOption {
						lp.Outcome += fmt.Sprintf(", %s %d", T["abstain"], p.Result.Abstain)
					}
				} else {
					lp.Outcome = fmt.Sprintf("%d/%d %s", len(p.Result.Elected), p.Seats, T["elected"])
				}
			}
			row.Polls = append(row.Polls, lp)
		}
		ls.Rows = append(ls.Rows, row)
	}
	for _, key := range order {
		page.Sessions = append(page.Sessions, *sessions[key])
	}
	return execute(w, "agenda.html", page)
}

// logRow is one agenda item in the printed log.
type logRow struct {
	N            int
	Title        string
	State        string
	PlannedStart string
	Minutes      int
	Started      string
	Ended        string
	Actual       string // minutes taken, "" when the item did not run
	Diff         string // actual − planned, "+3", "−2", "0"
	Over         bool
	Speakers     []logSpeaker
	Polls        []logPoll
}

type logSpeaker struct {
	Name, Unit, Kind, Title, Started, Duration string
}

type logPoll struct {
	Title, State, Outcome string
}

type logSession struct {
	Name           string
	Rows           []logRow
	PlannedMinutes int
	ActualMinutes  int
}

type logPage struct {
	Lang     string
	T        map[string]string
	Congress daihoi.Congress
	Printed  string
	Sessions []logSession
}

var logWords = map[string]map[string]string{
	"vi": {
		"title": "Nhật ký điều hành Đại hội: kế hoạch và thực tế", "printed": "In lúc",
		"n": "TT", "item": "Nội dung", "planned": "Dự kiến", "start": "Bắt đầu", "min": "Phút",
		"actual": "Thực tế", "end": "Kết thúc", "diff": "Chênh lệch", "state": "Tình trạng",
		"preparatory": "Phiên trù bị", "official": "Phiên chính thức", "total": "Cộng",
		"pending": "Chưa thực hiện", "current": "Đang diễn ra", "done": "Đã xong", "skipped": "Bỏ qua",
		"speakers": "Phát biểu", "polls": "Biểu quyết, bầu cử", "print": "In trang này",
		"discussion": "thảo luận", "prepared": "tham luận",
		"draft": "chưa mở", "open": "đang bỏ phiếu", "closed": "đã kết thúc, chờ xác nhận", "counted": "đã kiểm phiếu, chờ công bố", "published": "đã công bố",
		"passed": "thông qua", "notpassed": "không thông qua", "elected": "trúng cử",
		"for": "tán thành", "against": "không tán thành", "abstain": "không biểu quyết",
		"sign": "Đoàn Chủ tịch Đại hội", "secretary": "Đoàn Thư ký Đại hội",
	},
	"en": {
		"title": "Log of the congress: planned and actual", "printed": "Printed at",
		"n": "No.", "item": "Item", "planned": "Planned", "start": "Start", "min": "Min",
		"actual": "Actual", "end": "End", "diff": "Diff", "state": "State",
		"preparatory": "Preparatory session", "official": "Official session", "total": "Total",
		"pending": "Not yet", "current": "Under way", "done": "Done", "skipped": "Skipped",
		"speakers": "Speakers", "polls": "Votes and elections", "print": "Print this page",
		"discussion": "discussion", "prepared": "prepared contribution",
		"draft": "not opened", "open": "voting", "closed": "closed, awaiting confirmation", "counted": "counted, awaiting publication", "published": "published",
		"passed": "passed", "notpassed": "not passed", "elected": "elected",
		"for": "for", "against": "against", "abstain": "abstain",
		"sign": "Presidium of the congress", "secretary": "Secretariat of the congress",
	},
}

func hhmm(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("15:04")
}

// minutesBetween rounds a duration to whole minutes.
func minutesBetween(a, b time.Time) int { return int(b.Sub(a).Round(time.Minute) / time.Minute) }

func signed(n int) string {
	switch {
	case n > 0:
		return fmt.Sprintf("+%d", n)
	case n < 0:
		return fmt.Sprintf("−%d", -n)
	}
	return "0"
}
