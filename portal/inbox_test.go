package portal_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/portal/internal/pgtest"
	"github.com/motcua/motcua/portal/internal/portaltest"
)

const submission = `{"ma_tthc":"1.001193","ma_don_vi":"000.00.06.H56",
 "chu_ho_so":{"ho_ten":"Nguyễn Thị Bình","so_giay_to":"001190012345","dia_chi":"12 Hàng Bạc, phường Hoàn Kiếm, Hà Nội","dien_thoai":"0912345678","email":""},
 "trich_yeu":"Đăng ký khai sinh cho con","thanh_phan":[{"ten":"Tờ khai đăng ký khai sinh","so_ban_chinh":1,"so_ban_sao":0}],"hinh_thuc_tra":"truc_tiep"}`

func postJSON(t *testing.T, url, body string, hdr ...string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m
}

func importCatalogue(t *testing.T, e *portaltest.Env) {
	t.Helper()
	b, err := os.ReadFile("testdata/catalogue.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := portal.ImportCatalogue(context.Background(), e.Store, b); err != nil {
		t.Fatal(err)
	}
}

// An online submission is stored as an inbound item of the agency it is
// addressed to; only that agency's centre can pull it, after
// authentication; bad bodies are refused field by field.
func TestOnlineSubmissionReachesOnlyItsCentre(t *testing.T) {
	o := portal.Options{SubmitPerMinute: 600, SubmitBurst: 100}
	for _, dsn := range []string{"", "postgres"} {
		t.Run(map[string]string{"": "sqlite", "postgres": "postgres"}[dsn], func(t *testing.T) {
			if dsn != "" {
				dsn = pgtest.URL(t)
			}
			onlineSubmission(t, portaltest.Start(t, dsn, o))
		})
	}
}

