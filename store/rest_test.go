package store_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/store"
)

// burst is a poll's ballots: each content and receipt unique and of one length (the content over
// 127 bytes, so that a group's length prefix takes two bytes), cast all at once.
type burst struct {
	voters, contents, receipts []string
}

func newBurst(poll string, n int) burst {
	var b burst
	for i := range n {
		b.voters = append(b.voters, fmt.Sprintf("%s-voter-%05d", poll, i))
		b.contents = append(b.contents, fmt.Sprintf(`{"kept":["c%02d","c%02d"],"pad":"%s","n":"%s-ballot-%05d"}`,
			i%45, (i*7)%45, bytes.Repeat([]byte("x"), 100), poll, i))
		b.receipts = append(b.receipts, fmt.Sprintf("%s-RCPT-%05d", poll, i))
	}
	return b
}

// cast casts every ballot of the burst from 50 tablets at once, each casting its next ballot once
// the last is answered (so the ballots come in many transactions), and returns how many were
// acknowledged (on disk).
func (b burst) cast(t *testing.T, db *store.DB, poll string) int {
	t.Helper()
	var wg sync.WaitGroup
	var acked atomic.Int64
	const tablets = 50
	for w := range tablets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(b.voters); i += tablets {
				_, err := db.Cast(poll, b.voters[i], []byte(fmt.Sprintf("tag-%05d", i)), []byte(b.receipts[i]), []byte(b.contents[i]))
				if err == nil {
					acked.Add(1)
				} else if daihoi.ErrorCode(err) == daihoi.EINTERNAL {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	return int(acked.Load())
}

// scan reads raw bytes (a data file or a backup, free pages and all) and reports how often each
// content and receipt appears, and whether any appears as an item of a group: after the group mark
// (a zero byte) and its length, or right after another item and its length. One pass: every
// content holds "-ballot-NNNNN", every receipt "-RCPT-NNNNN".
func scan(raw []byte, b burst) (contentCopies, receiptCopies map[int]int, grouped []string) {
	find := func(items []string, mark string, what string) map[int]int {
		copies := make([]int, len(items))
		at := len(items[0]) - 5 - len(mark) // where the mark begins in every item
		if what == "ballot" {
			at -= 2 // the content ends with `"}`
		}
		prefix := binary.AppendUvarint(nil, uint64(len(items[0])))
		for off := 0; ; {
			i := bytes.Index(raw[off:], []byte(mark))
			if i < 0 {
				break
			}
			pos := off + i
			off = pos + 1
			start := pos - at
			var k int
			if start < 0 || start+len(items[0]) > len(raw) {
				continue
			}
			if _, err := fmt.Sscanf(string(raw[pos+len(mark):pos+len(mark)+5]), "%05d", &k); err != nil || k >= len(items) ||
				!bytes.Equal(raw[start:start+len(items[0])], []byte(items[k])) {
				continue
			}
			copies[k]++
			before := raw[max(0, start-len(prefix)-1):start]
			prev := start - len(prefix) - len(items[0]) // where an item before it in a group would begin
			next := start + len(items[0]) + len(prefix) // where an item after it in a group would begin
			itemAt := func(p int) bool {                // an item's mark stands where an item beginning at p has it
				return p >= 0 && p+at+len(mark) <= len(raw) && bytes.Equal(raw[p+at:p+at+len(mark)], []byte(mark))
			}
			// The first item of a group (a zero byte and its length before it, and an item after it;
			// the bytes of a random key can end like a group's start, but are not followed by an item),
			// or an item after another.
			if bytes.Equal(before, append([]byte{0}, prefix...)) && bytes.HasPrefix(raw[start+len(items[0]):], prefix) && itemAt(next) ||
				bytes.HasSuffix(before, prefix) && itemAt(prev) {
				grouped = append(grouped, fmt.Sprintf("%s %d", what, k))
			}
		}
		out := map[int]int{}
		for _, c := range copies {
			out[c]++
		}
		return out
	}
	contentCopies = find(b.contents, "-ballot-", "ballot")
	receiptCopies = find(b.receipts, "-RCPT-", "receipt")
	return contentCopies, receiptCopies, grouped
}

// After a secret poll closes, the data file (its free pages too) and a backup hold each ballot's
// content and each receipt once, and nothing that groups ballots by the transaction that stored
// them; while the poll was open they held many earlier copies.
func TestClosedPollLeavesEachBallotOnceInTheFileAndTheBackup(t *testing.T) {
	dir := t.TempDir()
	db := open(t, dir)
	const n = 2000
	b := newBurst("p", n)
	if err := db.Commit(daihoi.NewChange("", time.Now()), daihoi.BoxOp{Poll: "p", Open: true, Eligible: b.voters}); err != nil {
		t.Fatal(err)
	}
	if acked := b.cast(t, db, "p"); acked != n {
		t.Fatalf("%d ballots acknowledged, want %d", acked, n)
	}
	txs, _ := db.CastStats()
	path := filepath.Join(dir, store.FileName)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	contents, receipts, grouped := scan(raw, b)
	t.Logf("open poll: %d ballots in %d transactions; file %d bytes; receipts by copies %v; %d grouped", n, txs, len(raw), receipts, len(grouped))
	if len(grouped) == 0 || contents[1] == n && receipts[1] == n {
		t.Fatalf("the open poll's file shows no group and no earlier copy: the test would prove nothing")
	}

	start := time.Now()
	if err := db.Commit(daihoi.NewChange("", time.Now()), daihoi.BoxOp{Poll: "p"}); err != nil {
		t.Fatal(err)
	}
	t.Logf("close (split the groups, compact the file): %v", time.Since(start))

	// The server goes on serving: the file as it is now, and a backup made now.
	raw, err = os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var backup bytes.Buffer
	if _, err := db.Backup(&backup); err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		name string
		raw  []byte
	}{{"the data file", raw}, {"a backup", backup.Bytes()}} {
		contents, receipts, grouped := scan(f.raw, b)
		if contents[1] != n || receipts[1] != n || len(grouped) > 0 {
			t.Errorf("%s (%d bytes): ballots by number of copies %v, receipts %v (want each once); %d grouped, first %q",
				f.name, len(f.raw), contents, receipts, len(grouped), grouped[:min(5, len(grouped))])
		}
	}
	if bytes.Contains(raw, []byte("sorted")) {
		t.Errorf("the data file still holds the open poll's list of receipts")
	}
	// And the store reads what it holds, now and after a restart.
	for _, restart := range []bool{false, true} {
		if restart {
			db.Close()
			db = open(t, dir)
		}
		box, err := db.Box("p")
		if got, _ := db.Receipts("p"); err != nil || len(box) != n || len(got) != n {
			t.Fatalf("restart %v: %d ballots, %d receipts, %v", restart, len(box), len(got), err)
		}
	}
}

// The compaction swaps the file while ballots of another poll keep coming and screens keep
// reading: every ballot acknowledged is in the file after a restart.
func TestCompactionLosesNoAcknowledgedBallot(t *testing.T) {
	dir := t.TempDir()
	db := open(t, dir)
	first, second := newBurst("a", 300), newBurst("b", 600)
	for _, p := range []struct {
		id string
		b  burst
	}{{"a", first}, {"b", second}} {
		if err := db.Commit(daihoi.NewChange("", time.Now()), daihoi.BoxOp{Poll: p.id, Open: true, Eligible: p.b.voters}); err != nil {
			t.Fatal(err)
		}
	}
	first.cast(t, db, "a")
	var wg sync.WaitGroup
	var acked int
	wg.Add(3)
	go func() { defer wg.Done(); acked = second.cast(t, db, "b") }()
	go func() {
		defer wg.Done()
		for range 50 {
			if _, err := db.BoxCount("b"); err != nil {
				t.Error(err)
			}
		}
	}()
	go func() {
		defer wg.Done()
		if err := db.Commit(daihoi.NewChange("", time.Now()), daihoi.BoxOp{Poll: "a"}); err != nil {
			t.Error(err)
		}
	}()
	wg.Wait()
	c := daihoi.NewChange("", time.Now())
	c.Put(daihoi.KCongress, "congress", daihoi.Congress{ID: "c1", Title: "Sau khi nén"})
	if err := db.Commit(c); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = open(t, dir)
	n, _ := db.BoxCount("b")
	voters, _ := db.Voters("b")
	voted := 0
	for _, v := range voters {
		if v {
			voted++
		}
	}
	st, _, err := db.Load()
	if err != nil {
		t.Fatalf("after the swap and a restart the file does not load: %v", err)
	}
	if acked != 600 || n != 600 || voted != 600 || st.Congress.Title != "Sau khi nén" {
		t.Fatalf("after the swap and a restart: %d acknowledged, %d in the box, %d marked voted, congress %q, %v",
			acked, n, voted, st.Congress.Title, err)
	}
	if box, err := db.Box("a"); err != nil || len(box) != 300 {
		t.Fatalf("closed poll: %d ballots, %v", len(box), err)
	}
}

// A compaction stopped before its rename (as by a crash, or a full disk) leaves the data file as it
// was, with every ballot, and the poll closed; the next start compacts it.
func TestCompactionStoppedBeforeTheSwapIsDoneAtTheNextStart(t *testing.T) {
	dir := t.TempDir()
	db := open(t, dir)
	b := newBurst("p", 400)
	if err := db.Commit(daihoi.NewChange("", time.Now()), daihoi.BoxOp{Poll: "p", Open: true, Eligible: b.voters}); err != nil {
		t.Fatal(err)
	}
	b.cast(t, db, "p")
	restore := store.FailCompactions("copied", errors.New("power cut"))
	err := db.Commit(daihoi.NewChange("", time.Now()), daihoi.BoxOp{Poll: "p"})
	restore()
	var written interface{ Written() bool }
	if !errors.As(err, &written) || !written.Written() {
		t.Fatalf("a failed compaction after the close was written: %v", err)
	}
	db.Close()
	path := filepath.Join(dir, store.FileName)
	if raw, _ := os.ReadFile(path); func() bool { c, _, _ := scan(raw, b); return c[1] == 400 }() {
		t.Fatal("the file was compacted although the compaction stopped")
	}
	os.WriteFile(path+".compact", []byte("half a copy"), 0o600) // what a crash may leave

	db = open(t, dir)
	raw, _ := os.ReadFile(path)
	contents, receipts, grouped := scan(raw, b)
	if contents[1] != 400 || receipts[1] != 400 || len(grouped) > 0 {
		t.Fatalf("after the next start: ballots by copies %v, receipts %v, %d grouped", contents, receipts, len(grouped))
	}
	if box, err := db.Box("p"); err != nil || len(box) != 400 {
		t.Fatalf("%d ballots, %v", len(box), err)
	}
	if _, err := os.Stat(path + ".compact"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the half copy is still there: %v", err)
	}
}

// Where the file cannot be renamed over while it is open (Windows), the compaction closes both
// files, renames and opens the data file again; the server goes on with it.
func TestCompactionWhereAnOpenFileCannotBeReplaced(t *testing.T) {
	dir := t.TempDir()
	db := open(t, dir)
	b := newBurst("p", 300)
	if err := db.Commit(daihoi.NewChange("", time.Now()), daihoi.BoxOp{Poll: "p", Open: true, Eligible: b.voters}); err != nil {
		t.Fatal(err)
	}
	b.cast(t, db, "p")
	restore := store.FailCompactions("rename", errors.New("the file is in use"))
	err := db.Commit(daihoi.NewChange("", time.Now()), daihoi.BoxOp{Poll: "p"})
	restore()
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(filepath.Join(dir, store.FileName))
	if contents, receipts, grouped := scan(raw, b); contents[1] != 300 || receipts[1] != 300 || len(grouped) > 0 {
		t.Fatalf("ballots by copies %v, receipts %v, %d grouped", contents, receipts, len(grouped))
	}
	c := daihoi.NewChange("", time.Now())
	c.Put(daihoi.KCongress, "congress", daihoi.Congress{ID: "c1", Title: "Sau khi nén"})
	if err := db.Commit(c); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = open(t, dir)
	st, _, err := db.Load()
	if box, berr := db.Box("p"); err != nil || berr != nil || len(box) != 300 || st.Congress.Title != "Sau khi nén" {
		t.Fatalf("after a restart: %d ballots, congress %q, %v %v", len(box), st.Congress.Title, err, berr)
	}
}
