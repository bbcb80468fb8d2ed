package inbox_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/centre"
)

// TestInboxTextsCleaned (docs/SECURITY.md, "Free text: invisible
// characters"): an online submission an older agent stored with a
// right-to-left override and decomposed Vietnamese in the applicant's name
// becomes a dossier with the name clean and NFC; an officer's return reason
// typed with invisible characters is stored clean, its lines kept.
func TestInboxTextsCleaned(t *testing.T) {
	e := start(t)
	e.put(t, submission("NTT-AAAAAAAAAAAA", "\u202e"+norm.NFD.String("Nguyễn Thị Bình")+"\u200b"), submission("NTT-BBBBBBBBBBBB", "Trần Văn Cường"))
	var l list
	if st, b := e.do(t, "canbo1", "GET", "/api/v1/inbox", "", &l); st != 200 || len(l.Items) != 2 {
		t.Fatalf("list: %d %s", st, b)
	}
	ids := map[string]int64{}
	for _, it := range l.Items {
		ids[it.Code] = it.ID
	}
	var v centre.DossierView
	if st, b := e.do(t, "canbo1", "POST", fmt.Sprintf("/api/v1/inbox/%d/accept", ids["NTT-AAAAAAAAAAAA"]), "", &v); st != 201 {
		t.Fatalf("accept: %d %s", st, b)
	}
	if v.Dossier.Applicant.Name != "Nguyễn Thị Bình" || v.Receipt.Applicant != "Nguyễn Thị Bình" {
		t.Fatalf("dossier applicant %+q, receipt %+q", v.Dossier.Applicant.Name, v.Receipt.Applicant)
	}
	reason, _ := json.Marshal("Thiếu\u202e giấy chứng sinh\r\n" + norm.NFD.String("bản chính") + "\ufeff")
	if st, b := e.do(t, "canbo1", "POST", fmt.Sprintf("/api/v1/inbox/%d/return", ids["NTT-BBBBBBBBBBBB"]), `{"reason":`+string(reason)+`}`, nil); st/100 != 2 {
		t.Fatalf("return: %d %s", st, b)
	}
	var stored string
	if err := e.db.Read().QueryRow(`SELECT reason FROM inbox WHERE portal_id='NTT-BBBBBBBBBBBB'`).Scan(&stored); err != nil || stored != "Thiếu giấy chứng sinh\nbản chính" {
		t.Fatalf("reason stored %+q %v", stored, err)
	}
}
