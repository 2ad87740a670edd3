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

// Check reports everything that would make the file a congress nobody can run, up to maxProblems
// at once, each naming where it is: a delegate or an account twice, a reference to nobody, a role
// or a category unknown, a password too short, an agenda time that is no time, a quorum that is
// none. Nothing is installed from a file that does not pass.
func (f CongressFile) Check() error {
	var p problems
	p.congress(f.Congress)
	delegates := p.roll(f.Roll)
	tellers := p.accounts(f.Accounts, delegates)
	if len(f.Polls) > 0 && tellers == 0 {
		p.add("các cuộc bỏ phiếu cần Ban kiểm phiếu: tệp chưa có tài khoản teller", "the polls need tellers: the file has no teller account")
	}
	items := p.agenda(f.Agenda)
	p.documents(f.Documents)
	p.polls(f.Polls, delegates, items, tellers)
	return p.err("Tệp đại hội chưa dùng được", "The congress file cannot be used")
}

func (p *problems) congress(c Congress) {
	if strings.TrimSpace(c.ID) == "" || strings.TrimSpace(c.Title) == "" {
		p.add("đại hội cần có mã (id) và tên (title)", "the congress needs an id and a title")
	}
	p.addErr("congress", CheckLength(c.Title, MaxTitle, "Tên đại hội", "The congress's title"))
	if _, err := LookupRuleset(c.Ruleset); err != nil {
		p.add("bộ quy tắc %q không có", "there is no ruleset %q", c.Ruleset)
	}
	if err := c.Settings.Check(); err != nil {
		p.addErr("congress.settings", err)
	}
	if err := c.Speaking.Check(); err != nil {
		p.addErr("congress.speaking", err)
	}
	if err := c.Sockets.Check(); err != nil {
		p.addErr("congress.sockets", err)
	}
	if c.Type != "" && c.Type != Representative && c.Type != MemberCongress {
		p.add("loại đại hội %q không có (representative, members)", "unknown congress type %q (representative, members)", c.Type)
	}
}

// roll checks the roll and returns each delegate's category by id.
func (p *problems) roll(roll []Delegate) map[string]Category {
	if len(roll) == 0 {
		p.add("danh sách đại biểu (roll) trống", "the roll is empty")
	}
	categories, numbers := map[string]Category{}, map[int]string{}
	for i, d := range roll {
		at := fmt.Sprintf("roll[%d]", i)
		_, twice := categories[d.ID]
		switch {
		case strings.TrimSpace(d.ID) == "":
			p.add("%s: thiếu mã (id)", "%s: no id", at)
		case twice:
			p.add("%s: mã %q trùng với một đại biểu khác", "%s: the id %q is another delegate's", at, d.ID)
		}
		categories[d.ID] = d.Category
		if strings.TrimSpace(d.Name) == "" {
			p.add("%s: thiếu họ tên", "%s: no name", at)
		}
		p.addErr(at, CheckLength(d.Name, MaxName, "Họ tên", "The name"))
		p.addErr(at, CheckLength(d.Unit, MaxName, "Tên đơn vị", "The unit"))
		if d.Number <= 0 {
			p.add("%s (%s): số thứ tự (number) phải từ 1", "%s (%s): the number must be 1 or more", at, d.Name)
		} else if other, ok := numbers[d.Number]; ok {
			p.add("%s (%s): số %d trùng với %s", "%s (%s): number %d is %s's too", at, d.Name, d.Number, other)
		} else {
			numbers[d.Number] = d.Name
		}
		switch d.Category {
		case Official, ExOfficio, Alternate, Guest:
		default:
			p.add("%s (%s): loại đại biểu %q không có (official, ex_officio, alternate, guest)", "%s (%s): unknown category %q (official, ex_officio, alternate, guest)", at, d.Name, d.Category)
		}
		switch d.Exclusion {
		case NotExcluded, TemporaryTransfer, Suspended, Prosecuted, Detained, Exempted:
		default:
			p.add("%s (%s): exclusion %q không có", "%s (%s): unknown exclusion %q", at, d.Name, d.Exclusion)
		}
		switch d.Presence {
		case NotArrived, Present, AbsentWithReason, AbsentWithoutReason:
		default:
			p.add("%s (%s): presence %q không có", "%s (%s): unknown presence %q", at, d.Name, d.Presence)
		}
	}
	for i, d := range roll {
		if d.Replaces != "" && categories[d.Replaces] != Official {
			p.add("roll[%d] (%s): replaces %q phải là một đại biểu chính thức trong danh sách", "roll[%d] (%s): replaces %q must be an official delegate on the roll", i, d.Name, d.Replaces)
		}
	}
	return categories
}

