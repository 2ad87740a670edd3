package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
	"github.com/daihoi/daihoi/internal/testserver"
	"github.com/daihoi/daihoi/server"
	"github.com/daihoi/daihoi/store"
)

// election creates and opens a secret tablet election among the first five seat holders for
// three seats, after n seat holders have checked in and signed in on their tablets.
func (h *hall) election(n int) (daihoi.Poll, []daihoi.Delegate, []*client.Client) {
	h.T.Helper()
	ctx := context.Background()
	voters := h.SeatHolders()[:n]
	h.CheckIn(h.SeatHolders()) // a quorum; only the voters sign in on tablets
	tablets := make([]*client.Client, n)
	for i, d := range voters {
		tablets[i] = h.Tablet(d)
	}
	pres := h.Login("dct1")
	req := daihoi.PollRequest{Kind: daihoi.Election, Title: "Bầu thử Ban Chấp hành", Seats: 3, Tablet: true}
	for _, d := range h.SeatHolders()[n : n+5] {
		req.Candidates = append(req.Candidates, daihoi.CandidateRequest{ID: d.ID, Name: d.Name})
	}
	p := testserver.Must(pres.CreatePoll(ctx, req))
	if _, err := pres.PollAction(ctx, p.ID, "open"); err != nil {
		h.T.Fatalf("open: %v", err)
	}
	return p, voters, tablets
}

// ballotFor gives voter i a ballot that differs between voters.
func ballotFor(p daihoi.Poll, i int) daihoi.BallotRequest {
	kept := []string{p.Candidates[i%5].ID}
	if i%2 == 0 {
		kept = append(kept, p.Candidates[(i+2)%5].ID)
	}
	return daihoi.BallotRequest{BallotID: client.NewBallotID(), Kept: kept}
}

