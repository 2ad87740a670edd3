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
	if s.state.Congress.ID != "" && !s.state.Unprepared() {
		return nil, daihoi.Errorf(daihoi.ECONFLICT, "dữ liệu đã có đại hội %q", "the data already holds the congress %q", s.state.Congress.Title)
	}
	c := daihoi.NewChange("", s.now())
	for id := range s.state.Operators { // the empty congress's organiser gives way to the file's accounts
		c.Delete(daihoi.KOperator, id)
	}
	err := s.store.Each(daihoi.KSession, func(k string, _ []byte) error { // and is signed out
		c.Delete(daihoi.KSession, k)
		return nil
	})
	if err != nil {
		return nil, err
	}
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
	return codes, nil
}

// BlankOrganiser is the sign-in name of the organiser's account on a new, empty congress.
const BlankOrganiser = "bantochuc"

// InstallBlank sets up an empty congress on an empty store, with one organiser account and a new
// random password, returned to be shown once: the organisers then prepare everything on the setup
// screen. cost is the bcrypt cost (0: the default).
func (s *Server) InstallBlank(cost int) (name, password string, err error) {
	if cost == 0 {
		cost = bcrypt.DefaultCost
	}
	password = NewPassword()
	h, err := bcrypt.GenerateFromPassword([]byte(password), cost)
	if err != nil {
		return "", "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state.Congress.ID != "" {
		return "", "", daihoi.Errorf(daihoi.ECONFLICT, "dữ liệu đã có đại hội %q", "the data already holds the congress %q", s.state.Congress.Title)
	}
	c := daihoi.NewChange("", s.now())
	congress := daihoi.BlankCongress(newID())
	c.Put(daihoi.KCongress, "congress", congress)
	o := daihoi.Operator{ID: newID(), Name: BlankOrganiser, FullName: "Ban tổ chức", Role: daihoi.Organiser, Hash: string(h)}
	c.Put(daihoi.KOperator, o.ID, o)
	c.Put(daihoi.KAgenda, "agenda", []daihoi.AgendaItem{})
	c.Emit(daihoi.EvCongress, congress)
	return BlankOrganiser, password, s.commitLocked(c)
}

// Blank reports whether the store holds no congress, or only the empty one InstallBlank made and
// nothing prepared in it yet: a congress file may be installed.
func (s *Server) Blank() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.state.Congress.ID == "" || s.state.Unprepared()
}
