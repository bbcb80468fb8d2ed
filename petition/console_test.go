package petition_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/centre/console/consoletest"
	"github.com/motcua/motcua/petition"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

const consolePassword = centretest.Password

// consoleEnv is a real centre with the console and the petition routes
// (API and console page) mounted, as `motcua serve` does.
type consoleEnv struct {
	t     *testing.T
	db    *store.DB
	cfg   *queue.Config
	url   string
	kiosk string
}

func newConsoleEnv(t *testing.T) *consoleEnv {
	t.Helper()
	e := &consoleEnv{t: t}
	c := centretest.Start(t, centretest.Options{
		Config: func(cfg *queue.Config) { cfg.AgencyCode = "000.00.00.H01" },
		Officers: []centretest.Officer{
			{Username: "canbo1", FullName: "Nguyễn Văn An"},
			{Username: "nghiviec", FullName: "Đỗ Văn Nghỉ", Disabled: true},
			{Username: "giamsat", FullName: "Lê Văn Cường", Role: "supervisor"},
		},
		Devices: []centretest.Device{{ID: "dev-kiosk-1", Name: "Kiosk sảnh", Role: "kiosk"}},
		Mount: func(m centretest.Mount) error {
			e.db, e.cfg = m.DB, m.Config
			if _, err := console.Mount(m.Server, m.DB, console.Options{}); err != nil {
				return err
			}
			petition.Mount(m.Server, petition.New(m.DB, m.Config), petition.Options{}).MountConsolePage(m.Server)
			return nil
		},
	})
	e.url, e.kiosk = c.URL, c.Token("dev-kiosk-1")
	return e
}

// browser is a cookie-jar client that does not follow redirects.
type browser struct {
	e    *consoleEnv
	hc   *http.Client
	csrf string
}

func (e *consoleEnv) browser() *browser {
	return &browser{e: e, hc: consoletest.NewClient()}
}

// login signs in through the console's form (double-submit token) and
// reads the session's CSRF token from /console/api/me.
func (b *browser) login(username string) {
	t := b.e.t
	t.Helper()
	st, _, _ := b.get("/console/login")
	if st != 200 {
		t.Fatalf("login page: %d", st)
	}
	me := consoletest.Login(t, b.hc, b.e.url, username, consolePassword)
	if me.CSRF == "" {
		t.Fatalf("me: no CSRF token: %+v", me)
	}
	if len(me.Links) != 1 || me.Links[0].Path != "/console/hoi-dap" || me.Links[0].VI != "Hỏi đáp, phản ánh" {
		t.Fatalf("console navigation links: %+v", me.Links)
	}
	b.csrf = me.CSRF
}

func (b *browser) get(path string) (int, string, http.Header) {
	b.e.t.Helper()
	return consoletest.Get(b.e.t, b.hc, b.e.url+path)
}

func (b *browser) post(path, csrf string, in any) (int, string) {
	b.e.t.Helper()
	return consoletest.Post(b.e.t, b.hc, b.e.url+path, csrf, in)
}

// kioskSubmit sends a question as the enrolled kiosk does.
func (e *consoleEnv) kioskSubmit(kind, topic, text, contact string) string {
	e.t.Helper()
	body := fmt.Sprintf(`{"kind":%q,"topic":%q,"text":%q,"contact":%q}`, kind, topic, text, contact)
	req, _ := http.NewRequest("POST", e.url+"/api/v1/petitions", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+e.kiosk)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ ID string }
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusCreated || json.Unmarshal(b, &out) != nil || out.ID == "" {
		e.t.Fatalf("kiosk submit: %d %s", resp.StatusCode, b)
	}
	return out.ID
}

