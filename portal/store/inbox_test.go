package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/motcua/motcua/portal"
)

// Items of one agency are numbered 1, 2, 3… without gaps even when written
// concurrently; other agencies have their own sequence; ids are unique;
// the acknowledged position never moves back.
func TestInboundSequence(t *testing.T) {
	eachStore(t, func(t *testing.T, s portal.Store) {
		ctx := context.Background()
		is := s.(portal.InboxStore)
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for i := range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				agency := ag
				if i%4 == 0 {
					agency = "000.00.07.H56"
				}
				_, err := is.PutInbound(ctx, portal.Inbound{Agency: agency, ID: fmt.Sprintf("NTT-%02d", i), Kind: portal.KindOnline, Doc: []byte(`{}`)})
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		got, err := is.InboundAfter(ctx, ag, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 30 {
			t.Fatalf("%d items for %s, want 30", len(got), ag)
		}
		for i, in := range got {
			if in.Seq != int64(i+1) || in.Agency != ag || in.Kind != portal.KindOnline || string(in.Doc) != `{}` {
				t.Fatalf("item %d: %+v", i, in)
			}
		}
		page, _ := is.InboundAfter(ctx, ag, 28, 100)
		if len(page) != 2 || page[0].Seq != 29 {
			t.Fatalf("after 28: %+v", page)
		}
		other, _ := is.InboundAfter(ctx, "000.00.07.H56", 0, 3)
		if len(other) != 3 || other[2].Seq != 3 {
			t.Fatalf("other agency: %+v", other)
		}
		if dup, err := is.PutInbound(ctx, portal.Inbound{Agency: ag, ID: "NTT-01", Kind: portal.KindOnline, Doc: []byte(`{}`)}); !errors.Is(err, portal.ErrDuplicate) || dup.Seq == 0 {
			t.Fatalf("duplicate id: %+v %v", dup, err)
		}
		if next, _ := is.PutInbound(ctx, portal.Inbound{Agency: ag, ID: "NTT-new", Kind: portal.KindOnline, Doc: []byte(`{}`)}); next.Seq != 31 {
			t.Fatalf("after a refused duplicate the next seq is %d, want 31 (no gap)", next.Seq)
		}
		for _, seq := range []int64{5, 3} {
			if err := is.AckInbound(ctx, ag, seq, vn(2026, 1, 2, 9)); err != nil {
				t.Fatal(err)
			}
		}
		if n, _ := is.InboundAcked(ctx, ag); n != 5 {
			t.Fatalf("acked %d, want 5 (never back)", n)
		}
		if ok, _ := is.AgencyServed(ctx, ag); ok {
			t.Fatal("no centre added, yet agency served")
		}
		if err := s.AddCentre(ctx, portal.Centre{Username: "c1", Hash: "x", Agencies: []string{"000.00.09.H56", ag}}); err != nil {
			t.Fatal(err)
		}
		if ok, _ := is.AgencyServed(ctx, ag); !ok {
			t.Fatal("agency of c1 not served")
		}
		if ok, _ := is.AgencyServed(ctx, "000.00.06.H5"); ok {
			t.Fatal("prefix of an agency served")
		}
	})
}
