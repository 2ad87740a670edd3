package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
)

// A delegate asks ahead to speak on an item still to come (a prepared contribution to the
// discussion); the presidium may approve it at once, but gives the floor only once that item runs.
// An item that is over takes no more requests. A refusal changes nothing.
func TestARequestToSpeakAheadWaitsForItsItem(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	pres := h.login("dct1")
	d := h.seatHolders()[0]
	h.checkIn([]daihoi.Delegate{d})
	tablet := h.tablet(d)
	agenda := must(pres.AgendaNext(ctx)) // the first item runs
	later := agenda[len(agenda)-2]

	var sp daihoi.Speaker
	if err := tablet.Post(ctx, "/api/speakers", daihoi.SpeakerRequest{Item: later.ID, Kind: daihoi.Prepared, Title: "Chuyển đổi số ở phường"}, &sp); err != nil {
		t.Fatalf("asking ahead for %q: %v", later.Title, err)
	}
	if sp.Item != later.ID || sp.State != daihoi.Requested {
		t.Fatalf("the request is %+v, want one waiting on %q", sp, later.Title)
	}
	if err := pres.Post(ctx, "/api/speakers/"+sp.ID+"/approve", nil, nil); err != nil {
		t.Fatalf("approving ahead: %v", err)
	}

	// The floor is not given on another item than the one running.
	before := must(pres.State(ctx))
	err := pres.Post(ctx, "/api/speakers/"+sp.ID+"/call", nil, nil)
	wantStatus(t, "calling a speaker of an item to come", err, http.StatusConflict)
	wantBothSay(t, err, later.Title, later.Title)

	// The first item is over: nobody asks to speak on it any more.
	agenda = must(pres.AgendaNext(ctx))
	err = tablet.Post(ctx, "/api/speakers", daihoi.SpeakerRequest{Item: agenda[0].ID, Kind: daihoi.OpenDiscussion}, nil)
	wantStatus(t, "asking to speak on an item that is over", err, http.StatusConflict)
	wantBothSay(t, err, "đã kết thúc", "is over")

	after := must(pres.State(ctx))
	if len(after.Speakers) != 1 || after.Speakers[0].State != daihoi.Approved {
		t.Errorf("after the refusals the registrations are %+v, want the one approved", after.Speakers)
	}
	if after.Agenda[1].State != daihoi.Current || before.Agenda[0].State != daihoi.Current {
		t.Fatalf("the agenda did not move as the test expects")
	}

	// Once its item runs, the speaker is called.
	if err := pres.Post(ctx, "/api/agenda/open", map[string]string{"item": later.ID}, nil); err != nil {
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

// wantBothSay checks that a refusal names what it is about in Vietnamese and in English.
func wantBothSay(t *testing.T, err error, vi, en string) {
	t.Helper()
	var de *daihoi.Error
	if e, ok := err.(*client.StatusError); ok {
		de, _ = e.Err.(*daihoi.Error)
	}
	if de == nil || !strings.Contains(de.Vi, vi) || !strings.Contains(de.En, en) {
		t.Errorf("the refusal %v does not say %q / %q", err, vi, en)
	}
}
