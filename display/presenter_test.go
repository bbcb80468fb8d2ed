package display

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/motcua/motcua/queue"
)

var t0 = time.Date(2025, 7, 14, 9, 0, 0, 0, queue.Loc)

func snap(seq int64) *queue.Snapshot {
	return &queue.Snapshot{
		Seq: seq, CentreName: "Trung tâm Phục vụ hành chính công", Notice: "Giờ làm việc 7:30–17:00",
		Services: []queue.ServiceState{
			{Service: queue.Service{ID: "hotich", Name: "Hộ tịch", Prefix: "A"}, Waiting: 4},
			{Service: queue.Service{ID: "datdai", Name: "Đất đai", Prefix: "C"}, Waiting: 2},
		},
		Counters: []queue.CounterLive{
			{ID: "q1", Number: 1, Name: "Quầy 1", Status: "open", Serves: []string{"hotich"}},
			{ID: "q2", Number: 2, Name: "Quầy 2", Status: "open", Serves: []string{"hotich"}},
			{ID: "q4", Number: 4, Name: "Quầy 4", Status: "closed", Serves: []string{"datdai"}},
		},
		Recent: []queue.Call{},
	}
}

func called(seq int64, number, counter string, n int) queue.Event {
	svc := "hotich"
	if number[0] == 'C' {
		svc = "datdai"
	}
	return queue.Event{Seq: seq, Kind: queue.EvCalled, TicketID: "t-" + number, Number: number, Service: svc,
		Counter: counter, CounterNumber: n, CounterName: fmt.Sprintf("Quầy %d", n), Waiting: map[string]int{svc: 3}}
}

func ev(seq int64, kind, number string) queue.Event {
	return queue.Event{Seq: seq, Kind: kind, TicketID: "t-" + number, Number: number}
}

func current(b Board) map[string]string {
	m := map[string]string{}
	for _, k := range b.Counters {
		m[k.ID] = k.Current
	}
	return m
}

func recent(b Board) []string {
	var out []string
	for _, c := range b.Recent {
		out = append(out, c.Number)
	}
	return out
}

func featured(b Board) string {
	if b.Featured == nil {
		return ""
	}
	return b.Featured.FeaturedText()
}

func TestCallShowsOnBoard(t *testing.T) {
	var announced []string
	p := New(Options{Announce: func(c Call) { announced = append(announced, c.Text()) }})
	if b := p.Board(); b.Ready || b.Banner == "" {
		t.Fatalf("before snapshot: ready=%v banner=%q", b.Ready, b.Banner)
	}
	p.Connected(true)
	p.Snapshot(snap(10), t0)
	p.Event(called(11, "A025", "q2", 2), t0)
	b := p.Board()
	if got := featured(b); got != "A025 » Quầy 2" {
		t.Errorf("featured = %q", got)
	}
	if !b.Highlight || !b.BlinkOn {
		t.Errorf("new call not highlighted: %+v", b)
	}
	if got := current(b)["q2"]; got != "A025" {
		t.Errorf("q2 current = %q", got)
	}
	if b.Services[0].Waiting != 3 {
		t.Errorf("waiting hotich = %d, want 3", b.Services[0].Waiting)
	}
	if want := []string{"Xin mời công dân có số thứ tự A025 đến quầy số 2"}; !slices.Equal(announced, want) {
		t.Errorf("announced %q", announced)
	}
	p.Tick(t0.Add(700 * time.Millisecond))
	if b := p.Board(); b.BlinkOn || !b.Highlight {
		t.Errorf("blink phase at 700ms: on=%v highlight=%v", b.BlinkOn, b.Highlight)
	}
	p.Tick(t0.Add(6 * time.Second))
	if b := p.Board(); b.Highlight || featured(b) != "A025 » Quầy 2" {
		t.Errorf("after highlight: highlight=%v featured=%q", b.Highlight, featured(b))
	}
}

