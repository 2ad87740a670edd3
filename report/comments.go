package report

import (
	"io"
	"sort"

	"github.com/daihoi/daihoi"
)

type commentSection struct {
	daihoi.Section
	Comments []daihoi.Comment
}

// CommentDoc is one draft document's comments, by section.
type CommentDoc struct {
	Title    string
	Count    int
	Sections []commentSection
}

type commentsData struct {
	Page
	Total     int
	Docs      []CommentDoc
	Questions []QuestionTopic
	QTotal    int // questions in all
	QOpen     int // of them, not yet answered
}

// CommentsByDocument groups the comments by document (by title) and section (in the document's
// order), each section's comments in the order they came, and counts them. What it returns
// shares nothing with st.
func CommentsByDocument(st *daihoi.State) ([]CommentDoc, int) {
	var docs []daihoi.Document
	for _, d := range st.Documents {
		docs = append(docs, d)
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].Title < docs[j].Title })
	by := map[string][]daihoi.Comment{}
	total := 0
	for _, c := range st.Comments {
		by[c.Document+"\x00"+c.Section] = append(by[c.Document+"\x00"+c.Section], c)
		total++
	}
	var out []CommentDoc
	for _, d := range docs {
		cd := CommentDoc{Title: d.Title}
		for _, sec := range d.Sections {
			list := by[d.ID+"\x00"+sec.Number]
			sort.Slice(list, func(i, j int) bool { return list[i].At.Before(list[j].At) })
			cd.Count += len(list)
			cd.Sections = append(cd.Sections, commentSection{Section: sec, Comments: list})
		}
		out = append(out, cd)
	}
	return out, total
}

// Comments writes the secretariat's summary of the delegates' questions to the presidium, as
// grouped by QuestionsByTopic, and of the comments on the drafts (tổng hợp ý kiến góp ý), as
// grouped by CommentsByDocument.
func Comments(w io.Writer, p Page, docs []CommentDoc, total int, questions []QuestionTopic) error {
	d := commentsData{Page: p, Total: total, Docs: docs, Questions: questions}
	for _, t := range questions {
		d.QTotal += len(t.Questions)
		d.QOpen += t.Open
	}
	return execute(w, "comments.html", d)
}
