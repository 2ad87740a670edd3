package server_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/assets"
	"github.com/daihoi/daihoi/client"
	"github.com/daihoi/daihoi/demo"
	"github.com/daihoi/daihoi/loadgen"
	"github.com/daihoi/daihoi/server"
	"github.com/daihoi/daihoi/store"
)

// A delegate's tablet loads its page, scripts, styles and both fonts in at most 90,000 bytes on the
// wire, and reloads it in at most 5,000: 2,000 tablets sign in within minutes over one shared Wi-Fi.
// Bytes are counted as they come off the socket (status lines, headers, gzipped bodies).
func TestTabletPageLoadsWithinItsBudget(t *testing.T) {
	const firstBudget, reloadBudget = 90_000, 5_000
	url, code := hallWithScreens(t)
	ctx := context.Background()
	b := loadgen.NewBrowser(url)
	tablet := client.New(url)
	tablet.HTTP = b.HTTP // the card's link signs the browser in; then it loads the page
	if err := tablet.SignInCard(ctx, code); err != nil {
		t.Fatal(err)
	}
	first, err := b.Load(ctx, "/delegate")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("first load: %+v", first)
	if first.Requests < 7 { // the page, two style sheets, two scripts, the regular and the bold font
		t.Fatalf("the first load asked for %d files, want the page, its styles and scripts and both fonts", first.Requests)
	}
	if first.Bytes > firstBudget {
		t.Errorf("the first load took %d bytes on the wire, the budget is %d", first.Bytes, firstBudget)
	}
	reload, err := b.Load(ctx, "/delegate")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("reload: %+v", reload)
	if reload.Kept != first.Requests-1 {
		t.Errorf("the reload used %d files kept from the first load, want all %d but the page", reload.Kept, first.Requests-1)
	}
	if reload.Bytes > reloadBudget {
		t.Errorf("the reload took %d bytes on the wire, the budget is %d", reload.Bytes, reloadBudget)
	}
	// A reload that asks again for everything it kept, with its validators: every file is answered
	// "not modified" but the page.
	b.Revalidate = true
	again, err := b.Load(ctx, "/delegate")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("reload asking again for everything: %+v", again)
	if again.NotModified != first.Requests-1 || again.Bytes > reloadBudget {
		t.Errorf("a reload asking again: %d of %d files not modified, %d bytes on the wire (budget %d)", again.NotModified, first.Requests-1, again.Bytes, reloadBudget)
	}
}

// hallWithScreens is the demo congress served with its screens (the embedded web UI) on
// 127.0.0.1, and a seat holder's card code.
func hallWithScreens(t *testing.T) (url, code string) {
	db, err := store.Open(t.TempDir(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	srv, err := server.New(db, server.Options{Logger: logger, Assets: assets.FS})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	seed := demo.New()
	codes, err := srv.Install(server.Install{CongressFile: seed.File(), Cost: bcrypt.MinCost})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	for _, d := range seed.Roll {
		if d.Category == daihoi.Official {
			return ts.URL, codes[d.ID]
		}
	}
	t.Fatal("the demo roll has no official delegate")
	return "", ""
}
