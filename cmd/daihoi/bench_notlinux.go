//go:build !linux

package main

// rawScreens: outside Linux every screen is read through gorilla/websocket, a goroutine each.
const rawScreens = false

func readScreens(screens []*screen) (stop func(), err error) {
	readScreensGorilla(screens)
	return func() {}, nil
}
