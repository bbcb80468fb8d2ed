package console_test

// The officer → counters assignment on the console (docs/CONSOLE.md,
// "Counters an officer may sign in at"): an admin sets it, a supervisor
// sees it, a move respects it, the monitor lists officers never assigned.

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/internal/browsertest"
)

func officerRow(t *testing.T, c *client, username string) console.OfficerRow {
	t.Helper()
	var list []console.OfficerRow
	if st, b := c.get("/console/api/officers", &list); st != 200 {
		t.Fatalf("officers: %d %s", st, b)
	}
	for _, o := range list {
		if o.Username == username {
			return o
		}
	}
	t.Fatalf("no officer %s in %+v", username, list)
	return console.OfficerRow{}
}

func monitorAlert(t *testing.T, c *client, kind string) string {
	t.Helper()
	var m console.Monitor
	if st, b := c.get("/console/api/monitor", &m); st != 200 {
		t.Fatalf("monitor: %d %s", st, b)
	}
	for _, a := range m.Alerts {
		if a.Kind == kind {
			return a.Message + " | " + a.MessageEN
		}
	}
	return ""
}

func TestConsoleOfficerCounters(t *testing.T) {
	e := newEnv(t)
	adm, sup := e.login("quantri"), e.login("giamsat")

	// The upgraded centre's officers are listed as never assigned, and the
	// monitor names them (officers only, not the supervisor or the admin).
	if o := officerRow(t, sup, "canbo1"); o.Assigned || len(o.Counters) != 0 {
		t.Fatalf("canbo1 before: %+v", o)
	}
	al := monitorAlert(t, sup, "unassigned_officers")
	if !strings.Contains(al, "Nguyễn Văn An (canbo1), Trần Thị Bình (canbo2)") || strings.Contains(al, "giamsat") ||
		!strings.Contains(al, "đăng nhập được tại mọi quầy") || !strings.Contains(al, "canbo1, canbo2") {
		t.Fatalf("alert: %q", al)
	}

	// A new officer needs counters, of the configuration.
	create := map[string]any{"username": "canbo4", "full_name": "Đỗ Văn Đất", "role": "officer", "password": "matkhau-dat-dai"}
	if st, b := adm.post("/console/api/officers", create, nil); st != 400 || !strings.Contains(b, `"field":"counters"`) {
		t.Fatalf("create without counters: %d %s", st, b)
	}
	create["counters"] = []string{}
	if st, b := adm.post("/console/api/officers", create, nil); st != 400 || !strings.Contains(b, "ít nhất một quầy") {
		t.Fatalf("create with no counter: %d %s", st, b)
	}
	create["counters"] = []string{"q4", "q99"}
	if st, b := adm.post("/console/api/officers", create, nil); st != 400 || !strings.Contains(b, "q99") {
		t.Fatalf("create with an unknown counter: %d %s", st, b)
	}
	create["counters"] = []string{"q5", "q4"}
	if st, b := adm.post("/console/api/officers", create, nil); st != 201 {
		t.Fatalf("create: %d %s", st, b)
	}
	if o := officerRow(t, sup, "canbo4"); !o.Assigned || !slices.Equal(o.Counters, []string{"q4", "q5"}) {
		t.Fatalf("canbo4 as a supervisor sees it: %+v", o)
	}
	// A supervisor or admin may be created without counters.
	if st, b := adm.post("/console/api/officers", map[string]any{"username": "giamsat2", "full_name": "Giám sát 2", "role": "supervisor", "password": "matkhau-giam-sat"}, nil); st != 201 {
		t.Fatalf("create supervisor: %d %s", st, b)
	}

	// Only an admin assigns.
	upd := map[string]any{"full_name": "Nguyễn Văn An", "role": "officer", "counters": []string{"q1", "q2"}}
	if st, b := sup.post("/console/api/officers/canbo1", upd, nil); st != 403 {
		t.Fatalf("supervisor assigning: %d %s", st, b)
	}
	if o := officerRow(t, adm, "canbo1"); o.Assigned {
		t.Fatalf("assigned by a supervisor: %+v", o)
	}
	if st, b := adm.post("/console/api/officers/canbo1", upd, nil); st != 204 {
		t.Fatalf("admin assigning: %d %s", st, b)
	}
	if o := officerRow(t, sup, "canbo1"); !o.Assigned || !slices.Equal(o.Counters, []string{"q1", "q2"}) {
		t.Fatalf("canbo1 after: %+v", o)
	}
	// An update without counters leaves them; an empty list for an officer is refused.
	if st, b := adm.post("/console/api/officers/canbo1", map[string]any{"full_name": "Nguyễn Văn An", "role": "officer"}, nil); st != 204 {
		t.Fatalf("update without counters: %d %s", st, b)
	}
	if o := officerRow(t, adm, "canbo1"); !slices.Equal(o.Counters, []string{"q1", "q2"}) {
		t.Fatalf("counters lost: %+v", o)
	}
	upd["counters"] = []string{}
	if st, b := adm.post("/console/api/officers/canbo1", upd, nil); st != 400 {
		t.Fatalf("empty assignment: %d %s", st, b)
	}
	var audit int
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM console_audit WHERE action='officer.update' AND target='canbo1' AND detail LIKE '%"counters":["q1","q2"]%'`).Scan(&audit)
	if audit != 1 {
		t.Fatalf("%d audit rows with the assignment", audit)
	}
	al = monitorAlert(t, sup, "unassigned_officers")
	if strings.Contains(al, "canbo1") || !strings.Contains(al, "canbo2") {
		t.Fatalf("alert after assigning canbo1: %q", al)
	}

	// A supervisor's move respects the assignment (the admin widens it first).
	if st, b := sup.post("/console/api/officers/canbo1/move", map[string]string{"counter": "q4"}, nil); st != 403 ||
		!strings.Contains(b, "Cán bộ Nguyễn Văn An chưa được phân công tại Quầy 4; liên hệ quản trị viên") {
		t.Fatalf("move to an unassigned counter: %d %s", st, b)
	}
	if k := counterOfficer(e, "q4"); k != "" {
		t.Fatalf("q4 opened by %q", k)
	}
	if st, b := sup.post("/console/api/officers/canbo1/move", map[string]string{"counter": "q2"}, nil); st != 204 {
		t.Fatalf("move to an assigned counter: %d %s", st, b)
	}
	tok := e.ts.Session("canbo2", "q3") // canbo2's counter app
	if st, b := sup.post("/console/api/officers/canbo2/move", map[string]string{"counter": "q9"}, nil); st != 204 {
		t.Fatalf("move of a never-assigned officer: %d %s", st, b)
	}

	if st, b := e.api("GET", "/api/v1/me", tok, nil); st != 200 || !strings.Contains(b, `"counter":"q9"`) {
		t.Fatalf("canbo2's session after the move: %d %s", st, b)
	}

	// Assigning everyone clears the alert.
	upd = map[string]any{"full_name": "Trần Thị Bình", "role": "officer", "counters": []string{"q3"}}
	if st, b := adm.post("/console/api/officers/canbo2", upd, nil); st != 204 {
		t.Fatalf("assign canbo2: %d %s", st, b)
	}
	if al := monitorAlert(t, sup, "unassigned_officers"); al != "" {
		t.Fatalf("alert with everyone assigned: %q", al)
	}
	// The move had taken canbo2's session to q9; the assignment (q3 only)
	// ended it.
	if st, b := e.api("GET", "/api/v1/me", tok, nil); st != 401 {
		t.Fatalf("canbo2's session at q9 after the assignment: %d %s", st, b)
	}
}

// An admin assigns counters on the Officers page: the warning names the
// officers never assigned, the boxes save, a new officer is created with
// counters; a supervisor sees the boxes read-only.
func TestBrowserOfficerCounters(t *testing.T) {
	e := newEnv(t)
	ctx := browsertest.Start(t, 1366, 768)
	run(t, ctx, "log in",
		chromedp.Navigate(e.ts.URL+"/console"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "quantri"),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.Click(chromedp.ID("login-btn")),
		chromedp.WaitVisible(chromedp.ID("tab-admin")),
		poll(`!!(window.__console && window.__console.ready)`),
	)
	run(t, ctx, "officers page",
		chromedp.Click(chromedp.ID("tab-admin")),
		chromedp.Click(chromedp.CSS(`button[data-sub="off"]`)),
		chromedp.WaitVisible(chromedp.ID("officer-form")),
		poll(`!!document.getElementById('unassigned-officers')`),
	)
	if w := browsertest.Text(t, ctx, "#unassigned-officers"); !strings.Contains(w, "Nguyễn Văn An (canbo1), Trần Thị Bình (canbo2)") || strings.Contains(w, "quantri") {
		t.Fatalf("warning %q", w)
	}
	if c := browsertest.Text(t, ctx, `tr[data-username="canbo1"]`); !strings.Contains(c, "Chưa phân công: đăng nhập được tại mọi quầy") {
		t.Fatalf("canbo1 row %q", c)
	}
	// canbo1: Quầy 1 and Quầy 2, then Save.
	run(t, ctx, "assign canbo1",
		chromedp.Click(chromedp.CSS(`tr[data-username="canbo1"] input[value="q1"]`)),
		chromedp.Click(chromedp.CSS(`tr[data-username="canbo1"] input[value="q2"]`)),
		chromedp.Click(chromedp.CSS(`tr[data-username="canbo1"] td.acts button`)),
		poll(`(document.getElementById('unassigned-officers')||{textContent:''}).textContent.indexOf('canbo1') < 0 && !!document.querySelector('tr[data-username="canbo1"] input[value="q1"]:checked')`),
	)
	// A new land officer at Quầy 4.
	run(t, ctx, "create canbo4",
		chromedp.SendKeys(chromedp.CSS(`#officer-form input[data-field="username"]`), "canbo4"),
		chromedp.SendKeys(chromedp.CSS(`#officer-form input[data-field="full_name"]`), "Đỗ Văn Đất"),
		chromedp.SendKeys(chromedp.CSS(`#officer-form input[data-field="password"]`), "matkhau-dat-dai"),
		chromedp.Click(chromedp.CSS(`#officer-form input[value="q4"]`)),
		chromedp.Click(chromedp.CSS(`#officer-form button[type="submit"]`)),
		poll(`!!document.querySelector('tr[data-username="canbo4"] input[value="q4"]:checked')`),
	)
	bg := context.Background()
	for user, want := range map[string][]string{"canbo1": {"q1", "q2"}, "canbo4": {"q4"}} {
		o, err := e.db.Officer(bg, user)
		if err != nil || !o.Assigned || !slices.Equal(o.Counters, want) {
			t.Fatalf("%s stored %+v, %v; want %v", user, o, err, want)
		}
	}
	if o, _ := e.db.Officer(bg, "canbo2"); o.Assigned {
		t.Fatalf("canbo2 assigned without being edited: %+v", o)
	}
	writeShot(t, shotDir(t), "console-officer-counters.png", value(t, ctx, chromedp.CaptureScreenshot()))

	// A supervisor sees the assignment, read-only.
	sup := browsertest.Start(t, 1366, 768)
	run(t, sup, "supervisor",
		chromedp.Navigate(e.ts.URL+"/console"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "giamsat"),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.Click(chromedp.ID("login-btn")),
		chromedp.WaitVisible(chromedp.ID("tab-admin")),
		poll(`!!(window.__console && window.__console.ready)`),
		chromedp.Click(chromedp.ID("tab-admin")),
		chromedp.Click(chromedp.CSS(`button[data-sub="off"]`)),
		poll(`!!document.querySelector('tr[data-username="canbo4"] input[value="q4"]:checked')`),
	)
	if !value(t, sup, chromedp.Evaluate[bool](`document.querySelector('tr[data-username="canbo4"] input[value="q4"]').disabled && !document.getElementById('officer-form')`)) {
		t.Fatal("supervisor: boxes editable or the create form shown")
	}
}
