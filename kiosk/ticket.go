package kiosk

import (
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/queue"
)

// Ticket is an issued number as the kiosk shows and prints it.
type Ticket struct {
	ID          string
	Number      string
	Service     string
	ServiceName string
	Priority    string // category name, "" for a regular number
	// ServiceNameEN and PriorityEN are the English names (empty when the
	// centre gave none); Lang is the citizen's language when the number was
	// taken: the screen and the paper use it (docs/ENGLISH.md).
	ServiceNameEN string
	PriorityEN    string
	Lang          Lang
	Counters      []int
	Ahead         int
	EstimatedWait int // minutes
	OpenCounters  int // serving the service when it was issued
	IssuedAt      time.Time
	TrackURL      string
}

// NewTicket builds the kiosk's ticket from the server's answer.
func NewTicket(iss centre.Issued, priorityName, publicURL string) Ticket {
	return Ticket{
		ID: iss.ID, Number: iss.Number, Service: iss.Service, ServiceName: iss.ServiceName, ServiceNameEN: iss.ServiceNameEN,
		Priority: priorityName, Counters: iss.Counters, Ahead: iss.Ahead, EstimatedWait: iss.EstimatedWait,
		OpenCounters: iss.OpenCounters,
		IssuedAt:     iss.IssuedAt, TrackURL: RatingURL(publicURL, iss.ID, iss.RatingToken),
	}
}

// RatingURL is the ticket's QR: its tracking page with the rating token the
// kiosk needs to rate the visit (the page ignores it).
func RatingURL(publicURL, id, token string) string {
	if token == "" {
		return TrackURL(publicURL, id)
	}
	return TrackURL(publicURL, id) + "?r=" + token
}

// TrackURL is the phone tracking page of a ticket.
func TrackURL(publicURL, id string) string {
	return strings.TrimRight(publicURL, "/") + "/t/" + id
}

// CounterList formats counter numbers: "1, 2, 3".
func CounterList(nums []int) string {
	s := make([]string, len(nums))
	for i, n := range nums {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}

// PrintTicket lays the ticket out for printer profile p. The ticket holds
// no personal data: only the number, the service and the tracking link.
func PrintTicket(p escpos.Profile, centreName string, t Ticket) ([]byte, error) {
	if t.Lang == EN {
		return printTicketEN(p, centreName, t)
	}
	at := t.IssuedAt.In(queue.Loc)
	d := escpos.NewDoc(p).Center()
	if centreName != "" {
		d.Bold(true).Text(strings.ToUpper(centreName)).Bold(false)
	}
	d.Separator().
		Title("SỐ THỨ TỰ").
		Center().Bold(true).Size(4, 4).Text(t.Number).Size(1, 1).Bold(false)
	if t.Priority != "" {
		d.Bold(true).Text("Ưu tiên: " + t.Priority).Bold(false)
	}
	d.Text(t.ServiceName)
	if len(t.Counters) > 0 {
		d.Text("Quầy phục vụ: " + CounterList(t.Counters))
	}
	d.Left().
		Line("Số người chờ trước:", strconv.Itoa(t.Ahead)).
		Line("Thời gian chờ dự kiến:", WaitText(VI, t.Ahead, t.OpenCounters, t.EstimatedWait, "ticket.minutes")).
		Line("Giờ lấy số:", at.Format("15:04 02/01/2006")).
		Feed(1).Center().
		QR(t.TrackURL).
		Text("Quét mã để theo dõi lượt trên điện thoại").
		Separator().
		Text("Phiếu không ghi thông tin cá nhân. Số chỉ có giá trị trong ngày; quá lượt xin liên hệ quầy hướng dẫn.").
		Cut()
	return d.Bytes(), d.Err()
}
