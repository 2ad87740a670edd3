package tlsca

import (
	"crypto/tls"
	"crypto/x509"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var day = time.Date(2026, 12, 5, 7, 0, 0, 0, time.UTC)

func lan(addrs ...string) []net.IP {
	var out []net.IP
	for _, a := range addrs {
		out = append(out, net.ParseIP(a))
	}
	return out
}

// verify checks cert as a tablet that trusts only ca does, for the address host.
func verify(t *testing.T, ca *Authority, cert tls.Certificate, host string) error {
	t.Helper()
	at := cert.Leaf.NotBefore.Add(2 * time.Hour)
	pool := x509.NewCertPool()
	pool.AddCert(ca.Cert)
	_, err := cert.Leaf.Verify(x509.VerifyOptions{Roots: pool, DNSName: host, CurrentTime: at})
	return err
}

// The CA is made on the first start and the same CA is read at every start after: the tablets
// installed it once.
func TestCACreatedOnceAndReused(t *testing.T) {
	dir := t.TempDir()
	a, created, err := Open(dir, day)
	if err != nil || !created {
		t.Fatalf("first start: created %v, %v", created, err)
	}
	if a.Cert.PublicKeyAlgorithm != x509.ECDSA || !a.Cert.IsCA {
		t.Errorf("the CA is %v, CA %v; want an ECDSA CA", a.Cert.PublicKeyAlgorithm, a.Cert.IsCA)
	}
	for _, f := range []struct {
		name string
		perm os.FileMode
	}{{CAKeyFile, 0o600}, {CAFile, 0o644}} {
		st, err := os.Stat(filepath.Join(dir, f.name))
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != f.perm {
			t.Errorf("%s has mode %v, want %v", f.name, st.Mode().Perm(), f.perm)
		}
	}
	b, created, err := Open(dir, day.Add(48*time.Hour))
	if err != nil || created {
		t.Fatalf("second start: created %v, %v", created, err)
	}
	if b.Fingerprint() != a.Fingerprint() || !b.key.Equal(a.key) {
		t.Errorf("the second start has another CA: %s, was %s", b.Fingerprint(), a.Fingerprint())
	}
	if len(a.Fingerprint()) != 32*3-1 {
		t.Errorf("fingerprint %q is not 32 hex pairs", a.Fingerprint())
	}
}

// A damaged CA file is an error, not a new CA the tablets would not trust.
func TestDamagedCAIsRefused(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := Open(dir, day); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, CAKeyFile), []byte("garbage"), 0o600)
	if _, _, err := Open(dir, day); err == nil {
		t.Fatal("a damaged CA key was accepted")
	}
}

// The server certificate names the LAN addresses, loopback and each --host; the next start with
// the same addresses keeps it; an address that changed gets a new one, from the same CA.
func TestServerCertFollowsTheAddresses(t *testing.T) {
	dir := t.TempDir()
	ca, _, err := Open(dir, day)
	if err != nil {
		t.Fatal(err)
	}
	names := Needed(lan("192.168.1.20", "fd00::20"), []string{"daihoi.local", "10.0.0.9"})
	c1, issued, err := ca.ServerCert(dir, names, day)
	if err != nil || !issued {
		t.Fatalf("first certificate: issued %v, %v", issued, err)
	}
	for _, host := range []string{"192.168.1.20", "fd00::20", "127.0.0.1", "::1", "localhost", "daihoi.local", "10.0.0.9"} {
		if err := verify(t, ca, c1, host); err != nil {
			t.Errorf("a tablet trusting the CA refuses %s: %v", host, err)
		}
	}
	if err := verify(t, ca, c1, "192.168.1.99"); err == nil {
		t.Error("the certificate is valid for an address it should not name")
	}
	if st, _ := os.Stat(filepath.Join(dir, CertKeyFile)); st == nil || st.Mode().Perm() != 0o600 {
		t.Errorf("the server key's mode is not 0600: %v", st)
	}

	c2, issued, err := ca.ServerCert(dir, names, day.Add(24*time.Hour))
	if err != nil || issued || string(c2.Certificate[0]) != string(c1.Certificate[0]) {
		t.Fatalf("same addresses: issued %v (want the same certificate), %v", issued, err)
	}

	// The laptop is on another network the next day.
	moved := Needed(lan("10.1.2.3"), []string{"daihoi.local"})
	ca2, created, _ := Open(dir, day.Add(24*time.Hour))
	if created {
		t.Fatal("a new CA on the next start")
	}
	c3, issued, err := ca2.ServerCert(dir, moved, day.Add(24*time.Hour))
	if err != nil || !issued {
		t.Fatalf("moved: issued %v, %v", issued, err)
	}
	if err := verify(t, ca, c3, "10.1.2.3"); err != nil {
		t.Errorf("the new certificate is not trusted through the CA the tablets hold: %v", err)
	}
	if err := c3.Leaf.CheckSignatureFrom(ca.Cert); err != nil {
		t.Errorf("the new certificate is not signed by the same CA: %v", err)
	}

	// A certificate near its end is issued again.
	_, issued, _ = ca2.ServerCert(dir, moved, day.Add(380*24*time.Hour))
	if !issued {
		t.Error("a certificate 17 days from its end was kept")
	}
}
