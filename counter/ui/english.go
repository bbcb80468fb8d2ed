package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/queue"
)

// The server's Vietnamese texts the window shows, in the window's
// language: dates written out, processing times, return methods and the
// history notes (docs/ENGLISH.md). Vietnamese stays exactly the server's.

// when is a date the server wrote out in Vietnamese (vi), in English from t.
func (v *View) when(t time.Time, vi string) string {
	if v.lang == counter.EN && !t.IsZero() {
		return dossier.FormatAppointmentEN(t)
	}
	return vi
}

func (v *View) procTime(p dossier.ProcessingTime) string {
	if v.lang == counter.EN {
		return p.English()
	}
	return p.Vietnamese()
}

func (v *View) method(m dossier.ReturnMethod) string {
	if v.lang == counter.EN {
		return m.English()
	}
	return m.Vietnamese()
}

func (v *View) note(e dossier.Event) string {
	if v.lang == counter.EN {
		return e.NoteEnglish()
	}
	return e.Note
}

// pauseChoices are the pause reasons the pause panel offers, in the
// window's language (the Vietnamese one is sent: queue.PauseReasonVI).
func (v *View) pauseChoices() []string {
	if v.lang != counter.EN {
		return counter.PauseReasons
	}
	out := make([]string, len(counter.PauseReasons))
	for i, r := range counter.PauseReasons {
		out[i] = queue.PauseReasonEN(r)
	}
	return out
}

// count is key's "%d dossiers" line for n; English says "1 dossier".
func (v *View) count(key string, n int) string {
	s := fmt.Sprintf(v.t(key), n)
	if v.lang == counter.EN && n == 1 {
		s = strings.Replace(s, " dossiers", " dossier", 1)
	}
	return s
}
