//go:build ignore

// gen_voice makes the board's voice clips with espeak-ng (voice "vi", and
// "en" for the English announcement of an English board, static/voice/en)
// and the chime: run `go generate ./centre/web` (needs `apt-get install
// espeak-ng`). Each clip is trimmed of silence and resampled to 16 kHz mono
// 16-bit WAV, so each set stays well under 1 MB.
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
)

// clips: file name → what espeak-ng says. board.js knows the same names.
var clips = map[string]string{
	"intro": "Xin mời công dân có số thứ tự",
	"to":    "đến quầy số",
	"d0":    "không", "d1": "một", "d2": "hai", "d3": "ba", "d4": "bốn",
	"d5": "năm", "d6": "sáu", "d7": "bảy", "d8": "tám", "d9": "chín",
	// counter numbers above nine are read as Vietnamese numbers
	"muoi": "mười", "muoi2": "mươi", "mot2": "mốt", "lam": "lăm", "tu": "tư",
	// letter names as Vietnamese say them on a hall call
	"lA": "a", "lB": "bê", "lC": "xê", "lD": "dê", "lE": "e", "lF": "ép", "lG": "giê", "lH": "hát",
	"lI": "i", "lJ": "gi", "lK": "ca", "lL": "e lờ", "lM": "em mờ", "lN": "en nờ", "lO": "o",
	"lP": "pê", "lQ": "quy", "lR": "e rờ", "lS": "ét xì", "lT": "tê", "lU": "u", "lV": "vê",
	"lW": "vê kép", "lX": "ích xì", "lY": "i dài", "lZ": "dét",
}

// clipsEN: the English announcement after the Vietnamese one on an
// English board, "Number A 0 2 5, please go to counter twelve" (board.js
// callClipsEN, display.CallClipsEN). Letters by their English names;
// counter numbers up to 99 are read as numbers.
var clipsEN = map[string]string{
	"intro": "Number",
	"to":    "please go to counter",
	"d0":    "zero", "d1": "one", "d2": "two", "d3": "three", "d4": "four",
	"d5": "five", "d6": "six", "d7": "seven", "d8": "eight", "d9": "nine",
	"n10": "ten", "n11": "eleven", "n12": "twelve", "n13": "thirteen", "n14": "fourteen",
	"n15": "fifteen", "n16": "sixteen", "n17": "seventeen", "n18": "eighteen", "n19": "nineteen",
	"n20": "twenty", "n30": "thirty", "n40": "forty", "n50": "fifty",
	"n60": "sixty", "n70": "seventy", "n80": "eighty", "n90": "ninety",
	// espeak-ng says a capital letter alone by its English name (A "ay",
	// W "double-u", Z "zed").
	"lA": "A", "lB": "B", "lC": "C", "lD": "D", "lE": "E", "lF": "F", "lG": "G", "lH": "H",
	"lI": "I", "lJ": "J", "lK": "K", "lL": "L", "lM": "M", "lN": "N", "lO": "O",
	"lP": "P", "lQ": "Q", "lR": "R", "lS": "S", "lT": "T", "lU": "U", "lV": "V",
	"lW": "W", "lX": "X", "lY": "Y", "lZ": "Z",
}

const outRate = 16000

func main() {
	total := write(filepath.Join("static", "voice"), "vi", clips)
	chime := display.ChimeWAV()
	total += len(chime)
	if err := os.WriteFile(filepath.Join("static", "chime.wav"), chime, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("vi: %d clips + chime, %d bytes\n", len(clips), total)
	fmt.Printf("en: %d clips, %d bytes\n", len(clipsEN), write(filepath.Join("static", "voice", "en"), "en", clipsEN))
}

// write speaks each clip with voice into dir and returns the bytes written.
func write(dir, voice string, set map[string]string) int {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Fatal(err)
	}
	total := 0
	for name, text := range set {
		pcm, rate, err := speak(voice, text)
		if err != nil {
			log.Fatalf("%s: %v", name, err)
		}
		pcm = resample(trim(pcm), rate, outRate)
		b := display.WAV(pcm, outRate)
		total += len(b)
		if err := os.WriteFile(filepath.Join(dir, name+".wav"), b, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	return total
}

// speak runs espeak-ng and returns its samples (it writes a 44-byte WAV
// header with placeholder sizes when streaming to stdout).
func speak(voice, text string) ([]int16, int, error) {
	var out bytes.Buffer
	cmd := exec.Command("espeak-ng", "-v", voice, "-s", "140", "-a", "180", "--stdout", text)
	cmd.Stdout = &out
	cmd.Stderr = os.Stderr
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

// trim cuts leading and trailing silence, keeping 30 ms of margin.
func trim(p []int16) []int16 {
	const thr = 400
	s, e := 0, len(p)
	for s < e && abs(p[s]) < thr {
		s++
	}
	for e > s && abs(p[e-1]) < thr {
		e--
	}
	m := 30 * 22050 / 1000
	return p[max(0, s-m):min(len(p), e+m)]
}

func abs(v int16) int16 {
	if v < 0 {
		return -v
	}
	return v
}

// resample converts by linear interpolation (speech band only; fine for
// 22.05 → 16 kHz).
func resample(p []int16, from, to int) []int16 {
	if from == to || len(p) == 0 {
		return p
	}
	n := len(p) * to / from
	out := make([]int16, n)
	for i := range out {
		x := float64(i) * float64(from) / float64(to)
		j := int(x)
		f := x - float64(j)
		a := float64(p[j])
		b := a
		if j+1 < len(p) {
			b = float64(p[j+1])
		}
		out[i] = int16(a + (b-a)*f)
	}
	return out
}
