package queue

// pauseEN is the English of the pause reasons the counter offers
// (counter.PauseReasons) and of the server's own: boards and counters in
// English show them so; a reason the officer typed stays as typed.
var pauseEN = map[string]string{
	"Nghỉ giải lao":        "Short break",
	"Nghỉ trưa":            "Lunch break",
	"Họp, công tác":        "Meeting or official duty",
	"Xử lý hồ sơ phức tạp": "Handling a complex dossier",
	"Sự cố kỹ thuật":       "Technical problem",
}

// PauseReasonEN is a pause reason in English: the offered ones
// translated, anything else as it is.
func PauseReasonEN(vi string) string {
	if en, ok := pauseEN[vi]; ok {
		return en
	}
	return vi
}

// PauseReasonVI is the Vietnamese reason an English one stands for (what
// the server stores, so Vietnamese boards show Vietnamese); an unknown one
// comes back as it is.
func PauseReasonVI(en string) string {
	for vi, e := range pauseEN {
		if e == en {
			return vi
		}
	}
	return en
}

// PauseReasonsEN is a copy of the pause reasons' English (the web board
// carries the same pairs; its test compares them).
func PauseReasonsEN() map[string]string {
	out := make(map[string]string, len(pauseEN))
	for k, v := range pauseEN {
		out[k] = v
	}
	return out
}
