// Package tlsca is the congress's own certificate authority: a CA kept in the data folder, and the
// server certificate it signs for the laptop's addresses. The hall's Wi-Fi is shared by everyone
// in the room, so the tablets speak HTTPS to the server; they trust this CA once (installed from the
// server's /ca page) and keep trusting the server when its address changes, because the next start
// issues a new server certificate from the same CA.
package tlsca

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/daihoi/daihoi"
)

// The files in the data folder. The keys are readable by their owner only (0600).
const (
	CAFile      = "ca.pem"
	CAKeyFile   = "ca-key.pem"
	CertFile    = "server.pem"
	CertKeyFile = "server-key.pem"
)

const (
	caLife = 10 * 365 * 24 * time.Hour
	// certLife stays under the 398 days Apple's devices accept for a server certificate.
	certLife = 397 * 24 * time.Hour
	// renewBefore: a server certificate this close to its end is issued again at the next start.
	renewBefore = 30 * 24 * time.Hour
)

// Authority is the congress CA.
type Authority struct {
	Cert *x509.Certificate
	PEM  []byte // the certificate, as /ca.pem serves it
	key  *ecdsa.PrivateKey
}

// Fingerprint is the SHA-256 fingerprint of a certificate as the devices show it: 32 bytes in
// upper-case hex pairs separated by colons.
func Fingerprint(der []byte) string {
	sum := sha256.Sum256(der)
	parts := make([]string, len(sum))
	for i, b := range sum {
		parts[i] = fmt.Sprintf("%02X", b)
	}
	return strings.Join(parts, ":")
}

// Thumbprint is a certificate's SHA-1 fingerprint in upper-case hex, as Windows shows it.
func Thumbprint(der []byte) string {
	sum := sha1.Sum(der)
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// PEM is a certificate (DER) as a PEM file holds it.
func PEM(der []byte) []byte { return pemCert(der) }

// Fingerprint is the CA certificate's.
func (a *Authority) Fingerprint() string { return Fingerprint(a.Cert.Raw) }

// Open loads the CA from dir, or creates it there on the first start (created is then true). A CA
// whose files are there but unreadable is an error, never replaced: the tablets trust the old one.
func Open(dir string, now time.Time) (a *Authority, created bool, err error) {
	certPath, keyPath := filepath.Join(dir, CAFile), filepath.Join(dir, CAKeyFile)
	_, errCert := os.Stat(certPath)
	_, errKey := os.Stat(keyPath)
	if errors.Is(errCert, os.ErrNotExist) && errors.Is(errKey, os.ErrNotExist) {
		a, err := create(now)
		if err != nil {
			return nil, false, err
		}
		if err := writeFile(keyPath, pemKey(a.key), 0o600); err != nil {
			return nil, false, err
		}
		if err := writeFile(certPath, a.PEM, 0o644); err != nil {
			return nil, false, err
		}
		return a, true, nil
	}
	certs, key, err := loadPair(certPath, keyPath)
	if err != nil {
		return nil, false, daihoi.Errorf(daihoi.EINVALID,
			"không đọc được chứng chỉ gốc của đại hội (%s, %s): %v. Khôi phục hai tệp này từ bản sao lưu; đừng xoá chúng, vì máy tính bảng đã tin chứng chỉ cũ",
			"cannot read the congress CA (%s, %s): %v. Restore these two files from a backup; do not delete them, the tablets trust the old CA",
			certPath, keyPath, err)
	}
	ca := certs[0]
	if !ca.IsCA {
		return nil, false, daihoi.Errorf(daihoi.EINVALID, "%s không phải chứng chỉ gốc (CA)", "%s is not a CA certificate", certPath)
	}
	return &Authority{Cert: ca, PEM: pemCert(ca.Raw), key: key}, false, nil
}

func create(now time.Time) (*Authority, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	name := "daihoi CA " + now.Format("2006-01-02") // the day tells two congresses' CAs apart
	tmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: name, Organization: []string{"daihoi"}},
		NotBefore:             now.Add(-time.Hour), // a tablet's clock may be a little behind
		NotAfter:              now.Add(caLife),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true, // it signs server certificates, no other CA
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &Authority{Cert: cert, PEM: pemCert(der), key: key}, nil
}

// Names are what a server certificate is valid for.
type Names struct {
	IPs []net.IP
	DNS []string
}

