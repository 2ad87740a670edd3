package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/daihoi/daihoi"
)

// AuditReport is what Audit checked: the events of the chain and its head, the polls with a
// ballot box (those closed and sealed among them) and the ballots in their boxes.
type AuditReport struct {
	Events  int
	Head    string // the hash of the last event's record
	Polls   int    // polls with a ballot box
	Sealed  int    // closed polls whose box was checked against its digest
	Ballots int    // tablet ballots in the boxes
	// Seals gives each sealed poll's mark (the chain's head at its last seal), as the minutes print it.
	Seals map[string]daihoi.ChainMark
}

// Audit checks a data file or a backup, opened read-only (the server must not hold it): the chain
// of events from the congress's id to the head kept in the file, with no number missing; each poll's
// roll, box and receipts agree in number; and each closed poll's ballots, sealed again, give the
// digest its last seal event recorded. The error names the first event or poll that fails, in
// Vietnamese and English.
func Audit(path string, timeout time.Duration) (AuditReport, error) {
	if _, err := os.Stat(path); err != nil {
		return AuditReport{}, daihoi.Errorf(daihoi.ENOTFOUND, "không có tệp dữ liệu %s", "there is no data file %s", path)
	}
	if err := checkFile(path); err != nil {
		return AuditReport{}, err
	}
	db, err := openCheckedAll(path, &bolt.Options{ReadOnly: true, Timeout: timeout})
	if err != nil {
		return AuditReport{}, err
	}
	defer db.Close()
	s := &DB{db: db, path: path}
	rep := AuditReport{Seals: map[string]daihoi.ChainMark{}}
	seals := map[string]daihoi.Seal{}
	views := map[string]chainedPoll{}
	err = db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if meta == nil || tx.Bucket(bEvents) == nil || tx.Bucket(bBoxes) == nil {
			return daihoi.Errorf(daihoi.EINVALID, "tệp %s không phải tệp dữ liệu daihoi", "%s is not a daihoi data file", path)
		}
		if v := string(meta.Get(kSchema)); v != fmt.Sprint(SchemaVersion) {
			return daihoi.Errorf(daihoi.EINVALID, "tệp thuộc phiên bản %s, chưa có chuỗi kiểm tra: mở một lần bằng daihoi này (serve) rồi kiểm tra lại",
				"the file is of schema %s, without the audit chain: open it once with this daihoi (serve), then audit again", v)
		}
		return auditChain(tx, &rep, seals, views)
	})
	if err != nil {
		return rep, err
	}
	st, _, err := s.Load()
	if err != nil {
		return rep, err
	}
	err = db.View(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bBoxes).ForEach(func(k, _ []byte) error {
			return auditBox(tx.Bucket(bBoxes).Bucket(k), string(k), st, seals, &rep)
		}); err != nil {
			return err
		}
		return auditBoxesKept(tx.Bucket(bBoxes), st, &rep)
	})
	if err != nil {
		return rep, err
	}
	return rep, auditPollRecords(st, views)
}

// chainedPoll is a poll as the last event in the chain that the tellers were sent of it gives it.
type chainedPoll struct {
	seq uint64
	p   daihoi.Poll
}

