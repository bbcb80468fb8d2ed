package engine

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/lienthong"
	"github.com/motcua/motcua/qcvn120"
)

// storedDossier is the JSON document kept in dossiers.doc: the dossier
// plus what the centre adds around it.
type storedDossier struct {
	Dossier  dossier.Dossier `json:"dossier"`
	Summary  string          `json:"summary,omitempty"` // trích yếu
	TicketID string          `json:"ticket_id,omitempty"`
	Override string          `json:"appointment_override_reason,omitempty"`
	// Liên thông: the receiving agency a forwarded dossier came from (at the
	// deciding centre), or the agency it was forwarded to (at the receiving one).
	TransferFrom string `json:"lien_thong_tu,omitempty"`
	TransferTo   string `json:"lien_thong_den,omitempty"`
	// HandOverRefused: at the receiving centre, the deciding centre could
	// not record the result hand-over made here (handoverrefusal.go).
	HandOverRefused *lienthong.HandOverRefusal `json:"tra_ket_qua_tu_choi,omitempty"`
	// HandOverAttempt: the attempt of the hand-over last sent from here
	// (handoverresend.go; 0 with a hand-over made: 1); HandOverPlace: the
	// place of return it named, when corrected from the centre's name.
	HandOverAttempt int    `json:"tra_ket_qua_lan,omitempty"`
	HandOverPlace   string `json:"tra_ket_qua_noi_tra,omitempty"`
}

func qTime(t time.Time) qcvn120.Time {
	if t.IsZero() {
		return qcvn120.Time{}
	}
	return qcvn120.At(t)
}

func truncRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n])
}

// summaryOf is TrichYeuHoSo: the officer's summary, else the procedure and
// applicant; never empty, at most 1000 characters.
func summaryOf(sd storedDossier) string {
	s := strings.TrimSpace(sd.Summary)
	if s == "" {
		s = sd.Dossier.Procedure.Name + " – " + sd.Dossier.Applicant.Name
	}
	return truncRunes(s, 1000)
}

