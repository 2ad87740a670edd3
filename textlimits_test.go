package daihoi_test

import (
	"strings"
	"testing"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/demo"
)

// Every text a person sends has a length the screens and the printed pages can hold; a longer one
// is refused with what was too long and by how much, in both languages, and nothing is kept. A
// Vietnamese letter counts as one character, however many bytes it takes.
func TestEveryTextHasALengthLimit(t *testing.T) {
	long := func(n int) string { return strings.Repeat("ệ", n) } // 3 bytes a letter
	st := discussion(t)
	st.Congress.Topics = []string{"Kinh tế"}
	st.Documents["doc"] = daihoi.Document{ID: "doc", Title: "Báo cáo chính trị", Sections: []daihoi.Section{{Number: "1"}}}
	d := st.Delegates["d3"]
	rows := []struct {
		name string
		send func() error
		says string // "" for taken
	}{
		{"a speaker's title of 300 letters is taken", func() error {
			_, err := st.RegisterSpeaker(d, daihoi.SpeakerRequest{Kind: daihoi.Prepared, Title: long(300)}, noon)
			return err
		}, ""},
		{"a speaker's title of 301 letters is refused", func() error {
			_, err := st.RegisterSpeaker(d, daihoi.SpeakerRequest{Kind: daihoi.Prepared, Title: long(301)}, noon)
			return err
		}, "The title of the contribution is longer than 300 characters (it has 301)"},
		{"a speaker's title of 900 kB is refused", func() error {
			_, err := st.RegisterSpeaker(d, daihoi.SpeakerRequest{Kind: daihoi.Prepared, Title: long(300_000)}, noon)
			return err
		}, "longer than 300 characters"},
		{"a question of 8,000 letters is taken", func() error {
			_, err := st.NewQuestion(d, daihoi.QuestionRequest{Topic: "Kinh tế", Text: long(8000)}, noon)
			return err
		}, ""},
		{"a question of 8,001 letters is refused", func() error {
			_, err := st.NewQuestion(d, daihoi.QuestionRequest{Topic: "Kinh tế", Text: long(8001)}, noon)
			return err
		}, "longer than 8000 characters"},
		{"a comment of 8,001 letters is refused", func() error {
			_, err := st.NewComment(d, daihoi.CommentRequest{Document: "doc", Section: "1", Text: long(8001)}, noon)
			return err
		}, "longer than 8000 characters"},
		{"an agenda item's title of 301 letters is refused", func() error {
			_, err := daihoi.Agenda(st.Agenda).Insert("", daihoi.AgendaItem{ID: "new", Title: long(301)})
			return err
		}, "The item's title is longer than 300 characters"},
		{"a poll's title of 301 letters is refused", func() error {
			_, err := st.DraftPoll(daihoi.PollRequest{Kind: daihoi.Motion, Mode: daihoi.Hands, Title: long(301)})
			return err
		}, "The poll's title is longer than 300 characters"},
		{"a candidate's name of 121 letters is refused", func() error {
			_, err := st.DraftPoll(daihoi.PollRequest{Kind: daihoi.Election, Title: "Bầu Ban chấp hành", Seats: 1,
				Candidates: []daihoi.CandidateRequest{{Name: "Nguyễn Văn A"}, {Name: long(121)}}})
			return err
		}, "A candidate's name is longer than 120 characters"},
		{"a draft document's title of 301 letters is refused", func() error {
			return daihoi.Document{ID: "x", Title: long(301), Sections: []daihoi.Section{{Number: "1"}}}.Check()
		}, "The draft document's title is longer than 300 characters"},
		{"a section's title of 301 letters is refused", func() error {
			return daihoi.Document{ID: "x", Title: "Dự thảo", Sections: []daihoi.Section{{Number: "1", Title: long(300)}}}.Check()
		}, "The title of section 1 is longer than 300 characters"},
		{"the reason for an absence of 501 letters is refused", func() error {
			_, err := st.SetPresence("d4", daihoi.AbsentWithReason, long(501))
			return err
		}, "The reason for the absence is longer than 500 characters"},
		{"a delegate's name of 121 letters in the congress file is refused", func() error {
			f := demo.New().File()
			f.Roll[0].Name = long(121)
			return f.Check()
		}, "roll[0]: The name is longer than 120 characters"},
		{"a unit of 121 letters in the congress file is refused", func() error {
			f := demo.New().File()
			f.Roll[1].Unit = long(121)
			return f.Check()
		}, "roll[1]: The unit is longer than 120 characters"},
		{"an operator's full name of 121 letters in the congress file is refused", func() error {
			f := demo.New().File()
			f.Accounts[0].FullName = long(121)
			return f.Check()
		}, "accounts[0]: The full name is longer than 120 characters"},
	}
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			err := row.send()
			if row.says == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if daihoi.ErrorCode(err) != daihoi.EINVALID {
				t.Fatalf("got %v, want a refusal of invalid input", err)
			}
			vi, en := daihoi.ErrorMessages(err)
			if !strings.Contains(en, row.says) || !strings.Contains(vi, "dài quá") {
				t.Fatalf("the refusal says %q / %q, want %q", vi, en, row.says)
			}
		})
	}
}
