package petition_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/centre/centretest"
	cclient "github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/petition"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	pstore "github.com/motcua/motcua/portal/store"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/syncagent"
)

// env is a real centre (SQLite, HTTP on loopback) with the petition routes
// mounted, an enrolled kiosk and three officers with sessions.
type env struct {
	t      testing.TB
	db     *store.DB
	cfg    *queue.Config
	svc    *petition.Service
	url    string
	c      *centretest.Env
	kiosk  string
	tokens map[string]string // username → session token
}

func newEnv(t testing.TB, o petition.Options) *env {
	t.Helper()
	e := &env{t: t, tokens: map[string]string{}}
	c := centretest.Start(t, centretest.Options{
		Officers: []centretest.Officer{
			{Username: "canbo1", FullName: "Nguyễn Văn An"},
			{Username: "canbo2", FullName: "Trần Thị Bình"},
			{Username: "giamsat", FullName: "Lê Văn Cường", Role: "supervisor"},
		},
		Devices: []centretest.Device{{ID: "dev-kiosk-1", Name: "Kiosk sảnh", Role: "kiosk"}},
		Mount: func(m centretest.Mount) error {
			e.db, e.cfg = m.DB, m.Config
			e.svc = petition.New(m.DB, m.Config)
			petition.Mount(m.Server, e.svc, o)
			return nil
		},
	})
	e.url, e.c, e.kiosk = c.URL, c, c.Token("dev-kiosk-1")
	for _, u := range []string{"canbo1", "canbo2", "giamsat"} {
		e.tokens[u] = c.Session(u, "")
	}
	return e
}

func (e *env) do(method, path, token, body string, out any) (int, string) {
	e.t.Helper()
	return e.c.Do(e.t, method, path, token, body, out)
}

