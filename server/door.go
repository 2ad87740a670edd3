package server

// The door and the organisers' paperwork: the credential report (JSON and a printable A4 page),
// the delegates' cards with their QR codes, and the printable list of comments on the drafts.

import (
	"bytes"
	"html/template"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	qrcode "github.com/skip2/go-qrcode"

	"github.com/daihoi/daihoi"
)

func (s *Server) doorRoutes(m *http.ServeMux) {
	report := []daihoi.Role{daihoi.Organiser, daihoi.Presidium, daihoi.Secretariat, daihoi.Teller, daihoi.CheckIn}
	m.HandleFunc("GET /api/credentials", s.allow(s.credentials, report...))
	m.HandleFunc("GET /print/credentials", s.allowPage(s.printCredentials, report...))
	m.HandleFunc("GET /api/cards/{delegate}/qr.png", s.allow(s.cardQR, daihoi.Organiser))
	m.HandleFunc("GET /print/cards", s.allowPage(s.printCards, daihoi.Organiser))
	m.HandleFunc("POST /api/cards/{delegate}/reissue", s.allow(s.reissueCard, daihoi.Organiser))
	m.HandleFunc("GET /print/comments", s.allowPage(s.printComments, daihoi.Organiser, daihoi.Presidium, daihoi.Secretariat))
}

// allowPage is allow for a page a person opens in the browser: refusals come as a page, not JSON.
func (s *Server) allowPage(h handler, roles ...daihoi.Role) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess, ok := s.session(r)
		if ok {
			for _, role := range roles {
				if sess.Role == role {
					h(w, r, sess)
					return
				}
			}
		}
		vi, en := "Cần đăng nhập trước khi mở trang này.", "Please sign in before opening this page."
		status := http.StatusUnauthorized
		if ok {
			vi, en = "Tài khoản này không được xem trang này.", "This account may not see this page."
			status = http.StatusForbidden
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		w.Write([]byte("<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'><title>daihoi</title>" +
			"<body style='font:22px sans-serif;padding:2em'><p>" + htmlEscape(vi) + "</p><p lang=en style='color:#555'>" + htmlEscape(en) +
			"</p><p><a href='/'>Trang chủ / Home</a></p>"))
	}
}

func (s *Server) credentialReport() daihoi.CredentialReport {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return daihoi.NewCredentialReport(s.state.Congress, s.state.Roll())
}

func (s *Server) credentials(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	writeJSON(w, http.StatusOK, s.credentialReport())
}

// --- printable pages

