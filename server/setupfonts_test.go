package server_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/internal/testserver"
	"github.com/daihoi/daihoi/server"
	"github.com/daihoi/daihoi/vnfont/vnfonttest"
	"github.com/daihoi/daihoi/xlsx"
)

func tcvn3(s string) string { return vnfonttest.AsExcel(vnfonttest.TCVN3(s)) }

// A roll typed in TCVN3 fonts: the preview shows each cell as stored beside its conversion, the
// import stores nothing until the organiser confirms the conversion, and the candidates imported
// from a sheet in the same fonts stand on the ballot in the Vietnamese order.
func TestARollInAnOldFontIsConvertedOnceConfirmed(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	org := h.Login("bantochuc")
	st := testserver.Must(org.State(ctx))
	before := st.Roll
	names := []string{"Nguyễn Văn Ân", "Đặng Thị Ánh", "Trần Đức Dũng", "Lê Văn Đức", "Phạm Thị Ấu", "Hoàng Minh An",
		"Vũ Thị Bình", "Bùi Văn Ước", "Ngô Thị Yến", "Đỗ Văn Út"}
	// The demo's candidates stay on the roll (an import may not drop one), in the same fonts.
	var rows [][]any
	kept := map[string]bool{}
	for _, pv := range st.Polls {
		for _, c := range pv.Candidates {
			kept[c.Delegate] = c.Delegate != ""
		}
	}
	last := 0
	for _, d := range before {
		if kept[d.ID] {
			rows = append(rows, []any{d.Number, tcvn3(d.Name), tcvn3("Chi bộ 1"), tcvn3("Chính thức")})
			last = max(last, d.Number)
		}
	}
	kept0 := len(rows)
	for i, n := range names {
		rows = append(rows, []any{last + i + 1, tcvn3(n), tcvn3("Chi bộ " + fmt.Sprint(i%3+1)), tcvn3("Chính thức")})
	}
	var book bytes.Buffer
	xlsx.Write(&book, xlsx.Sheet{Name: "DS", Title: []string{tcvn3("DANH SÁCH ĐẠI BIỂU")},
		Header: []string{tcvn3("Số TT"), tcvn3("Họ và tên"), tcvn3("Đơn vị"), tcvn3("Loại đại biểu")}, Rows: rows})

	var p server.RollPreview
	if _, err := upload(t, org, "/api/setup/roll/preview", "ds.xlsx", book.Bytes(), nil, &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Problems) != 0 || len(p.Rows) != len(rows) || p.Rows[kept0].Delegate.Name != "Nguyễn Văn Ân" {
		t.Fatalf("preview: problems %v, %d rows, first new %+v", p.Problems, len(p.Rows), p.Rows[kept0].Delegate)
	}
	shown := map[string]string{}
	for _, c := range p.Fonts.Cells {
		shown[c.Stored] = c.Text
	}
	if shown["NguyÔn V¨n ¢n"] != "Nguyễn Văn Ân" || fmt.Sprint(p.Fonts.Encodings) != "[TCVN3]" || p.Fonts.Mixed {
		t.Fatalf("fonts %+v", p.Fonts)
	}
	_, err := upload(t, org, "/api/setup/roll", "ds.xlsx", book.Bytes(), map[string]string{"confirm": "1"}, nil)
	testserver.WantStatus(t, "a conversion not confirmed", err, 400)
	testserver.WantBothSay(t, err, "xác nhận chuyển đổi", "confirm the conversion")
	if len(testserver.Must(org.State(ctx)).Roll) != len(before) {
		t.Fatal("a conversion not confirmed changed the roll")
	}
	if _, err := upload(t, org, "/api/setup/roll", "ds.xlsx", book.Bytes(), map[string]string{"confirm": "1", "convert": "1"}, nil); err != nil {
		t.Fatal(err)
	}
	st = testserver.Must(org.State(ctx))
	if len(st.Roll) != len(rows) {
		t.Fatalf("%d on the roll, want %d", len(st.Roll), len(rows))
	}
	for i, d := range st.Roll[kept0:] {
		if d.Name != names[i] || d.Unit != "Chi bộ "+fmt.Sprint(i%3+1) {
			t.Fatalf("delegate %d is %q of %q", i+1, d.Name, d.Unit)
		}
	}

	// The candidates, from a sheet in the same fonts.
	var election daihoi.PollView
	for _, pv := range st.Polls {
		if pv.Kind == daihoi.Election && pv.State == daihoi.Draft && election.ID == "" {
			election = pv
		}
	}
	var cands [][]any
	for i, n := range names {
		cands = append(cands, []any{i + 1, tcvn3(n)})
	}
	var sheet bytes.Buffer
	xlsx.Write(&sheet, xlsx.Sheet{Name: "UV", Header: []string{"STT", tcvn3("Họ và tên")}, Rows: cands})
	path := "/api/setup/polls/" + election.ID + "/candidates/"
	var cp server.CandidatePreview
	if _, err := upload(t, org, path+"preview", "uv.xlsx", sheet.Bytes(), nil, &cp); err != nil || len(cp.Fonts.Cells) != len(names)+1 {
		t.Fatalf("candidate preview: %v, %d cells converted", err, len(cp.Fonts.Cells))
	}
	_, err = upload(t, org, path+"import", "uv.xlsx", sheet.Bytes(), map[string]string{"confirm": "1"}, nil)
	testserver.WantBothSay(t, err, "xác nhận chuyển đổi", "confirm the conversion")
	var view daihoi.PollView
	if _, err := upload(t, org, path+"import", "uv.xlsx", sheet.Bytes(), map[string]string{"confirm": "1", "convert": "1"}, &view); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range view.Candidates {
		if c.Delegate == "" {
			t.Errorf("%q is not matched to the roll", c.Name)
		}
		got = append(got, c.Name)
	}
	// By given name, then family name, in the Vietnamese alphabet: An < Ánh < Ân < Ấu < Bình < Dũng < Đức …
	want := "Hoàng Minh An, Đặng Thị Ánh, Nguyễn Văn Ân, Phạm Thị Ấu, Vũ Thị Bình, Trần Đức Dũng, Lê Văn Đức, Đỗ Văn Út, Bùi Văn Ước, Ngô Thị Yến"
	if strings.Join(got, ", ") != want {
		t.Errorf("ballot order\n %s\nwant\n %s", strings.Join(got, ", "), want)
	}
}

