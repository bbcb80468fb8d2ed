package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"image/png"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/hardware/printer"
)

// `motcua sim printer --listen tcp:…` as a LAN printer for the real
// printer worker: a ticket comes out as a PNG whose QR decodes, the
// control socket makes it run out of paper (typed error) and restart
// (the worker reconnects by itself).
func TestSimLANPrinter(t *testing.T) {
	dir := t.TempDir()
	addr, ctl := freeAddr(t), freeAddr(t)
	out := filepath.Join(dir, "receipts")
	start(t, dir, nil, "sim", "printer", "--listen", "tcp:"+addr, "--control", "tcp:"+ctl, "--out", out)
	control := func(line string) {
		t.Helper()
		var c net.Conn
		eventually(t, "control socket", func() (bool, error) {
			var err error
			c, err = net.Dial("tcp", ctl)
			return err == nil, nil
		})
		defer c.Close()
		fmt.Fprintln(c, line)
		reply, err := bufio.NewReader(c).ReadString('\n')
		if err != nil || reply != "ok\n" {
			t.Fatalf("control %q: %q %v", line, reply, err)
		}
	}
	control("online") // the simulator is up

	p := printer.Open(context.Background(), printer.Config{Address: "tcp://" + addr, FailFast: true,
		RetryInterval: 50 * time.Millisecond, PollInterval: -1, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	defer p.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	doc := func(id string) []byte {
		return escpos.NewDoc(escpos.Default).Title("SỐ THỨ TỰ").Center().Text("Quầy 1").QR("https://motcua.example.vn/t/" + id).Cut().Bytes()
	}
	if err := p.Print(ctx, doc("LAN1")); err != nil {
		t.Fatal(err)
	}
	if got := receiptQR(t, filepath.Join(out, "receipt-0001.png")); got != "https://motcua.example.vn/t/LAN1" {
		t.Errorf("receipt QR %q", got)
	}

	control("paper-out")
	if err := p.Print(ctx, doc("LAN2")); !errors.Is(err, printer.ErrPaperOut) {
		t.Fatalf("paper out: err = %v", err)
	}
	control("online")
	control("restart")
	var err error
	for range 200 { // the worker reconnects once the printer is back
		if err = p.Print(ctx, doc("LAN3")); err == nil {
			break
		}
		if !errors.Is(err, printer.ErrUnplugged) {
			t.Fatalf("during restart: %v, want ErrUnplugged", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("after restart: %v", err)
	}
	if got := receiptQR(t, filepath.Join(out, "receipt-0002.png")); got != "https://motcua.example.vn/t/LAN3" {
		t.Errorf("receipt QR %q", got)
	}
}

// receiptQR waits for a receipt PNG and decodes its QR (the simulator may
// still be writing the file when it first appears).
func receiptQR(t *testing.T, path string) string {
	t.Helper()
	var text string
	eventually(t, path, func() (bool, error) {
		f, err := os.Open(path)
		if err != nil {
			return false, err
		}
		defer f.Close()
		img, err := png.Decode(f)
		if err != nil {
			return false, err
		}
		bmp, err := gozxing.NewBinaryBitmapFromImage(img)
		if err != nil {
			return false, err
		}
		res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
		if err != nil {
			return false, fmt.Errorf("decode QR of %s: %w", path, err)
		}
		text = strings.TrimSpace(res.GetText())
		return true, nil
	})
	return text
}
