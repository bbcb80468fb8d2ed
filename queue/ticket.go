package queue

import (
	"fmt"
	"strconv"
	"time"
)

// Status of a ticket.
type Status string

const (
	Waiting   Status = "waiting"
	Called    Status = "called"
	Serving   Status = "serving"
	Done      Status = "done"
	NoShow    Status = "no_show"
	Cancelled Status = "cancelled"
	Parked    Status = "parked"
)

// Label is the Vietnamese status text for screens.
func (s Status) Label() string {
	switch s {
	case Waiting:
		return "Đang chờ"
	case Called:
		return "Đang được mời"
	case Serving:
		return "Đang phục vụ"
	case Done:
		return "Đã phục vụ xong"
	case NoShow:
		return "Vắng mặt"
	case Cancelled:
		return "Đã hủy"
	case Parked:
		return "Tạm giữ"
	}
	return string(s)
}

// Ticket is one queue number. ArrivalAt is the place in the queue: it is
// kept on transfer and reactivation so nobody loses their turn.
type Ticket struct {
	ID            string     `json:"id"`
	Number        string     `json:"number"`
	Day           string     `json:"day"`
	Seq           int        `json:"seq"`
	Service       string     `json:"service"`
	Priority      string     `json:"priority,omitempty"`
	AppointmentAt *time.Time `json:"appointment_at,omitempty"`
	Status        Status     `json:"status"`
	IssuedAt      time.Time  `json:"issued_at"`
	ArrivalAt     time.Time  `json:"arrival_at"`
	CalledAt      *time.Time `json:"called_at,omitempty"`
	StartedAt     *time.Time `json:"started_at,omitempty"`
	FinishedAt    *time.Time `json:"finished_at,omitempty"`
	Counter       string     `json:"counter,omitempty"`
	Officer       string     `json:"officer,omitempty"`
	Recalls       int        `json:"recalls"`
	// TargetCounter: redirected to this counter only.
	TargetCounter string `json:"target_counter,omitempty"`
}

// Day is the service day of t in Asia/Ho_Chi_Minh, "2006-01-02".
func Day(t time.Time) string { return t.In(Loc).Format(time.DateOnly) }

// FormatNumber renders the display number of the seq-th ticket of a prefix.
// Letter format: A001; numeric block: prefix 1001 → 1001, 1002, ...
func FormatNumber(c *Config, prefix string, seq int) (string, error) {
	if seq < 1 {
		return "", fmt.Errorf("seq %d < 1", seq)
	}
	if c.TicketFormat == "numeric" {
		start, err := strconv.Atoi(prefix)
		if err != nil {
			return "", fmt.Errorf("numeric prefix %q: %w", prefix, err)
		}
		// A block 1001 runs to 1999: start rounded down to the thousand + 999.
		limit := start/1000*1000 + 999
		n := start + seq - 1
		if n > limit {
			return "", Errf(CodeCapReached, "Đã hết số thứ tự của lĩnh vực này trong ngày", "number block %s exhausted for today", prefix)
		}
		return strconv.Itoa(n), nil
	}
	max := 1
	for i := 0; i < c.Digits; i++ {
		max *= 10
	}
	if seq >= max {
		return "", Errf(CodeCapReached, "Đã hết số thứ tự của lĩnh vực này trong ngày", "number block %s exhausted for today", prefix)
	}
	return fmt.Sprintf("%s%0*d", prefix, c.Digits, seq), nil
}

// Op is an operation on a ticket.
type Op string

const (
	OpCall       Op = "call"
	OpRecall     Op = "recall"
	OpStart      Op = "start"
	OpFinish     Op = "finish"
	OpNoShow     Op = "no-show"
	OpCancel     Op = "cancel"
	OpTransfer   Op = "transfer"
	OpRedirect   Op = "redirect"
	OpPark       Op = "park"
	OpResume     Op = "resume"
	OpReactivate Op = "reactivate"
)

// Ops lists the operations accepted on /tickets/{id}/{op}.
var Ops = []Op{OpRecall, OpStart, OpFinish, OpNoShow, OpCancel, OpTransfer, OpRedirect, OpPark, OpResume, OpReactivate}

// allowed says from which states each operation may start.
var allowed = map[Op][]Status{
	OpCall:       {Waiting},
	OpRecall:     {Called},
	OpStart:      {Called},
	OpFinish:     {Serving, Called},
	OpNoShow:     {Called},
	OpCancel:     {Waiting, Called, Parked},
	OpTransfer:   {Waiting, Called, Serving, Parked},
	OpRedirect:   {Waiting, Called, Serving, Parked},
	OpPark:       {Called, Serving},
	OpResume:     {Parked},
	OpReactivate: {NoShow, Cancelled},
}

