package report

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/daihoi/daihoi"
)

// minutesFixture is the minutes of a count as the tellers print them: an election of 9 of 11
// names by paper and tablet, five tellers, closed at 10:42 in the hall.
func minutesFixture(kind daihoi.PollKind) daihoi.Minutes {
	c := daihoi.Congress{Title: "Đại hội đại biểu Đảng bộ phường Bến Thành lần thứ XIII, nhiệm kỳ 2025–2030",
		Organisation: "Đảng bộ phường Bến Thành", Venue: "Hội trường Ủy ban nhân dân phường Bến Thành", Date: "2026-12-05",
		Type: daihoi.Representative}
	closed := time.Date(2026, 12, 5, 10, 42, 0, 0, time.Local)
	p := daihoi.Poll{ID: "p1", Kind: kind, Title: "Bầu Ban Chấp hành Đảng bộ phường khóa XIII, nhiệm kỳ 2025–2030, gồm những đồng chí có tên",
		Mode: daihoi.Secret, Tablet: true, Paper: true, Ruleset: "190-QĐ/TW", Seats: 9, Base: 149, Present: 142,
		OpenedAt: closed.Add(-25 * time.Minute), ClosedAt: closed}
	m := daihoi.Minutes{Congress: c, Poll: p, Base: 149, Present: 142, Absent: 7, Issued: 142, Collected: 140,
		Valid: 138, Invalid: 2, TabletIssued: 95, TabletCollected: 95, PaperIssued: 47, PaperCollected: 45, Mixed: true,
		Note: "Hai đại biểu xin về sớm vì lý do sức khỏe.", Digest: strings.Repeat("ab12", 16), Confirmed: true,
		Settings: daihoi.Settings{AllStruckInvalid: true}.Describe()}
	for i, n := range []string{"Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Minh Dũng", "Hoàng Thị Giang"} {
		m.Tellers = append(m.Tellers, daihoi.TellerInfo{ID: "kp" + strconv.Itoa(i+1), Name: n, Head: i == 0})
	}
	if kind == daihoi.Motion {
		m.Poll.Title = "Thông qua Nghị quyết Đại hội Đảng bộ phường Bến Thành lần thứ XIII, nhiệm kỳ 2025–2030 của các đồng chí"
		m.Poll.Mode, m.Poll.Tablet, m.Poll.Paper, m.Poll.Seats = daihoi.Named, true, false, 0
		m.Issued, m.Collected, m.Valid, m.Invalid, m.Mixed, m.Digest = 142, 142, 142, 0, false, ""
		m.Choices = []daihoi.ReasonCount{{Key: "for", Label: "Tán thành", N: 140, Percent: "93,96"}, {Key: "against", Label: "Không tán thành", N: 2, Percent: "1,34"}}
		m.Passed = true
		return m
	}
	m.Round = "Vòng 1"
	m.Reasons = []daihoi.ReasonCount{{Key: "over_seats", Label: "Phiếu bầu nhiều hơn số lượng cần bầu", N: 1}, {Key: "all_struck", Label: "Phiếu gạch tên tất cả ứng cử viên", N: 1}}
	names := []string{"Đỗ Thị Ánh", "Nguyễn Văn Bảo", "Trần Quốc Cường", "Lê Thị Diệu", "Phan Văn Đức", "Vũ Thị Hạnh", "Bùi Văn Hùng", "Ngô Thị Lan", "Đặng Văn Minh", "Hồ Thị Nga", "Lý Văn Phúc"}
	for i, n := range names {
		v := 135 - i*7
		r := daihoi.MinutesRow{Number: i + 1, ID: "c" + strconv.Itoa(i), Name: n, Votes: v, Percent: daihoi.PercentVi(v, 149), Elected: v*2 > 149}
		m.Rows = append(m.Rows, r)
		if r.Elected {
			m.Elected = append(m.Elected, r)
		}
	}
	m.Unfilled = 9 - len(m.Elected)
	return m
}

