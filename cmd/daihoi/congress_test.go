package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
)

// The organisers write the template, make it their congress and start the server with it: the
// congress, its roll and accounts are installed on the new folder, each delegate with a card. The
// same command after a restart serves what the day has made of it; another congress on that folder
// is refused.
func TestServeInstallsTheOrganisersCongressFile(t *testing.T) {
	var out, errs bytes.Buffer
	if code := run([]string{"template"}, &out, &errs); code != 0 {
		t.Fatalf("daihoi template: %d %s", code, errs.String())
	}
	var f daihoi.CongressFile
	if err := json.Unmarshal(out.Bytes(), &f); err != nil {
		t.Fatalf("the template is not a congress file: %v", err)
	}
	f.Congress.Title = "Đại hội đại biểu Đảng bộ xã Tân Phú lần thứ XV, nhiệm kỳ 2025–2030"
	f.Accounts[0].Password = "mat-khau-rieng-2025"
	data, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	file := writeFile(t, append([]byte("\ufeff"), data...)) // saved by Notepad, with its byte-order mark
	dir := t.TempDir()

	m := &Main{Addr: "127.0.0.1:0", Data: dir, Cost: bcrypt.MinCost, Congress: file}
	if err := m.Run(); err != nil {
		t.Fatalf("serve --congress: %v", err)
	}
	ctx := context.Background()
	c := client.New(m.URL())
	if _, err := c.Login(ctx, f.Accounts[0].Name, "mat-khau-rieng-2025"); err != nil {
		t.Fatalf("the file's account does not sign in: %v", err)
	}
	snap, err := c.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if snap.Congress.Title != f.Congress.Title || len(m.Codes) != len(f.Roll) {
		t.Fatalf("installed %q with %d cards, want %q with %d", snap.Congress.Title, len(m.Codes), f.Congress.Title, len(f.Roll))
	}
	desk := client.New(m.URL())
	var deskAccount daihoi.AccountFile
	for _, a := range f.Accounts {
		if a.Role == daihoi.CheckIn {
			deskAccount = a
		}
	}
	if _, err := desk.Login(ctx, deskAccount.Name, deskAccount.Password); err != nil {
		t.Fatal(err)
	}
	if _, err := desk.CheckIn(ctx, m.Codes[f.Roll[0].ID]); err != nil {
		t.Fatal(err)
	}
	m.Close()

	// The same command again: the day goes on where it was.
	m = &Main{Addr: "127.0.0.1:0", Data: dir, Cost: bcrypt.MinCost, Congress: file}
	if err := m.Run(); err != nil {
		t.Fatalf("serve --congress again: %v", err)
	}
	c = client.New(m.URL())
	if _, err := c.Login(ctx, f.Accounts[0].Name, "mat-khau-rieng-2025"); err != nil {
		t.Fatal(err)
	}
	var att daihoi.Attendance
	if err := c.Get(ctx, "/api/attendance", &att); err != nil || att.Present != 1 {
		t.Fatalf("after the restart %d present (%v), want the one checked in", att.Present, err)
	}
	m.Close()

	// The file moved away: the folder still serves.
	m = &Main{Addr: "127.0.0.1:0", Data: dir, Cost: bcrypt.MinCost, Congress: file + ".moved"}
	if err := m.Run(); err != nil {
		t.Fatalf("serve --congress with the file gone: %v", err)
	}
	m.Close()

	// Another congress on that folder is refused.
	other := f
	other.Congress.ID = "another-congress"
	m = &Main{Addr: "127.0.0.1:0", Data: dir, Cost: bcrypt.MinCost, Congress: writeCongress(t, other)}
	err = m.Run()
	if vi, en := daihoi.ErrorMessages(err); err == nil || !strings.Contains(vi, "đã có một đại hội khác") || !strings.Contains(en, "already holds another congress") {
		t.Fatalf("another congress on the folder: %v", err)
	}
}

