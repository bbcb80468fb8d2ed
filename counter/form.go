package counter

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/hardware/printer"
	"github.com/motcua/motcua/hardware/scanner"
)

// Field names a text field of the receive form.
type Field string

const (
	FieldName           Field = "name"
	FieldIDNumber       Field = "id_number"
	FieldDOB            Field = "dob"
	FieldGender         Field = "gender"
	FieldAddress        Field = "address"
	FieldPhone          Field = "phone"
	FieldEmail          Field = "email"
	FieldSummary        Field = "summary"
	FieldOverrideAt     Field = "override_at"
	FieldOverrideReason Field = "override_reason"
	FieldReturnAddress  Field = "return_address" // returnplace.go
)

// SetField stores what the officer typed. It does not redraw: the entry
// already shows it.
func (p *Presenter) SetField(f Field, v string) {
	fm := &p.v.Form
	switch f {
	case FieldName:
		fm.Name = v
	case FieldIDNumber:
		fm.IDNumber = v
	case FieldDOB:
		fm.DOB = v
	case FieldGender:
		fm.Gender = v
	case FieldAddress:
		fm.Address = v
	case FieldPhone:
		fm.Phone = v
	case FieldEmail:
		fm.Email = v
	case FieldSummary:
		fm.Summary = v
	case FieldOverrideAt:
		fm.OverrideAt = v
	case FieldOverrideReason:
		fm.OverrideReason = v
	case FieldReturnAddress:
		fm.ReturnAddress = v
	}
}

// NewDossier clears the form for the next dossier. The dossier saved last
// stays available for reprinting.
func (p *Presenter) NewDossier() {
	p.v.Form = Form{}
	p.v.Tab = TabReceive
	p.render()
}

// ScanText handles what a keyboard-wedge scanner typed into the scan field.
func (p *Presenter) ScanText(raw string) {
	if strings.TrimSpace(raw) == "" {
		return
	}
	p.Scanned(scanner.Classify(raw))
}

// Scanned handles a classified scan (serial scanner or scan field): a CCCD
// fills the applicant, a dossier code opens that dossier.
func (p *Presenter) Scanned(sc scanner.Scan) {
	if p.v.Screen != ScreenMain {
		return
	}
	switch sc.Kind {
	case scanner.KindCCCD:
		c := sc.CCCD
		fm := &p.v.Form
		fm.Name, fm.IDNumber, fm.Gender, fm.Address = c.FullName, c.ID, c.Gender, c.Address
		fm.DOB = c.DOB.Format("02/01/2006")
		fm.FromCCCD = true
		p.v.Tab = TabReceive
		p.info(p.tf("Đã đọc thẻ căn cước: %s. Hãy chọn thủ tục (F12).", c.FullName))
		p.StartServing()
	case scanner.KindDossier:
		p.v.Tab = TabDossiers
		p.Open(sc.DossierCode)
		return
	case scanner.KindTicket:
		p.error("Đây là mã của phiếu số thứ tự, không phải thẻ căn cước hay giấy tiếp nhận.")
	case scanner.KindBarcode:
		p.error("Không nhận ra mã vừa quét: hãy quét mã QR trên thẻ căn cước hoặc trên giấy tiếp nhận.")
	default:
		if m := sc.Message(); m != "" {
			p.error(m)
		} else {
			p.error("Không nhận ra mã vừa quét.")
		}
	}
	p.render()
}

// SearchProcedures looks procedures up by name or code, ignoring
// diacritics ("dang ky khai sinh" finds "Đăng ký khai sinh").
func (p *Presenter) SearchProcedures(q string) {
	p.v.Form.ProcQuery = q
	p.search++
	seq := p.search
	if len([]rune(strings.TrimSpace(q))) < 2 {
		p.v.Form.Results, p.v.Form.ResultsFor = nil, q
		p.render()
		return
	}
	p.call("search procedures", "", func(ctx context.Context) (func(), error) {
		res, err := p.o.API.SearchProcedures(ctx, q, 20)
		if err != nil {
			return nil, err
		}
		return func() {
			if seq == p.search { // a newer search supersedes this one
				p.v.Form.Results, p.v.Form.ResultsFor = res, q
			}
		}, nil
	})
}

