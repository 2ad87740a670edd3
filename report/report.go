// Package report prints the congress's paperwork: the credential report, the delegates' cards, the
// comments on the drafts, the tellers' entry log and minutes (as A4 HTML and as a PDF), and the log
// of the day. Each is a function that takes domain values and writes to an io.Writer; the HTML
// layouts are the embedded *.html files, the PDF is drawn with fpdf in the DejaVu fonts of assets/.
// Nothing here reads the store or a request: server/ loads the data and writes the response.
package report

import (
	"embed"
	"html/template"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/daihoi/daihoi"
)

//go:embed *.html
var files embed.FS

// pages holds every layout, each named by its file; top.html defines "top", the head and the print
// bar shared by the A4 pages.
var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"n":       formatInt,
	"vi":      daihoi.DecimalVi,
	"args":    func(title, group string, list []daihoi.Share) sharesArgs { return sharesArgs{title, group, list} },
	"upper":   strings.ToUpper,
	"inc":     func(i int) int { return i + 1 },
	"valueVi": daihoi.SettingValueVi,
	"comrade": keepComrade,
}).ParseFS(files, "*.html"))

func execute(w io.Writer, name string, data any) error {
	return pages.ExecuteTemplate(w, name, data)
}

// Page is what every printed A4 page shows at its top: the congress, the place and date, and the
// time the figures were taken.
type Page struct {
	Title     string // <title>
	Back      string // the screen to go back to
	Congress  daihoi.Congress
	OrgUpper  string
	Place     string // "Phường Bến Thành, ngày 05 tháng 12 năm 2026"
	Taken     string // "08:15 ngày 05/12/2026"
	Delegates string // "đại biểu" or "đảng viên"
	// CAFingerprint is the SHA-256 fingerprint of the certificate the tablets trust, shown on the
	// printed cards; "" without HTTPS.
	CAFingerprint string
}

// NewPage is the top of a page titled title, printed at now, whose bar leads back to back.
func NewPage(c daihoi.Congress, title, back string, now time.Time) Page {
	p := Page{Title: title, Back: back, Congress: c, OrgUpper: strings.ToUpper(c.Organisation), Delegates: "đại biểu"}
	if c.Type == daihoi.MemberCongress {
		p.Delegates = "đảng viên"
	}
	p.Place = placeLine(c)
	p.Taken = now.Format("15:04") + " ngày " + now.Format("02/01/2006")
	return p
}

// placeLine is the place and date under "ĐẢNG CỘNG SẢN VIỆT NAM": the place is the organisation
// without "Đảng bộ", the date the congress's first day.
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
