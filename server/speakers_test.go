package server_test

import (
	"context"
	"net/http"
	"reflect"
	"testing"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/internal/testserver"
)

// A delegate asks ahead to speak on an item still to come (a prepared contribution to the
// discussion); the presidium may approve it at once, but gives the floor only once that item runs.
// An item that is over, or skipped, takes no more requests. A refusal changes nothing.
func TestARequestToSpeakAheadWaitsForItsItem(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	pres := h.Login("dct1")
	d := h.SeatHolders()[0]
	h.CheckIn([]daihoi.Delegate{d})
	tablet := h.Tablet(d)
	agenda := testserver.Must(pres.AgendaNext(ctx)) // the first item runs
	var discussion daihoi.AgendaItem
	for _, it := range agenda {
		if it.Kind == "discussion" {
			discussion = it
		}
	}

	var sp daihoi.Speaker
	if err := tablet.Post(ctx, "/api/speakers", daihoi.SpeakerRequest{Item: discussion.ID, Kind: daihoi.Prepared, Title: "Chuyển đổi số ở phường"}, &sp); err != nil {
		t.Fatalf("asking ahead for %q: %v", discussion.Title, err)
	}
	if sp.Item != discussion.ID || sp.State != daihoi.Requested {
		t.Fatalf("the request is %+v, want one waiting on %q", sp, discussion.Title)
	}
	if err := pres.Post(ctx, "/api/speakers/"+sp.ID+"/approve", nil, nil); err != nil {
		t.Fatalf("approving ahead: %v", err)
	}

	// The floor is not given on another item than the one running.
	before := testserver.Must(pres.State(ctx))
	err := pres.Post(ctx, "/api/speakers/"+sp.ID+"/call", nil, nil)
	testserver.WantStatus(t, "calling a speaker of an item to come", err, http.StatusConflict)
	testserver.WantBothSay(t, err, discussion.Title, discussion.Title)
	// Nobody asks to speak on an item that is over (the first, once the second runs), nor on one
	// skipped.
	agenda = testserver.Must(pres.AgendaNext(ctx))
	skipped := agenda[3]
	if err := pres.Post(ctx, "/api/agenda/"+skipped.ID+"/skip", nil, nil); err != nil {
		t.Fatal(err)
	}
	err = tablet.Post(ctx, "/api/speakers", daihoi.SpeakerRequest{Item: agenda[0].ID, Kind: daihoi.OpenDiscussion}, nil)
	testserver.WantStatus(t, "asking to speak on an item that is over", err, http.StatusConflict)
	testserver.WantBothSay(t, err, "đã kết thúc", "is over")
	err = tablet.Post(ctx, "/api/speakers", daihoi.SpeakerRequest{Item: skipped.ID, Kind: daihoi.OpenDiscussion}, nil)
	testserver.WantStatus(t, "asking to speak on an item skipped", err, http.StatusConflict)
	testserver.WantBothSay(t, err, "đã được bỏ qua", "was skipped")

	if after := testserver.Must(pres.State(ctx)); !reflect.DeepEqual(after.Speakers, before.Speakers) {
		t.Errorf("the refusals changed the registrations: %+v, before %+v", after.Speakers, before.Speakers)
	}

	// Once its item runs, the speaker is called.
	if err := pres.Post(ctx, "/api/agenda/open", map[string]string{"item": discussion.ID}, nil); err != nil {
		t.Fatal(err)
	}
	var called daihoi.Speaker
	if err := pres.Post(ctx, "/api/speakers/"+sp.ID+"/call", nil, &called); err != nil {
		t.Fatalf("calling the speaker once the item runs: %v", err)
	}
	if called.State != daihoi.Speaking {
		t.Errorf("called speaker is %q, want speaking", called.State)
	}
}
