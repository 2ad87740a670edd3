package daihoi

import (
	"errors"
	"fmt"
	"testing"
)

// A refused ballot is named by its number in both languages, whatever error its check gave: an
// error that is no *Error (a wrapped one, or a plain one from a check written later) is numbered
// too, and never stops the recount with a panic.
func TestBallotErrorNamesTheBallot(t *testing.T) {
	plain := errors.New("the ballot's check broke")
	tests := []struct {
		name     string
		err      error
		code     string
		vi, en   string
		wrapping error
	}{
		{"a refusal is numbered in both languages", Errorf(EINVALID, "phiếu giữ tên %q hai lần", "the ballot keeps %q twice", "c1"),
			EINVALID, `phiếu thứ 3: phiếu giữ tên "c1" hai lần`, `ballot 3: the ballot keeps "c1" twice`, nil},
		{"a wrapped refusal keeps its code and its words", fmt.Errorf("check: %w", Errorf(EINVALID, "sai", "wrong")),
			EINVALID, "phiếu thứ 3: sai", "ballot 3: wrong", nil},
		{"any other error is internal, numbered, and still there to find", plain,
			EINTERNAL, "", "", plain},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ballotError(2, tt.err)
			if code := ErrorCode(got); code != tt.code {
				t.Errorf("code %q, want %q (%v)", code, tt.code, got)
			}
			var e *Error
			if tt.vi != "" && (!errors.As(got, &e) || e.Vi != tt.vi || e.En != tt.en) {
				t.Errorf("got %v, want %q / %q", got, tt.vi, tt.en)
			}
			if tt.wrapping != nil {
				if !errors.Is(got, tt.wrapping) {
					t.Errorf("%v does not wrap %v", got, tt.wrapping)
				}
				if got.Error() != "ballot 3: the ballot's check broke" {
					t.Errorf("got %q, want the ballot's number and the error", got)
				}
			}
		})
	}
}
