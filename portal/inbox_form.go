package portal

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/motcua/motcua/qcvn120"
)

// The citizen's form for an online submission (no JavaScript, like /tra-cuu):
// GET /nop-truc-tuyen shows it (and, with ?ma=NTT-…, a submission's state),
// POST /nop-truc-tuyen takes it through the same checks as the JSON API.

type submitPage struct {
	Procedures []procOption
	Form       map[string]string
	Error      string
	Created    string // the new submission code
	Status     *SubmissionView
	Code       string
}

type procOption struct{ Code, Name string }

func (s *Server) procOptions(r *http.Request) []procOption {
	ps, err := s.st.Procedures(r.Context())
	if err != nil {
		s.log.Error("submission form: catalogue", "err", err)
		return nil
	}
	out := make([]procOption, 0, len(ps))
	for _, p := range ps {
		var x struct {
			TENTTHC string `json:"TENTTHC"`
		}
		_ = json.Unmarshal(p.Doc, &x)
		out = append(out, procOption{Code: p.Code, Name: x.TENTTHC})
	}
	return out
}

func (s *Server) handleSubmitPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	code := strings.TrimSpace(q.Get("ma"))
	// The page reads the catalogue: limited per address like the lookup
	// (a status lookup is counted by submissionStatus itself).
	if code == "" && !s.lim.allow(clientOf(r, s.o.TrustedProxies), s.o.Now()) {
		s.render(w, r, http.StatusTooManyRequests, "noptructuyen.html", submitPage{Form: map[string]string{},
			Error: "Bạn tải trang quá nhanh, vui lòng thử lại sau ít phút"})
		return
	}
	data := submitPage{Form: map[string]string{"ma_don_vi": q.Get("don_vi"), "ma_tthc": q.Get("thu_tuc")}}
	status := http.StatusOK
	if code != "" {
		data.Code = code
		v, st, msg := s.submissionStatus(r, code)
		status = st
		if st == http.StatusOK {
			data.Status = &v
		} else {
			data.Error = msg
		}
	}
	if status != http.StatusTooManyRequests {
		data.Procedures = s.procOptions(r)
	}
	s.render(w, r, status, "noptructuyen.html", data)
}

func (s *Server) handleSubmitForm(w http.ResponseWriter, r *http.Request) {
	if !s.sublim.allow(clientOf(r, s.o.TrustedProxies), s.o.Now()) {
		s.render(w, r, http.StatusTooManyRequests, "noptructuyen.html", submitPage{Procedures: s.procOptions(r), Form: map[string]string{},
			Error: "Bạn gửi hồ sơ quá nhanh, vui lòng thử lại sau ít phút"})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxSubmissionBytes)
	if err := r.ParseForm(); err != nil {
		s.render(w, r, http.StatusRequestEntityTooLarge, "noptructuyen.html", submitPage{Procedures: s.procOptions(r), Form: map[string]string{},
			Error: "Hồ sơ gửi lên quá lớn hoặc không đọc được"})
		return
	}
	f := map[string]string{}
	for _, k := range []string{"ma_tthc", "ma_don_vi", "ho_ten", "so_giay_to", "dia_chi", "dien_thoai", "email", "trich_yeu", "thanh_phan", "hinh_thuc_tra"} {
		f[k] = r.PostForm.Get(k)
	}
	x := Submission{MaTTHC: f["ma_tthc"], MaDonVi: f["ma_don_vi"], TrichYeu: f["trich_yeu"], HinhThucTra: f["hinh_thuc_tra"],
		ChuHoSo: SubmissionApplicant{HoTen: f["ho_ten"], SoGiayTo: f["so_giay_to"], DiaChi: f["dia_chi"], DienThoai: f["dien_thoai"], Email: f["email"]}}
	// One component per line: "name" (one original).
	for _, line := range strings.Split(f["thanh_phan"], "\n") {
		if line = strings.TrimSpace(line); line != "" {
			x.ThanhPhan = append(x.ThanhPhan, SubmissionComponent{Ten: line, SoBanChinh: 1})
		}
	}
	status, ans := s.submit(r.Context(), &x)
	data := submitPage{Procedures: s.procOptions(r), Form: f}
	if ans.ErrorCode == qcvn120.OK {
		data.Created, data.Form = x.MaNop, map[string]string{}
	} else {
		data.Error = ans.Message
	}
	s.render(w, r, status, "noptructuyen.html", data)
}
