package demo

import (
	"reflect"
	"strings"
	"testing"

	"github.com/daihoi/daihoi"
	"golang.org/x/text/unicode/norm"
)

func byID(r daihoi.Roll) map[string]daihoi.Delegate {
	m := make(map[string]daihoi.Delegate, len(r))
	for _, d := range r {
		m[d.ID] = d
	}
	return m
}

func count(r daihoi.Roll, c daihoi.Category) int {
	n := 0
	for _, d := range r {
		if d.Category == c {
			n++
		}
	}
	return n
}

func TestCongress(t *testing.T) {
	s := New()
	c := s.Congress
	rs, _ := daihoi.LookupRuleset(daihoi.DefaultRuleset)
	if c.ID == "" || c.Title == "" || c.Organisation == "" || c.Venue == "" {
		t.Errorf("congress is missing fields: %+v", c)
	}
	if c.Type != daihoi.Representative || c.Ruleset != daihoi.DefaultRuleset || c.Settings != rs.Settings {
		t.Errorf("congress type/ruleset/settings = %q %q %+v", c.Type, c.Ruleset, c.Settings)
	}
	if c.Term != "2025–2030" || c.Date != "2026-12-05" || !strings.Contains(c.Title, c.Term) {
		t.Errorf("term %q, date %q, title %q", c.Term, c.Date, c.Title)
	}
	want := []string{"Tuyên giáo", "Tổ chức", "Kiểm tra", "Dân vận", "Kinh tế – xã hội", "Quốc phòng – an ninh"}
	if !reflect.DeepEqual(s.Topics, want) {
		t.Errorf("topics = %q", s.Topics)
	}
}

func TestRollSize(t *testing.T) {
	r := New().Roll
	if len(r) < 145 || len(r) > 160 {
		t.Errorf("roll has %d people, want about 150", len(r))
	}
	off, ex, alt := count(r, daihoi.Official), count(r, daihoi.ExOfficio), count(r, daihoi.Alternate)
	if off < 130 || off > 140 || ex < 12 || ex > 18 || alt != 5 || off+ex+alt != len(r) {
		t.Errorf("officials %d, ex-officio %d, alternates %d of %d", off, ex, alt, len(r))
	}
	units := map[string]bool{}
	for i, d := range r {
		if d.Number != i+1 {
			t.Errorf("%s has number %d at position %d", d.Name, d.Number, i+1)
		}
		if d.Presence != daihoi.NotArrived || d.Exclusion != daihoi.NotExcluded {
			t.Errorf("%s starts with presence %q, exclusion %q", d.Name, d.Presence, d.Exclusion)
		}
		if d.Category == daihoi.Official {
			units[d.Unit] = true
		}
	}
	if len(units) < 12 || len(units) > 18 {
		t.Errorf("officials come from %d units, want about 15", len(units))
	}
}

func TestNamesUnique(t *testing.T) {
	r := New().Roll
	names, folded, ids := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, d := range r {
		if names[d.Name] {
			t.Errorf("name %q appears twice", d.Name)
		}
		if folded[daihoi.Fold(d.Name)] {
			t.Errorf("name %q is ambiguous without diacritics", d.Name)
		}
		if ids[d.ID] {
			t.Errorf("id %s appears twice", d.ID)
		}
		names[d.Name], folded[daihoi.Fold(d.Name)], ids[d.ID] = true, true, true
		if !norm.NFC.IsNormalString(d.Name) || !norm.NFC.IsNormalString(d.Unit) {
			t.Errorf("%q (%q) is not in NFC", d.Name, d.Unit)
		}
		if w := strings.Fields(d.Name); len(w) < 3 || len(w) > 4 {
			t.Errorf("%q does not have three or four words", d.Name)
		}
	}
}

func TestNguyenVanAn(t *testing.T) {
	var found []string
	for _, d := range New().Roll {
		if strings.Contains(daihoi.Fold(d.Name), daihoi.Fold("Nguyễn Văn An")) {
			found = append(found, d.Name)
		}
	}
	if len(found) != 1 || found[0] != "Nguyễn Văn An" {
		t.Errorf("a search for nguyen van an finds %q, want only Nguyễn Văn An", found)
	}
}

