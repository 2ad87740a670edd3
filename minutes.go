package daihoi

import (
	"fmt"
	"strings"
)

// Minutes is the tellers' minutes of one count (biên bản kiểm phiếu) with everything docs/rules.md, The
// count, asks for: the congress and round, seats, the candidates in ballot order, the tellers, base,
// present and absent, the ballots issued, collected, valid and invalid by reason, each candidate's
// votes and percentage of the base, the elected in descending order, run-off and unfilled seats,
// the seal digest and a signature line per teller; and the announcement the head reads aloud.
type Minutes struct {
	Congress Congress
	Poll     Poll
	Round    string // "Vòng 1", "Vòng 2 — bầu lại (hòa phiếu)"
	Tellers  []TellerInfo
	Settings []SettingInfo

	Base, Present, Absent int
	// Ballot figures: in all, and split by tablet and paper for a poll that used both.
	Issued, Collected, Valid, Invalid int
	TabletIssued, TabletCollected     int
	PaperIssued, PaperCollected       int
	Mixed                             bool
	Note                              string // the tellers' note on a difference
	Reasons                           []ReasonCount

	// Election.
	Rows        []MinutesRow // ballot order
	Elected     []MinutesRow // descending votes
	Runoff      []MinutesRow // tied across the last seat(s), ballot order
	RunoffSeats int
	Unfilled    int

	// Motion.
	Choices []ReasonCount // for, against (and abstain) with their percentage of the base
	Passed  bool

	Digest    string
	Chain     ChainMark // the audit chain's head at the seal (its seal event), zero if none
	Confirmed bool      // every teller has confirmed the result
}

// MinutesRow is one candidate's line.
type MinutesRow struct {
	Number  int // on the ballot, from 1
	ID      string
	Name    string
	Votes   int
	Percent string // of the base, two decimals, Vietnamese decimal comma: "80,00"
	Elected bool
}

// ReasonCount is one figure with its label: an invalid ballot's reason, or a motion's option.
type ReasonCount struct {
	Key     string
	Label   string // Vietnamese
	N       int
	Percent string // of the base, for a motion's options
}

// InvalidReason is a reason a ballot is invalid, with the words the minutes print.
type InvalidReason struct {
	Key string `json:"key"`
	Vi  string `json:"vi"`
	En  string `json:"en"`
}

// invalidReasons lists the reasons a ballot is invalid in the order docs/rules.md gives them.
var invalidReasons = []InvalidReason{
	{string(NotIssued), "Phiếu không do Ban Kiểm phiếu phát ra", "Not issued by the tellers"},
	{ReasonOverSeats, "Phiếu bầu nhiều hơn số lượng cần bầu", "Keeps more names than seats"},
	{ReasonAllStruck, "Phiếu gạch tên tất cả ứng cử viên", "Every name struck out"},
	{string(AddedName), "Phiếu ghi thêm tên người ngoài danh sách", "A name added that is not on the list"},
	{string(IdentifyingMark), "Phiếu có ký tên hoặc đánh dấu riêng", "Signed or marked to identify the voter"},
}

// InvalidReasons lists the reasons that can make a ballot of this poll invalid: those the tally
// may find on it (a motion has only the tellers' flags); a two-column ballot (no surplus) cannot
// keep more names than seats, but every name can be marked Không đồng ý.
func (p Poll) InvalidReasons() []InvalidReason {
	in := p.TallyInput(nil, nil)
	var out []InvalidReason
	for _, r := range invalidReasons {
		switch {
		case !in.mayFind(r.Key):
		case p.TwoColumn() && r.Key == ReasonOverSeats:
		case p.TwoColumn() && r.Key == ReasonAllStruck:
			out = append(out, InvalidReason{r.Key, "Phiếu đánh dấu Không đồng ý với tất cả ứng cử viên", "Every name marked disagree"})
		default:
			out = append(out, r)
		}
	}
	return out
}

// PercentVi writes PercentOf(n, base) with the Vietnamese decimal comma.
func PercentVi(n, base int) string { return DecimalVi(PercentOf(n, base)) }

// DecimalVi writes a decimal the Vietnamese way, with a comma: "20,00".
func DecimalVi(s string) string { return strings.Replace(s, ".", ",", 1) }