func onlineSubmission(t *testing.T, e *portaltest.Env) {
	{
		importCatalogue(t, e)
		st, ans := postJSON(t, e.URL+"/api/v1/nop-truc-tuyen", submission)
		if st != http.StatusCreated {
			t.Fatalf("submit: %d %v", st, ans)
		}
		code := ans["result"].(map[string]any)["ma_nop"].(string)
		if !strings.HasPrefix(code, "NTT-") || len(code) != 16 {
			t.Fatalf("submission code %q", code)
		}
		ctx := context.Background()
		c1 := client.New(e.URL, "c1", "secret1")
		items, err := c1.Inbox(ctx, ag, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 1 || items[0].ID != code || items[0].Seq != 1 || items[0].Kind != portal.KindOnline {
			t.Fatalf("inbox: %+v", items)
		}
		var x portal.Submission
		if err := json.Unmarshal(items[0].NoiDung, &x); err != nil || x.ChuHoSo.HoTen != "Nguyễn Thị Bình" || x.MaNop != code || len(x.ThanhPhan) != 1 {
			t.Fatalf("content: %+v %v", x, err)
		}
		if more, _ := c1.Inbox(ctx, ag, 1, 0); len(more) != 0 {
			t.Fatalf("after 1: %+v", more)
		}
		// Another centre may not read this agency's inbox, nor acknowledge it.
		c2 := client.New(e.URL, "c2", "secret2")
		var ce *client.CallError
		if _, err := c2.Inbox(ctx, ag, 0, 0); !errors.As(err, &ce) || ce.Status != http.StatusForbidden {
			t.Fatalf("c2 reading c1's inbox: %v", err)
		}
		if err := c2.AckInbox(ctx, ag, 1); !errors.As(err, &ce) || ce.Status != http.StatusForbidden {
			t.Fatalf("c2 acknowledging c1's inbox: %v", err)
		}
		if other, err := c2.Inbox(ctx, other, 0, 0); err != nil || len(other) != 0 {
			t.Fatalf("c2's own inbox: %v %v", other, err)
		}
		// No credential: 401, wrong password: 401.
		if resp, err := http.Get(e.URL + "/api/v1/inbox?ma_don_vi=" + ag); err != nil || resp.StatusCode != 401 {
			t.Fatalf("anonymous inbox: %v %v", resp, err)
		}
		if _, err := client.New(e.URL, "c1", "wrong-password").Inbox(ctx, ag, 0, 0); err == nil {
			t.Fatal("wrong password read the inbox")
		}
		if err := c1.AckInbox(ctx, ag, 1); err != nil {
			t.Fatal(err)
		}
		if n, _ := e.Store.(portal.InboxStore).InboundAcked(ctx, ag); n != 1 {
			t.Fatalf("acked %d", n)
		}

		// The citizen follows the submission by its code.
		lookup := func(code string) (int, portal.SubmissionView) {
			resp, err := http.Get(e.URL + "/api/v1/nop-truc-tuyen/" + code)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var a struct{ Result portal.SubmissionView }
			json.NewDecoder(resp.Body).Decode(&a)
			return resp.StatusCode, a.Result
		}
		if st, v := lookup(code); st != 200 || v.TrangThai != "da_chuyen" || v.MaTTHC != "1.001193" {
			t.Fatalf("lookup after ack: %d %+v", st, v)
		}
		for _, bad := range []string{"NTT-AAAAAAAAAAAA", "NTT-0", "x"} {
			if st, _ := lookup(bad); st != 404 {
				t.Fatalf("lookup %q: %d", bad, st)
			}
		}
		// Only the agency's centre reports the decision; once.
		dossierCode := ag + "-261205-0001"
		acceptedSt := portal.InboundStatus{Status: portal.InboundAccepted, DossierCode: dossierCode}
		if err := c2.InboxStatus(ctx, ag, code, acceptedSt); !errors.As(err, &ce) || ce.Status != http.StatusForbidden {
			t.Fatalf("c2 deciding c1's item: %v", err)
		}
		if err := c1.InboxStatus(ctx, ag, code, portal.InboundStatus{Status: portal.InboundAccepted, DossierCode: "not-a-code"}); !errors.As(err, &ce) || ce.Status != 400 {
			t.Fatalf("bad dossier code: %v", err)
		}
		for range 2 { // a repeat is accepted
			if err := c1.InboxStatus(ctx, ag, code, acceptedSt); err != nil {
				t.Fatal(err)
			}
		}
		if err := c1.InboxStatus(ctx, ag, code, portal.InboundStatus{Status: portal.InboundReturned, Reason: "Bổ sung"}); !errors.As(err, &ce) || ce.Status != http.StatusConflict {
			t.Fatalf("a second, different decision: %v", err)
		}
		if st, v := lookup(code); st != 200 || v.TrangThai != "da_tiep_nhan" || v.MaHoSo != dossierCode {
			t.Fatalf("lookup after acceptance: %d %+v", st, v)
		}
		raw, _ := json.Marshal(func() any { _, v := lookup(code); return v }())
		if strings.Contains(string(raw), "Bình") || strings.Contains(string(raw), "001190012345") || strings.Contains(string(raw), "0912345678") {
			t.Fatalf("public submission lookup shows personal data: %s", raw)
		}

		for _, c := range []struct {
			name, body string
			status     int
			field      string
		}{
			{"unknown field", strings.Replace(submission, `"trich_yeu"`, `"admin":true,"trich_yeu"`, 1), 400, ""},
			{"two values", submission + submission, 400, ""},
			{"code chosen by the sender", strings.Replace(submission, `"trich_yeu"`, `"ma_nop":"NTT-AAAAAAAAAAAA","trich_yeu"`, 1), 400, ""},
			{"bad procedure", strings.Replace(submission, `1.001193`, `1.00119`, 1), 400, "ma_tthc"},
			{"procedure not in catalogue", strings.Replace(submission, `1.001193`, `9.999999`, 1), 400, "ma_tthc"},
			{"agency nobody serves", strings.Replace(submission, `000.00.06.H56`, `000.00.99.H56`, 1), 400, "ma_don_vi"},
			{"bad id number", strings.Replace(submission, `001190012345`, `00119001234`, 1), 400, "chu_ho_so.so_giay_to"},
			{"control character", strings.Replace(submission, `Nguyễn Thị Bình`, `Nguyễn\u0007Bình`, 1), 400, "chu_ho_so.ho_ten"},
			{"no components", strings.Replace(submission, `[{"ten":"Tờ khai đăng ký khai sinh","so_ban_chinh":1,"so_ban_sao":0}]`, `[]`, 1), 400, "thanh_phan"},
			{"copies overflowing", strings.Replace(submission, `"so_ban_chinh":1,"so_ban_sao":0`, `"so_ban_chinh":9223372036854775807,"so_ban_sao":1`, 1), 400, "thanh_phan[0]"},
			{"too large", strings.Replace(submission, `Đăng ký khai sinh cho con`, strings.Repeat("x", portal.MaxSubmissionBytes), 1), 413, ""},
		} {
			st, ans := postJSON(t, e.URL+"/api/v1/nop-truc-tuyen", c.body, "X-Forwarded-For", "ignored")
			if st != c.status || (c.field != "" && ans["field"] != c.field) {
				t.Errorf("%s: %d %v", c.name, st, ans)
			}
		}
		if items, _ := c1.Inbox(ctx, ag, 0, 0); len(items) != 1 {
			t.Fatalf("refused submissions stored: %d items", len(items))
		}
	}
}

// Submissions are limited per client address, before the body is read.
func TestOnlineSubmissionRateLimited(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{SubmitPerMinute: 1, SubmitBurst: 3})
	importCatalogue(t, e)
	got := map[int]int{}
	for range 6 {
		st, _ := postJSON(t, e.URL+"/api/v1/nop-truc-tuyen", submission)
		got[st]++
	}
	if got[201] != 3 || got[429] != 3 {
		t.Fatalf("statuses %v, want 3×201 then 3×429", got)
	}
}

