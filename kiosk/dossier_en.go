package kiosk

import (
	"github.com/motcua/motcua/dossier"
)

// DossierIn is d as the screen shows it in lang: in English, the server's
// English texts (the *_en fields of the lookup), and for a centre older than
// them the kiosk's own English from the status code and the known collect
// sentences, so an English screen never shows the server's Vietnamese
// status, explanation, timeline or collect place. What stays as the server
// wrote it: the procedure name (an official title with no English form), the
// documents to supplement (typed by the officer, document titles) and the
// names inside the collect sentence (docs/KIOSK.md, "English mode").
func DossierIn(lang Lang, d Dossier) Dossier {
	if lang != EN {
		return d
	}
	st := dossier.Status(d.Status)
	d.StatusLabel = first(d.StatusLabelEN, st.English(), d.StatusLabel)
	d.StatusExplain = first(d.StatusExplainEN, st.ExplainEN())
	d.Appointment = first(d.AppointmentEN, dossier.FormatAppointmentEN(d.AppointmentAt))
	if len(d.Timeline) > 0 {
		steps := make([]Step, len(d.Timeline))
		for i, s := range d.Timeline {
			code := dossier.Status(s.Status)
			if !code.Valid() {
				code, _ = dossier.StatusOfLabel(s.Label)
			}
			s.Label = first(s.LabelEN, code.English(), s.Label)
			steps[i] = s
		}
		d.Timeline = steps
	}
	if d.CollectEN != "" {
		d.Collect = d.CollectEN
	} else {
		d.Collect, _ = dossier.CollectEnglish(d.Collect)
	}
	return d
}

// first is the first non-empty string.
func first(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