// auditPollRecords checks each poll's record (not chained itself) against the last event of it
// the chain holds as the tellers see it: its state, digest and result. Every change of a poll is
// written with its events (emitPoll), and the tellers' view changes with any of the three, so the
// record and that event agree unless the record was edited; a show of hands has no box to recount,
// and this is what finds its figures changed. A poll with no such event is a draft without result
// (as the congress file installs it).
func auditPollRecords(st *daihoi.State, views map[string]chainedPoll) error {
	ids := make([]string, 0, len(st.Polls))
	for id := range st.Polls {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		p := st.Polls[id]
		if !p.ResultVisibleTo(daihoi.Teller) {
			p.Result, p.Digest = nil, ""
		}
		v, ok := views[id]
		if !ok {
			v.p.State = daihoi.Draft
		}
		got, _ := json.Marshal(p.Result)
		want, _ := json.Marshal(v.p.Result)
		if p.State == v.p.State && p.Digest == v.p.Digest && string(got) == string(want) {
			continue
		}
		name := fmt.Sprintf("%s (%s)", id, p.Title)
		if !ok {
			return daihoi.Errorf(daihoi.EINVALID, "cuộc bỏ phiếu %s: bản ghi (%s) không có sự kiện nào trong chuỗi ghi lại",
				"poll %s: its record (%s) is not recorded by any event in the chain", name, p.State)
		}
		return daihoi.Errorf(daihoi.EINVALID, "cuộc bỏ phiếu %s: bản ghi (%s) khác với sự kiện #%d ghi lại trong chuỗi (%s): trạng thái, mã niêm phong hoặc kết quả đã bị sửa",
			"poll %s: its record (%s) differs from what event #%d of the chain records (%s): its state, digest or result was altered", name, p.State, v.seq, v.p.State)
	}
	return nil
}

// auditBoxesKept checks that no box was taken out of the file, nor opened again after its close: a
// box is never removed, so every poll that was opened on the tablets (its record not a draft) and
// every poll sealed in the chain has one, and a poll closed or sealed has it closed. Without this,
// a box removed or marked open again would escape the check of its seal.
func auditBoxesKept(boxes *bolt.Bucket, st *daihoi.State, rep *AuditReport) error {
	ids := make([]string, 0, len(st.Polls)+len(rep.Seals))
	for id := range st.Polls {
		ids = append(ids, id)
	}
	for id := range rep.Seals {
		if _, ok := st.Polls[id]; !ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		p, known := st.Polls[id]
		mark, sealed := rep.Seals[id]
		name := id
		if known {
			name = fmt.Sprintf("%s (%s)", id, p.Title)
		}
		if !sealed && (!known || p.Mode == daihoi.Hands || p.State == daihoi.Draft) {
			continue
		}
		closed := sealed || p.State != daihoi.Open
		pb := boxes.Bucket([]byte(id))
		switch {
		case pb == nil && sealed:
			return daihoi.Errorf(daihoi.EINVALID, "cuộc bỏ phiếu %s: đã niêm phong (sự kiện #%d) nhưng hòm phiếu đã bị xoá khỏi tệp",
				"poll %s: sealed (event #%d), but its ballot box was removed from the file", name, mark.Seq)
		case pb == nil:
			return daihoi.Errorf(daihoi.EINVALID, "cuộc bỏ phiếu %s: đã mở nhưng hòm phiếu đã bị xoá khỏi tệp",
				"poll %s: it was opened, but its ballot box was removed from the file", name)
		case closed && !bytes.Equal(pb.Get(kState), vClosed):
			return daihoi.Errorf(daihoi.EINVALID, "cuộc bỏ phiếu %s: đã kết thúc nhưng hòm phiếu lại được đánh dấu là đang mở",
				"poll %s: it was closed, but its ballot box is marked open again", name)
		}
	}
	return nil
}

