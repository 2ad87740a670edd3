// Package demo builds the demo congress the server seeds on first start: a ward party congress with
// a roll of 155 people, the operators' accounts, the standard agenda, two draft documents and the
// draft polls of the day. It does no I/O and is deterministic: New draws from a fixed seed and makes
// every id with uuid.NewSHA1 over a fixed namespace, so two calls return equal data.
//
// Demo accounts (sign-in name / password; the password is always the name followed by "-2025"):
//
//	bantochuc                 / bantochuc-2025    Ban tổ chức (organiser)
//	dct1 … dct5               / dct1-2025 …       Đoàn chủ tịch (presidium), each an ex-officio delegate
//	thuky1 … thuky3           / thuky1-2025 …     Đoàn thư ký (secretariat), each an official delegate
//	kiemphieu1 … kiemphieu5   / kiemphieu1-2025 … Ban kiểm phiếu (tellers); kiemphieu1 is the head
//	hoitruong                 / hoitruong-2025    màn hình hội trường (hall display)
//	dontiep                   / dontiep-2025      bàn đón tiếp (check-in desk)
//	quansat                   / quansat-2025      quan sát (observer)
//
// The passwords are for the demo only: a real congress sets its own.
package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/daihoi/daihoi"
	"github.com/google/uuid"
)

// Account is an operator with the demo password (shown only for the demo).
type Account struct {
	Operator daihoi.Operator
	Password string
}

// Seed is everything the server stores for the demo congress.
type Seed struct {
	Congress  daihoi.Congress
	Roll      daihoi.Roll
	Accounts  []Account
	Agenda    []daihoi.AgendaItem
	Documents []daihoi.Document
	Polls     []daihoi.Poll // drafts
	Topics    []string      // question topics for delegates' questions to the presidium
}

// The congress.
const (
	Title        = "Đại hội đại biểu Đảng bộ phường Bến Thành lần thứ XXIV, nhiệm kỳ 2025–2030"
	Organisation = "Đảng bộ phường Bến Thành"
	Term         = "2025–2030"
	Venue        = "Hội trường Ủy ban nhân dân phường Bến Thành"
	Date         = "2026-12-05"
)

// namespace is the fixed namespace of every demo id.
var namespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://github.com/daihoi/daihoi/demo"))

// id makes the deterministic id of one thing of a kind ("delegate", "operator", …) by its name.
func id(kind, name string) string {
	return uuid.NewSHA1(namespace, []byte(kind+"/"+name)).String()
}

// New builds the demo congress. Every call returns equal, freshly allocated data.
func New() Seed {
	rs, err := daihoi.LookupRuleset(daihoi.DefaultRuleset)
	if err != nil {
		panic(err) // the default ruleset always exists
	}
	b := &builder{rng: rand.New(rand.NewPCG(20251205, 24)), taken: map[string]bool{}}
	b.buildRoll()
	b.pickPeople()
	agenda := buildAgenda()
	return Seed{
		Congress: daihoi.Congress{
			ID:           id("congress", Title),
			Title:        Title,
			Organisation: Organisation,
			Term:         Term,
			Venue:        Venue,
			Date:         Date,
			Type:         daihoi.Representative,
			Ruleset:      rs.Name,
			Settings:     rs.Settings,
			Speaking:     daihoi.SpeakingLimits{Discussion: daihoi.DefaultDiscussionMinutes, Prepared: daihoi.DefaultPreparedMinutes},
		},
		Roll:      b.roll,
		Accounts:  b.accounts(),
		Agenda:    agenda,
		Documents: documents(),
		Polls:     b.polls(rs, agenda),
		Topics:    append([]string(nil), topics...),
	}
}

// builder holds the state of one New call.
type builder struct {
	rng   *rand.Rand
	taken map[string]bool // folded names already on the roll or reserved
	roll  daihoi.Roll

	exOfficio   []daihoi.Delegate // in the committee's order
	replaced    daihoi.Delegate   // the official an alternate replaces
	committee   []daihoi.Delegate // candidates for the executive committee
	upper       []daihoi.Delegate // candidates for delegates to the upper level
	tellers     []daihoi.Delegate
	secretaries []daihoi.Delegate
}

