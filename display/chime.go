package display

import (
	"bytes"
	"encoding/binary"
	"math"
)

// ChimeRate is the sample rate of ChimeWAV.
const ChimeRate = 16000

// ChimeWAV is a short two-tone "ding-dong" (16 kHz mono PCM WAV), made in
// code so no audio file is needed.
func ChimeWAV() []byte {
	var pcm []int16
	tone := func(freq float64, dur float64) {
		n := int(dur * ChimeRate)
		for i := range n {
			t := float64(i) / ChimeRate
			// A struck-bell envelope: quick attack, exponential decay, plus
			// a quiet octave partial so it carries in a noisy hall.
			env := math.Min(1, t/0.005) * math.Exp(-3.2*t)
			v := env * (0.75*math.Sin(2*math.Pi*freq*t) + 0.2*math.Sin(4*math.Pi*freq*t))
			pcm = append(pcm, int16(v*0.8*math.MaxInt16))
		}
	}
	tone(880, 0.55)  // A5
	tone(698.5, 0.9) // F5
	return WAV(pcm, ChimeRate)
}

// WAV wraps 16-bit mono samples in a RIFF/WAVE header.
func WAV(pcm []int16, rate int) []byte {
	var b bytes.Buffer
	data := len(pcm) * 2
	b.WriteString("RIFF")
	binary.Write(&b, binary.LittleEndian, uint32(36+data))
	b.WriteString("WAVEfmt ")
	for _, v := range []any{uint32(16), uint16(1), uint16(1), uint32(rate), uint32(rate * 2), uint16(2), uint16(16)} {
		binary.Write(&b, binary.LittleEndian, v)
	}
	b.WriteString("data")
	binary.Write(&b, binary.LittleEndian, uint32(data))
	binary.Write(&b, binary.LittleEndian, pcm)
	return b.Bytes()
}
