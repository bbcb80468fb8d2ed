package counter

// The deciding centre's side of a forwarded dossier whose citizen collects
// the result at the receiving centre (liên thông, docs/SYNC.md step 7): the
// server refuses "Trả kết quả" here (409); the officer is told, in the
// window's language, where the result is handed over and that this centre
// records nothing itself.

import (
	"errors"
	"fmt"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/dossier"
)

const msgReturnAtReceiving = "Hồ sơ %s: kết quả trả cho công dân tại đơn vị tiếp nhận (%s), không trả tại đây."

func init() {
	MsgEN[msgReturnAtReceiving] = "Dossier %s: the result is handed over at the receiving centre (%s), not here."
	MsgEN["mã đơn vị %s"] = "agency code %s"
}

// returnedAtReceiving reports whether v is a dossier forwarded here whose
// result the receiving centre hands over, and names that centre in lang.
func returnedAtReceiving(lang Lang, v centre.DossierView) (string, bool) {
	if v.TransferFrom == "" || v.Dossier.Place() != dossier.PlaceReceiving {
		return "", false
	}
	if v.Dossier.ReceivingCentre != "" {
		return v.Dossier.ReceivingCentre, true
	}
	f := "mã đơn vị %s"
	if lang == EN {
		f = MsgEN[f]
	}
	return fmt.Sprintf(f, v.TransferFrom), true
}

// conflict reports whether the server refused a call with 409.
func conflict(err error) bool {
	var ce *client.Error
	return errors.As(err, &ce) && ce.Status == 409
}