// printCSS is shared by the printed pages: A4, black on white, a serif with Vietnamese glyphs; on
// screen, the sheet sits on a grey desk with a print button above it.
const printCSS = `
@page { size: A4; margin: 18mm 16mm 18mm 22mm; }
* { box-sizing: border-box; }
html, body { margin: 0; background: #e6e3dc; color: #000; }
body { font-family: "Times New Roman", "Liberation Serif", "Noto Serif", "DejaVu Serif", serif; font-size: 13pt; line-height: 1.45; }
.bar { font-family: "Noto Sans", "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 16px; display: flex; gap: 12px;
  align-items: center; justify-content: center; padding: 10px; background: #b3121b; color: #fff; }
.bar a, .bar button { font: inherit; font-weight: 600; color: #fff; background: transparent; border: 2px solid rgba(255,255,255,.7);
  border-radius: 8px; padding: 6px 14px; text-decoration: none; cursor: pointer; }
.bar button.print { background: #fff; color: #b3121b; border-color: #fff; }
.sheet { background: #fff; width: 210mm; min-height: 297mm; margin: 16px auto; padding: 18mm 16mm 18mm 22mm; box-shadow: 0 2px 10px rgba(0,0,0,.25); }
.head { display: grid; grid-template-columns: 45% 55%; text-align: center; margin-bottom: 6mm; }
.head .org { font-weight: 700; text-transform: uppercase; font-size: 12pt; }
.head .party { font-weight: 700; text-decoration: underline; font-size: 13pt; }
.head .place { font-style: italic; margin-top: 3mm; }
h1 { text-align: center; font-size: 15pt; margin: 4mm 0 0; text-transform: uppercase; }
h1 + .sub { text-align: center; font-weight: 700; margin: 1mm 0 5mm; }
h2 { font-size: 13pt; margin: 5mm 0 2mm; text-transform: uppercase; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 13pt; margin: 4mm 0 1mm; break-after: avoid; page-break-after: avoid; }
p { margin: 1.5mm 0; text-align: justify; }
ul.lines { margin: 1mm 0; padding-left: 8mm; }
ul.lines li { margin: .8mm 0; }
table { border-collapse: collapse; width: 100%; margin: 1.5mm 0 3mm; page-break-inside: avoid; }
th, td { border: 1px solid #000; padding: 1mm 2mm; text-align: left; vertical-align: top; }
th { font-weight: 700; text-align: center; }
td.n, td.p { text-align: right; white-space: nowrap; width: 28mm; }
tr.total td { font-weight: 700; }
.verdict { font-weight: 700; }
.sign { display: grid; grid-template-columns: 35% 65%; margin-top: 8mm; page-break-inside: avoid; }
.sign .who { grid-column: 2; text-align: center; font-weight: 700; }
.sign .blank { height: 24mm; }
.sign .line { font-weight: 400; font-style: italic; }
.muted { color: #444; font-size: 11pt; }
@media print {
  html, body { background: #fff; }
  .bar { display: none; }
  .sheet { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
}
`

// page is what every printed page gets: the congress and the time the figures were taken.
type page struct {
	CSS       template.CSS
	Title     string // <title>
	Back      string // the screen to go back to
	Congress  daihoi.Congress
	OrgUpper  string
	Place     string // "Phường Bến Thành, ngày 05 tháng 12 năm 2026"
	Taken     string // "08:15 ngày 05/12/2026"
	Delegates string // "đại biểu" or "đảng viên"
}

func (s *Server) newPage(title, back string) page {
	s.mu.RLock()
	c := s.state.Congress
	s.mu.RUnlock()
	p := page{CSS: template.CSS(printCSS), Title: title, Back: back, Congress: c,
		OrgUpper: strings.ToUpper(c.Organisation), Delegates: "đại biểu"}
	if c.Type == daihoi.MemberCongress {
		p.Delegates = "đảng viên"
	}
	p.Place = placeLine(c)
	now := s.now()
	p.Taken = now.Format("15:04") + " ngày " + now.Format("02/01/2006")
	return p
}