// ChooseProcedure picks the i-th search result: the checklist and fees
// come from the catalogue and the appointment preview from the server.
func (p *Presenter) ChooseProcedure(i int) {
	fm := &p.v.Form
	if i < 0 || i >= len(fm.Results) {
		return
	}
	proc := fm.Results[i]
	fm.Procedure = &proc
	// The choice is made: the results close (a search still in flight is
	// dropped) and the search box shows what was chosen.
	fm.Results, fm.ResultsFor = nil, ""
	p.search++
	p.StartServing()
	fm.Components = nil
	for _, c := range proc.Components {
		fm.Components = append(fm.Components, ComponentLine{Name: c.Name, Originals: c.Originals, Copies: c.Copies, Note: c.Note})
	}
	fm.Fees = nil
	for _, f := range proc.Fees {
		if f.Amount > 0 {
			fm.Fees = append(fm.Fees, FeeLine{Name: f.Name, Amount: f.Amount})
		}
	}
	fm.Appointment = nil
	code := proc.Code
	p.call("appointment", "", func(ctx context.Context) (func(), error) {
		a, err := p.o.API.Appointment(ctx, code)
		if err != nil {
			return nil, err
		}
		return func() {
			if fm := &p.v.Form; fm.Procedure != nil && fm.Procedure.Code == code {
				fm.Appointment = &a
				if !a.Forwarded && fm.ReturnPlace == dossier.PlaceDeciding {
					fm.ReturnPlace = dossier.PlaceReceiving // decided here: no other place
				}
			}
		}, nil
	})
}

// SetComponent ticks a checklist line as received (or not).
func (p *Presenter) SetComponent(i int, received bool) {
	if i >= 0 && i < len(p.v.Form.Components) {
		p.v.Form.Components[i].Received = received
		p.render()
	}
}

// SetComponentCounts sets how many originals and copies were handed in.
func (p *Presenter) SetComponentCounts(i, originals, copies int) {
	if i >= 0 && i < len(p.v.Form.Components) && originals >= 0 && copies >= 0 {
		p.v.Form.Components[i].Originals, p.v.Form.Components[i].Copies = originals, copies
		p.render()
	}
}

// ReceiveAll ticks every checklist line.
func (p *Presenter) ReceiveAll() {
	for i := range p.v.Form.Components {
		p.v.Form.Components[i].Received = true
	}
	p.render()
}

// SetFeePaid marks a fee collected at the counter.
func (p *Presenter) SetFeePaid(i int, paid bool) {
	if i >= 0 && i < len(p.v.Form.Fees) {
		p.v.Form.Fees[i].Paid = paid
		p.render()
	}
}

// SetOverride switches the manual appointment date (a reason is required).
func (p *Presenter) SetOverride(on bool) {
	p.v.Form.Override = on
	if on && p.v.Form.OverrideAt == "" && p.v.Form.Appointment != nil {
		p.v.Form.OverrideAt = p.v.Form.Appointment.At.In(dossier.Loc).Format("02/01/2006 15:04")
	}
	p.render()
}

// SetReturnMethod chooses how the result goes back: by post, or in
// person where the dossier is received (SetReturnPlace has the choices).
func (p *Presenter) SetReturnMethod(m dossier.ReturnMethod) {
	if m == dossier.ReturnByPost {
		p.SetReturnPlace(dossier.PlacePost)
	} else {
		p.SetReturnPlace(dossier.PlaceReceiving)
	}
}