// Args carries what some operations need.
type Args struct {
	Counter string // call/redirect: counter id
	Officer string
	Service string // transfer: new service
}

// Apply performs op on t at now. It returns the changed ticket or a typed
// error; t itself is never modified. autoNoShow is set when a recall passed
// the policy's limit and the ticket became a no-show instead.
func Apply(t Ticket, op Op, a Args, now time.Time, p Policy) (out Ticket, autoNoShow bool, err error) {
	from, ok := allowed[op]
	if !ok {
		return t, false, Errf(CodeInvalid, "Thao tác không hợp lệ: %s", "unknown operation %q", op)
	}
	okState := false
	for _, s := range from {
		if t.Status == s {
			okState = true
		}
	}
	if !okState {
		return t, false, &Error{Code: CodeTransition,
			Message:   fmt.Sprintf("Không thể %s số %s khi đang ở trạng thái “%s”", opLabel(op), t.Number, t.Status.Label()),
			MessageEN: fmt.Sprintf("cannot %s ticket %s in state %s", op, t.Number, t.Status)}
	}
	n := now
	switch op {
	case OpCall:
		if a.Counter == "" {
			return t, false, Errf(CodeInvalid, "Thiếu quầy gọi số", "call needs a counter")
		}
		t.Status, t.Counter, t.Officer, t.CalledAt, t.Recalls = Called, a.Counter, a.Officer, &n, 0
	case OpRecall:
		t.Recalls++
		if t.Recalls > p.MaxRecalls {
			t.Status, t.FinishedAt = NoShow, &n
			return t, true, nil
		}
		t.CalledAt = &n
	case OpStart:
		t.Status, t.StartedAt = Serving, &n
	case OpFinish:
		if t.StartedAt == nil {
			t.StartedAt = t.CalledAt
		}
		t.Status, t.FinishedAt = Done, &n
	case OpNoShow:
		t.Status, t.FinishedAt = NoShow, &n
	case OpCancel:
		t.Status, t.FinishedAt = Cancelled, &n
	case OpTransfer:
		if a.Service == "" {
			return t, false, Errf(CodeInvalid, "Chưa chọn lĩnh vực chuyển đến", "transfer needs a service")
		}
		// The ticket keeps its number and its ArrivalAt: the citizen does not
		// queue again from the back.
		t.Service, t.Status, t.Counter, t.Officer, t.TargetCounter = a.Service, Waiting, "", "", ""
		t.CalledAt, t.StartedAt, t.Recalls = nil, nil, 0
	case OpRedirect:
		if a.Counter == "" {
			return t, false, Errf(CodeInvalid, "Chưa chọn quầy chuyển đến", "redirect needs a counter")
		}
		t.TargetCounter, t.Status, t.Counter, t.Officer = a.Counter, Waiting, "", ""
		t.CalledAt, t.StartedAt, t.Recalls = nil, nil, 0
	case OpPark:
		t.Status = Parked
	case OpResume:
		// Back to waiting, at its original place, offered first to the
		// counter that parked it.
		t.TargetCounter, t.Status = t.Counter, Waiting
		t.Counter, t.Officer, t.CalledAt, t.StartedAt, t.Recalls = "", "", nil, nil, 0
	case OpReactivate:
		t.Status, t.Counter, t.Officer, t.TargetCounter = Waiting, "", "", ""
		t.CalledAt, t.StartedAt, t.FinishedAt, t.Recalls = nil, nil, nil, 0
	}
	return t, false, nil
}

func opLabel(op Op) string {
	switch op {
	case OpCall:
		return "gọi"
	case OpRecall:
		return "gọi lại"
	case OpStart:
		return "bắt đầu phục vụ"
	case OpFinish:
		return "hoàn thành"
	case OpNoShow:
		return "đánh dấu vắng mặt"
	case OpCancel:
		return "hủy"
	case OpTransfer:
		return "chuyển lĩnh vực"
	case OpRedirect:
		return "chuyển quầy"
	case OpPark:
		return "tạm giữ"
	case OpResume:
		return "tiếp tục"
	case OpReactivate:
		return "khôi phục"
	}
	return string(op)
}

// Active reports whether the ticket still occupies a place or a counter.
func (s Status) Active() bool { return s == Waiting || s == Called || s == Serving || s == Parked }