// RoundName names an election's round for the minutes.
func RoundName(p Poll) string {
	if p.Kind != Election {
		return ""
	}
	r := p.Round
	if r == 0 {
		r = 1
	}
	s := fmt.Sprintf("Vòng %d", r)
	switch p.Purpose {
	case RunoffRound:
		s += " — bầu lại (hòa phiếu)"
	case FurtherRound:
		s += " — bầu bổ sung số còn thiếu"
	case OfficialPart:
		s += " — đại biểu chính thức"
	case AlternatesRound:
		s += " — đại biểu dự khuyết"
	}
	return s
}

// NewMinutes builds the minutes of a counted poll. It fails when the poll has no result yet.
func NewMinutes(c Congress, p Poll, tellers []TellerInfo) (Minutes, error) {
	if p.Result == nil {
		return Minutes{}, Errorf(ECONFLICT, "Chưa có kết quả kiểm phiếu để lập biên bản.", "There is no count to write the minutes of yet.")
	}
	r := *p.Result
	m := Minutes{Congress: c, Poll: p, Round: RoundName(p), Tellers: tellers, Settings: p.Settings.Describe(),
		Base: p.Base, Present: p.Present, Absent: max(p.Base-p.Present, 0),
		Issued: p.BallotsIssued(), Collected: r.Ballots.Total, Valid: r.Ballots.Valid, Invalid: r.Ballots.Invalid,
		TabletIssued: p.Issued, TabletCollected: p.Collected, PaperIssued: p.PaperIssued, PaperCollected: p.PaperCollected,
		Mixed: p.Tablet && p.Paper, Note: p.CountNote, Digest: p.Digest, Passed: r.Passed}
	if p.Mode == Hands {
		m.Issued, m.Collected = 0, 0
	}
	for _, reason := range p.InvalidReasons() {
		m.Reasons = append(m.Reasons, ReasonCount{Key: reason.Key, Label: reason.Vi, N: r.Ballots.InvalidByReason[reason.Key]})
	}
	if p.Kind == Motion {
		m.Choices = []ReasonCount{
			{Key: string(For), Label: "Tán thành", N: r.For, Percent: PercentVi(r.For, p.Base)},
			{Key: string(Against), Label: "Không tán thành", N: r.Against, Percent: PercentVi(r.Against, p.Base)},
		}
		if p.Settings.AbstainOption {
			m.Choices = append(m.Choices, ReasonCount{Key: string(Abstain), Label: "Không biểu quyết", N: r.Abstain, Percent: PercentVi(r.Abstain, p.Base)})
		}
	} else {
		elected := map[string]bool{}
		for _, id := range r.Elected {
			elected[id] = true
		}
		byID := map[string]MinutesRow{}
		for i, cand := range BallotOrder(p.Candidates) {
			row := MinutesRow{Number: i + 1, ID: cand.ID, Name: cand.Name, Votes: r.Votes[cand.ID],
				Percent: PercentVi(r.Votes[cand.ID], p.Base), Elected: elected[cand.ID]}
			m.Rows = append(m.Rows, row)
			byID[cand.ID] = row
		}
		for _, id := range r.Elected {
			m.Elected = append(m.Elected, byID[id])
		}
		for _, id := range r.Runoff {
			m.Runoff = append(m.Runoff, byID[id])
		}
		m.RunoffSeats, m.Unfilled = r.RunoffSeats, r.Unfilled
	}
	confirmed := map[string]bool{}
	for _, id := range p.Confirmations {
		confirmed[id] = true
	}
	m.Confirmed = len(tellers) > 0
	for _, t := range tellers {
		m.Confirmed = m.Confirmed && confirmed[t.ID]
	}
	if !p.TellersConfirm() {
		// A show of hands the presidium counted: its counts are final once entered, no teller
		// confirms them, and its minutes are no draft.
		m.Confirmed = true
	}
	return m, nil
}

// BaseFrom is how the base was derived when the poll opened, as a parenthesis after the figure:
// « (150 đại biểu chính thức được triệu tập, trừ 1 … = 149)»; empty for a poll opened before the
// wording was kept.
func (m Minutes) BaseFrom() string {
	if m.Poll.BaseVi == "" {
		return ""
	}
	return " (" + m.Poll.BaseVi + ")"
}