// walk calls fn for every key and value in the bbolt file, with the path of buckets.
func walk(t *testing.T, path string, fn func(buckets []string, k, v []byte)) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var rec func(names []string, b *bolt.Bucket) error
	rec = func(names []string, b *bolt.Bucket) error {
		return b.ForEach(func(k, v []byte) error {
			if v == nil {
				return rec(append(append([]string(nil), names...), string(k)), b.Bucket(k))
			}
			fn(names, bytes.Clone(k), bytes.Clone(v))
			return nil
		})
	}
	err = db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error { return rec([]string{string(name)}, b) })
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestSecretBallotLeavesNoLinkInTheFile(t *testing.T) {
	dir := t.TempDir()
	var logBuf server.SyncBuffer
	h := openHallLogged(t, dir, &logBuf)
	ctx := context.Background()
	p, voters, tablets := h.election(30)

	receipts := make([]string, len(tablets)) // in casting order
	for i, tab := range tablets {
		// Half the ballots come as HTTP requests, half on the tablets' websockets.
		var r daihoi.Receipt
		var err error
		if i%2 == 0 {
			r, err = tab.Cast(ctx, p.ID, ballotFor(p, i))
		} else {
			s := testserver.Must(tab.Connect(ctx, 0))
			r, err = s.Cast(p.ID, ballotFor(p, i))
			s.Close()
		}
		if err != nil {
			t.Fatalf("cast %d: %v", i, err)
		}
		receipts[i] = r.Receipt
	}
	pres := h.Login("dct1")
	if _, err := pres.PollAction(ctx, p.ID, "close"); err != nil {
		t.Fatal(err)
	}
	h.Stop()

	// Everything that names a voter: delegate ids, card codes, session-token hashes.
	names := map[string]string{}
	for _, d := range voters {
		names[d.ID] = "delegate " + d.Name
		names[h.Codes[d.ID]] = "card of " + d.Name
	}
	walk(t, filepath.Join(dir, store.FileName), func(buckets []string, k, v []byte) {
		if buckets[0] == "sessions" {
			names[string(k)] = "session"
		}
	})

	var boxKeys []string
	var boxOrder []string
	walk(t, filepath.Join(dir, store.FileName), func(buckets []string, k, v []byte) {
		where := strings.Join(buckets, "/") + " " + fmt.Sprintf("%x", k)
		isBox := len(buckets) == 3 && buckets[0] == "boxes" && buckets[2] == "box"
		isRoll := len(buckets) == 3 && buckets[0] == "boxes" && buckets[2] == "roll"
		isReceipts := len(buckets) == 3 && buckets[0] == "boxes" && buckets[2] == "receipts"
		hasContent := bytes.Contains(v, []byte(`"kept"`)) || bytes.Contains(v, []byte(`"choice"`)) || bytes.Contains(v, []byte(`"marks"`))
		hasReceipt := false
		for _, r := range receipts {
			if bytes.Contains(k, []byte(r)) || bytes.Contains(v, []byte(r)) {
				hasReceipt = true
			}
		}
		for n, what := range names {
			named := bytes.Contains(k, []byte(n)) || bytes.Contains(v, []byte(n))
			if named && (hasContent || hasReceipt) {
				t.Errorf("%s: %s stands next to a ballot's content or receipt", where, what)
			}
			if named && isBox {
				t.Errorf("%s: the ballot box names %s", where, what)
			}
		}
		switch {
		case isBox:
			if len(k) != 16 {
				t.Errorf("ballot box key %x is not 16 random bytes", k)
			}
			var fields map[string]json.RawMessage
			if err := json.Unmarshal(v, &fields); err != nil {
				t.Fatalf("box value: %v", err)
			}
			for f := range fields {
				if f != "id" && f != "kept" && f != "marks" && f != "choice" && f != "flags" {
					t.Errorf("the ballot box keeps the field %q beside a ballot (no time, no voter)", f)
				}
			}
			if hasReceipt {
				t.Errorf("%s: a receipt stands next to a ballot's content", where)
			}
			boxKeys = append(boxKeys, fmt.Sprintf("%x", k))
		case isReceipts:
			if len(k) != 16 || hasContent {
				t.Errorf("%s: the receipts list keeps more than receipts under random keys: %q", where, v)
			}
			boxOrder = append(boxOrder, string(v))
		case isRoll:
			if hasContent || hasReceipt || (len(v) != 0 && len(v) != 32) {
				t.Errorf("%s: the poll's roll keeps more than an opaque tag: %q", where, v)
			}
		case hasReceipt && !isReceipts:
			t.Errorf("%s: a receipt outside the list of receipts", where)
		case hasContent && buckets[0] != "polls":
			t.Errorf("%s: a ballot's content outside the ballot box: %s", where, v)
		}
	})
	if len(boxKeys) != len(receipts) || len(boxOrder) != len(receipts) {
		t.Fatalf("the box holds %d ballots and %d receipts, %d were cast", len(boxKeys), len(boxOrder), len(receipts))
	}
	if strings.Join(boxOrder, ",") == strings.Join(receipts, ",") {
		t.Fatal("the receipts stand in the casting order")
	}
	// The server's log names no voter and no receipt.
	for n, what := range names {
		if strings.Contains(logBuf.String(), n) {
			t.Errorf("the server log names %s", what)
		}
	}
	for _, r := range receipts {
		if strings.Contains(logBuf.String(), r) {
			t.Errorf("the server log holds the receipt %s", r)
		}
	}
}

