package daihoi

import (
	"fmt"
	"strings"
)

// Notice is a warning a screen shows and the minutes print; it never refuses anything.
type Notice struct {
	Code string `json:"code"`
	Vi   string `json:"vi"`
	En   string `json:"en"`
}

func notice(code, vi, en string, args ...any) Notice {
	e := Errorf(code, vi, en, args...)
	return Notice{Code: code, Vi: e.Vi, En: e.En}
}

// Surplus is the figure of a candidate list against the seats (số dư), with the notices the
// regulation's bounds give rise to.
type Surplus struct {
	Seats      int      `json:"seats"`
	Candidates int      `json:"candidates"`
	Extra      int      `json:"extra"`
	Percent    string   `json:"percent"` // extra / seats, two decimals
	TwoColumn  bool     `json:"two_column"`
	Notices    []Notice `json:"notices"`
}

// CheckSurplus measures a list of n names for the given seats against the ruleset's bounds: the
// convening committee prepares 10%–15% more names, the congress allows at most 30%, and a body of 3
// to 5 seats at most one extra name. It warns with the figures; it never refuses.
func CheckSurplus(s Settings, seats, n int) Surplus {
	out := Surplus{Seats: seats, Candidates: n, Extra: n - seats, Notices: []Notice{}}
	if seats < 1 {
		out.Percent = "0.00"
		return out
	}
	out.Percent = PercentOf(out.Extra, seats)
	switch {
	case n < seats:
		out.Notices = append(out.Notices, notice("too_few_candidates",
			"Danh sách có %d người, ít hơn số lượng cần bầu (%d): không thể bầu đủ.",
			"The list has %d names, fewer than the %d seats: the seats cannot all be filled.", n, seats))
		return out
	case n == seats:
		out.TwoColumn = true
		out.Notices = append(out.Notices, notice("no_surplus",
			"Danh sách không có số dư (%d người cho %d chỗ): phiếu bầu hai cột Đồng ý / Không đồng ý.",
			"The list has no surplus (%d names for %d seats): the ballot has two columns, agree / disagree.", n, seats))
		return out
	}
	if seats >= 3 && seats <= 5 {
		if out.Extra > s.SmallBodyMaxExtra {
			out.Notices = append(out.Notices, notice("surplus_small_body",
				"Bầu %d người: số dư tối đa %d người, danh sách có %d người dư.",
				"Electing %d: at most %d extra name(s), the list has %d extra.", seats, s.SmallBodyMaxExtra, out.Extra))
		}
		return out
	}
	if s.SurplusMax.Exceeds(out.Extra, seats) {
		out.Notices = append(out.Notices, Notice{Code: "surplus_over_max",
			Vi: fmt.Sprintf("Số dư %d người (%s%%) vượt mức tối đa %s so với %d chỗ.", out.Extra, DecimalVi(out.Percent), DecimalVi(s.SurplusMax.Percent()), seats),
			En: fmt.Sprintf("A surplus of %d (%s%%) is above the maximum of %s over %d seats.", out.Extra, out.Percent, s.SurplusMax.Percent(), seats)})
		return out
	}
	if !s.SurplusPreparedMin.AtLeast(out.Extra, seats) || s.SurplusPreparedMax.Exceeds(out.Extra, seats) {
		out.Notices = append(out.Notices, Notice{Code: "surplus_outside_prepared",
			Vi: fmt.Sprintf("Số dư %d người (%s%%) nằm ngoài khoảng %s cấp ủy chuẩn bị.", out.Extra, DecimalVi(out.Percent), strings.ReplaceAll(s.SurplusRange(), ".", ",")),
			En: fmt.Sprintf("A surplus of %d (%s%%) is outside the prepared range of %s.", out.Extra, out.Percent, s.SurplusRange())})
	}
	return out
}