// The citizen's form goes through the same checks and store as the API,
// and shows the submission code, then its state.
func TestSubmissionForm(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{SubmitPerMinute: 60, SubmitBurst: 10})
	importCatalogue(t, e)
	page := func(resp *http.Response, err error) (int, string) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b strings.Builder
		io.Copy(&b, resp.Body)
		return resp.StatusCode, b.String()
	}
	st, body := page(http.Get(e.URL + "/nop-truc-tuyen?don_vi=" + ag))
	if st != 200 || !strings.Contains(body, "Thủ tục đăng ký khai sinh (1.001193)") || !strings.Contains(body, `value="`+ag+`"`) {
		t.Fatalf("form: %d %s", st, body)
	}
	form := url.Values{"ma_tthc": {"1.001193"}, "ma_don_vi": {ag}, "ho_ten": {"Đỗ Văn Hùng"}, "so_giay_to": {"001190012345"},
		"dien_thoai": {"0912345678"}, "thanh_phan": {"Tờ khai đăng ký khai sinh\r\nGiấy chứng sinh\r\n"}, "hinh_thuc_tra": {"buu_chinh"}}
	st, body = page(http.PostForm(e.URL+"/nop-truc-tuyen", form))
	if st != 201 || !strings.Contains(body, "Mã nộp hồ sơ") {
		t.Fatalf("submit: %d %s", st, body)
	}
	items, err := client.New(e.URL, "c1", "secret1").Inbox(context.Background(), ag, 0, 0)
	if err != nil || len(items) != 1 {
		t.Fatalf("inbox: %v %v", items, err)
	}
	var x portal.Submission
	json.Unmarshal(items[0].NoiDung, &x)
	if len(x.ThanhPhan) != 2 || x.ThanhPhan[1].Ten != "Giấy chứng sinh" || x.HinhThucTra != "buu_chinh" || !strings.Contains(body, x.MaNop) {
		t.Fatalf("stored: %+v", x)
	}
	st, body = page(http.Get(e.URL + "/nop-truc-tuyen?ma=" + x.MaNop))
	if st != 200 || !strings.Contains(body, "Cổng đã nhận hồ sơ, đang chuyển đến bộ phận một cửa") || strings.Contains(body, "Hùng") {
		t.Fatalf("status page: %d %s", st, body)
	}
	form.Set("so_giay_to", "12")
	st, body = page(http.PostForm(e.URL+"/nop-truc-tuyen", form))
	if st != 400 || !strings.Contains(body, "Số giấy tờ tùy thân không hợp lệ") || !strings.Contains(body, `value="Đỗ Văn Hùng"`) {
		t.Fatalf("refused form: %d %s", st, body)
	}
}
