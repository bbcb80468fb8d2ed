package kiosk_test

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/hardware/printer"
	"github.com/motcua/motcua/hardware/serialport"
	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/internal/kiosktest"
)

// BenchmarkTapToPrinter measures the citizen's last tap ("not a priority
// group") to the ticket fully received and cut by the printer: the issue
// round trip to a real centre server on loopback, the layout (Vietnamese
// raster lines, raster QR) and the serial transfer to a simulated printer
// on a pty at 115200 baud (a pty does not pace bytes like a real UART).
func BenchmarkTapToPrinter(b *testing.B) {
	env := kiosktest.Start(b)
	sp := kiosktest.Printer(b)
	prn := printer.Open(context.Background(), printer.Config{
		Port: serialport.Config{Path: sp.Path(), Baud: 115200}, FailFast: true, PollInterval: -1,
		Log: slog.New(slog.DiscardHandler),
	})
	b.Cleanup(func() { prn.Close() })
	c, err := client.New(env.URL, env.KioskToken)
	if err != nil {
		b.Fatal(err)
	}
	var mu sync.Mutex
	p := kiosk.New(kiosk.Options{API: kiosk.NewAPI(c), Printer: prn, Profile: escpos.Default, PublicURL: "http://192.168.1.10:8080",
		Dispatch: func(f func()) { mu.Lock(); defer mu.Unlock(); f() },
		Render:   func(kiosk.View) {}, Log: slog.New(slog.DiscardHandler)})
	do := func(f func()) { mu.Lock(); f(); mu.Unlock(); p.Wait() }
	do(func() { p.Start(context.Background()) })
	services := []string{"hotich", "chungthuc"}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		do(p.Home)
		do(p.TakeNumber)
		do(func() { p.ChooseSector("tuphap") })
		do(func() { p.ChooseService(services[i%2]) })
		b.StartTimer()
		t0 := time.Now()
		mu.Lock()
		p.ChoosePriority("")
		mu.Unlock()
		if _, err := sp.WaitPages(context.Background(), i+1); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
		p.Wait()
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}
