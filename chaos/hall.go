package chaos

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/client"
	"github.com/daihoi/daihoi/loadgen"
)

// hall is the server under test and the people in its hall.
type hall struct {
	cfg        Config
	rng        *rand.Rand
	data       string // the data folder
	backups    string // --backup-dir, when the binary has it
	work       string // exports go here
	tmp        string // the server's temporary folder (TMPDIR)
	addr, tls  string
	url        string
	hasAudit   bool
	proc       *loadgen.Child // the server, once started
	pres, org  *client.Client
	tellers    []*client.Client
	tablets    []*tablet
	polls      []*pollRun
	res        Result
	kills      int
	lastStart  float64      // ms from the last start to the first answer
	answers    atomic.Int64 // ballots answered, all polls
	mu         sync.Mutex   // guards the tablets' outcomes, written from their goroutines
	fmu        sync.Mutex   // guards unexpected
	unexpected []string
}

// tablet is one delegate's tablet: its session, and the ballots it has sent.
type tablet struct {
	delegate, name string
	c              *client.Client
}

// pollRun is a poll of the run: what each tablet sent, and what came back.
type pollRun struct {
	view    daihoi.PollView
	sent    map[string]*ballot // by delegate
	result  json.RawMessage    // the server's published result
	tallied json.RawMessage    // `daihoi tally` of the export, while the result is not published
	lost    map[string]bool    // delegates whose acknowledged ballot was found missing
	dups    int
	closed  bool
}

// ballot is one tablet ballot and its outcome.
type ballot struct {
	req      daihoi.BallotRequest
	receipt  string
	recorded bool // acknowledged after a restart as already recorded, without a receipt
}

func (b *ballot) acked() bool { return b.receipt != "" || b.recorded }

func newHall(cfg Config, dir string, rng *rand.Rand) (*hall, error) {
	h := &hall{cfg: cfg, rng: rng, data: filepath.Join(dir, "data"), work: filepath.Join(dir, "work"), tmp: filepath.Join(dir, "tmp")}
	if err := os.MkdirAll(h.tmp, 0o700); err != nil {
		return nil, err
	}
	var err error
	if h.addr, err = loadgen.FreeAddr(); err != nil {
		return nil, err
	}
	if h.tls, err = loadgen.FreeAddr(); err != nil {
		return nil, err
	}
	h.url = "http://" + h.addr
	// What this binary can do: the audit and the backups came with the same issue.
	var help bytes.Buffer
	c := exec.Command(cfg.Exe, "help")
	c.Stdout = &help
	c.Run()
	h.hasAudit = strings.Contains(help.String(), "daihoi audit")
	help.Reset()
	c = exec.Command(cfg.Exe, "serve", "-h")
	c.Stderr, c.Stdout = &help, &help
	c.Run()
	if strings.Contains(help.String(), "backup-dir") {
		h.backups = filepath.Join(dir, "usb") // the stick, plugged in
		if err := os.MkdirAll(h.backups, 0o700); err != nil {
			return nil, err
		}
	}
	h.res.Audited = h.hasAudit
	return h, nil
}

// start runs `daihoi serve` on the data folder and waits for its first answer.
func (h *hall) start() error {
	args := []string{"serve", "--addr", h.addr, "--tls-addr", h.tls, "--data", h.data, "--bench-roll", strconv.Itoa(h.cfg.Delegates + 5)}
	if h.backups != "" {
		args = append(args, "--backup-dir", h.backups)
	}
	h.proc = &loadgen.Child{Exe: h.cfg.Exe, Args: args, Env: []string{"TMPDIR=" + h.tmp}, Health: h.url + "/healthz"}
	serving, err := h.proc.Start()
	if err != nil {
		return err
	}
	h.lastStart = float64(serving.Microseconds()) / 1000
	return nil
}

// kill ends the server with SIGKILL and waits until it is gone.
func (h *hall) kill(why string) {
	h.kills++
	h.res.Kills = h.kills
	h.cfg.Log("kill %d: %s", h.kills, why)
	h.proc.Kill()
}

// stop ends the server as an operator does (Ctrl-C).
func (h *hall) stop() {
	if h.proc != nil {
		h.proc.Stop()
	}
}

// restart checks the data folder with the server down, then starts the server again.
func (h *hall) restart() error {
	h.checkFolder(fmt.Sprintf("after kill %d", h.kills))
	h.res.Restarts++
	if err := h.start(); err != nil {
		return err
	}
	h.res.ServingMs = append(h.res.ServingMs, h.lastStart)
	return nil
}

