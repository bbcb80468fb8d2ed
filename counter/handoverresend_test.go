package counter

import (
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/engine"
	"github.com/motcua/motcua/dossier"
)

// TestResendConfirm: the sentence the officer confirms before sending a
// refused hand-over again names the dossier, the attempt, the deciding
// agency and its centre, the time, the place and the collector as
// corrected, in Vietnamese and English; nothing without a plan; a refused
// hand-over offers the resend instead of "Trả kết quả", nothing once no
// attempt is left.
func TestResendConfirm(t *testing.T) {
	at := time.Date(2026, 12, 5, 15, 1, 0, 0, dossier.Loc)
	v := centre.DossierView{Dossier: dossier.Dossier{Code: "000.00.06.H26-261205-0001", Status: dossier.StatusResolved},
		HandOverRefused: &engine.HandOverAlert{LanGui: 1, GuiLai: &engine.ResendPlan{LanGui: 2, TenDonVi: "Văn phòng Đăng ký đất đai Hà Nội",
			NoiNhan: "Trung tâm tỉnh", NoiTra: "Trung tâm phường", NguoiNhan: "Vũ Thị Hạng", NgayTra: at}}}
	vi := ResendConfirm(VI, v, " Vũ Thị Hạnh ", "")
	want := "Sẽ gửi lại bàn giao kết quả hồ sơ 000.00.06.H26-261205-0001 (lần 2) qua cổng liên thông đến Văn phòng Đăng ký đất đai Hà Nội (Trung tâm tỉnh):\n" +
		"kết quả đã trả lúc 15:01 ngày 05/12/2026 tại Trung tâm phường cho Vũ Thị Hạnh.\n" +
		"Chỉ gửi lại sau khi đã liên hệ đơn vị đó và đã khắc phục nguyên nhân bị từ chối. Bấm “Xác nhận” để gửi."
	if vi != want {
		t.Fatalf("Vietnamese:\n%s\nwant\n%s", vi, want)
	}
	en := ResendConfirm(EN, v, "", "Điểm số 2")
	if want := "The hand-over of dossier 000.00.06.H26-261205-0001 will be sent again (attempt 2) through the portal to Văn phòng Đăng ký đất đai Hà Nội (Trung tâm tỉnh):\n" +
		"the result was handed over on 05/12/2026 15:01 at Điểm số 2 to ….\n" +
		"Send it again only after contacting that centre and removing the cause of the refusal. Press “Confirm” to send."; en != want {
		t.Fatalf("English:\n%s\nwant\n%s", en, want)
	}
	acts := withResend(ActionsFor(v.Dossier, false), v)
	if len(acts) != 1 || acts[0].ID != ActResendHandOver || ActionLabel(EN, acts[0]) != "Send the hand-over again" || ActionLabel(VI, acts[0]) != "Gửi lại bàn giao kết quả" {
		t.Fatalf("actions with a plan: %+v", acts)
	}
	v.HandOverRefused.GuiLai = nil
	if ResendConfirm(VI, v, "x", "y") != "" {
		t.Fatal("a sentence without a plan")
	}
	if acts := withResend(ActionsFor(v.Dossier, false), v); len(acts) != 0 {
		t.Fatalf("actions without a plan: %+v", acts)
	}
	v.HandOverRefused = nil
	if acts := withResend(ActionsFor(v.Dossier, false), v); len(acts) != 1 || acts[0].ID != ActReturn {
		t.Fatalf("actions without a refusal: %+v", acts)
	}
}
