package server

import (
	"context"
	"math"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/daihoi/daihoi"
)

// Limits bound what one network address, one account or one delegate may ask of the server in a
// time, so that guessing passwords is slow, a flood of sign-ins cannot take the CPU the ballots
// need, and no delegate can fill the secretariat's screens.
//
// Sign-ins from loopback (the laptop itself: `make run`, the tests, the bench, which signs 2,000
// tablets in at once from 127.0.0.1) are not limited by address. Whoever sits at the laptop holds
// the data folder anyway; in the hall every tablet comes from an address of its own on the LAN. The
// limits per account still hold for them.
type Limits struct {
	// SignIns per address: operator sign-ins and card links opened from one address.
	AddressRate  rate.Limit
	AddressBurst int
	// Failures per operator account and address: wrong passwords given for one sign-in name from
	// one address. A correct password costs nothing, so an operator is not locked out by signing
	// in often, nor by somebody else guessing from another address.
	FailureRate  rate.Limit
	FailureBurst int
	// Card sign-ins per delegate: a card opens a few tablets, not hundreds of sessions.
	CardRate  rate.Limit
	CardBurst int
	// Questions, comments and requests to speak per delegate.
	WriteRate  rate.Limit
	WriteBurst int
	// PasswordChecks is how many bcrypt checks run at once, PasswordQueue how many more may wait
	// for one; beyond that a sign-in is told to come back in a moment. A check takes about 60 ms of
	// one core: with one at a time, a flood of sign-ins leaves the other cores to the ballots. The
	// checks run on threads of their own at a lower priority (nice 10, on Linux), so that even the
	// core they use goes to the ballots first.
	PasswordChecks, PasswordQueue int
	// NormalPriority leaves the password checkers' threads at the priority of the rest (the
	// benchmark's comparison, BenchmarkBallotAckDuringLoginFlood).
	NormalPriority bool
	// Loopback limits sign-ins from loopback by address too (tests of the limit).
	Loopback bool
}

// DefaultLimits are the limits of a congress: 20 sign-ins from one address, then one every 3 s; 5
// wrong passwords for one account, then one every 20 s (3 a minute, where 35 a second were tried);
// 10 card sign-ins of one delegate, then one a minute; 5 questions, comments or requests to speak
// of one delegate, then one every 20 s; one password check at a time, 32 waiting.
var DefaultLimits = Limits{
	AddressRate: rate.Every(3 * time.Second), AddressBurst: 20,
	FailureRate: rate.Every(20 * time.Second), FailureBurst: 5,
	CardRate: rate.Every(time.Minute), CardBurst: 10,
	WriteRate: rate.Every(20 * time.Second), WriteBurst: 5,
	PasswordChecks: 1, PasswordQueue: 32,
}

// limiters holds the limits' state: a token bucket (golang.org/x/time/rate) for each address,
// account and delegate that has asked lately, and the pool of password checks.
type limiters struct {
	Limits
	addresses, failures, cards, writes *buckets
	checks                             chan passwordCheck // the queue of the password checkers
	stop                               chan struct{}      // closed when the server closes
	stopOnce                           sync.Once
	quiet                              sync.Map // key → time of its last warning
}

// passwordNice is the nice value of the password checkers' threads: their share of a busy core is
// about a tenth of a ballot's.
const passwordNice = 10

// passwordCheck is a bcrypt comparison waiting for a checker, and where its answer goes.
type passwordCheck struct {
	ctx   context.Context
	check func() bool
	ok    chan bool // buffered: the checker never waits for the sign-in
}

func newLimiters(l Limits) *limiters {
	ls := &limiters{Limits: l,
		addresses: newBuckets(l.AddressRate, l.AddressBurst), failures: newBuckets(l.FailureRate, l.FailureBurst),
		cards: newBuckets(l.CardRate, l.CardBurst), writes: newBuckets(l.WriteRate, l.WriteBurst),
		checks: make(chan passwordCheck, max(l.PasswordQueue, 0)), stop: make(chan struct{})}
	for range max(l.PasswordChecks, 1) {
		go ls.checker()
	}
	return ls
}