// retry runs an operator's request until it is answered, across a restart (for two minutes at
// most), waiting as the screens do between tries.
func retry[T any](fn func(ctx context.Context) (T, error)) (T, error) {
	var v T
	var err error
	b := client.NewBackoff()
	for deadline := time.Now().Add(2 * time.Minute); ; {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		v, err = fn(ctx)
		cancel()
		if !client.Transient(err) || time.Now().After(deadline) {
			return v, err
		}
		time.Sleep(b.Next())
	}
}

// setup starts the server, issues the cards, checks every voter in and signs the tablets in.
func (h *hall) setup() error {
	if err := h.start(); err != nil {
		return err
	}
	ctx := context.Background()
	h.org, h.pres = client.New(h.url), client.New(h.url)
	if _, err := h.org.Login(ctx, "bantochuc", "bantochuc-2025"); err != nil {
		return fmt.Errorf("sign in the organiser: %w", err)
	}
	if _, err := h.pres.Login(ctx, "dct1", "dct1-2025"); err != nil {
		return fmt.Errorf("sign in the presidium: %w", err)
	}
	for _, t := range []string{"kiemphieu2", "kiemphieu3", "kiemphieu4", "kiemphieu5", "kiemphieu1"} { // the head last
		c := client.New(h.url)
		if _, err := c.Login(ctx, t, t+"-2025"); err != nil {
			return fmt.Errorf("sign in teller %s: %w", t, err)
		}
		h.tellers = append(h.tellers, c)
	}
	var cards []daihoi.Card
	if err := h.org.Post(ctx, "/api/cards/issue", nil, &cards); err != nil {
		return fmt.Errorf("issue the cards: %w", err)
	}
	snap, err := h.pres.State(ctx)
	if err != nil {
		return err
	}
	seat := map[string]bool{}
	for _, d := range snap.Roll {
		seat[d.ID] = d.Category == daihoi.Official || d.Category == daihoi.ExOfficio
	}
	var voters []daihoi.Card
	desk := client.New(h.url)
	if _, err := desk.Login(ctx, "dontiep", "dontiep-2025"); err != nil {
		return err
	}
	for _, c := range cards {
		if !seat[c.Delegate] {
			continue
		}
		if len(voters) < h.cfg.Delegates {
			voters = append(voters, c)
		}
	}
	h.cfg.Log("checking in and signing in %d tablets", len(voters))
	h.tablets = make([]*tablet, len(voters))
	err = loadgen.Parallel(len(voters), 16, func(i int) error {
		if _, err := desk.CheckIn(ctx, voters[i].Code); err != nil {
			return fmt.Errorf("check in: %w", err)
		}
		t := &tablet{delegate: voters[i].Delegate, name: voters[i].Name, c: client.New(h.url)}
		if err := t.c.SignInCard(ctx, voters[i].Code); err != nil {
			return err
		}
		h.tablets[i] = t
		return nil
	})
	return err
}

// The moments a kill falls on, in turn.
const (
	midBurst = iota
	duringClose
	duringBackup // after the close's answer: the count, the compaction and the backup
)

// run is the whole chaos: polls one after another until every kill has fallen.
func (h *hall) run() (Result, error) {
	if err := h.setup(); err != nil {
		return h.res, err
	}
	moments := []int{midBurst, duringClose, duringBackup}
	for n := 0; h.kills < h.cfg.Kills; n++ {
		if err := h.poll(n, moments[n%len(moments)]); err != nil {
			return h.res, err
		}
	}
	// The end of the day: the server stopped as the operator does, and the folder checked once more.
	h.stop()
	h.checkFolder("at the end")
	h.checkBackups()
	for _, p := range h.polls {
		h.res.Lost += len(p.lost)
		h.res.Duplicates += p.dups
		for _, b := range p.sent {
			if b.acked() {
				h.res.Acked++
			}
			if b.receipt != "" {
				h.res.Receipts++
			}
		}
	}
	h.res.Polls = len(h.polls)
	h.res.Failures = append(h.res.Failures, h.unexpected...)
	return h.res, nil
}

func (h *hall) fail(format string, a ...any) {
	h.fmu.Lock()
	defer h.fmu.Unlock()
	msg := fmt.Sprintf(format, a...)
	h.cfg.Log("FAIL %s", msg)
	h.unexpected = append(h.unexpected, msg)
}

