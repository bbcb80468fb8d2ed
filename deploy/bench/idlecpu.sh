#!/bin/bash
# idlecpu.sh — CPU of the Fyne apps at rest, from /proc (issue 20).
# usage: idlecpu.sh BINDIR [SECONDS] [APPS]
#   BINDIR holds motcua, motcua-display, motcua-kiosk, motcua-counter (make build → ./bin)
#   SECONDS of measurement per app (default 60), after 15 s of start-up
#   APPS: any of "display display-calls kiosk counter" (default: all four)
# Each app runs fullscreen 1920×1080 on its own Xvfb (software GL, Mesa llvmpipe) against a
# fresh `motcua serve`. The figure is (utime+stime) of the app's process from /proc/PID/stat
# over the window, as % of one core. display-calls: the board with a call every 10 s.
set -euo pipefail
BIN=$(cd "${1:?usage: idlecpu.sh BINDIR [SECONDS] [APPS]}" && pwd)
SECS=${2:-60}
APPS=${3:-"display display-calls kiosk counter"}
export LANG=C.UTF-8 LIBGL_ALWAYS_SOFTWARE=1
TMP=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT
HZ=$(getconf CLK_TCK)
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }

"$BIN/motcua" admin officer add --db "$TMP/c.db" --username canbo1 --password matkhau-idle1 --name "Cán bộ 1" >/dev/null
DTOK=$("$BIN/motcua" admin device add --db "$TMP/c.db" --role display --name board | grep -oE '[A-Za-z0-9_-]{20,}' | tail -1)
KTOK=$("$BIN/motcua" admin device add --db "$TMP/c.db" --role kiosk --name kiosk | grep -oE '[A-Za-z0-9_-]{20,}' | tail -1)
"$BIN/motcua" serve --addr 127.0.0.1:0 --db "$TMP/c.db" >"$TMP/serve.out" 2>"$TMP/serve.log" &
PIDS+=($!)
for _ in $(seq 100); do grep -q "centre server on" "$TMP/serve.out" && break; sleep 0.1; done
URL=$(grep -o 'centre server on [^ ]*' "$TMP/serve.out" | awk '{print $4}')
echo "server $URL"

caller() { # a ticket then call-next at q1 every 10 s, as canbo1
	local tok
	tok=$(curl -s -d '{"username":"canbo1","password":"matkhau-idle1","counter":"q1"}' "$URL/api/v1/login" | grep -o '"token":"[^"]*"' | cut -d'"' -f4)
	while true; do
		curl -s -o /dev/null -H "Authorization: Bearer $KTOK" -d '{"service":"hotich"}' "$URL/api/v1/tickets"
		curl -s -o /dev/null -X POST -H "Authorization: Bearer $tok" "$URL/api/v1/counters/q1/call-next"
		sleep 10
	done
}

n=90
for app in $APPS; do
	n=$((n + 1))
	Xvfb ":$n" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
	XP=$!
	sleep 1
	case $app in
	display|display-calls) cmd=("$BIN/motcua-display" --server "$URL" --token "$DTOK" --fullscreen --mute) ;;
	kiosk) cmd=("$BIN/motcua-kiosk" --server "$URL" --token "$KTOK" --fullscreen) ;;
	counter) cmd=("$BIN/motcua-counter" --server "$URL" --counter q1 --fullscreen) ;;
	*) echo "unknown app $app"; exit 2 ;;
	esac
	DISPLAY=":$n" "${cmd[@]}" >"$TMP/$app.log" 2>&1 &
	AP=$!
	CP=
	if [ "$app" = display-calls ]; then caller & CP=$!; fi
	sleep 15
	if ! kill -0 "$AP" 2>/dev/null; then echo "$app exited:"; tail -5 "$TMP/$app.log"; exit 1; fi
	t0=$(ticks "$AP"); s0=$(date +%s.%N)
	sleep "$SECS"
	t1=$(ticks "$AP"); s1=$(date +%s.%N)
	rss=$(awk '/VmRSS/{print $2}' "/proc/$AP/status")
	awk -v a="$app" -v t="$((t1 - t0))" -v hz="$HZ" -v s0="$s0" -v s1="$s1" -v rss="$rss" \
		'BEGIN{printf "%-14s %5.1f %% of one core over %.0f s (RSS %.0f MB)\n", a, 100*t/hz/(s1-s0), s1-s0, rss/1024}'
	[ -n "$CP" ] && kill "$CP" 2>/dev/null
	kill "$AP" "$XP" 2>/dev/null || true
	wait "$AP" "$XP" 2>/dev/null || true
done
