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
func spawnServer(dir string, n int, withPprof, withTLS bool) (srv *Child, url, pprofURL string, pool *x509.CertPool, err error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, "", "", nil, err
	}
	addr, err := FreeAddr()
	if err != nil {
		return nil, "", "", nil, err
	}
	tlsAddr, err := FreeAddr() // serve always listens for HTTPS too; never on the default :8443
	if err != nil {
		return nil, "", "", nil, err
	}
	data := filepath.Join(dir, "data")
	args := []string{"serve", "--addr", addr, "--tls-addr", tlsAddr, "--data", data, "--bench-roll", strconv.Itoa(n + 5)} // + the demo's five alternates
	if withPprof {
		pa, err := FreeAddr()
		if err != nil {
			return nil, "", "", nil, err
		}
		args = append(args, "--pprof", pa)
		pprofURL = "http://" + pa
	}
	srv = &Child{Exe: exe, Args: args, Health: "http://" + addr + "/healthz"}
	if _, err := srv.Start(); err != nil {
		return nil, "", "", nil, err
	}
	url = "http://" + addr
	if !withTLS {
		return srv, url, pprofURL, nil, nil
	}
	ca, err := os.ReadFile(filepath.Join(data, tlsca.CAFile))
	if err != nil {
		srv.Stop()
		return nil, "", "", nil, err
	}
	pool = x509.NewCertPool()
	if !pool.AppendCertsFromPEM(ca) {
		srv.Stop()
		return nil, "", "", nil, errors.New("the server's CA file holds no certificate")
	}
	return srv, "https://" + tlsAddr, pprofURL, pool, nil
}

// Child is `daihoi serve` as a child process of a tool that drives it (the bench, make chaos):
// started, stopped as an operator does, or killed as a power cut would and started again on the
// same data folder and addresses.
type Child struct {
	Exe    string
	Args   []string
	Env    []string // added to the process's environment
	Health string   // its /healthz, over plain HTTP
	// Started is when the process was last started.
	Started time.Time
	cmd     *exec.Cmd
	exited  chan struct{}
}

// Start starts the process and waits for its first answer; serving is the time from the start
// to that answer.
func (c *Child) Start() (serving time.Duration, err error) {
	cmd := exec.Command(c.Exe, c.Args...)
	if len(c.Env) > 0 {
		cmd.Env = append(os.Environ(), c.Env...)
	}
	var errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &errOut
	if os.Getenv("DAIHOI_BENCH_SERVER_STDERR") != "" { // the server's own messages, GODEBUG=gctrace=1 say
		cmd.Stderr = os.Stderr
	}
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	c.cmd, c.exited, c.Started = cmd, make(chan struct{}), t0
	go func(done chan struct{}) { cmd.Wait(); close(done) }(c.exited)
	hc := &http.Client{Timeout: 2 * time.Second}
	for time.Since(t0) < time.Minute {
		resp, err := hc.Get(c.Health)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(t0), nil
			}
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
	c.Stop()
	return 0, errors.New("the server did not start within a minute")
}

// Stop ends the server as an operator does (Ctrl-C), killing it after ten seconds; a server not
// started or already gone is left as it is.
func (c *Child) Stop() {
	if c.cmd == nil {
		return
	}
	select {
	case <-c.exited:
		return
	default:
	}
	c.cmd.Process.Signal(os.Interrupt)
	select {
	case <-c.exited:
	case <-time.After(10 * time.Second):
		c.cmd.Process.Kill()
		<-c.exited
	}
}

// Kill ends the server with SIGKILL, as a power cut would, and waits until it is gone.
func (c *Child) Kill() {
	c.cmd.Process.Kill()
	<-c.exited
}

// FreeAddr returns a loopback address with a port free at this moment.
func FreeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}