func (e *env) form(vals url.Values) (int, string) {
	e.t.Helper()
	resp, err := http.PostForm(e.url+"/hoi-dap", vals)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (e *env) outbox() []store.OutboxItem {
	e.t.Helper()
	items, err := e.db.OutboxAfter(context.Background(), 0, 1000)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []store.OutboxItem
	for _, it := range items {
		if it.Service == qcvn120.SvcDongBoHoiDap {
			out = append(out, it)
		}
	}
	return out
}

const contact = "0912 345 678, an.nguyen@example.vn"

func TestKioskQuestionAnsweredPublicly(t *testing.T) {
	e := newEnv(t, petition.Options{})
	topic := e.cfg.Sectors[0].ID
	text := "Đăng ký khai sinh cho con cần mang giấy tờ gì? Số CCCD của tôi 001099012345."
	var created struct{ ID, Status string }
	body := fmt.Sprintf(`{"kind":"hoi","topic":%q,"text":%q,"contact":%q}`, topic, text, contact)
	if st, b := e.do("POST", "/api/v1/petitions", e.kiosk, body, &created); st != http.StatusCreated {
		t.Fatalf("kiosk submit: %d %s", st, b)
	}
	if created.Status != petition.StatusNew || created.ID == "" {
		t.Fatalf("created %+v", created)
	}
	// Without a token, or with an officer's, the kiosk endpoint refuses.
	if st, _ := e.do("POST", "/api/v1/petitions", "", body, nil); st != http.StatusUnauthorized {
		t.Fatalf("anonymous kiosk submit: %d", st)
	}
	if st, _ := e.do("POST", "/api/v1/petitions", e.tokens["canbo1"], body, nil); st != http.StatusForbidden {
		t.Fatalf("officer on kiosk submit: %d", st)
	}

	// The question produced one DongBoHoiDap: not public, masked, no contact.
	items := e.outbox()
	if len(items) != 1 || items[0].Key != "hoidap:"+created.ID || items[0].Version != 1 {
		t.Fatalf("outbox %+v", items)
	}
	var q qcvn120.DongBoHoiDap
	json.Unmarshal(items[0].Payload, &q)
	if err := q.Validate(); err != nil {
		t.Fatal(err)
	}
	if q.TRANGTHAI != qcvn120.HoiDapKhongCongKhai || q.MADONVI != e.cfg.AgencyCode || string(q.MaLinhVuc) != topic ||
		strings.Contains(q.NOIDUNG, "001099012345") || !strings.Contains(q.NOIDUNG, "khai sinh") {
		t.Fatalf("question packet %+v", q)
	}
	assertNoContact(t, "packet", string(items[0].Payload))

	// The supervisor sees it with the contact; the unassigned officer does not.
	var list []petition.Petition
	e.do("GET", "/api/v1/petitions?status=new", e.tokens["giamsat"], "", &list)
	if len(list) != 1 || list[0].Contact != contact || list[0].Body != text {
		t.Fatalf("supervisor list %+v", list)
	}
	e.do("GET", "/api/v1/petitions", e.tokens["canbo1"], "", &list)
	if len(list) != 0 {
		t.Fatalf("officer sees unassigned petitions: %+v", list)
	}
	if st, _ := e.do("POST", "/api/v1/petitions/"+created.ID+"/answer", e.tokens["canbo1"], `{"answer":"x","public":true}`, nil); st != http.StatusNotFound {
		t.Fatalf("unassigned officer answered: %d", st)
	}
	if st, _ := e.do("POST", "/api/v1/petitions/"+created.ID+"/assign", e.tokens["canbo1"], `{"officer":"canbo1"}`, nil); st != http.StatusForbidden {
		t.Fatalf("officer assigned: %d", st)
	}

	// Assign, then the assignee answers publicly.
	var p petition.Petition
	if st, b := e.do("POST", "/api/v1/petitions/"+created.ID+"/assign", e.tokens["giamsat"], `{"officer":"canbo1"}`, &p); st != 200 || p.Status != petition.StatusAssigned {
		t.Fatalf("assign: %d %s", st, b)
	}
	if st, _ := e.do("POST", "/api/v1/petitions/"+created.ID+"/assign", e.tokens["giamsat"], `{"officer":"khongco"}`, nil); st != http.StatusBadRequest {
		t.Fatalf("assign to unknown officer: %d", st)
	}
	e.do("GET", "/api/v1/petitions", e.tokens["canbo1"], "", &list)
	if len(list) != 1 {
		t.Fatalf("assignee's list %+v", list)
	}
	answer := "Mang tờ khai theo mẫu và giấy chứng sinh bản chính."
	if st, b := e.do("POST", "/api/v1/petitions/"+created.ID+"/answer", e.tokens["canbo1"],
		fmt.Sprintf(`{"answer":%q,"public":true}`, answer), &p); st != 200 || p.Status != petition.StatusAnswered || !p.Public {
		t.Fatalf("answer: %d %s", st, b)
	}
	items = e.outbox()
	if len(items) != 2 || items[1].Version != 2 {
		t.Fatalf("outbox after answer %+v", items)
	}
	json.Unmarshal(items[1].Payload, &q)
	if !q.Public() || q.NOIDUNGTRALOI != answer || q.NGUOITRALOI != "Nguyễn Văn An" || q.TRALOIID == "" || q.NGAYTRALOI.IsZero() {
		t.Fatalf("answer packet %+v", q)
	}
	assertNoContact(t, "answer packet", string(items[1].Payload))

	// The public views: the answer, the masked question, never the contact.
	var pub []petition.PublicAnswer
	e.do("GET", "/api/v1/hoi-dap", "", "", &pub)
	if len(pub) != 1 || pub[0].Answer != answer || strings.Contains(pub[0].Question, "001099012345") {
		t.Fatalf("public answers %+v", pub)
	}
	st, page := e.do("GET", "/hoi-dap", "", "", nil)
	if st != 200 || !strings.Contains(page, answer) || !strings.Contains(page, "Đăng ký khai sinh cho con") {
		t.Fatalf("public page %d", st)
	}
	assertNoContact(t, "public JSON", fmt.Sprint(pub))
	assertNoContact(t, "public page", page)
}

func assertNoContact(t *testing.T, where, s string) {
	t.Helper()
	for _, bit := range []string{"0912 345 678", "0912345678", "an.nguyen@example.vn", "example.vn"} {
		if strings.Contains(s, bit) {
			t.Fatalf("%s shows the contact (%q): %s", where, bit, s)
		}
	}
}

func TestPrivateAnswerStaysOffPublicViews(t *testing.T) {
	e := newEnv(t, petition.Options{})
	p, err := e.svc.Submit(context.Background(), petition.Submission{Kind: petition.KindPetition, Topic: petition.TopicOther,
		Text: "Phản ánh: quầy số 3 đóng sớm.", Contact: contact}, "web")
	if err != nil {
		t.Fatal(err)
	}
	var got petition.Petition
	if st, b := e.do("POST", "/api/v1/petitions/"+p.ID+"/answer", e.tokens["giamsat"], `{"answer":"Đã nhắc nhở cán bộ.","public":false}`, &got); st != 200 {
		t.Fatalf("answer: %d %s", st, b)
	}
	var pub []petition.PublicAnswer
	e.do("GET", "/api/v1/hoi-dap", "", "", &pub)
	if len(pub) != 0 {
		t.Fatalf("a private answer is public: %+v", pub)
	}
	items := e.outbox()
	var q qcvn120.DongBoHoiDap
	json.Unmarshal(items[len(items)-1].Payload, &q)
	if q.Public() || q.TRANGTHAI != qcvn120.HoiDapKhongCongKhai || q.MaLinhVuc != "" {
		t.Fatalf("private answer packet %+v", q)
	}
}

func TestSubmissionValidation(t *testing.T) {
	e := newEnv(t, petition.Options{PerDevice: 1000})
	topic := e.cfg.Sectors[0].ID
	long := strings.Repeat("ạ", petition.MaxText+1)
	for _, c := range []struct{ name, body string }{
		{"no text", fmt.Sprintf(`{"kind":"hoi","topic":%q,"text":"   "}`, topic)},
		{"too long", fmt.Sprintf(`{"kind":"hoi","topic":%q,"text":%q}`, topic, long)},
		{"unknown topic", `{"kind":"hoi","topic":"khong-co","text":"Hỏi"}`},
		{"unknown kind", fmt.Sprintf(`{"kind":"x","topic":%q,"text":"Hỏi"}`, topic)},
		{"long contact", fmt.Sprintf(`{"kind":"hoi","topic":%q,"text":"Hỏi","contact":%q}`, topic, strings.Repeat("1", 101))},
		{"unknown field", fmt.Sprintf(`{"kind":"hoi","topic":%q,"text":"Hỏi","x":1}`, topic)},
		{"trailing data", fmt.Sprintf(`{"kind":"hoi","topic":%q,"text":"Hỏi"} {}`, topic)},
	} {
		if st, b := e.do("POST", "/api/v1/petitions", e.kiosk, c.body, nil); st != http.StatusBadRequest {
			t.Errorf("%s: %d %s", c.name, st, b)
		}
	}
	big := fmt.Sprintf(`{"kind":"hoi","topic":%q,"text":%q}`, topic, strings.Repeat("a", 20<<10))
	if st, _ := e.do("POST", "/api/v1/petitions", e.kiosk, big, nil); st != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: %d", st)
	}
	// Exactly MaxText characters is accepted.
	ok := fmt.Sprintf(`{"kind":"hoi","topic":%q,"text":%q}`, topic, strings.Repeat("ạ", petition.MaxText))
	if st, b := e.do("POST", "/api/v1/petitions", e.kiosk, ok, nil); st != http.StatusCreated {
		t.Errorf("text of MaxText characters: %d %s", st, b)
	}
	if n := len(e.outbox()); n != 1 {
		t.Fatalf("refused submissions queued packets: %d", n)
	}
}

