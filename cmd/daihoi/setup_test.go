package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
	"github.com/daihoi/daihoi/demo"
	"github.com/daihoi/daihoi/internal/testserver"
	"github.com/daihoi/daihoi/server"
)

// startEmpty starts `daihoi serve --no-demo` on a new folder, as the organisers do to prepare their
// congress in the browser, and returns it with what it printed.
func startEmpty(t *testing.T, dir string) (*Main, string) {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	var said bytes.Buffer
	m := &Main{Addr: "127.0.0.1:0", Data: dir, NoDemo: true, Cost: bcrypt.MinCost, Out: &said}
	if err := m.Run(); err != nil {
		t.Fatalf("start daihoi --no-demo: %v", err)
	}
	return m, said.String() // the caller closes it

}

// --no-demo on a new folder lets the organiser in: an empty congress and one account whose random
// password is printed once. A second start prints no password; the same folder still takes a
// congress file as long as nothing has been prepared in it.
func TestNoDemoLetsTheOrganiserIn(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	m, said := startEmpty(t, dir)
	if m.Organiser != server.BlankOrganiser || len(m.Password) < 12 || !strings.Contains(said, m.Password) || !strings.Contains(said, "/setup") {
		t.Fatalf("the banner does not give the organiser's account: %q", said)
	}
	org := client.New(m.URL())
	sess, err := org.Login(ctx, m.Organiser, m.Password)
	if err != nil || sess.Role != daihoi.Organiser {
		t.Fatalf("the organiser cannot sign in with the printed password: %v %+v", err, sess)
	}
	if _, err := client.New(m.URL()).Login(ctx, m.Organiser, "bantochuc-2025"); err == nil {
		t.Fatal("a guessed password signs in")
	}
	m.Close()

	again, said2 := startEmpty(t, dir)
	if again.Password != "" || strings.Contains(said2, m.Password) {
		t.Fatalf("a second start shows a password again: %q", said2)
	}
	again.Close()

	f := demo.New().File()
	file := writeCongress(t, f)
	withFile := &Main{Addr: "127.0.0.1:0", Data: dir, Cost: bcrypt.MinCost, Congress: file}
	if err := withFile.Run(); err != nil {
		t.Fatalf("a congress file on the empty congress: %v", err)
	}
	defer withFile.Close()
	if withFile.Server.CongressID() != f.Congress.ID {
		t.Fatal("the file was not installed")
	}
	if _, err := client.New(withFile.URL()).Login(ctx, server.BlankOrganiser, m.Password); err == nil {
		t.Error("the empty congress's organiser still signs in after the file's accounts came")
	}
	stale := client.New(withFile.URL())
	stale.HTTP.Jar = org.HTTP.Jar // the browser that was signed in to the empty congress
	testserver.WantStatus(t, "the empty congress's session", stale.Get(ctx, "/api/me", nil), http.StatusUnauthorized)
}

