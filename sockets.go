package daihoi

// Sockets bounds the websockets the server keeps open, so that one laptop on the hall's Wi-Fi
// cannot hold thousands of them (each holds memory and a file). Zero takes the default.
type Sockets struct {
	// PerScreenAccount bounds the screens open at once under one sign-in of a screen account (the
	// hall's displays, observers): a congress with many projectors or an overflow room raises it.
	PerScreenAccount int `json:"per_screen_account,omitempty"`
	// PerAddress bounds the sockets from one network address: one laptop, one tablet. A hall whose
	// tablets reach the server through one router (NAT) raises it above the default; sign-ins are
	// then no longer limited by address either, only by account and by card.
	PerAddress int `json:"per_address,omitempty"`
}

const (
	// SocketsPerSession is what one sign-in of a person (a delegate's card, an operator's password)
	// may hold at once: a tablet that reloads opens a new socket before the old one is gone, and a
	// delegate may follow on a second device.
	SocketsPerSession = 4
	// DefaultSocketsPerScreenAccount and DefaultSocketsPerAddress apply when the congress sets none.
	DefaultSocketsPerScreenAccount = 20
	DefaultSocketsPerAddress       = 64
)

// PerSession is how many sockets one sign-in of role may hold at once. A new socket beyond it
// closes the oldest: the newest is the screen somebody is looking at.
func (s Sockets) PerSession(role Role) int {
	if role != HallDisplay && role != Observer {
		return SocketsPerSession
	}
	if s.PerScreenAccount > 0 {
		return s.PerScreenAccount
	}
	return DefaultSocketsPerScreenAccount
}

// FromAddress is how many sockets one network address may hold at once; one more is refused.
func (s Sockets) FromAddress() int {
	if s.PerAddress > 0 {
		return s.PerAddress
	}
	return DefaultSocketsPerAddress
}

// Check refuses limits that are no counts.
func (s Sockets) Check() error {
	if s.PerScreenAccount < 0 || s.PerAddress < 0 {
		return Errorf(EINVALID, "giới hạn kết nối không được là số âm (sockets: per_screen_account %d, per_address %d)",
			"socket limits must not be negative (sockets: per_screen_account %d, per_address %d)", s.PerScreenAccount, s.PerAddress)
	}
	return nil
}
