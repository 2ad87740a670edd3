package server

import (
	"fmt"
	"html/template"
	"net/http"
	"sort"
	"time"

	"github.com/daihoi/daihoi"
)

// presidiumRoutes serves what the presidium's console needs beyond the API: the printable log of the
// day, planned against actual.
func (s *Server) presidiumRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /print/agenda", s.allow(s.printAgenda, daihoi.Presidium, daihoi.Secretariat, daihoi.Organiser))
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

var logTemplate = template.Must(template.New("log").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{{.T.title}}</title>
<style>
body { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; margin: 1.5cm; color: #000; font-size: 11pt; }
h1 { font-size: 15pt; margin: 0 0 .2em; text-align: center; text-transform: uppercase; }
h2 { font-size: 13pt; margin: 1.2em 0 .4em; }
.sub { text-align: center; margin: 0 0 .2em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #444; padding: 3px 5px; vertical-align: top; }
th { background: #eee; font-size: 9.5pt; }
td.num { text-align: right; white-space: nowrap; }
td.c { text-align: center; white-space: nowrap; }
.over { color: #b3121b; font-weight: bold; }
.skipped td { color: #666; font-style: italic; }
.detail { font-size: 9.5pt; margin: .2em 0 0 0; padding-left: 1.1em; }
.detail ol, .detail ul { margin: .1em 0; padding-left: 1.4em; }
table { table-layout: fixed; }
col.n { width: 2.2em; } col.t { width: auto; } col.h { width: 4.2em; } col.m { width: 3.4em; } col.s { width: 8em; }
tfoot td { font-weight: bold; }
.signs { display: flex; justify-content: space-around; margin-top: 2em; text-align: center; }
.signs div { min-width: 30%; }
.signs p { margin: 0 0 5em; font-weight: bold; }
.noprint { margin-bottom: 1em; }
@media print { .noprint { display: none; } body { margin: 0; } }
</style></head><body>
<div class="noprint"><button onclick="print()">{{.T.print}}</button></div>
<h1>{{.T.title}}</h1>
<p class="sub"><b>{{.Congress.Title}}</b></p>
<p class="sub">{{.Congress.Venue}}{{if .Congress.Date}} · {{.Congress.Date}}{{end}} · {{.T.printed}} {{.Printed}}</p>
{{range .Sessions}}
<h2>{{.Name}}</h2>
<table>
<colgroup><col class="n"><col class="t"><col class="h"><col class="m"><col class="h"><col class="h"><col class="m"><col class="h"><col class="s"></colgroup>
<thead>
<tr><th rowspan="2">{{$.T.n}}</th><th rowspan="2">{{$.T.item}}</th><th colspan="2">{{$.T.planned}}</th><th colspan="3">{{$.T.actual}}</th><th rowspan="2">{{$.T.diff}}</th><th rowspan="2">{{$.T.state}}</th></tr>
<tr><th>{{$.T.start}}</th><th>{{$.T.min}}</th><th>{{$.T.start}}</th><th>{{$.T.end}}</th><th>{{$.T.min}}</th></tr>
</thead>
<tbody>
{{range .Rows}}
<tr{{if eq .State $.T.skipped}} class="skipped"{{end}}>
<td class="c">{{.N}}</td>
<td>{{.Title}}
{{if .Speakers}}<div class="detail">{{$.T.speakers}}:<ol>{{range .Speakers}}<li>{{.Name}}{{if .Unit}} ({{.Unit}}){{end}} — {{.Kind}}{{if .Title}}: «{{.Title}}»{{end}}{{if .Started}}, {{.Started}}{{end}}{{if .Duration}}, {{.Duration}}{{end}}</li>{{end}}</ol></div>{{end}}
{{if .Polls}}<div class="detail">{{$.T.polls}}:<ul>{{range .Polls}}<li>{{.Title}} — {{.State}}{{if .Outcome}}: {{.Outcome}}{{end}}</li>{{end}}</ul></div>{{end}}
</td>
<td class="c">{{.PlannedStart}}</td><td class="num">{{.Minutes}}</td>
<td class="c">{{.Started}}</td><td class="c">{{.Ended}}</td><td class="num">{{.Actual}}</td>
<td class="num{{if .Over}} over{{end}}">{{.Diff}}</td><td>{{.State}}</td>
</tr>
{{end}}
</tbody>
<tfoot><tr><td></td><td>{{$.T.total}}</td><td></td><td class="num">{{.PlannedMinutes}}</td><td></td><td></td><td class="num">{{.ActualMinutes}}</td><td></td><td></td></tr></tfoot>
</table>
{{end}}
<div class="signs"><div><p>{{.T.secretary}}</p></div><div><p>{{.T.sign}}</p></div></div>
</body></html>
`))

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

// printAgenda is the log of the day: each agenda item with its planned start and duration against
// when it really began and ended, with who spoke and what was put to the vote.
func (s *Server) printAgenda(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	lang := r.URL.Query().Get("lang")
	if lang != "en" {
		lang = "vi"
	}
	T := logWords[lang]
	now := s.now()

	s.mu.RLock()
	congress := s.state.Congress
	items := append([]daihoi.AgendaItem(nil), s.state.Agenda...)
	speakers := map[string][]daihoi.Speaker{}
	for _, sp := range s.state.Speakers {
		if sp.State == daihoi.Speaking || sp.State == daihoi.Spoke {
			speakers[sp.Item] = append(speakers[sp.Item], sp)
		}
	}
	polls := map[string][]daihoi.Poll{}
	for _, p := range s.state.Polls {
		if p.AgendaItem != "" {
			polls[p.AgendaItem] = append(polls[p.AgendaItem], p)
		}
	}
	s.mu.RUnlock()

	if d, err := time.Parse("2006-01-02", congress.Date); err == nil {
		congress.Date = d.Format("02/01/2006")
	}
	page := logPage{Lang: lang, T: T, Congress: congress, Printed: now.Local().Format("15:04 02/01/2006")}
	sessions := map[string]*logSession{}
	var order []string
	n := 0
	for _, it := range items {
		ls := sessions[it.Session]
		if ls == nil {
			name := T[it.Session]
			if name == "" {
				name = it.Session
			}
			ls = &logSession{Name: name}
			sessions[it.Session] = ls
			order = append(order, it.Session)
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
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := logTemplate.Execute(w, page); err != nil {
		s.log.Error("print agenda", "err", err)
	}
}
