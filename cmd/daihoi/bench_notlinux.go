//go:build !linux

package main

import "time"

// rawScreens: outside Linux every screen is read through gorilla/websocket, a goroutine each.
const rawScreens = false

func readScreens(screens []*screen) (stop func(), err error) {
	readScreensGorilla(screens)
	return func() {}, nil
}

// stolenCPU is measured on Linux only.
func stolenCPU() time.Duration { return 0 }
