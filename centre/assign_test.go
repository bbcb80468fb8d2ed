package centre_test

// The officer → counters assignment (docs/SECURITY.md, "Centre: officer →
// counters assignment"): an officer signs in only at an assigned counter,
// so an officer of one field cannot take a counter of another field and read
// that field's inbox items and dossiers; the refusal comes after the
// password check and, before it, answers as any bad login.

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/inbox"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/store"
)

func (e *env) assign(username string, counters ...string) {
	e.t.Helper()
	e.write(func(tx *store.Tx) error { return tx.SetOfficerCounters(username, counters) })
}

func (e *env) loginAnswer(username, password, counter string) (int, string) {
	e.t.Helper()
	return e.do("POST", "/api/v1/login", "", fmt.Sprintf(`{"username":%q,"password":%q,"counter":%q}`, username, password, counter), nil)
}

func (e *env) sessionsAt(username, counter string) int {
	e.t.Helper()
	var n int
	if err := e.db.Read().QueryRow(`SELECT COUNT(*) FROM sessions WHERE username=? AND counter=?`, username, counter).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func errorMessages(t *testing.T, body string) (vi, en string) {
	t.Helper()
	var eb struct {
		Error struct {
			Message   string `json:"message"`
			MessageEN string `json:"message_en"`
		} `json:"error"`
	}
	if err := json.Unmarshal([]byte(body), &eb); err != nil {
		t.Fatalf("error body %q: %v", body, err)
	}
	return eb.Error.Message, eb.Error.MessageEN
}

func TestLoginOfficerCounters(t *testing.T) {
	e := newDossierEnv(t, time.Date(2026, 11, 23, 9, 0, 0, 0, dossier.Loc))
	e.addOfficer("canbo4", "officer")
	e.assign("canbo1", "q1", "q2") // hộ tịch – chứng thực
	e.assign("canbo4", "q4")       // đất đai
	// canbo2 is never assigned (an upgraded centre's officer); giamsat is a supervisor.

	// Assigned counters: the login works.
	e.login("canbo1", "q1")
	e.login("canbo1", "q2")
	e.login("canbo4", "q4")

	// A counter of another field: refused after the password, in Vietnamese,
	// nothing opened, no session.
	st, body := e.loginAnswer("canbo4", testPassword, "q1")
	vi, en := errorMessages(t, body)
	if st != 403 || errorCode(t, body) != "forbidden" ||
		vi != "Cán bộ canbo4 chưa được phân công tại Quầy 1; liên hệ quản trị viên" ||
		en != "officer canbo4 is not assigned to counter Quầy 1; ask an administrator" {
		t.Fatalf("canbo4 at q1: %d %s", st, body)
	}
	st, body = e.loginAnswer("canbo1", testPassword, "q4")
	if vi, _ := errorMessages(t, body); st != 403 || vi != "Cán bộ Nguyễn Văn An chưa được phân công tại Quầy 4; liên hệ quản trị viên" {
		t.Fatalf("canbo1 at q4: %d %s", st, body)
	}
	if n := e.sessionsAt("canbo4", "q1") + e.sessionsAt("canbo1", "q4"); n != 0 {
		t.Fatalf("%d sessions at an unassigned counter", n)
	}
	snap, err := e.srv.Engine().Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range snap.Counters {
		if k.ID == "q4" && k.Officer != "canbo4" || k.ID == "q1" && k.Officer != "canbo1" {
			t.Fatalf("counter %s opened by %q after a refused login", k.ID, k.Officer)
		}
	}

	// Never assigned: any counter, as before the upgrade; supervisors too.
	e.login("canbo2", "q4")
	e.login("giamsat", "q9")
	e.login("giamsat", "")
}

// An officer refused at another field's counter reads nothing of that field
// through any route: the only session they have is their own counter's, and
// there the dossier and inbox field rules hold.
func TestUnassignedCounterReadsNothing(t *testing.T) {
	e := newDossierEnv(t, time.Date(2026, 11, 23, 9, 0, 0, 0, dossier.Loc))
	if _, err := inbox.Mount(e.srv, e.db, inbox.Options{}); err != nil {
		t.Fatal(err)
	}
	e.addOfficer("canbo4", "officer")
	e.assign("canbo4", "q4")
	q1 := e.login("canbo1", "q1")
	var v centre.DossierView
	if st, body := e.do("POST", "/api/v1/dossiers", q1, fmt.Sprintf(receiveBody, ""), &v); st != 201 {
		t.Fatalf("receive: %d %s", st, body)
	}
	sub := portal.Submission{MaTTHC: "1.001193", MaDonVi: e.cfg.AgencyCode, MaNop: "NTT-HOTICH000001",
		ChuHoSo:  portal.SubmissionApplicant{HoTen: "Nguyễn Thị Bình", SoGiayTo: "001190012345", DiaChi: "12 Hàng Bạc, Hoàn Kiếm, Hà Nội", DienThoai: "0912345678"},
		TrichYeu: "Đăng ký khai sinh cho con", ThanhPhan: []portal.SubmissionComponent{{Ten: "Tờ khai đăng ký khai sinh", SoBanChinh: 1}},
		HinhThucTra: "buu_chinh", ThoiDiemNop: time.Now().Truncate(time.Second)}
	doc, _ := json.Marshal(sub)
	e.write(func(tx *store.Tx) error {
		_, err := tx.PutInboxItems(e.cfg.AgencyCode, []store.InboxItem{{PortalID: sub.MaNop, Seq: 1, Kind: portal.KindOnline, Doc: doc, SubmittedAt: sub.ThoiDiemNop}}, 1)
		return err
	})
	var list struct{ Items []inbox.Item }
	if st, body := e.do("GET", "/api/v1/inbox?status=all", q1, "", &list); st != 200 || len(list.Items) != 1 {
		t.Fatalf("canbo1 at q1 lists the civil-status item: %d %s", st, body)
	}
	id := list.Items[0].ID

	// canbo4 cannot take q1 (or any counter of that field) ...
	for _, k := range []string{"q1", "q2", "q3", "q10"} {
		if st, body := e.loginAnswer("canbo4", testPassword, k); st != 403 {
			t.Fatalf("canbo4 at %s: %d %s", k, st, body)
		}
	}
	// ... without a session nothing answers ...
	for _, route := range []string{"GET /api/v1/dossiers/" + v.Dossier.Code, "GET /api/v1/dossiers?day=2026-11-23",
		"GET /api/v1/inbox?status=all", fmt.Sprintf("GET /api/v1/inbox/%d", id)} {
		var method, path string
		fmt.Sscanf(route, "%s %s", &method, &path)
		if st, _ := e.do(method, path, "", "", nil); st != 401 {
			t.Fatalf("anonymous %s: %d", route, st)
		}
	}
	// ... and at their own counter the field rules hold.
	q4 := e.login("canbo4", "q4")
	if st, body := e.do("GET", "/api/v1/dossiers/"+v.Dossier.Code, q4, "", nil); st != 403 {
		t.Fatalf("canbo4 reading the civil-status dossier: %d %s", st, body)
	}
	var dl []json.RawMessage
	if st, body := e.do("GET", "/api/v1/dossiers?q=001099012345", q4, "", &dl); st != 200 || len(dl) != 0 {
		t.Fatalf("canbo4 searching: %d %s", st, body)
	}
	list.Items = nil
	if st, body := e.do("GET", "/api/v1/inbox?status=all", q4, "", &list); st != 200 || len(list.Items) != 0 {
		t.Fatalf("canbo4 inbox: %d %s", st, body)
	}
	if st, body := e.do("GET", fmt.Sprintf("/api/v1/inbox/%d", id), q4, "", nil); st != 404 {
		t.Fatalf("canbo4 reading the item: %d %s", st, body)
	}
}

// Before the password is verified an unassigned counter answers exactly as
// a wrong password and an unknown officer (status and bytes); the
// assignment's refusal comes only with the right password.
func TestLoginRefusalShape(t *testing.T) {
	e := newEnv(t, nil)
	e.assign("canbo1", "q1")
	answer := func(user, pw, counter string) string {
		st, body := e.loginAnswer(user, pw, counter)
		return fmt.Sprint(st, " ", body)
	}
	want := answer("khongco", "sai-mat-khau", "q4")
	if want[:4] != "401 " {
		t.Fatalf("unknown officer: %s", want)
	}
	for name, got := range map[string]string{
		"wrong password, assigned counter":   answer("canbo1", "sai-mat-khau", "q1"),
		"wrong password, unassigned counter": answer("canbo1", "sai-mat-khau", "q4"),
		"unknown officer, assigned counter":  answer("khongco", "sai-mat-khau", "q1"),
		"unknown officer, unknown counter":   answer("khongco", "sai-mat-khau", "q99"),
		"wrong password, unknown counter":    answer("canbo1", "sai-mat-khau", "q99"),
	} {
		if got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	if got := answer("canbo1", testPassword, "q4"); got[:4] != "403 " {
		t.Fatalf("right password, unassigned counter: %s", got)
	}
	// The refusal does not count as a failed password: the officer signs in
	// at their own counter at once (after 10 refusals, over the throttle's 5).
	for range 10 {
		e.loginAnswer("canbo1", testPassword, "q4")
	}
	e.login("canbo1", "q1")
}

// Changing the assignment ends the officer's sessions at counters no longer
// assigned (their next request is 401), keeps the others; a supervisor's are
// never ended by it.
func TestAssignmentEndsOtherCounterSessions(t *testing.T) {
	e := newEnv(t, nil)
	q4 := e.login("canbo1", "q4") // never assigned: any counter
	q1 := e.login("canbo1", "q1")
	sup := e.login("giamsat", "q4")
	e.assign("canbo1", "q1")
	e.assign("giamsat", "q1")
	e.srv.ForgetTokens()
	if st, _ := e.do("GET", "/api/v1/me", q4, "", nil); st != 401 {
		t.Fatalf("session at the unassigned counter: %d", st)
	}
	for name, tok := range map[string]string{"assigned counter": q1, "supervisor": sup} {
		if st, body := e.do("GET", "/api/v1/me", tok, "", nil); st != 200 {
			t.Fatalf("%s: %d %s", name, st, body)
		}
	}
	// An empty assignment: no counter at all.
	e.assign("canbo1")
	e.srv.ForgetTokens()
	if st, _ := e.do("GET", "/api/v1/me", q1, "", nil); st != 401 {
		t.Fatalf("session after the assignment was emptied: %d", st)
	}
	if st, _ := e.loginAnswer("canbo1", testPassword, "q1"); st != 403 {
		t.Fatalf("login with no counter assigned: %d", st)
	}
}
