package server

import (
	"golang.org/x/crypto/bcrypt"

	"github.com/daihoi/daihoi"
)

// Install is a whole congress to set up on an empty store (the organisers' file, or the demo's)
// and the bcrypt cost of its passwords (0 means bcrypt.DefaultCost).
type Install struct {
	daihoi.CongressFile
	Cost int
}

// Install checks a congress (CongressFile.Check) and writes it into an empty store in one change,
// giving every delegate a card with a new sign-in code. It returns the codes by delegate id (the
// store keeps only their hashes: the demo prints a few in its banner, tests sign in with them). A
// congress that does not pass writes nothing.
func (s *Server) Install(in Install) (map[string]string, error) {
	if err := in.Check(); err != nil {
		return nil, err
	}
	cost := in.Cost
	if cost == 0 {
		cost = bcrypt.DefaultCost
	}
	hashed := make([]daihoi.Operator, len(in.Accounts))
	for i, a := range in.Accounts {
		h, err := bcrypt.GenerateFromPassword([]byte(a.Password), cost)
		if err != nil {
			return nil, err
		}
		hashed[i] = a.Operator
		hashed[i].Hash = string(h)
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
		c.Put(daihoi.KCard, cardKey(code), d.ID)
	}
	for _, o := range hashed {
		c.Put(daihoi.KOperator, o.ID, o)
	}
	c.Put(daihoi.KAgenda, "agenda", in.Agenda)
	for _, d := range in.Documents {
		c.Put(daihoi.KDocument, d.ID, d)
	}
	for _, p := range in.Polls {
		c.Put(daihoi.KPoll, p.ID, p)
	}
	c.Emit(daihoi.EvCongress, in.Congress)
	if err := s.commitLocked(c); err != nil {
		return nil, err
	}
	s.kickBackup() // the first copy to the second disk
	return codes, nil
}