// The organiser prepares the congress through the setup API: each step is an event with the
// organiser as its actor, and once a poll has opened what it counts by is refused, in both
// languages, with nothing stored.
func TestSetupPrepareThroughTheAPI(t *testing.T) {
	ctx := context.Background()
	m, _ := startEmpty(t, "")
	defer m.Close()
	org := client.New(m.URL())
	me, err := org.Login(ctx, m.Organiser, m.Password)
	if err != nil {
		t.Fatal(err)
	}
	var c daihoi.Congress
	testserver.Must(c, org.Do(ctx, "PUT", "/api/setup/congress", daihoi.CongressRequest{Title: "Đại hội Đảng bộ phường An Khánh", Organisation: "Đảng bộ phường An Khánh",
		Type: daihoi.Representative, Ruleset: daihoi.DefaultRuleset, Date: "2026-12-08"}, &c))
	var ds []daihoi.Delegate
	for i, name := range []string{"Nguyễn Văn An", "Trần Thị Bích", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"} {
		var d daihoi.Delegate
		if err := org.Do(ctx, "POST", "/api/setup/delegates", daihoi.Delegate{Name: name, Unit: "Chi bộ " + string(rune('1'+i)), Category: daihoi.Official}, &d); err != nil {
			t.Fatal(err)
		}
		ds = append(ds, d)
	}
	if ds[4].Number != 5 {
		t.Errorf("the fifth delegate has number %d", ds[4].Number)
	}
	var a []daihoi.AgendaItem
	for _, title := range []string{"Khai mạc", "Bầu Ban chấp hành"} {
		if err := org.Do(ctx, "POST", "/api/setup/agenda", daihoi.AgendaItemRequest{After: "end", Title: title, PlannedStart: "07:30", Minutes: 20}, &a); err != nil {
			t.Fatal(err)
		}
	}
	var acct server.NewAccount
	if err := org.Do(ctx, "POST", "/api/setup/operators", daihoi.OperatorRequest{Name: "dct", FullName: "Đoàn chủ tịch", Role: daihoi.Presidium}, &acct); err != nil || acct.Password == "" {
		t.Fatalf("create an account: %v %+v", err, acct)
	}
	pres := client.New(m.URL())
	if _, err := pres.Login(ctx, "dct", acct.Password); err != nil {
		t.Fatalf("the new account cannot sign in with its password: %v", err)
	}
	var pv daihoi.PollView
	req := daihoi.PollRequest{AgendaItem: a[1].ID, Kind: daihoi.Election, Title: "Bầu Ban chấp hành", Tablet: true, Seats: 3,
		Candidates: []daihoi.CandidateRequest{{ID: ds[0].ID}, {ID: ds[1].ID}, {ID: ds[2].ID}, {ID: ds[3].ID}}}
	if err := org.Do(ctx, "POST", "/api/setup/polls", req, &pv); err != nil {
		t.Fatal(err)
	}
	if pv.Surplus == nil || pv.Surplus.Extra != 1 {
		t.Errorf("the surplus the presidium sees: %+v", pv.Surplus)
	}
	// The day begins: the presidium opens the agenda and the election.
	if _, err := pres.AgendaNext(ctx); err != nil {
		t.Fatal(err)
	}
	door := org
	for _, d := range ds {
		if err := door.Do(ctx, "POST", "/api/delegates/"+d.ID+"/presence", map[string]string{"presence": "present"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := pres.PollAction(ctx, pv.ID, "open"); err != nil {
		t.Fatalf("open: %v", err)
	}
	before, _ := org.State(ctx)
	err = org.Do(ctx, "PUT", "/api/setup/polls/"+pv.ID, req, nil)
	testserver.WantStatus(t, "redraft an open poll", err, 409)
	testserver.WantBothSay(t, err, "đã mở", "has opened")
	err = org.Do(ctx, "POST", "/api/setup/delegates", daihoi.Delegate{Name: "Người mới", Category: daihoi.Official}, nil)
	testserver.WantBothSay(t, err, "đã chốt", "base was fixed")
	after, _ := org.State(ctx)
	if after.Seq != before.Seq || len(after.Roll) != 5 {
		t.Errorf("a refused change stored something: seq %d → %d, roll %d", before.Seq, after.Seq, len(after.Roll))
	}
	// After the first item opened, a change is still possible and recorded with its actor.
	s, err := org.Connect(ctx, after.Seq)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := org.Do(ctx, "PUT", "/api/setup/delegates/"+ds[0].ID, daihoi.Delegate{Name: "Nguyễn Văn Ân", Category: daihoi.Official}, nil); err != nil {
		t.Fatal(err)
	}
	for {
		ev, err := s.Next()
		if err != nil {
			t.Fatal(err)
		}
		if ev.Event != nil && ev.Event.Type == daihoi.EvDelegate {
			if ev.Event.Actor != me.Subject {
				t.Errorf("the correction's event names %q as its actor, want the organiser %q", ev.Event.Actor, me.Subject)
			}
			break
		}
	}
	// The setup screen's log shows it first, with the organiser's name; the refused changes are not
	// in it.
	var log []server.SetupChange
	if err := org.Get(ctx, "/api/setup/changes", &log); err != nil || len(log) == 0 {
		t.Fatalf("the log: %v %d", err, len(log))
	}
	if log[0].Type != daihoi.EvDelegate || !strings.Contains(string(log[0].Data), "Nguyễn Văn Ân") || !strings.Contains(log[0].Actor, m.Organiser) {
		t.Errorf("the latest change in the log: %+v", log[0])
	}
	for _, c := range log {
		if strings.Contains(string(c.Data), "Người mới") {
			t.Error("a refused change is in the log")
		}
	}
}

// Only the organiser prepares the congress, and a sign-in slip carries only a password that works:
// one changed since (reset again) is refused rather than printed.
func TestSetupIsTheOrganisersAndSlipsCarryWorkingPasswords(t *testing.T) {
	ctx := context.Background()
	m, _ := startEmpty(t, "")
	defer m.Close()
	org := client.New(m.URL())
	if _, err := org.Login(ctx, m.Organiser, m.Password); err != nil {
		t.Fatal(err)
	}
	var acct server.NewAccount
	if err := org.Do(ctx, "POST", "/api/setup/operators", daihoi.OperatorRequest{Name: "kp1", FullName: "Lê Văn Kiểm", Role: daihoi.Teller, Head: true}, &acct); err != nil {
		t.Fatal(err)
	}
	teller := client.New(m.URL())
	if _, err := teller.Login(ctx, "kp1", acct.Password); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/api/setup/congress", "/api/setup/delegates/x", "/api/setup/agenda/x"} {
		err := teller.Do(ctx, "PUT", path, map[string]string{}, nil)
		testserver.WantStatus(t, "a teller's "+path, err, http.StatusForbidden)
	}
	var list []daihoi.Operator
	if err := org.Get(ctx, "/api/setup/operators", &list); err != nil || len(list) != 2 {
		t.Fatalf("the accounts: %v %+v", err, list)
	}
	for _, o := range list {
		if o.Hash != "" {
			t.Errorf("the list of accounts carries %s's hash", o.Name)
		}
	}

	slips := func(pw string) (int, string) {
		form := url.Values{"id": {acct.Operator.ID}, "password": {pw}, "host": {"192.168.1.10:8443"}}
		req, _ := http.NewRequest("POST", m.URL()+"/print/slips", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Cookie", org.Cookie())
		req.Header.Set("Origin", m.URL())
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	if code, page := slips(acct.Password); code != http.StatusOK || !strings.Contains(page, acct.Password) || !strings.Contains(page, "https://192.168.1.10:8443/teller") {
		t.Fatalf("the slip: %d %s", code, page)
	}
	var again server.NewAccount
	if err := org.Do(ctx, "POST", "/api/setup/operators/"+acct.Operator.ID+"/password", nil, &again); err != nil || again.Password == acct.Password {
		t.Fatalf("reset: %v", err)
	}
	if code, page := slips(acct.Password); code != http.StatusConflict || strings.Contains(page, acct.Password) || !strings.Contains(page, "has changed") {
		t.Errorf("a slip with the old password: %d %s", code, page)
	}
	if _, err := client.New(m.URL()).Login(ctx, "kp1", acct.Password); err == nil {
		t.Error("the old password still signs in after the reset")
	}
	testserver.WantStatus(t, "the teller's session after the reset", teller.Get(ctx, "/api/me", nil), http.StatusUnauthorized)
	// A role changed ends the sessions opened with the old one.
	observer := client.New(m.URL())
	if _, err := observer.Login(ctx, "kp1", again.Password); err != nil {
		t.Fatal(err)
	}
	if err := org.Do(ctx, "PUT", "/api/setup/operators/"+acct.Operator.ID, daihoi.OperatorRequest{Name: "kp1", Role: daihoi.Observer}, nil); err != nil {
		t.Fatal(err)
	}
	testserver.WantStatus(t, "a teller's session once the account is an observer's", observer.Get(ctx, "/api/polls/x/record", nil), http.StatusUnauthorized)
}
