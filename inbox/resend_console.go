package inbox

// Sending a refused hand-over again from the console (liên thông,
// docs/SYNC.md step 9, docs/CONSOLE.md "Hộp thư"): the supervisor sees the
// refused hand-overs on /console/hop-thu, may correct the collector's name
// and the place of return, reads what will be sent to whom and confirms.
// The console route runs the same engine action as the counter's
// POST /api/v1/dossiers/{code}/resend-handover (the refused attempt on
// screen must be the one held refused, so a second press, a stale page or
// another counter's press is 409 and queues nothing; at most
// lienthong.MaxAttempts attempts) and writes an entry in the console's
// audit log.

import (
	_ "embed"
	"fmt"
	"net/http"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/lienthong"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
)

//go:embed resend_console.js
var resendJS []byte

// resendReq is the body of POST /console/hop-thu/{code}/gui-lai.
type resendReq struct {
	Attempt     int    `json:"attempt"`      // the refused attempt on screen
	CollectedBy string `json:"collected_by"` // the collector's name (corrected or as shown)
	Place       string `json:"place"`        // the place of return (corrected or as shown)
}

// Resent is the answer: the attempt sent, and the message in both languages.
type Resent struct {
	MaHoSo    string `json:"ma_ho_so"`
	LanGui    int    `json:"lan_gui"`
	ThongBao  string `json:"thong_bao"`
	MessageEN string `json:"message_en"`
}

// mountResend adds the console's resend route and the page's script.
func (in *Inbox) mountResend(srv *centre.Server) {
	srv.Handle("GET /console/hop-thu.js", console.SupervisorPage(srv, console.Script(resendJS)))
	srv.Handle("POST /console/hop-thu/{code}/gui-lai", console.SupervisorAction(srv, in.consoleResend))
}

func (in *Inbox) consoleResend(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if !qcvn120.ValidMaHoSo(code) {
		centre.WriteError(w, r, in.log, queue.Errf(queue.CodeNotFound, "Không tìm thấy hồ sơ", "no dossier %q", code))
		return
	}
	var req resendReq
	if err := centre.DecodeJSON(r, &req); err != nil {
		centre.WriteError(w, r, in.log, err)
		return
	}
	user, full, role := console.SessionUser(r)
	p := centre.Principal{Kind: "officer", Role: role, Username: user, FullName: full}
	v, err := in.srv.ResendHandOver(r.Context(), p, code, req.Attempt, req.CollectedBy, req.Place)
	if err != nil {
		centre.WriteError(w, r, in.log, err)
		return
	}
	n := v.HandOverAttempt
	console.Audit(r, "lienthong.resend_handover", code, map[string]any{"lan_gui": n, "don_vi_nhan": v.TransferTo})
	in.log.Info("liên thông hand-over sent again from the console", "dossier", code, "attempt", n, "by", user)
	name := in.agencyName(v.TransferTo)
	centre.WriteJSON(w, http.StatusOK, Resent{MaHoSo: code, LanGui: n,
		ThongBao:  fmt.Sprintf("Đã gửi lại bàn giao kết quả hồ sơ %s (lần %d) đến %s; đang chờ đơn vị đó ghi nhận.", code, n, name),
		MessageEN: fmt.Sprintf("The hand-over of dossier %s was sent again (attempt %d) to %s; waiting for that centre to record it.", code, n, agencyEN(name, v.TransferTo))})
}

// resendForm is what the page's form shows for a refused hand-over that
// may be sent again.
type resendForm struct {
	Code      string
	Attempt   int // the refused attempt (sent back with the form)
	Next      int // the attempt the form sends
	Agency    string
	AgencyEN  string
	Centre    string
	Place     string
	Collector string
	At        string // "15:04 ngày 02/01/2006"
	AtEN      string // "02/01/2006 15:04"
}

// resendFormOf reads dossier code as a supervisor and returns its form,
// nil when it cannot be sent again (no attempt left, no longer refused).
func (in *Inbox) resendFormOf(r *http.Request, code string) *resendForm {
	user, full, role := console.SessionUser(r)
	v, err := in.srv.DossierFor(r.Context(), centre.Principal{Kind: "officer", Role: role, Username: user, FullName: full}, code)
	if err != nil {
		in.log.Warn("console: refused hand-over's dossier not read", "dossier", code, "err", err)
		return nil
	}
	a := v.HandOverRefused
	if a == nil || a.GuiLai == nil || a.LanGui >= lienthong.MaxAttempts {
		return nil
	}
	g := a.GuiLai
	at := g.NgayTra.In(dossier.Loc)
	return &resendForm{Code: code, Attempt: a.LanGui, Next: g.LanGui, Agency: g.TenDonVi, AgencyEN: agencyEN(g.TenDonVi, g.DonViNhan), Centre: g.NoiNhan,
		Place: g.NoiTra, Collector: g.NguoiNhan, At: at.Format("15:04") + " ngày " + at.Format("02/01/2006"), AtEN: at.Format("02/01/2006 15:04")}
}

// agencyName is an agency's name in this centre's configuration, else
// "đơn vị <code>" (as the engine names it).
func (in *Inbox) agencyName(code string) string {
	for _, a := range in.srv.Engine().Config().Agencies {
		if a.Code == code && a.Name != "" {
			return a.Name
		}
	}
	return "đơn vị " + code
}

// agencyEN names an agency on the English page: its (Vietnamese) name,
// or "agency <code>" where this centre's configuration has no name.
func agencyEN(name, code string) string {
	if name == "đơn vị "+code {
		return "agency " + code
	}
	return name
}