func TestNoPartialResultsWhileOpen(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	p, _, tablets := h.election(12)
	screens := map[string]*client.Client{"presidium": h.Login("dct1"), "teller": h.Login("kiemphieu1"),
		"hall": h.Login("hoitruong"), "organiser": h.Login("bantochuc"), "observer": h.Login("quansat"), "delegate": tablets[0]}
	streams := map[string]*client.Stream{}
	for name, c := range screens {
		s := testserver.Must(c.Connect(ctx, 0))
		defer s.Close()
		streams[name] = s
	}
	for i, tab := range tablets[:8] {
		testserver.Must(tab.Cast(ctx, p.ID, ballotFor(p, i)))
	}
	// Every message every screen receives while the poll is open carries no votes; each screen
	// reads until the turnout's tick has told it of the 8 ballots.
	partial := func(name string, raw []byte) {
		if bytes.Contains(raw, []byte(`"votes"`)) || bytes.Contains(raw, []byte(`"result"`)) || bytes.Contains(raw, []byte(`"kept"`)) {
			t.Errorf("%s received a partial result: %s", name, raw)
		}
	}
	for name, s := range streams {
		s.SetReadDeadline(time.Now().Add(10 * time.Second))
		turnout := false
		for !turnout {
			raw, err := s.NextRaw()
			if err != nil {
				t.Fatalf("%s did not receive the turnout 8: %v", name, err)
			}
			partial(name, raw)
			turnout = bytes.Contains(raw, []byte(`"turnout"`)) && bytes.Contains(raw, []byte(`"cast":8`))
		}
	}
	for name, c := range screens {
		snap := testserver.Must(c.State(ctx))
		for _, v := range snap.Polls {
			if v.ID == p.ID && (v.Result != nil || v.Digest != "") {
				t.Errorf("%s sees a result of the open poll", name)
			}
		}
		if name != "delegate" && name != "hall" && name != "observer" {
			err := c.Get(ctx, "/api/polls/"+p.ID+"/record", nil)
			if s := client.Status(err); s != http.StatusConflict && s != http.StatusForbidden {
				t.Errorf("%s downloads the record of an open poll: %v", name, err)
			}
		}
		err := c.Get(ctx, "/api/polls/"+p.ID+"/receipts", nil)
		if client.Status(err) != http.StatusConflict {
			t.Errorf("%s reads receipts of an open poll: %v", name, err)
		}
	}
	// And so does what came after: the poll is still open.
	for name, s := range streams {
		s.SetReadDeadline(time.Now().Add(5 * testTick))
		for {
			raw, err := s.NextRaw()
			if err != nil {
				break
			}
			partial(name, raw)
		}
	}
}

func TestBallotCountedExactlyOnce(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	p, voters, tablets := h.election(6)

	// A tablet retries the same ballot concurrently (a flaky network): one ballot, one receipt.
	b := ballotFor(p, 0)
	var wg sync.WaitGroup
	got := make([]daihoi.Receipt, 10)
	errs := make([]error, 10)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], errs[i] = tablets[0].Cast(ctx, p.ID, b)
		}()
	}
	wg.Wait()
	for i := range got {
		if errs[i] != nil {
			t.Fatalf("retry %d: %v", i, errs[i])
		}
		if got[i].Receipt != got[0].Receipt {
			t.Fatalf("retries got receipts %s and %s", got[0].Receipt, got[i].Receipt)
		}
	}
	// Later, the same ballot again (the tablet never saw the answer): the same receipt, marked.
	again := testserver.Must(tablets[0].Cast(ctx, p.ID, b))
	if again.Receipt != got[0].Receipt || !again.Duplicate {
		t.Fatalf("a retry after success: %+v", again)
	}
	// Another ballot from the same delegate is refused: a cast ballot cannot be changed.
	_, err := tablets[0].Cast(ctx, p.ID, ballotFor(p, 3))
	testserver.WantStatus(t, "second ballot", err, http.StatusConflict)
	// A second tablet signed in with the same card cannot vote again.
	_, err = h.Tablet(voters[0]).Cast(ctx, p.ID, ballotFor(p, 4))
	testserver.WantStatus(t, "second tablet", err, http.StatusConflict)
	// The second tablet learns that this delegate has voted.
	if snap := testserver.Must(h.Tablet(voters[0]).State(ctx)); !snap.Voted[p.ID] {
		t.Fatal("the second tablet is not told the delegate has voted")
	}
	// Someone not issued a ballot (not checked in) cannot vote.
	outsider := h.SeatHolders()[100]
	h.notArrived(outsider)
	_, err = h.Tablet(outsider).Cast(ctx, p.ID, ballotFor(p, 1))
	testserver.WantStatus(t, "not issued", err, http.StatusForbidden)
	// A ballot keeping more names than seats is prevented with a clear message.
	over := daihoi.BallotRequest{BallotID: client.NewBallotID()}
	for _, c := range p.Candidates[:4] {
		over.Kept = append(over.Kept, c.ID)
	}
	_, err = tablets[1].Cast(ctx, p.ID, over)
	testserver.WantStatus(t, "over seats", err, http.StatusBadRequest)
	if !strings.Contains(err.Error(), "gạch bớt") {
		t.Fatalf("over-seats message: %v", err)
	}
	// Concurrent ballots of the others: all land.
	for i, tab := range tablets[1:] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := tab.Cast(ctx, p.ID, ballotFor(p, i+1)); err != nil {
				t.Errorf("cast %d: %v", i+1, err)
			}
		}()
	}
	wg.Wait()
	pres := h.Login("dct1")
	closed := testserver.Must(pres.PollAction(ctx, p.ID, "close"))
	if closed.State != daihoi.Closed {
		t.Fatalf("state %s after close", closed.State)
	}
	// After close, nobody can vote, not even with the old ballot id.
	_, err = tablets[0].Cast(ctx, p.ID, b)
	testserver.WantStatus(t, "after close", err, http.StatusConflict)
	teller := testserver.Must(h.Login("kiemphieu1").State(ctx))
	for _, v := range teller.Polls {
		if v.ID == p.ID {
			if v.Collected != 6 || v.Result == nil || v.Result.Ballots.Total != 6 || v.Issued != 6 {
				t.Fatalf("issued %d, collected %d, result %+v: want 6 ballots, one per voter", v.Issued, v.Collected, v.Result)
			}
		}
	}
}

