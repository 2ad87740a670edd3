package server

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"sync"
	"testing"

	"github.com/daihoi/daihoi"
)

// The keyed HMAC is cloned for each ballot: many ballots at once get the MAC a fresh HMAC gives.
func TestBallotKeyMACIsHMACOfTheSecret(t *testing.T) {
	secret := bytes.Repeat([]byte{7}, 32)
	keyed := hmac.New(sha256.New, secret)
	keyed.Reset()
	k := &ballotKey{keyed: keyed, form: daihoi.NewTabletForm(daihoi.Poll{Kind: daihoi.Motion})}
	want := func(parts ...string) []byte {
		h := hmac.New(sha256.New, secret)
		for _, p := range parts {
			h.Write([]byte(p))
			h.Write([]byte{0})
		}
		return h.Sum(nil)
	}
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			parts := []string{"receipt", "poll", string(rune('a' + i))}
			if got := k.mac(parts...); !hmac.Equal(got, want(parts...)) {
				t.Errorf("mac(%q) = %x, want %x", parts, got, want(parts...))
			}
		}()
	}
	wg.Wait()
}

// A receipt code is the MAC's first 40 bits in the code alphabet, as XXXX-XXXX.
func TestReceiptCode(t *testing.T) {
	for i := range 300 {
		m := sha256.Sum256([]byte{byte(i), byte(i >> 8)})
		s := codeEnc.EncodeToString(m[:5])
		if got, want := receiptCode(m[:]), s[:4]+"-"+s[4:]; got != want {
			t.Fatalf("receiptCode(%x) = %q, want %q", m[:5], got, want)
		}
	}
}
