package daihoi

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Delegates' written contributions: comments on a section of a draft document (góp ý dự thảo văn
// kiện) and questions to the presidium by topic. Each is built here, checked, for the caller to give
// an id and write.

// MaxText is the longest comment or question, in characters.
const MaxText = 8000

// CheckText trims a delegate's text and refuses it empty or longer than MaxText.
func CheckText(text string) (string, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", Errorf(EINVALID, "Nội dung trống.", "The text is empty.")
	}
	if utf8.RuneCountInString(text) > MaxText {
		return "", Errorf(EINVALID, "Nội dung dài quá %d ký tự.", "The text is longer than %d characters.", MaxText)
	}
	return text, nil
}

// NewComment is delegate d's comment, at the time given, on a section of a draft document loaded
// for the congress.
func (s *State) NewComment(d Delegate, in CommentRequest, at time.Time) (Comment, error) {
	text, err := CheckText(in.Text)
	if err != nil {
		return Comment{}, err
	}
	doc, ok := s.Documents[in.Document]
	if !ok {
		return Comment{}, Errorf(ENOTFOUND, "Không có dự thảo văn kiện này.", "This draft document does not exist.")
	}
	if !slices.ContainsFunc(doc.Sections, func(sec Section) bool { return sec.Number == in.Section }) {
		return Comment{}, Errorf(ENOTFOUND, "Dự thảo không có mục %q.", "The draft has no section %q.", in.Section)
	}
	return Comment{Document: doc.ID, Section: in.Section, Delegate: d.ID, Name: d.Name, Unit: d.Unit, Text: text, At: at}, nil
}

// NewQuestion is delegate d's question to the presidium, at the time given, on one of the
// congress's topics.
func (s *State) NewQuestion(d Delegate, in QuestionRequest, at time.Time) (Question, error) {
	text, err := CheckText(in.Text)
	if err != nil {
		return Question{}, err
	}
	if !slices.Contains(s.Congress.Topics, in.Topic) {
		return Question{}, Errorf(EINVALID, "Lĩnh vực %q không có trong danh sách.", "Topic %q is not on the list.", in.Topic)
	}
	return Question{Topic: in.Topic, Delegate: d.ID, Name: d.Name, Unit: d.Unit, Text: text, At: at}, nil
}

// AnswerQuestion marks a question answered.
func (s *State) AnswerQuestion(id string) (Question, error) {
	q, ok := s.Questions[id]
	if !ok {
		return q, Errorf(ENOTFOUND, "Không tìm thấy câu hỏi.", "Question not found.")
	}
	q.Answered = true
	return q, nil
}
