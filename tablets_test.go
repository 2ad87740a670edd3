package daihoi_test

import (
	"slices"
	"testing"
	"time"

	"github.com/daihoi/daihoi"
)

func TestTabletCoverage(t *testing.T) {
	st := hall(t, 4, 6)
	st.Delegates["g1"] = daihoi.Delegate{ID: "g1", Name: "Khách mời", Category: daihoi.Guest, Presence: daihoi.Present, Number: 7}
	signedIn := map[string]bool{"d1": true, "d3": true, "d5": true, "g1": true}
	c := st.TabletCoverage(func(id string) bool { return signedIn[id] })
	var without []string
	for _, s := range c.Without {
		without = append(without, s.ID)
	}
	// d1…d4 present; d5 signed in but not checked in; a guest holds no seat.
	if c.Present != 4 || c.SignedIn != 2 || !slices.Equal(without, []string{"d2", "d4"}) {
		t.Errorf("before a tablet vote the presidium sees 4 present, 2 signed in, d2 and d4 without a tablet: %+v", c)
	}
	if c.Without[0].Name == "" || c.Without[0].Number != 2 {
		t.Errorf("the list names them with their number: %+v", c.Without[0])
	}
	if n := st.NoTablet(func(id string) bool { return signedIn[id] }, nil); n != 2 {
		t.Errorf("the attendance counts 2 present with no tablet, got %d", n)
	}
	d5 := st.Delegates["d5"]
	d5.Presence = daihoi.Present
	if n := st.NoTablet(func(id string) bool { return signedIn[id] }, &d5); n != 2 {
		t.Errorf("checking in a delegate signed in leaves 2 with no tablet, got %d", n)
	}
	d6 := st.Delegates["d6"]
	d6.Presence = daihoi.Present
	if n := st.NoTablet(func(id string) bool { return signedIn[id] }, &d6); n != 3 {
		t.Errorf("checking in a delegate with no tablet makes 3, got %d", n)
	}
}

func TestLateBallot(t *testing.T) {
	st := hall(t, 10, 15)
	st.Delegates["g1"] = daihoi.Delegate{ID: "g1", Name: "Khách mời", Category: daihoi.Guest, Presence: daihoi.Present, Number: 16}
	arrived := func(id string) daihoi.Delegate {
		d := st.Delegates[id]
		d.Presence = daihoi.Present
		return d
	}
	tablet := func(p *daihoi.Poll) {}
	tests := []struct {
		name             string
		poll             func(p *daihoi.Poll)
		d                daihoi.Delegate
		signedIn, onRoll bool
		issued           bool
	}{
		{"a delegate who checks in and signs in while a tablet poll is open is issued a ballot", tablet, arrived("d12"), true, false, true},
		{"a delegate checked in who signs in on a tablet while it is open is issued a ballot", tablet, st.Delegates["d3"], true, false, true},
		{"a delegate signed in but not checked in is issued nothing", tablet, st.Delegates["d12"], true, false, false},
		{"a delegate checked in with no tablet signed in is issued nothing on a tablet", tablet, arrived("d12"), false, false, false},
		{"a delegate issued a ballot already gets no second one", tablet, st.Delegates["d3"], true, true, false},
		{"a guest holds no seat and is issued nothing", tablet, st.Delegates["g1"], true, false, false},
		{"a closed poll issues no ballot", func(p *daihoi.Poll) { p.State = daihoi.Closed }, arrived("d12"), true, false, false},
		{"a delegate handed a paper ballot who then signs in on a tablet gets no tablet ballot too",
			func(p *daihoi.Poll) { p.Paper, p.PaperTo = true, []daihoi.Seated{{ID: "d3", Number: 3}} }, st.Delegates["d3"], true, false, false},
		{"a late delegate handed paper who then signs in gets no tablet ballot too",
			func(p *daihoi.Poll) { p.Paper, p.PaperTo = true, []daihoi.Seated{{ID: "d12", Number: 12}} }, arrived("d12"), true, false, false},
		{"a paper ballot handed to another leaves a delegate's tablet ballot as it is",
			func(p *daihoi.Poll) { p.Paper, p.PaperTo = true, []daihoi.Seated{{ID: "d4", Number: 4}} }, arrived("d12"), true, false, true},
		{"a poll on paper only issues no tablet ballot (the tellers hand out paper)", func(p *daihoi.Poll) { p.Tablet, p.Paper, p.Stations = false, true, 2 }, arrived("d12"), true, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := motion(t, daihoi.Secret)
			p.State, p.Base, p.Present, p.Issued = daihoi.Open, 15, 10, 8
			tt.poll(&p)
			before := p
			line, ok := st.LateBallot(&p, tt.d, tt.signedIn, tt.onRoll, noon)
			if ok != tt.issued {
				t.Fatalf("issued: %v, want %v", ok, tt.issued)
			}
			if !ok {
				if p.Issued != before.Issued || p.LateIssued != 0 {
					t.Errorf("nothing issued, yet the poll changed: %+v", p)
				}
				return
			}
			if p.Issued != 9 || p.LateIssued != 1 {
				t.Errorf("issued rises by one: %d (late %d)", p.Issued, p.LateIssued)
			}
			if line.Kind != daihoi.EntryIssued || line.Poll != p.ID || line.Seq != 1 || line.Who != tt.d.ID || !line.At.Equal(noon) {
				t.Errorf("the entry log's line: %+v", line)
			}
		})
	}
}

