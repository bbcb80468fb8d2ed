package ui

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"github.com/motcua/motcua/display"
	"github.com/motcua/motcua/display/displaytest"
	"github.com/motcua/motcua/queue"
)

var t0 = time.Date(2025, 7, 14, 9, 30, 0, 0, queue.Loc)

func sampleBoard() display.Board {
	p := display.New(display.Options{})
	p.Connected(true)
	s := &queue.Snapshot{Seq: 1, CentreName: "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm",
		Notice: "Giờ làm việc: sáng 7:30–11:30, chiều 13:30–17:00. Vui lòng giữ phiếu số thứ tự.",
		Services: []queue.ServiceState{
			{Service: queue.Service{ID: "hotich", Name: "Đăng ký hộ tịch (khai sinh, kết hôn, khai tử)", NameEN: "Civil status registration", Prefix: "A"}, Waiting: 12},
			{Service: queue.Service{ID: "datdai", Name: "Đăng ký đất đai, cấp giấy chứng nhận", Prefix: "C"}, Waiting: 3},
			{Service: queue.Service{ID: "chungthuc", Name: "Chứng thực bản sao, chữ ký", Prefix: "B"}},
			{Service: queue.Service{ID: "xaydung", Name: "Cấp giấy phép xây dựng", Prefix: "D"}},
			{Service: queue.Service{ID: "dkkd", Name: "Đăng ký hộ kinh doanh", Prefix: "E"}},
			{Service: queue.Service{ID: "ldtbxh", Name: "Chính sách người có công, bảo trợ xã hội", Prefix: "G"}},
			{Service: queue.Service{ID: "moitruong", Name: "Tài nguyên – Môi trường", Prefix: "H"}},
		},
		Counters: []queue.CounterLive{
			{ID: "q1", Number: 1, Name: "Quầy 1", Status: "open", Serves: []string{"hotich"}},
			{ID: "q3", Number: 3, Name: "Quầy 3", Status: "open", Serves: []string{"hotich"}},
			{ID: "q4", Number: 4, Name: "Quầy 4", Status: "paused", Reason: "Nghỉ trưa", Serves: []string{"datdai"}},
		}}
	p.Snapshot(s, t0)
	p.Event(queue.Event{Seq: 2, Kind: queue.EvCalled, TicketID: "t1", Number: "A024", Service: "hotich", Counter: "q1", CounterNumber: 1, CounterName: "Quầy 1"}, t0)
	p.Event(queue.Event{Seq: 3, Kind: queue.EvCalled, TicketID: "t2", Number: "A025", Service: "hotich", Counter: "q3", CounterNumber: 3, CounterName: "Quầy 3"}, t0.Add(10*time.Second))
	return p.Board()
}

