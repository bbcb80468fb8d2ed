package dossier

import (
	"fmt"
	"strings"
	"time"
)

// English texts of what the public lookups (kiosk, phone, web) show a
// citizen, next to their Vietnamese ones (status.go, returnplace.go,
// appointment.go). The server sends both (docs/API.md, "English next to
// Vietnamese"); the names inside them (a centre, an agency) stay as they
// are written: they have no English form.

var explainEN = map[Status]string{
	StatusSubmitted:          "Your dossier was submitted online and is waiting for an officer to check and receive it.",
	StatusReceived:           "Your dossier has been received in full. Please wait for the date on your appointment slip to collect the result.",
	StatusRefused:            "Your dossier was not accepted; the reason is written on the refusal notice. Please ask at a counter for help.",
	StatusProcessing:         "Your dossier is being decided by the competent authority.",
	StatusSupplementRequired: "Some documents must be added or completed. Please read the request for additional documents and hand them in on time.",
	StatusFeesDue:            "Please pay the fees or charges due (or meet other financial obligations) so that your dossier can be processed further.",
	StatusWithdrawn:          "Your dossier was withdrawn at your request.",
	StatusStopped:            "Processing of your dossier has stopped. Please ask at a counter for the reason.",
	StatusResolved:           "The result is ready. Please collect it as stated on your appointment slip.",
	StatusReturned:           "The result has been handed over to you.",
}

// ExplainEN is Explain in English, for a foreign resident reading the
// kiosk or the phone page in English.
func (s Status) ExplainEN() string { return explainEN[s] }

// StatusOfLabel finds the status whose Vietnamese label is vi: the
// timeline of a centre older than the English fields carries labels only.
func StatusOfLabel(vi string) (Status, bool) {
	for s, t := range statusTexts {
		if t.vi == vi {
			return s, true
		}
	}
	return 0, false
}

// FormatAppointmentEN is FormatAppointment in English: "17:00 on 24
// November 2026" (the day written out: 24/11 and 11/24 read differently).
func FormatAppointmentEN(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(Loc)
	return fmt.Sprintf("%02d:%02d on %d %s %d", t.Hour(), t.Minute(), t.Day(), t.Month(), t.Year())
}

// PublicPostTextEN is PublicPostText in English.
const PublicPostTextEN = "Sent by public postal service to the address you gave when you submitted the dossier."

// PublicCollectTextEN is PublicCollectText in English: where the
// applicant gets the result, with no postal address. The centre's or the
// deciding agency's name is kept as written.
func (d Dossier) PublicCollectTextEN(receivingCentre string) string {
	if d.ReceivingCentre != "" {
		receivingCentre = d.ReceivingCentre
	}
	switch d.Place() {
	case PlacePost:
		return PublicPostTextEN
	case PlaceDeciding:
		return "In person at the agency that decides the dossier: " + d.Competent()
	}
	return "In person at " + receivingCentre
}

// CollectEnglish turns a public collect sentence of an older centre (one
// that sends no collect_en) into English: the three sentences of
// PublicCollectText, with the name after them kept. Anything else comes
// back unchanged, with false.
func CollectEnglish(vi string) (string, bool) {
	switch {
	case vi == PublicPostText:
		return PublicPostTextEN, true
	case strings.HasPrefix(vi, "Nhận trực tiếp tại nơi giải quyết hồ sơ: "):
		return "In person at the agency that decides the dossier: " + strings.TrimPrefix(vi, "Nhận trực tiếp tại nơi giải quyết hồ sơ: "), true
	case strings.HasPrefix(vi, "Nhận trực tiếp tại "):
		return "In person at " + strings.TrimPrefix(vi, "Nhận trực tiếp tại "), true
	}
	return vi, false
}
