package daihoi

import (
	"strconv"
	"strings"
	"time"
)

// Congress is one đại hội: the event the server runs. One bbolt file holds one congress.
type Congress struct {
	ID           string         `json:"id"`
	Title        string         `json:"title"`        // "Đại hội đại biểu Đảng bộ … lần thứ XXIV, nhiệm kỳ 2025–2030"
	Organisation string         `json:"organisation"` // "Đảng bộ phường …"
	Term         string         `json:"term"`         // "2025–2030"
	Venue        string         `json:"venue"`
	Date         string         `json:"date"` // the first day, YYYY-MM-DD
	Type         CongressType   `json:"type"`
	Ruleset      string         `json:"ruleset"`
	Settings     Settings       `json:"settings"`
	Speaking     SpeakingLimits `json:"speaking,omitzero"` // minutes per kind of contribution
	Topics       []string       `json:"topics"`            // topics of delegates' questions to the presidium
	Sockets      Sockets        `json:"sockets,omitzero"`
}

// Sitting (phiên) of the congress an agenda item belongs to: named so, not Session, which is a
// sign-in.
const (
	PreparatorySitting = "preparatory" // phiên trù bị
	OfficialSitting    = "official"    // phiên chính thức
)

// ItemState is where an agenda item stands.
type ItemState string

const (
	Pending ItemState = "pending"
	Current ItemState = "current"
	Done    ItemState = "done"
	Skipped ItemState = "skipped"
)

// AgendaItem is one point of the programme (chương trình đại hội).
type AgendaItem struct {
	ID           string    `json:"id"`
	Sitting      string    `json:"session"` // PreparatorySitting or OfficialSitting
	Title        string    `json:"title"`
	Kind         string    `json:"kind,omitempty"` // "ceremony", "report", "discussion", "election", "motion", "speech"
	PlannedStart string    `json:"planned_start"`  // "07:30", local time of the congress day
	Minutes      int       `json:"minutes"`        // planned duration
	State        ItemState `json:"state"`
	StartedAt    time.Time `json:"started_at,omitzero"`
	EndedAt      time.Time `json:"ended_at,omitzero"`
}

// Document is a draft document (dự thảo văn kiện) the delegates comment on, section by section.
type Document struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	Sections []Section `json:"sections"`
}

// Section is one numbered part of a draft document.
type Section struct {
	Number string `json:"number"` // "1", "2.3"
	Title  string `json:"title"`
	Text   string `json:"text"` // plain text or Markdown
}

// Role is what an operator or a screen may do (docs/architecture.md, Roles).
type Role string

const (
	Organiser    Role = "organiser"   // Ban tổ chức: setup
	Presidium    Role = "presidium"   // Đoàn chủ tịch
	Secretariat  Role = "secretariat" // Đoàn thư ký
	Teller       Role = "teller"      // Ban kiểm phiếu, each teller individually
	DelegateRole Role = "delegate"    // đại biểu, signed in with the card
	HallDisplay  Role = "hall"        // màn hình hội trường
	CheckIn      Role = "checkin"     // bàn đón tiếp
	Observer     Role = "observer"
)

// Operator is a person or screen that signs in with a name and password.
type Operator struct {
	ID       string `json:"id"`
	Name     string `json:"name"`     // the sign-in name
	FullName string `json:"fullname"` // as printed in minutes
	Role     Role   `json:"role"`
	Head     bool   `json:"head,omitempty"`     // head of the tellers (Trưởng ban kiểm phiếu)
	Delegate string `json:"delegate,omitempty"` // the delegate this operator also is, if any
	Hash     string `json:"hash,omitempty"`     // password hash; never sent to a screen
}

// Check reports what makes a document impossible to load.
func (d Document) Check() error {
	if d.Title == "" {
		return Errorf(EINVALID, "dự thảo văn kiện cần có tên", "a draft document needs a title")
	}
	if err := CheckLength(d.Title, MaxTitle, "Tên dự thảo văn kiện", "The draft document's title"); err != nil {
		return err
	}
	if len(d.Sections) == 0 {
		return Errorf(EINVALID, "dự thảo %q không có mục nào", "the draft %q has no sections", d.Title)
	}
	seen := map[string]bool{}
	for _, s := range d.Sections {
		if s.Number == "" {
			return Errorf(EINVALID, "một mục của dự thảo không có số", "a section of the draft has no number")
		}
		if err := CheckLength(s.Number+" "+s.Title, MaxTitle, "Tên mục "+s.Number, "The title of section "+s.Number); err != nil {
			return err
		}
		if seen[s.Number] {
			return Errorf(EINVALID, "mục số %q bị trùng", "section number %q appears twice", s.Number)
		}
		seen[s.Number] = true
	}
	return nil
}

// SplitSections cuts a plain-text or Markdown draft into numbered sections: a line that starts with
// a section number ("1.", "2.3", "II.") or a Markdown heading starts a new section; its first line is
// the section's title. Text before the first such line becomes section "0".
func SplitSections(text string) []Section {
	var out []Section
	var cur *Section
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		trim := strings.TrimSpace(line)
		if num, title, ok := sectionHead(trim); ok {
			if num == "" {
				num = strconv.Itoa(len(out) + 1)
			}
			out = append(out, Section{Number: num, Title: title})
			cur = &out[len(out)-1]
			continue
		}
		if cur == nil {
			if trim == "" {
				continue
			}
			out = append(out, Section{Number: "0", Title: ""})
			cur = &out[len(out)-1]
		}
		if cur.Text != "" || trim != "" {
			cur.Text += line + "\n"
		}
	}
	for i := range out {
		out[i].Text = strings.TrimSpace(out[i].Text)
	}
	return out
}

func sectionHead(line string) (num, title string, ok bool) {
	if strings.HasPrefix(line, "#") {
		return "", strings.TrimSpace(strings.TrimLeft(line, "#")), true
	}
	i := 0
	for i < len(line) && (line[i] >= '0' && line[i] <= '9' || line[i] == '.' || strings.ContainsRune("IVXL", rune(line[i]))) {
		i++
	}
	if i == 0 || i == len(line) || line[i] != ' ' {
		return "", "", false
	}
	num = strings.TrimSuffix(line[:i], ".")
	if num == "" || !strings.ContainsAny(num[:1], "0123456789IVXL") {
		return "", "", false
	}
	return num, strings.TrimSpace(line[i:]), true
}
