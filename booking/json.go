package booking

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/motcua/motcua/queue"
)

// writeJSON and decode follow the centre API's conventions (no-store JSON;
// strict, size-limited bodies). Kept here rather than exported from centre
// so that parallel extensions do not declare the same names there.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

const maxBody = 64 << 10

func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, maxBody))
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return queue.Errf(queue.CodeTooLarge, "Dữ liệu gửi lên quá lớn", "request body over %d bytes", maxBody)
		}
		return queue.Errf(queue.CodeInvalid, "Dữ liệu gửi lên không đúng định dạng JSON", "malformed JSON body: %v", err)
	}
	if dec.More() {
		return queue.Errf(queue.CodeInvalid, "Dữ liệu gửi lên không đúng định dạng JSON", "trailing data after the JSON body")
	}
	return nil
}