func TestPhonePageRateLimited(t *testing.T) {
	e := newEnv(t, petition.Options{PerAddress: 3, Total: 100})
	vals := url.Values{"kind": {"hoi"}, "topic": {e.cfg.Sectors[0].ID}, "text": {"Giờ làm việc thứ Bảy?"}, "contact": {contact}}
	var wg sync.WaitGroup
	codes := make(chan int, 40)
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, _ := e.form(vals)
			codes <- st
		}()
	}
	wg.Wait()
	close(codes)
	okN, limited := 0, 0
	for c := range codes {
		switch c {
		case 200:
			okN++
		case http.StatusTooManyRequests:
			limited++
		default:
			t.Fatalf("status %d", c)
		}
	}
	if okN != 3 || limited != 37 {
		t.Fatalf("accepted %d, limited %d; want 3 and 37", okN, limited)
	}
	list, _ := e.svc.List(context.Background(), "", "", 0)
	if len(list) != 3 || list[0].Source != "web" || list[0].Contact != contact {
		t.Fatalf("stored %+v", list)
	}
	// Refused submissions still get the page with its hardening headers.
	resp, err := http.PostForm(e.url+"/hoi-dap", vals)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'none'") ||
		resp.Header.Get("X-Frame-Options") != "DENY" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("refusal %d %v", resp.StatusCode, resp.Header)
	}
	// The form page itself: Vietnamese, a success note, the contact never echoed.
	st, page := e.do("GET", "/hoi-dap", "", "", nil)
	if st != 200 || !strings.Contains(page, "Gửi câu hỏi hoặc phản ánh, kiến nghị") {
		t.Fatalf("page %d", st)
	}
	assertNoContact(t, "page", page)
}

