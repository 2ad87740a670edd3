package loadgen

import (
	"bufio"
	"bytes"
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
)

// spawnServer starts `daihoi serve` as a child process on a free loopback port, seeded for the
// bench, and waits until it answers.
func spawnServer(dir string, n int, withPprof bool) (stop func(), url, pprofURL string, err error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, "", "", err
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, "", "", err
	}
	args := []string{"serve", "--addr", addr, "--data", filepath.Join(dir, "data"), "--bench-roll", strconv.Itoa(n + 5)} // + the demo's five alternates
	if withPprof {
		pa, err := freeAddr()
		if err != nil {
			return nil, "", "", err
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
		return nil, "", "", err
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
			return stop, url, pprofURL, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	stop()
	sc := bufio.NewScanner(&errOut)
	for sc.Scan() {
		return nil, "", "", fmt.Errorf("the server did not start: %s", sc.Text())
	}
	return nil, "", "", errors.New("the server did not start within a minute")
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
