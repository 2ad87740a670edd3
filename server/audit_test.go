package server_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/internal/testserver"
	"github.com/daihoi/daihoi/store"
)

// auditedHall runs a secret election of 8 ballots to its confirmed count and returns the data
// file (the server stopped), the poll and the minutes as printed.
func auditedHall(t *testing.T) (path string, p daihoi.Poll, minutes string) {
	t.Helper()
	dir := t.TempDir()
	h := openHall(t, dir, true)
	ctx := context.Background()
	p, _, tablets := h.election(8)
	for i, tab := range tablets {
		if _, err := tab.Cast(ctx, p.ID, ballotFor(p, i)); err != nil {
			t.Fatalf("cast %d: %v", i, err)
		}
	}
	if _, err := h.Login("dct1").PollAction(ctx, p.ID, "close"); err != nil {
		t.Fatal(err)
	}
	confirmAll(t, h, p.ID)
	var page []byte
	if err := h.Login("kiemphieu1").Do(ctx, "GET", "/print/minutes/"+p.ID, nil, &page); err != nil {
		t.Fatal(err)
	}
	h.Stop()
	return filepath.Join(dir, store.FileName), p, string(page)
}

// edit copies the data file and changes the copy in one bbolt transaction.
func edit(t *testing.T, path string, fn func(tx *bolt.Tx) error) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cp := filepath.Join(t.TempDir(), "edited.db")
	if err := os.WriteFile(cp, data, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(cp, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
	return cp
}

// editEvent changes one byte of event seq's record: the first letter of its type.
func editEvent(seq uint64) func(tx *bolt.Tx) error {
	return func(tx *bolt.Tx) error {
		var k [8]byte
		binary.BigEndian.PutUint64(k[:], seq)
		v := bytes.Clone(tx.Bucket([]byte("events")).Get(k[:]))
		i := bytes.Index(v, []byte(`"type":"`)) + len(`"type":"`)
		v[i] ^= 0x20 // "poll" → "Poll": still JSON, another record
		return tx.Bucket([]byte("events")).Put(k[:], v)
	}
}

func wantAuditFails(t *testing.T, what, path string, words ...string) {
	t.Helper()
	_, err := store.Audit(path, time.Second)
	if err == nil {
		t.Fatalf("%s: the audit passed", what)
	}
	vi, en := daihoi.ErrorMessages(err)
	t.Logf("%s: %s", what, en)
	for _, w := range words {
		if !strings.Contains(en, w) {
			t.Errorf("%s: the audit says %q, not %q", what, en, w)
		}
	}
	if vi == en {
		t.Errorf("%s: the audit's message is not in Vietnamese: %q", what, vi)
	}
}

func TestAuditChecksTheChainAndTheSeal(t *testing.T) {
	path, p, minutes := auditedHall(t)
	rep, err := store.Audit(path, time.Second)
	if err != nil {
		t.Fatalf("the audit of an untouched file fails: %v", err)
	}
	if rep.Polls != 1 || rep.Sealed != 1 || rep.Ballots != 8 || rep.Events < 10 {
		t.Fatalf("the audit checked %+v; want 1 poll, sealed, 8 ballots and the events", rep)
	}
	mark, ok := rep.Seals[p.ID]
	if !ok || len(mark.Head) != 64 {
		t.Fatalf("no seal of the poll in the chain: %+v", rep.Seals)
	}
	// The minutes print the chain's head at the seal, as the audit finds it.
	if !strings.Contains(minutes, mark.Head) || !strings.Contains(minutes, "daihoi audit") {
		t.Errorf("the minutes do not print the chain's head %s at the seal", mark.Head)
	}

	// The seal in the chain says which poll, its digest and how many ballots: nothing of any ballot
	// or voter (the chain adds no link between them).
	walk(t, path, func(buckets []string, k, v []byte) {
		var e daihoi.Event
		if buckets[0] != "events" || json.Unmarshal(v, &e) != nil || e.Type != daihoi.EvSeal {
			return
		}
		var fields map[string]json.RawMessage
		json.Unmarshal(e.Data, &fields)
		if len(fields) != 3 || fields["poll"] == nil || fields["digest"] == nil || string(fields["ballots"]) != "8" {
			t.Errorf("the seal event holds %s", e.Data)
		}
		if len(e.Audience) != 1 || e.Audience[0] != daihoi.Teller {
			t.Errorf("the seal event goes to %v, not to the tellers alone", e.Audience)
		}
	})

	// One byte of one event in the middle: that event is named.
	wantAuditFails(t, "an event edited", edit(t, path, editEvent(5)), "event #5 was altered")
	// The last event has no next one to hold its hash: the head kept in the file does.
	wantAuditFails(t, "the last event edited", edit(t, path, editEvent(uint64(rep.Events))), fmt.Sprintf("event #%d was altered", rep.Events))
	// An event removed leaves a gap.
	wantAuditFails(t, "an event removed", edit(t, path, func(tx *bolt.Tx) error {
		var k [8]byte
		binary.BigEndian.PutUint64(k[:], 3)
		return tx.Bucket([]byte("events")).Delete(k[:])
	}), "event #3 is missing")

	box := func(tx *bolt.Tx, name string) *bolt.Bucket {
		return tx.Bucket([]byte("boxes")).Bucket([]byte(p.ID)).Bucket([]byte(name))
	}
	// One ballot of the box replaced by a copy of another: the count holds, the seal does not.
	wantAuditFails(t, "a ballot replaced", edit(t, path, func(tx *bolt.Tx) error {
		b := box(tx, "box")
		var keys, vals [][]byte
		b.ForEach(func(k, v []byte) error {
			keys, vals = append(keys, bytes.Clone(k)), append(vals, bytes.Clone(v))
			return nil
		})
		for i := 1; i < len(vals); i++ {
			if !bytes.Equal(vals[i], vals[0]) {
				return b.Put(keys[0], vals[i])
			}
		}
		t.Fatal("every ballot is the same")
		return nil
	}), "poll "+p.ID, "does not match its seal")
	// The poll's record (not chained) given another result: the recount from the sealed box differs.
	wantAuditFails(t, "a result edited", edit(t, path, func(tx *bolt.Tx) error {
		var rec daihoi.Poll
		if err := json.Unmarshal(tx.Bucket([]byte("polls")).Get([]byte(p.ID)), &rec); err != nil {
			return err
		}
		for id := range rec.Result.Votes {
			rec.Result.Votes[id]++
			break
		}
		b, _ := json.Marshal(rec)
		return tx.Bucket([]byte("polls")).Put([]byte(p.ID), b)
	}), "poll "+p.ID, "the result on record differs from the count of its sealed ballots")
	// A receipt removed: roll, box and receipts no longer agree.
	wantAuditFails(t, "a receipt removed", edit(t, path, func(tx *bolt.Tx) error {
		k, _ := box(tx, "receipts").Cursor().First()
		return box(tx, "receipts").Delete(k)
	}), "poll "+p.ID, "the roll marks 8 voters, the box holds 8 ballots, 7 receipts")
}

// What else a hand could do to the file: remove the last event, swap two, remove a sealed poll's
// box or mark it open again (which would let its ballots be changed past the seal's check).
func TestAuditFindsEventsRemovedOrSwappedAndBoxesTakenOut(t *testing.T) {
	path, p, _ := auditedHall(t)
	rep, err := store.Audit(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	key := func(seq uint64) []byte {
		var k [8]byte
		binary.BigEndian.PutUint64(k[:], seq)
		return k[:]
	}
	n := uint64(rep.Events)
	wantAuditFails(t, "the last event removed", edit(t, path, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("events")).Delete(key(n))
	}), fmt.Sprintf("event #%d was altered after it was written, or the events after it were removed", n-1))
	wantAuditFails(t, "two events swapped", edit(t, path, func(tx *bolt.Tx) error {
		eb := tx.Bucket([]byte("events"))
		a, b := bytes.Clone(eb.Get(key(3))), bytes.Clone(eb.Get(key(4)))
		eb.Put(key(3), b)
		return eb.Put(key(4), a)
	}), "event #3 was altered")
	wantAuditFails(t, "a sealed box removed", edit(t, path, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("boxes")).DeleteBucket([]byte(p.ID))
	}), "poll "+p.ID, "sealed (event #", "its ballot box was removed")
	// Marked open again, with a ballot changed: the box is not skipped as an open one.
	wantAuditFails(t, "a sealed box opened again", edit(t, path, func(tx *bolt.Tx) error {
		pb := tx.Bucket([]byte("boxes")).Bucket([]byte(p.ID))
		k, v := pb.Bucket([]byte("box")).Cursor().First()
		if err := pb.Bucket([]byte("box")).Put(bytes.Clone(k), bytes.Replace(v, []byte(`"kept"`), []byte(`"kepT"`), 1)); err != nil {
			return err
		}
		return pb.Put([]byte("state"), []byte("open"))
	}), "poll "+p.ID, "its ballot box is marked open again")
	wantAuditFails(t, "a seal's mark removed", edit(t, path, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("seals")).Delete([]byte(p.ID))
	}), "poll "+p.ID, "the seal's mark kept in the file does not match")
}

