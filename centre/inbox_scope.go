package centre

import (
	"context"
	"slices"
)

// MayReadInboxItem is the dossier field rule (data-1) applied to an officer
// inbox item whose procedure is procedureCode: supervisors and admins read
// every item; an officer reads an item only when their counter serves a
// service of a sector whose lĩnh vực list (queue.Sector.LinhVuc) holds the
// procedure's lĩnh vực (the catalogue's sector code) — the officer's fields
// are their counter's services, as for dossiers. An item whose field cannot
// be determined (unknown procedure, a lĩnh vực no sector lists, the dossier
// part not mounted) is the supervisors' only. Decree 13/2023/ND-CP Art. 3.
func (s *Server) MayReadInboxItem(ctx context.Context, p Principal, procedureCode string) bool {
	if p.Role == RoleSupervisor || p.Role == RoleAdmin {
		return true
	}
	if p.Role != RoleOfficer || p.Counter == "" || procedureCode == "" {
		return false
	}
	d, err := s.dossiers()
	if err != nil {
		return false
	}
	proc, ok := d.Catalogue(ctx).Get(procedureCode)
	if !ok || proc.Sector.Code == "" {
		return false
	}
	cfg := s.engine.Config()
	mine, ok := cfg.Counter(p.Counter)
	if !ok {
		return false
	}
	sectors := map[string]bool{}
	for _, sec := range cfg.Sectors {
		if slices.Contains(sec.LinhVuc, proc.Sector.Code) {
			sectors[sec.ID] = true
		}
	}
	for _, sv := range cfg.Services {
		if sectors[sv.Sector] && mine.Serves(sv.ID) {
			return true
		}
	}
	return false
}
