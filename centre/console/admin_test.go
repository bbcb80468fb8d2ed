package console_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/centre/engine"
	"github.com/motcua/motcua/queue"
)

// Every admin-only change is refused to a supervisor, with the state left
// as it was; supervisors still read.
func TestSupervisorCannotChangeAdminSettings(t *testing.T) {
	e := newEnv(t)
	sup := e.login("giamsat")
	cfg := e.srv.Engine().Config()
	posts := []struct {
		path string
		body any
	}{
		{"/console/api/config", cfg},
		{"/console/api/officers", map[string]string{"username": "moi", "role": "admin", "password": "matkhau123"}},
		{"/console/api/officers/canbo1", map[string]any{"full_name": "x", "role": "admin"}},
		{"/console/api/devices", map[string]string{"name": "Kiosk 2", "role": "kiosk"}},
		{"/console/api/devices/dev-kiosk-1/rename", map[string]string{"name": "x"}},
		{"/console/api/devices/dev-kiosk-1/revoke", nil},
		{"/console/api/schedule", `{"version":1,"years":{}}`},
		{"/console/api/procedures/import", `[]`},
		{"/console/api/procedures/1.001193", map[string]any{}},
	}
	for _, p := range posts {
		if st, body := sup.post(p.path, p.body, nil); st != 403 {
			t.Errorf("supervisor POST %s: %d %s, want 403", p.path, st, body)
		}
	}
	for _, path := range []string{"/console/api/config", "/console/api/officers", "/console/api/devices", "/console/api/schedule",
		"/console/api/procedures", "/console/api/procedures/1.001193", "/console/api/audit"} {
		if st, body := sup.get(path, nil); st != 200 {
			t.Errorf("supervisor GET %s: %d %s", path, st, body)
		}
	}
	if st, _ := e.api("GET", "/api/v1/services", e.kiosk, nil); st != 200 {
		t.Fatalf("kiosk was revoked by a supervisor")
	}
}

func TestConfigChange(t *testing.T) {
	e := newEnv(t)
	adm := e.login("quantri")
	var cfg queue.Config
	adm.get("/console/api/config", &cfg)

	bad := cfg
	bad.Services = append([]queue.Service(nil), cfg.Services...)
	bad.Services[2].Prefix = "c1"
	st, body := adm.post("/console/api/config", bad, nil)
	if st != 400 || !strings.Contains(body, `"field":"services[2].prefix"`) || !strings.Contains(body, "Cấu hình không hợp lệ ở trường services[2].prefix") {
		t.Fatalf("invalid prefix: %d %s", st, body)
	}
	dup := cfg
	dup.Counters = append([]queue.Counter(nil), cfg.Counters...)
	dup.Counters[1].Number = 1
	if st, body := adm.post("/console/api/config", dup, nil); st != 400 || !strings.Contains(body, `"field":"counters[1].number"`) {
		t.Fatalf("duplicate counter number: %d %s", st, body)
	}
	if st, body := adm.post("/console/api/config", `{"centre_name":"x","bogus":1}`, nil); st != 400 {
		t.Fatalf("unknown field: %d %s", st, body)
	}
	if e.srv.Engine().Config().Services[2].Prefix != "C" {
		t.Fatal("an invalid config was applied")
	}

	good := cfg
	good.Services = append(append([]queue.Service(nil), cfg.Services...),
		queue.Service{ID: "cutru", Name: "Đăng ký cư trú", Sector: "tuphap", Prefix: "K", TargetWaitMin: 12, DailyCap: 200})
	good.Counters = append([]queue.Counter(nil), cfg.Counters...)
	good.Counters[0] = queue.Counter{ID: "q1", Number: 1, Name: "Quầy 1", Services: map[string]int{"hotich": 3, "cutru": 2}}
	if st, body := adm.post("/console/api/config", good, nil); st != 200 {
		t.Fatalf("valid config: %d %s", st, body)
	}
	// In effect at once: a kiosk can take a number of the new service.
	st, body = e.api("POST", "/api/v1/tickets", e.kiosk, map[string]string{"service": "cutru"})
	if st != 201 || !strings.Contains(body, `"number":"K001"`) {
		t.Fatalf("ticket of the new service: %d %s", st, body)
	}
	// Saved: a restarted server loads it.
	eng := engine.New(queue.DemoConfig(), e.db, slog.New(slog.DiscardHandler))
	found, err := console.LoadStoredConfig(context.Background(), e.db, eng)
	if err != nil || !found {
		t.Fatalf("load stored config: %v %v", found, err)
	}
	if s, ok := eng.Config().Service("cutru"); !ok || s.TargetWaitMin != 12 {
		t.Fatalf("stored config lacks the new service: %+v", eng.Config().Services)
	}
	assertAudit(t, e, "config.save", "quantri")
}

