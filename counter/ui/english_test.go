package ui

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/internal/countertest"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/internal/entext"
)

// dossierNames are the proper names and officer-typed texts a counter
// screen may show in Vietnamese in English mode (docs/ENGLISH.md): the
// applicant's name and address, the procedure's official title, its
// documents, fees and agencies, and what officers typed (reasons, missing
// documents).
func dossierNames(d dossier.Dossier) []string {
	out := []string{d.Applicant.Name, d.Applicant.Address, d.Procedure.Name, d.Procedure.Agency, d.Procedure.Sector.Name,
		d.Competent(), d.ReceivingCentre, d.Officer, d.ReturnAddress, d.Procedure.Result}
	for _, c := range d.Procedure.Components {
		out = append(out, c.Name, c.Note)
	}
	for _, c := range d.Components {
		out = append(out, c.Name)
	}
	for _, f := range d.Procedure.Fees {
		out = append(out, f.Name, f.Note)
	}
	for _, s := range d.Supplements {
		out = append(out, s.Missing...)
		out = append(out, s.Reason)
	}
	for _, e := range d.History {
		out = append(out, e.Officer)
	}
	return out
}

// TestCounterNoVietnameseInEnglish walks the counter window in English
// against a real centre server — main screen, a called ticket, the receive
// form with a procedure chosen, the saved dossier in the list and its
// detail, after a supplement request, a number on hold — and fails on any Vietnamese letter
// outside the proper names and typed texts (dossierNames), the message line
// and the hidden panels included. COUNTER_SHOTS=dir keeps counter-en-*.png.
func TestCounterNoVietnameseInEnglish(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a := test.NewApp()
	defer a.Quit()
	a.Settings().SetTheme(Theme())
	env := countertest.Start(t)
	env.Issue(ctx, "hotich")
	online := env.Online("NTT-AAAAAAAAAAAA", "Nguyễn Thị Bình")
	env.PutInbox(ctx, online)
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1600, 900))
	var h *countertest.Harness
	ui := func(f func()) { h.Do(func(*counter.Presenter) { f() }) }
	view := New(Options{Window: w, Server: env.URL(), Lang: counter.EN, Dispatch: func(f func()) { f() }})
	dev := countertest.StartDevices(t, escpos.Default, t.TempDir())
	h = countertest.NewHarness(ctx, counter.Options{API: counter.NewAPI(env.Client()), Lang: counter.EN, Counter: countertest.Counter,
		Printer: dev.Printer, Profile: escpos.Default}, view.Render)
	view.Bind(h.P)
	h.ForwardDevices(ctx, dev)
	ui(func() { w.SetContent(view.Content()) })

	var names []string
	check := func(name string) {
		t.Helper()
		var all []string
		h.Do(func(p *counter.Presenter) {
			for _, o := range []fyne.CanvasObject{view.root, view.rcv.root, view.dl.root, view.ib.root} {
				texts(o, nil, &all)
			}
		})
		v := h.Last()
		// The gender field takes the card's own words (Nam / Nữ, as the
		// CCCD prints them and the dossier records them): its hint names them.
		allowed := append([]string{v.CentreName, v.OfficerName, countertest.FullName,
			counter.T(counter.EN, "lang.switch"), "Nữ (female)"}, names...)
		if v.Form.Procedure != nil {
			allowed = append(allowed, dossierNames(dossier.Dossier{Procedure: *v.Form.Procedure})...)
		}
		if s := v.List.Selected; s != nil {
			allowed = append(allowed, dossierNames(s.Dossier)...)
		}
		all = append(all, view.pauseChoices()...) // the pause panel's list, drawn only when opened
		if left := entext.Leftovers(all, allowed...); len(left) > 0 {
			t.Errorf("%s in English shows Vietnamese: %q", name, left)
		}
		if dir := os.Getenv("COUNTER_SHOTS"); dir != "" {
			ui(func() { w.Content().Refresh() })
			if f, err := os.Create(filepath.Join(dir, "counter-en-"+name+".png")); err == nil {
				ui(func() { png.Encode(f, w.Canvas().Capture()) })
				f.Close()
			}
		}
	}
	check("login")
	h.Do(func(p *counter.Presenter) { p.Login(countertest.Username, countertest.Password) })
	h.Wait(t, "main", func(v counter.View) bool { return v.Screen == counter.ScreenMain && v.Connected && !v.Busy })
	check("main")
	h.Do(func(p *counter.Presenter) { p.CallNext() })
	h.Wait(t, "called", func(v counter.View) bool { return v.Queue.Current != nil && !v.Busy })
	check("called")

	names = append(names, "Vũ Thị Hạnh", "Số 3 Hàng Khay, phường Hoàn Kiếm", "Bản đã nộp là bản chụp", "Giấy chứng sinh (bản chính)")
	h.Do(func(p *counter.Presenter) {
		p.SetField(counter.FieldName, "Vũ Thị Hạnh")
		p.SetField(counter.FieldAddress, "Số 3 Hàng Khay, phường Hoàn Kiếm")
		p.SearchProcedures("1.001193")
	})
	h.Wait(t, "results", func(v counter.View) bool { return len(v.Form.Results) > 0 && v.Form.ResultsFor == "1.001193" })
	h.Do(func(p *counter.Presenter) { p.ChooseProcedure(0); p.ReceiveAll() })
	h.Wait(t, "appointment", func(v counter.View) bool { return v.Form.Appointment != nil && !v.Busy })
	check("receive")
	h.Do(func(p *counter.Presenter) { p.Save() })
	v := h.Wait(t, "saved", func(v counter.View) bool { return v.Paper != nil && v.Paper.Code != "" && !v.Busy })
	code := v.Paper.Code
	check("saved")

	h.Do(func(p *counter.Presenter) { p.SetTab(counter.TabDossiers); p.RefreshList() })
	h.Wait(t, "list", func(v counter.View) bool { return len(v.List.Items) > 0 && !v.Busy })
	h.Do(func(p *counter.Presenter) { p.Open(code) })
	h.Wait(t, "open", func(v counter.View) bool {
		return v.List.Selected != nil && v.List.Selected.Dossier.Code == code && !v.Busy
	})
	check("dossier")
	h.Do(func(p *counter.Presenter) {
		p.DoAction(counter.ActRequestSupplement, counter.ActionInput{Missing: "Giấy chứng sinh (bản chính)", Reason: "Bản đã nộp là bản chụp"})
	})
	h.Wait(t, "supplement", func(v counter.View) bool {
		return v.List.Selected != nil && v.List.Selected.Dossier.Status == dossier.StatusSupplementRequired && !v.Busy
	})
	check("dossier-supplement")

	// The online inbox: the submission's own texts are the citizen's (its
	// summary, applicant, address, components).
	names = append(names, online.ChuHoSo.HoTen, online.ChuHoSo.DiaChi, online.TrichYeu)
	for _, c := range online.ThanhPhan {
		names = append(names, c.Ten)
	}
	ui(func() { view.tabs.Select(view.ib.item) })
	h.Wait(t, "inbox tab", func(v counter.View) bool { return v.Tab == counter.TabInbox && v.Inbox.Loaded && !v.Busy })
	ui(func() {
		for i, it := range view.ib.items {
			if it.Code == online.MaNop {
				view.ib.list.Select(i)
			}
		}
	})
	h.Wait(t, "inbox item", func(v counter.View) bool { return v.Inbox.Selected != nil && !v.Busy })
	check("inbox")
	// One of a thing is singular in English.
	ui(func() {
		if got := view.ib.count.Text; got != "1 dossier waiting" {
			t.Errorf("inbox count %q", got)
		}
		if got := view.dl.count.Text; got != "1 dossier" {
			t.Errorf("list count %q", got)
		}
	})

	// Hold (Alt+G, park.go): the list of numbers on hold with its button,
	// and the message, in English.
	env.Issue(ctx, "hotich")
	h.Do(func(p *counter.Presenter) { p.CallNext() })
	h.Wait(t, "called for hold", func(v counter.View) bool { return v.Queue.Current != nil && !v.Busy })
	ui(func() { view.command(counter.CmdPark) })
	h.Wait(t, "on hold", func(v counter.View) bool { return v.Queue.Current == nil && len(v.Queue.Parked) == 1 && !v.Busy })
	check("parked")
}
