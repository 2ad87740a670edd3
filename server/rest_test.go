package server_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/daihoi/daihoi/store"
)

// Secrecy at rest, through the server: once a secret election closes, the data file the server
// goes on serving from and the backup the organiser downloads hold each receipt once and as many
// ballot contents as ballots; while the poll was open, the file held earlier copies of them in its
// free pages. (The ballot's id is never stored: server/polls.go checkCast.) At the demo's size the
// close's own writes happen to reuse most free pages; store/rest_test.go's 2,000-ballot burst is
// where they do not, and where a file left uncompacted is found.
func TestClosedElectionLeavesEachBallotOnceInTheFileAndTheBackup(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	n := len(h.SeatHolders()) - 5
	p, _, tablets := h.election(n)
	receipts := make([]string, n)
	var wg sync.WaitGroup
	for i, tab := range tablets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := ballotFor(p, i)
			r, err := tab.Cast(ctx, p.ID, b)
			if err != nil {
				t.Error(err)
			}
			receipts[i] = r.Receipt
		}()
	}
	wg.Wait()
	path := filepath.Join(h.Dir, store.FileName)
	copies := func(raw []byte) (more, missing, contents int) {
		for _, s := range receipts {
			switch c := bytes.Count(raw, []byte(s)); {
			case c > 1:
				more++
			case c == 0:
				missing++
			}
		}
		return more, missing, bytes.Count(raw, []byte(`{"kept":`))
	}
	open, _ := os.ReadFile(path)
	if more, _, contents := copies(open); more == 0 || contents <= n {
		t.Fatalf("while the poll is open the file holds no earlier copy (%d contents for %d ballots): the test would prove nothing", contents, n)
	}
	if _, err := h.Login("dct1").PollAction(ctx, p.ID, "close"); err != nil {
		t.Fatal(err)
	}
	var backup []byte
	if err := h.Login("bantochuc").Do(ctx, "GET", "/api/backup", nil, &backup); err != nil {
		t.Fatal(err)
	}
	file, _ := os.ReadFile(path)
	for what, raw := range map[string][]byte{"the data file": file, "the backup": backup} {
		if more, missing, contents := copies(raw); more > 0 || missing > 0 || contents != n {
			t.Errorf("%s (%d bytes): of %d receipts, %d appear more than once and %d not at all; %d ballot contents for %d ballots",
				what, len(raw), n, more, missing, contents, n)
		}
	}
}