func TestNamedMotionShowsChoicesOnlyAfterClose(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	voters := h.SeatHolders()[:4]
	h.CheckIn(h.SeatHolders())
	var tablets []*client.Client
	for _, d := range voters {
		tablets = append(tablets, h.Tablet(d))
	}
	pres := h.Login("dct1")
	p := testserver.Must(pres.CreatePoll(ctx, daihoi.PollRequest{Kind: daihoi.Motion, Title: "Thông qua quy chế làm việc", Mode: daihoi.Named, Tablet: true}))
	testserver.Must(pres.PollAction(ctx, p.ID, "open"))
	choices := []daihoi.Choice{daihoi.For, daihoi.For, daihoi.Against, daihoi.For}
	for i, tab := range tablets {
		testserver.Must(tab.Cast(ctx, p.ID, daihoi.BallotRequest{BallotID: client.NewBallotID(), Choice: choices[i]}))
	}
	err := pres.Get(ctx, "/api/polls/"+p.ID+"/named", nil)
	testserver.WantStatus(t, "named list while open", err, http.StatusConflict)
	testserver.Must(pres.PollAction(ctx, p.ID, "close"))
	var named []daihoi.NamedChoice
	if err := pres.Get(ctx, "/api/polls/"+p.ID+"/named", &named); err != nil {
		t.Fatal(err)
	}
	if len(named) != 4 {
		t.Fatalf("named list has %d rows", len(named))
	}
	for _, n := range named {
		for i, d := range voters {
			if d.ID == n.Delegate && n.Choice != choices[i] {
				t.Errorf("%s chose %s, list says %s", d.Name, choices[i], n.Choice)
			}
		}
	}
	// A secret poll never gives such a list, not even after close.
	q, _, qTablets := h.election(8)
	testserver.Must(qTablets[0].Cast(ctx, q.ID, ballotFor(q, 0)))
	testserver.Must(pres.PollAction(ctx, q.ID, "close"))
	err = pres.Get(ctx, "/api/polls/"+q.ID+"/named", nil)
	testserver.WantStatus(t, "named list of a secret poll", err, http.StatusForbidden)
}

func TestReceiptsArePublishedWithoutContents(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	p, _, tablets := h.election(7)
	var mine []string
	for i, tab := range tablets {
		mine = append(mine, testserver.Must(tab.Cast(ctx, p.ID, ballotFor(p, i))).Receipt)
	}
	pres := h.Login("dct1")
	testserver.Must(pres.PollAction(ctx, p.ID, "close"))
	_, err := pres.PollAction(ctx, p.ID, "publish")
	testserver.WantStatus(t, "publish before the tellers confirm", err, http.StatusConflict)
	confirmAll(t, h, p.ID)
	testserver.Must(pres.PollAction(ctx, p.ID, "publish"))
	var out struct {
		Receipts []string `json:"receipts"`
	}
	var raw []byte
	if err := tablets[0].Do(ctx, "GET", "/api/polls/"+p.ID+"/receipts", nil, &raw); err != nil {
		t.Fatal(err)
	}
	json.Unmarshal(raw, &out)
	if bytes.Contains(raw, []byte("kept")) {
		t.Fatal("the receipts list shows contents")
	}
	have := map[string]bool{}
	for _, r := range out.Receipts {
		have[r] = true
	}
	for _, r := range mine {
		if !have[r] {
			t.Errorf("receipt %s is not in the published list", r)
		}
	}
}

