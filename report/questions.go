package report

import (
	"slices"
	"sort"

	"github.com/daihoi/daihoi"
)

// QuestionTopic is one topic's questions from the delegates to the presidium.
type QuestionTopic struct {
	Topic     string // "" for a question with no topic chosen
	Questions []daihoi.Question
	Open      int // not yet answered
}

// QuestionsByTopic groups the delegates' questions to the presidium as the secretariat's screen
// shows them: by topic, in the congress's order of topics and then any other in the order first
// asked; in each, the questions not yet answered first, each part in the order they came. It
// counts them and those not yet answered. What it returns shares nothing with st.
func QuestionsByTopic(st *daihoi.State) (topics []QuestionTopic, total, open int) {
	var list []daihoi.Question
	for _, q := range st.Questions {
		list = append(list, q)
	}
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.Answered != b.Answered {
			return !a.Answered
		}
		if !a.At.Equal(b.At) {
			return a.At.Before(b.At)
		}
		return a.ID < b.ID
	})
	order := slices.Clone(st.Congress.Topics)
	by := map[string][]daihoi.Question{}
	for _, q := range list {
		by[q.Topic] = append(by[q.Topic], q)
	}
	first := map[string]daihoi.Question{} // the first question of each topic not in the congress's list
	for _, q := range list {
		if f, ok := first[q.Topic]; !slices.Contains(order, q.Topic) && (!ok || q.At.Before(f.At)) {
			first[q.Topic] = q
		}
	}
	var others []string
	for t := range first {
		others = append(others, t)
	}
	sort.Slice(others, func(i, j int) bool { return first[others[i]].At.Before(first[others[j]].At) })
	for _, t := range append(order, others...) {
		qs := by[t]
		if len(qs) == 0 {
			continue
		}
		qt := QuestionTopic{Topic: t, Questions: qs}
		for _, q := range qs {
			if !q.Answered {
				qt.Open++
			}
		}
		topics = append(topics, qt)
		total += len(qs)
		open += qt.Open
	}
	return topics, total, open
}
