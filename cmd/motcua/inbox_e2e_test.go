package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/inbox"
	portalstore "github.com/motcua/motcua/portal/store"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
)

// TestOnlineSubmissionEndToEnd runs the portal, the centre and the sync
// agent as separate processes: a citizen submits a dossier on the portal's
// API, it reaches the centre's inbox, an officer accepts it, and the
// dossier (KenhThucHien = online) syncs back to the portal, whose public
// lookup shows it.
func TestOnlineSubmissionEndToEnd(t *testing.T) {
	// its own processes, folders and ports: it waits on them beside the others
	t.Parallel()
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	cfg := queue.DemoConfig()
	h := newHall(t, cfg)
	portalDB := h.portalDB
	run(t, nil, "portal", "catalogue", "import", "--db", portalDB, filepath.Join("..", "..", "portal", "testdata", "catalogue.json"))
	h.officer(t, "canbo1", "", "Nguyễn Thị Hoa")

	h.serve(t)
	base, portalURL := h.base, h.portalURL
	h.sync(t, "--inbox-every", "100ms")

	// 1. The citizen submits online.
	sub := fmt.Sprintf(`{"ma_tthc":"1.001193","ma_don_vi":%q,
	 "chu_ho_so":{"ho_ten":"Phạm Thị Lan","so_giay_to":"001190012345","dia_chi":"5 Lý Thái Tổ, phường Hoàn Kiếm, Hà Nội","dien_thoai":"0987654321","email":"lan@example.vn"},
	 "trich_yeu":"Đăng ký khai sinh cho con","thanh_phan":[{"ten":"Tờ khai đăng ký khai sinh","so_ban_chinh":1,"so_ban_sao":0},{"ten":"Giấy chứng sinh","so_ban_chinh":1,"so_ban_sao":0}]}`, cfg.AgencyCode)
	resp, err := http.Post(portalURL+"/api/v1/nop-truc-tuyen", "application/json", strings.NewReader(sub))
	if err != nil {
		t.Fatal(err)
	}
	var created struct {
		ErrorCode int `json:"error_code"`
		Result    struct {
			MaNop string `json:"ma_nop"`
		} `json:"result"`
	}
	json.NewDecoder(resp.Body).Decode(&created)
	resp.Body.Close()
	if resp.StatusCode != 201 || created.Result.MaNop == "" {
		t.Fatalf("submission: %d %+v", resp.StatusCode, created)
	}

	// 2. It reaches the centre's inbox.
	call := func(method, path, token, body string, out any) (int, string) {
		t.Helper()
		return apiCall(t, method, base+path, token, body, out)
	}
	var login struct{ Token string }
	if st, b := call("POST", "/api/v1/login", "", `{"username":"canbo1","password":"matkhau123","counter":"q1"}`, &login); st != 200 {
		t.Fatalf("login: %d %s", st, b)
	}
	var item inbox.Item
	eventually(t, "the submission in the centre's inbox", func() (bool, error) {
		var l struct{ Items []inbox.Item }
		if st, b := call("GET", "/api/v1/inbox", login.Token, "", &l); st != 200 {
			return false, fmt.Errorf("%d %s", st, b)
		}
		for _, it := range l.Items {
			if it.Code == created.Result.MaNop {
				item = it
				return true, nil
			}
		}
		return false, nil
	})
	if item.Submission.ChuHoSo.HoTen != "Phạm Thị Lan" || len(item.Submission.ThanhPhan) != 2 {
		t.Fatalf("inbox item: %+v", item)
	}

	// 3. The officer accepts it: a dossier with its receipt and appointment.
	var accepted struct {
		Dossier struct {
			Code    string `json:"code"`
			Channel int    `json:"channel"`
		} `json:"dossier"`
	}
	if st, b := call("POST", fmt.Sprintf("/api/v1/inbox/%d/accept", item.ID), login.Token, "", &accepted); st != 201 || accepted.Dossier.Channel != 2 {
		t.Fatalf("accept: %d %s", st, b)
	}
	code := accepted.Dossier.Code

	// 4. The dossier syncs back: the public lookup shows it, and the
	// portal's copy says it was submitted online.
	var pub struct {
		MaHoSo  string `json:"ma_ho_so"`
		ChuHoSo string `json:"chu_ho_so"`
		ThuTuc  string `json:"thu_tuc"`
	}
	eventually(t, "the dossier in the portal's public lookup", func() (bool, error) {
		st, err := getJSON(portalURL+"/api/v1/tra-cuu/"+code, &pub)
		return st == 200 && pub.MaHoSo == code, err
	})
	if pub.ChuHoSo != "Phạm T*** L***" && !strings.HasPrefix(pub.ChuHoSo, "Phạm ") {
		t.Fatalf("lookup: %+v", pub)
	}
	if strings.Contains(pub.ChuHoSo, "Lan") {
		t.Fatalf("lookup shows the full name: %+v", pub)
	}
	ctx := context.Background()
	st, err := portalstore.Open(ctx, portalDB)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d, _, err := st.Dossier(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	var hs qcvn120.DongBoHoSoMC
	if err := json.Unmarshal(d.Doc, &hs); err != nil || hs.KenhThucHien != 2 || hs.MaHoSo != code {
		t.Fatalf("portal's DongBoHoSoMC: %+v %v", hs, err)
	}
	// The citizen, following the submission code, is sent to the dossier code.
	eventually(t, "the acceptance under the submission code", func() (bool, error) {
		var a struct {
			Result struct {
				TrangThai string `json:"trang_thai"`
				MaHoSo    string `json:"ma_ho_so"`
			} `json:"result"`
		}
		resp, err := http.Get(portalURL + "/api/v1/nop-truc-tuyen/" + created.Result.MaNop)
		if err != nil {
			return false, err
		}
		defer resp.Body.Close()
		json.NewDecoder(resp.Body).Decode(&a)
		return a.Result.TrangThai == "da_tiep_nhan" && a.Result.MaHoSo == code, fmt.Errorf("%d %+v", resp.StatusCode, a)
	})
	// And the agent acknowledged the item to the portal.
	eventually(t, "the acknowledgement", func() (bool, error) {
		n, err := st.(interface {
			InboundAcked(context.Context, string) (int64, error)
		}).InboundAcked(ctx, cfg.AgencyCode)
		return n == 1, err
	})
}
