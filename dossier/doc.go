// Package dossier is the pure domain of the one-stop shop: citizen ID (CCCD) QR parsing,
// dossier codes, the procedure catalogue, the dossier lifecycle with QCVN 120 status codes,
// the Vietnamese working-day calendar (with the lunar calendar computed for UTC+7),
// appointment dates, receipts and ratings. It has no SQL, no HTTP and no UI.
package dossier

import (
	"time"
	// Embedded so the appointment maths works on machines without a zoneinfo database.
	_ "time/tzdata"
)

// Loc is Asia/Ho_Chi_Minh; every day boundary in this package is taken there.
var Loc = mustLoc()

func mustLoc() *time.Location {
	l, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		// Cannot happen with time/tzdata embedded; a fixed zone keeps the maths right anyway.
		return time.FixedZone("ICT", 7*3600)
	}
	return l
}

// dateIn returns midnight of y-m-d in Loc.
func dateIn(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, Loc) }