// accounts checks the operators' accounts and returns how many tellers there are.
func (p *problems) accounts(accounts []AccountFile, delegates map[string]Category) (tellers int) {
	names, ids, organiser, heads := map[string]bool{}, map[string]bool{}, false, 0
	for i, a := range accounts {
		at := fmt.Sprintf("accounts[%d]", i)
		name := strings.ToLower(strings.TrimSpace(a.Name))
		switch {
		case name == "":
			p.add("%s: thiếu tên đăng nhập (name)", "%s: no sign-in name", at)
		case names[name]:
			p.add("%s: tên đăng nhập %q trùng", "%s: the sign-in name %q is taken twice", at, a.Name)
		}
		names[name] = true
		p.addErr(at, CheckLength(a.Name, MaxName, "Tên đăng nhập", "The sign-in name"))
		p.addErr(at, CheckLength(a.FullName, MaxName, "Họ tên", "The full name"))
		if strings.TrimSpace(a.ID) == "" || ids[a.ID] {
			p.add("%s (%s): mã (id) thiếu hoặc trùng", "%s (%s): the id is missing or taken twice", at, a.Name)
		}
		ids[a.ID] = true
		switch a.Role {
		case Organiser, Presidium, Secretariat, Teller, HallDisplay, CheckIn, Observer:
		default:
			p.add("%s (%s): vai trò %q không có", "%s (%s): unknown role %q", at, a.Name, a.Role)
		}
		organiser = organiser || a.Role == Organiser
		if a.Role == Teller {
			tellers++
		}
		if a.Head {
			heads++
			if a.Role != Teller {
				p.add("%s (%s): chỉ tài khoản Ban kiểm phiếu (teller) mới là trưởng ban (head)", "%s (%s): only a teller can be the head", at, a.Name)
			}
		}
		if len(a.Password) < 8 {
			p.add("%s (%s): mật khẩu phải có ít nhất 8 ký tự", "%s (%s): the password must have at least 8 characters", at, a.Name)
		}
		if a.Hash != "" {
			p.add("%s (%s): tệp không được chứa hash, chỉ password", "%s (%s): the file gives a password, not a hash", at, a.Name)
		}
		if _, ok := delegates[a.Delegate]; a.Delegate != "" && !ok {
			p.add("%s (%s): đại biểu %q không có trong danh sách", "%s (%s): the delegate %q is not on the roll", at, a.Name, a.Delegate)
		}
	}
	if tellers > 0 && heads != 1 {
		p.add("Ban kiểm phiếu cần đúng một trưởng ban (head: true), tệp có %d", "the tellers need exactly one head (head: true); the file has %d", heads)
	}
	if !organiser {
		p.add("cần ít nhất một tài khoản Ban tổ chức (role organiser)", "at least one organiser account is needed")
	}
	return tellers
}

// agenda checks the agenda and returns its items' ids.
func (p *problems) agenda(agenda []AgendaItem) map[string]bool {
	items := map[string]bool{}
	for i, it := range agenda {
		at := fmt.Sprintf("agenda[%d]", i)
		if strings.TrimSpace(it.ID) == "" || items[it.ID] {
			p.add("%s (%s): mã (id) thiếu hoặc trùng", "%s (%s): the id is missing or taken twice", at, it.Title)
		}
		items[it.ID] = true
		if strings.TrimSpace(it.Title) == "" {
			p.add("%s: thiếu tên mục", "%s: no title", at)
		}
		p.addErr(at, CheckLength(it.Title, MaxTitle, "Tên mục", "The item's title"))
		if it.Sitting != PreparatorySitting && it.Sitting != OfficialSitting {
			p.add("%s (%s): phiên %q không có (preparatory, official)", "%s (%s): unknown session %q (preparatory, official)", at, it.Title, it.Sitting)
		}
		if it.PlannedStart != "" && !clockTime.MatchString(it.PlannedStart) {
			p.add("%s (%s): giờ %q không đúng dạng HH:MM", "%s (%s): the time %q is not HH:MM", at, it.Title, it.PlannedStart)
		}
		if it.Minutes < 0 {
			p.add("%s (%s): số phút âm", "%s (%s): negative minutes", at, it.Title)
		}
		if it.State != "" && it.State != Pending {
			p.add("%s (%s): mục mới phải ở trạng thái pending", "%s (%s): a new item must be pending", at, it.Title)
		}
	}
	return items
}

func (p *problems) documents(docs []Document) {
	ids := map[string]bool{}
	for i, d := range docs {
		if err := d.Check(); err != nil {
			p.addErr(fmt.Sprintf("documents[%d]", i), err)
		}
		if strings.TrimSpace(d.ID) == "" || ids[d.ID] {
			p.add("documents[%d] (%s): mã (id) thiếu hoặc trùng", "documents[%d] (%s): the id is missing or taken twice", i, d.Title)
		}
		ids[d.ID] = true
	}
}