func (b *builder) pick(ws []weighted) string {
	total := 0
	for _, w := range ws {
		total += w.w
	}
	n := b.rng.IntN(total)
	for _, w := range ws {
		if n < w.w {
			return w.v
		}
		n -= w.w
	}
	return ws[len(ws)-1].v
}

func (b *builder) pickIndex(weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := b.rng.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

// name draws a full name not yet on the roll. Names are kept unique even with their diacritics
// removed, so a search for "nguyen van an" finds exactly one person.
func (b *builder) name(gender string) string {
	for {
		var parts []string
		if gender == "nữ" {
			middle := b.pick(femaleMiddles)
			parts = []string{b.pick(families), middle}
			if middle == "Thị" && b.rng.IntN(4) == 0 {
				parts = append(parts, secondMiddles[b.rng.IntN(len(secondMiddles))])
			}
			parts = append(parts, femaleGiven[b.rng.IntN(len(femaleGiven))])
		} else {
			parts = []string{b.pick(families), b.pick(maleMiddles), maleGiven[b.rng.IntN(len(maleGiven))]}
		}
		if parts[len(parts)-2] == parts[len(parts)-1] || parts[0] == parts[1] {
			continue // "Thanh Thanh", "Hoàng Hoàng"
		}
		full := strings.Join(parts, " ")
		folded := daihoi.Fold(full)
		if b.taken[folded] || strings.Contains(folded, "nguyen van an") {
			continue
		}
		b.taken[folded] = true
		return full
	}
}

func (b *builder) delegate(p person, unit string, cat daihoi.Category) daihoi.Delegate {
	return daihoi.Delegate{
		ID:        id("delegate", p.name),
		Name:      p.name,
		Unit:      unit,
		BirthYear: p.born,
		Gender:    p.gender,
		Ethnicity: p.ethnicity,
		Education: p.edu,
		Theory:    p.theory,
		Category:  cat,
	}
}

// generated draws a person of a unit.
func (b *builder) generated(u unit) person {
	gender := "nam"
	if b.rng.Float64() < u.female {
		gender = "nữ"
	}
	p := person{
		name:      b.name(gender),
		gender:    gender,
		born:      u.from + b.rng.IntN(u.to-u.from+1),
		ethnicity: "Kinh",
		edu:       educations[b.pickIndex(u.edu[:])],
		theory:    theories[b.pickIndex(u.theory[:])],
	}
	if p.theory == "Cao cấp" && p.born > 1988 {
		p.theory = "Trung cấp" // the advanced course comes later in a career
	}
	return p
}

// buildRoll lists the ex-officio members first, in the committee's order, then the official
// delegates unit by unit, in ballot order within a unit, then the alternates.
func (b *builder) buildRoll() {
	for _, p := range exOfficio {
		b.taken[daihoi.Fold(p.name)] = true
	}
	for _, p := range namedOfficials {
		b.taken[daihoi.Fold(p.name)] = true
	}
	for _, p := range exOfficio {
		d := b.delegate(p, exOfficioUnit, daihoi.ExOfficio)
		b.exOfficio = append(b.exOfficio, d)
		b.roll = append(b.roll, d)
	}
	nc := daihoi.NewNameCollator()
	for ui, u := range units {
		var people []daihoi.Delegate
		for _, p := range namedOfficials {
			if p.unit == ui {
				people = append(people, b.delegate(p, u.name, daihoi.Official))
			}
		}
		for len(people) < u.n {
			people = append(people, b.delegate(b.generated(u), u.name, daihoi.Official))
		}
		// Insertion sort keeps this free of the sort package's unspecified tie order.
		for i := 1; i < len(people); i++ {
			for j := i; j > 0 && nc.Compare(people[j-1].Name, people[j].Name) > 0; j-- {
				people[j-1], people[j] = people[j], people[j-1]
			}
		}
		b.roll = append(b.roll, people...)
	}
	// The last official of the first alternate's unit is ill: the alternate replaces them.
	for _, d := range b.roll {
		if d.Unit == units[alternateUnits[0]].name {
			b.replaced = d
		}
	}
	for i, ui := range alternateUnits {
		d := b.delegate(b.generated(units[ui]), units[ui].name, daihoi.Alternate)
		if i == 0 {
			d.Replaces = b.replaced.ID
		}
		b.roll = append(b.roll, d)
	}
	for i := range b.roll {
		b.roll[i].Number = i + 1
	}
}

// promising reports whether an official delegate is the kind the committee nominates.
func promising(d daihoi.Delegate) bool {
	return d.Category == daihoi.Official && d.BirthYear >= 1978 && d.Theory != "Sơ cấp" && d.Education != "Cao đẳng"
}

// pickPeople chooses the candidates, the tellers and the secretaries among the roll.
func (b *builder) pickPeople() {
	used := map[string]bool{b.replaced.ID: true}
	var pool []daihoi.Delegate
	for _, d := range b.roll {
		if promising(d) && !used[d.ID] {
			pool = append(pool, d)
		}
	}
	b.rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })

	// Twelve members of the outgoing committee stand again, with six official delegates from six
	// different units.
	for i, d := range b.exOfficio {
		if !retiring[i] {
			b.committee = append(b.committee, d)
		}
	}
	var fresh []daihoi.Delegate
	seen := map[string]bool{}
	for _, d := range pool {
		if len(fresh) == 6 {
			break
		}
		if !seen[d.Unit] {
			seen[d.Unit] = true
			fresh = append(fresh, d)
			used[d.ID] = true
		}
	}
	b.committee = append(b.committee, byNumber(fresh)...)

	// Delegates to the upper level: six committee members, three of the new committee candidates and
	// four other official delegates.
	for _, i := range []int{0, 1, 2, 3, 4, 6} {
		b.upper = append(b.upper, b.exOfficio[i])
	}
	others := fresh[:3:3]
	for _, d := range pool {
		if len(others) == 7 {
			break
		}
		if !used[d.ID] {
			used[d.ID] = true
			others = append(others, d)
		}
	}
	b.upper = append(b.upper, byNumber(others)...)

	// Tellers and secretaries: official delegates of given units who stand for nothing.
	first := func(ui int) daihoi.Delegate {
		for _, d := range b.roll {
			if d.Category == daihoi.Official && d.Unit == units[ui].name && !used[d.ID] {
				used[d.ID] = true
				return d
			}
		}
		panic("demo: no free delegate in " + units[ui].name)
	}
	for _, ui := range []int{ubnd, matTran, kp4, thcs, yTe} {
		b.tellers = append(b.tellers, first(ui))
	}
	for _, ui := range []int{ubnd, kp2, tieuHoc} {
		b.secretaries = append(b.secretaries, first(ui))
	}
}

