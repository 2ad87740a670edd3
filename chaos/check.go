package chaos

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/server"
	"github.com/daihoi/daihoi/store"
)

// checkFolder checks the data folder with the server down: `daihoi audit`, the event sequence, each
// poll's roll, box and receipts against what the tablets were told, and `daihoi tally` on
// `daihoi export` against the published results.
func (h *hall) checkFolder(when string) {
	t0 := time.Now()
	if h.hasAudit {
		if out, err := exec.Command(h.cfg.Exe, "audit", "--data", h.data).CombinedOutput(); err != nil {
			h.fail("%s: daihoi audit: %v: %s", when, err, lastLine(out))
		}
	}
	if h.backups != "" && h.hasAudit {
		// The newest copy on the stick is whole and audits (a copy cut short by the kill is
		// only ever under its temporary name).
		copies, _ := filepath.Glob(filepath.Join(h.backups, "daihoi-*.db"))
		slices.SortFunc(copies, func(a, b string) int { return modTime(b).Compare(modTime(a)) })
		if len(copies) > 0 {
			if out, err := exec.Command(h.cfg.Exe, "audit", copies[0]).CombinedOutput(); err != nil {
				h.fail("%s: daihoi audit %s: %v: %s", when, filepath.Base(copies[0]), err, lastLine(out))
			}
		}
	}
	records := h.exportAndTally()
	db, err := store.Open(h.data, 5*time.Second)
	if err != nil {
		h.fail("after kill %d: open the data file: %v", h.kills, err)
		return
	}
	defer db.Close()
	h.checkEvents(db)
	h.mu.Lock() // the tablets still retrying write their outcomes under it
	defer h.mu.Unlock()
	for _, p := range h.polls {
		h.checkBox(db, p, records[p.view.Title])
	}
	h.cfg.Log("checked the folder %s in %v", when, time.Since(t0).Round(time.Millisecond))
}

// checkEvents: the events are numbered 1, 2, 3, … with no gap.
func (h *hall) checkEvents(db *store.DB) {
	var next uint64 = 1
	for {
		evs, err := db.Events(next-1, 5000)
		if err != nil {
			h.fail("after kill %d: read the events: %v", h.kills, err)
			return
		}
		if len(evs) == 0 {
			return
		}
		for _, e := range evs {
			if e.Seq != next {
				h.fail("after kill %d: the events jump from %d to %d", h.kills, next-1, e.Seq)
				return
			}
			next++
		}
	}
}

