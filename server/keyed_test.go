package server_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
	"github.com/daihoi/daihoi/internal/testserver"
)

// The keying screen's preview is the server's reading of each text, as Enter would store it; only
// the tellers ask for it.
func TestTellersPreviewKeyedBallots(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	pres := h.Login("dct1")
	req := daihoi.PollRequest{Kind: daihoi.Election, Title: "Bầu thử", Seats: 3, Tablet: true}
	for _, d := range h.SeatHolders()[:5] {
		req.Candidates = append(req.Candidates, daihoi.CandidateRequest{ID: d.ID, Name: d.Name})
	}
	p := testserver.Must(pres.CreatePoll(ctx, req))
	var got []daihoi.KeyedEntry
	teller := h.Login("kiemphieu1")
	if err := teller.Post(ctx, "/api/polls/"+p.ID+"/paper/preview", map[string][]string{"texts": {"5 3 1", "1 2 3 4", "1 9"}}, &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("%d entries for 3 texts", len(got))
	}
	if e := got[0]; e.Text != "1 3 5" || len(e.Kept) != 3 || e.Invalid != "" || e.Error != nil {
		t.Errorf("'5 3 1' reads %+v, want 1 3 5 kept, valid", e)
	}
	if e := got[1]; e.Invalid != daihoi.ReasonOverSeats {
		t.Errorf("four names for three seats read %+v, want invalid over_seats", e)
	}
	if e := got[2]; e.Error == nil || e.Error.Message != "phiếu chỉ có 5 tên: không có tên số 9" || e.Error.MessageEn != "the ballot has 5 names: there is no name 9" {
		t.Errorf("'1 9' reads %+v, want the refusal in both languages", e)
	}
	err := teller.Post(ctx, "/api/polls/nothing/paper/preview", map[string][]string{"texts": {"1"}}, nil)
	testserver.WantStatus(t, "preview of no poll", err, http.StatusNotFound)
	err = pres.Post(ctx, "/api/polls/"+p.ID+"/paper/preview", map[string][]string{"texts": {"1"}}, nil)
	if s := client.Status(err); s != http.StatusForbidden {
		t.Errorf("the presidium reads a preview: %v", err)
	}
}
