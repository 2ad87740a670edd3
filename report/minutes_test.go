package report

import (
	"bytes"
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

func TestMinutesPDFRender(t *testing.T) {
	renderMinutes(t, "minutes-election.pdf", minutesFixture(daihoi.Election))
	renderMinutes(t, "minutes-motion.pdf", minutesFixture(daihoi.Motion))
}