// confirmAll has every teller confirm, the head (kiemphieu1) last.
func confirmAll(t *testing.T, h *hall, poll string) {
	t.Helper()
	ctx := context.Background()
	_, err := h.Login("kiemphieu1").PollAction(ctx, poll, "confirm")
	testserver.WantStatus(t, "the head confirming first", err, http.StatusConflict)
	for _, n := range []string{"kiemphieu2", "kiemphieu3", "kiemphieu4", "kiemphieu5", "kiemphieu1"} {
		if _, err := h.Login(n).PollAction(ctx, poll, "confirm"); err != nil {
			t.Fatalf("%s confirms: %v", n, err)
		}
	}
}

func openHallLogged(t *testing.T, dir string, w *server.SyncBuffer) *hall {
	t.Helper()
	logger = slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
	defer func() { logger = nil }()
	return openHall(t, dir, true)
}

func TestTabletLearnsItsBallotAndAnotherTabletsVote(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	p, voters, tablets := h.election(3)
	var me struct{ Eligible, Voted bool }
	if err := tablets[0].Get(ctx, "/api/polls/"+p.ID+"/me", &me); err != nil || !me.Eligible || me.Voted {
		t.Fatalf("an issued tablet before voting: %+v %v", me, err)
	}
	h.notArrived(h.SeatHolders()[50])
	late := h.Tablet(h.SeatHolders()[50]) // signed in after the poll opened, never checked in
	if err := late.Get(ctx, "/api/polls/"+p.ID+"/me", &me); err != nil || me.Eligible {
		t.Fatalf("a tablet with no ballot: %+v %v", me, err)
	}
	// A second tablet of the first voter listens; the first tablet votes.
	second := h.Tablet(voters[0])
	s := testserver.Must(second.Connect(ctx, 0))
	defer s.Close()
	if m := testserver.Must(s.Next()); m.Type != "snapshot" {
		t.Fatal(m.Type)
	}
	testserver.Must(tablets[0].Cast(ctx, p.ID, ballotFor(p, 0)))
	s.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		m, err := s.Next()
		if err != nil {
			t.Fatalf("the second tablet was not told: %v", err)
		}
		if m.Type == "voted" {
			if !bytes.Contains(m.Data, []byte(p.ID)) || m.Seq != 0 {
				t.Fatalf("voted message %s (seq %d)", m.Data, m.Seq)
			}
			break
		}
	}
	if snap := testserver.Must(second.State(ctx)); !snap.Voted[p.ID] || !snap.Eligible[p.ID] {
		t.Fatalf("snapshot voted %v eligible %v", snap.Voted, snap.Eligible)
	}
}

func TestNoBackupWhileASecretPollIsOpen(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	org := h.Login("bantochuc")
	var before []byte
	if err := org.Do(ctx, "GET", "/api/backup", nil, &before); err != nil || len(before) < 4096 {
		t.Fatalf("backup before the poll: %d bytes, %v", len(before), err)
	}
	p, _, tablets := h.election(3)
	testserver.Must(tablets[0].Cast(ctx, p.ID, ballotFor(p, 0)))
	err := org.Do(ctx, "GET", "/api/backup", nil, nil)
	testserver.WantStatus(t, "backup while the poll is open", err, http.StatusConflict)
	testserver.Must(h.Login("dct1").PollAction(ctx, p.ID, "close"))
	var after []byte
	if err := org.Do(ctx, "GET", "/api/backup", nil, &after); err != nil || len(after) < 4096 {
		t.Fatalf("backup after close: %d bytes, %v", len(after), err)
	}
	// Before the tellers confirm, the presidium may not download the ballots.
	err = h.Login("dct1").Get(ctx, "/api/polls/"+p.ID+"/record", nil)
	testserver.WantStatus(t, "record before confirmation", err, http.StatusForbidden)
	if err := h.Login("kiemphieu1").Get(ctx, "/api/polls/"+p.ID+"/record", nil); err != nil {
		t.Fatalf("the tellers' record: %v", err)
	}
}

