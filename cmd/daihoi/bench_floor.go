package main

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

// The floor's messages have the sizes of daihoi's in the bench: the event of the agenda's next item
// (the item it opens, changed in place), a ballot keeping 23 names of 60 (the bench's average), a
// receipt.
const (
	floorAgenda  = 373
	floorBallot  = 1030
	floorReceipt = 150
	floorPerItem = 64 // bytes the floor's server appends to its file for each ballot
)

// measureFloor runs the floor's server as a child process (`daihoi bench --floor-server DIR`),
// connects n tablets and m screens to it, times one fan-out to all of them and one burst of n
// ballots, and stops it.
func measureFloor(n, m int) (Floor, error) {
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
	conns := make([]net.Conn, n+m)
	err = parallel(len(conns), 64, func(i int) error {
		c, err := net.Dial("tcp", addr)
		conns[i] = c
		return err
	})
	if err != nil {
		return Floor{}, err
	}
	// The server answers once it has accepted every connection.
	ctl.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := ctl.Write(binary.BigEndian.AppendUint32([]byte{'W'}, uint32(len(conns)))); err != nil {
		return Floor{}, err
	}
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
	sockets.expect(floorAgenda, len(conns))
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

	sockets.expect(floorReceipt, n)
	ballot := make([]byte, floorBallot)
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
	var last time.Time
	for i := range n {
		acks[i] = at[i].Sub(sent[i])
		if at[i].After(last) {
			last = at[i]
		}
	}
	f.BallotAckMs = percentiles(acks)
	f.BurstDurableMs = float64(last.Sub(burst).Microseconds()) / 1000
	return f, nil
}

// floorServe is the floor's server: it prints its address, takes a control connection and then
// every other as a tablet or screen. On 'F' from the control connection it appends a record to its
// file and syncs it (daihoi stores an event before it sends it), then writes the agenda's bytes to
// every connection, from one goroutine per processor as the hub does; a ballot's bytes are
// answered once a group of ballots is appended to a file and fdatasynced, as the store's group
// commit does.
func floorServe(dir string, stdout io.Writer) error {
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
	var mu sync.Mutex
	var conns []net.Conn
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
		}
	}
	serve := func(c net.Conn) {
		buf := make([]byte, floorBallot)
		receipt := make([]byte, floorReceipt)
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
			if _, err := c.Write(receipt); err != nil {
				return
			}
		}
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			go serve(c)
		}
	}()
	agenda := make([]byte, floorAgenda)
	cmd := make([]byte, 1)
	for {
		if _, err := ctl.Read(cmd); err != nil {
			return nil // the bench is done
		}
		switch cmd[0] {
		case 'W':
			var count [4]byte
			if _, err := io.ReadFull(ctl, count[:]); err != nil {
				return nil
			}
			for {
				mu.Lock()
				k := len(conns)
				mu.Unlock()
				if k >= int(binary.BigEndian.Uint32(count[:])) {
					break
				}
				time.Sleep(10 * time.Millisecond)
			}
			ctl.Write([]byte{'k'})
		case 'F':
			// As daihoi stores an event before it sends it, the floor syncs a record first.
			file.Write(make([]byte, floorPerItem))
			syncData(file)
			mu.Lock()
			all := conns
			mu.Unlock()
			k := runtime.GOMAXPROCS(0)
			var wg sync.WaitGroup
			for w := range k {
				wg.Go(func() {
					for i := w; i < len(all); i += k {
						all[i].Write(agenda)
					}
				})
			}
			wg.Wait()
		}
	}
}