// auditChain walks the events in order, checking each one's number and the hash it carries.
func auditChain(tx *bolt.Tx, rep *AuditReport, seals map[string]daihoi.Seal, views map[string]chainedPoll) error {
	prev := daihoi.ChainHash([]byte(congressID(tx)))
	// Events written before the congress was installed begin from the hash of the empty id (see
	// chainHead); the congress's id does not change once installed.
	empty := daihoi.ChainHash(nil)
	var last uint64
	err := tx.Bucket(bEvents).ForEach(func(k, v []byte) error {
		var e daihoi.Event
		if len(k) != 8 || json.Unmarshal(v, &e) != nil {
			return daihoi.Errorf(daihoi.EINVALID, "sự kiện sau #%d không đọc được (bản ghi bị sửa)", "the event after #%d cannot be read (its record was altered)", last)
		}
		seq := binary.BigEndian.Uint64(k)
		switch {
		case seq != last+1:
			return daihoi.Errorf(daihoi.EINVALID, "thiếu sự kiện #%d (sau #%d là #%d)", "event #%d is missing (after #%d comes #%d)", last+1, last, seq)
		case e.Seq != seq:
			return daihoi.Errorf(daihoi.EINVALID, "sự kiện #%d bị sửa: bản ghi mang số #%d", "event #%d was altered: its record says #%d", seq, e.Seq)
		case seq == 1 && e.Prev == empty:
		case e.Prev != prev && seq == 1:
			return daihoi.Errorf(daihoi.EINVALID, "sự kiện #1 không mở đầu chuỗi của đại hội này (mã băm của mã đại hội không khớp)",
				"event #1 does not begin this congress's chain (the hash of the congress's id does not match)")
		case e.Prev != prev:
			return daihoi.Errorf(daihoi.EINVALID, "sự kiện #%d bị sửa sau khi ghi: mã băm của nó không khớp với mã sự kiện #%d ghi lại",
				"event #%d was altered after it was written: its hash is not the one event #%d records", seq-1, seq)
		}
		prev, last = daihoi.ChainHash(v), seq
		rep.Events++
		if e.Type == daihoi.EvPoll && (len(e.Audience) == 0 || slices.Contains(e.Audience, daihoi.Teller)) {
			var v daihoi.PollView
			if json.Unmarshal(e.Data, &v) != nil || v.ID == "" {
				return daihoi.Errorf(daihoi.EINVALID, "sự kiện #%d (cuộc bỏ phiếu) không đọc được", "event #%d (a poll) cannot be read", seq)
			}
			views[v.ID] = chainedPoll{seq, v.Poll}
		}
		if e.Type == daihoi.EvSeal {
			var seal daihoi.Seal
			if json.Unmarshal(e.Data, &seal) != nil || seal.Poll == "" {
				return daihoi.Errorf(daihoi.EINVALID, "sự kiện #%d (niêm phong) không đọc được", "event #%d (a seal) cannot be read", seq)
			}
			seals[seal.Poll] = seal
			rep.Seals[seal.Poll] = daihoi.ChainMark{Seq: seq, Head: prev}
		}
		return nil
	})
	if err != nil {
		return err
	}
	head := tx.Bucket(bMeta).Get(kChain)
	if last == 0 && head != nil {
		return daihoi.Errorf(daihoi.EINVALID, "mọi sự kiện đã bị xoá", "every event was removed")
	}
	if last > 0 && string(head) != prev {
		return daihoi.Errorf(daihoi.EINVALID, "sự kiện #%d bị sửa sau khi ghi, hoặc các sự kiện sau nó bị xoá: mã băm của nó không khớp với đầu chuỗi ghi trong tệp",
			"event #%d was altered after it was written, or the events after it were removed: its hash is not the chain's head kept in the file", last)
	}
	rep.Head = prev
	for poll, m := range rep.Seals {
		if got, ok := parseMark(tx.Bucket(bSeals).Get([]byte(poll))); !ok || got != m {
			return daihoi.Errorf(daihoi.EINVALID, "cuộc bỏ phiếu %s: dấu niêm phong ghi trong tệp không khớp với sự kiện #%d",
				"poll %s: the seal's mark kept in the file does not match event #%d", poll, m.Seq)
		}
	}
	return nil
}