// A show of hands has no box to recount: its record (not chained) is checked against the last
// event of it in the chain, as the tellers were sent it. Its figures or its state edited: named.
func TestAuditFindsAShowOfHandsEdited(t *testing.T) {
	dir := t.TempDir()
	h := openHall(t, dir, true)
	ctx := context.Background()
	h.CheckIn(h.SeatHolders())
	pres := h.Login("dct1")
	vote := testserver.Must(pres.CreatePoll(ctx, daihoi.PollRequest{Kind: daihoi.Motion, Title: "Thông qua chương trình làm việc", Mode: daihoi.Hands}))
	testserver.Must(pres.PollAction(ctx, vote.ID, "open"))
	if err := pres.Post(ctx, "/api/polls/"+vote.ID+"/counts", daihoi.Counts{For: 120, Against: 3}, nil); err != nil {
		t.Fatal(err)
	}
	testserver.Must(pres.PollAction(ctx, vote.ID, "publish"))
	h.Stop()
	path := filepath.Join(dir, store.FileName)
	if _, err := store.Audit(path, time.Second); err != nil {
		t.Fatalf("the audit of an untouched file fails: %v", err)
	}
	record := func(fn func(p *daihoi.Poll)) func(tx *bolt.Tx) error {
		return func(tx *bolt.Tx) error {
			var rec daihoi.Poll
			if err := json.Unmarshal(tx.Bucket([]byte("polls")).Get([]byte(vote.ID)), &rec); err != nil {
				return err
			}
			fn(&rec)
			b, _ := json.Marshal(rec)
			return tx.Bucket([]byte("polls")).Put([]byte(vote.ID), b)
		}
	}
	wantAuditFails(t, "the figures of a show of hands edited", edit(t, path, record(func(p *daihoi.Poll) {
		if p.Result == nil {
			t.Fatal("the published vote has no result")
		}
		p.Result.Ballots.Total++
	})), "poll "+vote.ID, "its record (published) differs from what event #", "its state, digest or result was altered")
	wantAuditFails(t, "a published vote put back to counted", edit(t, path, record(func(p *daihoi.Poll) {
		p.State = daihoi.Counted
	})), "poll "+vote.ID, "its record (counted) differs", "(published)")
}
