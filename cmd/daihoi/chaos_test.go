package main

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// A short chaos run (make chaos runs twenty kills): the server killed with SIGKILL mid-burst,
// during a close and during the backup after a close, started again each time on the same file;
// nothing acknowledged is lost, nothing doubled, every check after every kill passes (daihoi audit
// of the folder and of the newest backup among them), and the last line says so.
func TestChaosShortRun(t *testing.T) {
	if testing.Short() {
		t.Skip("the chaos run kills and restarts servers in child processes: go test -short skips it (make test runs it)")
	}
	var out, errb bytes.Buffer
	code := runChaos([]string{"--kills", "3", "--delegates", "200"}, &out, &errb)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	last := lines[len(lines)-1]
	m := regexp.MustCompile(`^chaos: kills=(\d+) acked=(\d+) lost=(\d+) duplicates=(\d+)$`).FindStringSubmatch(last)
	if m == nil {
		t.Fatalf("the last line is %q, not `chaos: kills=K acked=A lost=L duplicates=D`\n%s\n%s", last, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "audit after every kill: true; backups written (--backup-dir): true") {
		t.Errorf("the run did not audit the folder after each kill, or wrote no backups:\n%s", out.String())
	}
	kills, _ := strconv.Atoi(m[1])
	acked, _ := strconv.Atoi(m[2])
	if code != 0 || kills != 3 || acked < 3*200 || m[3] != "0" || m[4] != "0" {
		t.Errorf("chaos exited %d: %s\n%s\n%s", code, last, out.String(), errb.String())
	}
}
