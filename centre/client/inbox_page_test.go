package client_test

import (
	"context"
	"encoding/json"
	"fmt"
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

// TestInboxPages: the officer's pages through the typed client — 260 items
// of their field (TP-HT) under 300 newer ones of another (TNMT-DD): a page
// of 100 with a cursor and the officer's own counts; Inbox gathers all 260
// over the pages.
func TestInboxPages(t *testing.T) {
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
	for i := range 560 {
		tthc := "1.001193" // TP-HT: canbo1 at q1
		if i >= 260 {
			tthc = "1.012789" // TNMT-DD
		}
		doc, _ := json.Marshal(portal.Submission{MaTTHC: tthc, MaDonVi: cfg.AgencyCode, MaNop: fmt.Sprintf("NTT-%012d", i), TrichYeu: "Hồ sơ",
			ChuHoSo: portal.SubmissionApplicant{HoTen: "Nguyễn Thị Bình"}})
		rows = append(rows, store.InboxItem{PortalID: fmt.Sprintf("NTT-%012d", i), Seq: int64(i + 1), Kind: portal.KindOnline, Doc: doc, SubmittedAt: time.Now()})
	}
	if err := db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.PutOfficer(store.Officer{Username: "canbo1", FullName: "Cán bộ", Role: "officer", PasswordHash: string(hash)}); err != nil {
			return err
		}
		_, err := tx.PutInboxItems(cfg.AgencyCode, rows, int64(len(rows)))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	c, err := client.New(ts.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(ctx, "canbo1", "matkhau123", "q1"); err != nil {
		t.Fatal(err)
	}
	pg, err := c.InboxPage(ctx, "", "", 100)
	if err != nil || len(pg.Items) != 100 || pg.Total != 260 || pg.Waiting != 260 || pg.Next == "" || pg.Items[0].Code != "NTT-000000000259" {
		t.Fatalf("first page: %d items, total %d, waiting %d, next %q, %v", len(pg.Items), pg.Total, pg.Waiting, pg.Next, err)
	}
	pg2, err := c.InboxPage(ctx, "", pg.Next, 100)
	if err != nil || len(pg2.Items) != 100 || pg2.Items[0].Code != "NTT-000000000159" {
		t.Fatalf("second page: %d items, %v", len(pg2.Items), err)
	}
	all, err := c.Inbox(ctx, "")
	if err != nil || len(all) != 260 || all[259].Code != "NTT-000000000000" {
		t.Fatalf("Inbox: %d items, %v", len(all), err)
	}
}
