package daihoi

import (
	"errors"
	"fmt"
)

// Error codes. They describe what went wrong, not how a transport reports it: the server maps each
// code to an HTTP status in exactly one place.
const (
	EINVALID   = "invalid"
	ENOTFOUND  = "not_found"
	ECONFLICT  = "conflict"
	EFORBIDDEN = "forbidden"
	EINTERNAL  = "internal"
)

// Error is the error a person may read: a code and the same message in Vietnamese and English.
type Error struct {
	Code string
	Vi   string
	En   string
}

// Error returns the message, Vietnamese first.
func (e *Error) Error() string {
	if e.Vi == e.En {
		return e.Vi
	}
	return e.Vi + " / " + e.En
}

// Errorf builds an Error; vi and en are format strings that take the same arguments.
func Errorf(code, vi, en string, args ...any) *Error {
	return &Error{Code: code, Vi: fmt.Sprintf(vi, args...), En: fmt.Sprintf(en, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for any other error
// and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessages returns the Vietnamese and English messages a person may read. Internal errors
// are never shown as they are: they may carry file paths or worse.
func ErrorMessages(err error) (vi, en string) {
	var e *Error
	if errors.As(err, &e) {
		return e.Vi, e.En
	}
	return "Lỗi nội bộ của máy chủ.", "Internal server error."
}
