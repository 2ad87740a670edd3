package daihoi

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Paper ballots (phiếu giấy) are counted by the tellers (Ban kiểm phiếu): the collected ballots are
// split into numbered batches, and each batch is keyed independently at the poll's stations (two or
// three, each a teller's own sign-in). daihoi compares the stations position by position; the tellers
// look at the paper ballot and correct the wrong entry. Every entry and correction goes into the
// entry log (nhật ký nhập phiếu). The count is final only when every batch agrees at every station
// and the ballots keyed equal the paper ballots collected.

// EvPaper is the event of a batch of paper ballots: its progress, never its contents. Only the
// tellers hear it.
const EvPaper = "paper"

// MaxBatch is the most ballots one batch may hold: a bundle a teller can hold and count twice.
const MaxBatch = 500

// Flag keys of the keying notation.
var flagKeys = map[Flag]string{NotIssued: "K", AddedName: "T", IdentifyingMark: "D"}

// FlagKey returns the key that enters a teller flag: K not_issued (không do Ban kiểm phiếu phát
// ra), T added_name (ghi thêm tên), D identifying_mark (có dấu hiệu nhận biết).
func FlagKey(f Flag) string { return flagKeys[f] }

// ParseKeyed reads what a teller typed for one paper ballot of poll p (the keying notation):
//
//   - strike-out ballot: the numbers on the ballot (ballot order, from 1) of the names left standing,
//     separated by spaces: "1 4 7"; "0" when every name is struck out; a leading "-" lists the names
//     struck out instead: "-3 9" keeps every name but the 3rd and the 9th;
//   - two-column ballot (no surplus): one digit per name in ballot order, spaces optional: 1 agree,
//     2 disagree, 3 both columns, 0 neither: "1121";
//   - motion: 1 for, 2 against, 3 abstain (where the ruleset offers it);
//   - the teller flags by their letter anywhere, in either case: K, T, D (see FlagKey). A flagged
//     ballot may leave the rest empty.
func ParseKeyed(p Poll, text string) (Ballot, error) {
	var b Ballot
	var digits []string // runs of digits, in order
	minus, sawMinus := false, false
	flags := map[Flag]bool{}
	bad := func(format, en string, args ...any) (Ballot, error) {
		return Ballot{}, Errorf(EINVALID, format, en, args...)
	}
	runs := []rune(strings.TrimSpace(text))
	for i := 0; i < len(runs); i++ {
		r := runs[i]
		switch {
		case r >= '0' && r <= '9':
			j := i
			for j < len(runs) && runs[j] >= '0' && runs[j] <= '9' {
				j++
			}
			digits = append(digits, string(runs[i:j]))
			i = j - 1
		case r == ' ' || r == ',' || r == '.' || r == '+' || r == ';' || r == '\t':
		case r == '-':
			if sawMinus || len(digits) > 0 {
				return bad("dấu \"-\" chỉ đứng đầu, trước các số tên bị gạch", "\"-\" goes first only, before the numbers of the names struck out")
			}
			minus, sawMinus = true, true
		default:
			found := false
			for f, k := range flagKeys {
				if strings.EqualFold(string(r), k) {
					flags[f], found = true, true
				}
			}
			if !found {
				return bad("không hiểu ký tự %q (gõ số thứ tự tên, hoặc K, T, D)", "%q is not understood (type name numbers, or K, T, D)", string(r))
			}
		}
	}
	for _, f := range Flags {
		if flags[f] {
			b.Flags = append(b.Flags, f)
		}
	}
	if len(digits) == 0 && !minus {
		if len(b.Flags) == 0 {
			return bad("phiếu trống: gõ số thứ tự các tên còn lại, hoặc 0 khi gạch hết", "empty entry: type the numbers of the names left standing, or 0 when every name is struck out")
		}
		if p.Kind == Election && !p.TwoColumn() {
			b.Kept = []string{}
		}
		return b, nil
	}
	switch {
	case p.Kind == Motion:
		if minus || len(digits) != 1 || len(digits[0]) != 1 {
			return bad("phiếu biểu quyết: gõ 1 (tán thành), 2 (không tán thành) hoặc 3 (không biểu quyết)", "motion ballot: type 1 (for), 2 (against) or 3 (abstain)")
		}
		switch digits[0] {
		case "1":
			b.Choice = For
		case "2":
			b.Choice = Against
		case "3":
			if !p.Settings.AbstainOption {
				return bad("biểu quyết này không có lựa chọn \"Không biểu quyết\" (3)", "this motion does not offer abstain (3)")
			}
			b.Choice = Abstain
		default:
			return bad("phiếu biểu quyết: gõ 1 (tán thành), 2 (không tán thành) hoặc 3 (không biểu quyết)", "motion ballot: type 1 (for), 2 (against) or 3 (abstain)")
		}
		return b, nil
	case p.TwoColumn():
		order := BallotOrder(p.Candidates)
		all := strings.Join(digits, "")
		if minus || len(all) != len(order) {
			return bad("phiếu hai cột: gõ đúng %d chữ số, mỗi tên một số (1 đồng ý, 2 không đồng ý, 3 cả hai, 0 không đánh dấu); đã gõ %d", "two-column ballot: type exactly %d digits, one per name (1 agree, 2 disagree, 3 both, 0 none); %d typed", len(order), len(all))
		}
		b.Marks = make(map[string]Mark, len(order))
		for i, c := range all {
			var m Mark
			switch c {
			case '1':
				m = Agree
			case '2':
				m = Disagree
			case '3':
				m = Both
			case '0':
				m = NoMark
			default:
				return bad("phiếu hai cột: tên thứ %d có số %q; chỉ dùng 0, 1, 2, 3", "two-column ballot: name %d has %q; use 0, 1, 2, 3 only", i+1, string(c))
			}
			b.Marks[order[i].ID] = m
		}
		return b, nil
	}
	order := BallotOrder(p.Candidates)
	picked := make([]bool, len(order))
	zero := false
	for _, d := range digits {
		n, err := strconv.Atoi(d)
		if err != nil || n > len(order) {
			return bad("phiếu chỉ có %d tên: không có tên số %s", "the ballot has %d names: there is no name %s", len(order), d)
		}
		if n == 0 {
			zero = true
			continue
		}
		if picked[n-1] {
			return bad("tên số %d được gõ hai lần", "name %d is typed twice", n)
		}
		picked[n-1] = true
	}
	if zero && (len(digits) > 1 || minus) {
		return bad("số 0 (gạch hết tên) phải đứng một mình", "0 (every name struck out) must stand alone")
	}
	b.Kept = []string{}
	for i, c := range order {
		if picked[i] != minus {
			b.Kept = append(b.Kept, c.ID)
		}
	}
	return b, nil
}

