package inbox

// The warning about inbox items only supervisors see. Officers see an
// online submission or a forwarded dossier only when a sector their
// counter serves lists its procedure's lĩnh vực (queue.Sector.LinhVuc);
// a centre upgraded from a version before linh_vuc has none, so its
// officers see nothing until an administrator fills them in
// (docs/CONFIG.md). The console shows this warning to supervisors and
// administrators (monitor alert, inbox page) and the server logs it at
// start-up.

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"strings"

	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// FieldWarning says which sectors lack lĩnh vực codes and how many waiting
// items are therefore the supervisors' only.
type FieldWarning struct {
	Sectors []queue.Sector // sectors whose linh_vuc list is empty
	Hidden  int            // waiting items whose procedure no sector's list covers
	// Fields are the hidden items by the catalogue's lĩnh vực (code →
	// items; "" for a procedure unknown to the catalogue or unreadable).
	Fields map[string]int
	// FieldNames names the codes of Fields (from the catalogue).
	FieldNames map[string]string
}

// Empty: nothing to warn about.
func (w FieldWarning) Empty() bool { return len(w.Sectors) == 0 && w.Hidden == 0 }

// maxOutside bounds the procedures the warning groups hidden items by.
const maxOutside = 500

// FieldWarning reads the configuration, the catalogue and the waiting items.
func (in *Inbox) FieldWarning(ctx context.Context) (FieldWarning, error) {
	g := in.srv.InboxFieldGaps(ctx)
	w := FieldWarning{Sectors: g.SectorsWithoutLinhVuc, Fields: map[string]int{}, FieldNames: map[string]string{}}
	byProc, err := in.db.InboxOutside(ctx, store.InboxNew, officerKinds, g.Covered, maxOutside)
	if err != nil {
		return w, err
	}
	cat := in.srv.ProcedureCatalogue(ctx)
	for code, n := range byProc {
		w.Hidden += n
		field := ""
		if cat != nil {
			if p, ok := cat.Get(code); ok {
				field = p.Sector.Code
				w.FieldNames[field] = p.Sector.Name
			}
		}
		w.Fields[field] += n
	}
	return w, nil
}

func (w FieldWarning) sectorList(vi bool) string {
	var parts []string
	for _, s := range w.Sectors {
		if vi && s.Name != "" {
			parts = append(parts, fmt.Sprintf("%s (%s)", s.Name, s.ID))
		} else {
			parts = append(parts, s.ID)
		}
	}
	return strings.Join(parts, ", ")
}

// fieldCodes lists the hidden items' lĩnh vực codes, most items first.
func (w FieldWarning) fieldCodes() []string {
	var codes []string
	for c := range w.Fields {
		if c != "" {
			codes = append(codes, c)
		}
	}
	sort.Slice(codes, func(i, j int) bool {
		if w.Fields[codes[i]] != w.Fields[codes[j]] {
			return w.Fields[codes[i]] > w.Fields[codes[j]]
		}
		return codes[i] < codes[j]
	})
	return codes
}

// Vietnamese is the warning as the console shows it.
func (w FieldWarning) Vietnamese() string {
	var b strings.Builder
	if len(w.Sectors) > 0 {
		fmt.Fprintf(&b, "Chưa khai báo mã lĩnh vực thủ tục (linh_vuc) cho %d lĩnh vực: %s. Cán bộ tại quầy của các lĩnh vực này chưa thấy hồ sơ nộp trực tuyến và hồ sơ liên thông. ",
			len(w.Sectors), w.sectorList(true))
	}
	if w.Hidden > 0 {
		fmt.Fprintf(&b, "%d hồ sơ đang chờ tiếp nhận chỉ giám sát viên xem được", w.Hidden)
		var parts []string
		for _, c := range w.fieldCodes() {
			parts = append(parts, fmt.Sprintf("%s – %s: %d", c, w.FieldNames[c], w.Fields[c]))
		}
		if n := w.Fields[""]; n > 0 {
			parts = append(parts, fmt.Sprintf("thủ tục không có trong danh mục: %d", n))
		}
		fmt.Fprintf(&b, " (%s). ", strings.Join(parts, "; "))
	} else {
		b.WriteString("Hiện không có hồ sơ nào đang chờ bị ảnh hưởng. ")
	}
	b.WriteString("Quản trị viên cần khai báo mã lĩnh vực thủ tục cho từng lĩnh vực (Quản trị → Lĩnh vực, quầy, số thứ tự, hoặc mục linh_vuc trong tệp cấu hình).")
	return b.String()
}

// English is the warning in English (the console's English mode, the log).
func (w FieldWarning) English() string {
	var b strings.Builder
	if len(w.Sectors) > 0 {
		fmt.Fprintf(&b, "%d sector(s) have no linh_vuc codes: %s; their counters' officers see no online submissions or forwarded dossiers. ",
			len(w.Sectors), w.sectorList(false))
	}
	if w.Hidden > 0 {
		fmt.Fprintf(&b, "%d waiting inbox item(s) are visible to supervisors only", w.Hidden)
		var parts []string
		for _, c := range w.fieldCodes() {
			parts = append(parts, fmt.Sprintf("%s: %d", c, w.Fields[c]))
		}
		if n := w.Fields[""]; n > 0 {
			parts = append(parts, fmt.Sprintf("procedure not in the catalogue: %d", n))
		}
		fmt.Fprintf(&b, " (%s). ", strings.Join(parts, "; "))
	} else {
		b.WriteString("No waiting item is affected now. ")
	}
	b.WriteString("An administrator sets linh_vuc for each sector (console: Administration → Sectors, or linh_vuc in the config file; docs/CONFIG.md).")
	return b.String()
}

// LogFieldWarning writes the warning to the server log (English), once,
// with the sectors and counts as fields; nothing when all is well.
func (in *Inbox) LogFieldWarning(ctx context.Context, log *slog.Logger) {
	w, err := in.FieldWarning(ctx)
	if err != nil {
		log.Warn("inbox field check failed", "err", err)
		return
	}
	if w.Empty() {
		return
	}
	ids := make([]string, 0, len(w.Sectors))
	for _, s := range w.Sectors {
		ids = append(ids, s.ID)
	}
	log.Warn("officer inbox: "+w.English(), "sectors_without_linh_vuc", ids, "items_supervisors_only", w.Hidden)
}