// byNumber returns the delegates in roll order.
func byNumber(ds []daihoi.Delegate) []daihoi.Delegate {
	out := append([]daihoi.Delegate(nil), ds...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j-1].Number > out[j].Number; j-- {
			out[j-1], out[j] = out[j], out[j-1]
		}
	}
	return out
}

func account(name, full string, role daihoi.Role, delegate string) Account {
	return Account{
		Operator: daihoi.Operator{ID: id("operator", name), Name: name, FullName: full, Role: role, Delegate: delegate},
		Password: name + "-2025",
	}
}

func (b *builder) accounts() []Account {
	out := []Account{account("bantochuc", "Ban Tổ chức Đại hội", daihoi.Organiser, "")}
	for i, d := range b.exOfficio[:5] {
		out = append(out, account(fmt.Sprintf("dct%d", i+1), d.Name, daihoi.Presidium, d.ID))
	}
	for i, d := range b.secretaries {
		out = append(out, account(fmt.Sprintf("thuky%d", i+1), d.Name, daihoi.Secretariat, d.ID))
	}
	for i, d := range b.tellers {
		a := account(fmt.Sprintf("kiemphieu%d", i+1), d.Name, daihoi.Teller, d.ID)
		a.Operator.Head = i == 0
		out = append(out, a)
	}
	return append(out,
		account("hoitruong", "Màn hình hội trường", daihoi.HallDisplay, ""),
		account("dontiep", "Bàn đón tiếp đại biểu", daihoi.CheckIn, ""),
		account("quansat", "Đại diện Ban Tổ chức Thành ủy", daihoi.Observer, ""),
	)
}

