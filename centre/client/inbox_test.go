package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/inbox"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"golang.org/x/crypto/bcrypt"
)

// TestInboxCalls: the typed inbox calls against a real centre with the
// inbox mounted: without a session 401; the waiting list by default, the
// others by status; one item; accept (a dossier with its receipt) once —
// a second accept is a conflict; a return needs a reason; an unknown item
// is not_found with the Vietnamese message.
func TestInboxCalls(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	db, err := store.Open(filepath.Join(t.TempDir(), "centre.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cfg := queue.DemoConfig()
	srv, err := centre.New(ctx, centre.Options{Config: cfg, DB: db, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	if err := centre.MountDossiers(srv, db, cfg, centre.DossierOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := inbox.Mount(srv, db, inbox.Options{}); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	hash, _ := bcrypt.GenerateFromPassword([]byte("matkhau123"), bcrypt.MinCost)
	var rows []store.InboxItem
	for i, code := range []string{"NTT-AAAAAAAAAAAA", "NTT-BBBBBBBBBBBB"} {
		doc, _ := json.Marshal(portal.Submission{MaTTHC: "1.001193", MaDonVi: cfg.AgencyCode, MaNop: code, TrichYeu: "Đăng ký khai sinh",
			ChuHoSo:   portal.SubmissionApplicant{HoTen: "Nguyễn Thị Bình", SoGiayTo: "001190012345"},
			ThanhPhan: []portal.SubmissionComponent{{Ten: "Tờ khai", SoBanChinh: 1}}, HinhThucTra: "buu_chinh"})
		rows = append(rows, store.InboxItem{PortalID: code, Seq: int64(i + 1), Kind: portal.KindOnline, Doc: doc, SubmittedAt: time.Now()})
	}
	if err := db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.PutOfficer(store.Officer{Username: "canbo1", FullName: "Cán bộ", Role: "officer", PasswordHash: string(hash)}); err != nil {
			return err
		}
		_, err := tx.PutInboxItems(cfg.AgencyCode, rows, 2)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	c, err := client.New(ts.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Inbox(ctx, ""); !isStatus(err, 401) {
		t.Fatalf("without a session: %v", err)
	}
	if _, err := c.Login(ctx, "canbo1", "matkhau123", "q1"); err != nil {
		t.Fatal(err)
	}
	items, err := c.Inbox(ctx, "")
	if err != nil || len(items) != 2 || items[0].Kind != client.InboxKindOnline || items[0].Submission.HinhThucTra != "buu_chinh" ||
		len(items[0].Submission.ThanhPhan) != 1 || items[0].Status != client.InboxNew {
		t.Fatalf("waiting items %+v, %v", items, err)
	}
	var a, b int64
	for _, it := range items {
		if it.Code == "NTT-AAAAAAAAAAAA" {
			a = it.ID
		} else {
			b = it.ID
		}
	}
	if it, err := c.InboxItem(ctx, a); err != nil || it.Code != "NTT-AAAAAAAAAAAA" || it.Submission.ChuHoSo.HoTen != "Nguyễn Thị Bình" {
		t.Fatalf("item %+v, %v", it, err)
	}
	v, err := c.AcceptInbox(ctx, a, client.InboxAccept{})
	if err != nil || v.Dossier.Code == "" || v.Receipt.Code != v.Dossier.Code || v.Dossier.Place() != "buu_chinh" {
		t.Fatalf("accept: %+v, %v", v.Dossier, err)
	}
	if _, err := c.AcceptInbox(ctx, a, client.InboxAccept{}); !client.IsCode(err, queue.CodeConflict) {
		t.Fatalf("second accept: %v", err)
	}
	if err := c.ReturnInbox(ctx, b, "  "); !client.IsCode(err, queue.CodeInvalid) {
		t.Fatalf("return without a reason: %v", err)
	}
	if err := c.ReturnInbox(ctx, b, "Thiếu giấy chứng sinh"); err != nil {
		t.Fatal(err)
	}
	if done, err := c.Inbox(ctx, client.InboxReturned); err != nil || len(done) != 1 || done[0].Reason != "Thiếu giấy chứng sinh" {
		t.Fatalf("returned items %+v, %v", done, err)
	}
	if left, err := c.Inbox(ctx, ""); err != nil || len(left) != 0 {
		t.Fatalf("still waiting %+v, %v", left, err)
	}
	_, err = c.InboxItem(ctx, 999)
	var ce *client.Error
	if !client.IsCode(err, queue.CodeNotFound) || !asError(err, &ce) || ce.Message == "" {
		t.Fatalf("unknown item: %v", err)
	}
}

func asError(err error, target **client.Error) bool { return errors.As(err, target) }

func isStatus(err error, status int) bool {
	var ce *client.Error
	return errors.As(err, &ce) && ce.Status == status
}
