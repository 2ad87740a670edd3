package loadgen

import (
	"bufio"
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/daihoi/daihoi/tlsca"
)

// spawnServer starts `daihoi serve` as a child process on free loopback ports, seeded for the
// bench, and waits until it answers. With withTLS, url is its HTTPS address and pool holds its
// congress CA (made on this first start in its data folder).
func spawnServer(dir string, n int, withPprof, withTLS bool) (srv *child, url, pprofURL string, pool *x509.CertPool, err error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, "", "", nil, err
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, "", "", nil, err
	}
	tlsAddr, err := freeAddr() // serve always listens for HTTPS too; never on the default :8443
	if err != nil {
		return nil, "", "", nil, err
	}
	data := filepath.Join(dir, "data")
	args := []string{"serve", "--addr", addr, "--tls-addr", tlsAddr, "--data", data, "--bench-roll", strconv.Itoa(n + 5)} // + the demo's five alternates
	if withPprof {
		pa, err := freeAddr()
		if err != nil {
			return nil, "", "", nil, err
		}
		args = append(args, "--pprof", pa)
		pprofURL = "http://" + pa
	}
	srv = &child{exe: exe, args: args, health: "http://" + addr + "/healthz"}
	if _, err := srv.start(); err != nil {
		return nil, "", "", nil, err
	}
	url = "http://" + addr
	if !withTLS {
		return srv, url, pprofURL, nil, nil
	}
	ca, err := os.ReadFile(filepath.Join(data, tlsca.CAFile))
	if err != nil {
		srv.stop()
		return nil, "", "", nil, err
	}
	pool = x509.NewCertPool()
	if !pool.AppendCertsFromPEM(ca) {
		srv.stop()
		return nil, "", "", nil, errors.New("the server's CA file holds no certificate")
	}
	return srv, "https://" + tlsAddr, pprofURL, pool, nil
}

// child is the bench's server, a child process: started, stopped, or killed and started again
// on the same data folder and addresses (--restart).
type child struct {
	exe     string
	args    []string
	health  string // its /healthz, over plain HTTP
	cmd     *exec.Cmd
	exited  chan struct{}
	started time.Time // when the process was last started
}

// start starts the process and waits for its first answer; serving is the time from the start
// to that answer.
func (c *child) start() (serving time.Duration, err error) {
	cmd := exec.Command(c.exe, c.args...)
	var errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &errOut
	if os.Getenv("DAIHOI_BENCH_SERVER_STDERR") != "" { // the server's own messages, GODEBUG=gctrace=1 say
		cmd.Stderr = os.Stderr
	}
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	c.cmd, c.exited, c.started = cmd, make(chan struct{}), t0
	go func(done chan struct{}) { cmd.Wait(); close(done) }(c.exited)
	hc := &http.Client{Timeout: 2 * time.Second}
	for time.Since(t0) < time.Minute {
		resp, err := hc.Get(c.health)
		if err == nil {
			resp.Body.Close()
			return time.Since(t0), nil
		}
		select {
		case <-c.exited:
			sc := bufio.NewScanner(&errOut)
			for sc.Scan() {
				return 0, fmt.Errorf("the server did not start: %s", sc.Text())
			}
			return 0, errors.New("the server stopped as it started")
		case <-time.After(5 * time.Millisecond):
		}
	}
	c.stop()
	return 0, errors.New("the server did not start within a minute")
}

// stop ends the server as an operator does (Ctrl-C), killing it after five seconds.
func (c *child) stop() {
	c.cmd.Process.Signal(os.Interrupt)
	select {
	case <-c.exited:
	case <-time.After(5 * time.Second):
		c.cmd.Process.Kill()
		<-c.exited
	}
}

// kill ends the server with SIGKILL, as a power cut would, and waits until it is gone.
func (c *child) kill() {
	c.cmd.Process.Kill()
	<-c.exited
}

// freeAddr returns a loopback address with a port free at this moment.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}
