package server_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/internal/testserver"
)

// hall is a real server on 127.0.0.1:0 over a bbolt file in a temp folder, seeded with the demo
// congress (internal/testserver), with the helpers of these tests.
type hall struct{ *testserver.Server }

// testTick is the turnout's tick in these tests: short, so that a test waits for the turnout it
// expects instead of a second.
const testTick = 20 * time.Millisecond

func openHall(t *testing.T, dir string, seed bool) *hall {
	t.Helper()
	return &hall{testserver.Open(t, testserver.Options{Dir: dir, Empty: !seed, Logger: logger, Now: clock, TurnoutTick: tick})}
}

// logger, when set, receives the next server's log.
var logger *slog.Logger

// clock, when set, is the next server's clock.
var clock func() time.Time

// tick is the next server's turnout tick.
var tick = testTick

func startHall(t *testing.T) *hall { return openHall(t, t.TempDir(), true) }

// notArrived records d as not arrived at the door (a check-in undone), through the check-in desk.
func (h *hall) notArrived(d daihoi.Delegate) {
	h.T.Helper()
	if err := h.Login("dontiep").Post(context.Background(), "/api/delegates/"+d.ID+"/presence", map[string]string{"presence": string(daihoi.NotArrived)}, nil); err != nil {
		h.T.Fatalf("%s not arrived: %v", d.Name, err)
	}
}
