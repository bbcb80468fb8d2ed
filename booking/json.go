package booking

import (
	"net/http"

	"github.com/motcua/motcua/centre"
)

// writeJSON and decode are the centre API's own (no-store JSON; strict,
// 64 KiB bodies), so bookings answer exactly as the rest of the API.
func writeJSON(w http.ResponseWriter, status int, v any) { centre.WriteJSON(w, status, v) }

func decode(r *http.Request, v any) error { return centre.DecodeJSON(r, v) }