// KeyedText writes a ballot of poll p in the keying notation, the way ParseKeyed reads it: names
// left standing by their ballot number in ascending order, then the flags. It is how the entry log,
// the comparison and the minutes show a paper ballot.
func KeyedText(p Poll, b Ballot) string {
	var parts []string
	switch {
	case p.Kind == Motion:
		switch b.Choice {
		case For:
			parts = append(parts, "1")
		case Against:
			parts = append(parts, "2")
		case Abstain:
			parts = append(parts, "3")
		}
	case b.Marks != nil || (p.TwoColumn() && b.Kept == nil):
		if len(b.Marks) > 0 {
			var sb strings.Builder
			for _, c := range BallotOrder(p.Candidates) {
				switch b.Marks[c.ID] {
				case Agree:
					sb.WriteByte('1')
				case Disagree:
					sb.WriteByte('2')
				case Both:
					sb.WriteByte('3')
				default:
					sb.WriteByte('0')
				}
			}
			parts = append(parts, sb.String())
		}
	default:
		kept := make(map[string]bool, len(b.Kept))
		for _, id := range b.Kept {
			kept[id] = true
		}
		for i, c := range BallotOrder(p.Candidates) {
			if kept[c.ID] {
				parts = append(parts, strconv.Itoa(i+1))
			}
		}
		if len(parts) == 0 {
			parts = append(parts, "0")
		}
	}
	for _, f := range b.Flags {
		parts = append(parts, flagKeys[f])
	}
	return strings.Join(parts, " ")
}

