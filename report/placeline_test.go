package report

import (
	"testing"

	"github.com/daihoi/daihoi"
)

// The place under "ĐẢNG CỘNG SẢN VIỆT NAM" is the organisation without the kind of Party
// organisation it is, and the date the congress's first day.
func TestPlaceLine(t *testing.T) {
	tests := []struct {
		name         string
		organisation string
		date         string
		want         string
	}{
		{"a Party committee's ward is the place", "Đảng bộ phường Bến Thành", "2026-12-05", "Phường Bến Thành, ngày 05 tháng 12 năm 2026"},
		{"a cell's unit is the place", "Chi bộ Khu phố 3", "2026-12-05", "Khu phố 3, ngày 05 tháng 12 năm 2026"},
		{"a sub-committee is named without «Đảng bộ bộ phận», not as «Bộ phận …»", "Đảng bộ bộ phận Khối cơ quan", "2026-12-05", "Khối cơ quan, ngày 05 tháng 12 năm 2026"},
		{"another name stays as it is, capitalised", "xã Tân Phú", "2026-12-05", "Xã Tân Phú, ngày 05 tháng 12 năm 2026"},
		{"no date leaves blanks to fill in", "Đảng bộ phường Bến Thành", "", "Phường Bến Thành, ngày … tháng … năm …"},
		{"no organisation gives the date alone", "", "2026-12-05", "ngày 05 tháng 12 năm 2026"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := placeLine(daihoi.Congress{Organisation: tt.organisation, Date: tt.date}); got != tt.want {
				t.Errorf("placeLine(%q) = %q, want %q", tt.organisation, got, tt.want)
			}
		})
	}
}
