package server_test

import (
	"context"
	"strings"
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

// In a poll on tablets and paper, nobody present is left without a ballot and nobody gets two: the
// presidium opens it handing paper to those present without a tablet (the tellers read whom); one
// of them who then signs in on a tablet is issued no tablet ballot; one who arrives later with no
// tablet is handed paper, and one issued a tablet ballot is not.
func TestPaperForThoseWithoutATablet(t *testing.T) {
	h := startHall(t)
	ctx := context.Background()
	holders := h.SeatHolders()
	late := holders[len(holders)-1]
	h.CheckIn(holders[:len(holders)-1])
	voters := holders[:3]
	tablets := make([]*client.Client, len(voters))
	for i, d := range voters {
		tablets[i] = h.Tablet(d)
	}
	pres := h.Login("dct1")
	req := daihoi.PollRequest{Kind: daihoi.Motion, Title: "Thông qua báo cáo chính trị", Mode: daihoi.Secret, Tablet: true, Paper: true, Stations: 2}
	p := testserver.Must(pres.CreatePoll(ctx, req))
	var att daihoi.Attendance
	if err := pres.Get(ctx, "/api/attendance", &att); err != nil {
		t.Fatal(err)
	}
	// A poll on tablets only hands out no paper: the opening is refused, and nothing is stored.
	only := testserver.Must(pres.CreatePoll(ctx, daihoi.PollRequest{Kind: daihoi.Motion, Title: "Thông qua chương trình", Mode: daihoi.Secret, Tablet: true}))
	err := pres.Post(ctx, "/api/polls/"+only.ID+"/open", daihoi.OpenRequest{HandPaper: true}, nil)
	if vi, en := daihoi.ErrorMessages(err); client.Status(err) != 400 || vi == "" || !strings.Contains(en, "no paper ballots") {
		t.Errorf("paper at the opening of a poll on tablets only: %v, want 400 in both languages", err)
	}
	if v := pollNow(t, pres, only.ID); v.State != daihoi.Draft || v.PaperTo != nil {
		t.Errorf("the refused opening stored %s, paper to %v", v.State, v.PaperTo)
	}
	var v daihoi.PollView
	if err := pres.Post(ctx, "/api/polls/"+p.ID+"/open", daihoi.OpenRequest{HandPaper: true}, &v); err != nil {
		t.Fatalf("open, handing paper: %v", err)
	}
	without := att.Present - len(voters)
	if v.Issued != len(voters) || len(v.PaperTo) != without || v.PaperIssued != without || v.PaperLate != 0 {
		t.Fatalf("opened: %d tablet ballots, paper to %d (%d issued, %d late), want %d and %d", v.Issued, len(v.PaperTo), v.PaperIssued, v.PaperLate, len(voters), without)
	}
	if v.BallotsIssued() != att.Present {
		t.Errorf("every delegate present gets a ballot: %d issued, %d present", v.BallotsIssued(), att.Present)
	}
	teller := h.Login("kiemphieu1")
	if tv := pollNow(t, teller, p.ID); len(tv.PaperTo) != without || tv.PaperTo[0].Name == "" {
		t.Errorf("the tellers read whom to hand paper: %+v", tv.PaperTo)
	}

	// One handed paper signs in on a tablet: no tablet ballot, and the tablet says why.
	paper := h.Delegate(v.PaperTo[0].Name)
	tab := h.Tablet(paper)
	var me struct{ Eligible, Voted, Paper bool }
	if err := tab.Get(ctx, "/api/polls/"+p.ID+"/me", &me); err != nil || me.Eligible || !me.Paper {
		t.Fatalf("a delegate handed paper who signs in: %+v %v", me, err)
	}
	if snap := testserver.Must(tab.State(ctx)); !snap.Paper[p.ID] || snap.Eligible[p.ID] {
		t.Errorf("the tablet's snapshot: handed paper %v, issued a tablet ballot %v", snap.Paper, snap.Eligible)
	} else if tv := pollNow(t, tab, p.ID); tv.PaperTo != nil {
		t.Errorf("a tablet reads the list of whom paper was handed: %+v", tv.PaperTo)
	}
	if _, err := tab.Cast(ctx, p.ID, daihoi.BallotRequest{BallotID: client.NewBallotID(), Choice: daihoi.For}); client.Status(err) != 403 {
		t.Fatalf("a tablet ballot from a delegate handed paper: %v, want 403", err)
	}
	if v := pollNow(t, pres, p.ID); v.Issued != len(voters) || v.LateIssued != 0 {
		t.Fatalf("a delegate handed paper got a tablet ballot too: issued %d (late %d)", v.Issued, v.LateIssued)
	}

	// Handing paper again: everyone present has a ballot.
	if err := teller.Post(ctx, "/api/polls/"+p.ID+"/paper/hand", nil, nil); daihoi.ErrorCode(err) != daihoi.ECONFLICT && client.Status(err) != 409 {
		t.Fatalf("paper again with everyone holding a ballot: %v, want 409", err)
	}
	// A delegate arrives late with no tablet: the tellers hand them paper, and them alone.
	h.CheckIn([]daihoi.Delegate{late})
	if err := teller.Post(ctx, "/api/polls/"+p.ID+"/paper/hand", nil, &v); err != nil {
		t.Fatalf("paper for the late delegate: %v", err)
	}
	if len(v.PaperTo) != without+1 || v.PaperTo[without].ID != late.ID || v.PaperIssued != without+1 || v.PaperLate != 1 {
		t.Fatalf("paper to the late delegate: %+v (issued %d, late %d)", v.PaperTo, v.PaperIssued, v.PaperLate)
	}
	// …who then signs in on a tablet too: still no tablet ballot.
	if err := h.Tablet(late).Get(ctx, "/api/polls/"+p.ID+"/me", &me); err != nil || me.Eligible || !me.Paper {
		t.Fatalf("the late delegate handed paper signs in: %+v %v", me, err)
	}
	if v := pollNow(t, pres, p.ID); v.Issued != len(voters) {
		t.Fatalf("issued %d tablet ballots, want %d", v.Issued, len(voters))
	}
	// Those issued a tablet ballot were never handed paper.
	for _, s := range v.PaperTo {
		for _, d := range voters {
			if s.ID == d.ID {
				t.Errorf("%s has a tablet ballot and was handed paper", d.Name)
			}
		}
	}
	// The hall does not list whom; the tellers' figures start from the paper handed.
	if hv := pollNow(t, h.Login("hoitruong"), p.ID); hv.PaperTo != nil {
		t.Errorf("the hall reads the list of whom paper was handed: %+v", hv.PaperTo)
	}
	testserver.Must(pres.PollAction(ctx, p.ID, "close"))
	n := func(i int) *int { return &i }
	if err := teller.Post(ctx, "/api/polls/"+p.ID+"/figures", daihoi.FiguresRequest{PaperIssued: n(without), PaperCollected: n(without)}, nil); client.Status(err) != 400 {
		t.Errorf("fewer paper ballots issued than handed: %v, want 400", err)
	}
	if err := teller.Post(ctx, "/api/polls/"+p.ID+"/figures", daihoi.FiguresRequest{PaperIssued: n(without + 1), PaperCollected: n(without + 1)}, nil); err != nil {
		t.Errorf("the paper handed, late delegate included, is within those present: %v", err)
	}
}