// request checks the form and builds the server request; the error is the
// Vietnamese message for the officer.
func (p *Presenter) request() (ReceiveRequest, string) {
	fm := p.v.Form
	var r ReceiveRequest
	if strings.TrimSpace(fm.Name) == "" {
		return r, "Hãy nhập họ tên chủ hồ sơ hoặc quét thẻ căn cước."
	}
	if fm.Procedure == nil {
		return r, "Hãy chọn thủ tục hành chính (F12 để tìm)."
	}
	r.ProcedureCode = fm.Procedure.Code
	r.Channel = dossier.ChannelDirect
	r.ReturnMethod = fm.ReturnMethod
	if msg := p.returnPlace(&r); msg != "" {
		return r, msg
	}
	r.Summary = strings.TrimSpace(fm.Summary)
	if r.Summary == "" {
		r.Summary = fm.Procedure.Name + " – " + strings.TrimSpace(fm.Name)
	}
	r.Applicant = dossier.Applicant{Kind: dossier.ApplicantCitizen, Name: strings.TrimSpace(fm.Name),
		IDNumber: strings.TrimSpace(fm.IDNumber), Address: strings.TrimSpace(fm.Address),
		Phone: strings.TrimSpace(fm.Phone), Email: strings.TrimSpace(fm.Email)}
	switch len(r.Applicant.IDNumber) {
	case 12:
		r.Applicant.IDType = dossier.IDPersonal12
	case 9:
		r.Applicant.IDType = dossier.IDOldCMND9
	}
	if s := strings.TrimSpace(fm.DOB); s != "" {
		dob, err := time.ParseInLocation("02/01/2006", s, dossier.Loc)
		if err != nil {
			return r, "Ngày sinh phải có dạng ngày/tháng/năm, ví dụ 15/08/1999."
		}
		r.Applicant.DOB = dob
	}
	for _, c := range fm.Components {
		if c.Received {
			if c.Originals+c.Copies == 0 {
				continue // only shown (xuất trình), not kept in the dossier
			}
			r.Components = append(r.Components, dossier.ComponentReceived{Name: c.Name, Originals: c.Originals, Copies: c.Copies, Note: c.Note})
		}
	}
	if len(r.Components) == 0 {
		return r, "Hãy đánh dấu các thành phần hồ sơ đã nhận."
	}
	for _, f := range fm.Fees {
		if f.Paid {
			r.Fees = append(r.Fees, dossier.FeePaid{Name: f.Name, Amount: f.Amount})
		}
	}
	if fm.Override {
		at, err := time.ParseInLocation("02/01/2006 15:04", strings.TrimSpace(fm.OverrideAt), dossier.Loc)
		if err != nil {
			return r, "Ngày hẹn trả phải có dạng ngày/tháng/năm giờ:phút, ví dụ 03/11/2023 09:00."
		}
		if strings.TrimSpace(fm.OverrideReason) == "" {
			return r, "Sửa ngày hẹn trả cần ghi lý do."
		}
		r.AppointmentAt, r.AppointmentReason = &at, strings.TrimSpace(fm.OverrideReason)
	}
	if c := p.v.Queue.Current; c != nil {
		r.TicketID = c.ID
	}
	return r, ""
}

// Save sends the dossier to the server and, once it is stored there,
// prints the receipt. A printer failure loses nothing: F10 reprints.
func (p *Presenter) Save() {
	if p.v.Screen != ScreenMain {
		return
	}
	req, msg := p.request()
	if msg != "" {
		p.v.Tab = TabReceive
		p.error(msg)
		p.render()
		return
	}
	p.call("save dossier", "Đang lưu hồ sơ…", func(ctx context.Context) (func(), error) {
		v, err := p.o.API.Receive(ctx, req)
		if err != nil {
			return nil, err
		}
		return func() {
			p.o.Log.Info("counter: dossier saved", "dossier", v.Dossier.Code)
			p.v.Saved, p.v.PaperOld = &v, false
			p.v.Form = Form{}
			p.info(p.tf("Đã lưu hồ sơ %s. Hẹn trả: %s.", v.Dossier.Code, bi{v.Receipt.Appointment, dossier.FormatAppointmentEN(v.Dossier.AppointmentAt)}))
			p.printReceipt(v)
			p.refreshList()
		}, nil
	})
}

// Reprint prints the last paper again (the receipt of the dossier saved
// last, or the last supplement slip).
func (p *Presenter) Reprint() {
	switch {
	case p.v.Paper != nil && p.v.Paper.Kind == "slip" && p.v.List.Selected != nil && p.v.List.Selected.SupplementSlip != nil:
		p.printSlip(*p.v.List.Selected)
	case p.v.Saved != nil:
		p.printReceipt(*p.v.Saved)
	default:
		p.error("Chưa có giấy tiếp nhận nào để in lại.")
		p.render()
	}
}

// PrintSelected prints the receipt of the dossier open in the list.
func (p *Presenter) PrintSelected() {
	if s := p.v.List.Selected; s != nil {
		p.printReceipt(*s)
	}
}

// ReceiptFor is the receipt as this counter prints it: the counter's name,
// and the portal's lookup address (server setting) in the footer.
func (p *Presenter) ReceiptFor(v centre.DossierView) dossier.Receipt {
	r := v.Receipt
	if c, ok := p.counter[r.Counter]; ok {
		r.Counter = c.Name
	}
	if p.lookupURL != "" {
		r.Footer = "Tra cứu trực tuyến:\n" + p.lookupURL + "\n" + r.Footer
	}
	return r
}

func (p *Presenter) printReceipt(v centre.DossierView) {
	job, err := ReceiptJob(p.o.Profile, p.ReceiptFor(v))
	p.print("receipt", v.Dossier.Code, job, err)
}