// poll holds one poll: created and opened, the hall's ballots in three bursts, closed, confirmed
// and published, with a kill at the moment given.
func (h *hall) poll(n, moment int) error {
	req := daihoi.PollRequest{Kind: daihoi.Motion, Title: fmt.Sprintf("Biểu quyết thử %d", n+1), Mode: daihoi.Secret, Tablet: true}
	if n%2 == 1 {
		req = daihoi.PollRequest{Kind: daihoi.Election, Title: fmt.Sprintf("Bầu thử %d", n+1), Mode: daihoi.Secret, Tablet: true, Seats: 5}
		for _, t := range h.tablets[:10] {
			req.Candidates = append(req.Candidates, daihoi.CandidateRequest{ID: t.delegate, Name: t.name})
		}
	}
	p, err := retry(func(ctx context.Context) (daihoi.Poll, error) { return h.pres.CreatePoll(ctx, req) })
	if err != nil {
		return fmt.Errorf("create a poll: %w", err)
	}
	view, err := retry(func(ctx context.Context) (daihoi.PollView, error) { return h.pres.PollAction(ctx, p.ID, "open") })
	if err != nil {
		return fmt.Errorf("open %s: %w", p.Title, err)
	}
	pr := &pollRun{view: view, sent: map[string]*ballot{}, lost: map[string]bool{}}
	h.polls = append(h.polls, pr)
	h.cfg.Log("poll %d: %s", n+1, view.Title)

	// The hall votes in three bursts of random sizes.
	order := h.rng.Perm(len(h.tablets))
	cut1, cut2 := h.rng.IntN(len(order)/2)+1, len(order)/2+h.rng.IntN(len(order)/2)
	bursts := [][]int{order[:cut1], order[cut1:cut2], order[cut2:]}
	killIn := h.rng.IntN(len(bursts))
	for b, who := range bursts {
		var wg sync.WaitGroup
		before := h.answers.Load()
		for _, i := range who {
			t := h.tablets[i]
			bl := &ballot{req: h.ballotFor(view)}
			pr.sent[t.delegate] = bl
			wg.Add(1)
			go func() {
				defer wg.Done()
				h.cast(t, view, bl)
			}()
		}
		if moment == midBurst && b == killIn && h.kills < h.cfg.Kills {
			// Within the burst: some ballots answered, others on their way or written but not yet
			// answered. The kill falls once a random share of the burst has its answers.
			target := int64(h.rng.IntN(len(who)))
			for deadline := time.Now().Add(time.Minute); h.answers.Load()-before < target && time.Now().Before(deadline); {
				time.Sleep(200 * time.Microsecond)
			}
			h.kill(fmt.Sprintf("mid-burst (poll %d, %d of the burst's %d ballots answered)", n+1, h.answers.Load()-before, len(who)))
			if err := h.restart(); err != nil {
				return err
			}
		}
		wg.Wait()
	}

	// The close.
	switch {
	case h.kills >= h.cfg.Kills || moment == midBurst:
	case moment == duringClose:
		answered := h.closeAsync(p.ID)
		time.Sleep(time.Duration(h.rng.IntN(60)) * time.Millisecond)
		h.kill(fmt.Sprintf("during the close of poll %d", n+1))
		<-answered
		if err := h.restart(); err != nil {
			return err
		}
		if state, err := h.pollState(p.ID); err == nil && state == daihoi.Open {
			h.res.ClosesCut++ // the kill came before the close was written: it is closed again
		}
	case moment == duringBackup && h.backups != "":
		// The close sets off a copy to the stick: the kill falls once it is being made.
		stale := h.copying()
		answered := h.closeAsync(p.ID)
		what := "after the close of poll %d (no copy seen being written)"
		for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Microsecond) {
			if h.writingBackup(stale) {
				what = "during the backup after the close of poll %d"
				h.res.KillsInBackup++
				break
			}
		}
		h.kill(fmt.Sprintf(what, n+1))
		<-answered
		if err := h.restart(); err != nil {
			return err
		}
	case moment == duringBackup:
		if err := h.ensureClosed(p.ID); err != nil {
			return err
		}
		time.Sleep(time.Duration(h.rng.IntN(150)) * time.Millisecond)
		h.kill(fmt.Sprintf("after the close of poll %d, during its count and compaction", n+1))
		if err := h.restart(); err != nil {
			return err
		}
	}
	if err := h.ensureClosed(p.ID); err != nil {
		return err
	}
	pr.closed = true
	return h.publish(pr)
}

// closeAsync has the presidium close the poll; the channel closes with the answer (or none).
func (h *hall) closeAsync(poll string) chan struct{} {
	answered := make(chan struct{})
	go func() {
		defer close(answered)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		h.pres.PollAction(ctx, poll, "close")
	}()
	return answered
}

// ensureClosed closes the poll unless it is closed already (a close the kill cut short).
func (h *hall) ensureClosed(poll string) error {
	state, err := h.pollState(poll)
	if err != nil {
		return err
	}
	if state != daihoi.Open {
		return nil
	}
	_, err = retry(func(ctx context.Context) (daihoi.PollView, error) { return h.pres.PollAction(ctx, poll, "close") })
	if err != nil {
		return fmt.Errorf("close %s: %w", poll, err)
	}
	return nil
}

