package qcvn120

import "encoding/json"

// LoginRequest is posted to log in; the answer is a LoginResponse.
type LoginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// LoginResponse carries the session for later calls (ErrorCode 0).
type LoginResponse struct {
	ErrorCode int    `json:"error_code"`
	Message   string `json:"message"`
	Session   string `json:"session"`
}

// Envelope is one DVCQG-style call: a batch of items of one service.
//
// Meta is our extension (see docs/PORTAL.md): a list parallel to Data that
// gives each item an id (the sender's idempotency key, echoed in the result)
// and a version (monotonic per dossier at the sender). It sits in the
// envelope, not in the items, so the items stay byte-for-byte standard and a
// receiver that does not know the extension ignores one unknown key.
type Envelope struct {
	Session string            `json:"session"`
	MaDonVi string            `json:"madonvi"`
	Service string            `json:"service"`
	Data    []json.RawMessage `json:"data"`
	Meta    []ItemMeta        `json:"motcua,omitempty"`
}

// MarshalJSON keeps data present as [] when empty. The items are copied
// as they are: encoding/json would re-scan and compact every raw item,
// which was a tenth of a sync agent's CPU. Items must be valid JSON (the
// json.RawMessage contract; the sync agent checks each before sending).
func (e Envelope) MarshalJSON() ([]byte, error) {
	head, err := json.Marshal(struct {
		Session string `json:"session"`
		MaDonVi string `json:"madonvi"`
		Service string `json:"service"`
	}{e.Session, e.MaDonVi, e.Service})
	if err != nil {
		return nil, err
	}
	n := len(head) + 16
	for _, d := range e.Data {
		n += len(d) + 1
	}
	out := make([]byte, 0, n+len(e.Meta)*40)
	out = append(out, head[:len(head)-1]...)
	out = append(out, `,"data":[`...)
	for i, d := range e.Data {
		if i > 0 {
			out = append(out, ',')
		}
		if len(d) == 0 {
			d = json.RawMessage("null")
		}
		out = append(out, d...)
	}
	out = append(out, ']')
	if len(e.Meta) > 0 {
		meta, err := json.Marshal(e.Meta)
		if err != nil {
			return nil, err
		}
		out = append(out, `,"motcua":`...)
		out = append(out, meta...)
	}
	return append(out, '}'), nil
}

// ItemMeta is the extension data of one item. Version 0 means unversioned:
// the receiver applies it unless it already holds a versioned state.
type ItemMeta struct {
	ID      Str `json:"id"`
	Version Int `json:"version"`
}

// Response answers an Envelope (and the LayThuTuc call).
type Response struct {
	ErrorCode int             `json:"error_code"`
	Message   string          `json:"message"`
	Result    json.RawMessage `json:"result"`
}

// ItemResult is the portal's verdict on one item; Result of an ingest call is
// a list of them, one per item in order.
type ItemResult struct {
	Index     int    `json:"index"`
	ID        string `json:"id,omitempty"`
	ErrorCode int    `json:"error_code"`
	Message   string `json:"message"`
	// Field names the offending field of a validation refusal.
	Field string `json:"field,omitempty"`
	// Retryable: not accepted now, send the item again later.
	Retryable bool `json:"retryable"`
	// Outcome of an accepted item: applied, duplicate (same version already
	// held) or stale (a newer version is held; ignored).
	Outcome string `json:"outcome,omitempty"`
}

// Call-level error codes (Response.ErrorCode, LoginResponse.ErrorCode).
const (
	OK           = 0 // every item accepted
	ErrPartial   = 1 // some items refused; see the per-item results
	ErrMalformed = 2 // the request could not be read
	ErrAuth      = 3 // bad credentials, or the session is missing or expired: log in again
	ErrForbidden = 4 // the madonvi is not one of this centre's agencies
	ErrService   = 5 // unknown service
	ErrInternal  = 6 // the portal failed; retry later
	ErrTooLarge  = 7 // too many items in one call
)

// Item-level error codes (ItemResult.ErrorCode).
const (
	ItemOK             = 0
	ItemInvalid        = 10 // validation refusal; Field says which
	ItemForbidden      = 11 // the item belongs to another centre's agency
	ItemUnknownDossier = 12 // progress for a dossier the portal does not hold yet (retryable)
	ItemInternal       = 13 // storage failure (retryable)
)

// Outcomes of accepted items.
const (
	Applied   = "applied"
	Duplicate = "duplicate"
	Stale     = "stale"
)