func TestEventSequences(t *testing.T) {
	type step struct {
		ev   queue.Event
		tick time.Duration // tick after the event, from t0
	}
	tests := []struct {
		name         string
		steps        []step
		wantCurrent  map[string]string
		wantRecent   []string
		wantFeatured string
		wantNotice   string
	}{
		{
			name:         "finish clears counter, keeps recent",
			steps:        []step{{called(11, "A001", "q1", 1), 0}, {ev(12, queue.EvStarted, "A001"), time.Second}, {ev(13, queue.EvFinished, "A001"), 10 * time.Second}},
			wantCurrent:  map[string]string{"q1": "", "q2": "", "q4": ""},
			wantRecent:   []string{"A001"},
			wantFeatured: "",
		},
		{
			name: "next call replaces counter's number",
			steps: []step{{called(11, "A001", "q1", 1), 0}, {ev(12, queue.EvFinished, "A001"), 6 * time.Second},
				{called(13, "A002", "q1", 1), 7 * time.Second}},
			wantCurrent:  map[string]string{"q1": "A002", "q2": "", "q4": ""},
			wantRecent:   []string{"A002", "A001"},
			wantFeatured: "A002 » Quầy 1",
		},
		{
			name:         "transfer without counter field still clears by ticket",
			steps:        []step{{called(11, "A003", "q2", 2), 0}, {ev(12, queue.EvTransferred, "A003"), 10 * time.Second}},
			wantCurrent:  map[string]string{"q1": "", "q2": "", "q4": ""},
			wantRecent:   []string{"A003"},
			wantFeatured: "",
		},
		{
			name:         "duplicate and old events ignored",
			steps:        []step{{called(11, "A004", "q1", 1), 0}, {called(11, "A004", "q1", 1), 0}, {called(9, "A999", "q2", 2), 0}},
			wantCurrent:  map[string]string{"q1": "A004", "q2": "", "q4": ""},
			wantRecent:   []string{"A004"},
			wantFeatured: "A004 » Quầy 1",
		},
		{
			name:         "notice event replaces notice",
			steps:        []step{{queue.Event{Seq: 11, Kind: queue.EvNotice, Text: "Hôm nay nghỉ lúc 16:00"}, 0}},
			wantCurrent:  map[string]string{"q1": "", "q2": "", "q4": ""},
			wantFeatured: "",
			wantNotice:   "Hôm nay nghỉ lúc 16:00",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := New(Options{})
			p.Connected(true)
			p.Snapshot(snap(10), t0)
			for _, s := range tt.steps {
				p.Event(s.ev, t0.Add(s.tick))
				p.Tick(t0.Add(s.tick))
			}
			b := p.Board()
			if got := current(b); fmt.Sprint(got) != fmt.Sprint(tt.wantCurrent) {
				t.Errorf("current = %v, want %v", got, tt.wantCurrent)
			}
			if got := recent(b); !slices.Equal(got, tt.wantRecent) {
				t.Errorf("recent = %v, want %v", got, tt.wantRecent)
			}
			if got := featured(b); got != tt.wantFeatured {
				t.Errorf("featured = %q, want %q", got, tt.wantFeatured)
			}
			want := tt.wantNotice
			if want == "" {
				want = "Giờ làm việc 7:30–17:00"
			}
			if b.Notice != want {
				t.Errorf("notice = %q", b.Notice)
			}
		})
	}
}