// placeLine is the place and date under "ĐẢNG CỘNG SẢN VIỆT NAM": the place is the organisation
// without the kind of Party organisation ("Đảng bộ", "Đảng bộ bộ phận", "Chi bộ"), the date the
// congress's first day.
func placeLine(c daihoi.Congress) string {
	place := strings.TrimSpace(c.Organisation)
	// The longest kind first: «Đảng bộ bộ phận X» is X, not «Bộ phận X».
	for _, pre := range []string{"Đảng bộ bộ phận ", "Đảng bộ ", "Chi bộ "} {
		if strings.HasPrefix(place, pre) {
			place = strings.TrimPrefix(place, pre)
			break
		}
	}
	if r, n := utf8.DecodeRuneInString(place); n > 0 {
		place = string(unicode.ToUpper(r)) + place[n:]
	}
	date := "ngày … tháng … năm …"
	if t, err := time.Parse("2006-01-02", c.Date); err == nil {
		date = "ngày " + t.Format("02") + " tháng " + t.Format("01") + " năm " + t.Format("2006")
	}
	if place == "" {
		return date
	}
	return place + ", " + date
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, t *template.Template, data any) {
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

const pageTop = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title><style>{{.CSS}}</style></head><body>
<div class="bar"><a href="{{.Back}}">← Quay lại / Back</a><button class="print" onclick="window.print()">In trang này (A4) / Print</button></div>
`

var credentialsPage = template.Must(template.New("credentials").Funcs(template.FuncMap{
	"n":  formatInt,
	"vi": daihoi.DecimalVi,
	"args": func(title, group string, list []daihoi.Share) sharesArgs {
		return sharesArgs{Title: title, Group: group, List: list}
	},
}).Parse(pageTop + `
<div class="sheet" id="report">
<div class="head">
  <div><div class="org">{{.OrgUpper}}</div><div class="org">BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU</div><div>*</div></div>
  <div><div class="party">ĐẢNG CỘNG SẢN VIỆT NAM</div><div class="place">{{.Place}}</div></div>
</div>
<h1>Báo cáo thẩm tra tư cách {{.Delegates}}</h1>
<div class="sub" id="cr-congress">{{.Congress.Title}}</div>
{{with .R}}
<p>Căn cứ danh sách {{$.Delegates}} được triệu tập và kết quả đón tiếp, điểm danh {{$.Delegates}} (số liệu lúc {{$.Taken}}), Ban Thẩm tra tư cách {{$.Delegates}} báo cáo Đại hội như sau:</p>

<h2>I. {{$.Delegates}} được triệu tập</h2>
<table>
<tr><td>Tổng số {{$.Delegates}} được triệu tập</td><td class="n" id="cr-summoned">{{n .Summoned}}</td></tr>
{{if eq .Type "members"}}
<tr><td>– Đảng viên chính thức</td><td class="n" id="cr-elected">{{n .Elected}}</td></tr>
{{else}}
<tr><td>– Đại biểu chính thức do các chi bộ, đảng bộ cơ sở bầu</td><td class="n" id="cr-elected">{{n .Elected}}</td></tr>
<tr><td>– Đại biểu đương nhiên (Ban Chấp hành khóa đương nhiệm)</td><td class="n" id="cr-ex-officio">{{n .ExOfficio}}</td></tr>
{{end}}
<tr><td>– Đại biểu dự khuyết</td><td class="n" id="cr-alternates">{{n .Alternates}}</td></tr>
<tr><td>&nbsp;&nbsp;trong đó được thay thế đại biểu chính thức</td><td class="n" id="cr-alternates-replacing">{{n .AlternatesReplacing}}</td></tr>
{{range .Excluded}}<tr><td>– {{.Vi}} (không tính vào tổng số)</td><td class="n">{{n .Count}}</td></tr>{{end}}
</table>

<h2>II. {{$.Delegates}} có mặt</h2>
<table>
<tr><td>Tổng số {{$.Delegates}} để tính tỉ lệ{{if eq .Type "members"}} (đảng viên chính thức, trừ đảng viên sinh hoạt tạm thời nơi khác, bị đình chỉ, truy tố, tạm giam, được miễn sinh hoạt mà vắng mặt và vắng mặt có lý do){{else}} (đại biểu chính thức được triệu tập, trừ đại biểu đương nhiên vắng mặt và đại biểu chính thức vắng mặt không có đại biểu dự khuyết thay thế){{end}}</td><td class="n" id="cr-base">{{n .Attendance.Base}}</td></tr>
<tr class="total"><td>Có mặt</td><td class="n" id="cr-present">{{n .Attendance.Present}}</td></tr>
<tr><td>Tỉ lệ có mặt so với tổng số (%)</td><td class="n" id="cr-present-percent">{{vi .PresentPercent}}</td></tr>
{{if .AlternatesIn}}<tr><td>&nbsp;&nbsp;trong đó đại biểu dự khuyết ngồi thay đại biểu chính thức</td><td class="n" id="cr-alternates-in">{{n .AlternatesIn}}</td></tr>{{end}}
<tr><td>Vắng mặt có lý do</td><td class="n" id="cr-absent-reason">{{n .AbsentReason}}</td></tr>
<tr><td>Vắng mặt không có lý do</td><td class="n" id="cr-absent-noreason">{{n .AbsentNoReason}}</td></tr>
<tr><td>Chưa đến (chưa điểm danh)</td><td class="n" id="cr-not-arrived">{{n .Attendance.NotArrived}}</td></tr>
</table>
{{if .Absentees}}
<h3>Danh sách vắng mặt</h3>
<table id="cr-absentees">
<tr><th>Số</th><th>Họ và tên</th><th>Đơn vị</th><th>Lý do</th></tr>
{{range .Absentees}}<tr><td>{{.Number}}</td><td>{{.Name}}</td><td>{{.Unit}}</td><td>{{if .WithReason}}Có lý do: {{.Reason}}{{else}}Không có lý do{{end}}{{if .ReplacedBy}}; đại biểu dự khuyết {{.ReplacedBy}} thay thế{{end}}</td></tr>{{end}}
</table>
{{end}}
<p id="cr-quorum">Theo Quy chế làm việc, Đại hội hợp lệ khi có ít nhất {{.QuorumShare}} tổng số {{$.Delegates}} có mặt, tức là {{n .Attendance.QuorumNeeded}} đồng chí. Số {{$.Delegates}} có mặt là {{n .Attendance.Present}}/{{n .Attendance.Base}}:
<span class="verdict">{{if .Attendance.Quorum}}Đại hội đủ điều kiện để tiến hành.{{else}}chưa đủ số lượng để Đại hội tiến hành.{{end}}</span></p>

<h2>III. Cơ cấu {{$.Delegates}} có mặt ({{n .Attendance.Present}} đồng chí)</h2>
{{template "shares" (args "1. Giới tính" "gender" .Gender)}}
{{template "shares" (args (printf "2. Độ tuổi (tính theo năm sinh đến năm %s)" $.Year) "age" .Age)}}
{{with .Oldest}}<p id="cr-oldest">Đồng chí cao tuổi nhất: {{.Name}} (sinh năm {{.BirthYear}}, {{.Unit}}).</p>{{end}}
{{with .Youngest}}<p id="cr-youngest">Đồng chí trẻ tuổi nhất: {{.Name}} (sinh năm {{.BirthYear}}, {{.Unit}}).</p>{{end}}
{{template "shares" (args "3. Trình độ chuyên môn" "education" .Education)}}
{{template "shares" (args "4. Trình độ lý luận chính trị" "theory" .Theory)}}
{{template "shares" (args "5. Dân tộc" "ethnicity" .Ethnicity)}}

<p>Ban Thẩm tra tư cách {{$.Delegates}} kính trình Đại hội xem xét, thông qua.</p>
{{end}}
<div class="sign">
  <div class="who">T/M BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU<br>TRƯỞNG BAN<div class="blank"></div><div class="line">(ký, ghi rõ họ tên)</div><div class="line">………………………………………</div></div>
</div>
</div>
</body></html>
{{define "shares"}}
<h3>{{.Title}}</h3>
<table data-group="{{.Group}}">
<tr><th></th><th>Số lượng</th><th>Tỉ lệ (%)</th></tr>
{{range .List}}<tr data-group="{{$.Group}}" data-key="{{.Key}}"><td>{{.Vi}}</td><td class="n">{{n .Count}}</td><td class="p">{{vi .Percent}}</td></tr>{{end}}
</table>
{{end}}
`))

// sharesArgs is what the "shares" sub-template prints: a title, a group key and a breakdown.
type sharesArgs struct {
	Title, Group string
	List         []daihoi.Share
}

type credentialsData struct {
	page
	R    daihoi.CredentialReport
	Year string
}

func (s *Server) printCredentials(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	back := "/" + screenOf(sess.Role)
	d := credentialsData{page: s.newPage("Báo cáo thẩm tra tư cách đại biểu", back), R: s.credentialReport()}
	d.Year = "…"
	if y := daihoi.CongressYear(d.R.Date); y > 0 {
		d.Year = strconv.Itoa(y)
	}
	s.render(w, r, credentialsPage, d)
}

// screenOf is the screen a role works on.
func screenOf(r daihoi.Role) string {
	switch r {
	case daihoi.Organiser:
		return "setup"
	case daihoi.CheckIn:
		return "checkin"
	case daihoi.HallDisplay:
		return "hall"
	case daihoi.DelegateR:
		return "delegate"
	case daihoi.Observer:
		return ""
	}
	return string(r)
}

// formatInt writes a count as Vietnamese print does: 1.234.
func formatInt(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// --- cards

// validHost is what may stand for the server's address in a card's link: a name or an address and
// a port, nothing that could change the link's meaning.
var validHost = regexp.MustCompile(`^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?$`)

// cardHost is the host:port the cards' links point at: ?host= as the organiser's browser sends it
// (location.host), or the host of this request, which is the same thing.
func cardHost(r *http.Request) (string, error) {
	h := strings.TrimSpace(r.URL.Query().Get("host"))
	if h == "" {
		h = r.Host
	}
	if len(h) > 255 || !validHost.MatchString(h) {
		return "", daihoi.Errorf(daihoi.EINVALID, "Địa chỉ máy chủ %q không hợp lệ.", "The server address %q is not valid.", h)
	}
	return h, nil
}

// signInLink is what a card's QR code holds.
func signInLink(host, code string) string { return "http://" + host + "/d/" + code }

func (s *Server) cardByDelegate(id string) (daihoi.Card, error) {
	cards, err := s.Cards()
	if err != nil {
		return daihoi.Card{}, err
	}
	for _, c := range cards {
		if c.Delegate == id {
			return c, nil
		}
	}
	return daihoi.Card{}, daihoi.Errorf(daihoi.ENOTFOUND, "Đại biểu này chưa có thẻ.", "This delegate has no card.")
}

// cardQR is the QR code of a delegate's sign-in link, as a PNG.
func (s *Server) cardQR(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	host, err := cardHost(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	card, err := s.cardByDelegate(r.PathValue("delegate"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	png, err := qrcode.Encode(signInLink(host, card.Code), qrcode.Medium, 320)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(png)
}

var cardsPage = template.Must(template.New("cards").Parse(pageTop + `
<style>
@page { size: A4; margin: 10mm; }
.cards { width: 210mm; margin: 16px auto; background: #fff; padding: 10mm; display: grid; grid-template-columns: 1fr 1fr; gap: 0; }
.card { border: 1px dashed #777; height: 68mm; padding: 4mm 5mm; display: grid; grid-template-columns: 1fr 40mm; gap: 3mm;
  page-break-inside: avoid; break-inside: avoid; font-family: "Noto Sans", "DejaVu Sans", "Liberation Sans", sans-serif; }
.card .org { font-size: 8pt; font-weight: 700; text-transform: uppercase; color: #b3121b; }
.card .kind { font-size: 13pt; font-weight: 800; margin-top: 1mm; letter-spacing: .02em; }
.card .num { font-size: 24pt; font-weight: 800; line-height: 1.1; margin-top: 2mm; }
.card .name { font-size: 14pt; font-weight: 700; margin-top: 1mm; line-height: 1.2; }
.card .unit { font-size: 9.5pt; color: #333; margin-top: 1mm; line-height: 1.25; }
.card .qr { text-align: center; align-self: center; }
.card .qr img { width: 40mm; height: 40mm; display: block; }
.card .link { font-size: 6.5pt; color: #333; word-break: break-all; margin-top: 1mm; font-family: "DejaVu Sans Mono", monospace; }
.hint { font-family: sans-serif; max-width: 210mm; margin: 12px auto 0; background: #fff8d6; border: 1px solid #e0c14a; padding: 8px 12px; font-size: 15px; }
@media print { .cards { width: auto; margin: 0; padding: 0; } .hint { display: none; } }
</style>
<p class="hint">Thẻ dẫn tới máy chủ <b>http://{{.Host}}</b> ({{len .Cards}} thẻ). Máy tính bảng phải vào được địa chỉ này trong mạng hội trường. /
Cards point at <b>http://{{.Host}}</b> ({{len .Cards}} cards); tablets must reach this address on the hall network.{{if .Loopback}}<br><b>Chú ý / Note:</b> đây là địa chỉ của chính máy này (127.0.0.1/localhost), máy tính bảng không mở được; hãy mở trang Thiết lập bằng địa chỉ mạng LAN. / This is the laptop's own loopback address: tablets cannot open it; open the setup page by its LAN address.{{end}}</p>
<div class="cards" id="cards">
{{range .Cards}}<div class="card" data-delegate="{{.Delegate}}">
  <div>
    <div class="org">{{$.Congress.Organisation}}</div>
    <div class="kind">{{$.Kind .Delegate}}</div>
    <div class="num">Số {{.Number}}</div>
    <div class="name">{{.Name}}</div>
    <div class="unit">{{.Unit}}</div>
  </div>
  <div class="qr"><img alt="QR" src="/api/cards/{{.Delegate}}/qr.png?host={{$.Host}}"><div class="link">{{$.Link .Code}}</div></div>
</div>{{end}}
</div>
</body></html>`))

type cardsData struct {
	page
	Host     string
	Loopback bool
	Cards    []daihoi.Card
	Category map[string]daihoi.Category
}

// Kind is the heading of a card: a delegate's, an alternate's or a guest's.
func (d cardsData) Kind(id string) string {
	switch d.Category[id] {
	case daihoi.Alternate:
		return "THẺ ĐẠI BIỂU DỰ KHUYẾT"
	case daihoi.Guest:
		return "THẺ KHÁCH MỜI"
	}
	if d.Congress.Type == daihoi.MemberCongress {
		return "THẺ ĐẢNG VIÊN"
	}
	return "THẺ ĐẠI BIỂU"
}

func (d cardsData) Link(code string) string { return signInLink(d.Host, code) }

func (s *Server) printCards(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	host, err := cardHost(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	cards, err := s.Cards()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if one := r.URL.Query().Get("delegate"); one != "" { // one card, reissued say
		cards = slices.DeleteFunc(cards, func(c daihoi.Card) bool { return c.Delegate != one })
		if len(cards) == 0 {
			s.writeError(w, r, errNoDelegate)
			return
		}
	}
	name := host
	if i := strings.LastIndex(name, ":"); i > 0 && !strings.HasSuffix(name, "]") {
		name = name[:i]
	}
	loop := name == "localhost" || strings.HasPrefix(name, "127.") || name == "[::1]"
	cat := map[string]daihoi.Category{}
	s.mu.RLock()
	for id, d := range s.state.Delegates {
		cat[id] = d.Category
	}
	s.mu.RUnlock()
	s.render(w, r, cardsPage, cardsData{page: s.newPage("Thẻ đại biểu", "/setup"), Host: host, Loopback: loop, Cards: cards, Category: cat})
}

// --- comments

var commentsPage = template.Must(template.New("comments").Parse(pageTop + `
<style>h2.doc { text-transform: none; font-size: 14pt; margin-top: 7mm; } h2.doc .count { font-weight: 400; }</style>
<div class="sheet" id="comments">
<div class="head">
  <div><div class="org">{{.OrgUpper}}</div><div class="org">ĐOÀN THƯ KÝ ĐẠI HỘI</div><div>*</div></div>
  <div><div class="party">ĐẢNG CỘNG SẢN VIỆT NAM</div><div class="place">{{.Place}}</div></div>
</div>
<h1>Tổng hợp ý kiến góp ý dự thảo văn kiện</h1>
<div class="sub">{{.Congress.Title}}</div>
<p class="muted">Số liệu lúc {{.Taken}}: {{.Total}} ý kiến.</p>
{{range .Docs}}
<h2 class="doc">{{.Title}} <span class="count">({{.Count}} ý kiến)</span></h2>
{{range .Sections}}{{if .Comments}}
<h3>Mục {{.Number}}{{if .Title}}. {{.Title}}{{end}} ({{len .Comments}} ý kiến)</h3>
<table>
<tr><th style="width:45mm">Đại biểu</th><th>Nội dung góp ý</th></tr>
{{range .Comments}}<tr><td><b>{{.Name}}</b><br><span class="muted">{{.Unit}}</span></td><td style="white-space:pre-wrap">{{.Text}}</td></tr>{{end}}
</table>
{{end}}{{end}}
{{if not .Count}}<p class="muted">Chưa có ý kiến.</p>{{end}}
{{end}}
{{if not .Docs}}<p>Chưa có dự thảo văn kiện nào.</p>{{end}}
<div class="sign"><div class="who">T/M ĐOÀN THƯ KÝ<div class="blank"></div><div class="line">(ký, ghi rõ họ tên)</div><div class="line">………………………………………</div></div></div>
</div>
</body></html>`))

type commentSection struct {
	daihoi.Section
	Comments []daihoi.Comment
}

type commentDoc struct {
	Title    string
	Count    int
	Sections []commentSection
}

type commentsData struct {
	page
	Total int
	Docs  []commentDoc
}

// commentsByDocument groups the comments by document (by title) and section (in the document's
// order), each section's comments in the order they came.
func commentsByDocument(st *daihoi.State) ([]commentDoc, int) {
	var docs []daihoi.Document
	for _, d := range st.Documents {
		docs = append(docs, d)
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].Title < docs[j].Title })
	by := map[string][]daihoi.Comment{}
	total := 0
	for _, c := range st.Comments {
		by[c.Document+"\x00"+c.Section] = append(by[c.Document+"\x00"+c.Section], c)
		total++
	}
	var out []commentDoc
	for _, d := range docs {
		cd := commentDoc{Title: d.Title}
		for _, sec := range d.Sections {
			list := by[d.ID+"\x00"+sec.Number]
			sort.Slice(list, func(i, j int) bool { return list[i].At.Before(list[j].At) })
			cd.Count += len(list)
			cd.Sections = append(cd.Sections, commentSection{Section: sec, Comments: list})
		}
		out = append(out, cd)
	}
	return out, total
}

func (s *Server) printComments(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	d := commentsData{page: s.newPage("Tổng hợp ý kiến góp ý dự thảo văn kiện", "/"+screenOf(sess.Role))}
	s.mu.RLock()
	d.Docs, d.Total = commentsByDocument(s.state)
	s.mu.RUnlock()
	s.render(w, r, commentsPage, d)
}

// reissueCard gives a delegate a new card, for one that was lost or handed to the wrong person: the
// old code stops working, every screen signed in with it is signed out and disconnected, and the
// new card is printed from the setup page. The organiser's action is in the audit trail. A ballot
// already cast stays cast; the delegate signs in again with the new card.
func (s *Server) reissueCard(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	id := r.PathValue("delegate")
	s.mu.RLock()
	d, ok := s.state.Delegates[id]
	s.mu.RUnlock()
	if !ok {
		s.writeError(w, r, errNoDelegate)
		return
	}
	codes, err := s.cardCodes()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	code := NewCode()
	c := daihoi.NewChange(sess.Subject, s.now())
	if old, ok := codes[id]; ok {
		c.Delete(daihoi.KCard, old)
	}
	c.Put(daihoi.KCard, code, id)
	var signedOut []string
	s.smu.RLock()
	for key, other := range s.sessions {
		if other.Role == daihoi.DelegateR && other.Subject == id {
			signedOut = append(signedOut, key)
			c.Delete(daihoi.KSession, key)
		}
	}
	s.smu.RUnlock()
	c.Emit(daihoi.EvCard, map[string]any{"delegate": id, "number": d.Number, "name": d.Name, "signed_out": len(signedOut)}, daihoi.Organiser)
	if err := s.commit(c); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.smu.Lock()
	for _, key := range signedOut {
		delete(s.sessions, key)
	}
	s.smu.Unlock()
	s.hub.dropDelegate(id)
	writeJSON(w, http.StatusOK, daihoi.Card{Delegate: id, Code: code, Number: d.Number, Name: d.Name, Unit: d.Unit})
}