// PaperBatch is one numbered bundle (tập phiếu) of a poll's paper ballots and what each station has
// keyed of it.
type PaperBatch struct {
	Poll   string `json:"poll"`
	Number int    `json:"number"` // from 1 within the poll
	Count  int    `json:"count"`  // paper ballots in the bundle
	// Stations are the tellers (operator ids) keying the batch, in the order they began.
	Stations []string `json:"stations"`
	// Entries[i][j] is station i's entry of the ballot at position j+1; nil until keyed.
	Entries   [][]*Ballot `json:"entries"`
	Logged    int         `json:"logged"` // entry-log records written for the batch so far
	CreatedBy string      `json:"created_by"`
	Created   time.Time   `json:"created"`
}

// BatchKey is the id a store keeps a batch under: the poll's batches sort by number.
func BatchKey(poll string, number int) string { return fmt.Sprintf("%s/%04d", poll, number) }

// Key is the batch's id in the store.
func (b PaperBatch) Key() string { return BatchKey(b.Poll, b.Number) }

// NewBatch makes an empty batch of count ballots.
func NewBatch(poll string, number, count int, who string, at time.Time) (PaperBatch, error) {
	if count < 1 || count > MaxBatch {
		return PaperBatch{}, Errorf(EINVALID, "một tập có từ 1 đến %d phiếu, không phải %d", "a batch holds 1 to %d ballots, not %d", MaxBatch, count)
	}
	return PaperBatch{Poll: poll, Number: number, Count: count, Stations: []string{}, Entries: [][]*Ballot{}, CreatedBy: who, Created: at}, nil
}

// clone copies the batch deeply enough to change its entries without touching the original.
func (b PaperBatch) clone() PaperBatch {
	out := b
	out.Stations = append([]string{}, b.Stations...)
	out.Entries = make([][]*Ballot, len(b.Entries))
	for i, e := range b.Entries {
		out.Entries[i] = append([]*Ballot(nil), e...)
	}
	return out
}

// StationOf returns the station a teller keys at, or -1.
func (b PaperBatch) StationOf(teller string) int {
	for i, s := range b.Stations {
		if s == teller {
			return i
		}
	}
	return -1
}

// Keyed returns how many ballots station i has keyed.
func (b PaperBatch) Keyed(i int) int {
	n := 0
	for _, e := range b.Entries[i] {
		if e != nil {
			n++
		}
	}
	return n
}

// Complete reports whether all n stations have keyed every ballot of the batch.
func (b PaperBatch) Complete(n int) bool {
	if len(b.Stations) < n {
		return false
	}
	for i := range b.Stations {
		if b.Keyed(i) < b.Count {
			return false
		}
	}
	return true
}

// Mismatches returns the positions (from 1) where every station has keyed the ballot and the
// entries differ.
func (b PaperBatch) Mismatches() []int {
	var out []int
	if len(b.Stations) < 2 {
		return out
	}
	for j := 0; j < b.Count; j++ {
		var first []byte
		for i := range b.Stations {
			e := b.Entries[i][j]
			if e == nil {
				first = nil
				break
			}
			c := CanonicalBallot(*e)
			if i == 0 {
				first = c
			} else if !bytes.Equal(first, c) {
				out = append(out, j+1)
				break
			}
		}
	}
	return out
}

// AgreedCount returns how many of the batch's ballots all n stations have keyed alike.
func (b PaperBatch) AgreedCount(n int) int {
	if len(b.Stations) < n {
		return 0
	}
	agreed := 0
	for j := 0; j < b.Count; j++ {
		var first []byte
		ok := true
		for i := range b.Stations {
			e := b.Entries[i][j]
			if e == nil {
				ok = false
				break
			}
			c := CanonicalBallot(*e)
			if i == 0 {
				first = c
			} else if !bytes.Equal(first, c) {
				ok = false
				break
			}
		}
		if ok {
			agreed++
		}
	}
	return agreed
}

