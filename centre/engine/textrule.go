package engine

// The free texts of dossier requests and of liên thông items go through the
// one rule of internal/textrule (docs/SECURITY.md, "Free text: invisible
// characters"), here at the engine's door, so the counter, the console and
// the inbox store the same text as the portal and the other centre.

import "github.com/motcua/motcua/internal/textrule"

// tidy cleans an action's typed texts: one-line names and places, multi-line
// reasons and results.
func (q *ActRequest) tidy() {
	q.Reason, q.Result = textrule.Block(q.Reason), textrule.Block(q.Result)
	// Place and CollectedBy of a resend: ResendHandOver refuses a control with its message.
	q.CollectedBy, q.Department, q.Place = textrule.FormLine(q.CollectedBy), textrule.Line(q.Department), textrule.FormLine(q.Place)
	for i := range q.Missing {
		q.Missing[i] = textrule.Line(q.Missing[i])
	}
	for i := range q.Components {
		q.Components[i].Name, q.Components[i].Note = textrule.Line(q.Components[i].Name), textrule.Line(q.Components[i].Note)
	}
	for i := range q.Fees {
		q.Fees[i].Name = textrule.Line(q.Fees[i].Name)
	}
}

// cleanNotice: the hall notice is typed by a supervisor and shown on every board.
func cleanNotice(s string) string { return textrule.Block(s) }

// tidy cleans a reception's typed texts; a control character is left for
// validate to refuse with its message (textrule.FormLine).
func (q *ReceiveRequest) tidy() {
	a := &q.Applicant
	a.Name, a.Address, q.Summary = textrule.FormLine(a.Name), textrule.FormLine(a.Address), textrule.FormLine(q.Summary)
	q.ReturnAddress, q.AppointmentReason = textrule.FormLine(q.ReturnAddress), textrule.Block(q.AppointmentReason)
	for i := range q.Components {
		q.Components[i].Name, q.Components[i].Note = textrule.FormLine(q.Components[i].Name), textrule.FormLine(q.Components[i].Note)
	}
	for i := range q.Fees {
		q.Fees[i].Name = textrule.FormLine(q.Fees[i].Name)
	}
}
