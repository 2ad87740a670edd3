package daihoi

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"sort"
)

// RecordFormat names the poll record format of testdata/cases/README.md.
const RecordFormat = "daihoi/poll-v1"

// Record is a poll as exported for the tellers' independent recount (daihoi/poll-v1).
type Record struct {
	Format     string                     `json:"format"`
	Kind       PollKind                   `json:"kind"`
	Ruleset    string                     `json:"ruleset"`
	Settings   map[string]json.RawMessage `json:"settings,omitempty"`
	Title      string                     `json:"title"`
	Seats      int                        `json:"seats,omitempty"`
	Base       int                        `json:"base"`
	Present    int                        `json:"present"`
	Issued     *int                       `json:"issued,omitempty"`
	Collected  *int                       `json:"collected,omitempty"`
	Candidates []Candidate                `json:"candidates,omitempty"`
	Ballots    []Ballot                   `json:"ballots,omitempty"`
	Counts     *Counts                    `json:"counts,omitempty"`
	// Digest is the SHA-256 of the sealed ballot box (see BallotDigest), as the server printed it.
	Digest string `json:"digest,omitempty"`
}

// DecodeRecord reads a daihoi/poll-v1 record. Unknown fields are ignored; malformed JSON, a wrong
// format or kind are errors.
func DecodeRecord(data []byte) (Record, error) {
	var r Record
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&r); err != nil {
		return Record{}, Errorf(EINVALID, "tệp không phải JSON hợp lệ: %v", "the file is not valid JSON: %v", err)
	}
	// Anything but white space after the record is an error; dec.More alone lets a stray '}' or ']'
	// through.
	if _, err := dec.Token(); err != io.EOF {
		return Record{}, Errorf(EINVALID, "tệp có nội dung thừa sau bản ghi", "the file has content after the record")
	}
	if r.Format != RecordFormat {
		return Record{}, Errorf(EINVALID, "định dạng %q không được hỗ trợ (cần %q)", "unknown format %q (want %q)", r.Format, RecordFormat)
	}
	if r.Kind != Motion && r.Kind != Election {
		return Record{}, Errorf(EINVALID, "loại cuộc bỏ phiếu %q không hợp lệ (motion, election)", "unknown poll kind %q (motion, election)", r.Kind)
	}
	return r, nil
}

// Input turns a record into a tally input, checking what the record format demands: a known ruleset
// and settings, ballots collected no more than issued and equal to the ballots recorded.
func (r Record) Input() (TallyInput, error) {
	rs, err := LookupRuleset(r.Ruleset)
	if err != nil {
		return TallyInput{}, err
	}
	settings, err := rs.Settings.Override(r.Settings)
	if err != nil {
		return TallyInput{}, err
	}
	in := TallyInput{Kind: r.Kind, Settings: settings, Seats: r.Seats, Base: r.Base,
		Candidates: r.Candidates, Ballots: r.Ballots, Counts: r.Counts}
	if r.Present < 0 {
		return TallyInput{}, Errorf(EINVALID, "số có mặt không được âm", "present must not be negative")
	}
	if r.Counts == nil {
		if r.Collected == nil {
			return TallyInput{}, Errorf(EINVALID, "thiếu số phiếu thu vào (collected)", "collected is missing")
		}
		if r.Issued != nil && *r.Collected > *r.Issued {
			return TallyInput{}, Errorf(EINVALID, "số phiếu thu vào (%d) lớn hơn số phiếu phát ra (%d)", "collected (%d) is more than issued (%d)", *r.Collected, *r.Issued)
		}
		if *r.Collected != len(r.Ballots) {
			return TallyInput{}, Errorf(EINVALID, "số phiếu thu vào (%d) khác số phiếu trong bản ghi (%d)", "collected (%d) differs from the number of ballots (%d)", *r.Collected, len(r.Ballots))
		}
	}
	if r.Issued != nil && *r.Issued < 0 {
		return TallyInput{}, Errorf(EINVALID, "số phiếu phát ra không được âm", "issued must not be negative")
	}
	if err := CheckTallyInput(in); err != nil {
		return TallyInput{}, err
	}
	return in, nil
}

// Tally counts the record.
func (r Record) Tally() (Result, error) {
	in, err := r.Input()
	if err != nil {
		return Result{}, err
	}
	return Tally(in)
}

// CanonicalBallot is the form of a ballot's content that the seal covers: no receipt id, kept names
// sorted, marks as a sorted list (JSON objects have no order), flags as entered.
func CanonicalBallot(b Ballot) []byte {
	type mark struct {
		ID   string `json:"id"`
		Mark Mark   `json:"mark"`
	}
	// The form stays visible when it is empty: a strike-out ballot keeping nobody ("kept": []) is
	// not a two-column ballot marking nobody ("marks": []), and they count differently.
	var c struct {
		Kept   *[]string `json:"kept,omitempty"`
		Marks  *[]mark   `json:"marks,omitempty"`
		Choice Choice    `json:"choice,omitempty"`
		Flags  []Flag    `json:"flags,omitempty"`
	}
	if b.Kept != nil {
		kept := append([]string{}, b.Kept...)
		sort.Strings(kept)
		c.Kept = &kept
	}
	if b.Marks != nil {
		marks := []mark{}
		for id, m := range b.Marks {
			marks = append(marks, mark{id, m})
		}
		sort.Slice(marks, func(i, j int) bool { return marks[i].ID < marks[j].ID })
		c.Marks = &marks
	}
	c.Choice, c.Flags = b.Choice, b.Flags
	out, _ := json.Marshal(c)
	return out
}

// SealBallots sorts the ballots into canonical order (by their canonical bytes) and returns them
// with the digest of the sealed box: SHA-256 over each canonical ballot followed by a newline, in
// that order. The order and the digest depend only on the contents, never on when or by whom a
// ballot was cast.
func SealBallots(ballots []Ballot) ([]Ballot, string) {
	type item struct {
		b   Ballot
		key []byte
	}
	items := make([]item, len(ballots))
	for i, b := range ballots {
		items[i] = item{b, CanonicalBallot(b)}
	}
	sort.SliceStable(items, func(i, j int) bool { return bytes.Compare(items[i].key, items[j].key) < 0 })
	h := sha256.New()
	out := make([]Ballot, len(items))
	for i, it := range items {
		h.Write(it.key)
		h.Write([]byte{'\n'})
		out[i] = it.b
	}
	return out, hex.EncodeToString(h.Sum(nil))
}