// checker runs password checks, one after the other, on a thread of its own at a lower priority.
// The thread ends with the checker (a goroutine that ends locked takes its thread with it), so the
// lower priority never passes to other work.
func (ls *limiters) checker() {
	runtime.LockOSThread()
	if !ls.NormalPriority {
		lowerThreadPriority()
	}
	for {
		select {
		case c := <-ls.checks:
			if c.ctx.Err() != nil { // the sign-in gave up waiting
				c.ok <- false
				continue
			}
			c.ok <- c.check()
		case <-ls.stop:
			return
		}
	}
}

// close stops the checkers.
func (ls *limiters) close() { ls.stopOnce.Do(func() { close(ls.stop) }) }

// buckets are the token buckets of one kind, by key. A bucket that has been full for a while is
// forgotten: a new one would be the same. So the map holds only who asked lately.
type buckets struct {
	every rate.Limit
	burst int
	mu    sync.Mutex
	m     map[string]*rate.Limiter
	swept time.Time
}

func newBuckets(every rate.Limit, burst int) *buckets {
	return &buckets{every: every, burst: burst, m: map[string]*rate.Limiter{}}
}

func (b *buckets) get(key string, now time.Time) *rate.Limiter {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.m) > 1000 && now.Sub(b.swept) > time.Minute {
		for k, l := range b.m {
			if l.TokensAt(now) >= float64(b.burst) {
				delete(b.m, k)
			}
		}
		b.swept = now
	}
	l, ok := b.m[key]
	if !ok {
		l = rate.NewLimiter(b.every, b.burst)
		b.m[key] = l
	}
	return l
}

// take takes a token of key's bucket, or returns how long until one is there.
func (b *buckets) take(key string, now time.Time) (time.Duration, bool) {
	r := b.get(key, now).ReserveN(now, 1)
	if !r.OK() {
		return time.Hour, false
	}
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return d, false
	}
	return 0, true
}

// peek reports whether key's bucket holds a token, without taking it, or how long until it does.
func (b *buckets) peek(key string, now time.Time) (time.Duration, bool) {
	t := b.get(key, now).TokensAt(now)
	if t >= 1 {
		return 0, true
	}
	if b.every <= 0 {
		return time.Hour, false
	}
	return time.Duration((1 - t) / float64(b.every) * float64(time.Second)), false
}

// spend takes a token of key's bucket, whether or not one is there (a failure already happened).
func (b *buckets) spend(key string, now time.Time) { b.get(key, now).AllowN(now, 1) }

// tooMany is the refusal of a limit: 429, with Retry-After in whole seconds.
type tooMany struct {
	err   error
	after time.Duration
}

func (t *tooMany) Error() string { return t.err.Error() }
func (t *tooMany) Unwrap() error { return t.err }

func retryAfter(d time.Duration) int { return max(1, int(math.Ceil(d.Seconds()))) }

func refusal(after time.Duration, vi, en string) *tooMany {
	return &tooMany{after: after, err: daihoi.Errorf(errTooMany, vi+" Xin thử lại sau %d giây.", en+" Please try again in %d s.", retryAfter(after))}
}

// writeTooMany answers a limit's refusal: 429, Retry-After and the message, as JSON or, for a page
// a person opened (a card's link), as a page.
func (s *Server) writeTooMany(w http.ResponseWriter, r *http.Request, t *tooMany, page bool) {
	w.Header().Set("Retry-After", strconv.Itoa(retryAfter(t.after)))
	if !page {
		s.writeError(w, r, t.err)
		return
	}
	writePage(w, http.StatusTooManyRequests, t.err)
}

// writePage answers a card's link, which a tablet's browser opens as a page, with err in both
// languages as a page a person reads.
func writePage(w http.ResponseWriter, status int, err error) {
	vi, en := daihoi.ErrorMessages(err)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write([]byte("<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'><title>daihoi</title>" +
		"<body style='font:24px system-ui;padding:2em'><p>" + htmlEscape(vi) + "</p><p lang=en style='color:#555'>" + htmlEscape(en) + "</p>"))
}

// warn logs a refusal or a failure of key, once a minute for each key: a flood says so without
// filling the log.
func (s *Server) warn(key, msg string, args ...any) {
	now := time.Now()
	if last, ok := s.limits.quiet.Load(key); ok && now.Sub(last.(time.Time)) < time.Minute {
		return
	}
	s.limits.quiet.Store(key, now)
	s.log.Warn(msg, args...)
}