// hoSoPacket maps a dossier to DongBoHoSoMC.
func hoSoPacket(sd storedDossier) qcvn120.DongBoHoSoMC {
	d := sd.Dossier
	p := qcvn120.DongBoHoSoMC{
		MaHoSo:               d.Code,
		MaTTHC:               d.Procedure.Code,
		TenTTHC:              d.Procedure.Name,
		MaLinhVuc:            qcvn120.Str(d.Procedure.Sector.Code),
		TenLinhVuc:           d.Procedure.Sector.Name,
		SoBienNhan:           qcvn120.Str(d.Code),
		ChuHoSo:              d.Applicant.Name,
		LoaiDoiTuong:         qcvn120.LoaiDoiTuong(max(int(d.Applicant.Kind), 1)),
		Email:                d.Applicant.Email,
		SoDienThoai:          qcvn120.Str(d.Applicant.Phone),
		TrichYeuHoSo:         summaryOf(sd),
		NgayTiepNhan:         qTime(d.ReceivedAt),
		NgayHenTra:           qTime(d.AppointmentAt),
		TrangThaiHoSo:        qcvn120.TrangThaiHoSo(d.Status),
		HinhThuc:             qcvn120.HinhThuc(d.ReturnMethod),
		NgayKetThucXuLy:      qTime(d.ResolvedAt),
		DonViXuLy:            d.Competent(),
		KenhThucHien:         qcvn120.KenhThucHien(max(int(d.Channel), 1)),
		SoGiayToChuHoSo:      qcvn120.Str(d.Applicant.IDNumber),
		NgayNopHoSo:          qTime(d.ReceivedAt),
		TaiLieuNop:           qcvn120.List[qcvn120.TaiLieuNop]{},
		DanhSachGiayToKetQua: qcvn120.List[qcvn120.GiayToKetQua]{},
		DSKetNoiCSDL:         qcvn120.List[qcvn120.KetNoiCSDL]{},
	}
	if d.Return != nil {
		p.NgayTra = qTime(d.Return.At)
		p.ThongTinTra = d.Return.Method.Vietnamese()
	}
	if d.Status == dossier.StatusRefused {
		p.NgayTuChoi = qTime(lastAt(d, dossier.StatusRefused))
		p.GhiChu = d.RefusalReason
	}
	for _, f := range d.Fees {
		p.DanhSachLePhi = append(p.DanhSachLePhi, qcvn120.LePhi{TenPhiLePhi: f.Name, Gia: qcvn120.Int(f.Amount), HinhThucThu: "1", LoaiPhiLePhi: "1"})
	}
	for _, c := range d.Components {
		p.DanhSachTepDinhKemKhac = append(p.DanhSachTepDinhKemKhac, qcvn120.TepDinhKemKhac{TenGiayTo: c.Name, SoLuong: qcvn120.Int(c.Count()), LoaiGiayTo: "1"})
	}
	for i, s := range d.Supplements {
		bs := qcvn120.HoSoBoSung{
			HoSoBoSungId:         qcvn120.Str(d.Code + "-BS" + itoa(i+1)),
			NguoiYeuCauBoSung:    s.RequestedBy,
			NoiDungBoSung:        truncRunes(strings.Join(s.Missing, "; ")+". "+s.Reason, 1000),
			NgayBoSung:           qTime(s.RequestedAt),
			NguoiTiepNhanBoSung:  s.ReceivedBy,
			NgayTiepNhanBoSung:   qTime(s.SupplementedAt),
			TrangThaiBoSung:      "0",
			NgayHenTraTruoc:      qTime(s.PrevAppointment),
			NgayHenTraMoi:        qTime(s.NewAppointment),
			DanhSachGiayToBoSung: qcvn120.List[qcvn120.GiayToBoSung]{},
			DanhSachLePhiBoSung:  qcvn120.List[qcvn120.LePhi]{},
		}
		if !s.Open() {
			bs.TrangThaiBoSung = "1"
		}
		p.DanhSachHoSoBoSung = append(p.DanhSachHoSoBoSung, bs)
	}
	if id := d.Applicant.IDNumber; id != "" {
		kind := qcvn120.LoaiDinhDanh(0)
		switch d.Applicant.IDType {
		case dossier.IDPersonal12:
			kind = 1
		case dossier.IDOldCMND9:
			kind = 2
		}
		if kind != 0 {
			p.DinhDanhCHS = append(p.DinhDanhCHS, qcvn120.DinhDanhCHS{LoaiDinhDanh: kind, SoDinhDanh: qcvn120.Str(id)})
		}
	}
	return p
}

func lastAt(d dossier.Dossier, s dossier.Status) time.Time {
	for i := len(d.History) - 1; i >= 0; i-- {
		if d.History[i].To == s {
			return d.History[i].At
		}
	}
	return time.Time{}
}

// tienDoPacket maps one history step to CapNhatTienDoHoSoMC.
func tienDoPacket(d dossier.Dossier, ev dossier.Event, officerName string) qcvn120.CapNhatTienDoHoSoMC {
	who := officerName
	if who == "" {
		who = ev.Officer
	}
	if who == "" {
		who = "Bộ phận một cửa"
	}
	note := ev.Note
	if note == "" {
		note = ev.To.Label()
	}
	return qcvn120.CapNhatTienDoHoSoMC{
		MaHoSo:                 d.Code,
		NguoiXuLy:              truncRunes(who, 50),
		ChucDanh:               "Cán bộ tiếp nhận",
		ThoiDiemXuLy:           qTime(ev.At),
		PhongBanXuLy:           "Bộ phận tiếp nhận và trả kết quả",
		NoiDungXuLy:            truncRunes(note, 1000),
		TrangThai:              qcvn120.TrangThaiHoSo(ev.To),
		NgayBatDau:             qTime(d.ReceivedAt),
		NgayKetThucTheoQuyDinh: qTime(d.AppointmentAt),
	}
}

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}