func TestVietnameseOrderingNames(t *testing.T) {
	given := map[string]bool{}
	for _, d := range New().Roll {
		_, _, g := daihoi.NameParts(d.Name)
		given[g] = true
	}
	for _, g := range []string{"An", "Ánh", "Ân", "Anh", "Đức", "Dũng"} {
		if !given[g] {
			t.Errorf("no one on the roll is called %q", g)
		}
	}
}

func TestProfile(t *testing.T) {
	r := New().Roll
	edu := map[string]bool{"Tiến sĩ": true, "Thạc sĩ": true, "Đại học": true, "Cao đẳng": true}
	theory := map[string]bool{"Cao cấp": true, "Trung cấp": true, "Sơ cấp": true}
	women, kinh := 0, 0
	for _, d := range r {
		switch d.Gender {
		case "nữ":
			women++
		case "nam":
		default:
			t.Errorf("%s has gender %q", d.Name, d.Gender)
		}
		if d.Ethnicity == "Kinh" {
			kinh++
		} else if d.Ethnicity == "" {
			t.Errorf("%s has no ethnicity", d.Name)
		}
		if d.BirthYear < 1962 || d.BirthYear > 1995 {
			t.Errorf("%s was born in %d", d.Name, d.BirthYear)
		}
		if !edu[d.Education] || !theory[d.Theory] {
			t.Errorf("%s: education %q, theory %q", d.Name, d.Education, d.Theory)
		}
		if d.Unit == "" {
			t.Errorf("%s has no unit", d.Name)
		}
	}
	if pct := women * 100 / len(r); pct < 30 || pct > 45 {
		t.Errorf("%d%% women, want about 35–40%%", pct)
	}
	if kinh == len(r) || kinh < len(r)*9/10 {
		t.Errorf("%d of %d are Kinh, want most but not all", kinh, len(r))
	}
}

func TestDeterministic(t *testing.T) {
	a, b := New(), New()
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two calls of New differ")
	}
	// The calls share nothing: changing one leaves the next untouched.
	a.Roll[0].Name = "x"
	a.Polls[1].Candidates[0].Name = "x"
	a.Documents[0].Sections[0].Text = "x"
	a.Topics[0] = "x"
	if c := New(); !reflect.DeepEqual(b, c) {
		t.Fatal("New returns data shared with an earlier call")
	}
}

func TestBase(t *testing.T) {
	s := New()
	a := s.Roll.Attendance(s.Congress.Type, s.Congress.Settings)
	want := count(s.Roll, daihoi.Official) + count(s.Roll, daihoi.ExOfficio)
	if a.Base != want {
		t.Errorf("base %d, want officials + ex-officio = %d", a.Base, want)
	}
	if a.Present != 0 || a.NotArrived != want || a.Quorum {
		t.Errorf("before the doors open: %+v", a)
	}
	if a.QuorumNeeded != (2*want+2)/3 {
		t.Errorf("quorum needs %d of %d", a.QuorumNeeded, want)
	}
}

func TestAlternateReplaces(t *testing.T) {
	r := New().Roll
	people := byID(r)
	n := 0
	for _, d := range r {
		if d.Replaces == "" {
			continue
		}
		n++
		o, ok := people[d.Replaces]
		if d.Category != daihoi.Alternate || !ok || o.Category != daihoi.Official || o.Unit != d.Unit {
			t.Errorf("%s (%s) replaces %q (%+v)", d.Name, d.Category, d.Replaces, o)
		}
	}
	if n != 1 || len(r.ReplacedBy()) != 1 {
		t.Errorf("%d alternates replace someone, want 1", n)
	}
}

func candidateIDs(polls []daihoi.Poll) map[string]bool {
	m := map[string]bool{}
	for _, p := range polls {
		for _, c := range p.Candidates {
			m[c.Delegate] = true
		}
	}
	return m
}