func texts(o fyne.CanvasObject) []string {
	var out []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *canvas.Text:
			out = append(out, x.Text)
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func saveCapture(t *testing.T, w fyne.Window, name string) {
	dir := filepath.Join("testdata", "out")
	os.MkdirAll(dir, 0o755)
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}

func TestBoardRendersCall(t *testing.T) {
	for _, portrait := range []bool{false, true} {
		name := map[bool]string{false: "landscape", true: "portrait"}[portrait]
		t.Run(name, func(t *testing.T) {
			test.NewTempApp(t)
			v := New(portrait)
			w := test.NewTempWindow(t, v.Object())
			size := fyne.NewSize(1920, 1080)
			if portrait {
				size = fyne.NewSize(1080, 1920)
			}
			w.Resize(size)
			v.Render(sampleBoard(), t0.Add(10*time.Second))
			v.Render(sampleBoard(), t0.Add(10*time.Second)) // a tick re-renders: names stay fitted
			got := texts(v.Object())
			for _, want := range []string{"A025", "» Quầy 3", "Quầy 1", "Quầy 3", "A024", "Tạm dừng: Nghỉ trưa", "12 đang chờ",
				"09:30", "Thứ Hai, 14/07/2025", "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm", "Số vừa gọi"} {
				if !has(got, want) {
					t.Errorf("board lacks %q; has %q", want, got)
				}
			}
			// The recent list: newest first.
			if v.recent[0].num.Text != "A025" || v.recent[1].num.Text != "A024" || v.recent[2].num.Visible() {
				t.Errorf("recent rows: %q %q visible3=%v", v.recent[0].num.Text, v.recent[1].num.Text, v.recent[2].num.Visible())
			}
			// Long service names fit their tile whole (two lines, smaller
			// type), never cut and never drawn over the next tile.
			b := sampleBoard()
			for i, s := range v.services[:len(b.Services)] {
				for _, l := range []*canvas.Text{s.name, s.name2} {
					if l.MinSize().Width > s.bg.Size().Width || l.Position().Y < s.bg.Position().Y ||
						l.Position().Y+l.MinSize().Height > s.bg.Position().Y+s.bg.Size().Height+1 {
						t.Errorf("service name line %q outside its tile", l.Text)
					}
				}
				shown := strings.TrimSpace(s.name.Text + " " + s.name2.Text)
				if want := b.Services[i].Prefix + " · " + b.Services[i].Name; shown != want {
					t.Errorf("service tile shows %q, want the whole name %q", shown, want)
				}
			}
			if v.fnum.Position().Y < v.featBg.Position().Y || v.fctr.Position().Y+v.fctr.Size().Height > v.featBg.Position().Y+v.featBg.Size().Height+1 {
				t.Errorf("featured text outside its box")
			}
			saveCapture(t, w, "board-fyne-"+name+".png")
		})
	}
}

func TestBoardBlinkAndBanner(t *testing.T) {
	test.NewTempApp(t)
	v := New(false)
	w := test.NewTempWindow(t, v.Object())
	w.Resize(fyne.NewSize(1280, 720))
	b := sampleBoard()
	b.Highlight, b.BlinkOn = true, true
	v.Render(b, t0)
	if v.featBg.FillColor != colFlash {
		t.Errorf("blink on: fill %v", v.featBg.FillColor)
	}
	b.BlinkOn = false
	v.Render(b, t0)
	if v.featBg.FillColor != colCard {
		t.Errorf("blink off: fill %v", v.featBg.FillColor)
	}
	if v.banner.Visible() {
		t.Error("banner visible while online")
	}
	b.Online, b.Banner = false, display.Offline
	v.Render(b, t0)
	if !v.banner.Visible() || v.banner.Text != "Mất kết nối, đang kết nối lại…" {
		t.Errorf("offline banner %q visible=%v", v.banner.Text, v.banner.Visible())
	}
	saveCapture(t, w, "board-fyne-offline.png")
}

// The Fyne board follows a real centre server: a call made through the
// officer API appears as the featured call, on its counter and in the list.
func TestBoardFollowsServer(t *testing.T) {
	test.NewTempApp(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	env := displaytest.Start(t, nil)
	env.Issue(ctx, "hotich")
	v := New(false)
	w := test.NewTempWindow(t, v.Object())
	w.Resize(fyne.NewSize(1920, 1080))
	p := display.New(display.Options{})
	var mu sync.Mutex // the single dispatch: stands in for the Fyne goroutine
	cond := sync.NewCond(&mu)
	go display.Run(ctx, env.DisplayClient(), p, display.RunOptions{
		Dispatch: func(f func()) { mu.Lock(); defer mu.Unlock(); f(); cond.Broadcast() },
		Render:   func(b display.Board) { v.Render(b, time.Now()) },
		Tick:     50 * time.Millisecond,
	})
	wait := func(what string, ok func() bool) {
		t.Helper()
		guard := time.AfterFunc(20*time.Second, func() { mu.Lock(); cond.Broadcast(); mu.Unlock() })
		defer guard.Stop()
		start := time.Now()
		mu.Lock()
		defer mu.Unlock()
		for !ok() {
			if time.Since(start) > 20*time.Second {
				t.Fatalf("board never showed %s: %q", what, texts(v.Object()))
			}
			cond.Wait()
		}
	}
	wait("the snapshot", func() bool { return v.Board().Ready })
	n := env.CallNext(ctx, "q3")
	wait(n, func() bool { return v.fnum.Text == n })
	mu.Lock()
	defer mu.Unlock()
	if v.fctr.Text != "» Quầy 3" || v.recent[0].num.Text != n || v.counters[2].num.Text != n {
		t.Errorf("after call: %q %q %q", v.fctr.Text, v.recent[0].num.Text, v.counters[2].num.Text)
	}
	if !strings.Contains(strings.Join(texts(v.Object()), "|"), "Đang gọi") {
		t.Error("counter status missing")
	}
}

// TestBoardEnglish: --lang en shows the board's words in English; the
// officer's pause reason is kept as typed.
func TestBoardEnglish(t *testing.T) {
	test.NewTempApp(t)
	v := New(false)
	v.SetEnglish(true)
	w := test.NewTempWindow(t, v.Object())
	w.Resize(fyne.NewSize(1920, 1080))
	b := sampleBoard()
	// a counter with an English name in the config, and one with a name of
	// its own but no English one ("Counter N", not the Vietnamese name)
	b.Counters = append(b.Counters,
		display.CounterRow{ID: "q9", Number: 9, Name: "Quầy 9 – Công an phường", NameEN: "Counter 9 – Ward police", Status: "open"},
		display.CounterRow{ID: "q10", Number: 10, Name: "Quầy 10 – Một cửa liên thông", Status: "open"})
	v.Render(b, t0.Add(10*time.Second))
	got := texts(v.Object())
	var names []string
	for i := range b.Counters {
		names = append(names, v.counters[i].fullName)
	}
	if !slices.Contains(names, "Counter 9 – Ward police") || !slices.Contains(names, "Counter 10") {
		t.Errorf("English counter names %q", names)
	}
	for _, want := range []string{"NOW CALLING", "Recent calls", "» Counter 3", "Counter 1", "Calling", "Paused: Lunch break",
		"12 waiting", "Monday, 14/07/2025", "09:30"} {
		if !has(got, want) {
			t.Errorf("English board lacks %q; has %q", want, got)
		}
	}
	if s := strings.TrimSpace(v.services[0].name.Text + " " + v.services[0].name2.Text); s != "A · Civil status registration" {
		t.Errorf("service tile %q", s)
	}
	for _, vi := range []string{"MỜI SỐ", "Số vừa gọi", "Quầy 3", "Công an phường", "Một cửa"} {
		if has(got, vi) {
			t.Errorf("English board still shows %q", vi)
		}
	}
	saveCapture(t, w, "board-fyne-en.png")
}

// On a 1024×768 screen (a projector, an old TV) the counter tiles are half
// as wide as on a 1080p TV: a counter's name and its number never overlap,
// a long name ("Quầy 9 – Công an phường") shrinks or is cut with "…" inside
// its tile, and the service tiles' names share one font size.
func TestBoardNarrowScreen(t *testing.T) {
	test.NewTempApp(t)
	v := New(false)
	w := test.NewTempWindow(t, v.Object())
	w.Resize(fyne.NewSize(1024, 768))
	p := display.New(display.Options{})
	p.Connected(true)
	s := &queue.Snapshot{Seq: 1, CentreName: "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm",
		Services: sampleBoardServices(),
		Counters: []queue.CounterLive{
			{ID: "q1", Number: 1, Name: "Quầy 1", Status: "open", Serves: []string{"hotich"}},
			{ID: "q2", Number: 2, Name: "Quầy 2", Status: "open", Serves: []string{"hotich"}},
			{ID: "q9", Number: 9, Name: "Quầy 9 – Công an phường", Status: "open", Serves: []string{"hotich"}},
			{ID: "q10", Number: 10, Name: "Quầy 10", Status: "closed"},
			{ID: "q11", Number: 11, Name: "Quầy 11 – Bảo hiểm xã hội và thuế", Status: "open", Serves: []string{"hotich"}},
		}}
	p.Snapshot(s, t0)
	for i, k := range []string{"q1", "q2", "q9", "q11"} {
		p.Event(queue.Event{Seq: int64(2 + i), Kind: queue.EvCalled, TicketID: "t" + k, Number: "A10" + string(rune('0'+i)), Service: "hotich", Counter: k}, t0)
	}
	v.Render(p.Board(), t0)
	v.Render(p.Board(), t0.Add(time.Second))
	for i, k := range p.Board().Counters {
		c := v.counters[i]
		nameRight := c.name.Position().X + fyne.MeasureText(c.name.Text, c.name.TextSize, c.name.TextStyle).Width
		numLeft := c.num.Position().X + c.num.Size().Width - fyne.MeasureText(c.num.Text, c.num.TextSize, c.num.TextStyle).Width
		tileRight := c.bg.Position().X + c.bg.Size().Width
		if nameRight > numLeft {
			t.Errorf("counter %s: name %q (to x=%.0f) runs into its number %q (from x=%.0f)", k.ID, c.name.Text, nameRight, c.num.Text, numLeft)
		}
		if c.num.Position().X+c.num.Size().Width > tileRight {
			t.Errorf("counter %s: number %q past its tile", k.ID, c.num.Text)
		}
		if c.name.Text == "" || c.num.Text == "" {
			t.Errorf("counter %s: empty name %q or number %q", k.ID, c.name.Text, c.num.Text)
		}
	}
	if c := v.counters[0]; c.name.Text != "Quầy 1" || c.num.Text != "A100" {
		t.Errorf("a short name is shown whole: %q %q", c.name.Text, c.num.Text)
	}
	size := v.services[0].name.TextSize
	for _, s := range v.services[:len(p.Board().Services)] {
		if s.name.TextSize != size || (s.name2.Text != "" && s.name2.TextSize != size) {
			t.Errorf("service tiles in different sizes: %q %.1f vs %.1f", s.name.Text, s.name.TextSize, size)
		}
	}
	saveCapture(t, w, "board-fyne-1024.png")
}

func sampleBoardServices() []queue.ServiceState {
	return []queue.ServiceState{
		{Service: queue.Service{ID: "hotich", Name: "Đăng ký hộ tịch (khai sinh, kết hôn, khai tử)", Prefix: "A"}, Waiting: 12},
		{Service: queue.Service{ID: "chungthuc", Name: "Chứng thực bản sao, chữ ký, hợp đồng", Prefix: "B"}},
		{Service: queue.Service{ID: "datdai", Name: "Đăng ký đất đai, cấp Giấy chứng nhận", Prefix: "C"}},
		{Service: queue.Service{ID: "xaydung", Name: "Giấy phép xây dựng nhà ở riêng lẻ", Prefix: "D"}},
		{Service: queue.Service{ID: "dkkd", Name: "Đăng ký hộ kinh doanh", Prefix: "E"}},
		{Service: queue.Service{ID: "ldtbxh", Name: "Bảo trợ xã hội, người có công", Prefix: "G"}},
		{Service: queue.Service{ID: "cutru", Name: "Đăng ký thường trú, tạm trú (Công an phường)", Prefix: "H"}},
	}
}