// A character that belongs to no encoding is a problem with its row and column: the preview says
// so and the import, even with the conversion confirmed, stores nothing.
func TestACharacterOfNoEncodingStopsTheRollImport(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	org := h.Login("bantochuc")
	before := len(testserver.Must(org.State(ctx)).Roll)
	var book bytes.Buffer
	xlsx.Write(&book, xlsx.Sheet{Name: "DS", Header: []string{tcvn3("Họ và tên"), "STT"},
		Rows: [][]any{{tcvn3("Lê Văn Cường"), 1}, {"NguyÔn V¨n ±n", 2}}})
	var p server.RollPreview
	if _, err := upload(t, org, "/api/setup/roll/preview", "ds.xlsx", book.Bytes(), nil, &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Problems) != 1 || p.Problems[0].Row != 3 || p.Problems[0].Column != "A" || !strings.Contains(p.Problems[0].Vi, "«±»") ||
		len(p.Fonts.Problems) != 1 {
		t.Fatalf("problems %+v, fonts' %+v", p.Problems, p.Fonts.Problems)
	}
	_, err := upload(t, org, "/api/setup/roll", "ds.xlsx", book.Bytes(), map[string]string{"confirm": "1", "convert": "1"}, nil)
	testserver.WantStatus(t, "a character of no encoding", err, 400)
	testserver.WantBothSay(t, err, "dòng 3: ô A3: ký tự «±»", "line 3: cell A3: the character «±»")
	if len(testserver.Must(org.State(ctx)).Roll) != before {
		t.Fatal("a sheet with a character of no encoding changed the roll")
	}
}

// A roll in VNI fonts previews converted as one in TCVN3 does.
func TestARollInVNIIsPreviewedConverted(t *testing.T) {
	h := startHall(t)
	org := h.Login("bantochuc")
	vni := func(s string) string { return vnfonttest.AsExcel(vnfonttest.VNI(s)) }
	var book bytes.Buffer
	xlsx.Write(&book, xlsx.Sheet{Name: "DS", Header: []string{vni("Họ và tên"), vni("Đơn vị")},
		Rows: [][]any{{vni("Nguyễn Văn Ân"), vni("Chi bộ 1")}, {vni("Đặng Thị Hương"), vni("Chi bộ 2")}}})
	var p server.RollPreview
	if _, err := upload(t, org, "/api/setup/roll/preview", "ds.xlsx", book.Bytes(), nil, &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Problems) != 0 || len(p.Rows) != 2 || p.Rows[1].Delegate.Name != "Đặng Thị Hương" || p.Rows[1].Delegate.Unit != "Chi bộ 2" ||
		fmt.Sprint(p.Fonts.Encodings) != "[VNI]" || !strings.Contains(p.Fonts.Vi, "«Nguyeãn Vaên AÂn» → «Nguyễn Văn Ân»") {
		t.Fatalf("preview: problems %v, rows %+v, fonts %+v", p.Problems, p.Rows, p.Fonts)
	}
}