func TestBurstOfCallsQueued(t *testing.T) {
	var announced []string
	p := New(Options{MinShow: 5 * time.Second, Announce: func(c Call) { announced = append(announced, c.Number) }})
	p.Snapshot(snap(10), t0)
	p.Event(called(11, "A001", "q1", 1), t0)
	p.Event(called(12, "A002", "q2", 2), t0.Add(100*time.Millisecond))
	p.Event(called(13, "C001", "q4", 4), t0.Add(200*time.Millisecond))
	b := p.Board()
	if featured(b) != "A001 » Quầy 1" || b.Pending != 2 {
		t.Fatalf("featured %q pending %d", featured(b), b.Pending)
	}
	if got := recent(b); !slices.Equal(got, []string{"C001", "A002", "A001"}) {
		t.Errorf("recent = %v", got)
	}
	// Each call holds the large area for MinShow, then the next one comes.
	for _, tc := range []struct {
		at   time.Duration
		want string
	}{{4900 * time.Millisecond, "A001 » Quầy 1"}, {5 * time.Second, "A002 » Quầy 2"}, {9 * time.Second, "A002 » Quầy 2"}, {10 * time.Second, "C001 » Quầy 4"}, {60 * time.Second, "C001 » Quầy 4"}} {
		p.Tick(t0.Add(tc.at))
		if got := featured(p.Board()); got != tc.want {
			t.Errorf("at %v featured = %q, want %q", tc.at, got, tc.want)
		}
	}
	if !slices.Equal(announced, []string{"A001", "A002", "C001"}) {
		t.Errorf("announced %v", announced)
	}
}

func TestRecallReannounces(t *testing.T) {
	var announced []string
	p := New(Options{Announce: func(c Call) { announced = append(announced, fmt.Sprintf("%s %v", c.Number, c.Recall)) }})
	p.Snapshot(snap(10), t0)
	p.Event(called(11, "A001", "q1", 1), t0)
	r := called(12, "A001", "q1", 1)
	r.Kind = queue.EvRecalled
	p.Event(r, t0.Add(20*time.Second))
	if !p.Board().Highlight {
		t.Error("recall not highlighted")
	}
	if !slices.Equal(announced, []string{"A001 false", "A001 true"}) {
		t.Errorf("announced %v", announced)
	}
	if got := recent(p.Board()); !slices.Equal(got, []string{"A001", "A001"}) {
		t.Errorf("recent = %v", got)
	}
}

func TestRecentBoundedToTen(t *testing.T) {
	p := New(Options{})
	p.Snapshot(snap(0), t0)
	for i := 1; i <= 15; i++ {
		p.Event(called(int64(i), fmt.Sprintf("A%03d", i), "q1", 1), t0.Add(time.Duration(i)*time.Minute))
	}
	got := recent(p.Board())
	if len(got) != 10 || got[0] != "A015" || got[9] != "A006" {
		t.Errorf("recent = %v", got)
	}
}

func TestFilteredBoard(t *testing.T) {
	tests := []struct {
		name         string
		f            Filter
		wantCounters []string
		wantServices []string
		wantRecent   []string
	}{
		{"counters", Filter{Counters: []string{"q1", "q4"}}, []string{"q1", "q4"}, []string{"hotich", "datdai"}, []string{"C001", "A001"}},
		{"services", Filter{Services: []string{"datdai"}}, []string{"q4"}, []string{"datdai"}, []string{"C001"}},
		{"both", Filter{Counters: []string{"q1", "q2"}, Services: []string{"hotich"}}, []string{"q1", "q2"}, []string{"hotich"}, []string{"A002", "A001"}},
		{"none", Filter{}, []string{"q1", "q2", "q4"}, []string{"hotich", "datdai"}, []string{"C001", "A002", "A001"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var announced []string
			p := New(Options{Filter: tt.f, Announce: func(c Call) { announced = append(announced, c.Number) }})
			p.Snapshot(snap(10), t0)
			p.Event(called(11, "A001", "q1", 1), t0)
			p.Event(called(12, "A002", "q2", 2), t0)
			p.Event(called(13, "C001", "q4", 4), t0)
			p.Tick(t0.Add(time.Minute))
			p.Tick(t0.Add(2 * time.Minute))
			b := p.Board()
			var ks, ss []string
			for _, k := range b.Counters {
				ks = append(ks, k.ID)
			}
			for _, s := range b.Services {
				ss = append(ss, s.ID)
			}
			if !slices.Equal(ks, tt.wantCounters) || !slices.Equal(ss, tt.wantServices) {
				t.Errorf("counters %v services %v", ks, ss)
			}
			if got := recent(b); !slices.Equal(got, tt.wantRecent) {
				t.Errorf("recent = %v, want %v", got, tt.wantRecent)
			}
			if want := slices.Clone(tt.wantRecent); true {
				slices.Reverse(want)
				if !slices.Equal(announced, want) {
					t.Errorf("announced %v, want %v", announced, want)
				}
			}
		})
	}
}

