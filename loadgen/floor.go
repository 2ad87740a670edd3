package loadgen

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/daihoi/daihoi/server/hub"
)

// Floor is the bench's traffic with no application behind it (--floor): a server that only writes
// the agenda's bytes to every screen, and answers each ballot's bytes once a group of them is on
// disk. It is what this machine's loopback TCP and disk allow at best, measured in the same run, so
// that daihoi's figures can be read against the machine and not only against the targets.
type Floor struct {
	FanoutMs       Percentiles `json:"fanout_ms"`
	BallotAckMs    Percentiles `json:"ballot_ack_ms"`
	BurstDurableMs float64     `json:"burst_durable_ms"`
}

// floorShape is the traffic the floor repeats: its connections and the sizes on the wire of
// daihoi's messages in the run just measured (the agenda's event, a ballot, a receipt; averages).
type floorShape struct{ Conns, Agenda, Ballot, Receipt uint32 }

// floorPerItem is what the floor's server appends to its file for each ballot.
const floorPerItem = 64

// measureFloor runs the floor's server as a child process (`daihoi bench --floor-server DIR`),
// connects n tablets and m screens to it, times one fan-out to all of them and one burst of n
// ballots with the sizes of the run's messages, and stops it.
func measureFloor(n, m int, sizes floorShape) (Floor, error) {
	dir, err := os.MkdirTemp("", "daihoi-floor-")
	if err != nil {
		return Floor{}, err
	}
	defer os.RemoveAll(dir)
	exe, err := os.Executable()
	if err != nil {
		return Floor{}, err
	}
	cmd := exec.Command(exe, "bench", "--floor-server", dir)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return Floor{}, err
	}
	if err := cmd.Start(); err != nil {
		return Floor{}, err
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	// Its first line is its address.
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(out).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	var addr string
	select {
	case addr = <-line:
	case <-time.After(30 * time.Second):
	}
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return Floor{}, fmt.Errorf("the floor's server did not start (it said %q)", addr)
	}

	ctl, err := net.Dial("tcp", addr)
	if err != nil {
		return Floor{}, err
	}
	defer ctl.Close()
	shape := sizes
	shape.Conns = uint32(n + m)
	ctl.SetDeadline(time.Now().Add(30 * time.Second))
	if err := binary.Write(ctl, binary.BigEndian, shape); err != nil {
		return Floor{}, err
	}
	conns := make([]net.Conn, n+m)
	err = Parallel(len(conns), 64, func(i int) error {
		c, err := net.Dial("tcp", addr)
		conns[i] = c
		return err
	})
	if err != nil {
		return Floor{}, err
	}
	// The server answers once it has accepted every connection.
	if _, err := io.ReadFull(ctl, make([]byte, 1)); err != nil {
		return Floor{}, fmt.Errorf("the floor's server did not take every connection: %w", err)
	}
	ctl.SetDeadline(time.Time{})
	sockets, err := readSockets(conns)
	if err != nil {
		return Floor{}, err
	}
	defer sockets.close()

	var f Floor
	sockets.expect(int(shape.Agenda), len(conns))
	t0 := time.Now()
	if _, err := ctl.Write([]byte{'F'}); err != nil {
		return Floor{}, err
	}
	at, err := sockets.wait(30 * time.Second)
	if err != nil {
		return Floor{}, fmt.Errorf("floor fan-out: %w", err)
	}
	arrived := make([]time.Duration, len(at))
	for i, t := range at {
		arrived[i] = t.Sub(t0)
	}
	f.FanoutMs = percentiles(arrived)

	sockets.expect(int(shape.Receipt), n)
	ballot := make([]byte, shape.Ballot)
	sent := make([]time.Time, n)
	burst := time.Now()
	for i := range n {
		sent[i] = time.Now()
		if _, err := sockets.out[i].Write(ballot); err != nil {
			return Floor{}, err
		}
	}
	at, err = sockets.wait(30 * time.Second)
	if err != nil {
		return Floor{}, fmt.Errorf("floor burst: %w", err)
	}
	acks := make([]time.Duration, n)
	for i := range n {
		acks[i] = at[i].Sub(sent[i])
	}
	f.BallotAckMs = percentiles(acks)
	f.BurstDurableMs = float64(lastAnswer(sent, acks).Sub(burst).Microseconds()) / 1000
	return f, nil
}

// ServeFloor is the floor's server: it prints its address, takes a control connection, reads the
// traffic's shape from it, takes that many connections as tablets and screens and says so. On 'F'
// from the control connection it appends a record to its file and syncs it (daihoi stores an event
// before it sends it), then writes the agenda's bytes to every connection, from one goroutine per
// processor and with the hub's writes (SocketWriter); a ballot's bytes are answered once a group of
// ballots is appended to a file and fdatasynced, as the store's group commit does.
func ServeFloor(dir string, stdout io.Writer) error {
	raiseFileLimit()
	file, err := os.Create(dir + "/floor")
	if err != nil {
		return err
	}
	defer file.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, ln.Addr().String())
	ctl, err := ln.Accept()
	if err != nil {
		return err
	}
	var shape floorShape
	if err := binary.Read(ctl, binary.BigEndian, &shape); err != nil {
		return err
	}
	conns := make([]net.Conn, shape.Conns)
	for i := range conns {
		if conns[i], err = ln.Accept(); err != nil {
			return err
		}
	}
	var mu sync.Mutex
	var queue []chan struct{}
	writing := false
	// commit appends what the waiting ballots stand for and syncs it, then answers them; ballots
	// that arrive meanwhile form the next group.
	commit := func() {
		for {
			mu.Lock()
			group := queue
			queue = nil
			if len(group) == 0 {
				writing = false
				mu.Unlock()
				return
			}
			mu.Unlock()
			file.Write(make([]byte, floorPerItem*len(group)))
			syncData(file)
			for _, done := range group {
				close(done)
			}
			runtime.Gosched() // as the store's writer yields to what its answers woke
		}
	}
	// Every write goes out as the hub's do (hub.SocketWriter: write(2) as a raw system call on
	// Linux).
	out := make([]io.Writer, len(conns))
	for i, c := range conns {
		out[i] = hub.SocketWriter(c)
	}
	serve := func(c net.Conn, w io.Writer) {
		buf := make([]byte, shape.Ballot)
		receipt := make([]byte, shape.Receipt)
		for {
			if _, err := io.ReadFull(c, buf); err != nil {
				return
			}
			done := make(chan struct{})
			mu.Lock()
			queue = append(queue, done)
			if !writing {
				writing = true
				go commit()
			}
			mu.Unlock()
			<-done
			if _, err := w.Write(receipt); err != nil {
				return
			}
		}
	}
	for i, c := range conns {
		go serve(c, out[i])
	}
	if _, err := ctl.Write([]byte{'k'}); err != nil {
		return err
	}
	agenda := make([]byte, shape.Agenda)
	cmd := make([]byte, 1)
	for {
		if _, err := ctl.Read(cmd); err != nil {
			return nil // the bench is done
		}
		if cmd[0] == 'F' {
			// As daihoi stores an event before it sends it, the floor syncs a record first, then
			// writes from one goroutine per processor, as the hub does.
			file.Write(make([]byte, floorPerItem))
			syncData(file)
			Parallel(len(conns), runtime.GOMAXPROCS(0), func(i int) error {
				out[i].Write(agenda)
				return nil
			})
		}
	}
}