// A tablet sends its ballot on the websocket it already holds. The answer is the same as over
// HTTP: a receipt once the ballot is on disk, the same receipt for a retry by either way, and a
// refusal with its status and its Vietnamese and English message that changes nothing.
func TestBallotOnTheSocket(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	p, voters, tablets := h.election(3)
	second := testserver.Must(h.Tablet(voters[0]).Connect(ctx, 0)) // the voter's other tablet
	defer second.Close()
	s := testserver.Must(tablets[0].Connect(ctx, 0))
	defer s.Close()

	b := ballotFor(p, 0)
	r, err := s.Cast(p.ID, b)
	if err != nil || r.Receipt == "" || r.Duplicate || r.Cast != 1 {
		t.Fatalf("cast on the socket: %+v %v", r, err)
	}
	again := testserver.Must(tablets[0].Cast(ctx, p.ID, b)) // the answer was lost; the tablet retries over HTTP
	if again.Receipt != r.Receipt || !again.Duplicate {
		t.Fatalf("retry over HTTP: %+v, first receipt %s", again, r.Receipt)
	}
	second.SetReadDeadline(time.Now().Add(5 * time.Second))
	for m := testserver.Must(second.Next()); m.Type != "voted"; m = testserver.Must(second.Next()) {
	}

	other := ballotFor(p, 1)
	_, err = s.Cast(p.ID, other)
	testserver.WantStatus(t, "a second ballot on the socket", err, http.StatusConflict)
	testserver.WantBothSay(t, err, "đã được ghi nhận", "recorded")
	_, err = s.Cast(p.ID, daihoi.BallotRequest{BallotID: "not-a-uuid", Kept: b.Kept})
	testserver.WantStatus(t, "a ballot id that is no UUID", err, http.StatusBadRequest)

	// What the socket does not take.
	for _, bad := range []string{`{"type":"cast"`, `{"type":"speak","ref":"x"}`, `{"type":"cast","ref":"x","poll":"` + p.ID + `","ballot":{"kept":"c01"}}`} {
		if err := s.Send([]byte(bad)); err != nil {
			t.Fatal(err)
		}
		m := testserver.Must(s.Next())
		for m.Type != "error" {
			m = testserver.Must(s.Next())
		}
		if m.Status != http.StatusBadRequest || m.Error == nil || m.Error.Message == "" || m.Error.MessageEn == "" {
			t.Fatalf("%s: answered %+v", bad, m)
		}
	}
	pres := testserver.Must(h.Login("dct1").Connect(ctx, 0))
	defer pres.Close()
	_, err = pres.Cast(p.ID, ballotFor(p, 2))
	testserver.WantStatus(t, "the presidium's screen casting", err, http.StatusForbidden)
	// A screen that is no tablet reads through a small buffer; a long message is still read whole
	// and answered.
	long := ballotFor(p, 2)
	long.BallotID = strings.Repeat("x", 20000)
	_, err = pres.Cast(p.ID, long)
	testserver.WantStatus(t, "the presidium's screen casting 20 kB", err, http.StatusForbidden)

	// A tablet signed out keeps its socket for a moment, but the socket takes no ballot: it is
	// refused with 401, or, when the hub's check of ended sessions came first, the socket is closed
	// (the count below shows it took nothing either way).
	s2 := testserver.Must(tablets[1].Connect(ctx, 0))
	defer s2.Close()
	if err := tablets[1].Post(ctx, "/api/logout", nil, nil); err != nil {
		t.Fatal(err)
	}
	_, err = s2.Cast(p.ID, ballotFor(p, 1))
	if client.Status(err) == 0 && err != nil {
		t.Logf("a signed-out tablet: its socket was closed before the ballot (%v)", err)
	} else {
		testserver.WantStatus(t, "a signed-out tablet", err, http.StatusUnauthorized)
	}

	var v daihoi.PollView
	for _, pv := range testserver.Must(h.Login("dct1").State(ctx)).Polls {
		if pv.ID == p.ID {
			v = pv
		}
	}
	if v.Cast != 1 {
		t.Fatalf("after one ballot and the refusals the poll counts %d", v.Cast)
	}
}