func TestReconnectReplayFillsGap(t *testing.T) {
	var announced []string
	p := New(Options{Announce: func(c Call) { announced = append(announced, c.Number) }})
	p.Connected(true)
	p.Snapshot(snap(10), t0)
	p.Event(called(11, "A001", "q1", 1), t0)
	p.Connected(false)
	if b := p.Board(); b.Banner != Offline || b.Online {
		t.Fatalf("offline banner = %q", b.Banner)
	}
	// While offline the last state stays; the replay after ?since=11 brings
	// the calls made meanwhile, which are announced.
	p.Connected(true)
	p.Event(ev(12, queue.EvFinished, "A001"), t0.Add(30*time.Second))
	p.Event(called(13, "A002", "q1", 1), t0.Add(30*time.Second))
	b := p.Board()
	if b.Banner != "" || current(b)["q1"] != "A002" || featured(b) != "A002 » Quầy 1" {
		t.Errorf("after replay: banner %q current %v featured %q", b.Banner, current(b), featured(b))
	}
	if !slices.Equal(announced, []string{"A001", "A002"}) {
		t.Errorf("announced %v", announced)
	}
}

func TestRecoverySnapshotClearsStaleCall(t *testing.T) {
	var announced []string
	p := New(Options{Announce: func(c Call) { announced = append(announced, c.Number) }})
	p.Snapshot(snap(10), t0)
	p.Event(called(11, "A001", "q1", 1), t0)
	p.Event(called(12, "A002", "q2", 2), t0) // queued behind A001
	p.Connected(false)
	// Long outage: the server answers the resume with a fresh snapshot in
	// which A001 and A002 are done and C007 is at q4.
	s := snap(500)
	s.Counters[2].Status = "open"
	s.Counters[2].Current = &queue.Call{TicketID: "t-C007", Number: "C007", Counter: "q4", Status: queue.Serving}
	s.Recent = []queue.Call{{TicketID: "t-C007", Number: "C007", Service: "datdai", Counter: "q4", CounterNumber: 4, CounterName: "Quầy 4"},
		{TicketID: "t-A002", Number: "A002", Service: "hotich", Counter: "q2", CounterNumber: 2, CounterName: "Quầy 2"}}
	p.Connected(true)
	p.Snapshot(s, t0.Add(10*time.Minute))
	p.Tick(t0.Add(10*time.Minute + time.Second))
	b := p.Board()
	if got := featured(b); got != "C007 » Quầy 4" {
		t.Errorf("featured = %q, want the current C007, not a stale call", got)
	}
	if b.Highlight || b.Pending != 0 {
		t.Errorf("resync must not blink or queue: highlight %v pending %d", b.Highlight, b.Pending)
	}
	if got := current(b); got["q1"] != "" || got["q4"] != "C007" || !b.Counters[2].Serving {
		t.Errorf("current = %v", got)
	}
	if !slices.Equal(announced, []string{"A001"}) {
		t.Errorf("announced %v (A002 was dropped with the resync; snapshot calls are not re-announced)", announced)
	}
	// Nobody current at all: nothing featured.
	p.Snapshot(snap(600), t0.Add(20*time.Minute))
	if got := featured(p.Board()); got != "" {
		t.Errorf("featured = %q, want none", got)
	}
}

func TestCounterStatus(t *testing.T) {
	p := New(Options{})
	p.Snapshot(snap(10), t0)
	p.Event(queue.Event{Seq: 11, Kind: queue.EvPaused, Counter: "q1", Reason: "Nghỉ giải lao"}, t0)
	p.Event(queue.Event{Seq: 12, Kind: queue.EvCounterOpen, Counter: "q4"}, t0)
	b := p.Board()
	if got := b.Counters[0].StatusText(); got != "Tạm dừng: Nghỉ giải lao" {
		t.Errorf("q1 status %q", got)
	}
	if got := b.Counters[2].StatusText(); got != "Đang chờ gọi số" {
		t.Errorf("q4 status %q", got)
	}
	p.Event(queue.Event{Seq: 13, Kind: queue.EvUnpaused, Counter: "q1"}, t0)
	p.Event(queue.Event{Seq: 14, Kind: queue.EvCounterShut, Counter: "q4"}, t0)
	b = p.Board()
	if b.Counters[0].Status != "open" || b.Counters[2].StatusText() != "Đóng" {
		t.Errorf("after resume/close: %+v", b.Counters)
	}
}