func TestPolls(t *testing.T) {
	s := New()
	people := byID(s.Roll)
	items := map[string]daihoi.AgendaItem{}
	for _, a := range s.Agenda {
		items[a.ID] = a
	}
	rs, _ := daihoi.LookupRuleset(daihoi.DefaultRuleset)
	if len(s.Polls) != 4 {
		t.Fatalf("%d polls, want 4", len(s.Polls))
	}
	elections := 0
	for _, p := range s.Polls {
		if err := p.Check(); err != nil {
			t.Errorf("%s: %v", p.Title, err)
		}
		if p.ID == "" || p.State != daihoi.Draft || p.Ruleset != daihoi.DefaultRuleset || p.Settings != rs.Settings {
			t.Errorf("%s: id %q, state %q, ruleset %q", p.Title, p.ID, p.State, p.Ruleset)
		}
		item, ok := items[p.AgendaItem]
		if !ok {
			t.Errorf("%s: agenda item %q is not on the agenda", p.Title, p.AgendaItem)
		}
		for _, c := range p.Candidates {
			d, ok := people[c.Delegate]
			if !ok || d.Name != c.Name || (d.Category != daihoi.Official && d.Category != daihoi.ExOfficio) {
				t.Errorf("%s: candidate %q is not a delegate on the roll", p.Title, c.Name)
			}
		}
		if p.Kind != daihoi.Election {
			if item.Kind != "motion" {
				t.Errorf("%s is on item %q of kind %q", p.Title, item.Title, item.Kind)
			}
			continue
		}
		elections++
		if item.Kind != "election" {
			t.Errorf("%s is on item %q of kind %q", p.Title, item.Title, item.Kind)
		}
		sur := daihoi.CheckSurplus(p.Settings, p.Seats, len(p.Candidates))
		if sur.Extra < 1 || sur.TwoColumn {
			t.Errorf("%s: %d names for %d seats", p.Title, len(p.Candidates), p.Seats)
		}
		for _, n := range sur.Notices {
			if n.Code != "surplus_outside_prepared" {
				t.Errorf("%s: notice %s: %s", p.Title, n.Code, n.Vi)
			}
		}
	}
	if elections != 2 {
		t.Errorf("%d elections, want 2", elections)
	}
	bch, upper := s.Polls[1], s.Polls[2]
	if bch.Seats != 15 || len(bch.Candidates) != 18 || !bch.Tablet || !bch.Paper || bch.Stations != 2 {
		t.Errorf("committee: %d names for %d seats, tablet %v paper %v stations %d",
			len(bch.Candidates), bch.Seats, bch.Tablet, bch.Paper, bch.Stations)
	}
	if upper.Seats != 10 || upper.AlternateSeats != 2 || len(upper.Candidates) != 13 || upper.Purpose != daihoi.OfficialPart {
		t.Errorf("upper level: %d names for %d+%d seats, purpose %q", len(upper.Candidates), upper.Seats, upper.AlternateSeats, upper.Purpose)
	}
	if m := s.Polls[0]; m.Mode != daihoi.Hands || m.Title != "Thông qua chương trình Đại hội" {
		t.Errorf("programme motion: %q by %q", m.Title, m.Mode)
	}
	if m := s.Polls[3]; m.Mode != daihoi.Named || !m.Tablet || m.Title != "Thông qua Nghị quyết Đại hội" {
		t.Errorf("resolution motion: %q by %q", m.Title, m.Mode)
	}
}

func TestAccounts(t *testing.T) {
	s := New()
	people := byID(s.Roll)
	candidates := candidateIDs(s.Polls)
	replaced := s.Roll.ReplacedBy()
	roles := map[daihoi.Role]int{}
	ids, names := map[string]bool{}, map[string]bool{}
	heads := 0
	for _, a := range s.Accounts {
		o := a.Operator
		roles[o.Role]++
		if o.ID == "" || ids[o.ID] || names[o.Name] {
			t.Errorf("account %q: id %q is empty or repeated", o.Name, o.ID)
		}
		ids[o.ID], names[o.Name] = true, true
		if a.Password == "" || a.Password == o.Name || len(a.Password) < 8 || o.Hash != "" {
			t.Errorf("account %q: password %q", o.Name, a.Password)
		}
		if o.FullName == "" {
			t.Errorf("account %q has no full name", o.Name)
		}
		if o.Head {
			heads++
			if o.Role != daihoi.Teller || o.Name != "kiemphieu1" {
				t.Errorf("%q (%s) is marked head of the tellers", o.Name, o.Role)
			}
		}
		if o.Delegate != "" {
			d, ok := people[o.Delegate]
			if !ok {
				t.Errorf("account %q: delegate %q is not on the roll", o.Name, o.Delegate)
			} else if d.Name != o.FullName {
				t.Errorf("account %q: full name %q, delegate %q", o.Name, o.FullName, d.Name)
			}
		}
		switch o.Role {
		case daihoi.Presidium:
			if people[o.Delegate].Category != daihoi.ExOfficio {
				t.Errorf("presidium %q is not an ex-officio delegate", o.Name)
			}
		case daihoi.Teller:
			if people[o.Delegate].Category != daihoi.Official {
				t.Errorf("teller %q is not an official delegate", o.Name)
			}
			if candidates[o.Delegate] {
				t.Errorf("teller %q (%s) is a candidate", o.Name, o.FullName)
			}
			if _, ok := replaced[o.Delegate]; ok {
				t.Errorf("teller %q is replaced by an alternate", o.Name)
			}
		}
	}
	want := map[daihoi.Role]int{daihoi.Organiser: 1, daihoi.Presidium: 5, daihoi.Secretariat: 3, daihoi.Teller: 5,
		daihoi.HallDisplay: 1, daihoi.CheckIn: 1, daihoi.Observer: 1}
	if !reflect.DeepEqual(roles, want) || heads != 1 {
		t.Errorf("roles %v, %d heads", roles, heads)
	}
	for _, n := range []string{"bantochuc", "dct1", "dct5", "thuky3", "kiemphieu1", "kiemphieu5", "hoitruong", "dontiep", "quansat"} {
		if !names[n] {
			t.Errorf("no account %q", n)
		}
	}
}