// A file nobody could run, or with a field nobody knows (a misspelling), is refused with its
// problems named, and nothing is installed: the folder is still empty.
func TestServeRefusesABadCongressFileAndInstallsNothing(t *testing.T) {
	var out bytes.Buffer
	run([]string{"template"}, &out, &out)
	misspelt := strings.Replace(out.String(), `"category": "official"`, `"categroy": "official"`, 1)
	var f daihoi.CongressFile
	if err := json.Unmarshal(out.Bytes(), &f); err != nil {
		t.Fatal(err)
	}
	f.Roll[7].ID = f.Roll[6].ID
	f.Accounts[2].Password = "short"
	cases := map[string]struct {
		file   string
		vi, en string
	}{
		"a misspelt field":                      {writeFile(t, []byte(misspelt)), `"categroy"`, `"categroy"`},
		"a delegate twice and a short password": {writeCongress(t, f), "roll[7]: mã", "at least 8 characters"},
		"no JSON at all":                        {writeFile(t, []byte("Họ tên,Đơn vị\n")), "không đúng JSON", "not valid JSON"},
		"a comma too many, on line 3":           {writeFile(t, []byte("{\n  \"congress\": {\"id\": \"x\",\n  },\n}")), "dòng / line 3", "dòng / line 3"},
		"no such file":                          {filepath.Join(t.TempDir(), "none.json"), "không đọc được", "cannot read"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			m := &Main{Addr: "127.0.0.1:0", Data: dir, Cost: bcrypt.MinCost, Congress: c.file}
			err := m.Run()
			vi, en := daihoi.ErrorMessages(err)
			if err == nil || !strings.Contains(vi, c.vi) || !strings.Contains(en, c.en) {
				m.Close()
				t.Fatalf("got %v, want a refusal saying %q / %q", err, c.vi, c.en)
			}
			var said bytes.Buffer
			again := &Main{Addr: "127.0.0.1:0", Data: dir, NoDemo: true, Out: &said}
			if err := again.Run(); err != nil {
				t.Fatal(err)
			}
			defer again.Close()
			// --no-demo makes the empty congress of the setup screen: nothing of the refused file.
			if !again.Server.Blank() {
				t.Fatal("a refused file installed something")
			}
			// A server with no congress of its own says how to prepare or install one.
			if !strings.Contains(said.String(), "nobody can sign in") || !strings.Contains(said.String(), "--congress FILE") || !strings.Contains(said.String(), again.Password) {
				t.Errorf("the empty server says %q", said.String())
			}
		})
	}
}

func writeCongress(t *testing.T, f daihoi.CongressFile) string {
	t.Helper()
	data, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	return writeFile(t, data)
}

// The organisers' roll comes from their spreadsheet: `daihoi template --roll ROLL.csv` puts it in
// the file (the same spreadsheet, the same ids), leaves out the demo's elections, and the file
// installs. A spreadsheet with a mistake gives no file, and says where.
func TestTemplateTakesTheRollFromASpreadsheet(t *testing.T) {
	csv := writeFile(t, []byte("\ufeffSố TT;Họ và tên;Đơn vị;Loại đại biểu\n1;Nguyễn Văn An;Chi bộ 1;Chính thức\n2;Trần Thị Bích;Đảng ủy;Đương nhiên\n3;Lê Văn Cường;Chi bộ 2;Chính thức\n"))
	template := func() daihoi.CongressFile {
		var out, errs bytes.Buffer
		if code := run([]string{"template", "--roll", csv}, &out, &errs); code != 0 {
			t.Fatalf("daihoi template --roll: %d %s", code, errs.String())
		}
		var f daihoi.CongressFile
		if err := json.Unmarshal(out.Bytes(), &f); err != nil {
			t.Fatal(err)
		}
		return f
	}
	f := template()
	if len(f.Roll) != 3 || f.Roll[1].Name != "Trần Thị Bích" || f.Roll[1].Category != daihoi.ExOfficio {
		t.Fatalf("the roll is %+v", f.Roll)
	}
	for _, p := range f.Polls {
		if p.Kind == daihoi.Election {
			t.Errorf("the demo's election %q is left in", p.Title)
		}
	}
	if again := template(); again.Roll[2].ID != f.Roll[2].ID {
		t.Errorf("the same spreadsheet gave another id: %s, then %s", f.Roll[2].ID, again.Roll[2].ID)
	}
	m := &Main{Addr: "127.0.0.1:0", Data: t.TempDir(), Cost: bcrypt.MinCost, Congress: writeCongress(t, f)}
	if err := m.Run(); err != nil {
		t.Fatalf("installing the file with the spreadsheet's roll: %v", err)
	}
	m.Close()
	if len(m.Codes) != 3 {
		t.Errorf("%d cards, want 3", len(m.Codes))
	}

	var out, errs bytes.Buffer
	bad := writeFile(t, []byte("Họ và tên;Loại\nNguyễn Văn An;chính thức\nTrần Văn Bình;danh dự\n"))
	if code := run([]string{"template", "--roll", bad}, &out, &errs); code != 2 || out.Len() != 0 || !strings.Contains(errs.String(), "dòng 3") {
		t.Fatalf("a spreadsheet with a mistake: exit %d, %d bytes out, %q", code, out.Len(), errs.String())
	}
}
