package main

import (
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/daihoi/daihoi/tlsca"
)

// httpsGet fetches url trusting only the CA in pem.
func httpsGet(t *testing.T, pem []byte, url string) (*http.Response, string) {
	t.Helper()
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatal("no certificate in the CA file")
	}
	c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatalf("GET %s trusting the CA: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// serve makes the congress CA on the first start of a data folder and the same CA serves after a
// restart; the HTTPS side is trusted through it for loopback and each --host name, and the banner
// gives the screens' https:// addresses and the /ca page with the fingerprint. The second start
// has a name more (as when the laptop's address changes): a new server certificate names it,
// from the same CA, and the banner says that the tablets need not install anything again.
func TestServeHTTPSWithTheCongressCA(t *testing.T) {
	dir := t.TempDir()
	var fingerprint string
	for start := 0; start < 2; start++ {
		var out strings.Builder
		hosts := []string{"daihoi.local", "hoitruong.lan"}[:start+1]
		m := &Main{Addr: "127.0.0.1:0", TLSAddr: "127.0.0.1:0", Data: dir, Hosts: hosts, Cost: bcrypt.MinCost, Out: &out}
		if err := m.Run(); err != nil {
			t.Fatal(err)
		}
		pem, err := os.ReadFile(filepath.Join(dir, tlsca.CAFile))
		if err != nil {
			t.Fatal(err)
		}
		resp, body := httpsGet(t, pem, m.TLSURL()+"/healthz")
		if resp.StatusCode != 200 || !strings.Contains(body, "ok") || resp.TLS == nil {
			t.Errorf("start %d: /healthz over HTTPS: %d %q", start, resp.StatusCode, body)
		}
		for _, h := range hosts {
			if !slices.Contains(resp.TLS.PeerCertificates[0].DNSNames, h) {
				t.Errorf("start %d: the certificate names %v, not --host %s", start, resp.TLS.PeerCertificates[0].DNSNames, h)
			}
		}
		if renewed := strings.Contains(out.String(), "a new server certificate was issued by the same CA"); renewed != (start == 1) {
			t.Errorf("start %d: the banner says a new server certificate was issued: %v", start, renewed)
		}
		if start == 0 {
			fingerprint = m.TLS.Fingerprint
		} else if m.TLS.Fingerprint != fingerprint {
			t.Errorf("the restart has another CA: %s, was %s", m.TLS.Fingerprint, fingerprint)
		}
		banner := out.String()
		for _, want := range []string{m.TLSURL() + "/presidium", "https://daihoi.local:", "/ca   SHA-256 " + fingerprint} {
			if !strings.Contains(banner, want) {
				t.Errorf("start %d: the banner does not give %q:\n%s", start, want, banner)
			}
		}
		if created := strings.Contains(banner, "created the congress CA"); created != (start == 0) {
			t.Errorf("start %d: the banner says the CA was created: %v", start, created)
		}
		m.Close()
	}
}

// With --tls-cert and --tls-key the server serves the organisation's certificate, and /ca.pem
// gives the top of its chain.
func TestServeTheOrganisationsCertificate(t *testing.T) {
	org := t.TempDir()
	ca, _, err := tlsca.Open(org, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := ca.ServerCert(org, tlsca.Needed(nil, nil), time.Now()); err != nil {
		t.Fatal(err)
	}
	chain := filepath.Join(org, "chain.pem")
	leaf, _ := os.ReadFile(filepath.Join(org, tlsca.CertFile))
	os.WriteFile(chain, append(leaf, ca.PEM...), 0o644)
	dir := t.TempDir()
	m := &Main{Addr: "127.0.0.1:0", TLSAddr: "127.0.0.1:0", Data: dir, TLSCert: chain, TLSKey: filepath.Join(org, tlsca.CertKeyFile), Cost: bcrypt.MinCost}
	if err := m.Run(); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if _, err := os.Stat(filepath.Join(dir, tlsca.CAFile)); err == nil {
		t.Error("a congress CA was made although the organisation's certificate is used")
	}
	resp, body := httpsGet(t, ca.PEM, m.TLSURL()+"/ca.pem")
	if resp.StatusCode != 200 || body != string(ca.PEM) {
		t.Errorf("/ca.pem gives %q, want the organisation's CA", body)
	}
	if m.TLS.Fingerprint != ca.Fingerprint() || !m.TLS.Own {
		t.Errorf("fingerprint %s (own %v), want the organisation CA's %s", m.TLS.Fingerprint, m.TLS.Own, ca.Fingerprint())
	}
}
