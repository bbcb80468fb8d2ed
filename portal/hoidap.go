package portal

import (
	"context"
	"encoding/json"
	"net/http"
	"sort"

	"github.com/motcua/motcua/qcvn120"
)

// QAReader is implemented by stores that can walk the questions and
// answers received (portal/store does).
type QAReader interface {
	EachQA(ctx context.Context, limit int, fn func(QA) error) error
}

// maxPublicQA is the most answers a page shows.
const maxPublicQA = 200

// maxQAScan bounds the rows one /hoi-dap request reads.
const maxQAScan = 20000

// PublicQA is a published question and answer as anyone may read it: what
// the centre marked public (DongBoHoiDap TRANGTHAI 1) and answered; the
// centre already masked personal data in the texts, and no packet carries
// the asker's contact.
type PublicQA struct {
	MaDonVi    string `json:"ma_don_vi"`
	TenDonVi   string `json:"ten_don_vi"`
	CauHoi     string `json:"cau_hoi"`
	TraLoi     string `json:"tra_loi"`
	ChucVu     string `json:"chuc_vu"`
	NgayTraLoi string `json:"ngay_tra_loi"` // dd/mm/yyyy
	at         qcvn120.Time
}

func (s *Server) publicQAs(ctx context.Context) ([]PublicQA, error) {
	qr, ok := s.pub.(QAReader)
	if !ok {
		return nil, nil
	}
	out := []PublicQA{}
	err := qr.EachQA(ctx, maxQAScan, func(q QA) error {
		var x qcvn120.DongBoHoiDap
		if json.Unmarshal(q.Doc, &x) != nil || !x.Public() {
			return nil
		}
		out = append(out, PublicQA{MaDonVi: q.Agency, TenDonVi: x.TENDONVI, CauHoi: x.NOIDUNG, TraLoi: x.NOIDUNGTRALOI,
			ChucVu: x.CHUCVUNGUOITRALOI, NgayTraLoi: x.NGAYTRALOI.In(qcvn120.Location).Format("02/01/2006"), at: x.NGAYTRALOI})
		// Keep only the newest maxPublicQA: memory stays bounded whatever the table holds.
		if len(out) > 2*maxPublicQA {
			newestFirst(out)
			out = out[:maxPublicQA]
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	newestFirst(out)
	if len(out) > maxPublicQA {
		out = out[:maxPublicQA]
	}
	return out, nil
}

func newestFirst(qs []PublicQA) {
	sort.SliceStable(qs, func(i, j int) bool { return qs[i].at.After(qs[j].at.Time) })
}

func (s *Server) handleQAJSON(w http.ResponseWriter, r *http.Request) {
	if s.qaLimited(r) {
		writeJSON(w, http.StatusTooManyRequests, map[string]string{"loi": "Bạn truy cập quá nhanh, vui lòng thử lại sau ít phút."})
		return
	}
	qs, err := s.publicQAs(r.Context())
	if err != nil {
		s.log.Error("public Q&A", "err", err)
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "Hệ thống đang gặp sự cố"})
		return
	}
	writeJSON(w, http.StatusOK, qs)
}

func (s *Server) handleQAPage(w http.ResponseWriter, r *http.Request) {
	if s.qaLimited(r) {
		s.render(w, r, http.StatusTooManyRequests, "hoidap.html", struct {
			QAs   []PublicQA
			Error string
		}{nil, "Bạn truy cập quá nhanh, vui lòng thử lại sau ít phút."})
		return
	}
	qs, err := s.publicQAs(r.Context())
	msg, status := "", http.StatusOK
	if err != nil {
		s.log.Error("public Q&A", "err", err)
		msg, status = "Hệ thống đang gặp sự cố, xin thử lại sau.", http.StatusInternalServerError
	}
	s.render(w, r, status, "hoidap.html", struct {
		QAs   []PublicQA
		Error string
	}{qs, msg})
}

// qaLimited answers a client over the public pages' rate (each call scans
// the stored Q&A, like /thong-ke aggregates a month): limited like it.
func (s *Server) qaLimited(r *http.Request) bool {
	return !s.slim.allow(clientOf(r, s.o.TrustedProxies), s.o.Now())
}