// Agenda item keys the polls refer to.
const (
	itemProgramme  = "thong-qua-chuong-trinh"
	itemCommittee  = "bau-ban-chap-hanh"
	itemUpper      = "bau-dai-bieu-cap-tren"
	itemResolution = "thong-qua-nghi-quyet"
)

type agendaEntry struct {
	key, session, title, kind string
	minutes                   int
}

var agendaEntries = []agendaEntry{
	{"chao-co", daihoi.PreparatorySitting, "Chào cờ", "ceremony", 5},
	{"bau-doan-chu-tich", daihoi.PreparatorySitting, "Bầu Đoàn Chủ tịch Đại hội (biểu quyết giơ tay)", "motion", 5},
	{"bau-doan-thu-ky", daihoi.PreparatorySitting, "Bầu Đoàn Thư ký Đại hội (biểu quyết giơ tay)", "motion", 5},
	{"bau-ban-tham-tra", daihoi.PreparatorySitting, "Bầu Ban Thẩm tra tư cách đại biểu (biểu quyết giơ tay)", "motion", 5},
	{itemProgramme, daihoi.PreparatorySitting, "Thông qua chương trình Đại hội", "motion", 5},
	{"thong-qua-quy-che-lam-viec", daihoi.PreparatorySitting, "Thông qua Quy chế làm việc của Đại hội", "motion", 10},
	{"thong-qua-quy-che-bau-cu", daihoi.PreparatorySitting, "Thông qua Quy chế bầu cử tại Đại hội", "motion", 10},
	{"khai-mac", daihoi.OfficialSitting, "Khai mạc Đại hội; tuyên bố lý do, giới thiệu đại biểu", "ceremony", 15},
	{"tham-tra-tu-cach", daihoi.OfficialSitting, "Báo cáo thẩm tra tư cách đại biểu", "report", 10},
	{"bao-cao-chinh-tri", daihoi.OfficialSitting, "Báo cáo chính trị của Ban Chấp hành Đảng bộ phường khóa XXIII trình Đại hội", "report", 30},
	{"bao-cao-kiem-diem", daihoi.OfficialSitting, "Báo cáo kiểm điểm sự lãnh đạo, chỉ đạo của Ban Chấp hành Đảng bộ phường khóa XXIII", "report", 20},
	{"thao-luan", daihoi.OfficialSitting, "Thảo luận, tham luận các dự thảo văn kiện Đại hội", "discussion", 60},
	{"phat-bieu-cap-tren", daihoi.OfficialSitting, "Phát biểu chỉ đạo của đồng chí lãnh đạo Thành ủy", "speech", 20},
	{"thong-qua-danh-sach", daihoi.OfficialSitting, "Thông qua số lượng, danh sách bầu cử và Ban Kiểm phiếu", "motion", 15},
	{itemCommittee, daihoi.OfficialSitting, "Bầu Ban Chấp hành Đảng bộ phường khóa XXIV, nhiệm kỳ 2025–2030", "election", 90},
	{itemUpper, daihoi.OfficialSitting, "Bầu đại biểu đi dự Đại hội đại biểu Đảng bộ Thành phố", "election", 60},
	{"ra-mat", daihoi.OfficialSitting, "Ban Chấp hành Đảng bộ phường khóa XXIV ra mắt Đại hội", "ceremony", 10},
	{itemResolution, daihoi.OfficialSitting, "Thông qua Nghị quyết Đại hội", "motion", 15},
	{"be-mac", daihoi.OfficialSitting, "Bế mạc Đại hội; chào cờ", "ceremony", 10},
}

