package daihoi_test

import (
	"testing"

	"github.com/daihoi/daihoi"
)

func TestRoleNames(t *testing.T) {
	for _, c := range []struct {
		role   daihoi.Role
		vi, en string
	}{
		{daihoi.Organiser, "Ban Tổ chức", "organisers"},
		{daihoi.Presidium, "Đoàn Chủ tịch", "presidium"},
		{daihoi.Secretariat, "Đoàn Thư ký", "secretariat"},
		{daihoi.Teller, "Ban Kiểm phiếu", "tellers"},
		{daihoi.DelegateRole, "đại biểu", "delegate"},
		{daihoi.HallDisplay, "Màn hình hội trường", "hall display"},
		{daihoi.CheckIn, "Bàn đón tiếp", "check-in desk"},
		{daihoi.Observer, "Người theo dõi", "observer"},
		{daihoi.Role("guest"), "guest", "guest"}, // an unknown code is shown as it is
	} {
		if got := c.role.Vi(); got != c.vi {
			t.Errorf("%s in Vietnamese: %q, want %q", c.role, got, c.vi)
		}
		if got := c.role.En(); got != c.en {
			t.Errorf("%s in English: %q, want %q", c.role, got, c.en)
		}
	}
}