func TestOfficerAdministration(t *testing.T) {
	e := newEnv(t)
	adm := e.login("quantri")
	steps := []struct {
		name, path string
		body       any
		status     int
		field      string
	}{
		{"bad username", "/console/api/officers", map[string]string{"username": "Nguyễn", "role": "officer", "password": "matkhau123"}, 400, "username"},
		{"short password", "/console/api/officers", map[string]string{"username": "canbo3", "role": "officer", "password": "ngan"}, 400, "password"},
		{"bad role", "/console/api/officers", map[string]string{"username": "canbo3", "role": "boss", "password": "matkhau123"}, 400, "role"},
		{"create", "/console/api/officers", map[string]string{"username": "canbo3", "full_name": "Đỗ Văn Em", "role": "supervisor", "password": "matkhau123"}, 201, ""},
		{"duplicate", "/console/api/officers", map[string]string{"username": "canbo3", "role": "officer", "password": "matkhau123"}, 400, "username"},
		{"cannot disable self", "/console/api/officers/quantri", map[string]any{"full_name": "Phạm Thị Dung", "role": "admin", "disabled": true}, 400, "role"},
		{"unknown officer", "/console/api/officers/khongco", map[string]any{"role": "officer"}, 404, ""},
	}
	for _, s := range steps {
		st, body := adm.post(s.path, s.body, nil)
		if st != s.status || s.field != "" && !strings.Contains(body, `"field":"`+s.field+`"`) {
			t.Fatalf("%s: %d %s, want %d field %q", s.name, st, body, s.status, s.field)
		}
	}
	// The new supervisor logs in; then the admin disables them: refused at once.
	c3 := e.login("canbo3")
	if st, body := adm.post("/console/api/officers/canbo3", map[string]any{"full_name": "Đỗ Văn Em", "role": "supervisor", "disabled": true}, nil); st != 204 {
		t.Fatalf("disable: %d %s", st, body)
	}
	if st, _ := c3.get("/console/api/monitor", nil); st != 401 {
		t.Fatalf("disabled officer's session: %d", st)
	}
	// Re-enabled with a reset password: the old password no longer works.
	if st, body := adm.post("/console/api/officers/canbo3", map[string]any{"full_name": "Đỗ Văn Em", "role": "supervisor", "password": "matkhaumoi9"}, nil); st != 204 {
		t.Fatalf("reset: %d %s", st, body)
	}
	if st, _ := e.anon().formLogin("canbo3", testPassword); st != 401 {
		t.Fatalf("old password after reset: %d", st)
	}
	if st, _ := e.anon().formLogin("canbo3", "matkhaumoi9"); st != 303 {
		t.Fatalf("new password after reset: %d", st)
	}
	// A role change reaches the centre API at once (no stale token cache).
	st, body := e.api("POST", "/api/v1/login", "", map[string]string{"username": "canbo2", "password": testPassword, "counter": "q2"})
	if st != 200 {
		t.Fatalf("canbo2 login: %d %s", st, body)
	}
	tok := between(body, `"token":"`, `"`)
	e.api("GET", "/api/v1/me", tok, nil) // cached now
	adm.post("/console/api/officers/canbo2", map[string]any{"full_name": "Trần Thị Bình", "role": "officer", "disabled": true}, nil)
	if st, _ := e.api("GET", "/api/v1/me", tok, nil); st != 401 {
		t.Fatalf("disabled officer's counter session still works: %d", st)
	}
	var list []console.OfficerRow
	adm.get("/console/api/officers", &list)
	if len(list) != 5 || strings.Contains(mustJSON(list), "password") {
		t.Fatalf("officer list %+v", list)
	}
	assertAudit(t, e, "officer.create", "quantri")
	assertAudit(t, e, "officer.update", "quantri")
}

