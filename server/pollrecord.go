package server

// What a poll shows once its vote is over: its record (daihoi/poll-v1), who voted, the named
// choices of an open vote on tablets, the published receipts.

import (
	"encoding/json"
	"net/http"
	"sort"

	"github.com/daihoi/daihoi"
)

// mayCount refuses the ballots of a poll (the record, the entry log) to a role that may not see its
// result yet (Poll.BallotsVisibleTo).
func (s *Server) mayCount(id string, role daihoi.Role) error {
	p, err := s.poll(id)
	if err != nil {
		return nil // the caller says that there is no such poll
	}
	return p.BallotsVisibleTo(role)
}

// PollRecord returns a closed poll as a daihoi/poll-v1 record.
func (s *Server) PollRecord(id string) (daihoi.Record, error) {
	p, err := s.poll(id)
	if err == nil {
		err = p.Ended()
	}
	if err != nil {
		return daihoi.Record{}, err
	}
	if p.Mode == daihoi.Hands {
		s.mu.RLock()
		counts, ok := s.state.Counts[id]
		s.mu.RUnlock()
		if !ok {
			return daihoi.Record{}, daihoi.ErrNoCounts
		}
		return p.Record(nil, &counts), nil
	}
	ballots, err := s.pollBallots(p) // the tablet box and the final paper ballots
	if err != nil {
		return daihoi.Record{}, err
	}
	return p.Record(ballots, nil), nil
}

func (s *Server) pollRecord(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	if err := s.mayCount(r.PathValue("id"), sess.Role); err != nil {
		s.writeError(w, r, err)
		return
	}
	rec, err := s.PollRecord(r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="poll-`+r.PathValue("id")+`.json"`)
	writeJSON(w, http.StatusOK, rec)
}

func (s *Server) pollVoters(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	voters, err := s.store.Voters(r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.mu.RLock()
	out := make([]daihoi.VoterStatus, 0, len(voters))
	for id, voted := range voters {
		d := s.state.Delegates[id]
		out = append(out, daihoi.VoterStatus{Delegate: id, Number: d.Number, Name: d.Name, Voted: voted})
	}
	s.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) namedChoices(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	p, err := s.poll(r.PathValue("id"))
	if err == nil {
		err = p.NamedChoicesVisible()
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	raw, err := s.store.Box(p.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.mu.RLock()
	var out []daihoi.NamedChoice
	for _, b := range raw {
		var bx boxed
		if json.Unmarshal(b, &bx) == nil {
			out = append(out, daihoi.NamedChoice{Delegate: bx.Voter, Name: s.state.Delegates[bx.Voter].Name, Choice: bx.Choice})
		}
	}
	s.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	writeJSON(w, http.StatusOK, out)
}

// receipts lists a published poll's receipt codes, sorted, with no contents: every delegate can
// check that their ballot was counted.
func (s *Server) receipts(w http.ResponseWriter, r *http.Request, sess daihoi.Session) {
	p, err := s.poll(r.PathValue("id"))
	if err == nil {
		err = p.ReceiptsVisible()
	}
	var list []string
	if err == nil {
		list, err = s.store.Receipts(p.ID)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"poll": p.ID, "receipts": append([]string{}, list...)})
}
