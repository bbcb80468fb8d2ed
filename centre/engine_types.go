package centre

import "github.com/motcua/motcua/centre/engine"

// The engine lives in centre/engine; these names keep the callers of the
// centre's API (apps, client, console, extensions) as they were.
type (
	// Engine runs the queue operations (engine.Engine).
	Engine = engine.Engine
	// Actor is who performs an operation (engine.Actor).
	Actor = engine.Actor
	// IssueRequest is what a kiosk asks for (engine.IssueRequest).
	IssueRequest = engine.IssueRequest
	// Issued is a new ticket with where it stands (engine.Issued).
	Issued = engine.Issued
	// TicketView is a ticket with where it stands now (engine.TicketView).
	TicketView = engine.TicketView
)
