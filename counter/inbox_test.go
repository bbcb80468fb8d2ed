package counter_test

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/internal/countertest"
	"github.com/motcua/motcua/dossier"
)

// TestInboxAcceptAndReturn: two online submissions wait in the centre's
// inbox (as the sync agent stores them). The officer opens the inbox tab,
// cannot accept one before ticking every component, accepts it — it
// becomes an online dossier on the server and its receipt comes out of the
// virtual printer with the dossier's QR — and returns the other for
// supplement, which needs a reason; the server holds both decisions.
func TestInboxAcceptAndReturn(t *testing.T) {
	r := start(t, true)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	r.env.PutInbox(ctx, r.env.Online("NTT-AAAAAAAAAAAA", "Nguyễn Thị Bình"), r.env.Online("NTT-BBBBBBBBBBBB", "Trần Văn Cường"))
	r.login(t)
	v := r.h.Wait(t, "inbox loaded at login", func(v counter.View) bool { return v.Inbox.Loaded })
	if len(v.Inbox.Items) != 2 {
		t.Fatalf("inbox has %d items, want 2", len(v.Inbox.Items))
	}
	r.h.Do(func(p *counter.Presenter) { p.SetTab(counter.TabInbox) })
	byCode := map[string]int64{}
	for _, it := range v.Inbox.Items {
		byCode[it.Code] = it.ID
	}
	a, b := byCode["NTT-AAAAAAAAAAAA"], byCode["NTT-BBBBBBBBBBBB"]

	r.h.Do(func(p *counter.Presenter) { p.OpenInbox(a) })
	if v = r.h.Wait(t, "procedure named", func(v counter.View) bool { return v.Inbox.ProcedureName != "" }); v.Inbox.ProcedureName != "Đăng ký khai sinh" {
		t.Errorf("procedure of 1.001193 named %q", v.Inbox.ProcedureName)
	}
	r.h.Do(func(p *counter.Presenter) { p.CheckInboxComponent(0, true); p.AcceptInbox() })
	v = r.h.Idle(t)
	if v.Error == "" || v.Saved != nil || len(v.Inbox.Items) != 2 {
		t.Fatalf("accepted with a component unchecked: error %q saved %v", v.Error, v.Saved)
	}
	r.h.Do(func(p *counter.Presenter) { p.CheckInboxComponent(1, true); p.AcceptInbox() })
	v = r.h.Wait(t, "accepted", func(v counter.View) bool { return v.Saved != nil && !v.Busy })
	code := v.Saved.Dossier.Code
	if v.Saved.Dossier.Channel != dossier.ChannelOnline || v.Saved.Dossier.Applicant.Name != "Nguyễn Thị Bình" || len(v.Inbox.Items) != 1 || v.Inbox.Selected != nil {
		t.Fatalf("after accept: channel %v applicant %q items %d selected %v", v.Saved.Dossier.Channel, v.Saved.Dossier.Applicant.Name, len(v.Inbox.Items), v.Inbox.Selected)
	}
	pages, err := r.dev.SimPrinter.WaitPages(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := countertest.DecodeQR(t, pages[0].Image), r.env.Srv.DossierQR(code); got != want {
		t.Fatalf("receipt QR %q, want %q", got, want)
	}
	got, err := counter.NewAPI(r.cl).Dossier(ctx, code)
	if err != nil || got.Dossier.Status != dossier.StatusReceived || len(got.Dossier.Components) != 2 {
		t.Fatalf("server dossier %+v, %v", got.Dossier, err)
	}

	r.h.Do(func(p *counter.Presenter) { p.OpenInbox(b); p.ReturnInbox("   ") })
	if v = r.h.Idle(t); v.Error == "" || len(v.Inbox.Items) != 1 {
		t.Fatalf("returned without a reason: %q", v.Error)
	}
	r.h.Do(func(p *counter.Presenter) { p.ReturnInbox("Thiếu bản chụp giấy chứng sinh") })
	v = r.h.Wait(t, "returned", func(v counter.View) bool { return len(v.Inbox.Items) == 0 && !v.Busy })
	if v.Error != "" {
		t.Fatalf("error %q", v.Error)
	}
	it, err := r.cl.InboxItem(ctx, b)
	if err != nil || it.Status != client.InboxReturned || it.Reason != "Thiếu bản chụp giấy chứng sinh" || it.DecidedBy != "canbo1" {
		t.Fatalf("server item %+v, %v", it, err)
	}
	acc, err := r.cl.InboxItem(ctx, a)
	if err != nil || acc.Status != client.InboxAccepted || acc.DossierCode != code {
		t.Fatalf("server item %+v, %v", acc, err)
	}
	// Decided items are not offered again.
	r.h.Do(func(p *counter.Presenter) { p.RefreshInbox() })
	if v = r.h.Idle(t); len(v.Inbox.Items) != 0 {
		t.Fatalf("decided items listed again: %+v", v.Inbox.Items)
	}
}

// TestInboxFollowsTheAgent: an item the sync agent pulls while the officer
// is logged in shows up without touching anything (the tab count follows),
// and a session that ended stops asking.
func TestInboxFollowsTheAgent(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	env := countertest.Start(t)
	h := countertest.NewHarness(ctx, counter.Options{API: counter.NewAPI(env.Client()), Counter: countertest.Counter,
		InboxEvery: 50 * time.Millisecond}, nil)
	h.Do(func(p *counter.Presenter) { p.Login(countertest.Username, countertest.Password) })
	h.Wait(t, "logged in, empty inbox", func(v counter.View) bool { return v.Screen == counter.ScreenMain && v.Inbox.Loaded })
	env.PutInbox(ctx, env.Online("NTT-CCCCCCCCCCCC", "Đỗ Thị Lan"))
	v := h.Wait(t, "the new item", func(v counter.View) bool { return len(v.Inbox.Items) == 1 })
	if v.Inbox.Items[0].Code != "NTT-CCCCCCCCCCCC" || v.Inbox.Items[0].Submission.ChuHoSo.HoTen != "Đỗ Thị Lan" {
		t.Fatalf("item %+v", v.Inbox.Items[0])
	}
	h.Do(func(p *counter.Presenter) { p.Logout() })
	h.Wait(t, "login screen", func(v counter.View) bool { return v.Screen == counter.ScreenLogin })
	env.PutInbox(ctx, env.Online("NTT-DDDDDDDDDDDD", "Hồ Văn Nam"))
	time.Sleep(300 * time.Millisecond) // several periods: nothing may be asked or shown now
	if v := h.Last(); len(v.Inbox.Items) != 0 || v.Error != "" {
		t.Fatalf("after logout: %d items, error %q", len(v.Inbox.Items), v.Error)
	}
}