func TestHandPaper(t *testing.T) {
	st := hall(t, 6, 8) // d1…d6 present
	st.Delegates["g1"] = daihoi.Delegate{ID: "g1", Name: "Khách mời", Category: daihoi.Guest, Presence: daihoi.Present, Number: 9}
	later := noon.Add(10 * time.Minute)
	both := func(p *daihoi.Poll) { p.Paper, p.Stations = true, 2 }
	tests := []struct {
		name    string
		poll    func(p *daihoi.Poll)
		onRoll  []string // issued a tablet ballot
		at      time.Time
		handed  []string
		late    int
		code    string
		refusal string
	}{
		{"at the opening, those present with no tablet ballot are handed paper", both, []string{"d1", "d2", "d4"}, noon,
			[]string{"d3", "d5", "d6"}, 0, "", ""},
		{"one issued a tablet ballot is not handed paper", both, []string{"d1", "d2", "d3", "d4", "d5"}, noon,
			[]string{"d6"}, 0, "", ""},
		{"one handed paper already is not handed a second", func(p *daihoi.Poll) { both(p); p.PaperTo = []daihoi.Seated{{ID: "d3", Number: 3}}; p.PaperIssued = 1 },
			[]string{"d1", "d2", "d4"}, later, []string{"d5", "d6"}, 2, "", ""},
		{"a guest holds no seat and is handed nothing", both, []string{"d1", "d2", "d3", "d4", "d5", "d6"}, noon,
			nil, 0, daihoi.ECONFLICT, "nobody to hand"},
		{"a poll on tablets only hands out no paper", func(p *daihoi.Poll) {}, nil, noon,
			nil, 0, daihoi.EINVALID, "no paper ballots beside the tablets"},
		{"a poll on paper only needs no list: every ballot is paper", func(p *daihoi.Poll) { both(p); p.Tablet = false }, nil, noon,
			nil, 0, daihoi.EINVALID, "no paper ballots beside the tablets"},
		{"paper is handed only while the poll is open", func(p *daihoi.Poll) { both(p); p.State = daihoi.Closed }, nil, later,
			nil, 0, daihoi.ECONFLICT, "only while the poll is open"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := motion(t, daihoi.Secret)
			p.State, p.OpenedAt, p.Base, p.Present, p.Issued = daihoi.Open, noon, 8, 6, len(tt.onRoll)
			tt.poll(&p)
			before := p
			got, err := st.HandPaper(&p, func(id string) bool { return slices.Contains(tt.onRoll, id) }, tt.at)
			wantRefusal(t, err, tt.code, tt.refusal)
			if err != nil {
				if len(p.PaperTo) != len(before.PaperTo) || p.PaperIssued != before.PaperIssued {
					t.Errorf("refused, yet the poll changed: %+v", p)
				}
				return
			}
			var ids []string
			for _, s := range got {
				ids = append(ids, s.ID)
				if s.Name == "" || s.Number == 0 {
					t.Errorf("the tellers' list names them with their number: %+v", s)
				}
			}
			if !slices.Equal(ids, tt.handed) {
				t.Errorf("handed paper to %v, want %v", ids, tt.handed)
			}
			if len(p.PaperTo) != len(before.PaperTo)+len(tt.handed) || p.PaperIssued != before.PaperIssued+len(tt.handed) {
				t.Errorf("the poll lists %d handed paper and counts %d issued", len(p.PaperTo), p.PaperIssued)
			}
			if p.PaperLate != tt.late {
				t.Errorf("%d handed after the opening, want %d", p.PaperLate, tt.late)
			}
			for _, id := range tt.handed {
				if !p.HandedPaper(id) {
					t.Errorf("%s is not listed as handed paper", id)
				}
			}
		})
	}
}
