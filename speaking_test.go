package daihoi_test

import (
	"strings"
	"testing"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/demo"
)

// Each kind of contribution has its limit, set in the congress's settings or else the default.
func TestSpeakingLimitPerKindOfContribution(t *testing.T) {
	cases := []struct {
		rule   string
		limits daihoi.SpeakingLimits
		kind   string
		want   int
	}{
		{"a contribution to the discussion, none set: 7 minutes", daihoi.SpeakingLimits{}, daihoi.OpenDiscussion, 7},
		{"a prepared contribution, none set: 10 minutes", daihoi.SpeakingLimits{}, daihoi.Prepared, 10},
		{"a contribution to the discussion, 5 set: 5 minutes", daihoi.SpeakingLimits{Discussion: 5}, daihoi.OpenDiscussion, 5},
		{"a prepared contribution, 12 set: 12 minutes", daihoi.SpeakingLimits{Discussion: 5, Prepared: 12}, daihoi.Prepared, 12},
		{"a prepared contribution, only discussion set: the default", daihoi.SpeakingLimits{Discussion: 5}, daihoi.Prepared, 10},
	}
	for _, c := range cases {
		if got := c.limits.Minutes(c.kind); got != c.want {
			t.Errorf("%s: got %d minutes", c.rule, got)
		}
	}
}

// A congress file whose speaking limit is negative, or over an hour, is refused in both
// languages; a limit of 1 to 60 minutes, or none, passes.
func TestACongressFileChecksTheSpeakingLimits(t *testing.T) {
	cases := []struct {
		rule   string
		limits daihoi.SpeakingLimits
		vi, en string // "" when the file passes
	}{
		{"no limits set: the defaults", daihoi.SpeakingLimits{}, "", ""},
		{"5 minutes to discuss, 10 for a prepared contribution", daihoi.SpeakingLimits{Discussion: 5, Prepared: 10}, "", ""},
		{"an hour at most", daihoi.SpeakingLimits{Discussion: 60, Prepared: 60}, "", ""},
		{"a negative time to discuss is refused", daihoi.SpeakingLimits{Discussion: -1}, "thời gian phát biểu thảo luận (discussion) phải từ 1 đến 60 phút", "the time for a contribution to the discussion must be 1 to 60 minutes"},
		{"a negative time for a prepared contribution is refused", daihoi.SpeakingLimits{Prepared: -10}, "thời gian tham luận (prepared) phải từ 1 đến 60 phút", "the time for a prepared contribution must be 1 to 60 minutes"},
		{"more than an hour is refused", daihoi.SpeakingLimits{Prepared: 61}, "không phải 61", "not 61"},
	}
	for _, c := range cases {
		t.Run(c.rule, func(t *testing.T) {
			f := demo.New().File()
			f.Congress.Speaking = c.limits
			err := f.Check()
			if c.vi == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			vi, en := daihoi.ErrorMessages(err)
			if daihoi.ErrorCode(err) != daihoi.EINVALID || !strings.Contains(vi, "congress.speaking: ") || !strings.Contains(vi, c.vi) || !strings.Contains(en, c.en) {
				t.Fatalf("got %q / %q, want %q / %q", vi, en, c.vi, c.en)
			}
		})
	}
}
