//go:build !linux

package hub

import (
	"io"
	"net"
)

// SocketWriter is the connection itself where write(2) is not called directly (see socket_linux.go).
func SocketWriter(nc net.Conn) io.Writer { return nc }
