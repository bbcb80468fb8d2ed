package counter

// Sending a refused hand-over again (liên thông, docs/SYNC.md step 9): at
// the receiving centre, a dossier whose hand-over the deciding centre
// refused offers "Gửi lại bàn giao kết quả"; the officer may correct the
// collector's name and the place of return, reads what will be sent to
// whom, and confirms. The server numbers the attempt and refuses a second
// press (409).

import (
	"fmt"
	"slices"
	"strings"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/dossier"
)

// ActResendHandOver is the dossier action that sends a refused hand-over again.
const ActResendHandOver = "resend-handover"

// InResend asks for the corrections and shows the confirmation.
const InResend = "resend"

func init() {
	actionDefs[ActResendHandOver] = ActionDef{ActResendHandOver, "Gửi lại bàn giao kết quả", []string{InResend}}
	TextEN["act."+ActResendHandOver] = "Send the hand-over again"
	TextVI["d.resendCollector"] = "Họ tên người nhận kết quả (sửa nếu ghi sai)"
	TextEN["d.resendCollector"] = "Full name of the person who collected (correct it if wrong)"
	TextVI["d.resendPlace"] = "Nơi trả kết quả (sửa nếu ghi sai)"
	TextEN["d.resendPlace"] = "Where the result was handed over (correct it if wrong)"
	TextVI["d.resendConfirm"] = "Sẽ gửi lại bàn giao kết quả hồ sơ %s (lần %d) qua cổng liên thông đến %s (%s):\nkết quả đã trả lúc %s tại %s cho %s.\nChỉ gửi lại sau khi đã liên hệ đơn vị đó và đã khắc phục nguyên nhân bị từ chối. Bấm “Xác nhận” để gửi."
	TextEN["d.resendConfirm"] = "The hand-over of dossier %s will be sent again (attempt %d) through the portal to %s (%s):\nthe result was handed over on %s at %s to %s.\nSend it again only after contacting that centre and removing the cause of the refusal. Press “Confirm” to send."
	MsgEN[msgNotRefused] = "This dossier's hand-over is not refused: reload the dossier."
	MsgEN[msgResent] = "The hand-over of dossier %s was sent again (attempt %d) to %s; waiting for that centre to record it."
}

const msgNotRefused = "Bàn giao kết quả của hồ sơ này không ở trạng thái bị từ chối: tải lại hồ sơ."

const msgResent = "Đã gửi lại bàn giao kết quả hồ sơ %s (lần %d) đến %s; đang chờ đơn vị đó ghi nhận."

// withResend offers "Gửi lại bàn giao kết quả" instead of "Trả kết quả" on
// a dossier whose hand-over was refused (none once no attempt is left).
func withResend(acts []ActionDef, v centre.DossierView) []ActionDef {
	r := v.HandOverRefused
	if r == nil {
		return acts
	}
	acts = slices.DeleteFunc(acts, func(a ActionDef) bool { return a.ID == ActReturn }) // the result was handed over already
	if r.GuiLai != nil {
		acts = append(acts, actionDefs[ActResendHandOver])
	}
	return acts
}

// ResendConfirm is the sentence the officer confirms before sending
// dossier v's hand-over again with collector and place (as corrected).
func ResendConfirm(lang Lang, v centre.DossierView, collector, place string) string {
	r := v.HandOverRefused
	if r == nil || r.GuiLai == nil {
		return ""
	}
	g := r.GuiLai
	if collector = strings.TrimSpace(collector); collector == "" {
		collector = "…"
	}
	if place = strings.TrimSpace(place); place == "" {
		place = g.NoiTra
	}
	at := g.NgayTra.In(dossier.Loc)
	t, when := TextVI["d.resendConfirm"], at.Format("15:04")+" ngày "+at.Format("02/01/2006")
	if lang == EN {
		t, when = TextEN["d.resendConfirm"], at.Format("02/01/2006 15:04")
	}
	return fmt.Sprintf(t, v.Dossier.Code, g.LanGui, g.TenDonVi, g.NoiNhan, when, place, collector)
}

// resendBody completes the body of a resend with the refused attempt on screen.
func resendBody(b ActionBody, in ActionInput, sel *centre.DossierView) (ActionBody, string) {
	if sel.HandOverRefused == nil || sel.HandOverRefused.GuiLai == nil {
		return b, msgNotRefused
	}
	b.CollectedBy = strings.TrimSpace(in.CollectedBy)
	b.Place = strings.TrimSpace(in.Place)
	if b.CollectedBy == "" {
		return b, "Hãy ghi họ tên người nhận kết quả."
	}
	b.Attempt = sel.HandOverRefused.LanGui
	return b, ""
}

// resentText is the message after a resend of dossier v's hand-over to the agency named to.
func (p *Presenter) resentText(v centre.DossierView, to string) string {
	return p.tf(msgResent, v.Dossier.Code, v.HandOverAttempt, to)
}