func TestMask(t *testing.T) {
	for in, want := range map[string]string{
		"gọi 0912 345 678 nhé":        "gọi *** nhé",
		"CCCD 001099012345":           "CCCD ***",
		"thư an.nguyen@example.vn ạ":  "thư ***@*** ạ",
		"phòng 203, năm 2025, 8 ngày": "phòng 203, năm 2025, 8 ngày",
	} {
		if got := petition.Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
}

// The whole path: kiosk question → supervisor answers publicly → the sync
// agent carries the outbox → the portal shows it on /hoi-dap.
func TestQuestionReachesPortal(t *testing.T) {
	e := newEnv(t, petition.Options{})
	ctx := context.Background()
	pst, err := pstore.Open(ctx, filepath.Join(t.TempDir(), "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer pst.Close()
	h, _ := portal.HashPassword("secret1")
	if err := pst.AddCentre(ctx, portal.Centre{Username: "c1", Hash: h, Agencies: []string{e.cfg.AgencyCode}}); err != nil {
		t.Fatal(err)
	}
	psrv, err := portal.New(ctx, pst, portal.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	pts := httptest.NewServer(psrv)
	defer pts.Close()

	var created struct{ ID string }
	body := fmt.Sprintf(`{"kind":"hoi","topic":%q,"text":"Lệ phí chứng thực bản sao là bao nhiêu?","contact":%q}`, e.cfg.Sectors[0].ID, contact)
	if st, b := e.do("POST", "/api/v1/petitions", e.kiosk, body, &created); st != 201 {
		t.Fatalf("submit %d %s", st, b)
	}
	if st, b := e.do("POST", "/api/v1/petitions/"+created.ID+"/answer", e.tokens["giamsat"],
		`{"answer":"2.000 đồng một trang.","public":true}`, nil); st != 200 {
		t.Fatalf("answer %d %s", st, b)
	}
	agent := syncagent.New(e.db, syncagent.PortalClient{C: client.New(pts.URL, "c1", "secret1")}, syncagent.Options{Logger: slog.New(slog.DiscardHandler)})
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := agent.Once(ctx); err != nil {
			t.Fatal(err)
		}
		if agent.Status().Backlog == 0 || time.Now().After(deadline) {
			break
		}
	}
	if p := agent.Status(); p.Parked != 0 || p.Backlog != 0 {
		t.Fatalf("agent status %+v", p)
	}
	resp, err := http.Get(pts.URL + "/api/v1/hoi-dap")
	if err != nil {
		t.Fatal(err)
	}
	var qs []portal.PublicQA
	json.NewDecoder(resp.Body).Decode(&qs)
	resp.Body.Close()
	if len(qs) != 1 || qs[0].TraLoi != "2.000 đồng một trang." || qs[0].MaDonVi != e.cfg.AgencyCode || !strings.Contains(qs[0].CauHoi, "chứng thực") {
		t.Fatalf("portal Q&A %+v", qs)
	}
	resp, err = http.Get(pts.URL + "/hoi-dap")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), "2.000 đồng một trang.") {
		t.Fatalf("portal page %d", resp.StatusCode)
	}
	assertNoContact(t, "portal page", string(page))
}

func TestNoAgencyCodeNoPacket(t *testing.T) {
	e := newEnv(t, petition.Options{})
	cfg := *e.cfg
	cfg.AgencyCode = ""
	svc := petition.New(e.db, &cfg)
	p, err := svc.Submit(context.Background(), petition.Submission{Kind: petition.KindQuestion, Topic: petition.TopicOther, Text: "Hỏi"}, "web")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Answer(context.Background(), p.ID, petition.Answerer{Username: "giamsat", Role: "supervisor"}, "Đáp", true); err != nil {
		t.Fatal(err)
	}
	if n := len(e.outbox()); n != 0 {
		t.Fatalf("%d packets without an agency code", n)
	}
	if got, _ := svc.PublicAnswers(context.Background(), 10); len(got) != 1 {
		t.Fatalf("public answers %+v", got)
	}
}

// The apps' typed client (what the kiosk will call): submission, the
// Vietnamese refusal, the rate limit, the public answers.
func TestClientSubmitsAndReads(t *testing.T) {
	e := newEnv(t, petition.Options{PerDevice: 2})
	ctx := context.Background()
	kc, err := cclient.New(e.url, e.kiosk)
	if err != nil {
		t.Fatal(err)
	}
	id, err := kc.SubmitPetition(ctx, petition.Submission{Kind: petition.KindQuestion, Topic: e.cfg.Sectors[0].ID, Text: "Giờ làm việc?", Contact: contact})
	if err != nil || id == "" {
		t.Fatalf("submit: %q %v", id, err)
	}
	_, err = kc.SubmitPetition(ctx, petition.Submission{Kind: petition.KindQuestion, Topic: e.cfg.Sectors[0].ID, Text: ""})
	var ce *cclient.Error
	if !errors.As(err, &ce) || ce.Code != string(queue.CodeInvalid) || ce.Message != "Xin nhập nội dung" {
		t.Fatalf("empty text: %v", err)
	}
	// The refused attempt counted: the third is over the kiosk's limit of 2.
	if _, err = kc.SubmitPetition(ctx, petition.Submission{Kind: petition.KindQuestion, Topic: petition.TopicOther, Text: "Hỏi"}); !cclient.IsCode(err, queue.CodeRateLimited) {
		t.Fatalf("over the limit: %v", err)
	}
	if _, err := e.svc.Answer(ctx, id, petition.Answerer{Username: "giamsat", FullName: "Lê Văn Cường", Role: "supervisor"}, "Từ 7 giờ 30.", true); err != nil {
		t.Fatal(err)
	}
	anon, _ := cclient.New(e.url, "")
	got, err := anon.PublicAnswers(ctx)
	if err != nil || len(got) != 1 || got[0].ID != id || got[0].Answer != "Từ 7 giờ 30." {
		t.Fatalf("public answers %+v %v", got, err)
	}
}