func (h *hall) pollState(poll string) (daihoi.PollState, error) {
	snap, err := retry(func(ctx context.Context) (daihoi.Snapshot, error) { return h.pres.State(ctx) })
	if err != nil {
		return "", err
	}
	for _, p := range snap.Polls {
		if p.ID == poll {
			return p.State, nil
		}
	}
	return "", fmt.Errorf("no poll %s on the server", poll)
}

// publish has the tellers confirm the count and the presidium publish it, and checks the published
// receipts against the tablets' and the result against the recount of an earlier export.
func (h *hall) publish(pr *pollRun) error {
	id := pr.view.ID
	for i, t := range h.tellers {
		_, err := retry(func(ctx context.Context) (daihoi.PollView, error) { return t.PollAction(ctx, id, "confirm") })
		if err != nil && daihoi.ErrorCode(err) != daihoi.ECONFLICT { // confirmed already
			return fmt.Errorf("teller %d confirms %s: %w", i+1, pr.view.Title, err)
		}
	}
	view, err := retry(func(ctx context.Context) (daihoi.PollView, error) { return h.pres.PollAction(ctx, id, "publish") })
	if err != nil {
		return fmt.Errorf("publish %s: %w", pr.view.Title, err)
	}
	if view.Result == nil {
		h.fail("%s: published without a result", pr.view.Title)
		return nil
	}
	pr.result, _ = json.Marshal(view.Result)
	if pr.tallied != nil {
		h.compare(pr, pr.tallied)
		pr.tallied = nil
	}
	// The receipts published with the result: every receipt a tablet was given is there.
	var out struct {
		Receipts []string `json:"receipts"`
	}
	if _, err := retry(func(ctx context.Context) (struct{}, error) {
		return struct{}{}, h.pres.Get(ctx, "/api/polls/"+id+"/receipts", &out)
	}); err != nil {
		return fmt.Errorf("the receipts of %s: %w", pr.view.Title, err)
	}
	have := map[string]bool{}
	for _, r := range out.Receipts {
		have[r] = true
	}
	for who, b := range pr.sent {
		if b.receipt != "" && !have[b.receipt] && !pr.lost[who] {
			pr.lost[who] = true
			h.fail("%s: the receipt %s a tablet was given is not among the published receipts", pr.view.Title, b.receipt)
		}
	}
	if view.Result.Ballots.Total != len(out.Receipts) {
		h.fail("%s: %d ballots counted, %d receipts published", pr.view.Title, view.Result.Ballots.Total, len(out.Receipts))
	}
	return nil
}

// ballotFor is a valid ballot of the poll, chosen at random.
func (h *hall) ballotFor(p daihoi.PollView) daihoi.BallotRequest {
	b := daihoi.BallotRequest{BallotID: client.NewBallotID()}
	if p.Kind == daihoi.Motion {
		b.Choice = []daihoi.Choice{daihoi.For, daihoi.For, daihoi.Against}[h.rng.IntN(3)]
		return b
	}
	for _, k := range h.rng.Perm(len(p.Candidates))[:h.rng.IntN(p.Seats)+1] {
		b.Kept = append(b.Kept, p.Candidates[k].ID)
	}
	return b
}

// cast sends a ballot as a tablet does (client.CastRetrying): until the server answers it, the
// same ballot with the same id, the retries spread out.
func (h *hall) cast(t *tablet, p daihoi.PollView, b *ballot) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	rc, err := t.c.CastRetrying(ctx, p.ID, b.req, client.NewBackoff())
	var de *daihoi.Error
	switch {
	case err == nil:
		h.mu.Lock()
		b.receipt = rc.Receipt
		h.mu.Unlock()
	case errors.As(err, &de) && de.En == daihoi.ErrVoted.En:
		h.mu.Lock()
		b.recorded = true
		h.mu.Unlock()
	case client.Transient(err):
		h.fail("%s: a ballot unanswered for three minutes: %v", p.Title, err)
		return
	default:
		h.fail("%s: a ballot refused: %v", p.Title, err)
		return
	}
	h.answers.Add(1)
}

// copying lists the copies being made: on the laptop's disk first (the data folder, or the
// temporary folder of a server before it kept them there), then in the backup folder, each under
// a temporary name. A killed server leaves its temporary copy behind: what was there before the
// close is not a copy of this close.
func (h *hall) copying() map[string]bool {
	out := map[string]bool{}
	for _, where := range []struct{ dir, prefix string }{{h.data, "daihoi-backup-"}, {h.tmp, "daihoi-backup-"}, {h.backups, ".daihoi-part-"}} {
		entries, _ := os.ReadDir(where.dir)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), where.prefix) {
				out[filepath.Join(where.dir, e.Name())] = true
			}
		}
	}
	return out
}

// writingBackup says whether a copy not in before is being made.
func (h *hall) writingBackup(before map[string]bool) bool {
	for name := range h.copying() {
		if !before[name] {
			return true
		}
	}
	return false
}
