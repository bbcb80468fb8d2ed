package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/motcua/motcua/portal"
)

// TestInboundSameIDAtOnce: one id put by many calls at once (an agent's
// retry beside its first call still in flight, two agents after a
// restore) is stored once; every other call is answered ErrDuplicate with
// the held item's number, and no number is burnt. On PostgreSQL the calls
// run side by side and all find no item before inserting.
func TestInboundSameIDAtOnce(t *testing.T) {
	eachStore(t, func(t *testing.T, s portal.Store) {
		ctx := context.Background()
		is := s.(portal.InboxStore)
		for round := range 5 {
			id := fmt.Sprintf("TK-000.00.06.H56-231027-%04d-2", round)
			const calls = 24
			var wg sync.WaitGroup
			type res struct {
				in  portal.Inbound
				err error
			}
			out := make([]res, calls)
			start := make(chan struct{})
			for i := range calls {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					in, err := is.PutInbound(ctx, portal.Inbound{Agency: ag, ID: id, Kind: portal.KindHandOver, Doc: []byte(`{}`)})
					out[i] = res{in, err}
				}()
			}
			close(start)
			wg.Wait()
			stored := 0
			for i, r := range out {
				switch {
				case r.err == nil:
					stored++
				case errors.Is(r.err, portal.ErrDuplicate):
				default:
					t.Fatalf("round %d, call %d: %v", round, i, r.err)
				}
				if r.in.Seq != int64(round+1) || r.in.Agency != ag {
					t.Fatalf("round %d, call %d: answered %+v", round, i, r.in)
				}
			}
			if stored != 1 {
				t.Fatalf("round %d: stored %d times", round, stored)
			}
		}
		got, err := is.InboundAfter(ctx, ag, 0, 100)
		if err != nil || len(got) != 5 || got[4].Seq != 5 {
			t.Fatalf("items: %+v %v", got, err)
		}
	})
}