// Agreed returns the batch's ballots when all n stations have keyed it and agree everywhere.
func (b PaperBatch) Agreed(n int) ([]Ballot, bool) {
	if !b.Complete(n) || len(b.Mismatches()) > 0 {
		return nil, false
	}
	out := make([]Ballot, b.Count)
	for j := range out {
		out[j] = *b.Entries[0][j]
	}
	return out, true
}

// EntryRecord is one line of the entry log (nhật ký nhập phiếu): who changed which station's entry
// of which ballot, from what to what, and when. Entries and corrections are in the keying notation.
type EntryRecord struct {
	Poll     string    `json:"poll"`
	Batch    int       `json:"batch"`
	Seq      int       `json:"seq"`      // from 1 within the batch
	Kind     string    `json:"kind"`     // EntryKeyed, EntryCorrected or EntryResized
	Position int       `json:"position"` // the ballot in the batch, from 1; 0 for a resize
	Station  string    `json:"station"`  // the teller whose entry it is
	Who      string    `json:"who"`      // the teller who keyed or corrected it
	Before   string    `json:"before,omitempty"`
	After    string    `json:"after"`
	At       time.Time `json:"at"`
}

// Kinds of entry-log records.
const (
	EntryKeyed     = "entry"      // a station keyed a ballot (again, before the comparison)
	EntryCorrected = "correction" // an entry changed after every station had keyed the batch
	EntryResized   = "count"      // the batch's count of ballots changed
)

// Key is the record's id in the store: the log sorts by poll, batch and sequence.
func (r EntryRecord) Key() string { return fmt.Sprintf("%s/%04d/%06d", r.Poll, r.Batch, r.Seq) }

func (b *PaperBatch) log(kind string, position int, station, who, before, after string, at time.Time) EntryRecord {
	b.Logged++
	return EntryRecord{Poll: b.Poll, Batch: b.Number, Seq: b.Logged, Kind: kind, Position: position,
		Station: station, Who: who, Before: before, After: after, At: at}
}

// Enter enters texts (keying notation) at the teller's station for the ballots from position on. A
// teller who holds no station of the batch takes the next free one; when all n are taken the batch
// is not theirs to key. Keying again what a station keyed before changes the entry; once every
// station has keyed the whole batch, a change is a correction. The batch is returned changed, with
// the entry-log records; the original is left as it was.
func (b PaperBatch) Enter(p Poll, teller string, position int, texts []string, at time.Time) (PaperBatch, []EntryRecord, error) {
	n := p.Stations
	if position < 1 || position+len(texts)-1 > b.Count {
		return b, nil, Errorf(EINVALID, "tập %d có %d phiếu: không có phiếu số %d", "batch %d holds %d ballots: there is no ballot %d", b.Number, b.Count, max(position, position+len(texts)-1))
	}
	ballots := make([]Ballot, len(texts))
	for i, t := range texts {
		bl, err := ParseKeyed(p, t)
		if err != nil {
			e := err.(*Error)
			return b, nil, &Error{Code: e.Code, Vi: fmt.Sprintf("phiếu %d: %s", position+i, e.Vi), En: fmt.Sprintf("ballot %d: %s", position+i, e.En)}
		}
		if err := CheckBallot(p.Kind, p.Settings, p.Candidates, bl); err != nil {
			return b, nil, err
		}
		ballots[i] = bl
	}
	out := b.clone()
	i := out.StationOf(teller)
	if i < 0 {
		if len(out.Stations) >= n {
			return b, nil, Errorf(ECONFLICT, "tập %d đã được nhập ở đủ %d máy", "batch %d is keyed at its %d stations already", b.Number, n)
		}
		out.Stations = append(out.Stations, teller)
		out.Entries = append(out.Entries, make([]*Ballot, b.Count))
		i = len(out.Stations) - 1
	}
	kind := EntryKeyed
	if b.Complete(n) {
		kind = EntryCorrected
	}
	var recs []EntryRecord
	for k, bl := range ballots {
		j := position - 1 + k
		before := ""
		if old := out.Entries[i][j]; old != nil {
			before = KeyedText(p, *old)
			if bytes.Equal(CanonicalBallot(*old), CanonicalBallot(bl)) {
				continue
			}
		}
		v := bl
		out.Entries[i][j] = &v
		recs = append(recs, out.log(kind, j+1, teller, teller, before, KeyedText(p, bl), at))
	}
	return out, recs, nil
}