func (p *Presenter) printSlip(v centre.DossierView) {
	if v.SupplementSlip == nil {
		return
	}
	slip := *v.SupplementSlip
	if p.lookupURL != "" { // the same lookup address as on the receipt
		slip.Note = strings.TrimSpace(slip.Note + "\nTra cứu trực tuyến:\n" + p.lookupURL)
	}
	job, err := SlipJob(p.o.Profile, slip)
	p.print("slip", v.Dossier.Code, job, err)
}

// print sends a job to the counter printer and reports the outcome.
func (p *Presenter) print(kind, code string, job []byte, layoutErr error) {
	paper := &Paper{Kind: kind, Code: code, Printing: true}
	p.v.Paper = paper
	if layoutErr != nil {
		p.o.Log.Error("counter: layout", "kind", kind, "dossier", code, "err", layoutErr)
	}
	if p.o.Printer == nil {
		paper.Printing, paper.Error = false, p.tr("Máy này chưa cấu hình máy in (tham số --printer).")
		p.render()
		return
	}
	pr := p.o.Printer
	go func() {
		ctx, cancel := context.WithTimeout(p.ctx, p.o.PrintTimeout)
		defer cancel()
		err := pr.Print(ctx, job)
		p.o.Dispatch(func() {
			paper.Printing = false
			if err != nil {
				p.o.Log.Warn("counter: print failed", "kind", kind, "dossier", code, "err", err)
				paper.Error = p.tf("%s Hồ sơ đã được lưu; nhấn F10 để in lại.", p.tr(printerText(err)))
			} else {
				paper.Printed = true
			}
			p.render()
		})
	}()
	p.render()
}

// ---- dossier list ----

// SetListFilter changes the filter and reloads the list.
func (p *Presenter) SetListFilter(f ListFilter) {
	p.v.List.Filter = f
	p.refreshList()
}

// RefreshList reloads the dossier list.
func (p *Presenter) RefreshList() { p.refreshList() }

func (p *Presenter) refreshList() {
	if p.v.Screen != ScreenMain {
		return
	}
	f := p.v.List.Filter
	lf := ListFilter2API(f, p.o.Counter)
	p.call("list dossiers", "", func(ctx context.Context) (func(), error) {
		items, err := p.o.API.Dossiers(ctx, lf)
		if err != nil {
			return nil, err
		}
		return func() {
			if p.v.List.Filter == f {
				p.v.List.Items = items
			}
		}, nil
	})
}

// ListFilter2API turns the officer's filter into the API filter.
func ListFilter2API(f ListFilter, counter string) APIListFilter {
	lf := APIListFilter{DueToday: f.DueToday, Late: f.Late, Query: strings.TrimSpace(f.Query)}
	if f.Status != 0 {
		lf.Statuses = []dossier.Status{f.Status}
	}
	if !f.AllCounters && lf.Query == "" {
		lf.Counter = counter
	}
	return lf
}

// Open shows one dossier with its actions.
func (p *Presenter) Open(code string) {
	code = strings.TrimSpace(code)
	if code == "" || p.v.Screen != ScreenMain {
		return
	}
	p.call("open dossier", "Đang mở hồ sơ…", func(ctx context.Context) (func(), error) {
		v, err := p.o.API.Dossier(ctx, code)
		if err != nil {
			return nil, err
		}
		return func() {
			p.v.Tab = TabDossiers
			p.select_(v)
		}, nil
	})
}

func (p *Presenter) select_(v centre.DossierView) {
	p.v.List.Selected = &v
	p.v.List.Actions = withResend(ActionsFor(v.Dossier, v.Late), v)
	p.v.List.ReturnAt = ""
	// The receiving centre hands the result over (the server would refuse
	// it here): no "Trả kết quả" button, the window says where instead.
	if name, ok := returnedAtReceiving(p.lang, v); ok {
		p.v.List.ReturnAt = name
		p.v.List.Actions = slices.DeleteFunc(p.v.List.Actions, func(a ActionDef) bool { return a.ID == ActReturn })
	}
}

// ActionInput is what the officer entered for a dossier action.
type ActionInput struct {
	Missing        string // one item per line
	Reason         string
	Deadline       string // dd/mm/yyyy, optional
	FeeName        string
	FeeAmount      string // VND
	CollectedBy    string
	IDChecked      bool
	ByPost         bool
	NewAppointment string // dd/mm/yyyy hh:mm
	Result         string
	Place          string // resend-handover: the place of return (handoverresend.go)
}

