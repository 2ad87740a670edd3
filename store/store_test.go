package store_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/store"
)

func open(t testing.TB, dir string) *store.DB {
	t.Helper()
	db, err := store.Open(dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestCommitWritesEntitiesAndNumbersEvents(t *testing.T) {
	dir := t.TempDir()
	db := open(t, dir)
	c := daihoi.NewChange("op1", time.Now())
	c.Put(daihoi.KCongress, "congress", daihoi.Congress{ID: "c1", Title: "Đại hội thử"})
	c.Put(daihoi.KDelegate, "d1", daihoi.Delegate{ID: "d1", Name: "Nguyễn Văn An", Category: daihoi.Official, Number: 1})
	c.Emit(daihoi.EvCongress, map[string]string{"title": "Đại hội thử"})
	c.Emit(daihoi.EvDelegate, map[string]string{"id": "d1"}, daihoi.Presidium)
	if err := db.Commit(c); err != nil {
		t.Fatal(err)
	}
	if c.Events[0].Seq != 1 || c.Events[1].Seq != 2 {
		t.Fatalf("events numbered %d, %d", c.Events[0].Seq, c.Events[1].Seq)
	}
	db.Close()

	db = open(t, dir)
	st, seq, err := db.Load()
	if err != nil {
		t.Fatal(err)
	}
	if seq != 2 || st.Congress.Title != "Đại hội thử" || st.Delegates["d1"].Name != "Nguyễn Văn An" {
		t.Fatalf("reopened: seq %d, %+v", seq, st.Congress)
	}
	evs, err := db.Events(1, 10)
	if err != nil || len(evs) != 1 || evs[0].Seq != 2 || evs[0].Actor != "op1" || evs[0].Audience[0] != daihoi.Presidium {
		t.Fatalf("events after 1: %+v %v", evs, err)
	}
}

func TestFailedCommitWritesNothing(t *testing.T) {
	db := open(t, t.TempDir())
	c := daihoi.NewChange("", time.Now())
	c.Put(daihoi.KDelegate, "d1", daihoi.Delegate{ID: "d1"})
	c.Emit(daihoi.EvDelegate, "d1")
	// Closing a box that was never opened fails the whole change.
	err := db.Commit(c, daihoi.BoxOp{Poll: "nope"})
	if daihoi.ErrorCode(err) != daihoi.ENOTFOUND {
		t.Fatalf("commit: %v", err)
	}
	st, seq, _ := db.Load()
	if seq != 0 || len(st.Delegates) != 0 || c.Events[0].Seq != 0 {
		t.Fatalf("a failed change left seq %d and %d delegates", seq, len(st.Delegates))
	}
}

func TestCastMarksVoterAndBoxesContent(t *testing.T) {
	db := open(t, t.TempDir())
	c := daihoi.NewChange("", time.Now())
	if err := db.Commit(c, daihoi.BoxOp{Poll: "p1", Open: true, Eligible: []string{"a", "b", "c"}}); err != nil {
		t.Fatal(err)
	}
	tag := bytes.Repeat([]byte{7}, 32)
	res, err := db.Cast("p1", "a", tag, []byte("RCPT-0001"), []byte(`{"choice":"for"}`))
	if err != nil || res.Count != 1 || res.Duplicate {
		t.Fatalf("first cast: %+v %v", res, err)
	}
	res, err = db.Cast("p1", "a", tag, []byte("RCPT-0001"), []byte(`{"choice":"for"}`))
	if err != nil || !res.Duplicate || res.Count != 1 {
		t.Fatalf("same tag again: %+v %v", res, err)
	}
	_, err = db.Cast("p1", "a", bytes.Repeat([]byte{8}, 32), []byte("RCPT-0001"), []byte(`{"choice":"against"}`))
	if daihoi.ErrorCode(err) != daihoi.ECONFLICT {
		t.Fatalf("another ballot of the same voter: %v", err)
	}
	_, err = db.Cast("p1", "zz", tag, []byte("RCPT-0001"), []byte(`{}`))
	if daihoi.ErrorCode(err) != daihoi.EFORBIDDEN {
		t.Fatalf("a voter not on the roll: %v", err)
	}
	if _, err := db.Box("p1"); daihoi.ErrorCode(err) != daihoi.ECONFLICT {
		t.Fatalf("the box opens before close: %v", err)
	}
	voters, _ := db.Voters("p1")
	if !voters["a"] || voters["b"] || len(voters) != 3 {
		t.Fatalf("voters %v", voters)
	}
	if err := db.Commit(daihoi.NewChange("", time.Now()), daihoi.BoxOp{Poll: "p1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Cast("p1", "b", tag, []byte("RCPT-0001"), []byte(`{}`)); daihoi.ErrorCode(err) != daihoi.ECONFLICT {
		t.Fatalf("cast after close: %v", err)
	}
	box, err := db.Box("p1")
	if err != nil || len(box) != 1 || string(box[0]) != `{"choice":"for"}` {
		t.Fatalf("box %q %v", box, err)
	}
	// The first voter's retry after close (the answer was lost) is still known as a duplicate.
	if res, err := db.Cast("p1", "a", tag, []byte("RCPT-0001"), []byte(`{"choice":"for"}`)); err != nil || !res.Duplicate {
		t.Fatalf("retry after close: %+v %v", res, err)
	}
	if r, err := db.Receipts("p1"); err != nil || len(r) != 1 || r[0] != "RCPT-0001" {
		t.Fatalf("receipts %v %v", r, err)
	}
}

// Ballots arriving together share transactions; a ballot refused among them (a second tablet of
// the same voter, someone not on the roll) is answered with its reason and harms no other.
func TestConcurrentCastsShareTransactions(t *testing.T) {
	db := open(t, t.TempDir())
	var eligible []string
	for i := 0; i < 300; i++ {
		eligible = append(eligible, string(rune('A'+i%26))+string(rune('a'+i/26)))
	}
	if err := db.Commit(daihoi.NewChange("", time.Now()), daihoi.BoxOp{Poll: "p", Open: true, Eligible: eligible}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var boxed, duplicates, voted, strangers atomic.Int64
	cast := func(voter string, tag byte) {
		defer wg.Done()
		res, err := db.Cast("p", voter, bytes.Repeat([]byte{tag}, 32), []byte("R-"+voter), []byte(`{"kept":[]}`))
		switch {
		case err == nil && res.Duplicate:
			duplicates.Add(1)
		case err == nil:
			boxed.Add(1)
		case daihoi.ErrorCode(err) == daihoi.ECONFLICT:
			voted.Add(1)
		case daihoi.ErrorCode(err) == daihoi.EFORBIDDEN:
			strangers.Add(1)
		default:
			t.Error(voter, err)
		}
	}
	for i, v := range eligible {
		wg.Add(4)
		go cast(v, 1)                            // the ballot
		go cast(v, 1)                            // its retry, with the same tag
		go cast(v, 2)                            // another ballot of the same voter
		go cast(fmt.Sprintf("stranger%d", i), 1) // not on the roll
	}
	wg.Wait()
	// Each voter's first ballot to reach the writer is boxed; the same ballot again is a duplicate,
	// another one is refused. Which of tag 1 and tag 2 came first is up to the scheduler.
	if boxed.Load() != 300 || duplicates.Load()+voted.Load() != 600 || strangers.Load() != 300 {
		t.Fatalf("boxed %d, duplicates %d, refused %d, strangers %d; want 300, 600 together, 300",
			boxed.Load(), duplicates.Load(), voted.Load(), strangers.Load())
	}
	if n, _ := db.BoxCount("p"); n != 300 {
		t.Fatalf("box count %d, want 300", n)
	}
	if r, _ := db.Receipts("p"); len(r) != 300 {
		t.Fatalf("%d receipts, want 300", len(r))
	}
	txs, ballots := db.CastStats()
	if ballots != 300 || txs >= ballots {
		t.Fatalf("%d ballots in %d transactions: want 300 ballots sharing transactions", ballots, txs)
	}
}

func TestSecondProcessGetsClearError(t *testing.T) {
	dir := t.TempDir()
	open(t, dir)
	_, err := store.Open(dir, 200*time.Millisecond)
	var de *daihoi.Error
	if !errors.As(err, &de) || de.Code != daihoi.ECONFLICT {
		t.Fatalf("second open: %v", err)
	}
}

func TestBackupIsAWorkingCopy(t *testing.T) {
	dir := t.TempDir()
	db := open(t, dir)
	c := daihoi.NewChange("", time.Now())
	c.Put(daihoi.KCongress, "congress", daihoi.Congress{ID: "c1", Title: "Sao lưu"})
	c.Emit(daihoi.EvCongress, "x")
	db.Commit(c)
	var buf bytes.Buffer
	if _, err := db.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	copyDir := t.TempDir()
	os.WriteFile(filepath.Join(copyDir, store.FileName), buf.Bytes(), 0o600)
	cp := open(t, copyDir)
	st, seq, err := cp.Load()
	if err != nil || st.Congress.Title != "Sao lưu" || seq != 1 {
		t.Fatalf("backup copy: %+v seq %d %v", st.Congress, seq, err)
	}
}

// boxValues copies the file (as a backup would) and returns the values of a poll's box and list of
// receipts, as they stand on disk.
func boxValues(t *testing.T, db *store.DB, poll string) (box, receipts map[string][]byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "copy.db")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Backup(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	box, receipts = map[string][]byte{}, map[string][]byte{}
	bdb.View(func(tx *bolt.Tx) error {
		pb := tx.Bucket([]byte("boxes")).Bucket([]byte(poll))
		pb.Bucket([]byte("box")).ForEach(func(k, v []byte) error { box[string(k)] = bytes.Clone(v); return nil })
		pb.Bucket([]byte("receipts")).ForEach(func(k, v []byte) error { receipts[string(k)] = bytes.Clone(v); return nil })
		return nil
	})
	return box, receipts
}

// While the poll is open, the ballots of one transaction share a value of the box (a burst writes
// a page, not most pages), and the receipts are one value, in sorted order; when it closes, every
// ballot and every receipt stands alone under a random key, and nothing on disk says which came in
// together.
func TestBoxGroupsWhileOpenAndStandsAloneWhenClosed(t *testing.T) {
	db := open(t, t.TempDir())
	var voters []string
	for i := range 200 {
		voters = append(voters, fmt.Sprintf("voter-%03d", i))
	}
	if err := db.Commit(daihoi.NewChange("", time.Now()), daihoi.BoxOp{Poll: "p", Open: true, Eligible: voters}); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	var wg sync.WaitGroup
	for i, v := range voters {
		content := fmt.Sprintf(`{"kept":["c%02d"],"n":%d}`, i%7, i)
		want[content] = true
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := db.Cast("p", v, bytes.Repeat([]byte{byte(i)}, 32), []byte(fmt.Sprintf("R%03d-0000", i)), []byte(content)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	txs, _ := db.CastStats()
	open, openReceipts := boxValues(t, db, "p")
	if len(open) != int(txs) || len(openReceipts) != 1 {
		t.Fatalf("while open the box holds %d values for %d transactions, and the receipts %d values", len(open), txs, len(openReceipts))
	}
	list := openReceipts["sorted"]
	var inList []string
	for rest := list[1:]; len(rest) > 0; rest = rest[1+rest[0]:] { // each receipt: its length, then it
		inList = append(inList, string(rest[1:1+rest[0]]))
	}
	if list[0] != 0 || len(inList) != 200 || !slices.IsSorted(inList) || inList[0] != "R000-0000" || inList[199] != "R199-0000" {
		t.Fatalf("while open the receipts are not one sorted list of 200: %d, first %q", len(inList), inList[:min(len(inList), 3)])
	}
	for k, v := range open {
		if len(k) != 16 || v[0] != 0 {
			t.Fatalf("an open box value %x → %q is not a group under a random key", k, v)
		}
	}

	if err := db.Commit(daihoi.NewChange("", time.Now()), daihoi.BoxOp{Poll: "p"}); err != nil {
		t.Fatal(err)
	}
	box, receipts := boxValues(t, db, "p")
	if len(box) != 200 || len(receipts) != 200 {
		t.Fatalf("closed box: %d ballots and %d receipts, want 200 each", len(box), len(receipts))
	}
	for k, v := range box {
		if len(k) != 16 || !want[string(v)] {
			t.Fatalf("closed box value %x → %q is not one ballot under a random key", k, v)
		}
	}
	for k, v := range receipts {
		if len(k) != 16 || len(v) != 9 {
			t.Fatalf("receipt %x → %q is not one receipt under a random key", k, v)
		}
	}
	got, err := db.Box("p")
	if err != nil || len(got) != 200 {
		t.Fatalf("Box: %d ballots, %v", len(got), err)
	}
	for _, b := range got {
		if !want[string(b)] {
			t.Fatalf("Box returned %q, never cast", b)
		}
	}
	if r, _ := db.Receipts("p"); len(r) != 200 {
		t.Fatalf("Receipts: %d", len(r))
	}
}

// A delegate who arrives while the box is open is added to its roll, in the change that records it,
// and may then vote once; nobody is added twice, and nobody once the box is closed. The roll says
// only who may vote and who has.
func TestIssueAddsToAnOpenRoll(t *testing.T) {
	dir := t.TempDir()
	db := open(t, dir)
	if err := db.Commit(daihoi.NewChange("", time.Now()), daihoi.BoxOp{Poll: "p1", Open: true, Eligible: []string{"a"}}); err != nil {
		t.Fatal(err)
	}
	before, err := os.Stat(filepath.Join(dir, "daihoi.db"))
	if err != nil {
		t.Fatal(err)
	}
	c := daihoi.NewChange("", time.Now())
	c.Put(daihoi.KPoll, "p1", daihoi.Poll{ID: "p1", Issued: 2})
	if err := db.Commit(c, daihoi.BoxOp{Poll: "p1", Issue: []string{"late"}}); err != nil {
		t.Fatal(err)
	}
	// A ballot issued late is no close: the file is not compacted (rewritten) for it.
	if after, err := os.Stat(filepath.Join(dir, "daihoi.db")); err != nil || !os.SameFile(before, after) {
		t.Fatalf("a late ballot replaced the data file (compacted it): %v", err)
	}
	if eligible, voted, err := db.Voter("p1", "late"); err != nil || !eligible || voted {
		t.Fatalf("the late delegate on the roll: %v %v %v", eligible, voted, err)
	}
	// The change and the roll are written together; a refused one writes neither.
	again := daihoi.NewChange("", time.Now())
	again.Put(daihoi.KPoll, "p1", daihoi.Poll{ID: "p1", Issued: 3})
	if err := db.Commit(again, daihoi.BoxOp{Poll: "p1", Issue: []string{"late"}}); daihoi.ErrorCode(err) != daihoi.ECONFLICT {
		t.Fatalf("a second ballot to the same delegate: %v", err)
	}
	if res, err := db.Cast("p1", "late", bytes.Repeat([]byte{7}, 32), []byte("RCPT-0002"), []byte(`{"choice":"for"}`)); err != nil || res.Count != 1 {
		t.Fatalf("the late delegate votes: %+v %v", res, err)
	}
	if err := db.Commit(daihoi.NewChange("", time.Now()), daihoi.BoxOp{Poll: "p1"}); err != nil {
		t.Fatal(err)
	}
	if err := db.Commit(daihoi.NewChange("", time.Now()), daihoi.BoxOp{Poll: "p1", Issue: []string{"later"}}); daihoi.ErrorCode(err) != daihoi.ECONFLICT {
		t.Fatalf("a ballot issued after close: %v", err)
	}
	db.Close()
	db = open(t, dir)
	st, _, err := db.Load()
	if err != nil || st.Polls["p1"].Issued != 2 {
		t.Fatalf("after a restart the poll reads issued %d (%v), want 2", st.Polls["p1"].Issued, err)
	}
	voters, _ := db.Voters("p1")
	if len(voters) != 2 || !voters["late"] || voters["a"] || voters["later"] {
		t.Fatalf("the roll after close: %v", voters)
	}
}