// The congress is valid only with its quorum present: a poll does not open one delegate short of
// it, is left as it was, and opens once the next delegate has checked in.
func TestNoVoteWithoutQuorum(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	pres := h.Login("dct1")
	var att daihoi.Attendance
	if err := pres.Get(ctx, "/api/attendance", &att); err != nil {
		t.Fatal(err)
	}
	holders := h.SeatHolders()
	h.CheckIn(holders[:att.QuorumNeeded-1])
	p := testserver.Must(pres.CreatePoll(ctx, daihoi.PollRequest{Kind: daihoi.Motion, Title: "Thông qua chương trình đại hội", Mode: daihoi.Hands}))

	_, err := pres.PollAction(ctx, p.ID, "open")
	if client.Status(err) != http.StatusConflict || !strings.Contains(err.Error(), "Chưa đủ túc số") || !strings.Contains(err.Error(), "No quorum") {
		t.Fatalf("open one short of the quorum: %v, want 409 saying there is no quorum (both languages)", err)
	}
	snap := testserver.Must(pres.State(ctx))
	for _, q := range snap.Polls {
		if q.ID == p.ID && q.State != daihoi.Draft {
			t.Fatalf("the refused poll is %s, want it still a draft", q.State)
		}
	}

	h.CheckIn(holders[att.QuorumNeeded-1 : att.QuorumNeeded])
	if v, err := pres.PollAction(ctx, p.ID, "open"); err != nil || v.State != daihoi.Open || v.Present != att.QuorumNeeded {
		t.Fatalf("open with the quorum present: %+v, %v", v, err)
	}
}

// Ballots cast on many sockets at once are answered from the store's writer without a goroutine
// waiting per ballot: every ballot gets its own receipt and its own place in the count, once. A
// tablet that sends its ballot twice and then a bad one without waiting (the first answer not yet
// back) gets its answers in the order it asked: the receipt, the same receipt as a duplicate, the
// refusal.
func TestBallotsOnManySocketsAtOnce(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	const n = 40
	p, _, tablets := h.election(n)
	streams := make([]*client.Stream, n)
	for i, tab := range tablets {
		streams[i] = testserver.Must(tab.Connect(ctx, 0))
		defer streams[i].Close()
		streams[i].SetReadDeadline(time.Now().Add(20 * time.Second))
	}

	// Tablet 0 sends three requests in a row, then reads the answers.
	b0 := ballotFor(p, 0)
	bad := daihoi.BallotRequest{BallotID: client.NewBallotID(), Kept: []string{"nobody"}}
	var first, second daihoi.Receipt
	pipelined := make(chan error, 1)
	go func() {
		refs := []string{client.NewBallotID(), client.NewBallotID(), client.NewBallotID()}
		for k, b := range []daihoi.BallotRequest{b0, b0, bad} {
			req, _ := json.Marshal(daihoi.SocketRequest{Type: "cast", Ref: refs[k], Poll: p.ID, Ballot: b})
			if err := streams[0].Send(req); err != nil {
				pipelined <- err
				return
			}
		}
		for got := 0; got < len(refs); {
			m, err := streams[0].Next()
			if err != nil {
				pipelined <- err
				return
			}
			if k := slices.Index(refs, m.Ref); k < 0 {
				continue
			} else if k != got {
				pipelined <- fmt.Errorf("the answer to request %d came before the answer to request %d", k, got)
				return
			}
			switch {
			case got == 2 && (m.Type != "error" || m.Status != http.StatusBadRequest):
				pipelined <- fmt.Errorf("the bad ballot is answered %+v", m)
				return
			case got < 2 && m.Type != "receipt":
				pipelined <- fmt.Errorf("answer %d: %+v", got, m)
				return
			case got < 2:
				rc := []*daihoi.Receipt{&first, &second}[got]
				if err := json.Unmarshal(m.Data, rc); err != nil {
					pipelined <- err
					return
				}
			}
			got++
		}
		pipelined <- nil
	}()

	receipts := make([]daihoi.Receipt, n)
	var wg sync.WaitGroup
	for i := 1; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rc, err := streams[i].Cast(p.ID, ballotFor(p, i))
			if err != nil {
				t.Errorf("tablet %d: %v", i, err)
			}
			receipts[i] = rc
		}()
	}
	wg.Wait()
	if err := <-pipelined; err != nil {
		t.Fatal(err)
	}
	if first.Duplicate || !second.Duplicate || first.Receipt != second.Receipt {
		t.Fatalf("the same ballot twice in a row: %+v then %+v", first, second)
	}
	receipts[0] = first

	codes, places := map[string]bool{}, map[int]bool{}
	for i, rc := range receipts {
		if rc.Poll != p.ID || rc.Receipt == "" || rc.Duplicate || codes[rc.Receipt] || places[rc.Cast] || rc.Cast < 1 || rc.Cast > n {
			t.Fatalf("tablet %d: receipt %+v (codes so far %v, places %v)", i, rc, codes, places)
		}
		codes[rc.Receipt], places[rc.Cast] = true, true
	}
	if got := testserver.Must(h.DB.BoxCount(p.ID)); got != n {
		t.Fatalf("the box holds %d ballots, want %d", got, n)
	}
}

