package main

import (
	"net"
	"slices"
	"testing"
)

// The cards offer first the address a hall's Wi-Fi most likely has; IPv6 is left to the
// certificate, and nothing the certificate leaves out (link-local) is offered.
func TestOrderLAN(t *testing.T) {
	var ips []net.IP
	for _, s := range []string{"172.17.0.1", "203.0.113.5", "10.0.0.7", "192.168.1.10", "fd00::1"} {
		ips = append(ips, net.ParseIP(s))
	}
	want := []string{"192.168.1.10", "10.0.0.7", "172.17.0.1", "203.0.113.5"}
	if got := orderLAN(ips); !slices.Equal(got, want) {
		t.Fatalf("orderLAN = %v, want %v", got, want)
	}
}
