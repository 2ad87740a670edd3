package server

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/daihoi/daihoi"
)

// statusOf is the one place where an error code becomes an HTTP status.
func statusOf(code string) int {
	switch code {
	case daihoi.EINVALID:
		return http.StatusBadRequest
	case daihoi.ENOTFOUND:
		return http.StatusNotFound
	case daihoi.ECONFLICT:
		return http.StatusConflict
	case daihoi.EFORBIDDEN:
		return http.StatusForbidden
	case errUnauthorized:
		return http.StatusUnauthorized
	case errTooMany:
		return http.StatusTooManyRequests
	case errTooLarge:
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusInternalServerError
}

const (
	errUnauthorized = "unauthorized"
	errTooMany      = "too_many"  // a limit on what one address or sign-in may hold
	errTooLarge     = "too_large" // an uploaded file larger than the server reads
)

var errSignIn = &daihoi.Error{Code: errUnauthorized, Vi: "Cần đăng nhập.", En: "Please sign in."}

// writeError answers with the error's status and {"code","message","message_en"}. Internal errors
// are logged here, once, and never shown as they are.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, body := s.errorBody(err, "method", r.Method, "path", r.URL.Path)
	writeJSON(w, status, body)
}

// errorBody is an error as a screen is told it, over HTTP or its websocket: the status and
// {"code","message","message_en"}. An internal error is logged with where it happened.
func (s *Server) errorBody(err error, where ...any) (int, daihoi.ErrorBody) {
	code := daihoi.ErrorCode(err)
	var de *daihoi.Error
	if !errors.As(err, &de) {
		s.log.Error("internal error", append(where, "err", err)...)
	}
	vi, en := daihoi.ErrorMessages(err)
	return statusOf(code), daihoi.ErrorBody{Code: code, Message: vi, MessageEn: en}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// maxBody limits every request body: a congress needs no more.
const maxBody = 1 << 20

// decode reads a JSON body into v, refusing unknown fields, more than maxBody bytes and trailing
// content, with a message a person can read. An empty body leaves v as it is: a request such as
// "mark answered" has nothing to say.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	if r.ContentLength == 0 {
		return nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return daihoi.Errorf(daihoi.EINVALID, "nội dung gửi lên quá lớn (tối đa %d byte)", "the request body is too large (at most %d bytes)", maxBody)
		}
		return daihoi.Errorf(daihoi.EINVALID, "nội dung gửi lên không đúng định dạng JSON: %v", "the request body is not valid JSON: %v", err)
	}
	if dec.More() {
		return daihoi.Errorf(daihoi.EINVALID, "nội dung gửi lên có phần thừa", "the request body has trailing content")
	}
	return nil
}