// checkBox: the roll, the count, the receipts and (once closed) the box agree with each other and
// with what the tablets were told; rec is the poll's exported record, if closed.
func (h *hall) checkBox(db *store.DB, p *pollRun, rec *daihoi.Record) {
	title := p.view.Title
	roll, err := db.Voters(p.view.ID)
	if err != nil {
		h.fail("%s: read the roll: %v", title, err)
		return
	}
	count, err := db.BoxCount(p.view.ID)
	if err != nil {
		h.fail("%s: read the count: %v", title, err)
		return
	}
	receipts, err := db.Receipts(p.view.ID)
	if err != nil {
		h.fail("%s: read the receipts: %v", title, err)
		return
	}
	voted := 0
	for _, v := range roll {
		if v {
			voted++
		}
	}
	if voted != count || len(receipts) != count {
		h.fail("after kill %d: %s: %d voted on the roll, %d in the box, %d receipts", h.kills, title, voted, count, len(receipts))
	}
	have := map[string]bool{}
	for _, r := range receipts {
		have[r] = true
	}
	p.dups = max(p.dups, len(receipts)-len(have), count-voted)
	for who, b := range p.sent {
		if !b.acked() || p.lost[who] {
			continue
		}
		if !roll[who] || (b.receipt != "" && !have[b.receipt]) {
			p.lost[who] = true
			h.cfg.Log("FAIL after kill %d: %s: an acknowledged ballot is missing (voted on the roll %v, receipt %s kept %v)", h.kills, title, roll[who], b.receipt, have[b.receipt])
		}
	}
	if rec == nil {
		return
	}
	// The box's ballots are exactly those of the delegates marked as having voted, once each.
	var want, got []string
	for who, b := range p.sent {
		if roll[who] {
			want = append(want, string(daihoi.CanonicalBallot(daihoi.Ballot{Kept: b.req.Kept, Choice: b.req.Choice})))
		}
	}
	for _, b := range rec.Ballots {
		got = append(got, string(daihoi.CanonicalBallot(b)))
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(want, got) {
		extra, missing := difference(got, want), difference(want, got)
		p.dups = max(p.dups, len(extra))
		h.fail("after kill %d: %s: the box holds %d ballots the tablets did not send and lacks %d they sent", h.kills, title, len(extra), len(missing))
	}
}

// difference is what a holds beyond b, both sorted (as multisets).
func difference(a, b []string) []string {
	var out []string
	j := 0
	for _, x := range a {
		for j < len(b) && b[j] < x {
			j++
		}
		if j < len(b) && b[j] == x {
			j++
			continue
		}
		out = append(out, x)
	}
	return out
}

// exportAndTally runs `daihoi export` on the folder and `daihoi tally` on each record, compares
// each recount with the poll's published result (or keeps it until the result is published), and
// returns the records by title.
func (h *hall) exportAndTally() map[string]*daihoi.Record {
	out := filepath.Join(h.work, fmt.Sprintf("export-%d", h.kills))
	os.RemoveAll(out)
	records := map[string]*daihoi.Record{}
	if b, err := exec.Command(h.cfg.Exe, "export", "--data", h.data, "--out", out).CombinedOutput(); err != nil {
		h.fail("after kill %d: daihoi export: %v: %s", h.kills, err, lastLine(b))
	}
	files, _ := filepath.Glob(filepath.Join(out, "*.json"))
	byTitle := map[string]*pollRun{}
	for _, p := range h.polls {
		byTitle[p.view.Title] = p
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			h.fail("read %s: %v", f, err)
			continue
		}
		rec, err := daihoi.DecodeRecord(data)
		if err != nil {
			h.fail("%s: %v", f, err)
			continue
		}
		records[rec.Title] = &rec
		var stdout, stderr bytes.Buffer
		c := exec.Command(h.cfg.Exe, "tally", f)
		c.Stdout, c.Stderr = &stdout, &stderr
		if err := c.Run(); err != nil {
			h.fail("after kill %d: daihoi tally %s: %v: %s", h.kills, filepath.Base(f), err, lastLine(stderr.Bytes()))
			continue
		}
		p := byTitle[rec.Title]
		if p == nil {
			continue // the congress's own polls
		}
		if p.result != nil {
			h.compare(p, stdout.Bytes())
		} else {
			p.tallied = bytes.Clone(stdout.Bytes())
		}
	}
	os.RemoveAll(out)
	return records
}

// compare checks a recount against the server's published result (the digest aside, which the
// recount recomputes and checks against the record's itself).
func (h *hall) compare(p *pollRun, tallied []byte) {
	var a, b map[string]any
	if err := json.Unmarshal(tallied, &a); err != nil {
		h.fail("%s: the recount is not JSON: %v", p.view.Title, err)
		return
	}
	json.Unmarshal(p.result, &b)
	delete(a, "digest")
	delete(b, "digest")
	if !reflect.DeepEqual(a, b) {
		h.fail("after kill %d: %s: the published result differs from daihoi tally on the export:\n  server %s\n  tally  %s", h.kills, p.view.Title, p.result, tallied)
	}
}

// checkBackups, at the end: the server did write copies to the backup folder (each close sets one
// off, and the newest was audited after every kill), no more than it keeps, and no copy under its
// temporary name older than the last start, which removes those a killed process left. (One cut
// short by the last, graceful stop itself is newer: the stop waits a few seconds for a copy.)
func (h *hall) checkBackups() {
	if h.backups == "" {
		return
	}
	copies, _ := filepath.Glob(filepath.Join(h.backups, "daihoi-*.db"))
	var parts []string
	all, _ := filepath.Glob(filepath.Join(h.backups, ".daihoi-part-*"))
	for _, p := range all {
		if modTime(p).Before(h.proc.Started) {
			parts = append(parts, p)
		}
	}
	h.res.Backups = len(copies) > 0
	switch {
	case len(copies) == 0:
		h.fail("at the end: the backup folder holds no copy")
	case len(copies) > server.KeepBackups:
		h.fail("at the end: the backup folder holds %d copies, more than the %d kept", len(copies), server.KeepBackups)
	}
	if len(parts) > 0 {
		h.fail("at the end: the backup folder holds %d copies cut short before the last start (%s)", len(parts), filepath.Base(parts[0]))
	}
}

func modTime(path string) time.Time {
	fi, err := os.Stat(path)
	if err != nil {
		return time.Time{}
	}
	return fi.ModTime()
}

func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return lines[len(lines)-1]
}
