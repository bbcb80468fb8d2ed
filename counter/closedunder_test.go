package counter_test

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/engine"
	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/internal/entext"
)

// TestCounterClosedFromConsoleTellsOfficer: a supervisor closes Quầy 1
// (as the console does) while its officer has a number called there: the
// app, still signed in, clears the number and says why, in Vietnamese and
// after the switch in English.
func TestCounterClosedFromConsoleTellsOfficer(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	r, id := leaveRig(t, ctx, false)
	number := r.h.Last().Queue.Current.Number
	back, err := r.env.Srv.Engine().CloseReturning(ctx, centre.Actor{Role: centre.RoleSupervisor}, "q1", "", engine.ReasonCounterClosed)
	if err != nil || len(back) != 1 || back[0].ID != id {
		t.Fatalf("close: %+v %v", back, err)
	}
	want := "Quầy đã được đóng từ bảng điều khiển: số " + number + " đã được trả lại đầu hàng chờ để quầy khác gọi."
	v := r.h.Wait(t, "told", func(v counter.View) bool { return v.Queue.Current == nil && v.Info == want })
	if v.Screen != counter.ScreenMain {
		t.Fatalf("screen %s", v.Screen)
	}
	r.h.Do(func(p *counter.Presenter) { p.SetLang(counter.EN) })
	v = r.h.Wait(t, "in English", func(v counter.View) bool { return v.Info != want })
	if v.Info != "The counter was closed from the console: number "+number+" was put back at the head of its queue for another counter to call." {
		t.Fatalf("English: %q", v.Info)
	}
	if left := entext.Leftovers([]string{v.Info}); len(left) > 0 {
		t.Fatalf("Vietnamese left: %q", left)
	}
}
