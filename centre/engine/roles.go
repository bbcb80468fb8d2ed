package engine

// Roles of officers and enrolled devices. Package centre authenticates
// them; the engine's rules (who may touch a ticket or a dossier) read them.
const (
	RoleOfficer    = "officer"
	RoleSupervisor = "supervisor"
	RoleAdmin      = "admin"
	RoleKiosk      = "kiosk"
	RoleDisplay    = "display"
	RoleCounter    = "counter"
	// RoleRatingPad is a device enrolled only to collect ratings (a tablet
	// facing the citizen at a counter, or a kiosk in rating-only mode). Boards
	// (display) cannot rate.
	RoleRatingPad = "ratingpad"
)
