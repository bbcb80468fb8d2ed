package store

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/internal/pgtest"
	"github.com/motcua/motcua/qcvn120"
)

// TestFillSynthetic generates a small synthetic province (3,000 dossiers,
// 3 agencies, 10 days) and reads it back through the store, as the
// public lookup and the statistics do: the generator's SQL and the Go
// side (codes, receipt times, open and late dossiers) must agree, and the
// rows must look like the ones the store writes itself.
func TestFillSynthetic(t *testing.T) {
	url := pgtest.URL(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	syn := Synthetic{Dossiers: 3000, Agencies: 3, Steps: 4, OpenDays: 3,
		DossierDoc: `{"MaHoSo":"@MAHOSO@","SoBienNhan":"@MAHOSO@","TrangThaiHoSo":"4","HinhThuc":"1"}`,
		StepDoc:    `{"MaHoSo":"@MAHOSO@","TrangThai":"4"}`}
	var msgs []string
	if err := FillSynthetic(ctx, url, syn, FillOptions{Chunk: 700, Workers: 2, Progress: func(m string) { msgs = append(msgs, m) }}); err != nil {
		t.Fatal(err)
	}
	if len(msgs) == 0 {
		t.Error("no progress reported")
	}
	if err := FillSynthetic(ctx, url, syn, FillOptions{}); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("second fill: %v, want a refusal", err)
	}
	st, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	nOpen, nLate := 0, 0
	for i := range syn.Dossiers {
		if syn.Open(i) {
			nOpen++
		}
		if syn.Late(i) {
			nLate++
		}
	}
	if nOpen != 900 || nLate != 105 { // days 7..9 open; every 20th of days 0..6 late
		t.Fatalf("open %d, late %d, want 900 and 105", nOpen, nLate)
	}
	for _, i := range []int{0, 1, 2, 299, 1000, 2099, 2100, 2999} {
		code := syn.Code(i)
		d, steps, err := st.Dossier(ctx, code)
		if err != nil {
			t.Fatalf("dossier %d %s: %v", i, code, err)
		}
		if d.Agency != SyntheticAgency(i%3) || qcvn120.AgencyOf(code) != d.Agency {
			t.Errorf("%s: agency %q", code, d.Agency)
		}
		if !d.NgayTiepNhan.Equal(syn.Received(i)) || d.NgayTiepNhan.Format("060102") != code[14:20] {
			t.Errorf("%s: received %s, want %s", code, d.NgayTiepNhan, syn.Received(i))
		}
		wantSteps, wantStatus := 4, 10
		if syn.Open(i) {
			wantSteps, wantStatus = 2, 4
		}
		if int(d.Version) != wantSteps || len(steps) != wantSteps || d.Status != wantStatus {
			t.Errorf("%s: version %d, %d steps, status %d; want %d, %d, %d", code, d.Version, len(steps), d.Status, wantSteps, wantSteps, wantStatus)
		}
		if len(steps) > 0 && (steps[0].Status != 2 || steps[len(steps)-1].Status != wantStatus) {
			t.Errorf("%s: steps from status %d to %d", code, steps[0].Status, steps[len(steps)-1].Status)
		}
		if !syn.Open(i) && (d.NgayXong.Before(d.NgayTiepNhan) || d.NgayTra.IsZero() || d.NgayXong.After(d.NgayHenTra) != syn.Late(i)) {
			t.Errorf("%s: received %s, due %s, done %s, handed %s (late %v)", code, d.NgayTiepNhan, d.NgayHenTra, d.NgayXong, d.NgayTra, syn.Late(i))
		}
		var doc map[string]string
		if err := json.Unmarshal(d.Doc, &doc); err != nil || doc["MaHoSo"] != code {
			t.Errorf("%s: doc %s (%v)", code, d.Doc, err)
		}
		if _, _, err := st.Dossier(ctx, syn.Missing(i)); !errors.Is(err, portal.ErrNotFound) {
			t.Errorf("missing %s: %v", syn.Missing(i), err)
		}
	}
	// The public lookup's projection, filled in SQL, is what the store
	// computes from the same rows, for every dossier.
	codes := make([]string, 0, syn.Dossiers)
	for i := range syn.Dossiers {
		codes = append(codes, syn.Code(i))
	}
	inStep(t, st, codes...)
	if l, err := st.(portal.LookupStore).Lookup(ctx, codes[0]); err != nil || !l.BuuChinh || len(l.TienDo) != 4 {
		t.Fatalf("%+v %v", l, err)
	}
	// All 3,000 were received in January 2024 and the 2,100 returned ones
	// resolved in January too.
	stats, err := st.Stats(ctx, "2024-01")
	if err != nil {
		t.Fatal(err)
	}
	recv, onTime, late := 0, 0, 0
	for _, a := range stats {
		recv, onTime, late = recv+a.Received, onTime+a.OnTime, late+a.Late
	}
	if len(stats) != 3 || recv != 3000 || onTime != 2100-nLate || late != nLate {
		t.Fatalf("stats %+v: received %d, on time %d, late %d", stats, recv, onTime, late)
	}
}