// body checks the input for action and builds the request body.
func (in ActionInput) body(action string) (ActionBody, string) {
	var b ActionBody
	reason := strings.TrimSpace(in.Reason)
	switch action {
	case ActRequestSupplement:
		for _, l := range strings.Split(in.Missing, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				b.Missing = append(b.Missing, l)
			}
		}
		if len(b.Missing) == 0 || reason == "" {
			return b, "Hãy ghi các giấy tờ cần bổ sung (mỗi dòng một loại) và lý do."
		}
		if s := strings.TrimSpace(in.Deadline); s != "" {
			d, err := time.ParseInLocation("02/01/2006", s, dossier.Loc)
			if err != nil {
				return b, "Hạn nộp bổ sung phải có dạng ngày/tháng/năm."
			}
			d = d.Add(17 * time.Hour) // end of the afternoon session
			b.Deadline = &d
		}
	case ActRequestFees:
		n, err := strconv.ParseInt(strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(in.FeeAmount), ".", ""), " ", ""), 10, 64)
		if strings.TrimSpace(in.FeeName) == "" || err != nil || n <= 0 {
			return b, "Hãy ghi tên khoản phí và số tiền (đồng)."
		}
		b.Fees = []dossier.FeePaid{{Name: strings.TrimSpace(in.FeeName), Amount: n}}
	case ActRefuse, ActStop:
		if reason == "" {
			return b, "Hãy ghi lý do."
		}
	case ActReturn:
		b.CollectedBy = strings.TrimSpace(in.CollectedBy)
		b.IDChecked = in.IDChecked
		if in.ByPost {
			b.Method = dossier.ReturnByPost
		}
		if b.CollectedBy == "" {
			return b, "Hãy ghi họ tên người nhận kết quả."
		}
		if !in.ByPost && !in.IDChecked {
			return b, "Hãy kiểm tra giấy tờ tùy thân của người nhận rồi đánh dấu “Đã kiểm tra giấy tờ”."
		}
	case ActApologise:
		at, err := time.ParseInLocation("02/01/2006 15:04", strings.TrimSpace(in.NewAppointment), dossier.Loc)
		if err != nil || reason == "" {
			return b, "Hãy ghi lý do và ngày hẹn mới (ngày/tháng/năm giờ:phút)."
		}
		b.NewAppointment = &at
	}
	b.Reason = reason
	b.Result = strings.TrimSpace(in.Result)
	return b, ""
}

// DoAction applies action to the dossier open in the list. A supplement
// request prints its slip on the counter printer.
func (p *Presenter) DoAction(action string, in ActionInput) {
	sel := p.v.List.Selected
	if sel == nil {
		p.error("Hãy chọn một hồ sơ trong danh sách.")
		p.render()
		return
	}
	body, msg := in.body(action)
	resendTo := ""
	if action == ActResendHandOver && msg == "" {
		body, msg = resendBody(body, in, sel)
		if msg == "" {
			resendTo = sel.HandOverRefused.GuiLai.TenDonVi
		}
	}
	if msg != "" {
		p.error(msg)
		p.render()
		return
	}
	code := sel.Dossier.Code
	label := ActionLabel(p.lang, actionDefs[action])
	receiving, atReceiving := returnedAtReceiving(p.lang, *sel)
	p.call("dossier "+action, "Đang cập nhật hồ sơ…", func(ctx context.Context) (func(), error) {
		v, err := p.o.API.DossierAction(ctx, code, action, body)
		if err != nil && action == ActReturn && atReceiving && conflict(err) {
			p.o.Log.Info("counter: result returned at the receiving centre", "dossier", code)
			return func() { p.error(p.tf(msgReturnAtReceiving, code, receiving)) }, nil
		}
		if err != nil {
			return nil, err
		}
		return func() {
			p.select_(v)
			status := v.StatusLabel
			if p.lang == EN {
				status = v.Dossier.Status.English()
			}
			if action == ActResendHandOver {
				p.info(p.resentText(v, resendTo))
			} else {
				p.info(p.tf("%s: hồ sơ %s – %s.", label, code, status))
			}
			if action == ActRequestSupplement && v.SupplementSlip != nil {
				p.printSlip(v)
			}
			p.refreshList()
		}, nil
	})
}

func printerText(err error) string {
	if errors.Is(err, printer.ErrPaperOut) {
		return "Máy in hết giấy: hãy thay cuộn giấy."
	}
	return strings.TrimSuffix(printer.Message(err), ".") + "."
}
