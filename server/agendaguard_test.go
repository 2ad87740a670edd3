package server_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/internal/testserver"
)

// Leaving an item with a vote open is refused with the reason, in both languages, confirmed or
// not; leaving it with a vote never held or a speaker waiting is refused until the presidium
// confirms, naming them; confirmed, the next item runs.
func TestLeavingAnItemWithBusinessLeft(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	h.CheckIn(h.SeatHolders())
	pres := h.Login("dct1")
	agenda := testserver.Must(pres.AgendaNext(ctx))
	item := agenda[daihoi.Agenda(agenda).Current()]

	vote := testserver.Must(pres.CreatePoll(ctx, daihoi.PollRequest{Kind: daihoi.Motion, Title: "Thông qua chương trình làm việc buổi sáng", Mode: daihoi.Hands, AgendaItem: item.ID}))
	testserver.Must(pres.PollAction(ctx, vote.ID, "open"))
	for _, confirm := range []bool{false, true} {
		err := pres.Post(ctx, "/api/agenda/next", daihoi.ItemRef{Confirm: confirm}, nil)
		testserver.WantStatus(t, "next with a vote open", err, http.StatusConflict)
		testserver.WantBothSay(t, err, "hãy kết thúc biểu quyết trước khi rời mục", "close the vote before leaving the item")
	}
	err := pres.Post(ctx, "/api/agenda/"+item.ID+"/done", nil, nil)
	testserver.WantStatus(t, "ending the item with a vote open", err, http.StatusConflict)
	if err := pres.Post(ctx, "/api/polls/"+vote.ID+"/counts", daihoi.Counts{For: 120}, nil); err != nil {
		t.Fatal(err)
	}

	// A vote never held and a delegate waiting to speak: asked about, by name.
	testserver.Must(pres.CreatePoll(ctx, daihoi.PollRequest{Kind: daihoi.Motion, Title: "Thông qua danh sách khách mời", Mode: daihoi.Hands, AgendaItem: item.ID}))
	speaker := h.SeatHolders()[0]
	if err := h.Tablet(speaker).Post(ctx, "/api/speakers", daihoi.SpeakerRequest{Kind: daihoi.OpenDiscussion}, nil); err != nil {
		t.Fatal(err)
	}
	err = pres.Post(ctx, "/api/agenda/next", nil, nil)
	testserver.WantStatus(t, "next with business left", err, http.StatusConflict)
	testserver.WantBothSay(t, err, "biểu quyết chưa tiến hành «Thông qua danh sách khách mời»", "the vote “Thông qua danh sách khách mời” never held")
	testserver.WantBothSay(t, err, "1 đại biểu chờ phát biểu ("+speaker.Name+")", "1 speaker waiting ("+speaker.Name+")")
	if now := testserver.Must(pres.State(ctx)).Agenda; now[daihoi.Agenda(now).Current()].ID != item.ID {
		t.Fatal("a refused move changed the agenda")
	}
	agenda = testserver.Must(pres.AgendaNextAnyway(ctx))
	if cur := daihoi.Agenda(agenda).Current(); cur < 0 || agenda[cur].ID == item.ID {
		t.Fatalf("confirmed, the next item runs: %+v", agenda)
	}
}
