package notify

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// SimPhone is the simulated SMS gateway of the demo (`motcua run`, phone =
// "sim"): every message to a phone is appended, in full, to one text file —
// the citizens' phones of the demo, where one reads the one-time codes of
// /dat-lich and /lay-so. The file is private (0600) and starts again past
// 256 KiB (the previous one kept as FILE.1). Not for a real centre: its
// texts are the citizens' messages.
type SimPhone struct {
	Path string
	mu   sync.Mutex
}

// simMax is where the file starts again.
const simMax = 256 << 10

func (*SimPhone) Name() string { return "sim" }

func (p *SimPhone) Send(_ context.Context, m Message) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if st, err := os.Stat(p.Path); err == nil && st.Size() > simMax {
		os.Rename(p.Path, p.Path+".1")
	}
	f, err := os.OpenFile(p.Path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, store.PrivateFileMode)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(f, "%s  SMS to %s\n  %s\n\n", time.Now().In(queue.Loc).Format("15:04:05 02/01/2006"), m.To, m.Text)
	if err2 := f.Close(); err == nil {
		err = err2
	}
	return err
}