// auditBox checks one poll's roll, box and receipts against each other and, once it is closed and
// sealed, its ballots against the digest of its last seal.
func auditBox(pb *bolt.Bucket, id string, st *daihoi.State, seals map[string]daihoi.Seal, rep *AuditReport) error {
	rep.Polls++
	name := id
	p, known := st.Polls[id]
	if known {
		name = fmt.Sprintf("%s (%s)", id, p.Title)
	}
	name = strings.ReplaceAll(name, "%", "%%")
	fail := func(vi, en string, args ...any) error {
		return daihoi.Errorf(daihoi.EINVALID, "cuộc bỏ phiếu "+name+": "+vi, "poll "+name+": "+en, args...)
	}
	if pb == nil || pb.Bucket(bRoll) == nil || pb.Bucket(bBox) == nil || pb.Bucket(bRcpt) == nil || len(pb.Get(kCount)) != 8 {
		return fail("hòm phiếu không đầy đủ", "its ballot box is incomplete")
	}
	voted := 0
	pb.Bucket(bRoll).ForEach(func(_, v []byte) error {
		if len(v) > 0 {
			voted++
		}
		return nil
	})
	var box [][]byte
	if err := pb.Bucket(bBox).ForEach(func(_, v []byte) error {
		return items(v, func(b []byte) error { box = append(box, b); return nil })
	}); err != nil {
		return fail("hòm phiếu hỏng", "its ballot box is damaged")
	}
	receipts := 0
	if err := pb.Bucket(bRcpt).ForEach(func(_, v []byte) error {
		return items(v, func([]byte) error { receipts++; return nil })
	}); err != nil {
		return fail("danh sách mã biên nhận hỏng", "its list of receipts is damaged")
	}
	count := int(binary.BigEndian.Uint64(pb.Get(kCount)))
	if voted != len(box) || receipts != len(box) || count != len(box) {
		return fail("danh sách cử tri ghi %d người đã bỏ phiếu, hòm phiếu có %d phiếu, %d mã biên nhận, bộ đếm %d",
			"the roll marks %d voters, the box holds %d ballots, %d receipts, the count says %d", voted, len(box), receipts, count)
	}
	rep.Ballots += len(box)
	if !bytes.Equal(pb.Get(kState), vClosed) {
		return nil
	}
	if !known {
		return fail("có hòm phiếu nhưng không có cuộc bỏ phiếu", "a ballot box without its poll")
	}
	seal, sealed := seals[id]
	if p.Digest == "" && (p.Paper || !sealed) {
		return nil // the paper count is not final: nothing is sealed now
	}
	if !sealed {
		return fail("đã kết thúc và niêm phong nhưng không có sự kiện niêm phong", "closed and sealed, but no seal event records it")
	}
	ballots := make([]daihoi.Ballot, 0, len(box))
	for _, b := range box {
		var bl daihoi.Ballot
		if err := json.Unmarshal(b, &bl); err != nil {
			return fail("một phiếu trong hòm không đọc được (bị sửa)", "a ballot in the box cannot be read (altered)")
		}
		ballots = append(ballots, bl)
	}
	if !p.Tablet {
		ballots = nil
	}
	if p.Paper && p.Digest != "" {
		var batches []daihoi.PaperBatch
		for _, b := range st.Batches {
			if b.Poll == id && b.Count > 0 {
				batches = append(batches, b)
			}
		}
		paper, err := daihoi.FinalPaper(p, batches)
		if err != nil {
			return fail("phiếu giấy chưa kiểm xong nhưng đã niêm phong", "sealed, but its paper count is not final")
		}
		ballots = append(ballots, paper...)
	}
	sealedBallots, digest := daihoi.SealBallots(slices.Clone(ballots))
	if digest != seal.Digest {
		return fail("hòm phiếu không khớp với mã niêm phong (các phiếu niêm phong lại cho %s, sự kiện niêm phong ghi %s)",
			"the ballot box does not match its seal (its ballots seal to %s, the seal event records %s)", digest, seal.Digest)
	}
	if p.Digest != seal.Digest {
		return fail("bản ghi cuộc bỏ phiếu mang mã niêm phong %s, sự kiện niêm phong ghi %s", "its record carries the digest %s, its seal event %s", p.Digest, seal.Digest)
	}
	// The result on record (what the minutes print) is the count of the sealed ballots.
	res, err := daihoi.Tally(p.TallyInput(sealedBallots, nil))
	got, _ := json.Marshal(res)
	want, _ := json.Marshal(p.Result)
	if err != nil || p.Result == nil || string(got) != string(want) {
		return fail("kết quả ghi trong hồ sơ khác kết quả kiểm lại từ các phiếu đã niêm phong", "the result on record differs from the count of its sealed ballots")
	}
	rep.Sealed++
	return nil
}