// Correct sets the entry at position to what the paper ballot shows (text, keying notation), at one
// station or, with station "", at every station whose entry differs. It is the tellers' resolution of
// a mismatch, done by who; every changed entry is logged with its station.
func (b PaperBatch) Correct(p Poll, who, station string, position int, text string, at time.Time) (PaperBatch, []EntryRecord, error) {
	if position < 1 || position > b.Count {
		return b, nil, Errorf(EINVALID, "tập %d có %d phiếu: không có phiếu số %d", "batch %d holds %d ballots: there is no ballot %d", b.Number, b.Count, position)
	}
	if !b.Complete(p.Stations) {
		return b, nil, Errorf(ECONFLICT, "chỉ đối chiếu và sửa khi tập %d đã được nhập xong ở cả %d máy", "entries are compared and corrected once batch %d is keyed at all %d stations", b.Number, p.Stations)
	}
	bl, err := ParseKeyed(p, text)
	if err != nil {
		return b, nil, err
	}
	if err := CheckBallot(p.Kind, p.Settings, p.Candidates, bl); err != nil {
		return b, nil, err
	}
	if station != "" && b.StationOf(station) < 0 {
		return b, nil, Errorf(ENOTFOUND, "tập %d không được nhập ở máy này", "batch %d is not keyed at this station", b.Number)
	}
	want := CanonicalBallot(bl)
	out := b.clone()
	var recs []EntryRecord
	for i, st := range out.Stations {
		if station != "" && st != station {
			continue
		}
		old := out.Entries[i][position-1]
		if old != nil && bytes.Equal(CanonicalBallot(*old), want) {
			continue
		}
		before := ""
		if old != nil {
			before = KeyedText(p, *old)
		}
		v := bl
		out.Entries[i][position-1] = &v
		recs = append(recs, out.log(EntryCorrected, position, st, who, before, KeyedText(p, bl), at))
	}
	return out, recs, nil
}

// Resize changes the number of ballots in the batch: the bundle was miscounted. Entries already
// keyed beyond the new count must be gone first; nothing keyed is dropped silently.
func (b PaperBatch) Resize(count int, who string, at time.Time) (PaperBatch, []EntryRecord, error) {
	if count < 1 || count > MaxBatch {
		return b, nil, Errorf(EINVALID, "một tập có từ 1 đến %d phiếu, không phải %d", "a batch holds 1 to %d ballots, not %d", MaxBatch, count)
	}
	if count == b.Count {
		return b, nil, nil
	}
	out := b.clone()
	for i := range out.Entries {
		for j := count; j < b.Count; j++ {
			if out.Entries[i][j] != nil {
				return b, nil, Errorf(ECONFLICT, "tập %d đã có phiếu số %d được nhập: không giảm xuống %d phiếu được", "batch %d has ballot %d keyed already: it cannot shrink to %d", b.Number, j+1, count)
			}
		}
		e := make([]*Ballot, count)
		copy(e, out.Entries[i])
		out.Entries[i] = e
	}
	out.Count = count
	rec := out.log(EntryResized, 0, "", who, strconv.Itoa(b.Count), strconv.Itoa(count), at)
	return out, []EntryRecord{rec}, nil
}

// Empty reports whether nothing has been keyed in the batch.
func (b PaperBatch) Empty() bool {
	for i := range b.Stations {
		if b.Keyed(i) > 0 {
			return false
		}
	}
	return true
}

// SortBatches orders batches by number.
func SortBatches(bs []PaperBatch) {
	sort.Slice(bs, func(i, j int) bool { return bs[i].Number < bs[j].Number })
}
