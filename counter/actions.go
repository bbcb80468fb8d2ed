package counter

import "github.com/motcua/motcua/dossier"

// Dossier actions (the last path element of POST /api/v1/dossiers/{code}/{action}).
const (
	ActStartProcessing   = "start-processing"
	ActRequestSupplement = "request-supplement"
	ActSupplement        = "supplement"
	ActRequestFees       = "request-fees"
	ActFeesPaid          = "fees-paid"
	ActResolve           = "resolve"
	ActRefuse            = "refuse"
	ActWithdraw          = "withdraw"
	ActStop              = "stop"
	ActReturn            = "return"
	ActApologise         = "apologise"
)

// Input kinds an action asks for.
const (
	InMissing        = "missing"
	InReason         = "reason"
	InReasonOptional = "reason_optional"
	InDeadline       = "deadline"
	InFee            = "fee"
	InCollector      = "collector"
	InNewAppointment = "new_appointment"
	InResult         = "result"
)

// ActionDef is a button of the dossier detail and the inputs it needs.
type ActionDef struct {
	ID     string
	Label  string
	Inputs []string
}

var actionDefs = map[string]ActionDef{
	ActStartProcessing:   {ActStartProcessing, "Chuyển xử lý", nil},
	ActRequestSupplement: {ActRequestSupplement, "Yêu cầu bổ sung", []string{InMissing, InReason, InDeadline}},
	ActSupplement:        {ActSupplement, "Tiếp nhận bổ sung", nil},
	ActRequestFees:       {ActRequestFees, "Yêu cầu nộp phí", []string{InFee}},
	ActFeesPaid:          {ActFeesPaid, "Đã nộp phí", nil},
	ActResolve:           {ActResolve, "Đã có kết quả", []string{InResult}},
	ActRefuse:            {ActRefuse, "Từ chối", []string{InReason}},
	ActWithdraw:          {ActWithdraw, "Rút hồ sơ", []string{InReasonOptional}},
	ActStop:              {ActStop, "Dừng xử lý", []string{InReason}},
	ActReturn:            {ActReturn, "Trả kết quả", []string{InCollector}},
	ActApologise:         {ActApologise, "Xin lỗi, hẹn lại", []string{InReason, InNewAppointment}},
}

// ActionsFor lists the actions allowed in the dossier's status (the same
// transitions as dossier.Apply allows; the server has the last word).
func ActionsFor(d dossier.Dossier, late bool) []ActionDef {
	var ids []string
	switch d.Status {
	case dossier.StatusSubmitted:
		ids = []string{ActRefuse, ActWithdraw}
	case dossier.StatusReceived:
		ids = []string{ActStartProcessing, ActRequestSupplement, ActRequestFees, ActResolve, ActRefuse, ActWithdraw, ActStop}
	case dossier.StatusProcessing:
		ids = []string{ActRequestSupplement, ActRequestFees, ActResolve, ActRefuse, ActWithdraw, ActStop}
	case dossier.StatusSupplementRequired:
		ids = []string{ActSupplement, ActWithdraw, ActStop}
	case dossier.StatusFeesDue:
		ids = []string{ActFeesPaid, ActWithdraw, ActStop}
	case dossier.StatusResolved:
		ids = []string{ActReturn}
	}
	if late && (d.Status == dossier.StatusReceived || d.Status == dossier.StatusProcessing || d.Status == dossier.StatusFeesDue) {
		ids = append(ids, ActApologise)
	}
	out := make([]ActionDef, len(ids))
	for i, id := range ids {
		out[i] = actionDefs[id]
	}
	return out
}

// Command is something the officer can do from the keyboard.
type Command string

const (
	CmdCallNext   Command = "call_next"
	CmdRecall     Command = "recall"
	CmdNoShow     Command = "no_show"
	CmdTransfer   Command = "transfer" // UI: choose a service or counter
	CmdFinish     Command = "finish"
	CmdPause      Command = "pause" // UI: choose a reason (or resume)
	CmdNewDossier Command = "new_dossier"
	CmdDossiers   Command = "dossiers"
	CmdSave       Command = "save"
	CmdReprint    Command = "reprint"
	CmdScan       Command = "scan"   // UI: focus the scan field
	CmdSearch     Command = "search" // UI: focus the procedure search
)

// Shortcut binds a function key to a command.
type Shortcut struct {
	Key     string // "F1" ...
	Command Command
	Label   string
}

// Shortcuts is the keyboard map, the same on every counter.
var Shortcuts = []Shortcut{
	{"F1", CmdCallNext, "Gọi số tiếp theo"},
	{"F2", CmdRecall, "Gọi lại"},
	{"F3", CmdNoShow, "Vắng mặt"},
	{"F4", CmdTransfer, "Chuyển quầy/lĩnh vực"},
	{"F5", CmdFinish, "Hoàn thành"},
	{"F6", CmdPause, "Tạm dừng/Tiếp tục"},
	{"F7", CmdNewDossier, "Hồ sơ mới"},
	{"F8", CmdDossiers, "Danh sách hồ sơ"},
	{"F9", CmdSave, "Lưu và in giấy tiếp nhận"},
	{"F10", CmdReprint, "In lại"},
	{"F11", CmdScan, "Ô quét mã"},
	{"F12", CmdSearch, "Tìm thủ tục"},
}

// Run executes a command. It returns true when the UI must finish it
// (a dialog or a focus change), false when it is done.
func (p *Presenter) Run(c Command) (uiNeeded bool) {
	if p.v.Screen != ScreenMain || p.v.Leave != nil { // leave.go: answer the sign-out question first
		return false
	}
	switch c {
	case CmdCallNext:
		p.CallNext()
	case CmdRecall:
		p.Recall()
	case CmdNoShow:
		p.NoShow()
	case CmdFinish:
		p.Finish()
	case CmdPause:
		if p.v.Queue.Paused {
			p.Resume()
			return false
		}
		return true
	case CmdTransfer:
		return p.current() != nil
	case CmdPark:
		if p.current() != nil {
			p.Park()
		}
	case CmdNewDossier:
		p.NewDossier()
	case CmdDossiers:
		p.SetTab(TabDossiers)
	case CmdSave:
		p.Save()
	case CmdReprint:
		p.Reprint()
	case CmdScan, CmdSearch:
		if c == CmdSearch {
			p.v.Tab = TabReceive
			p.render()
		}
		return true
	}
	return false
}