func TestDateText(t *testing.T) {
	if got := DateText(t0); got != "Thứ Hai, 14/07/2025" {
		t.Errorf("DateText = %q", got)
	}
	if got := ClockText(t0.Add(65 * time.Second)); got != "09:01" {
		t.Errorf("ClockText = %q", got)
	}
	// A machine on UTC: 10:07 UTC on Sunday is 17:07 on Sunday in Vietnam,
	// and 20:30 UTC on Sunday is already Monday there.
	utc := time.Date(2026, 12, 6, 10, 7, 0, 0, time.UTC)
	if got := ClockText(utc); got != "17:07" {
		t.Errorf("ClockText(10:07 UTC) = %q, want 17:07", got)
	}
	if got := DateText(time.Date(2026, 12, 6, 20, 30, 0, 0, time.UTC)); got != "Thứ Hai, 07/12/2026" {
		t.Errorf("DateText(Sunday 20:30 UTC) = %q, want Monday 07/12", got)
	}
}

// TestAwayCounterNoGhostCall: after a crash and restart the server pauses a
// counter whose app did not come back (centre.AwayReason). The board says
// so and its last call is not the hall's big call, from a snapshot (a board
// started after the restart) or from the event (a board that stayed up).
func TestAwayCounterNoGhostCall(t *testing.T) {
	s := snap(50)
	s.Counters[0].Status, s.Counters[0].Reason = "paused", AwayReason
	s.Counters[0].Current = &queue.Call{TicketID: "t-B001", Number: "B001", Counter: "q1", Status: queue.Called}
	s.Recent = []queue.Call{{TicketID: "t-B001", Number: "B001", Service: "hotich", Counter: "q1", CounterNumber: 1, CounterName: "Quầy 1"}}
	p := New(Options{})
	p.Snapshot(s, t0)
	p.Tick(t0.Add(time.Second))
	b := p.Board()
	if got := featured(b); got != "" {
		t.Errorf("featured = %q: a ghost call of a counter whose app is gone", got)
	}
	if got := b.Counters[0].StatusText(); got != "Quầy tạm vắng" {
		t.Errorf("q1 status %q, want Quầy tạm vắng", got)
	}

	// A board that stayed up: B001 called at q1, then q1's app is gone.
	p = New(Options{})
	p.Snapshot(snap(10), t0)
	p.Event(called(11, "A001", "q1", 1), t0)
	if got := featured(p.Board()); got != "A001 » Quầy 1" {
		t.Fatalf("featured = %q", got)
	}
	p.Event(queue.Event{Seq: 12, Kind: queue.EvPaused, Counter: "q1", Reason: AwayReason}, t0.Add(time.Minute))
	p.Tick(t0.Add(time.Minute + time.Second))
	b = p.Board()
	if got := featured(b); got != "" {
		t.Errorf("featured = %q after q1 went away", got)
	}
	if b.Counters[0].Current != "A001" || b.Counters[0].StatusText() != "Quầy tạm vắng" {
		t.Errorf("q1 panel: %q %q", b.Counters[0].Current, b.Counters[0].StatusText())
	}
	// The officer is back (the app reconnected): the counter is open again.
	p.Event(queue.Event{Seq: 13, Kind: queue.EvUnpaused, Counter: "q1"}, t0.Add(2*time.Minute))
	if got := p.Board().Counters[0].StatusText(); got != "Đang gọi" {
		t.Errorf("q1 status after coming back %q", got)
	}
}
