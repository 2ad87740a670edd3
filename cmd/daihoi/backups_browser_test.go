package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/daihoi/daihoi/demo"
	"github.com/daihoi/daihoi/internal/testserver"
)

// A failed backup stands out on the presidium's console and the organiser's setup page until a
// copy is written again; the setup page then says when and where.
func TestBrowserBackupFailureIsShown(t *testing.T) {
	browserTest(t)
	usb := filepath.Join(t.TempDir(), "usb")
	if err := os.WriteFile(usb, []byte("not a folder"), 0o600); err != nil {
		t.Fatal(err)
	}
	a := runApp(t, &Main{BackupDir: usb}, demo.New())
	a.CheckInAll()
	b := newBrowser(t)
	pres := b.window(1366, 768)
	b.signIn(pres, a.URL(), "presidium", "dct1")
	b.waitText(pres, "#backup-failed", "Sao lưu sang ổ USB không thành công")
	b.waitText(pres, "#backup-failed", "Đại hội vẫn tiếp tục")
	b.shot(pres, "backup-failed-presidium")
	setup := b.window(1366, 768)
	b.signIn(setup, a.URL(), "setup", "bantochuc")
	b.waitText(setup, "#setup-backup", "Kiểm tra ổ USB")
	b.shot(setup, "backup-failed-setup")

	// The stick is back; the next close writes a copy and the banners go.
	os.Remove(usb)
	if err := os.Mkdir(usb, 0o700); err != nil {
		t.Fatal(err)
	}
	tabletElection(t, a, "Bầu thử (ổ USB cắm lại)")
	b.waitText(setup, "#setup-backup", "Đã sao lưu sang ổ thứ hai lúc")
	testserver.Eventually(t, "the presidium's banner gone", 10*time.Second, func() bool {
		return eval[int](b, pres, `document.querySelectorAll('#backup-failed').length`) == 0
	})
}
