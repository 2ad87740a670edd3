package server

import (
	"golang.org/x/crypto/bcrypt"

	"github.com/daihoi/daihoi"
)

// Account is an operator with a password to hash.
type Account struct {
	Operator daihoi.Operator
	Password string
}

// Install is a whole congress to set up on an empty store: the organisers' preparation, or the demo.
type Install struct {
	Congress  daihoi.Congress
	Roll      daihoi.Roll
	Accounts  []Account
	Agenda    []daihoi.AgendaItem
	Documents []daihoi.Document
	Polls     []daihoi.Poll
	// Cost is the bcrypt cost of the passwords; 0 means bcrypt.DefaultCost.
	Cost int
}

// Install writes a congress into an empty store in one change, and gives every delegate a card
// with a new sign-in code. It returns the codes by delegate id.
func (s *Server) Install(in Install) (map[string]string, error) {
	cost := in.Cost
	if cost == 0 {
		cost = bcrypt.DefaultCost
	}
	hashed := make([]daihoi.Operator, len(in.Accounts))
	for i, a := range in.Accounts {
		if len(a.Password) < 8 {
			return nil, daihoi.Errorf(daihoi.EINVALID, "mật khẩu của %s phải có ít nhất 8 ký tự", "the password of %s must have at least 8 characters", a.Operator.Name)
		}
		h, err := bcrypt.GenerateFromPassword([]byte(a.Password), cost)
		if err != nil {
			return nil, err
		}
		hashed[i] = a.Operator
		hashed[i].Hash = string(h)
	}
	if in.Congress.ID == "" || in.Congress.Title == "" {
		return nil, daihoi.Errorf(daihoi.EINVALID, "đại hội cần có mã và tên", "the congress needs an id and a title")
	}
	if _, err := daihoi.LookupRuleset(in.Congress.Ruleset); err != nil {
		return nil, err
	}
	codes := map[string]string{}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state.Congress.ID != "" {
		return nil, daihoi.Errorf(daihoi.ECONFLICT, "dữ liệu đã có đại hội %q", "the data already holds the congress %q", s.state.Congress.Title)
	}
	c := daihoi.NewChange("", s.now())
	c.Put(daihoi.KCongress, "congress", in.Congress)
	for _, d := range in.Roll {
		c.Put(daihoi.KDelegate, d.ID, d)
		code := NewCode()
		codes[d.ID] = code
		c.Put(daihoi.KCard, code, d.ID)
	}
	for _, o := range hashed {
		c.Put(daihoi.KOperator, o.ID, o)
	}
	c.Put(daihoi.KAgenda, "agenda", in.Agenda)
	for _, d := range in.Documents {
		c.Put(daihoi.KDocument, d.ID, d)
	}
	for _, p := range in.Polls {
		if err := p.Check(); err != nil {
			return nil, err
		}
		c.Put(daihoi.KPoll, p.ID, p)
	}
	c.Emit(daihoi.EvCongress, in.Congress)
	if err := s.commitLocked(c); err != nil {
		return nil, err
	}
	return codes, nil
}