func TestDeviceAdministration(t *testing.T) {
	e := newEnv(t)
	adm := e.login("quantri")
	if st, body := adm.post("/console/api/devices", map[string]string{"name": "", "role": "kiosk"}, nil); st != 400 || !strings.Contains(body, `"field":"name"`) {
		t.Fatalf("no name: %d %s", st, body)
	}
	if st, body := adm.post("/console/api/devices", map[string]string{"name": "Máy in", "role": "printer"}, nil); st != 400 || !strings.Contains(body, `"field":"role"`) {
		t.Fatalf("bad role: %d %s", st, body)
	}
	var enrolled struct{ ID, Token string }
	if st, body := adm.post("/console/api/devices", map[string]string{"name": "Kiosk tầng 2", "role": "kiosk"}, &enrolled); st != 201 || enrolled.Token == "" {
		t.Fatalf("enrol: %d %s", st, body)
	}
	if st, body := e.api("POST", "/api/v1/tickets", enrolled.Token, map[string]string{"service": "hotich"}); st != 201 {
		t.Fatalf("new kiosk issues: %d %s", st, body)
	}
	if st, _ := adm.post("/console/api/devices/"+enrolled.ID+"/rename", map[string]string{"name": "Kiosk tầng hai"}, nil); st != 204 {
		t.Fatalf("rename: %d", st)
	}
	var devs []console.DeviceRow
	adm.get("/console/api/devices", &devs)
	if d := findDevice(t, console.Monitor{Devices: devs}, enrolled.ID); d.Name != "Kiosk tầng hai" || !d.Online {
		t.Fatalf("renamed device %+v", d)
	}
	if strings.Contains(mustJSON(devs), enrolled.Token) {
		t.Fatal("the device list shows a token")
	}
	// Revoked: refused at once, although the kiosk's token was cached a moment ago.
	if st, _ := adm.post("/console/api/devices/"+enrolled.ID+"/revoke", nil, nil); st != 204 {
		t.Fatalf("revoke: %d", st)
	}
	if st, _ := e.api("POST", "/api/v1/tickets", enrolled.Token, map[string]string{"service": "hotich"}); st != 401 {
		t.Fatalf("revoked kiosk: %d, want 401", st)
	}
	if st, _ := adm.post("/console/api/devices/khongco/revoke", nil, nil); st != 404 {
		t.Fatalf("revoke unknown: %d", st)
	}
	// A rating pad: enrolled from the console, it says who it is and
	// touches nothing of the queue (the rating routes: centre.TestRatingRoles).
	var pad struct{ ID, Token string }
	if st, body := adm.post("/console/api/devices", map[string]string{"name": "Máy đánh giá quầy 1", "role": "ratingpad"}, &pad); st != 201 || pad.Token == "" {
		t.Fatalf("enrol a rating pad: %d %s", st, body)
	}
	if st, body := e.api("GET", "/api/v1/me", pad.Token, nil); st != 200 || !strings.Contains(body, `"role":"ratingpad"`) {
		t.Fatalf("rating pad /me: %d %s", st, body)
	}
	if st, _ := e.api("POST", "/api/v1/tickets", pad.Token, map[string]string{"service": "hotich"}); st != 403 {
		t.Fatalf("rating pad issuing a ticket: %d, want 403", st)
	}
	assertAudit(t, e, "device.enrol", "quantri")
	assertAudit(t, e, "device.revoke", "quantri")
}

