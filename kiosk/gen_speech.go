//go:build ignore

// gen_speech makes the kiosk's read-aloud clips with espeak-ng (voice
// "vi" into voice/, "en" into voice/en/), as centre/web/gen_voice.go makes the board's: run `go generate
// ./kiosk` (needs `apt-get install espeak-ng`). Each clip is trimmed of
// silence and resampled to 8 kHz mono 16-bit WAV (doubled to the board's 16 kHz when
// played, kiosk.SpeechWAV).
package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/motcua/motcua/display"
	"github.com/motcua/motcua/kiosk"
)

const outRate = 8000 // kiosk.clipRate: clear speech, small files

func main() {
	fmt.Printf("vi: %d clips, %d bytes\n", len(kiosk.SpeechTexts), write("voice", "vi", kiosk.SpeechTexts))
	fmt.Printf("en: %d clips, %d bytes\n", len(kiosk.SpeechTextsEN), write(filepath.Join("voice", "en"), "en", kiosk.SpeechTextsEN))
}

// write speaks each sentence with voice into dir and returns the bytes written.
func write(dir, voice string, texts map[string]string) int {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Fatal(err)
	}
	total := 0
	for name, text := range texts {
		pcm, rate, err := speak(voice, text)
		if err != nil {
			log.Fatalf("%s: %v", name, err)
		}
		b := display.WAV(resample(trim(pcm), rate, outRate), outRate)
		total += len(b)
		if err := os.WriteFile(filepath.Join(dir, name+".wav"), b, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	return total
}

func speak(voice, text string) ([]int16, int, error) {
	var out bytes.Buffer
	cmd := exec.Command("espeak-ng", "-v", voice, "-s", "150", "-a", "180", "--stdout", text)
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, 0, err
	}
	b := out.Bytes()
	if len(b) < 44 || string(b[:4]) != "RIFF" {
		return nil, 0, fmt.Errorf("espeak-ng gave no WAV")
	}
	rate := int(binary.LittleEndian.Uint32(b[24:28]))
	pcm := make([]int16, (len(b)-44)/2)
	binary.Read(bytes.NewReader(b[44:]), binary.LittleEndian, pcm)
	return pcm, rate, nil
}

// trim cuts leading and trailing near-silence.
func trim(p []int16) []int16 {
	const th = 300
	i, j := 0, len(p)
	for i < j && p[i] < th && p[i] > -th {
		i++
	}
	for j > i && p[j-1] < th && p[j-1] > -th {
		j--
	}
	return p[i:j]
}

// resample converts by linear interpolation.
func resample(p []int16, from, to int) []int16 {
	if from == to || len(p) == 0 {
		return p
	}
	n := len(p) * to / from
	out := make([]int16, n)
	for k := range out {
		x := float64(k) * float64(from) / float64(to)
		i := int(x)
		if i+1 >= len(p) {
			out[k] = p[len(p)-1]
			continue
		}
		f := x - float64(i)
		out[k] = int16(float64(p[i])*(1-f) + float64(p[i+1])*f)
	}
	return out
}