func (e *consoleEnv) petition(id string) petition.Petition {
	e.t.Helper()
	p, err := petition.New(e.db, e.cfg).Get(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

func TestConsolePageAssignAnswerPublic(t *testing.T) {
	e := newConsoleEnv(t)
	anon := e.browser()
	if st, _, h := anon.get("/console/hoi-dap"); st != http.StatusSeeOther || h.Get("Location") != "/console/login" {
		t.Fatalf("anonymous page: %d %s", st, h.Get("Location"))
	}
	b := e.browser()
	b.login("giamsat")

	topic := e.cfg.Sectors[0].ID
	text := "Làm lại giấy khai sinh bị mất cần những giấy tờ gì? Số điện thoại của tôi 0987 654 321."
	older := e.kioskSubmit("pakn", petition.TopicOther, "Nhà vệ sinh tầng 1 hỏng vòi nước.", "")
	id := e.kioskSubmit("hoi", topic, text, "chi.tran@example.vn")

	// The list: newest first, status filter, the console's headers.
	st, page, h := b.get("/console/hoi-dap")
	if st != 200 || !strings.Contains(h.Get("Content-Security-Policy"), "script-src 'self'") || h.Get("X-Frame-Options") != "DENY" {
		t.Fatalf("page: %d %v", st, h)
	}
	iNew, iOld := strings.Index(page, "Làm lại giấy khai sinh"), strings.Index(page, "Nhà vệ sinh tầng 1")
	if iNew < 0 || iOld < 0 || iNew > iOld {
		t.Fatalf("list not newest first (%d, %d): %s", iNew, iOld, page)
	}
	if !strings.Contains(page, "Phản ánh, kiến nghị") || !strings.Contains(page, `data-en="New">Mới</span>`) ||
		!strings.Contains(page, `<span data-en="New">Mới</span> (2)</a>`) || !strings.Contains(page, `<span data-en="Answered">Đã trả lời</span> (0)</a>`) ||
		!strings.Contains(page, `<span data-en="All">Tất cả</span> (2)</strong>`) {
		t.Fatalf("labels missing: %s", page)
	}
	if _, p, _ := b.get("/console/hoi-dap?status=answered"); strings.Contains(p, "Làm lại giấy khai sinh") || !strings.Contains(p, "Không có câu hỏi, phản ánh nào.") {
		t.Fatalf("answered filter shows a new question: %s", p)
	}
	if _, p, _ := b.get("/console/hoi-dap?status=new"); !strings.Contains(p, "Làm lại giấy khai sinh") || !strings.Contains(p, "Nhà vệ sinh") {
		t.Fatalf("new filter: %s", p)
	}

	// One opened: text, contact for staff, enabled officers only.
	st, page, _ = b.get("/console/hoi-dap?id=" + id)
	for _, want := range []string{"0987 654 321", "chi.tran@example.vn", "Liên hệ (chỉ cán bộ xem)", `value="canbo1"`, "Nguyễn Văn An (canbo1)",
		"Công khai câu trả lời", "Gửi câu trả lời", e.cfg.Sectors[0].Name} {
		if st != 200 || !strings.Contains(page, want) {
			t.Fatalf("open: %d, %q missing in %s", st, want, page)
		}
	}
	if strings.Contains(page, "nghiviec") {
		t.Fatal("a disabled officer is offered for assignment")
	}
	if _, p, _ := b.get("/console/hoi-dap?id=khongco"); !strings.Contains(p, "Không tìm thấy câu hỏi hoặc phản ánh.") {
		t.Fatalf("missing id: %s", p)
	}

	// Assign: refused without the CSRF header or without a session, and to a disabled officer.
	if st, body := b.post("/console/hoi-dap/"+id+"/assign", "", map[string]string{"officer": "canbo1"}); st != http.StatusForbidden {
		t.Fatalf("assign without CSRF: %d %s", st, body)
	}
	if st, body := anon.post("/console/hoi-dap/"+id+"/assign", b.csrf, map[string]string{"officer": "canbo1"}); st != http.StatusUnauthorized {
		t.Fatalf("assign without a session: %d %s", st, body)
	}
	if p := e.petition(id); p.Status != petition.StatusNew || p.Assignee != "" {
		t.Fatalf("refused assignments changed the petition: %+v", p)
	}
	if st, body := b.post("/console/hoi-dap/"+id+"/assign", b.csrf, map[string]string{"officer": "nghiviec"}); st != http.StatusBadRequest {
		t.Fatalf("assign to a disabled officer: %d %s", st, body)
	}
	if st, body := b.post("/console/hoi-dap/"+id+"/assign", b.csrf, map[string]string{"officer": "canbo1"}); st != 200 {
		t.Fatalf("assign: %d %s", st, body)
	}
	if p := e.petition(id); p.Status != petition.StatusAssigned || p.Assignee != "canbo1" {
		t.Fatalf("after assign: %+v", p)
	}
	if _, p, _ := b.get("/console/hoi-dap?status=assigned"); !strings.Contains(p, "Làm lại giấy khai sinh") || strings.Contains(p, "Nhà vệ sinh") ||
		!strings.Contains(p, "Nguyễn Văn An") || !strings.Contains(p, `<span data-en="New">Mới</span> (1)</a>`) || !strings.Contains(p, `<span data-en="Assigned">Đã giao</span> (1)</strong>`) {
		t.Fatalf("assigned filter: %s", p)
	}

	// Answer publicly.
	answer := "Anh/chị mang tờ khai theo mẫu và giấy tờ tùy thân đến quầy Hộ tịch; gọi 1900 1234 nếu cần hỗ trợ."
	if st, body := b.post("/console/hoi-dap/"+id+"/answer", "", map[string]any{"answer": answer, "public": true}); st != http.StatusForbidden {
		t.Fatalf("answer without CSRF: %d %s", st, body)
	}
	if st, body := b.post("/console/hoi-dap/"+id+"/answer", b.csrf, map[string]any{"answer": answer, "public": true}); st != 200 {
		t.Fatalf("answer: %d %s", st, body)
	}
	p := e.petition(id)
	if p.Status != petition.StatusAnswered || !p.Public || p.Answer != answer || p.AnsweredBy != "Lê Văn Cường" {
		t.Fatalf("after answer: %+v", p)
	}
	if _, pg, _ := b.get("/console/hoi-dap?status=answered&id=" + id); !strings.Contains(pg, "Đã trả lời bởi") || !strings.Contains(pg, `<span data-en="public">công khai</span>`) || !strings.Contains(pg, "Anh/chị mang tờ khai") {
		t.Fatalf("answered page: %s", pg)
	}

	// The public answers: there, masked, without the contact.
	resp, err := http.Get(e.url + "/api/v1/hoi-dap")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var pub []petition.PublicAnswer
	if err := json.Unmarshal(raw, &pub); err != nil || len(pub) != 1 {
		t.Fatalf("public answers: %v %s", err, raw)
	}
	if pub[0].ID != id || pub[0].Answer != answer || !strings.Contains(pub[0].Question, "Làm lại giấy khai sinh") ||
		strings.Contains(string(raw), "0987 654 321") || strings.Contains(string(raw), "chi.tran") {
		t.Fatalf("public answer: %s", raw)
	}
	if older == id {
		t.Fatal("ids collide")
	}

	// Both actions are in the console's audit log.
	st, body, _ := b.get("/console/api/audit")
	var audit []store.AuditEntry
	if st != 200 || json.Unmarshal([]byte(body), &audit) != nil {
		t.Fatalf("audit: %d %s", st, body)
	}
	seen := map[string]bool{}
	for _, a := range audit {
		if a.Target == id && a.Actor == "giamsat" {
			seen[a.Action] = true
		}
	}
	if !seen["petition_assign"] || !seen["petition_answer"] {
		t.Fatalf("audit entries: %+v", audit)
	}
}

// An answer kept private stays off the public list; the script is served
// to the session only.
func TestConsolePagePrivateAnswer(t *testing.T) {
	e := newConsoleEnv(t)
	if st, _, _ := e.browser().get("/console/hoi-dap.js"); st != http.StatusSeeOther {
		t.Fatalf("script without a session: %d", st)
	}
	b := e.browser()
	b.login("giamsat")
	if st, js, h := b.get("/console/hoi-dap.js"); st != 200 || !strings.Contains(js, "X-CSRF-Token") || !strings.HasPrefix(h.Get("Content-Type"), "text/javascript") {
		t.Fatalf("script: %d %s", st, h.Get("Content-Type"))
	}
	id := e.kioskSubmit("pakn", petition.TopicOther, "Bãi xe trước trung tâm quá chật.<script>alert(1)</script>", `"><img src=x onerror=alert(2)>`)
	// A citizen's text and contact are shown as text, never as markup.
	for _, path := range []string{"/console/hoi-dap", "/console/hoi-dap?id=" + id} {
		_, pg, _ := b.get(path)
		if strings.Contains(pg, "<script>alert") || strings.Contains(pg, "<img src=x") || !strings.Contains(pg, "&lt;script&gt;alert(1)") {
			t.Fatalf("%s: the citizen's text is not escaped: %s", path, pg)
		}
	}
	if st, body := b.post("/console/hoi-dap/"+id+"/answer", b.csrf, map[string]any{"answer": "Trung tâm đã báo Ủy ban.", "public": false}); st != 200 {
		t.Fatalf("answer: %d %s", st, body)
	}
	if p := e.petition(id); p.Status != petition.StatusAnswered || p.Public {
		t.Fatalf("private answer: %+v", p)
	}
	resp, err := http.Get(e.url + "/api/v1/hoi-dap")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if strings.TrimSpace(string(raw)) != "[]" {
		t.Fatalf("a private answer is public: %s", raw)
	}
	if _, pg, _ := b.get("/console/hoi-dap?id=" + id); !strings.Contains(pg, `<span data-en="not public">không công khai</span>`) {
		t.Fatalf("page: %s", pg)
	}
}
