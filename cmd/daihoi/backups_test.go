package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/crypto/bcrypt"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
	"github.com/daihoi/daihoi/demo"
	"github.com/daihoi/daihoi/internal/testserver"
	"github.com/daihoi/daihoi/store"
)

// backupFiles lists the copies in the backup folder, oldest first.
func backupFiles(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "daihoi-*.db"))
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// tabletElection runs a secret tablet election among 10 officials to its close.
func tabletElection(t *testing.T, a *testApp, title string) daihoi.Poll {
	t.Helper()
	var tabs []*client.Client
	for _, d := range a.Officials(10) {
		tabs = append(tabs, a.Tablet(d))
	}
	var cands []daihoi.CandidateRequest
	for _, n := range paperNames {
		cands = append(cands, daihoi.CandidateRequest{Name: n})
	}
	return runTablets(t, a, daihoi.PollRequest{Kind: daihoi.Election, Title: title, Tablet: true, Seats: 3, Candidates: cands}, tabs)
}

func TestBackupAtCloseAndRestoreServesTheSamePolls(t *testing.T) {
	usb := t.TempDir()
	a := runApp(t, &Main{BackupDir: usb}, demo.New())
	a.CheckInAll()
	testserver.Eventually(t, "the backup at the start", 5*time.Second, func() bool { return len(backupFiles(t, usb)) >= 1 })
	before := len(backupFiles(t, usb))
	p := tabletElection(t, a, "Bầu thử (sao lưu)")
	want := tellerPoll(t, a.Login("kiemphieu1"), p.ID)
	if want.Result == nil || want.Digest == "" {
		t.Fatalf("the closed poll has no result: %+v", want.Poll)
	}

	// The close wrote a copy, named by its time, in which the poll is sealed.
	var backup string
	testserver.Eventually(t, "the backup at the close", 5*time.Second, func() bool {
		files := backupFiles(t, usb)
		if len(files) <= before {
			return false
		}
		rep, err := store.Audit(files[len(files)-1], time.Second)
		if err == nil && rep.Sealed == 1 {
			backup = files[len(files)-1]
			return true
		}
		return false
	})
	if !strings.HasPrefix(filepath.Base(backup), "daihoi-2") {
		t.Errorf("the copy is named %s, not by its time", backup)
	}
	if parts, _ := filepath.Glob(filepath.Join(usb, ".daihoi-part-*")); len(parts) > 0 {
		t.Errorf("temporary copies left in the backup folder: %v", parts)
	}
	snap := testserver.Must(a.Login("dct1").State(context.Background()))
	if snap.Backup == nil || !snap.Backup.OK || filepath.Dir(snap.Backup.File) != usb {
		t.Errorf("the presidium's snapshot says of the backup %+v", snap.Backup)
	}

	// A tick with nothing new writes nothing; each change of the record is a new copy, the newest
	// 20 kept.
	a.Main.Server.BackupNow()
	if _, wrote := a.Main.Server.BackupNow(); wrote {
		t.Error("a copy was written with nothing new in the record")
	}
	for i := 0; i < 22; i++ {
		a.Login("dct1") // a sign-in: an event
		st, wrote := a.Main.Server.BackupNow()
		if !wrote {
			t.Fatal("no copy after a change")
		}
		backup = st.File // the newest
	}
	if files := backupFiles(t, usb); len(files) != 20 {
		t.Errorf("the backup folder keeps %d copies, want 20", len(files))
	}

	// daihoi audit on the backup while the server runs.
	var stdout, stderr strings.Builder
	if code := run([]string{"audit", backup}, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "1 đã niêm phong") {
		t.Fatalf("daihoi audit %s: exit %d\n%s%s", backup, code, stdout.String(), stderr.String())
	}

	// A copy with one byte of one event changed: the audit names the event, and restore refuses it.
	tampered := filepath.Join(t.TempDir(), "tampered.db")
	data, _ := os.ReadFile(backup)
	os.WriteFile(tampered, data, 0o600)
	db, err := bolt.Open(tampered, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error {
		k := []byte{0, 0, 0, 0, 0, 0, 0, 2}
		v := bytes.Clone(tx.Bucket([]byte("events")).Get(k))
		i := bytes.Index(v, []byte(`"at":"`)) + len(`"at":"`) + 3 // the year's last digit
		v[i]++
		return tx.Bucket([]byte("events")).Put(k, v)
	})
	db.Close()
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"audit", tampered}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "sự kiện #2 bị sửa") || !strings.Contains(stderr.String(), "event #2 was altered") {
		t.Fatalf("daihoi audit of an edited copy: exit %d, %q", code, stderr.String())
	}
	refused := filepath.Join(t.TempDir(), "data")
	if code := run([]string{"restore", tampered, "--data", refused}, &stdout, &stderr); code != 1 {
		t.Fatalf("daihoi restore of an edited copy: exit %d", code)
	}
	if _, err := os.Stat(filepath.Join(refused, store.FileName)); err == nil {
		t.Fatal("an edited copy was restored")
	}

	// Restore it into a new folder, and serve that folder.
	fresh := filepath.Join(t.TempDir(), "data")
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"restore", backup, "--data", fresh}, &stdout, &stderr); code != 0 {
		t.Fatalf("daihoi restore: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	// Again: the folder holds a congress now.
	stderr.Reset()
	if code := run([]string{"restore", backup, "--data", fresh}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "--force") || !strings.Contains(stderr.String(), "đã có tệp dữ liệu") {
		t.Fatalf("restore over a congress: exit %d, %q", code, stderr.String())
	}
	if code := run([]string{"restore", "--force", backup, "--data", fresh}, &stdout, &stderr); code != 0 {
		t.Fatalf("restore --force: exit %d, %q", code, stderr.String())
	}
	if kept, _ := filepath.Glob(filepath.Join(fresh, store.FileName+".replaced-*")); len(kept) != 1 {
		t.Errorf("restore --force kept %v of the file it replaced", kept)
	}
	m := &Main{Data: fresh, NoDemo: true, Addr: "127.0.0.1:0", Cost: bcrypt.MinCost}
	if err := m.Run(); err != nil {
		t.Fatalf("serve the restored folder: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	restored := testserver.NewHall(t, m.URL(), demo.New(), nil)
	got := tellerPoll(t, restored.Login("kiemphieu1"), p.ID)
	g, _ := json.Marshal(got.Poll)
	w, _ := json.Marshal(want.Poll)
	if string(g) != string(w) {
		t.Fatalf("the restored server serves\n%s\nnot\n%s", g, w)
	}
	if len(snapPolls(t, restored.Login("dct1"))) != len(snapPolls(t, a.Login("dct1"))) {
		t.Errorf("the restored server serves another set of polls")
	}
}

func snapPolls(t *testing.T, c *client.Client) []daihoi.PollView {
	t.Helper()
	return testserver.Must(c.State(context.Background())).Polls
}

// A backup folder that is a file, or removed during the day: the organiser and the presidium are
// told, in both languages, and the congress goes on; once the folder is back, so are the copies.
func TestFailedBackupIsShownAndTheDayGoesOn(t *testing.T) {
	usb := filepath.Join(t.TempDir(), "usb")
	if err := os.WriteFile(usb, []byte("not a folder"), 0o600); err != nil {
		t.Fatal(err)
	}
	a := runApp(t, &Main{BackupDir: usb}, demo.New())
	a.CheckInAll()
	org := a.Login("bantochuc")
	failed := func(c *client.Client) *daihoi.BackupStatus {
		s := testserver.Must(c.State(context.Background())).Backup
		if s != nil && !s.OK {
			return s
		}
		return nil
	}
	testserver.Eventually(t, "the failure shown", 5*time.Second, func() bool { return failed(org) != nil })
	st := failed(a.Login("dct1"))
	if st == nil || !strings.Contains(st.Vi, "Không ghi được bản sao lưu") || !strings.Contains(st.En, "The backup to "+usb+" failed") {
		t.Fatalf("the presidium is told %+v", st)
	}
	if s := testserver.Must(a.Login("kiemphieu1").State(context.Background())).Backup; s != nil {
		t.Errorf("the tellers are shown the backup status: %+v", s)
	}
	// The day goes on: a poll opens, takes its ballots and closes.
	p := tabletElection(t, a, "Bầu thử (ổ USB hỏng)")
	if p.State != daihoi.Closed {
		t.Fatalf("the poll is %s", p.State)
	}
	// The stick is back: the next close writes a copy, and the banner goes.
	os.Remove(usb)
	if err := os.Mkdir(usb, 0o700); err != nil {
		t.Fatal(err)
	}
	tabletElection(t, a, "Bầu thử (ổ USB cắm lại)")
	testserver.Eventually(t, "a copy once the folder is back", 5*time.Second, func() bool {
		s := testserver.Must(org.State(context.Background())).Backup
		return s != nil && s.OK && len(backupFiles(t, usb)) == 1
	})
}
