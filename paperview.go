package daihoi

import "sort"

// What the tellers' screens see of a count (batches, progress, the comparison of stations, the
// entry log) and the requests they send.

// StationProgress is how far one station has keyed a batch.
type StationProgress struct {
	Teller string `json:"teller"`
	Name   string `json:"name"`
	Keyed  int    `json:"keyed"`
}

// BatchSummary is a batch without its contents: what every teller's screen may show.
type BatchSummary struct {
	Poll       string            `json:"poll"`
	Number     int               `json:"number"`
	Count      int               `json:"count"`
	Stations   []StationProgress `json:"stations"`
	Complete   bool              `json:"complete"`
	Mismatches []int             `json:"mismatches"` // positions, once every station has keyed them
}

// Summary describes the batch; names gives the tellers' names by operator id.
func (b PaperBatch) Summary(n int, names map[string]string) BatchSummary {
	s := BatchSummary{Poll: b.Poll, Number: b.Number, Count: b.Count, Stations: []StationProgress{},
		Complete: b.Complete(n), Mismatches: b.Mismatches()}
	if s.Mismatches == nil {
		s.Mismatches = []int{}
	}
	for i, t := range b.Stations {
		s.Stations = append(s.Stations, StationProgress{Teller: t, Name: names[t], Keyed: b.Keyed(i)})
	}
	return s
}

// Mismatch is one ballot keyed differently: every station's entry in the keying notation, in the
// order of the batch's stations.
type Mismatch struct {
	Position int      `json:"position"`
	Entries  []string `json:"entries"`
}

// BatchView is a batch as one teller sees it: their own entries, and every station's entries of the
// mismatched ballots once all stations have keyed the batch (before that, a station never sees what
// another keyed: the entries stay independent).
type BatchView struct {
	BatchSummary
	Mine    []string   `json:"mine"` // the teller's entries by position; "" where not keyed
	Station int        `json:"station"`
	Compare []Mismatch `json:"compare"`
}

// View builds what teller sees of the batch.
func (b PaperBatch) View(p Poll, teller string, names map[string]string) BatchView {
	v := BatchView{BatchSummary: b.Summary(p.Stations, names), Station: b.StationOf(teller), Compare: []Mismatch{}}
	if v.Station >= 0 {
		v.Mine = make([]string, b.Count)
		for j, e := range b.Entries[v.Station] {
			if e != nil {
				v.Mine[j] = KeyedText(p, *e)
			}
		}
	}
	if v.Complete {
		for _, pos := range v.Mismatches {
			m := Mismatch{Position: pos}
			for i := range b.Stations {
				m.Entries = append(m.Entries, KeyedText(p, *b.Entries[i][pos-1]))
			}
			v.Compare = append(v.Compare, m)
		}
	}
	return v
}

// TellerInfo names a member of the vote-counting committee (Ban kiểm phiếu) as the screens and the
// minutes show them.
type TellerInfo struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Head bool   `json:"head,omitempty"`
}

// Tellers lists the teller accounts, the head first, then by name.
func Tellers(ops map[string]Operator) []TellerInfo {
	var out []TellerInfo
	for _, o := range ops {
		if o.Role == Teller {
			name := o.FullName
			if name == "" {
				name = o.Name
			}
			out = append(out, TellerInfo{ID: o.ID, Name: name, Head: o.Head})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Head != out[j].Head {
			return out[i].Head
		}
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// PaperView is a poll's count as a teller's console shows it.
type PaperView struct {
	Poll     string        `json:"poll"`
	Stations int           `json:"stations"`
	Tellers  []TellerInfo  `json:"tellers"`
	Settings []SettingInfo `json:"settings"` // the poll's ruleset settings, described
	Batches  []BatchView   `json:"batches"`
	Keyed    int           `json:"keyed"`  // paper ballots in batches
	Agreed   int           `json:"agreed"` // of those, agreed at every station
	Final    bool          `json:"final"`
	Status   string        `json:"status"` // why the paper count is not final, Vietnamese
	StatusEn string        `json:"status_en"`
}

// FiguresRequest is the tellers' figures of a poll: the paper ballots issued and collected (paper
// polls only) and the note that explains a difference between ballots issued and collected.
type FiguresRequest struct {
	PaperIssued    *int    `json:"paper_issued,omitempty"`
	PaperCollected *int    `json:"paper_collected,omitempty"`
	Note           *string `json:"note,omitempty"`
}

// BatchRequest creates a batch or changes its count.
type BatchRequest struct {
	Count int `json:"count"`
}

// KeyRequest enters ballots at the teller's station: texts in the keying notation, for the ballots
// from Position on.
type KeyRequest struct {
	Position int      `json:"position"`
	Texts    []string `json:"texts"`
}

// CorrectRequest corrects the entry of one ballot after the comparison: at one station (a teller's
// operator id) or, with Station empty, at every station whose entry differs.
type CorrectRequest struct {
	Position int    `json:"position"`
	Station  string `json:"station,omitempty"`
	Text     string `json:"text"`
}

// SortedLog returns a poll's entry log in order: batch, then sequence.
func SortedLog(log map[string]EntryRecord, poll string) []EntryRecord {
	var out []EntryRecord
	for _, r := range log {
		if r.Poll == poll {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Batch != out[j].Batch {
			return out[i].Batch < out[j].Batch
		}
		return out[i].Seq < out[j].Seq
	})
	return out
}
