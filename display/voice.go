package display

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strconv"
	"strings"
)

// The Fyne board reads calls aloud with the web board's Vietnamese clips
// (centre/web/static/voice, 16 kHz mono PCM made by espeak-ng): the same
// words, in the same order as board.js's callClips. The hall's voice is
// Vietnamese: everybody in the hall hears it. An English board (--lang en)
// adds, after the Vietnamese call, the English one ("Number A 0 2 5, please
// go to counter three": CallClipsEN, voice/en/), as board.js does for
// ?lang=en.

// CallClips names the clips of "Xin mời công dân có số thứ tự A025 đến
// quầy số 3": intro, the number letter by letter and digit by digit, "to",
// then the counter number read the Vietnamese way.
func CallClips(number string, counter int) []string {
	out := []string{"intro"}
	for _, ch := range strings.ToUpper(number) {
		switch {
		case ch >= '0' && ch <= '9':
			out = append(out, "d"+string(ch))
		case ch >= 'A' && ch <= 'Z':
			out = append(out, "l"+string(ch))
		}
	}
	return append(append(out, "to"), numberClips(counter)...)
}

// numberClips reads a counter number: 12 → mười hai, 21 → hai mươi mốt,
// 15 → mười lăm, 24 → hai mươi tư; above 99 digit by digit.
func numberClips(n int) []string {
	if n < 0 {
		n = 0
	}
	if n < 10 {
		return []string{"d" + strconv.Itoa(n)}
	}
	if n > 99 {
		var out []string
		for _, d := range strconv.Itoa(n) {
			out = append(out, "d"+string(d))
		}
		return out
	}
	t, u := n/10, n%10
	out := []string{"muoi"}
	if t > 1 {
		out = []string{"d" + strconv.Itoa(t), "muoi2"}
	}
	switch {
	case u == 0:
	case u == 5:
		out = append(out, "lam")
	case u == 1 && t > 1:
		out = append(out, "mot2")
	case u == 4 && t > 1:
		out = append(out, "tu")
	default:
		out = append(out, "d"+strconv.Itoa(u))
	}
	return out
}

// CallClipsEN names the clips (voice/en/) of the English call "Number
// A025, please go to counter 12": intro, the number letter by letter and
// digit by digit, "to", then the counter number read the English way.
func CallClipsEN(number string, counter int) []string {
	out := []string{"intro"}
	for _, ch := range strings.ToUpper(number) {
		switch {
		case ch >= '0' && ch <= '9':
			out = append(out, "d"+string(ch))
		case ch >= 'A' && ch <= 'Z':
			out = append(out, "l"+string(ch))
		}
	}
	return append(append(out, "to"), numberClipsEN(counter)...)
}

// numberClipsEN reads a counter number in English: 12 → twelve (n12),
// 21 → twenty one (n20 d1); above 99 digit by digit.
func numberClipsEN(n int) []string {
	switch {
	case n < 0:
		return []string{"d0"}
	case n < 10:
		return []string{"d" + strconv.Itoa(n)}
	case n < 20:
		return []string{"n" + strconv.Itoa(n)}
	case n > 99:
		var out []string
		for _, d := range strconv.Itoa(n) {
			out = append(out, "d"+string(d))
		}
		return out
	}
	out := []string{"n" + strconv.Itoa(n/10*10)}
	if n%10 != 0 {
		out = append(out, "d"+strconv.Itoa(n%10))
	}
	return out
}

// BoardCallWAV is CallWAV for a board in its language: a Vietnamese board
// says the Vietnamese call; an English one (en) follows it with the
// English call, after a pause, in the same WAV.
func BoardCallWAV(files fs.FS, number string, counter int, en bool) ([]byte, error) {
	if !en {
		return CallWAV(files, number, counter)
	}
	return callWAV(files, number, counter, true)
}

// CallWAV is the chime then the spoken call, one 16 kHz WAV: played as one
// file, a call can never overlap the next. files holds chime.wav and
// voice/<clip>.wav (centre/web.Files()).
func CallWAV(files fs.FS, number string, counter int) ([]byte, error) {
	return callWAV(files, number, counter, false)
}

func callWAV(files fs.FS, number string, counter int, en bool) ([]byte, error) {
	var pcm []int16
	add := func(name string, gapMs int) error {
		b, err := fs.ReadFile(files, name)
		if err != nil {
			return err
		}
		s, err := wavPCM(b)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		pcm = append(pcm, s...)
		pcm = append(pcm, make([]int16, ChimeRate*gapMs/1000)...)
		return nil
	}
	if err := add("chime.wav", 250); err != nil {
		return nil, err
	}
	for _, c := range CallClips(number, counter) {
		if err := add("voice/"+c+".wav", 60); err != nil {
			return nil, err
		}
	}
	if en {
		pcm = append(pcm, make([]int16, ChimeRate*EnglishPauseMs/1000)...)
		for _, c := range CallClipsEN(number, counter) {
			if err := add("voice/en/"+c+".wav", 40); err != nil {
				return nil, err
			}
		}
	}
	return WAV(pcm, ChimeRate), nil
}

// EnglishPauseMs is the silence between the Vietnamese call and the
// English one on an English board (board.js waits as long).
const EnglishPauseMs = 500

// wavPCM returns the samples of a 16-bit mono WAV at ChimeRate.
func wavPCM(b []byte) ([]int16, error) {
	if len(b) < 12 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return nil, errors.New("not a WAV file")
	}
	var fmtOK bool
	for p := 12; p+8 <= len(b); {
		id, size := string(b[p:p+4]), int(binary.LittleEndian.Uint32(b[p+4:p+8]))
		body := p + 8
		if size < 0 || body+size > len(b) {
			return nil, errors.New("truncated WAV chunk")
		}
		switch id {
		case "fmt ":
			if size < 16 {
				return nil, errors.New("short fmt chunk")
			}
			f := b[body:]
			format, ch := binary.LittleEndian.Uint16(f[0:]), binary.LittleEndian.Uint16(f[2:])
			rate, bits := binary.LittleEndian.Uint32(f[4:]), binary.LittleEndian.Uint16(f[14:])
			if format != 1 || ch != 1 || rate != ChimeRate || bits != 16 {
				return nil, fmt.Errorf("want 16-bit mono PCM at %d Hz, have format %d, %d channels, %d Hz, %d bits", ChimeRate, format, ch, rate, bits)
			}
			fmtOK = true
		case "data":
			if !fmtOK {
				return nil, errors.New("data before fmt")
			}
			out := make([]int16, size/2)
			return out, binary.Read(bytes.NewReader(b[body:body+size/2*2]), binary.LittleEndian, out)
		}
		p = body + size + size%2
	}
	return nil, errors.New("no data chunk")
}

// Announcer is what a board does on a call: with voice, the chime and the
// spoken call (in Vietnamese, then in English on an English board: en) as
// one sound through c; without voice, the chime alone. files are the web
// board's (centre/web.Files()).
func Announcer(c *Chime, files fs.FS, voice, en bool, log *slog.Logger) func(Call) {
	return func(call Call) {
		if !voice {
			c.Play()
			return
		}
		c.Say(func() []byte { // on the player's goroutine, one call after the other
			b, err := BoardCallWAV(files, call.Number, call.CounterNumber, en)
			if err != nil {
				log.Warn("call voice", "err", err)
			}
			return b
		})
	}
}
