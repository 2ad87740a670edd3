package main

// End-to-end tests of the tellers (Ban kiểm phiếu) through the Go client against the real server:
// paper ballots keyed at three stations with mismatches at known positions, corrections and the
// entry log, confirmations cleared by a change, the minutes as PDF (read back with pdftotext), and
// the export → `daihoi tally` round trip for paper, tablet and mixed polls.

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
	"github.com/daihoi/daihoi/demo"
	"github.com/daihoi/daihoi/server"
	"github.com/daihoi/daihoi/store"
)

// paperNames are the names of a paper election, with Vietnamese diacritics the minutes must keep.
var paperNames = []string{"Nguyễn Thị Ánh", "Trần Đức Dũng", "Lê Văn Đức", "Phạm Thị Hằng", "Võ Minh Khôi", "Đặng Thị Ngọc", "Bùi Quang Tuấn"}

// bigHall starts daihoi on the demo congress grown by extra official delegates, with every official
// present: a hall large enough for 200 paper ballots.
func bigHall(t *testing.T, extra int) *testApp {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(db, server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := demo.New()
	roll := d.Roll
	for i := 0; i < extra; i++ {
		roll = append(roll, daihoi.Delegate{ID: fmt.Sprintf("them-%03d", i), Name: fmt.Sprintf("Đại biểu Bổ sung %03d", i+1),
			Unit: "Chi bộ Khu phố 9", Category: daihoi.Official, Number: len(roll) + 1})
	}
	for i := range roll {
		if roll[i].Category == daihoi.Official || roll[i].Category == daihoi.ExOfficio {
			roll[i].Presence = daihoi.Present
		}
	}
	d.Roll = roll
	if _, err := srv.Install(server.Install{CongressFile: d.File(), Cost: bcrypt.MinCost}); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	db.Close()
	return startApp(t, dir)
}

// paperElection creates and runs a paper (or mixed) election to its close: the presidium creates
// and opens it, the tablets cast their ballots, the presidium closes it.
func paperElection(t *testing.T, a *testApp, req daihoi.PollRequest, tablets []*client.Client, cast func(i int) daihoi.BallotRequest) daihoi.Poll {
	t.Helper()
	ctx := context.Background()
	pres := a.Login("dct1")
	p, err := pres.CreatePoll(ctx, req)
	if err != nil {
		t.Fatalf("create poll: %v", err)
	}
	if _, err := pres.PollAction(ctx, p.ID, "open"); err != nil {
		t.Fatalf("open: %v", err)
	}
	for i, tab := range tablets {
		if _, err := tab.Cast(ctx, p.ID, cast(i)); err != nil {
			t.Fatalf("cast %d: %v", i, err)
		}
	}
	v, err := pres.PollAction(ctx, p.ID, "close")
	if err != nil {
		t.Fatalf("close: %v", err)
	}
	return v.Poll
}

// tellerPoll returns the poll as a teller sees it.
func tellerPoll(t *testing.T, c *client.Client, id string) daihoi.PollView {
	t.Helper()
	snap, err := c.State(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range snap.Polls {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("no poll %s", id)
	return daihoi.PollView{}
}

func paperView(t *testing.T, c *client.Client, id string) daihoi.PaperView {
	t.Helper()
	var v daihoi.PaperView
	if err := c.Get(context.Background(), "/api/polls/"+id+"/paper", &v); err != nil {
		t.Fatalf("paper view: %v", err)
	}
	return v
}

func figures(t *testing.T, c *client.Client, id string, issued, collected int, note string) {
	t.Helper()
	if err := c.Post(context.Background(), "/api/polls/"+id+"/figures", daihoi.FiguresRequest{PaperIssued: &issued, PaperCollected: &collected, Note: &note}, nil); err != nil {
		t.Fatalf("figures: %v", err)
	}
}

// randomBallots draws n strike-out ballots over the poll's names, some invalid: over the seats,
// every name struck out, a teller flag.
func randomBallots(p daihoi.Poll, n int, seed uint64) []daihoi.Ballot {
	rng := rand.New(rand.NewPCG(seed, 7))
	order := daihoi.BallotOrder(p.Candidates)
	out := make([]daihoi.Ballot, n)
	for i := range out {
		b := daihoi.Ballot{Kept: []string{}}
		switch r := rng.IntN(100); {
		case r < 2: // every name struck out
		case r < 4:
			b.Kept = nil
			b.Flags = []daihoi.Flag{daihoi.Flags[rng.IntN(3)]}
			b.Kept = []string{order[0].ID}
		case r < 7: // one name too many
			for _, c := range order[:p.Seats+1] {
				b.Kept = append(b.Kept, c.ID)
			}
		default:
			// Names earlier on the ballot are kept more often, so that some are elected and some not.
			for j, c := range order {
				if rng.IntN(100) < 92-9*j && len(b.Kept) < p.Seats {
					b.Kept = append(b.Kept, c.ID)
				}
			}
		}
		out[i] = b
	}
	return out
}

func texts(p daihoi.Poll, ballots []daihoi.Ballot) []string {
	out := make([]string, len(ballots))
	for i, b := range ballots {
		out[i] = daihoi.KeyedText(p, b)
	}
	return out
}

// keyBatches splits the texts into batches of size and keys every batch at each station; wrong
// maps "station/batch/position" to the text that station keys instead of the truth.
func keyBatches(t *testing.T, id string, stations []*client.Client, head *client.Client, all []string, size int, wrong map[string]string) {
	t.Helper()
	ctx := context.Background()
	for start, n := 0, 1; start < len(all); start, n = start+size, n+1 {
		end := min(start+size, len(all))
		if err := head.Post(ctx, "/api/polls/"+id+"/paper/batches", daihoi.BatchRequest{Count: end - start}, nil); err != nil {
			t.Fatalf("add batch %d: %v", n, err)
		}
		for s, c := range stations {
			keyed := slices.Clone(all[start:end])
			for pos := range keyed {
				if w, ok := wrong[fmt.Sprintf("%d/%d/%d", s+1, n, pos+1)]; ok {
					keyed[pos] = w
				}
			}
			if err := c.Post(ctx, fmt.Sprintf("/api/polls/%s/paper/batches/%d/key", id, n), daihoi.KeyRequest{Position: 1, Texts: keyed}, nil); err != nil {
				t.Fatalf("station %d keys batch %d: %v", s+1, n, err)
			}
		}
	}
}

// recountJSON is `daihoi tally` on a record.
func recountJSON(t *testing.T, rec daihoi.Record) string {
	t.Helper()
	b, _ := json.Marshal(rec)
	out, err := TallyRecord(b)
	if err != nil {
		t.Fatalf("tally: %v", err)
	}
	return string(out)
}

func TestTellerKeyingThreeStations(t *testing.T) {
	a := bigHall(t, 80)
	ctx := context.Background()
	req := daihoi.PollRequest{Kind: daihoi.Election, Title: "Bầu Ban Chấp hành (phiếu giấy)", Paper: true, Stations: 3, Seats: 5}
	for _, n := range paperNames {
		req.Candidates = append(req.Candidates, daihoi.CandidateRequest{Name: n})
	}
	p := paperElection(t, a, req, nil, nil)
	if p.State != daihoi.Closed || p.Result != nil {
		t.Fatalf("a closed paper poll before the count: state %s, result %v", p.State, p.Result)
	}
	k1, k2, k3 := a.Login("kiemphieu1"), a.Login("kiemphieu2"), a.Login("kiemphieu3")
	truth := randomBallots(p, 200, 42)
	all := texts(p, truth)
	figures(t, k1, p.ID, 203, 200, "3 đại biểu ra về trước khi bỏ phiếu, không nộp phiếu.")

	// Mismatches at known places: station/batch/position → what that station keys wrongly: the
	// true ballot with one name more or less (the 7th for station 2, the 6th for station 3).
	order := daihoi.BallotOrder(p.Candidates)
	wrong := map[string]string{}
	at := func(station, batch, pos int) {
		b := truth[(batch-1)*50+pos-1]
		toggle := order[8-station].ID
		kept := slices.DeleteFunc(slices.Clone(b.Kept), func(id string) bool { return id == toggle })
		if len(kept) == len(b.Kept) {
			kept = append(kept, toggle)
		}
		b.Kept = kept
		wrong[fmt.Sprintf("%d/%d/%d", station, batch, pos)] = daihoi.KeyedText(p, b)
	}
	at(2, 1, 7)
	at(3, 2, 1)
	at(2, 3, 50)
	at(3, 3, 50)
	at(3, 4, 23)
	keyBatches(t, p.ID, []*client.Client{k1, k2, k3}, k1, all, 50, wrong)

	v := paperView(t, k2, p.ID)
	flagged := map[int][]int{}
	for _, b := range v.Batches {
		if !b.Complete || len(b.Stations) != 3 {
			t.Fatalf("batch %d: complete %v at %d stations", b.Number, b.Complete, len(b.Stations))
		}
		if len(b.Mismatches) > 0 {
			flagged[b.Number] = b.Mismatches
		}
	}
	want := map[int][]int{1: {7}, 2: {1}, 3: {50}, 4: {23}}
	if fmt.Sprint(flagged) != fmt.Sprint(want) {
		t.Fatalf("mismatches flagged at %v, want exactly %v", flagged, want)
	}
	if v.Final || v.Keyed != 200 || v.Agreed != 196 {
		t.Fatalf("before the corrections: final %v, keyed %d, agreed %d (want not final, 200, 196)", v.Final, v.Keyed, v.Agreed)
	}
	if !strings.Contains(v.Status, "phiếu nhập lệch") {
		t.Fatalf("status %q does not say why the count is not final", v.Status)
	}
	b3 := v.Batches[2].Compare[0]
	if b3.Position != 50 || b3.Entries[0] != all[149] || b3.Entries[1] != wrong["2/3/50"] || b3.Entries[2] != wrong["3/3/50"] {
		t.Fatalf("batch 3 side by side: %+v", b3)
	}
	if tp := tellerPoll(t, k1, p.ID); tp.Result != nil {
		t.Fatal("a result before the stations agree")
	}
	if _, err := k2.PollAction(ctx, p.ID, "confirm"); client.Status(err) != 409 {
		t.Fatalf("confirming a count that is not final: %v, want 409", err)
	}

	// The tellers take each paper ballot and correct the wrong entries.
	fix := func(c *client.Client, batch, pos int, station string) {
		t.Helper()
		err := c.Post(ctx, fmt.Sprintf("/api/polls/%s/paper/batches/%d/correct", p.ID, batch), daihoi.CorrectRequest{Position: pos, Station: station, Text: all[(batch-1)*50+pos-1]}, nil)
		if err != nil {
			t.Fatalf("correct batch %d ballot %d: %v", batch, pos, err)
		}
	}
	st := v.Batches[0].Stations
	ids := []string{st[0].Teller, st[1].Teller, st[2].Teller}
	fix(k1, 1, 7, "")
	fix(k3, 2, 1, ids[2])
	fix(k1, 3, 50, "")
	fix(k2, 4, 23, "")
	v = paperView(t, k1, p.ID)
	if !v.Final || v.Agreed != 200 {
		t.Fatalf("after the corrections: final %v, agreed %d, status %q", v.Final, v.Agreed, v.Status)
	}

	// The result is the rules engine's count of the true ballots, as `daihoi tally` recounts them.
	tp := tellerPoll(t, k1, p.ID)
	if tp.Result == nil || tp.Digest == "" {
		t.Fatal("no result and seal once the paper count is final")
	}
	trueRec := tp.Poll.Record(truth, nil)
	wantJSON := recountJSON(t, trueRec)
	raw, err := k1.Record(ctx, p.ID)
	if err != nil {
		t.Fatalf("record: %v", err)
	}
	got, err := TallyRecord(raw)
	if err != nil {
		t.Fatalf("tally the server's record: %v", err)
	}
	if string(got) != wantJSON {
		t.Fatalf("the server's record tallies to\n%s\nthe true ballots to\n%s", got, wantJSON)
	}
	if trueRec.Digest != tp.Digest {
		t.Fatalf("sealed digest %s, true ballots %s", tp.Digest, trueRec.Digest)
	}
	resJSON, _ := json.Marshal(tp.Result)
	var r1, r2 map[string]any
	json.Unmarshal(resJSON, &r1)
	json.Unmarshal([]byte(wantJSON), &r2)
	delete(r2, "digest")
	if fmt.Sprint(r1) != fmt.Sprint(r2) {
		t.Fatalf("the tellers' result %v differs from the recount %v", r1, r2)
	}
	t.Logf("200 paper ballots at 3 stations: elected %d, invalid %d %v, digest %s", len(tp.Result.Elected), tp.Result.Ballots.Invalid, tp.Result.Ballots.InvalidByReason, tp.Digest[:16])

	// The entry log holds every entry and every correction, with who, station, before and after.
	var log []server.LoggedEntry
	if err := k1.Get(ctx, "/api/polls/"+p.ID+"/entrylog", &log); err != nil {
		t.Fatal(err)
	}
	entries, corrections := 0, map[string]server.LoggedEntry{}
	for _, e := range log {
		switch e.Kind {
		case daihoi.EntryKeyed:
			entries++
		case daihoi.EntryCorrected:
			corrections[fmt.Sprintf("%d/%d/%d", slices.Index(ids, e.Station)+1, e.Batch, e.Position)] = e
		}
	}
	if entries != 600 {
		t.Fatalf("%d entries logged, want 600 (200 ballots at 3 stations)", entries)
	}
	if len(corrections) != len(wrong) {
		t.Fatalf("%d corrections logged, want %d: %v", len(corrections), len(wrong), corrections)
	}
	for key, w := range wrong {
		e, ok := corrections[key]
		var batch, pos int
		fmt.Sscanf(key[2:], "%d/%d", &batch, &pos)
		if !ok || e.Before != w || e.After != all[(batch-1)*50+pos-1] || e.WhoName == "" || e.StationName == "" || e.At.IsZero() {
			t.Fatalf("correction %s logged as %+v, want %q → %q", key, e, w, all[(batch-1)*50+pos-1])
		}
	}
	if corrections["3/2/1"].Who != ids[2] || corrections["3/4/23"].Who != ids[1] {
		t.Fatalf("the log names who corrected: %+v %+v", corrections["3/2/1"], corrections["3/4/23"])
	}

	// A fourth teller cannot key a batch of three stations; a bad entry changes nothing.
	k4 := a.Login("kiemphieu4")
	if err := k4.Post(ctx, "/api/polls/"+p.ID+"/paper/batches/1/key", daihoi.KeyRequest{Position: 1, Texts: []string{"1"}}, nil); client.Status(err) != 409 {
		t.Fatalf("a fourth station: %v, want 409", err)
	}
	if err := k1.Post(ctx, "/api/polls/"+p.ID+"/paper/batches/1/key", daihoi.KeyRequest{Position: 1, Texts: []string{"9"}}, nil); client.Status(err) != 400 {
		t.Fatalf("name 9 on a ballot of 7: %v, want 400", err)
	}
	if after := paperView(t, k1, p.ID); !after.Final {
		t.Fatal("a refused entry changed the count")
	}
	// Entry log printable.
	var page []byte
	if err := k1.Do(ctx, "GET", "/print/entrylog/"+p.ID, nil, &page); err != nil || !strings.Contains(string(page), "NHẬT KÝ NHẬP PHIẾU") || strings.Count(string(page), `class="correction"`) != len(wrong) {
		t.Fatalf("printable entry log: %v, %d corrections shown", err, strings.Count(string(page), `class="correction"`))
	}
}

// smallPaperPoll runs a paper election of the demo congress keyed at two stations to a final count.
func smallPaperPoll(t *testing.T, a *testApp, n int) (daihoi.Poll, []daihoi.Ballot) {
	t.Helper()
	a.CheckInAll()
	req := daihoi.PollRequest{Kind: daihoi.Election, Title: "Bầu Ban Kiểm tra Đảng ủy", Paper: true, Stations: 2, Seats: 5}
	for _, name := range paperNames {
		req.Candidates = append(req.Candidates, daihoi.CandidateRequest{Name: name})
	}
	p := paperElection(t, a, req, nil, nil)
	k1, k2 := a.Login("kiemphieu1"), a.Login("kiemphieu2")
	truth := randomBallots(p, n, 7)
	figures(t, k1, p.ID, n+2, n, "Hai đại biểu xin về sớm vì lý do sức khỏe, không nộp phiếu.")
	keyBatches(t, p.ID, []*client.Client{k1, k2}, k2, texts(p, truth), 25, nil)
	if tp := tellerPoll(t, k1, p.ID); tp.Result == nil {
		t.Fatalf("no result: %+v", paperView(t, k1, p.ID))
	}
	return p, truth
}

func TestTellerConfirmationsClearedByChange(t *testing.T) {
	a := startApp(t, "")
	ctx := context.Background()
	p, truth := smallPaperPoll(t, a, 40)
	tellers := []*client.Client{a.Login("kiemphieu1"), a.Login("kiemphieu2"), a.Login("kiemphieu3"), a.Login("kiemphieu4"), a.Login("kiemphieu5")}
	pres := a.Login("dct1")
	head := tellers[0]

	if _, err := head.PollAction(ctx, p.ID, "confirm"); client.Status(err) != 409 {
		t.Fatalf("the head confirming first: %v, want 409", err)
	}
	for _, c := range tellers[1:3] {
		if _, err := c.PollAction(ctx, p.ID, "confirm"); err != nil {
			t.Fatalf("confirm: %v", err)
		}
	}
	if _, err := pres.PollAction(ctx, p.ID, "publish"); client.Status(err) != 409 {
		t.Fatalf("publishing before every teller confirmed: %v, want 409", err)
	}
	if got := tellerPoll(t, head, p.ID).Confirmations; len(got) != 2 {
		t.Fatalf("confirmations %v, want 2", got)
	}

	// A teller rekeys a ballot (station 2, batch 1, ballot 3): the count changes, the confirmations go.
	pp := tellerPoll(t, head, p.ID).Poll
	other := daihoi.KeyedText(pp, truth[2])
	changed := "0"
	if other == "0" {
		changed = "1"
	}
	if err := tellers[1].Post(ctx, "/api/polls/"+p.ID+"/paper/batches/1/key", daihoi.KeyRequest{Position: 3, Texts: []string{changed}}, nil); err != nil {
		t.Fatal(err)
	}
	tp := tellerPoll(t, head, p.ID)
	if len(tp.Confirmations) != 0 || tp.Result != nil || tp.State != daihoi.Closed {
		t.Fatalf("after a change: confirmations %v, result %v, state %s; want none, none, closed", tp.Confirmations, tp.Result != nil, tp.State)
	}
	// The mismatch is resolved by the paper ballot.
	if err := head.Post(ctx, "/api/polls/"+p.ID+"/paper/batches/1/correct", daihoi.CorrectRequest{Position: 3, Text: other}, nil); err != nil {
		t.Fatal(err)
	}
	for _, c := range tellers[1:] {
		if _, err := c.PollAction(ctx, p.ID, "confirm"); err != nil {
			t.Fatalf("confirm: %v", err)
		}
	}
	if _, err := pres.PollAction(ctx, p.ID, "publish"); client.Status(err) != 409 {
		t.Fatalf("publishing before the head confirmed: %v, want 409", err)
	}
	if v, err := head.PollAction(ctx, p.ID, "confirm"); err != nil || v.State != daihoi.Counted {
		t.Fatalf("the head confirms last: %v, state %s", err, v.State)
	}

	// A change after the count is confirmed: back to closed, the confirmations cleared.
	note := "Ghi chú bổ sung."
	if err := head.Post(ctx, "/api/polls/"+p.ID+"/figures", daihoi.FiguresRequest{Note: &note}, nil); err != nil {
		t.Fatal(err)
	}
	if tp := tellerPoll(t, head, p.ID); tp.State != daihoi.Closed || len(tp.Confirmations) != 0 || tp.Result == nil {
		t.Fatalf("a change after confirmation: state %s, confirmations %v", tp.State, tp.Confirmations)
	}
	if _, err := pres.PollAction(ctx, p.ID, "publish"); client.Status(err) != 409 {
		t.Fatalf("publishing after the confirmations were cleared: %v, want 409", err)
	}
	for _, c := range append(tellers[1:], head) {
		if _, err := c.PollAction(ctx, p.ID, "confirm"); err != nil {
			t.Fatalf("confirm again: %v", err)
		}
	}
	if v, err := pres.PollAction(ctx, p.ID, "publish"); err != nil || v.State != daihoi.Published {
		t.Fatalf("publish: %v", err)
	}
	if err := head.Post(ctx, "/api/polls/"+p.ID+"/paper/batches/1/key", daihoi.KeyRequest{Position: 1, Texts: []string{"1"}}, nil); client.Status(err) != 409 {
		t.Fatalf("keying after publication: %v, want 409", err)
	}
}

func TestTellerMinutesPDF(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext is missing: CI installs poppler-utils")
		}
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	a := startApp(t, "")
	ctx := context.Background()
	p, _ := smallPaperPoll(t, a, 140)
	head := a.Login("kiemphieu1")
	for _, n := range []string{"kiemphieu2", "kiemphieu3", "kiemphieu4", "kiemphieu5", "kiemphieu1"} {
		if _, err := a.Login(n).PollAction(ctx, p.ID, "confirm"); err != nil {
			t.Fatal(err)
		}
	}
	tp := tellerPoll(t, head, p.ID)
	r := tp.Result
	var pdf []byte
	if err := head.Do(ctx, "GET", "/api/polls/"+p.ID+"/minutes.pdf", nil, &pdf); err != nil {
		t.Fatalf("minutes.pdf: %v", err)
	}
	if !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("not a PDF: %q", pdf[:min(20, len(pdf))])
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "minutes.pdf")
	os.WriteFile(file, pdf, 0o644)
	// Kept beside the screenshots, for a person to look at.
	shots := filepath.Join("testdata", "screenshots")
	if d := os.Getenv("DAIHOI_SCREENSHOTS"); d != "" {
		shots = d
	}
	os.MkdirAll(shots, 0o755)
	os.WriteFile(filepath.Join(shots, "teller-minutes.pdf"), pdf, 0o644)
	txt, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := string(txt)
	squash := regexp.MustCompile(`[ \t]+`)
	flat := squash.ReplaceAllString(text, " ")
	want := []string{"BIÊN BẢN KIỂM PHIẾU", "Bầu Ban Kiểm tra Đảng ủy", "Đại hội đại biểu Đảng bộ phường Bến Thành",
		fmt.Sprintf("Tổng số đại biểu được triệu tập: %d", tp.Base), fmt.Sprintf("Số đại biểu có mặt: %d", tp.Present),
		"Số phiếu phát ra: 142", "Số phiếu thu vào: 140", fmt.Sprintf("Số phiếu hợp lệ: %d", r.Ballots.Valid),
		fmt.Sprintf("Số phiếu không hợp lệ: %d", r.Ballots.Invalid), "Hai đại biểu xin về sớm vì lý do sức khỏe",
		"Phiếu bầu nhiều hơn số lượng cần bầu", tp.Digest, "4. Những đồng chí trúng cử", "TRƯỞNG BAN", "THÀNH VIÊN", "KẾT QUẢ KIỂM PHIẾU", "Ban Kiểm phiếu xin hết."}
	for _, tl := range paperView(t, head, p.ID).Tellers {
		want = append(want, tl.Name)
	}
	// The audit chain's head at the seal, as daihoi audit prints it.
	mark, sealed, err := a.Main.Store.Sealed(p.ID)
	if err != nil || !sealed {
		t.Fatalf("the poll's seal is not in the chain: %v", err)
	}
	want = append(want, "Đầu chuỗi nhật ký sự kiện khi niêm phong", mark.Head)
	for i, c := range tp.Order {
		// Each candidate's line in ballot order: number, name with diacritics, votes, percentage.
		want = append(want, fmt.Sprintf("%d %s %d %s%%", i+1, c.Name, r.Votes[c.ID], strings.Replace(r.PercentOfBase[c.ID], ".", ",", 1)))
	}
	for _, w := range want {
		if !strings.Contains(flat, w) {
			t.Errorf("the PDF's text lacks %q", w)
		}
	}
	if strings.Contains(flat, "BẢN DỰ THẢO") {
		t.Error("a confirmed count's minutes say draft")
	}
	// One label per figure (issue 20): the base the minutes print says how it is derived, in the
	// words the credential report uses for the same figure.
	var rep daihoi.CredentialReport
	if err := a.Login("dontiep").Get(ctx, "/api/credentials", &rep); err != nil {
		t.Fatal(err)
	}
	if tp.BaseVi == "" || tp.BaseVi != rep.Attendance.BaseVi || !strings.HasSuffix(tp.BaseVi, fmt.Sprintf(" = %d", tp.Base)) {
		t.Errorf("the poll's base is worded %q, the credential report's %q (base %d)", tp.BaseVi, rep.Attendance.BaseVi, tp.Base)
	}
	if words := strings.Join(strings.Fields(text), " "); !strings.Contains(words, "Cách tính tổng số đại biểu được triệu tập: "+tp.BaseVi+".") {
		t.Errorf("the PDF does not say how the base %d is derived (%q)", tp.Base, tp.BaseVi)
	}
	var creds []byte
	if err := a.Login("dontiep").Do(ctx, "GET", "/print/credentials", nil, &creds); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(creds), `<span id="cr-base-from">`+tp.BaseVi+`</span>`) {
		t.Errorf("the credential report does not word the base as the minutes do: %q", tp.BaseVi)
	}
	if t.Failed() {
		t.Logf("pdftotext:\n%s", text)
	}
	// The printable HTML says the same.
	var page []byte
	if err := head.Do(ctx, "GET", "/print/minutes/"+p.ID, nil, &page); err != nil {
		t.Fatal(err)
	}
	for _, c := range tp.Order {
		if !strings.Contains(string(page), c.Name) {
			t.Errorf("the printable minutes lack %q", c.Name)
		}
	}
	if !strings.Contains(string(page), "Biên bản lập xong hồi") || strings.Contains(string(page), "… giờ … phút") || !strings.Contains(string(page), "Phường Bến Thành, ngày") {
		t.Errorf("the printable minutes leave the time blank or lack the place and date")
	}
	// The announcement alone, for the head of the tellers to read: a document of its own.
	var ann []byte
	if err := head.Do(ctx, "GET", "/api/polls/"+p.ID+"/announcement.pdf", nil, &ann); err != nil || !strings.HasPrefix(string(ann), "%PDF-") {
		t.Fatalf("announcement.pdf: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "announcement.pdf"), ann, 0o644)
	os.WriteFile(filepath.Join(shots, "teller-announcement.pdf"), ann, 0o644)
	if txt, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", filepath.Join(dir, "announcement.pdf"), "-").Output(); err != nil ||
		!strings.Contains(string(txt), "KẾT QUẢ KIỂM PHIẾU") || !strings.Contains(string(txt), "Kết quả kiểm phiếu — trang 1/") || strings.Contains(string(txt), "BIÊN BẢN KIỂM PHIẾU") {
		t.Errorf("the announcement's PDF: %v\n%s", err, txt)
	}
	if !strings.Contains(string(page), "("+tp.BaseVi+")") {
		t.Errorf("the printable minutes do not say how the base is derived: %q", tp.BaseVi)
	}
	// The presidium prints them too once confirmed; a delegate never.
	if err := a.Login("dct1").Do(ctx, "GET", "/api/polls/"+p.ID+"/minutes.pdf", nil, nil); err != nil {
		t.Errorf("the presidium's PDF: %v", err)
	}
	if err := a.Tablet(a.Officials(1)[0]).Do(ctx, "GET", "/print/minutes/"+p.ID, nil, nil); client.Status(err) != 403 {
		t.Errorf("a delegate's minutes: %v, want 403", err)
	}

	// A motion by show of hands has its minutes too: the counts, no ballots. This one the congress
	// asked the tellers to count: they confirm it.
	pres := a.Login("dct1")
	m, err := pres.CreatePoll(ctx, daihoi.PollRequest{Kind: daihoi.Motion, Title: "Thông qua Quy chế bầu cử", Mode: daihoi.Hands, TellersCountHands: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pres.PollAction(ctx, m.ID, "open"); err != nil {
		t.Fatal(err)
	}
	if err := head.Post(ctx, "/api/polls/"+m.ID+"/counts", daihoi.Counts{For: 140, Against: 10}, nil); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"kiemphieu2", "kiemphieu3", "kiemphieu4", "kiemphieu5", "kiemphieu1"} {
		if _, err := a.Login(n).PollAction(ctx, m.ID, "confirm"); err != nil {
			t.Fatal(err)
		}
	}
	if err := head.Do(ctx, "GET", "/print/minutes/"+m.ID, nil, &page); err != nil || !strings.Contains(string(page), "Đại hội đã thông qua") || !strings.Contains(string(page), "93,33%") {
		t.Errorf("minutes of a show of hands: %v\n%s", err, page)
	}
	if err := head.Do(ctx, "GET", "/api/polls/"+m.ID+"/minutes.pdf", nil, &pdf); err != nil || !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Errorf("PDF minutes of a show of hands: %v", err)
	}

	// A show of hands the presidium counts: its counts are the result, the tellers do not confirm
	// it, and the presidium publishes it; the minutes print what it counted.
	own, err := pres.CreatePoll(ctx, daihoi.PollRequest{Kind: daihoi.Motion, Title: "Thông qua Quy chế làm việc", Mode: daihoi.Hands})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pres.PollAction(ctx, own.ID, "open"); err != nil {
		t.Fatal(err)
	}
	if err := head.Post(ctx, "/api/polls/"+own.ID+"/counts", daihoi.Counts{For: 150}, nil); client.Status(err) != 403 {
		t.Errorf("a teller enters the counts of a show of hands the presidium counts: %v, want 403", err)
	}
	if err := pres.Post(ctx, "/api/polls/"+own.ID+"/counts", daihoi.Counts{For: 140, Against: 10}, nil); err != nil {
		t.Fatal(err)
	}
	_, err = head.PollAction(ctx, own.ID, "confirm")
	if client.Status(err) != 409 || !strings.Contains(err.Error(), "Đoàn Chủ tịch kiểm đếm") || !strings.Contains(err.Error(), "counted and announced by the presidium") {
		t.Errorf("a teller confirms a show of hands the presidium counted: %v, want 409 in both languages", err)
	}
	if v, err := pres.PollAction(ctx, own.ID, "publish"); err != nil || v.State != daihoi.Published || len(v.Confirmations) != 0 {
		t.Errorf("the presidium publishes its show of hands with no teller: %+v, %v", v, err)
	}
	if err := head.Do(ctx, "GET", "/print/minutes/"+own.ID, nil, &page); err != nil || !strings.Contains(string(page), "giơ thẻ đại biểu") {
		t.Errorf("minutes of the presidium's show of hands: %v", err)
	}
}

// runTablets runs an election to its close with a ballot from each tablet: three names kept, the
// i-th tablet starting at the i-th name.
func runTablets(t *testing.T, a *testApp, req daihoi.PollRequest, tabs []*client.Client) daihoi.Poll {
	t.Helper()
	ctx := context.Background()
	pres := a.Login("dct1")
	p, err := pres.CreatePoll(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	opened, err := pres.PollAction(ctx, p.ID, "open")
	if err != nil {
		t.Fatal(err)
	}
	order := opened.Order
	for i, tab := range tabs {
		k := []string{order[i%len(order)].ID, order[(i+2)%len(order)].ID, order[(i+3)%len(order)].ID}
		if _, err := tab.Cast(ctx, p.ID, daihoi.BallotRequest{BallotID: client.NewBallotID(), Kept: k}); err != nil {
			t.Fatalf("cast: %v", err)
		}
	}
	v, err := pres.PollAction(ctx, p.ID, "close")
	if err != nil {
		t.Fatal(err)
	}
	return v.Poll
}

func TestTellerExportTallyRoundTrip(t *testing.T) {
	dir := t.TempDir()
	a := startApp(t, dir)
	a.CheckInAll()
	voters := a.Officials(30)
	var tabs []*client.Client
	for _, d := range voters {
		tabs = append(tabs, a.Tablet(d))
	}
	cands := func() []daihoi.CandidateRequest {
		var out []daihoi.CandidateRequest
		for _, n := range paperNames {
			out = append(out, daihoi.CandidateRequest{Name: n})
		}
		return out
	}
	k1, k2 := a.Login("kiemphieu1"), a.Login("kiemphieu2")
	want := map[string]daihoi.PollView{}

	// A paper poll.
	paper, _ := smallPaperPoll(t, a, 30)
	want["paper"] = tellerPoll(t, k1, paper.ID)

	// A tablet poll.
	tablet := runTablets(t, a, daihoi.PollRequest{Kind: daihoi.Election, Title: "Bầu đại biểu (máy tính bảng)", Tablet: true, Seats: 3, Candidates: cands()}, tabs[:20])
	want["tablet"] = tellerPoll(t, k1, tablet.ID)

	// A mixed poll: 30 tablets, paper for others.
	mp := runTablets(t, a, daihoi.PollRequest{Kind: daihoi.Election, Title: "Bầu Ban Chấp hành (máy tính bảng và phiếu giấy)", Tablet: true, Paper: true, Stations: 2, Seats: 4, Candidates: cands()}, tabs)
	mixed := tellerPoll(t, k1, mp.ID).Poll
	paperBallots := randomBallots(mixed, 40, 99)
	figures(t, k1, mixed.ID, 41, 40, "")
	keyBatches(t, mixed.ID, []*client.Client{k1, k2}, k1, texts(mixed, paperBallots), 20, nil)
	want["mixed"] = tellerPoll(t, k1, mixed.ID)
	if want["mixed"].Result == nil || want["mixed"].Result.Ballots.Total != 70 {
		t.Fatalf("mixed poll: result %+v, want 70 ballots (30 tablets + 40 paper)", want["mixed"].Result)
	}

	// While the server runs, it holds the data file: export says so and writes nothing.
	out := t.TempDir()
	var stdout, stderr strings.Builder
	if code := run([]string{"export", "--data", dir, "--out", out}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "đang được một tiến trình daihoi khác sử dụng") {
		t.Fatalf("export while serving: exit %d, %q", code, stderr.String())
	}
	a.Main.Close()
	a.Main.Server, a.Main.Store = nil, nil // closed: the test's clean-up has nothing more to close
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"export", "--data", dir, "--out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("export: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	// The audit recomputes the same three seals: the tablet box, the paper ballots, both.
	stdout.Reset()
	if code := run([]string{"audit", "--data", dir}, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "3 đã niêm phong") {
		t.Fatalf("daihoi audit: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	files, _ := filepath.Glob(filepath.Join(out, "*.json"))
	if len(files) != 3 {
		t.Fatalf("%d records exported, want 3: %v\n%s", len(files), files, stdout.String())
	}
	byTitle := map[string]string{}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		rec, err := daihoi.DecodeRecord(b)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		byTitle[rec.Title] = f
	}
	for kind, v := range want {
		f := byTitle[v.Title]
		if f == "" {
			t.Fatalf("no record of the %s poll %q", kind, v.Title)
		}
		stdout.Reset()
		stderr.Reset()
		if code := run([]string{"tally", f}, &stdout, &stderr); code != 0 {
			t.Fatalf("daihoi tally %s: exit %d, %s", f, code, stderr.String())
		}
		var got map[string]json.RawMessage
		json.Unmarshal([]byte(stdout.String()), &got)
		var digest string
		json.Unmarshal(got["digest"], &digest)
		if digest != v.Digest || digest == "" {
			t.Fatalf("%s: recomputed digest %s, sealed %s", kind, digest, v.Digest)
		}
		delete(got, "digest")
		gotJSON, _ := json.Marshal(got)
		wantJSON, _ := json.Marshal(v.Result)
		var g, w map[string]any
		json.Unmarshal(gotJSON, &g)
		json.Unmarshal(wantJSON, &w)
		if fmt.Sprint(g) != fmt.Sprint(w) {
			t.Fatalf("%s: daihoi tally gives %s, the server %s", kind, gotJSON, wantJSON)
		}
		t.Logf("%s poll %s: %d ballots, digest %s…", kind, filepath.Base(f), v.Result.Ballots.Total, digest[:12])
	}
}