// renderMinutes writes the minutes' PDF, keeps a copy beside the screenshots for a person to look
// at, and returns the file's path.
func renderMinutes(t *testing.T, name string, m daihoi.Minutes) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	var b bytes.Buffer
	if err := MinutesPDF(&b, m); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if d := os.Getenv("DAIHOI_SCREENSHOTS"); d != "" {
		os.MkdirAll(d, 0o755)
		os.WriteFile(filepath.Join(d, name), b.Bytes(), 0o644)
	}
	return file
}

// pdfText is the text of pages first to last (0: to the end), spaces squashed.
func pdfText(t *testing.T, file string, first, last int) string {
	t.Helper()
	args := []string{"-layout", "-enc", "UTF-8"}
	if first > 0 {
		args = append(args, "-f", strconv.Itoa(first), "-l", strconv.Itoa(last))
	}
	out, err := exec.Command("pdftotext", append(args, file, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return regexp.MustCompile(`[ \t]+`).ReplaceAllString(string(out), " ")
}

// pageCount is the number of pages pdftotext reads, one form feed each.
func pageCount(t *testing.T, file string) int {
	t.Helper()
	return strings.Count(pdfText(t, file, 0, 0), "\f")
}

// flat is text with every run of white space, line breaks too, as one space.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// fixedNow sets the clock the minutes are finished by.
func fixedNow(t *testing.T, at time.Time) {
	old := now
	now = func() time.Time { return at }
	t.Cleanup(func() { now = old })
}

// The minutes a teller signs: the heading of every paper of the congress with place and date, the
// time and venue of the count, the finishing time filled in, the signatures on the page of the last
// figures, and the announcement as its own document numbered from 1.
func TestMinutesPDFReadyToSign(t *testing.T) {
	fixedNow(t, time.Date(2026, 12, 5, 11, 5, 0, 0, time.Local))
	m := minutesFixture(daihoi.Election)
	file := renderMinutes(t, "minutes-election.pdf", m)
	pages := pageCount(t, file)
	first := flat(pdfText(t, file, 1, 1))
	for _, want := range []string{"ĐẢNG BỘ PHƯỜNG BẾN THÀNH", "BAN KIỂM PHIẾU", "ĐẢNG CỘNG SẢN VIỆT NAM",
		"Phường Bến Thành, ngày 05 tháng 12 năm 2026", "BIÊN BẢN KIỂM PHIẾU",
		"Hồi 10 giờ 42 phút, ngày 05 tháng 12 năm 2026, tại Hội trường Ủy ban nhân dân phường Bến Thành, Ban Kiểm phiếu Đại hội đại biểu Đảng bộ phường Bến Thành",
		"đã tiến hành kiểm phiếu bầu Ban Chấp hành", "Biên bản kiểm phiếu — trang 1/"} {
		if !strings.Contains(first, want) {
			t.Errorf("page 1 lacks %q:\n%s", want, first)
		}
	}
	// The minutes end on the page that holds the signatures; that page holds the last elected too.
	sign := 0
	for p := 1; p <= pages; p++ {
		if strings.Contains(pdfText(t, file, p, p), "(ký, ghi rõ họ tên)") {
			sign = p
		}
	}
	if sign == 0 {
		t.Fatal("no page to sign")
	}
	last := m.Elected[len(m.Elected)-1]
	signPage := flat(pdfText(t, file, sign, sign))
	for _, want := range []string{fmt.Sprintf("%d %s %d %s%%", len(m.Elected), last.Name, last.Votes, last.Percent),
		"Biên bản lập xong hồi 11 giờ 05 phút, ngày 05 tháng 12 năm 2026", "TRƯỞNG BAN", m.Tellers[0].Name, m.Tellers[4].Name,
		fmt.Sprintf("Biên bản kiểm phiếu — trang %d/%d", sign, sign)} {
		if !strings.Contains(signPage, want) {
			t.Errorf("the page of the signatures (%d) lacks %q:\n%s", sign, want, signPage)
		}
	}
	if strings.Contains(flat(pdfText(t, file, 0, 0)), "… giờ … phút") {
		t.Error("a time is left blank")
	}
	// The announcement follows, a document of its own: its heading, its own page numbers.
	if sign+1 > pages {
		t.Fatalf("no announcement after the minutes' %d pages", sign)
	}
	ann := flat(pdfText(t, file, sign+1, pages))
	for _, want := range []string{"ĐẢNG CỘNG SẢN VIỆT NAM", "Phường Bến Thành, ngày 05 tháng 12 năm 2026", "KẾT QUẢ KIỂM PHIẾU",
		fmt.Sprintf("Kết quả kiểm phiếu — trang 1/%d", pages-sign), "Ban Kiểm phiếu xin hết."} {
		if !strings.Contains(ann, want) {
			t.Errorf("the announcement lacks %q:\n%s", want, ann)
		}
	}
	if strings.Contains(ann, "Biên bản kiểm phiếu — trang") || strings.Contains(ann, "(ký, ghi rõ họ tên)") {
		t.Errorf("the announcement runs on as pages of the minutes:\n%s", ann)
	}
	// «Ban Kiểm phiếu xin hết.» is not alone on the announcement's last page.
	if lastPage := flat(pdfText(t, file, pages, pages)); strings.HasPrefix(strings.TrimSpace(strings.TrimSuffix(lastPage, fmt.Sprintf("Kết quả kiểm phiếu — trang %d/%d", pages-sign, pages-sign))), "Ban Kiểm phiếu xin hết.") {
		t.Errorf("the announcement's last page holds only its last sentence:\n%s", lastPage)
	}
	noSplitComrade(t, file)
}

// A motion's minutes print what a motion has: no seats, no candidates, no ballot rules of an election.
func TestMinutesPDFOfAMotion(t *testing.T) {
	m := minutesFixture(daihoi.Motion)
	file := renderMinutes(t, "minutes-motion.pdf", m)
	text := flat(pdfText(t, file, 0, 0))
	for _, want := range []string{"3. Kết quả biểu quyết", "Tán thành 140 93,96%", "Đại hội đã thông qua", "Biểu quyết có lựa chọn", "Hình thức: biểu quyết công khai trên máy tính bảng."} {
		if !strings.Contains(text, want) {
			t.Errorf("a motion's minutes lack %q", want)
		}
	}
	for _, election := range []string{"Số lượng cần bầu", "danh sách bầu cử", "Số dư", "gạch", "ứng cử viên", "trúng cử", "Phiếu không hợp lệ, theo lý do", "Số chỗ còn thiếu"} {
		if strings.Contains(text, election) {
			t.Errorf("a motion's minutes print the election's %q", election)
		}
	}
	noSplitComrade(t, file)
}

// noSplitComrade fails when a line ends in «đồng» and the next starts with «chí».
func noSplitComrade(t *testing.T, file string) {
	t.Helper()
	lines := strings.Split(pdfText(t, file, 0, 0), "\n")
	for i := 1; i < len(lines); i++ {
		if strings.HasSuffix(strings.TrimSpace(lines[i-1]), "đồng") && strings.HasPrefix(strings.TrimSpace(lines[i]), "chí") {
			t.Errorf("«đồng chí» split across lines %d–%d:\n%s\n%s", i, i+1, lines[i-1], lines[i])
		}
	}
}

// Titles are wrapped by measuring: «đồng chí» stays on one line, and the last line keeps two words.
func TestMinutesTitleLines(t *testing.T) {
	d, err := newMinutesDoc(daihoi.Minutes{}, "")
	if err != nil {
		t.Fatal(err)
	}
	d.font("B", 11.5)
	width := func(s string) float64 { return d.pdf.GetStringWidth(s) + 0.5 }
	tests := []struct {
		name  string
		text  string
		width float64
		want  []string
	}{
		{"«đồng chí» moves down whole where «đồng» alone would fit", "Bầu bổ sung các đồng chí vào Ban Chấp hành",
			width("Bầu bổ sung các đồng"), []string{"Bầu bổ sung các", "đồng chí vào Ban", "Chấp hành"}},
		{"a capital «Đồng chí» too, and one followed by a stop", "Kính gửi các Đồng chí.", width("Kính gửi các Đồng"), []string{"Kính gửi các", "Đồng chí."}},
		{"the last word takes one more with it", "Thông qua danh sách bầu cử Ban Chấp hành",
			width("Thông qua danh sách bầu cử Ban Chấp"), []string{"Thông qua danh sách bầu cử Ban", "Chấp hành"}},
		{"a title that fits stays on one line", "Kết quả biểu quyết", width("Kết quả biểu quyết"), []string{"Kết quả biểu quyết"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := d.lines(tt.text, tt.width)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("lines = %q, want %q", got, tt.want)
			}
		})
	}
}

// The printable page says what the PDF says: place and date, the time and venue of the count, the
// finishing time, «đồng chí» kept on one line, and a motion without the rules of an election.
func TestMinutesHTMLReadyToSign(t *testing.T) {
	fixedNow(t, time.Date(2026, 12, 5, 11, 5, 0, 0, time.Local))
	var b bytes.Buffer
	if err := Minutes(&b, minutesFixture(daihoi.Election)); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{"Phường Bến Thành, ngày 05 tháng 12 năm 2026", "Hồi 10 giờ 42 phút, ngày 05 tháng 12 năm 2026, tại Hội trường Ủy ban nhân dân phường Bến Thành",
		"Biên bản lập xong hồi 11 giờ 05 phút", "những đồng\u00a0chí có tên", "4. Những đồng&nbsp;chí trúng cử", `id="announcement"`, "/announcement.pdf"} {
		if !strings.Contains(page, want) {
			t.Errorf("the printable minutes lack %q", want)
		}
	}
	b.Reset()
	if err := Minutes(&b, minutesFixture(daihoi.Motion)); err != nil {
		t.Fatal(err)
	}
	for _, election := range []string{"Số lượng cần bầu", "Số dư", "gạch tên", "Phiếu không hợp lệ, theo lý do"} {
		if strings.Contains(b.String(), election) {
			t.Errorf("a motion's printable minutes print the election's %q", election)
		}
	}
}

// The announcement names the card raised, as the minutes do (rules.md, Motions).
func TestAnnouncementNamesTheCardRaised(t *testing.T) {
	for _, tt := range []struct {
		name string
		t    daihoi.CongressType
		want string
	}{
		{"delegates raise the delegate card at a representative congress", daihoi.Representative, "giơ thẻ đại biểu."},
		{"members raise the Party card at a party-member congress", daihoi.MemberCongress, "giơ thẻ đảng viên."},
	} {
		m := daihoi.Minutes{Congress: daihoi.Congress{Type: tt.t}, Poll: daihoi.Poll{Kind: daihoi.Motion, Mode: daihoi.Hands, Title: "Thông qua"}}
		if got := strings.Join(m.Announcement(), " "); !strings.Contains(got, tt.want) {
			t.Errorf("%s: %q", tt.name, got)
		}
	}
}

// A long election runs over pages; the last three elected go with the signatures, not one alone.
func TestMinutesPDFLongElectionKeepsLastRowsWithSignatures(t *testing.T) {
	m := minutesFixture(daihoi.Election)
	m.Rows, m.Elected = nil, nil
	for i := range 40 {
		v := 148 - i*2
		r := daihoi.MinutesRow{Number: i + 1, Name: "Nguyễn Văn Thành " + strconv.Itoa(i+1), Votes: v, Percent: daihoi.PercentVi(v, 149), Elected: i < 33}
		m.Rows = append(m.Rows, r)
		if r.Elected {
			m.Elected = append(m.Elected, r)
		}
	}
	m.Poll.Seats, m.Unfilled = 33, 0
	file := renderMinutes(t, "minutes-long.pdf", m)
	for p := 1; p <= pageCount(t, file); p++ {
		page := flat(pdfText(t, file, p, p))
		if !strings.Contains(page, "(ký, ghi rõ họ tên)") {
			continue
		}
		for _, r := range m.Elected[30:] {
			if !strings.Contains(page, fmt.Sprintf("%s %d %s%%", r.Name, r.Votes, r.Percent)) {
				t.Errorf("the page of the signatures lacks the elected %s:\n%s", r.Name, page)
			}
		}
		return
	}
	t.Fatal("no page to sign")
}
