package daihoi

import "strings"

// The door (bàn đón tiếp): checking a delegate in, and recording who is absent and why.

// ErrNoDelegate is the answer about a person who is not on the roll.
var ErrNoDelegate = Errorf(ENOTFOUND, "Không tìm thấy đại biểu.", "Delegate not found.")

// CheckIn marks a delegate present. A second scan of the same card is harmless: it reports no
// change.
func (s *State) CheckIn(id string) (d Delegate, changed bool, err error) {
	d, ok := s.Delegates[id]
	if !ok {
		return d, false, ErrNoDelegate
	}
	if d.Presence == Present {
		return d, false, nil
	}
	d.Presence, d.Reason = Present, ""
	return d, true, nil
}

// SetPresence records where a delegate stands: present, not arrived, or absent with or without
// reason; an absence with reason gives the reason (the base leaves out some who are absent with
// reason, and the credential report names it).
func (s *State) SetPresence(id string, p Presence, reason string) (Delegate, error) {
	reason = strings.TrimSpace(reason)
	if err := CheckLength(reason, MaxReason, "Lý do vắng mặt", "The reason for the absence"); err != nil {
		return Delegate{}, err
	}
	switch p {
	case Present, NotArrived, AbsentWithoutReason:
	case AbsentWithReason:
		if reason == "" {
			return Delegate{}, Errorf(EINVALID, "Vắng mặt có lý do: hãy ghi lý do.", "Absent with reason: please give the reason.")
		}
	default:
		return Delegate{}, Errorf(EINVALID, "Trạng thái %q không hợp lệ (present, absent_reason, absent_noreason).", "Unknown presence %q (present, absent_reason, absent_noreason).", p)
	}
	d, ok := s.Delegates[id]
	if !ok {
		return d, ErrNoDelegate
	}
	d.Presence, d.Reason = p, reason
	return d, nil
}
