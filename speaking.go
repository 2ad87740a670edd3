package daihoi

// Speaking time (thời gian phát biểu): the congress's settings give each kind of contribution a
// limit in minutes: an open contribution to the discussion, a prepared contribution (tham luận).
// A speaker called to the floor carries the limit of their kind; the presidium's and the hall's
// clocks turn amber in its last minute and red once it is over.

// Default speaking limits, in minutes, when the congress file sets none.
const (
	DefaultDiscussionMinutes = 7
	DefaultPreparedMinutes   = 10
)

// SpeakingLimits is the limit of each kind of contribution in minutes; 0 takes the default.
type SpeakingLimits struct {
	Discussion int `json:"discussion,omitempty"` // phát biểu thảo luận
	Prepared   int `json:"prepared,omitempty"`   // tham luận
}

// Minutes is the limit for a contribution of the kind given.
func (l SpeakingLimits) Minutes(kind string) int {
	if kind == Prepared {
		return cmp0(l.Prepared, DefaultPreparedMinutes)
	}
	return cmp0(l.Discussion, DefaultDiscussionMinutes)
}

func cmp0(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// MaxSpeakingMinutes bounds a limit: a contribution of more than an hour is no limit at all.
const MaxSpeakingMinutes = 60

// Check refuses a limit that is negative or longer than an hour.
func (l SpeakingLimits) Check() error {
	if l.Discussion < 0 || l.Discussion > MaxSpeakingMinutes {
		return Errorf(EINVALID, "thời gian phát biểu thảo luận (discussion) phải từ 1 đến %d phút (0: mặc định %d), không phải %d",
			"the time for a contribution to the discussion must be 1 to %d minutes (0: the default, %d), not %d", MaxSpeakingMinutes, DefaultDiscussionMinutes, l.Discussion)
	}
	if l.Prepared < 0 || l.Prepared > MaxSpeakingMinutes {
		return Errorf(EINVALID, "thời gian tham luận (prepared) phải từ 1 đến %d phút (0: mặc định %d), không phải %d",
			"the time for a prepared contribution must be 1 to %d minutes (0: the default, %d), not %d", MaxSpeakingMinutes, DefaultPreparedMinutes, l.Prepared)
	}
	return nil
}
