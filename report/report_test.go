package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/daihoi/daihoi"
)

// Counts are printed as Vietnamese documents print them, with a dot between thousands.
func TestFormatInt(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{0, "0"}, {999, "999"}, {1234, "1.234"}, {1234567, "1.234.567"}, {-1500, "-1.500"}} {
		if got := formatInt(c.n); got != c.want {
			t.Errorf("formatInt(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

// Every page prints for a congress with nothing in it yet, with its title (and the congress's where
// the page names it), and the cards warn when they point at the laptop's own loopback address.
func TestPagesPrintAnEmptyCongress(t *testing.T) {
	c := daihoi.Congress{Title: "Đại hội đại biểu Đảng bộ phường X", Organisation: "Đảng bộ phường X", Date: "2026-12-05"}
	now := time.Date(2026, 12, 5, 8, 15, 0, 0, time.UTC)
	p := NewPage(c, "Trang thử", "/setup", now)
	if p.Taken != "08:15 ngày 05/12/2026" || p.OrgUpper != "ĐẢNG BỘ PHƯỜNG X" || p.Delegates != "đại biểu" {
		t.Errorf("page top: %+v", p)
	}
	for _, page := range []struct {
		name  string
		print func(w *bytes.Buffer) error
		want  string
	}{
		{"credentials", func(w *bytes.Buffer) error { return Credentials(w, p, daihoi.CredentialReport{}) }, "Báo cáo thẩm tra tư cách đại biểu"},
		{"cards", func(w *bytes.Buffer) error { return Cards(w, p, "127.0.0.1:8080", nil, nil) }, "đây là địa chỉ của chính máy này"},
		{"comments", func(w *bytes.Buffer) error { return Comments(w, p, nil, 0, nil) }, "Chưa có dự thảo văn kiện nào."},
		{"entry log", func(w *bytes.Buffer) error { return EntryLog(w, daihoi.Poll{Title: "Bầu thử"}, nil) }, "NHẬT KÝ NHẬP PHIẾU"},
		{"agenda", func(w *bytes.Buffer) error { return Agenda(w, "en", Day{Congress: c, Now: now}) }, "Log of the congress: planned and actual"},
	} {
		var b bytes.Buffer
		if err := page.print(&b); err != nil {
			t.Errorf("%s: %v", page.name, err)
			continue
		}
		if !strings.Contains(b.String(), page.want) {
			t.Errorf("%s: no %q in\n%s", page.name, page.want, b.String())
		}
		if page.name != "entry log" && page.name != "cards" && !strings.Contains(b.String(), c.Title) {
			t.Errorf("%s: the congress's title is missing", page.name)
		}
	}
}

// The minutes name the card the delegates raised (rules.md, Motions).
func TestMinutesNameTheCardRaised(t *testing.T) {
	hands := daihoi.Poll{Kind: daihoi.Motion, Mode: daihoi.Hands}
	tests := []struct {
		name string
		t    daihoi.CongressType
		want string
	}{
		{"delegates raise the delegate card at a representative congress", daihoi.Representative, "biểu quyết giơ thẻ đại biểu"},
		{"members raise the Party card at a party-member congress", daihoi.MemberCongress, "biểu quyết giơ thẻ đảng viên"},
	}
	for _, tt := range tests {
		if got := modeVi(hands, tt.t); got != tt.want {
			t.Errorf("%s: %q", tt.name, got)
		}
	}
}
