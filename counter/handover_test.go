package counter_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/internal/countertest"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/queue"
)

// TestReturnRefusedAtDecidingCentre (liên thông): at the deciding centre,
// a resolved forwarded dossier whose citizen collects the result at the
// receiving centre offers no "Trả kết quả" (List.ReturnAt names the
// receiving centre); asked all the same, the server refuses (409) and the
// counter says, in
// Vietnamese and in English, that the result is handed over at the
// receiving centre (named), and the dossier stays resolved on the server.
func TestReturnRefusedAtDecidingCentre(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	env := countertest.StartConfig(t, queue.DemoProvinceConfig())
	r := startOn(t, env, false)
	r.login(t)

	const code = "000.00.06.H26-231027-0007"
	ward := countertest.WardCentre
	env.ResolvedTransfer(ctx, r.cl, code)
	api := counter.NewAPI(r.cl)

	returnIt := func(what string) counter.View {
		t.Helper()
		r.h.Do(func(p *counter.Presenter) { p.Open(code) })
		v := r.h.Wait(t, what+": opened", func(v counter.View) bool {
			return !v.Busy && v.List.Selected != nil && v.List.Selected.Dossier.Code == code
		})
		// Resolved, but not returned here: no "Trả kết quả"; the view
		// names where the result is handed over.
		for _, a := range v.List.Actions {
			if a.ID == counter.ActReturn {
				t.Fatalf("%s: %q offered at the deciding centre", what, a.Label)
			}
		}
		if v.List.Selected.Dossier.Status != dossier.StatusResolved || v.List.ReturnAt != ward {
			t.Fatalf("%s: status %v, return at %q, want %q", what, v.List.Selected.Dossier.Status, v.List.ReturnAt, ward)
		}
		// A stale window or a script may still ask: the server refuses it
		// and the counter says why.
		r.h.Do(func(p *counter.Presenter) {
			p.DoAction(counter.ActReturn, counter.ActionInput{CollectedBy: "Vũ Thị Hạnh", IDChecked: true})
		})
		return r.h.Wait(t, what+": refused", func(v counter.View) bool { return !v.Busy && (v.Error != "" || v.Info != "") })
	}
	v := returnIt("Vietnamese")
	if !strings.Contains(v.Error, "kết quả trả cho công dân tại đơn vị tiếp nhận ("+ward+"), không trả tại đây") ||
		!strings.Contains(v.Error, code) || v.Info != "" {
		t.Fatalf("Vietnamese message: error %q info %q", v.Error, v.Info)
	}
	r.h.Do(func(p *counter.Presenter) { p.SetLang(counter.EN) })
	v = returnIt("English")
	if !strings.Contains(v.Error, "the result is handed over at the receiving centre ("+ward+"), not here") {
		t.Fatalf("English message: %q", v.Error)
	}
	got, err := api.Dossier(ctx, code)
	if err != nil || got.Dossier.Status != dossier.StatusResolved || got.Dossier.Return != nil {
		t.Fatalf("server dossier after the refusals: %+v %v", got.Dossier, err)
	}
}
