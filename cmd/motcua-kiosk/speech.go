package main

import (
	"context"
	"log/slog"

	"github.com/motcua/motcua/display"
	"github.com/motcua/motcua/kiosk"
)

// withSpeech adds read-aloud to the kiosk's drawing: while the large-type
// mode is on, each screen is said in the kiosk's language — Vietnamese, or
// English once the citizen switched to it (kiosk.Speaker) — through the
// hall board's player (display.Chime: aplay or paplay, PlaySound on
// Windows; one sound at a time, never over each other). Without a player,
// or with mute, the kiosk only draws.
func withSpeech(ctx context.Context, render func(kiosk.View), mute bool, log *slog.Logger) func(kiosk.View) {
	player := display.NewChime(ctx, mute, log)
	if !player.Enabled() {
		log.Info("kiosk: read-aloud off (no sound player, or --mute)")
		return render
	}
	sp := kiosk.NewSpeaker(player.Say)
	return func(v kiosk.View) {
		render(v)
		sp.Show(v)
	}
}