// A tablet's reader waiting for its ballot's answer does not outlive the server: closing it ends
// every socket's reader, the ones with a ballot in flight and the ones waiting behind it.
func TestNoSocketReaderOutlivesTheServer(t *testing.T) {
	h := startHall(t)
	p, _, tablets := h.election(2)
	s := testserver.Must(tablets[0].Connect(context.Background(), 0))
	defer s.Close()
	for _, ref := range []string{"a", "b", "c"} {
		req, _ := json.Marshal(daihoi.SocketRequest{Type: "cast", Ref: ref, Poll: p.ID, Ballot: ballotFor(p, 0)})
		if err := s.Send(req); err != nil {
			t.Fatal(err)
		}
	}
	h.Stop()
	var left string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		buf := make([]byte, 1<<20)
		left = ""
		for _, g := range strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n") {
			if strings.Contains(g, "server.(*Server).socketRequest") {
				left = g
			}
		}
		if left == "" {
			return
		}
	}
	t.Fatalf("a socket's reader is still there after the server closed:\n%s", left)
}

// A poll closed before its turnout went out sends no turnout after it: the close carries the last
// count, and the hall is not sent a figure it has while the result is on its way.
func TestNoTurnoutAfterClose(t *testing.T) {
	// A tick long enough that the turnout of the ballots is still waiting when the poll closes.
	const long = 400 * time.Millisecond
	tick = long
	h := startHall(t)
	tick = testTick
	ctx := context.Background()
	p, _, tablets := h.election(5)
	hall := testserver.Must(h.Login("hoitruong").Connect(ctx, 0))
	defer hall.Close()
	for i, tab := range tablets {
		testserver.Must(tab.Cast(ctx, p.ID, ballotFor(p, i)))
	}
	testserver.Must(h.Login("dct1").PollAction(ctx, p.ID, "close"))
	closed := false
	hall.SetReadDeadline(time.Now().Add(2*long + 100*time.Millisecond)) // past the next tick, and the burst's wait
	for {
		m, err := hall.Next()
		if err != nil {
			break // the wait is over
		}
		switch {
		case m.Type == "event" && m.Event.Type == daihoi.EvPoll && bytes.Contains(m.Event.Data, []byte(`"state":"closed"`)):
			closed = true
			if !bytes.Contains(m.Event.Data, []byte(`"cast":5`)) {
				t.Errorf("the closed poll's event does not carry its count: %s", m.Event.Data)
			}
		case m.Type == "turnout" && closed:
			t.Fatalf("a turnout after the close: %s", m.Data)
		}
	}
	if !closed {
		t.Fatal("the hall did not hear of the close")
	}
}
