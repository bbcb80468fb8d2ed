package centre

import (
	"context"
	"slices"
	"strings"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/queue"
)

// InboxScope is what of the officer inbox a principal may read: every item
// (All) or the items whose procedure is one of Procedures (upper-case
// short and long codes, as the inbox_field column holds them).
type InboxScope struct {
	All        bool
	Procedures []string
}

// Has tells whether an item of procedure code is in the scope.
func (sc InboxScope) Has(code string) bool {
	if sc.All {
		return true
	}
	code = strings.ToUpper(strings.TrimSpace(code))
	return code != "" && slices.Contains(sc.Procedures, code)
}

// InboxScopeOf is the dossier field rule (data-1) applied to the officer
// inbox: supervisors and admins read every item; an officer reads an item
// only when their counter serves a service of a sector whose lĩnh vực list
// (queue.Sector.LinhVuc) holds the procedure's lĩnh vực (the catalogue's
// sector code) — the officer's fields are their counter's services, as for
// dossiers. An item whose field cannot be determined (unknown procedure, a
// lĩnh vực no sector lists, the dossier part not mounted) is the
// supervisors' only. Decree 13/2023/ND-CP Art. 3.
func (s *Server) InboxScopeOf(ctx context.Context, p Principal) InboxScope {
	if p.Role == RoleSupervisor || p.Role == RoleAdmin {
		return InboxScope{All: true}
	}
	if p.Role != RoleOfficer || p.Counter == "" {
		return InboxScope{}
	}
	cfg := s.engine.Config()
	mine, ok := cfg.Counter(p.Counter)
	if !ok {
		return InboxScope{}
	}
	sectors := map[string]bool{}
	for _, sv := range cfg.Services {
		if mine.Serves(sv.ID) {
			sectors[sv.Sector] = true
		}
	}
	fields := map[string]bool{}
	for _, sec := range cfg.Sectors {
		if sectors[sec.ID] {
			for _, lv := range sec.LinhVuc {
				fields[lv] = true
			}
		}
	}
	return InboxScope{Procedures: s.proceduresOf(ctx, fields)}
}

// proceduresOf lists the catalogue's procedures (short and long codes, upper
// case) whose lĩnh vực is in fields.
func (s *Server) proceduresOf(ctx context.Context, fields map[string]bool) []string {
	if len(fields) == 0 {
		return nil
	}
	d, err := s.dossiers()
	if err != nil {
		return nil
	}
	var out []string
	for _, proc := range d.Catalogue(ctx).All() {
		if proc.Sector.Code == "" || !fields[proc.Sector.Code] {
			continue
		}
		out = append(out, strings.ToUpper(proc.Code))
		if proc.LongCode != "" {
			out = append(out, strings.ToUpper(proc.LongCode))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// MayReadInboxItem tells whether p may read an inbox item whose procedure
// is procedureCode (InboxScopeOf).
func (s *Server) MayReadInboxItem(ctx context.Context, p Principal, procedureCode string) bool {
	return s.InboxScopeOf(ctx, p).Has(procedureCode)
}

// InboxFieldGaps is why officers may not see inbox items: the sectors
// whose lĩnh vực list is empty (typical of a centre upgraded from a
// version before linh_vuc), and the procedures some sector's list covers
// (an item of any other procedure is the supervisors' only).
type InboxFieldGaps struct {
	SectorsWithoutLinhVuc []queue.Sector
	Covered               []string // upper-case short and long codes
}

// InboxFieldGaps reads the current configuration and catalogue.
func (s *Server) InboxFieldGaps(ctx context.Context) InboxFieldGaps {
	var g InboxFieldGaps
	fields := map[string]bool{}
	for _, sec := range s.engine.Config().Sectors {
		if len(sec.LinhVuc) == 0 {
			g.SectorsWithoutLinhVuc = append(g.SectorsWithoutLinhVuc, sec)
		}
		for _, lv := range sec.LinhVuc {
			fields[lv] = true
		}
	}
	g.Covered = s.proceduresOf(ctx, fields)
	return g
}

// ProcedureCatalogue is the dossier part's catalogue (the seed overlaid
// with what the sync agent pulled); nil when the dossier part is not mounted.
func (s *Server) ProcedureCatalogue(ctx context.Context) *dossier.Catalogue {
	d, err := s.dossiers()
	if err != nil {
		return nil
	}
	return d.Catalogue(ctx)
}