// signInFrom checks the limit of sign-ins from r's address.
func (s *Server) signInFrom(r *http.Request) *tooMany {
	addr := addrOf(r)
	if ip := net.ParseIP(addr); ip != nil && ip.IsLoopback() && !s.limits.Loopback {
		return nil
	}
	// A hall whose tablets reach the server through one router (NAT) says so by raising the sockets
	// one address may hold: its sign-ins are then limited per account and per card only.
	s.mu.RLock()
	behindNAT := s.state.Congress.Sockets.PerAddress > daihoi.DefaultSocketsPerAddress
	s.mu.RUnlock()
	if behindNAT {
		return nil
	}
	if d, ok := s.limits.addresses.take(addr, time.Now()); !ok {
		s.warn("addr "+addr, "sign-ins from one address refused for a while", "addr", addr, "retry_after", d.Round(time.Second))
		return refusal(d, "Địa chỉ mạng này đã đăng nhập quá nhiều lần.", "Too many sign-ins from this network address.")
	}
	return nil
}

// addrOf is the address a request comes from, without its port.
func addrOf(r *http.Request) string {
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}

// checkPassword runs check (a bcrypt comparison) on the password checkers, once the account has
// not failed too often lately; a failure counts against the account and is logged. ok is whether
// the password was right.
func (s *Server) checkPassword(ctx context.Context, account, addr string, check func() bool) (ok bool, refused *tooMany) {
	now := time.Now()
	// Failures count per account and address: a tablet in the hall guessing the presidium's password
	// locks the account from that tablet, not from the presidium's laptop.
	key := account + " @" + addr
	if d, ok := s.limits.failures.peek(key, now); !ok {
		s.warn("account "+account, "sign-ins to one account refused for a while after wrong passwords", "name", account, "addr", addr, "retry_after", d.Round(time.Second))
		return false, refusal(d, "Tài khoản này đã nhập sai mật khẩu quá nhiều lần, tạm thời bị khóa.", "This account has had too many wrong passwords and is locked for a while.")
	}
	c := passwordCheck{ctx: ctx, check: check, ok: make(chan bool, 1)}
	select {
	case s.limits.checks <- c:
	default:
		s.warn("busy", "password checks: the queue is full, sign-ins are refused for a moment", "queue", s.limits.PasswordQueue)
		return false, refusal(2*time.Second, "Máy chủ đang bận kiểm tra nhiều lượt đăng nhập.", "The server is busy checking many sign-ins.")
	}
	select {
	case ok = <-c.ok:
	case <-ctx.Done():
		return false, refusal(time.Second, "Đăng nhập đã bị hủy.", "The sign-in was cancelled.")
	case <-s.limits.stop:
		return false, refusal(time.Second, "Máy chủ đang dừng.", "The server is stopping.")
	}
	if !ok {
		s.limits.failures.spend(key, time.Now())
		s.log.Warn("sign-in failed: wrong name or password", "name", account, "addr", addr)
	}
	return ok, nil
}

// cardSignInOf checks the limit of card sign-ins of one delegate.
func (s *Server) cardSignInOf(delegate string) *tooMany {
	if d, ok := s.limits.cards.take(delegate, time.Now()); !ok {
		s.warn("card "+delegate, "card sign-ins of one delegate refused for a while", "delegate", delegate, "retry_after", d.Round(time.Second))
		return refusal(d, "Thẻ này đã được dùng đăng nhập quá nhiều lần.", "This card has been used to sign in too many times.")
	}
	return nil
}

// writesOf checks the limit of questions, comments and requests to speak of one delegate.
func (s *Server) writesOf(delegate string) *tooMany {
	if d, ok := s.limits.writes.take(delegate, time.Now()); !ok {
		s.warn("writes "+delegate, "questions, comments and requests to speak of one delegate refused for a while", "delegate", delegate, "retry_after", d.Round(time.Second))
		return refusal(d, "Đồng chí đã gửi nhiều câu hỏi, góp ý và đăng ký phát biểu trong ít phút.", "You have sent many questions, comments and requests to speak in a few minutes.")
	}
	return nil
}