func TestScheduleUpload(t *testing.T) {
	e := newEnv(t)
	adm := e.login("quantri")
	if st, body := adm.post("/console/api/schedule", `{"version":2,"years":{}}`, nil); st != 400 || !strings.Contains(body, `"field":"schedule"`) {
		t.Fatalf("bad schedule: %d %s", st, body)
	}
	if st, body := adm.post("/console/api/schedule", `{"version":1,"years":{"2027":{"source":"x","days_off":[{"date":"2027-13-01","name":"?"}],"working_days":[]}}}`, nil); st != 400 {
		t.Fatalf("bad date: %d %s", st, body)
	}
	b, err := os.ReadFile("../../dossier/testdata/schedule_swap.json")
	if err != nil {
		t.Fatal(err)
	}
	if st, body := adm.post("/console/api/schedule", b, nil); st != 200 {
		t.Fatalf("upload: %d %s", st, body)
	}
	s, err := console.StoredSchedule(context.Background(), e.db)
	if err != nil || s == nil || len(s.Years) == 0 {
		t.Fatalf("stored schedule %v %v", s, err)
	}
	var got struct{ Origin string }
	adm.get("/console/api/schedule", &got)
	if got.Origin != "console" {
		t.Fatalf("schedule origin %q", got.Origin)
	}
	assertAudit(t, e, "schedule.upload", "quantri")
}

func TestProcedureEditAndImport(t *testing.T) {
	e := newEnv(t)
	adm := e.login("quantri")
	var p struct {
		Code string `json:"code"`
		Time struct {
			Amount int    `json:"amount"`
			Unit   string `json:"unit"`
		} `json:"time"`
		Components []map[string]any `json:"components"`
	}
	if st, body := adm.get("/console/api/procedures/1.001193", &p); st != 200 {
		t.Fatalf("get: %d %s", st, body)
	}
	edit := map[string]any{"time": map[string]any{"amount": 3, "unit": "working_days"},
		"fees":       []map[string]any{{"name": "Lệ phí", "amount": 8000}},
		"components": []map[string]any{{"name": "Tờ khai", "originals": 1, "copies": 0}}}
	if st, body := adm.post("/console/api/procedures/1.001193", edit, nil); st != 200 {
		t.Fatalf("edit: %d %s", st, body)
	}
	stored, _ := e.db.Procedures(context.Background())
	if !strings.Contains(string(stored["1.001193"]), `"amount":3`) || !strings.Contains(string(stored["1.001193"]), "Lệ phí") {
		t.Fatalf("stored procedure %s", stored["1.001193"])
	}
	badTime := map[string]any{"time": map[string]any{"amount": 0, "unit": "weeks"}, "components": edit["components"]}
	if st, body := adm.post("/console/api/procedures/1.001193", badTime, nil); st != 400 || !strings.Contains(body, `"field":"time"`) {
		t.Fatalf("bad time: %d %s", st, body)
	}
	noComp := map[string]any{"time": edit["time"], "components": []map[string]any{{"name": "", "originals": 1}}}
	if st, body := adm.post("/console/api/procedures/1.001193", noComp, nil); st != 400 || !strings.Contains(body, `"field":"components"`) {
		t.Fatalf("bad component: %d %s", st, body)
	}
	var rows []console.ProcedureRow
	adm.get("/console/api/procedures?q=1.001193", &rows)
	if len(rows) != 1 || !rows[0].Edited || rows[0].Time.Amount != 3 {
		t.Fatalf("list after edit %+v", rows)
	}
	// Import: the seed file itself is a valid catalogue; a broken one is refused.
	seed, err := os.ReadFile("../../dossier/catalogue.json")
	if err != nil {
		t.Fatal(err)
	}
	var n struct{ Imported int }
	if st, body := adm.post("/console/api/procedures/import", seed, &n); st != 200 || n.Imported < 10 {
		t.Fatalf("import: %d %s", st, body)
	}
	if st, body := adm.post("/console/api/procedures/import", `[{"code":"x"}]`, nil); st != 400 {
		t.Fatalf("broken import: %d %s", st, body)
	}
	assertAudit(t, e, "procedure.edit", "quantri")
	assertAudit(t, e, "procedures.import", "quantri")
}

func assertAudit(t *testing.T, e *env, action, actor string) {
	t.Helper()
	list, err := e.db.Audit(context.Background(), 500)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		if a.Action == action && a.Actor == actor && !a.At.IsZero() {
			return
		}
	}
	t.Fatalf("no audit entry %s by %s", action, actor)
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
