// Package padwire is the wire format of the counter rating pad's API
// (GET /api/v1/pad/state, POST /api/v1/pad/rate), shared by the server
// (package ratingpad), the Fyne pad (motcua-display --mode ratingpad) and
// tests. It imports nothing of ours.
package padwire

// What the pad shows.
const (
	ModeIdle    = "idle"    // no citizen at the counter (officer name, or "counter closed")
	ModeServing = "serving" // a ticket is called or served: officer, photo placeholder, number
	ModeRate    = "rate"    // the ticket was just finished: the rating question
)

// State is GET /api/v1/pad/state.
type State struct {
	Counter Counter `json:"counter"`
	Open    bool    `json:"open"` // the counter is open (an officer is signed in)
	// Paused is the reason the counter is paused ("" when it is not).
	Paused string `json:"paused,omitempty"`
	Mode   string `json:"mode"`
	// Officer is the full name of the officer at the counter (idle,
	// serving) or of the officer who finished the ticket to rate (rate).
	Officer string  `json:"officer"`
	Ticket  *Ticket `json:"ticket,omitempty"` // serving, rate
	Scale   Scale   `json:"scale"`
	// RateSeconds is how long the rating stays offered after finish.
	RateSeconds int `json:"rate_seconds"`
	// Version names this state; sent back as `since` with `wait`, the
	// server answers when the state differs from it (long-poll).
	Version string `json:"version,omitempty"`
}

// Counter is the counter the pad is bound to.
type Counter struct {
	ID     string `json:"id"`
	Number int    `json:"number"`
	Name   string `json:"name"`
	// NameEN is the counter's English name (name_en in the config); an
	// English pad without it says "Counter N".
	NameEN string `json:"name_en,omitempty"`
}

// Ticket is the ticket being served or to rate. ID is what a rating names.
type Ticket struct {
	ID            string `json:"id"`
	Number        string `json:"number"`
	ServiceName   string `json:"service_name,omitempty"`
	ServiceNameEN string `json:"service_name_en,omitempty"`
}

// Scale is the rating question and answers (the centre's scale, as the
// kiosk shows it).
type Scale struct {
	Question string   `json:"question"`
	Levels   []Level  `json:"levels"`
	Reasons  []string `json:"reasons"`
}

// Level is one answer; Value 1 is the best.
type Level struct {
	Value int    `json:"value"`
	Label string `json:"label"`
	Low   bool   `json:"low"`
}

// RateRequest is POST /api/v1/pad/rate.
type RateRequest struct {
	TicketID string   `json:"ticket_id"`
	Level    int      `json:"level"`
	Reasons  []string `json:"reasons,omitempty"`
	Comment  string   `json:"comment,omitempty"`
}

// RateResult is its answer (201).
type RateResult struct {
	ID      string `json:"id"`
	Message string `json:"message"`
}

// Question is the rating question as the pads show it: the standard
// question, dossier.RatingQuestion (package ratingpad's tests hold them
// equal), addressing the citizen as "Quý khách" as the kiosk does.
const Question = "Quý khách đánh giá như thế nào về thái độ công chức khi hướng dẫn và tiếp nhận giải quyết hồ sơ?"

// Thanks is the pad's thank-you line after a rating.
const Thanks = "Cảm ơn Quý khách đã đánh giá!"

// English texts of the default scales' labels and of the question, for the
// pads' English switch (the labels on the wire stay Vietnamese: they are
// the centre's configuration).
var English = map[string]string{
	"Rất hài lòng":       "Very satisfied",
	"Hài lòng":           "Satisfied",
	"Bình thường":        "Neutral",
	"Không hài lòng":     "Dissatisfied",
	"Rất không hài lòng": "Very dissatisfied",
	// The old wording ("Ông/Bà", dossier.RatingQuestionOld) of a centre not yet updated.
	"Ông/Bà đánh giá như thế nào về thái độ công chức khi hướng dẫn và tiếp nhận giải quyết hồ sơ?": "How would you rate the officer's attitude in guiding you and receiving your dossier?",
	Question:                "How would you rate the officer's attitude in guiding you and receiving your dossier?",
	"Thời gian chờ đợi lâu": "Long waiting time",
	"Hướng dẫn không rõ ràng, phải đi lại nhiều lần": "Unclear guidance, had to come back several times",
	"Thái độ phục vụ chưa lịch sự, chưa tận tình":    "Impolite or unhelpful attitude",
	"Yêu cầu giấy tờ không có trong quy định":        "Asked for papers the rules do not require",
	"Trả kết quả trễ hẹn":                            "Result returned late",
	"Khác":                                           "Other",
}

// EN is the English text of s, or s when none is known.
func EN(s string) string {
	if e, ok := English[s]; ok {
		return e
	}
	return s
}
