package daihoi_test

import (
	"strings"
	"testing"

	"github.com/daihoi/daihoi"
)

func TestCheckIn(t *testing.T) {
	st := hall(t, 1, 3)
	d, changed, err := st.CheckIn("d2")
	if err != nil || !changed || d.Presence != daihoi.Present {
		t.Errorf("a delegate who arrives is present: %v %v %+v", err, changed, d)
	}
	if _, changed, err := st.CheckIn("d1"); err != nil || changed {
		t.Errorf("a second scan of the same card is harmless: %v, changed %v", err, changed)
	}
	st.Delegates["d3"] = daihoi.Delegate{ID: "d3", Presence: daihoi.AbsentWithReason, Reason: "ốm"}
	if d, _, _ := st.CheckIn("d3"); d.Reason != "" {
		t.Errorf("a delegate who arrives after all is no longer absent for a reason: %+v", d)
	}
	_, _, err = st.CheckIn("nobody")
	wantRefusal(t, err, daihoi.ENOTFOUND, "Delegate not found")
}

func TestSetPresence(t *testing.T) {
	tests := []struct {
		name       string
		presence   daihoi.Presence
		reason     string
		code, says string
	}{
		{"a delegate is marked present", daihoi.Present, "", "", ""},
		{"an absence with reason gives the reason", daihoi.AbsentWithReason, " công tác ", "", ""},
		{"an absence with reason without one is refused", daihoi.AbsentWithReason, "  ", daihoi.EINVALID, "please give the reason"},
		{"an absence without reason needs none", daihoi.AbsentWithoutReason, "", "", ""},
		{"a delegate marked by mistake goes back to not arrived", daihoi.NotArrived, "", "", ""},
		{"the door knows no other presence", "asleep", "", daihoi.EINVALID, "Unknown presence \"asleep\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := hall(t, 0, 2).SetPresence("d1", tt.presence, tt.reason)
			wantRefusal(t, err, tt.code, tt.says)
			if err == nil && (d.Presence != tt.presence || d.Reason != strings.TrimSpace(tt.reason)) {
				t.Errorf("recorded %+v", d)
			}
		})
	}
	_, err := hall(t, 0, 2).SetPresence("nobody", daihoi.Present, "")
	wantRefusal(t, err, daihoi.ENOTFOUND, "Delegate not found")
}

func TestContributions(t *testing.T) {
	st := hall(t, 3, 3)
	st.Congress.Topics = []string{"Kinh tế"}
	st.Documents["doc"] = daihoi.Document{ID: "doc", Title: "Báo cáo chính trị", Sections: []daihoi.Section{{Number: "1"}, {Number: "2.1"}}}
	st.Questions["q1"] = daihoi.Question{ID: "q1", Topic: "Kinh tế"}
	d := st.Delegates["d1"]
	long := strings.Repeat("ồ", daihoi.MaxText+1)
	tests := []struct {
		name       string
		do         func() error
		code, says string
	}{
		{"a delegate comments on a section of a draft", func() error {
			c, err := st.NewComment(d, daihoi.CommentRequest{Document: "doc", Section: "2.1", Text: " Đề nghị bổ sung "}, noon)
			if err == nil && (c.Text != "Đề nghị bổ sung" || c.Delegate != "d1" || !c.At.Equal(noon)) {
				t.Errorf("comment %+v", c)
			}
			return err
		}, "", ""},
		{"a comment says something", func() error {
			_, err := st.NewComment(d, daihoi.CommentRequest{Document: "doc", Section: "1", Text: "  "}, noon)
			return err
		}, daihoi.EINVALID, "The text is empty"},
		{"a comment is at most 8000 characters", func() error {
			_, err := st.NewComment(d, daihoi.CommentRequest{Document: "doc", Section: "1", Text: long}, noon)
			return err
		}, daihoi.EINVALID, "longer than 8000 characters"},
		{"a comment is on a draft loaded for the congress", func() error {
			_, err := st.NewComment(d, daihoi.CommentRequest{Document: "zz", Section: "1", Text: "x"}, noon)
			return err
		}, daihoi.ENOTFOUND, "draft document does not exist"},
		{"a comment is on a section the draft has", func() error {
			_, err := st.NewComment(d, daihoi.CommentRequest{Document: "doc", Section: "9", Text: "x"}, noon)
			return err
		}, daihoi.ENOTFOUND, "no section \"9\""},
		{"a delegate asks the presidium on a topic of the congress", func() error {
			_, err := st.NewQuestion(d, daihoi.QuestionRequest{Topic: "Kinh tế", Text: "Vì sao?"}, noon)
			return err
		}, "", ""},
		{"a question is on a topic of the list", func() error {
			_, err := st.NewQuestion(d, daihoi.QuestionRequest{Topic: "Thời tiết", Text: "Mưa không?"}, noon)
			return err
		}, daihoi.EINVALID, "Topic \"Thời tiết\" is not on the list"},
		{"the presidium marks a question answered", func() error {
			q, err := st.AnswerQuestion("q1")
			if err == nil && !q.Answered {
				t.Errorf("not answered")
			}
			return err
		}, "", ""},
		{"a question answered exists", func() error {
			_, err := st.AnswerQuestion("zz")
			return err
		}, daihoi.ENOTFOUND, "Question not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantRefusal(t, tt.do(), tt.code, tt.says) })
	}
}