// dayStart is when the preparatory session begins, in minutes after midnight (07:30).
const dayStart = 7*60 + 30

func clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

func buildAgenda() []daihoi.AgendaItem {
	out := make([]daihoi.AgendaItem, 0, len(agendaEntries))
	at := dayStart
	for _, e := range agendaEntries {
		out = append(out, daihoi.AgendaItem{
			ID:           id("agenda", e.key),
			Sitting:      e.session,
			Title:        e.title,
			Kind:         e.kind,
			PlannedStart: clock(at),
			Minutes:      e.minutes,
			State:        daihoi.Pending,
		})
		at += e.minutes
	}
	return out
}

func candidates(ds []daihoi.Delegate) []daihoi.Candidate {
	out := make([]daihoi.Candidate, len(ds))
	for i, d := range ds {
		out[i] = daihoi.Candidate{ID: daihoi.CandidateID(i), Name: d.Name, Delegate: d.ID}
	}
	return out
}

func (b *builder) polls(rs daihoi.Ruleset, agenda []daihoi.AgendaItem) []daihoi.Poll {
	item := func(key string) string {
		want := id("agenda", key)
		for _, a := range agenda {
			if a.ID == want {
				return a.ID
			}
		}
		panic("demo: no agenda item " + key)
	}
	poll := func(key string) daihoi.Poll {
		return daihoi.Poll{ID: id("poll", key), Ruleset: rs.Name, Settings: rs.Settings, State: daihoi.Draft}
	}

	committee := poll("ban-chap-hanh")
	committee.AgendaItem = item(itemCommittee)
	committee.Kind = daihoi.Election
	committee.Title = "Bầu Ban Chấp hành Đảng bộ phường Bến Thành khóa XXIV, nhiệm kỳ 2025–2030"
	committee.Mode = daihoi.Secret
	committee.Tablet, committee.Paper, committee.Stations = true, true, 2
	committee.Seats = 15
	committee.Candidates = candidates(b.committee)

	upper := poll("dai-bieu-cap-tren")
	upper.AgendaItem = item(itemUpper)
	upper.Kind = daihoi.Election
	upper.Title = "Bầu đại biểu đi dự Đại hội đại biểu Đảng bộ Thành phố"
	upper.Mode = daihoi.Secret
	upper.Tablet = true
	upper.Seats, upper.AlternateSeats = 10, 2
	upper.Purpose = daihoi.OfficialPart
	upper.Candidates = candidates(b.upper)

	resolution := poll("nghi-quyet")
	resolution.AgendaItem = item(itemResolution)
	resolution.Kind = daihoi.Motion
	resolution.Title = "Thông qua Nghị quyết Đại hội"
	resolution.Mode = daihoi.Named
	resolution.Tablet = true

	programme := poll("chuong-trinh")
	programme.AgendaItem = item(itemProgramme)
	programme.Kind = daihoi.Motion
	programme.Title = "Thông qua chương trình Đại hội"
	programme.Mode = daihoi.Hands

	return []daihoi.Poll{programme, committee, upper, resolution}
}

// File is the seed as a congress file (daihoi.CongressFile): what `daihoi template` writes for the
// organisers to edit, and what the demo installs.
func (s Seed) File() daihoi.CongressFile {
	f := daihoi.CongressFile{Congress: s.Congress, Roll: s.Roll, Agenda: s.Agenda, Documents: s.Documents, Polls: s.Polls}
	f.Congress.Topics = s.Topics
	for _, a := range s.Accounts {
		f.Accounts = append(f.Accounts, daihoi.AccountFile{Operator: a.Operator, Password: a.Password})
	}
	return f
}
