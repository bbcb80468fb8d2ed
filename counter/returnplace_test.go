package counter_test

import (
	"context"
	"strings"
	"testing"

	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/dossier"
)

// TestReturnPlaceAtReception: the officer chooses where the result is
// returned. "At the deciding centre" is refused for a procedure this centre
// decides (the preview says it is not forwarded); by post starts from the
// applicant's address, takes the one typed instead, and the server's
// dossier, the receipt as this counter prints it and the dossier list's
// detail all name it.
func TestReturnPlaceAtReception(t *testing.T) {
	ctx := context.Background()
	r := start(t, false)
	r.login(t)
	r.h.Do(func(p *counter.Presenter) {
		p.SetField(counter.FieldName, "Vũ Thị Hạnh")
		p.SetField(counter.FieldAddress, "Số 3 Hàng Khay, phường Hoàn Kiếm")
	})
	v := fill(t, r.h, "dang ky khai sinh")
	if v.Form.Appointment.Forwarded || v.Form.Appointment.DecidingAgency == "" {
		t.Fatalf("preview of a procedure decided here: %+v", v.Form.Appointment)
	}
	r.h.Do(func(p *counter.Presenter) { p.SetReturnPlace(dossier.PlaceDeciding); p.Save() })
	if v = r.h.Idle(t); !strings.Contains(v.Error, "do chính trung tâm giải quyết") || v.Saved != nil {
		t.Fatalf("deciding place for a dossier decided here: %q", v.Error)
	}
	r.h.Do(func(p *counter.Presenter) { p.SetReturnPlace(dossier.PlacePost) })
	if v = r.h.Last(); v.Form.ReturnAddress != "Số 3 Hàng Khay, phường Hoàn Kiếm" || v.Form.ReturnMethod != dossier.ReturnByPost {
		t.Fatalf("post address starts as %q (method %v)", v.Form.ReturnAddress, v.Form.ReturnMethod)
	}
	r.h.Do(func(p *counter.Presenter) {
		p.SetField(counter.FieldReturnAddress, "Hộp thư 12, Bưu cục Hàng Trống")
		p.Save()
	})
	v = r.h.Wait(t, "saved", func(v counter.View) bool { return v.Saved != nil && !v.Busy })
	d := v.Saved.Dossier
	if d.Place() != dossier.PlacePost || d.ReturnAddress != "Hộp thư 12, Bưu cục Hàng Trống" || d.ReturnMethod != dossier.ReturnByPost {
		t.Fatalf("saved: place %q address %q method %v", d.Place(), d.ReturnAddress, d.ReturnMethod)
	}
	var receipt string
	r.h.Do(func(p *counter.Presenter) { receipt = p.ReceiptFor(*v.Saved).ReturnPlace })
	if !strings.Contains(receipt, "bưu chính") || !strings.HasSuffix(receipt, "Hộp thư 12, Bưu cục Hàng Trống") {
		t.Fatalf("receipt says %q", receipt)
	}
	got, err := counter.NewAPI(r.cl).Dossier(ctx, d.Code)
	if err != nil || got.Dossier.ReturnAddress != d.ReturnAddress {
		t.Fatalf("server: %+v %v", got.Dossier, err)
	}
	if en := counter.PlaceText(counter.EN, d, ""); en != "By public postal service to: Hộp thư 12, Bưu cục Hàng Trống" {
		t.Fatalf("English place %q", en)
	}
}