func minutes(t *testing.T, hhmm string) int {
	t.Helper()
	var h, m int
	if len(hhmm) != 5 || hhmm[2] != ':' {
		t.Fatalf("planned start %q is not HH:MM", hhmm)
	}
	for _, c := range hhmm[:2] {
		h = h*10 + int(c-'0')
	}
	for _, c := range hhmm[3:] {
		m = m*10 + int(c-'0')
	}
	return h*60 + m
}

func TestAgenda(t *testing.T) {
	agenda := New().Agenda
	if len(agenda) < 18 || len(agenda) > 22 {
		t.Errorf("%d agenda items, want 18–22", len(agenda))
	}
	kinds := map[string]bool{"ceremony": true, "report": true, "discussion": true, "election": true, "motion": true, "speech": true}
	if agenda[0].PlannedStart != "07:30" || agenda[0].Sitting != daihoi.PreparatorySitting {
		t.Errorf("the day starts with %+v", agenda[0])
	}
	official := false
	ids := map[string]bool{}
	for i, a := range agenda {
		if a.ID == "" || ids[a.ID] || a.Title == "" || !kinds[a.Kind] || a.State != daihoi.Pending || a.Minutes <= 0 {
			t.Errorf("item %d: %+v", i, a)
		}
		ids[a.ID] = true
		switch a.Sitting {
		case daihoi.OfficialSitting:
			official = true
		case daihoi.PreparatorySitting:
			if official {
				t.Errorf("preparatory item %q after the official session began", a.Title)
			}
		default:
			t.Errorf("item %q has session %q", a.Title, a.Sitting)
		}
		if i > 0 {
			prev := agenda[i-1]
			if got, want := minutes(t, a.PlannedStart), minutes(t, prev.PlannedStart)+prev.Minutes; got != want {
				t.Errorf("%q starts at %s, want %d minutes after %s", a.Title, a.PlannedStart, prev.Minutes, prev.PlannedStart)
			}
		}
	}
	if !official {
		t.Error("no official session")
	}
}

func TestDocuments(t *testing.T) {
	docs := New().Documents
	if len(docs) != 2 {
		t.Fatalf("%d documents, want 2", len(docs))
	}
	for _, d := range docs {
		if d.ID == "" || !strings.HasPrefix(d.Title, "Dự thảo") {
			t.Errorf("document %q (%q)", d.Title, d.ID)
		}
		if len(d.Sections) < 6 || len(d.Sections) > 10 {
			t.Errorf("%q has %d sections", d.Title, len(d.Sections))
		}
		seen := map[string]bool{}
		for _, s := range d.Sections {
			if s.Number == "" || seen[s.Number] || s.Title == "" || strings.Count(s.Text, ".") < 2 {
				t.Errorf("%q: section %+v", d.Title, s)
			}
			seen[s.Number] = true
			if !norm.NFC.IsNormalString(s.Text) {
				t.Errorf("%q: section %s is not in NFC", d.Title, s.Number)
			}
		}
	}
}