// polls checks the draft polls against the roll, the agenda and the tellers there are.
func (p *problems) polls(polls []Poll, delegates map[string]Category, items map[string]bool, tellers int) {
	ids := map[string]bool{}
	for _, q := range polls {
		ids[q.ID] = true
	}
	seen := map[string]bool{}
	for i, q := range polls {
		at := fmt.Sprintf("polls[%d] (%s)", i, q.Title)
		if strings.TrimSpace(q.ID) == "" || seen[q.ID] {
			p.add("%s: mã (id) thiếu hoặc trùng", "%s: the id is missing or taken twice", at)
		}
		seen[q.ID] = true
		p.addErr(at, CheckLength(q.Title, MaxTitle, "Tên cuộc bỏ phiếu", "The poll's title"))
		for _, c := range q.Candidates {
			p.addErr(at, CheckLength(c.Name, MaxName, "Tên ứng cử viên", "A candidate's name"))
		}
		if q.State != Draft {
			p.add("%s: cuộc bỏ phiếu mới phải ở trạng thái draft", "%s: a new poll must be a draft", at)
		}
		if q.Base != 0 || q.Present != 0 || q.Issued != 0 || q.Collected != 0 || q.Digest != "" || q.Result != nil || len(q.Confirmations) > 0 || q.PaperIssued != 0 {
			p.add("%s: bản nháp không được có số liệu của một cuộc bỏ phiếu đã diễn ra (base, issued, result…)", "%s: a draft carries no figures of a poll already held (base, issued, result…)", at)
		}
		if q.Previous != "" && !ids[q.Previous] {
			p.add("%s: vòng trước %q không có", "%s: the previous round %q does not exist", at, q.Previous)
		}
		if q.AgendaItem != "" && !items[q.AgendaItem] {
			p.add("%s: mục %q không có trong chương trình", "%s: the item %q is not on the agenda", at, q.AgendaItem)
		}
		if _, err := LookupRuleset(q.Ruleset); err != nil {
			p.add("%s: bộ quy tắc %q không có", "%s: there is no ruleset %q", at, q.Ruleset)
		}
		if err := q.Settings.Check(); err != nil {
			p.addErr(at+" settings", err)
		}
		if q.Kind == Motion && len(q.Candidates) > 0 {
			p.add("%s: biểu quyết không có ứng cử viên", "%s: a motion has no candidates", at)
		}
		if q.Paper && q.Stations > tellers {
			p.add("%s: nhập phiếu giấy ở %d máy cần ít nhất %d thành viên Ban kiểm phiếu, tệp có %d", "%s: keying paper ballots at %d stations needs at least %d tellers; the file has %d", at, q.Stations, q.Stations, tellers)
		}
		onBallot := map[string]bool{}
		for _, cand := range q.Candidates {
			if cand.Delegate == "" {
				continue
			}
			if _, ok := delegates[cand.Delegate]; !ok {
				p.add("%s: ứng cử viên %s chỉ tới đại biểu %q không có trong danh sách", "%s: the candidate %s points to the delegate %q, who is not on the roll", at, cand.Name, cand.Delegate)
			}
			if onBallot[cand.Delegate] {
				p.add("%s: đại biểu của ứng cử viên %s có tên hai lần trên phiếu", "%s: the candidate %s's delegate is on the ballot twice", at, cand.Name)
			}
			onBallot[cand.Delegate] = true
		}
		if err := q.Check(); err != nil {
			p.addErr(at, err)
		}
	}
}

// maxProblems is how many problems a refusal names at once.
const maxProblems = 12

// problems gathers what is wrong with something the organisers prepared (a congress file, a roll),
// each in both languages, to refuse it once with them all named, up to maxProblems.
type problems struct{ vi, en []string }

// add is one problem; vi and en are format strings that take the same arguments.
func (p *problems) add(vi, en string, args ...any) {
	p.vi, p.en = append(p.vi, fmt.Sprintf(vi, args...)), append(p.en, fmt.Sprintf(en, args...))
}

// addErr is a problem one of the domain's own checks found, with where it is.
func (p *problems) addErr(at string, err error) {
	if err == nil {
		return
	}
	vi, en := ErrorMessages(err)
	p.vi, p.en = append(p.vi, at+": "+vi), append(p.en, at+": "+en)
}

// err is nil without problems, else one invalid-input error: what, then the problems.
func (p *problems) err(whatVi, whatEn string) error {
	if len(p.vi) == 0 {
		return nil
	}
	vi, en, moreVi, moreEn := p.vi, p.en, "", ""
	if n := len(vi) - maxProblems; n > 0 {
		moreVi, moreEn = fmt.Sprintf(" (và %d lỗi khác)", n), fmt.Sprintf(" (and %d more)", n)
		vi, en = vi[:maxProblems], en[:maxProblems]
	}
	return &Error{Code: EINVALID, Vi: whatVi + ": " + strings.Join(vi, "; ") + moreVi + ".", En: whatEn + ": " + strings.Join(en, "; ") + moreEn + "."}
}

// clockTime is a time of day as the agenda prints it: "7:30", "07:30", "13:05".
var clockTime = regexp.MustCompile(`^([01]?[0-9]|2[0-3]):[0-5][0-9]$`)
