package dossier

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestMayActForwarded: at the receiving centre only the return, and only
// when the applicant collects there; at the deciding centre everything
// but that return; a centre's own dossier is not restricted.
func TestMayActForwarded(t *testing.T) {
	here := Dossier{Status: StatusResolved}                              // default place: receiving centre
	post := Dossier{Status: StatusResolved, ReturnPlace: PlacePost}      // posted by the deciding centre
	there := Dossier{Status: StatusResolved, ReturnPlace: PlaceDeciding} // collected at the deciding centre
	old := Dossier{Status: StatusResolved, ReturnMethod: ReturnByPost}   // stored before the choice: by post
	ret, res := Return{Officer: "a", CollectedBy: "b", IDChecked: true}, Resolve{Officer: "a"}
	for _, tc := range []struct {
		name string
		d    Dossier
		side Side
		a    Action
		want error
	}{
		{"own: return", here, SideOwn, ret, nil},
		{"own: resolve", here, SideOwn, res, nil},
		{"receiving: return here", here, SideReceiving, ret, nil},
		{"receiving: return marked posted", here, SideReceiving, Return{Officer: "a", CollectedBy: "b", Method: ReturnByPost}, ErrDecidedElsewhere},
		{"receiving: resolve", here, SideReceiving, res, ErrDecidedElsewhere},
		{"receiving: refuse", here, SideReceiving, Refuse{Officer: "a", Reason: "x"}, ErrDecidedElsewhere},
		{"receiving: return by post", post, SideReceiving, ret, ErrDecidedElsewhere},
		{"receiving: return at the deciding centre", there, SideReceiving, ret, ErrDecidedElsewhere},
		{"receiving: old dossier by post", old, SideReceiving, ret, ErrDecidedElsewhere},
		{"deciding: return collected at the receiving centre", here, SideDeciding, ret, ErrReturnedAtReceiving},
		{"deciding: resolve", here, SideDeciding, res, nil},
		{"deciding: return by post", post, SideDeciding, ret, nil},
		{"deciding: return there", there, SideDeciding, ret, nil},
	} {
		if err := MayAct(tc.d, tc.side, tc.a); !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
}

// TestResultNotice: the line appears only for a resolved dossier collected
// at the receiving centre, and names that centre on both sides.
func TestResultNotice(t *testing.T) {
	d := Dossier{Status: StatusResolved, ReceivingCentre: "Trung tâm phường Hoàn Kiếm"}
	if n := d.ResultNotice(SideReceiving, "x"); !strings.Contains(n, "trả kết quả cho người nộp tại Trung tâm phường Hoàn Kiếm") {
		t.Fatalf("receiving: %q", n)
	}
	if n := d.ResultNotice(SideDeciding, "x"); !strings.Contains(n, "đơn vị tiếp nhận (Trung tâm phường Hoàn Kiếm)") {
		t.Fatalf("deciding: %q", n)
	}
	if n := (Dossier{Status: StatusResolved}).ResultNotice(SideReceiving, "Trung tâm A"); !strings.Contains(n, "Trung tâm A") {
		t.Fatalf("default name: %q", n)
	}
	for _, x := range []Dossier{{Status: StatusProcessing}, {Status: StatusReturned}, {Status: StatusResolved, ReturnPlace: PlacePost}, {Status: StatusResolved, ReturnPlace: PlaceDeciding}} {
		if n := x.ResultNotice(SideReceiving, "A"); n != "" {
			t.Fatalf("%v %s: %q", x.Status, x.Place(), n)
		}
	}
	if n := d.ResultNotice(SideOwn, "A"); n != "" {
		t.Fatalf("own: %q", n)
	}
}

// TestHandedOver: the deciding centre takes the receiving centre's return
// as it was recorded there (time, collector, officer), from resolved only,
// once; a return not due at the receiving centre or without its facts is
// refused and changes nothing.
func TestHandedOver(t *testing.T) {
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, Loc)
	at := now.Add(-10 * time.Minute)
	d := Dossier{Status: StatusResolved, ReceivingCentre: "Trung tâm A"}
	h := HandedOver{Centre: "Trung tâm A", Return: ResultReturn{At: at, CollectedBy: " Vũ Thị Hạnh ", IDChecked: true, Officer: "Nguyễn Thị Hoa"}}
	n, ev, err := Apply(d, h, now, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n.Status != StatusReturned || n.Return == nil || !n.Return.At.Equal(at) || n.Return.CollectedBy != "Vũ Thị Hạnh" || n.Return.Officer != "Nguyễn Thị Hoa" {
		t.Fatalf("returned: %+v %+v", n.Status, n.Return)
	}
	if ev.Action != "HandedOver" || ev.From != StatusResolved || ev.To != StatusReturned || !strings.Contains(ev.Note, "Trung tâm A") || ev.Officer != "Nguyễn Thị Hoa" {
		t.Fatalf("event %+v", ev)
	}
	if d.Status != StatusResolved || d.Return != nil {
		t.Fatal("Apply changed its input")
	}
	if _, _, err := Apply(n, h, now, nil); !errors.Is(err, ErrIllegalTransition) {
		t.Fatalf("twice: %v", err)
	}
	if _, _, err := Apply(Dossier{Status: StatusProcessing}, h, now, nil); !errors.Is(err, ErrIllegalTransition) {
		t.Fatalf("not resolved: %v", err)
	}
	for name, bad := range map[string]func(*Dossier, *HandedOver){
		"posted":          func(d *Dossier, _ *HandedOver) { d.ReturnPlace = PlacePost },
		"at deciding":     func(d *Dossier, _ *HandedOver) { d.ReturnPlace = PlaceDeciding },
		"no collector":    func(_ *Dossier, h *HandedOver) { h.Return.CollectedBy = "  " },
		"no time":         func(_ *Dossier, h *HandedOver) { h.Return.At = time.Time{} },
		"future":          func(_ *Dossier, h *HandedOver) { h.Return.At = now.Add(2 * time.Hour) },
		"ID not checked":  func(_ *Dossier, h *HandedOver) { h.Return.IDChecked = false },
		"control in name": func(_ *Dossier, h *HandedOver) { h.Centre = "A\x1b[2J" },
		"long collector":  func(_ *Dossier, h *HandedOver) { h.Return.CollectedBy = strings.Repeat("a", 201) },
	} {
		dd, hh := d, h
		bad(&dd, &hh)
		if _, _, err := Apply(dd, hh, now, nil); !errors.Is(err, ErrInvalidAction) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