// Needed are the names the server's certificate must carry: every LAN address of the machine (lan),
// loopback (127.0.0.1, ::1, localhost) and each name given with --host.
func Needed(lan []net.IP, hosts []string) Names {
	n := Names{IPs: []net.IP{net.IPv4(127, 0, 0, 1).To4(), net.IPv6loopback}, DNS: []string{"localhost"}}
	for _, ip := range lan {
		if v4 := ip.To4(); v4 != nil {
			ip = v4
		}
		n.IPs = append(n.IPs, ip)
	}
	for _, h := range hosts {
		h = strings.TrimSpace(h)
		if h == "" {
			continue
		}
		if ip := net.ParseIP(h); ip != nil {
			if v4 := ip.To4(); v4 != nil {
				ip = v4
			}
			n.IPs = append(n.IPs, ip)
		} else {
			n.DNS = append(n.DNS, strings.ToLower(h))
		}
	}
	sort.Slice(n.IPs, func(i, j int) bool { return bytes.Compare(n.IPs[i], n.IPs[j]) < 0 })
	n.IPs = slices.CompactFunc(n.IPs, func(a, b net.IP) bool { return a.Equal(b) })
	sort.Strings(n.DNS)
	n.DNS = slices.Compact(n.DNS)
	return n
}

// coveredBy reports whether cert names every one of n.
func (n Names) coveredBy(cert *x509.Certificate) bool {
	for _, ip := range n.IPs {
		if !slices.ContainsFunc(cert.IPAddresses, ip.Equal) {
			return false
		}
	}
	for _, d := range n.DNS {
		if !slices.Contains(cert.DNSNames, d) {
			return false
		}
	}
	return true
}

// ServerCert returns the server certificate kept in dir, if this CA signed it, it names every one of
// names and it is not near its end; otherwise it issues a new one, keeps it in dir, and says so
// (issued). The new certificate has a new key.
func (a *Authority) ServerCert(dir string, names Names, now time.Time) (cert tls.Certificate, issued bool, err error) {
	certPath, keyPath := filepath.Join(dir, CertFile), filepath.Join(dir, CertKeyFile)
	if certs, key, err := loadPair(certPath, keyPath); err == nil {
		leaf := certs[0]
		if leaf.CheckSignatureFrom(a.Cert) == nil && names.coveredBy(leaf) && now.Add(renewBefore).Before(leaf.NotAfter) && now.After(leaf.NotBefore) {
			return tls.Certificate{Certificate: [][]byte{leaf.Raw}, PrivateKey: key, Leaf: leaf}, false, nil
		}
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return cert, false, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: "daihoi", Organization: []string{"daihoi"}},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(certLife),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  names.IPs,
		DNSNames:     names.DNS,
	}
	if tmpl.NotAfter.After(a.Cert.NotAfter) {
		tmpl.NotAfter = a.Cert.NotAfter
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, a.Cert, &key.PublicKey, a.key)
	if err != nil {
		return cert, false, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return cert, false, err
	}
	if err := writeFile(keyPath, pemKey(key), 0o600); err != nil {
		return cert, false, err
	}
	if err := writeFile(certPath, pemCert(der), 0o644); err != nil {
		return cert, false, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, true, nil
}

// LANAddresses are the machine's addresses other than loopback that a tablet may reach: IPv4, and
// IPv6 but link-local (a certificate cannot name an address with its zone).
func LANAddresses() []net.IP {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	var out []net.IP
	for _, a := range addrs {
		n, ok := a.(*net.IPNet)
		if !ok || n.IP.IsLoopback() || n.IP.IsLinkLocalUnicast() || n.IP.IsMulticast() || n.IP.IsUnspecified() {
			continue
		}
		out = append(out, n.IP)
	}
	return out
}

func serial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	return n.Add(n, big.NewInt(1))
}

func pemCert(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

func pemKey(k *ecdsa.PrivateKey) []byte {
	der, _ := x509.MarshalPKCS8PrivateKey(k)
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}

// loadPair reads a certificate file (its chain) and its ECDSA key.
func loadPair(certPath, keyPath string) ([]*x509.Certificate, *ecdsa.PrivateKey, error) {
	certs, err := ReadCerts(certPath)
	if err != nil {
		return nil, nil, err
	}
	b, err := os.ReadFile(keyPath)
	if err != nil {
		return nil, nil, err
	}
	blk, _ := pem.Decode(b)
	if blk == nil {
		return nil, nil, fmt.Errorf("%s: no PEM key", keyPath)
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", keyPath, err)
	}
	ek, ok := k.(*ecdsa.PrivateKey)
	if !ok {
		return nil, nil, fmt.Errorf("%s: not an ECDSA key", keyPath)
	}
	if !ek.PublicKey.Equal(certs[0].PublicKey) {
		return nil, nil, fmt.Errorf("%s does not belong to %s", keyPath, certPath)
	}
	return certs, ek, nil
}

// ReadCerts reads the certificates of a PEM file, the first one first.
func ReadCerts(path string) ([]*x509.Certificate, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []*x509.Certificate
	for {
		var blk *pem.Block
		blk, b = pem.Decode(b)
		if blk == nil {
			break
		}
		if blk.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no certificate", path)
	}
	return out, nil
}

// writeFile writes a file whole or not at all: into a temporary file, synced, then renamed.
func writeFile(path string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
