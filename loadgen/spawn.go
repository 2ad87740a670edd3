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
func spawnServer(dir string, n int, withPprof, withTLS bool) (stop func(), url, pprofURL string, pool *x509.CertPool, err error) {
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
	cmd := exec.Command(exe, args...)
	var errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &errOut
	if os.Getenv("DAIHOI_BENCH_SERVER_STDERR") != "" { // the server's own messages, GODEBUG=gctrace=1 say
		cmd.Stderr = os.Stderr
	}
	if err := cmd.Start(); err != nil {
		return nil, "", "", nil, err
	}
	stop = func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
		}
	}
	url = "http://" + addr
	for i := 0; i < 600; i++ {
		resp, err := http.Get(url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if !withTLS {
				return stop, url, pprofURL, nil, nil
			}
			ca, err := os.ReadFile(filepath.Join(data, tlsca.CAFile))
			if err != nil {
				stop()
				return nil, "", "", nil, err
			}
			pool = x509.NewCertPool()
			if !pool.AppendCertsFromPEM(ca) {
				stop()
				return nil, "", "", nil, errors.New("the server's CA file holds no certificate")
			}
			return stop, "https://" + tlsAddr, pprofURL, pool, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	stop()
	sc := bufio.NewScanner(&errOut)
	for sc.Scan() {
		return nil, "", "", nil, fmt.Errorf("the server did not start: %s", sc.Text())
	}
	return nil, "", "", nil, errors.New("the server did not start within a minute")
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
