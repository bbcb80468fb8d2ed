package centre

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/motcua/motcua/queue"
)

// httpStatus maps error codes to HTTP statuses, once.
var httpStatus = map[queue.Code]int{
	queue.CodeInvalid:     http.StatusBadRequest,
	queue.CodeNotFound:    http.StatusNotFound,
	queue.CodeTransition:  http.StatusConflict,
	queue.CodeCapReached:  http.StatusConflict,
	queue.CodeForbidden:   http.StatusForbidden,
	queue.CodeUnauth:      http.StatusUnauthorized,
	queue.CodeConflict:    http.StatusConflict,
	queue.CodeCounterShut: http.StatusConflict,
	queue.CodeRateLimited: http.StatusTooManyRequests,
	queue.CodeTooLarge:    http.StatusRequestEntityTooLarge,
	queue.CodeInternal:    http.StatusInternalServerError,
	queue.CodeClosed:      http.StatusConflict,
}

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code      queue.Code `json:"code"`
	Message   string     `json:"message"`
	MessageEN string     `json:"message_en"`
}

// writeErr answers with the JSON error body. Errors that are not typed are
// logged in full and shown as a generic internal error.
func writeErr(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	var qe *queue.Error
	if !errors.As(err, &qe) {
		log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		qe = queue.Errf(queue.CodeInternal, "Hệ thống đang gặp sự cố, xin vui lòng thử lại sau ít phút", "internal server error")
	}
	status, ok := httpStatus[qe.Code]
	if !ok {
		status = http.StatusInternalServerError
	}
	writeJSON(w, status, errorBody{Error: errorDetail{Code: qe.Code, Message: qe.Message, MessageEN: qe.MessageEN}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

const maxBody = 64 << 10

// decode reads a JSON body strictly: size-limited, one value, no trailing
// data. An empty body decodes to the zero value when allowEmpty.
func decode(r *http.Request, v any, allowEmpty bool) error {
	if r.Body == nil || r.ContentLength == 0 && allowEmpty {
		if allowEmpty {
			return nil
		}
	}
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, maxBody))
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			return queue.Errf(queue.CodeTooLarge, "Dữ liệu gửi lên quá lớn", "request body over %d bytes", maxBody)
		case err.Error() == "EOF" && allowEmpty:
			return nil
		default:
			return queue.Errf(queue.CodeInvalid, "Dữ liệu gửi lên không đúng định dạng JSON", "malformed JSON body: %v", err)
		}
	}
	if dec.More() {
		return queue.Errf(queue.CodeInvalid, "Dữ liệu gửi lên không đúng định dạng JSON", "trailing data after the JSON body")
	}
	return nil
}
