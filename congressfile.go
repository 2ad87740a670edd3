package daihoi

import (
	"fmt"
	"regexp"
	"strings"
)

// CongressFile is a whole congress as its organisers prepare it, in one JSON file: the congress,
// the roll, the operators' accounts, the agenda, the draft documents and the draft polls. `daihoi
// serve --congress FILE` installs it on a new data folder instead of the demo; `daihoi template`
// writes the demo's, to edit.
type CongressFile struct {
	Congress  Congress      `json:"congress"`
	Roll      []Delegate    `json:"roll"`
	Accounts  []AccountFile `json:"accounts"`
	Agenda    []AgendaItem  `json:"agenda"`
	Documents []Document    `json:"documents,omitempty"`
	Polls     []Poll        `json:"polls,omitempty"`
}

// AccountFile is an operator's account with the password to give them; the file holds no hash.
type AccountFile struct {
	Operator
	Password string `json:"password"`
}

// maxProblems is how many problems of a file Check names at once.
const maxProblems = 12

// Check reports everything that would make the file a congress nobody can run, up to maxProblems
// at once, each naming where it is: a delegate or an account twice, a reference to nobody, a role
// or a category unknown, a password too short, an agenda time that is no time. Nothing is
// installed from a file that does not pass.
func (f CongressFile) Check() error {
	var vi, en []string
	bad := func(v, e string, args ...any) {
		vi, en = append(vi, fmt.Sprintf(v, args...)), append(en, fmt.Sprintf(e, args...))
	}
	// badAt names where an error of the domain's own checks is.
	badAt := func(at string, err error) {
		v, e := ErrorMessages(err)
		vi, en = append(vi, at+": "+v), append(en, at+": "+e)
	}
	c := f.Congress
	if strings.TrimSpace(c.ID) == "" || strings.TrimSpace(c.Title) == "" {
		bad("đại hội cần có mã (id) và tên (title)", "the congress needs an id and a title")
	}
	if _, err := LookupRuleset(c.Ruleset); err != nil {
		bad("bộ quy tắc %q không có", "there is no ruleset %q", c.Ruleset)
	}
	if err := c.Settings.Check(); err != nil {
		badAt("congress.settings", err)
	}
	if c.Type != "" && c.Type != Representative && c.Type != MemberCongress {
		bad("loại đại hội %q không có (representative, members)", "unknown congress type %q (representative, members)", c.Type)
	}

	if len(f.Roll) == 0 {
		bad("danh sách đại biểu (roll) trống", "the roll is empty")
	}
	delegates, numbers, categories := map[string]bool{}, map[int]string{}, map[string]Category{}
	for i, d := range f.Roll {
		at := fmt.Sprintf("roll[%d]", i)
		switch {
		case strings.TrimSpace(d.ID) == "":
			bad("%s: thiếu mã (id)", "%s: no id", at)
		case delegates[d.ID]:
			bad("%s: mã %q trùng với một đại biểu khác", "%s: the id %q is another delegate's", at, d.ID)
		}
		delegates[d.ID], categories[d.ID] = true, d.Category
		if strings.TrimSpace(d.Name) == "" {
			bad("%s: thiếu họ tên", "%s: no name", at)
		}
		if d.Number <= 0 {
			bad("%s (%s): số thứ tự (number) phải từ 1", "%s (%s): the number must be 1 or more", at, d.Name)
		} else if other, ok := numbers[d.Number]; ok {
			bad("%s (%s): số %d trùng với %s", "%s (%s): number %d is %s's too", at, d.Name, d.Number, other)
		} else {
			numbers[d.Number] = d.Name
		}
		switch d.Category {
		case Official, ExOfficio, Alternate, Guest:
		default:
			bad("%s (%s): loại đại biểu %q không có (official, ex_officio, alternate, guest)", "%s (%s): unknown category %q (official, ex_officio, alternate, guest)", at, d.Name, d.Category)
		}
		switch d.Exclusion {
		case NotExcluded, TemporaryTransfer, Suspended, Prosecuted, Detained, Exempted:
		default:
			bad("%s (%s): exclusion %q không có", "%s (%s): unknown exclusion %q", at, d.Name, d.Exclusion)
		}
		switch d.Presence {
		case NotArrived, Present, AbsentWithReason, AbsentWithoutReason:
		default:
			bad("%s (%s): presence %q không có", "%s (%s): unknown presence %q", at, d.Name, d.Presence)
		}
	}
	for i, d := range f.Roll {
		if d.Replaces == "" {
			continue
		}
		if categories[d.Replaces] != Official {
			bad("roll[%d] (%s): replaces %q phải là một đại biểu chính thức trong danh sách", "roll[%d] (%s): replaces %q must be an official delegate on the roll", i, d.Name, d.Replaces)
		}
	}

	names, ids, organiser := map[string]bool{}, map[string]bool{}, false
	tellers, heads := 0, 0
	for i, a := range f.Accounts {
		at := fmt.Sprintf("accounts[%d]", i)
		name := strings.ToLower(strings.TrimSpace(a.Name))
		switch {
		case name == "":
			bad("%s: thiếu tên đăng nhập (name)", "%s: no sign-in name", at)
		case names[name]:
			bad("%s: tên đăng nhập %q trùng", "%s: the sign-in name %q is taken twice", at, a.Name)
		}
		names[name] = true
		if strings.TrimSpace(a.ID) == "" || ids[a.ID] {
			bad("%s (%s): mã (id) thiếu hoặc trùng", "%s (%s): the id is missing or taken twice", at, a.Name)
		}
		ids[a.ID] = true
		switch a.Role {
		case Organiser, Presidium, Secretariat, Teller, HallDisplay, CheckIn, Observer:
		default:
			bad("%s (%s): vai trò %q không có", "%s (%s): unknown role %q", at, a.Name, a.Role)
		}
		organiser = organiser || a.Role == Organiser
		if a.Role == Teller {
			tellers++
		}
		if a.Head {
			heads++
			if a.Role != Teller {
				bad("%s (%s): chỉ tài khoản Ban kiểm phiếu (teller) mới là trưởng ban (head)", "%s (%s): only a teller can be the head", at, a.Name)
			}
		}
		if len(a.Password) < 8 {
			bad("%s (%s): mật khẩu phải có ít nhất 8 ký tự", "%s (%s): the password must have at least 8 characters", at, a.Name)
		}
		if a.Hash != "" {
			bad("%s (%s): tệp không được chứa hash, chỉ password", "%s (%s): the file gives a password, not a hash", at, a.Name)
		}
		if a.Delegate != "" && !delegates[a.Delegate] {
			bad("%s (%s): đại biểu %q không có trong danh sách", "%s (%s): the delegate %q is not on the roll", at, a.Name, a.Delegate)
		}
	}
	if len(f.Polls) > 0 && tellers == 0 {
		bad("các cuộc bỏ phiếu cần Ban kiểm phiếu: tệp chưa có tài khoản teller", "the polls need tellers: the file has no teller account")
	}
	if tellers > 0 && heads != 1 {
		bad("Ban kiểm phiếu cần đúng một trưởng ban (head: true), tệp có %d", "the tellers need exactly one head (head: true); the file has %d", heads)
	}
	if !organiser {
		bad("cần ít nhất một tài khoản Ban tổ chức (role organiser)", "at least one organiser account is needed")
	}

	items := map[string]bool{}
	for i, it := range f.Agenda {
		at := fmt.Sprintf("agenda[%d]", i)
		if strings.TrimSpace(it.ID) == "" || items[it.ID] {
			bad("%s (%s): mã (id) thiếu hoặc trùng", "%s (%s): the id is missing or taken twice", at, it.Title)
		}
		items[it.ID] = true
		if strings.TrimSpace(it.Title) == "" {
			bad("%s: thiếu tên mục", "%s: no title", at)
		}
		if it.Session != Preparatory && it.Session != OfficialSes {
			bad("%s (%s): phiên %q không có (preparatory, official)", "%s (%s): unknown session %q (preparatory, official)", at, it.Title, it.Session)
		}
		if it.PlannedStart != "" && !clockTime.MatchString(it.PlannedStart) {
			bad("%s (%s): giờ %q không đúng dạng HH:MM", "%s (%s): the time %q is not HH:MM", at, it.Title, it.PlannedStart)
		}
		if it.Minutes < 0 {
			bad("%s (%s): số phút âm", "%s (%s): negative minutes", at, it.Title)
		}
		if it.State != "" && it.State != Pending {
			bad("%s (%s): mục mới phải ở trạng thái pending", "%s (%s): a new item must be pending", at, it.Title)
		}
	}

	docs := map[string]bool{}
	for i, d := range f.Documents {
		if err := d.Check(); err != nil {
			badAt(fmt.Sprintf("documents[%d]", i), err)
		}
		if strings.TrimSpace(d.ID) == "" || docs[d.ID] {
			bad("documents[%d] (%s): mã (id) thiếu hoặc trùng", "documents[%d] (%s): the id is missing or taken twice", i, d.Title)
		}
		docs[d.ID] = true
	}

	polls := map[string]bool{}
	for _, p := range f.Polls {
		polls[p.ID] = true
	}
	seen := map[string]bool{}
	for i, p := range f.Polls {
		at := fmt.Sprintf("polls[%d] (%s)", i, p.Title)
		if strings.TrimSpace(p.ID) == "" || seen[p.ID] {
			bad("%s: mã (id) thiếu hoặc trùng", "%s: the id is missing or taken twice", at)
		}
		seen[p.ID] = true
		if p.State != Draft {
			bad("%s: cuộc bỏ phiếu mới phải ở trạng thái draft", "%s: a new poll must be a draft", at)
		}
		if p.Base != 0 || p.Present != 0 || p.Issued != 0 || p.Collected != 0 || p.Digest != "" || p.Result != nil || len(p.Confirmations) > 0 || p.PaperIssued != 0 {
			bad("%s: bản nháp không được có số liệu của một cuộc bỏ phiếu đã diễn ra (base, issued, result…)", "%s: a draft carries no figures of a poll already held (base, issued, result…)", at)
		}
		if p.Previous != "" && !polls[p.Previous] {
			bad("%s: vòng trước %q không có", "%s: the previous round %q does not exist", at, p.Previous)
		}
		if _, err := LookupRuleset(p.Ruleset); err != nil {
			bad("%s: bộ quy tắc %q không có", "%s: there is no ruleset %q", at, p.Ruleset)
		}
		if err := p.Settings.Check(); err != nil {
			badAt(at+" settings", err)
		}
		if p.Kind == Motion && len(p.Candidates) > 0 {
			bad("%s: biểu quyết không có ứng cử viên", "%s: a motion has no candidates", at)
		}
		if p.Paper && p.Stations > tellers {
			bad("%s: nhập phiếu giấy ở %d máy cần ít nhất %d thành viên Ban kiểm phiếu, tệp có %d", "%s: keying paper ballots at %d stations needs at least %d tellers; the file has %d", at, p.Stations, p.Stations, tellers)
		}
		onBallot := map[string]bool{}
		for _, cand := range p.Candidates {
			if cand.Delegate != "" && onBallot[cand.Delegate] {
				bad("%s: đại biểu của ứng cử viên %s có tên hai lần trên phiếu", "%s: the candidate %s's delegate is on the ballot twice", at, cand.Name)
			}
			onBallot[cand.Delegate] = cand.Delegate != ""
		}
		if p.AgendaItem != "" && !items[p.AgendaItem] {
			bad("%s: mục %q không có trong chương trình", "%s: the item %q is not on the agenda", at, p.AgendaItem)
		}
		for _, cand := range p.Candidates {
			if cand.Delegate != "" && !delegates[cand.Delegate] {
				bad("%s: ứng cử viên %s chỉ tới đại biểu %q không có trong danh sách", "%s: the candidate %s points to the delegate %q, who is not on the roll", at, cand.Name, cand.Delegate)
			}
		}
		if err := p.Check(); err != nil {
			badAt(at, err)
		}
	}

	if len(vi) == 0 {
		return nil
	}
	moreVi, moreEn := "", ""
	if n := len(vi) - maxProblems; n > 0 {
		moreVi, moreEn = fmt.Sprintf(" (và %d lỗi khác)", n), fmt.Sprintf(" (and %d more)", n)
		vi, en = vi[:maxProblems], en[:maxProblems]
	}
	return &Error{Code: EINVALID,
		Vi: "Tệp đại hội chưa dùng được: " + strings.Join(vi, "; ") + moreVi + ".",
		En: "The congress file cannot be used: " + strings.Join(en, "; ") + moreEn + "."}
}

// clockTime is a time of day as the agenda prints it: "7:30", "07:30", "13:05".
var clockTime = regexp.MustCompile(`^([01]?[0-9]|2[0-3]):[0-5][0-9]$`)
