package server_test

import (
	"context"
	"testing"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
	"github.com/daihoi/daihoi/internal/testserver"
)

// pollNow reads a poll as the presidium sees it.
func pollNow(t *testing.T, c *client.Client, id string) daihoi.PollView {
	t.Helper()
	for _, p := range testserver.Must(c.State(context.Background())).Polls {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("no poll %s", id)
	return daihoi.PollView{}
}

// Every delegate present gets a ballot: before a tablet vote the presidium reads who present has no
// tablet; a delegate checked in who signs in while the vote is open is issued a ballot (issued rises
// by one, the entry log says so) and votes; one signed in but not checked in is issued none until
// the door checks them in.
func TestLateArrivalIsIssuedABallot(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	holders := h.SeatHolders()
	late, door := holders[len(holders)-1], holders[len(holders)-2]
	p, voters, _ := h.election(3) // every seat holder checked in, three of them on tablets
	pres := h.Login("dct1")

	var att daihoi.Attendance
	var cov daihoi.TabletCoverage
	if err := pres.Get(ctx, "/api/attendance", &att); err != nil {
		t.Fatal(err)
	}
	if err := pres.Get(ctx, "/api/tablets", &cov); err != nil {
		t.Fatal(err)
	}
	if cov.Present != att.Present || cov.SignedIn != len(voters) || len(cov.Without) != att.Present-len(voters) || att.NoTablet != len(cov.Without) {
		t.Fatalf("present %d, %d tablets: attendance %+v, tablets signed in %d, %d without", att.Present, len(voters), att, cov.SignedIn, len(cov.Without))
	}
	if p := pollNow(t, pres, p.ID); p.Issued != len(voters) {
		t.Fatalf("issued at opening: %d", p.Issued)
	}

	// A delegate checked in signs in while the vote is open: a ballot, and they vote.
	tab := h.Tablet(late)
	var me struct{ Eligible, Voted bool }
	if err := tab.Get(ctx, "/api/polls/"+p.ID+"/me", &me); err != nil || !me.Eligible || me.Voted {
		t.Fatalf("a delegate checked in who signs in late: %+v %v", me, err)
	}
	if v := pollNow(t, pres, p.ID); v.Issued != len(voters)+1 || v.LateIssued != 1 {
		t.Fatalf("issued rises by one: %d (late %d)", v.Issued, v.LateIssued)
	}
	if _, err := tab.Cast(ctx, p.ID, ballotFor(p, 1)); err != nil {
		t.Fatalf("the late delegate votes: %v", err)
	}

	// One signed in but not checked in is told so and issued nothing, until the door checks them in.
	h.notArrived(door)
	tab2 := h.Tablet(door)
	if snap := testserver.Must(tab2.State(ctx)); snap.Delegate == nil || snap.Delegate.Presence == daihoi.Present || snap.Eligible[p.ID] {
		t.Fatalf("a tablet signed in before its delegate checked in: %+v, eligible %v", snap.Delegate, snap.Eligible)
	}
	if _, err := tab2.Cast(ctx, p.ID, ballotFor(p, 2)); client.Status(err) != 403 {
		t.Fatalf("a ballot from a delegate not checked in: %v, want 403", err)
	}
	h.CheckIn([]daihoi.Delegate{door})
	if err := tab2.Get(ctx, "/api/polls/"+p.ID+"/me", &me); err != nil || !me.Eligible {
		t.Fatalf("checked in after signing in: %+v %v", me, err)
	}
	if _, err := tab2.Cast(ctx, p.ID, ballotFor(p, 2)); err != nil {
		t.Fatalf("the delegate checked in last votes: %v", err)
	}
	v := pollNow(t, pres, p.ID)
	if v.Issued != len(voters)+2 || v.LateIssued != 2 || v.Cast != 2 {
		t.Fatalf("two late ballots issued and cast: issued %d (late %d), cast %d", v.Issued, v.LateIssued, v.Cast)
	}
	if err := pres.Get(ctx, "/api/attendance", &att); err != nil || att.NoTablet != att.Present-len(voters)-2 {
		t.Fatalf("the attendance counts %d present without a tablet (%v), want %d", att.NoTablet, err, att.Present-len(voters)-2)
	}

	// The tellers' entry log shows each ballot issued late: who, when; no ballot's content.
	var log []struct {
		Kind  string `json:"kind"`
		Who   string `json:"who"`
		After string `json:"after"`
	}
	if err := h.Login("kiemphieu1").Get(ctx, "/api/polls/"+p.ID+"/entrylog", &log); err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 || log[0].Kind != daihoi.EntryIssued || log[0].Who != late.ID || log[1].Who != door.ID {
		t.Fatalf("entry log: %+v", log)
	}

	// Closed, the count has every ballot the late delegates cast, of the issued.
	closed := testserver.Must(pres.PollAction(ctx, p.ID, "close"))
	if closed.Collected != 2 || closed.Issued != len(voters)+2 {
		t.Fatalf("closed: collected %d of %d issued", closed.Collected, closed.Issued)
	}
}