// Announcement is what the head of the tellers reads aloud to the congress, paragraph by paragraph.
func (m Minutes) Announcement() []string {
	p := m.Poll
	out := []string{"Kính thưa Đoàn Chủ tịch, thưa Đại hội!"}
	what := strings.TrimSpace(p.Title)
	if m.Round != "" && (p.Round > 1 || p.Purpose != FirstRound) {
		what += " (" + m.Round + ")"
	}
	out = append(out, fmt.Sprintf("Ban Kiểm phiếu xin báo cáo kết quả kiểm phiếu %s như sau:", lowerFirst(what)))
	out = append(out, fmt.Sprintf("Tổng số đại biểu được triệu tập: %d đồng chí%s; có mặt: %d đồng chí; vắng mặt: %d đồng chí.", m.Base, m.BaseFrom(), m.Present, m.Absent))
	if p.Mode == Hands {
		card := "thẻ đại biểu"
		if m.Congress.Type == MemberCongress {
			card = "thẻ đảng viên"
		}
		out = append(out, "Đại hội biểu quyết bằng hình thức giơ "+card+".")
	} else {
		out = append(out, fmt.Sprintf("Số phiếu phát ra: %d phiếu; số phiếu thu vào: %d phiếu; số phiếu hợp lệ: %d phiếu; số phiếu không hợp lệ: %d phiếu.", m.Issued, m.Collected, m.Valid, m.Invalid))
	}
	if p.Kind == Motion {
		var parts []string
		for _, c := range m.Choices {
			parts = append(parts, fmt.Sprintf("%s: %d phiếu, bằng %s%% so với tổng số đại biểu được triệu tập", c.Label, c.N, c.Percent))
		}
		out = append(out, strings.Join(parts, "; ")+".")
		if m.Passed {
			out = append(out, "Số đại biểu tán thành quá một nửa so với tổng số đại biểu được triệu tập: Đại hội đã thông qua.")
		} else {
			out = append(out, "Số đại biểu tán thành không quá một nửa so với tổng số đại biểu được triệu tập: Đại hội chưa thông qua.")
		}
		return append(out, "Ban Kiểm phiếu xin hết.")
	}
	out = append(out, "Số phiếu bầu cho từng đồng chí, theo thứ tự trong danh sách bầu cử:")
	for _, r := range m.Rows {
		out = append(out, fmt.Sprintf("%d. Đồng chí %s: %d phiếu, đạt %s%% so với tổng số đại biểu được triệu tập.", r.Number, r.Name, r.Votes, r.Percent))
	}
	if len(m.Elected) > 0 {
		out = append(out, fmt.Sprintf("Căn cứ Quy chế bầu cử trong Đảng, %d đồng chí có số phiếu bầu quá một nửa so với tổng số đại biểu được triệu tập, lấy theo thứ tự từ cao xuống thấp, đã trúng cử (xếp theo số phiếu):", len(m.Elected)))
		for i, r := range m.Elected {
			out = append(out, fmt.Sprintf("%d. Đồng chí %s: %d phiếu (%s%%).", i+1, r.Name, r.Votes, r.Percent))
		}
	} else {
		out = append(out, "Không có đồng chí nào có số phiếu bầu quá một nửa so với tổng số đại biểu được triệu tập.")
	}
	if len(m.Runoff) > 0 {
		var names []string
		for _, r := range m.Runoff {
			names = append(names, "đồng chí "+r.Name)
		}
		out = append(out, fmt.Sprintf("Các %s có số phiếu bằng nhau (%d phiếu) ở vị trí cuối cùng: chưa ai trúng cử cho %d chỗ còn lại; Đại hội cần bầu lại giữa các đồng chí này.", strings.Join(names, ", "), m.Runoff[0].Votes, m.RunoffSeats))
	}
	if m.Unfilled > 0 {
		out = append(out, fmt.Sprintf("Số người trúng cử còn thiếu %d so với số lượng cần bầu (%d).", m.Unfilled, p.Seats))
	}
	return append(out, "Ban Kiểm phiếu xin hết.")
}

// SettingValueVi writes a setting's value for the minutes: yes and no in words.
func SettingValueVi(v string) string {
	switch v {
	case "true":
		return "có"
	case "false":
		return "không"
	}
	return v
}

func lowerFirst(s string) string {
	for i, r := range s {
		return strings.ToLower(string(r)) + s[i+len(string(r)):]
	}
	return s
}
