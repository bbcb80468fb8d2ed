package kiosk

//go:generate go run gen_speech.go

// Read-aloud (issue 18, Decree 42/2022 Art. 14): for people with low
// vision the kiosk says what each screen offers, in the kiosk's language
// (Vietnamese, or English once the citizen switched to it), while the
// large-type, high-contrast mode is on — the one button in every header
// ("Chữ lớn") turns both on and off. The clips are made with espeak-ng's
// Vietnamese voice and its English one "en" (voice/en/), as the web
// board's call clips are (gen_speech.go), and embedded; the ticket number
// is read with the board's own letter and digit clips of the same language
// (centre/web: voice/ and voice/en/). cmd/motcua-kiosk plays them through the
// board's player (display.Chime: aplay/paplay, PlaySound on Windows), one
// sentence at a time, never over each other.

import (
	"bytes"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/motcua/motcua/centre/web"
)

//go:embed voice/*.wav voice/en/*.wav
var voiceFS embed.FS

// SpeechRate is the clips' sample rate (16 kHz mono 16-bit, the board's).
const SpeechRate = 16000

// SpeechTexts are the sentences of the clips, by clip name (gen_speech.go
// speaks them; voice/<name>.wav).
var SpeechTexts = map[string]string{
	"s_on":         "Đã bật chữ lớn và đọc màn hình. Chạm nút Chữ lớn ở đầu màn hình để tắt.",
	"s_home":       "Xin kính chào Quý khách. Mời Quý khách chọn: lấy số thứ tự; tra cứu hồ sơ; đã đặt lịch hẹn; đánh giá mức độ hài lòng; hoặc hỏi đáp, góp ý.",
	"s_sectors":    "Mời Quý khách chọn lĩnh vực cần giải quyết.",
	"s_services":   "Mời Quý khách chọn dịch vụ.",
	"s_priority":   "Quý khách có thuộc đối tượng ưu tiên không? Mời chọn đối tượng, hoặc chọn không ưu tiên.",
	"s_ticket":     "Số thứ tự của Quý khách là",
	"s_ticket2":    "Mời Quý khách nhận phiếu và chờ gọi số trên màn hình.",
	"s_lookup":     "Mời Quý khách quét mã trên giấy hẹn, nhập mã hồ sơ, hoặc quét căn cước công dân.",
	"s_checkin":    "Mời Quý khách quét mã lịch hẹn, hoặc nhập mã đặt lịch.",
	"s_dossier":    "Đây là tình trạng hồ sơ của Quý khách. Nơi nhận kết quả được ghi trên màn hình.",
	"s_rate":       "Mời Quý khách quét mã trên phiếu số thứ tự, hoặc trên giấy hẹn, để đánh giá.",
	"s_level":      "Quý khách hài lòng với việc phục vụ ở mức nào?",
	"s_reason":     "Mời Quý khách chọn lý do chưa hài lòng.",
	"s_comment":    "Mời Quý khách nhập ý kiến của mình.",
	"s_thanks":     "Xin cảm ơn Quý khách.",
	"s_offline":    "Xin lỗi Quý khách, kiosk tạm thời chưa phục vụ được. Mời Quý khách liên hệ cán bộ hướng dẫn.",
	"s_ask":        "Mời Quý khách chọn loại câu hỏi và lĩnh vực, rồi nhập nội dung.",
	"s_ask_sent":   "Xin cảm ơn Quý khách đã gửi ý kiến. Trung tâm sẽ trả lời theo mã số trên màn hình.",
	"s_no_printer": "Máy in đang gặp sự cố, mời Quý khách ghi nhớ số thứ tự trên màn hình.",
}

// SpeechTextsEN are the same sentences in English (voice/en/<name>.wav),
// said when the kiosk is in English; the words are the English screens'
// (text.go: "Large text", "Take a number", …).
var SpeechTextsEN = map[string]string{
	"s_on":         "Large text and reading aloud are on. Touch the Large text button at the top of the screen to turn them off.",
	"s_home":       "Welcome. Please choose: take a number; look up a dossier; I have an appointment; rate our service; or questions and feedback.",
	"s_sectors":    "Please choose the area of your matter.",
	"s_services":   "Please choose a service.",
	"s_priority":   "Are you entitled to priority? Please choose your group, or choose no priority.",
	"s_ticket":     "Your number is",
	"s_ticket2":    "Please take your ticket and wait for your number on the screen.",
	"s_lookup":     "Please scan the code on your receipt, type the dossier code, or scan your ID card.",
	"s_checkin":    "Please scan your booking code, or type the booking code.",
	"s_dossier":    "This is the status of your dossier. Where to collect the result is shown on the screen.",
	"s_rate":       "Please scan the code on your queue ticket, or on your receipt, to rate our service.",
	"s_level":      "How satisfied are you with the service?",
	"s_reason":     "Please choose why you are not satisfied.",
	"s_comment":    "Please type your comment.",
	"s_thanks":     "Thank you very much.",
	"s_offline":    "Sorry, the kiosk cannot serve you at the moment. Please ask a staff member for help.",
	"s_ask":        "Please choose the kind of question and the area, then type your message.",
	"s_ask_sent":   "Thank you for your message. The centre will answer under the reference shown on the screen.",
	"s_no_printer": "The printer has a problem; please remember the number on the screen.",
}

// screenClips: what is said on each screen (none on the admin screen and
// the on-screen keyboards, where every key press would interrupt).
var screenClips = map[Screen][]string{
	ScreenHome: {"s_home"}, ScreenSectors: {"s_sectors"}, ScreenServices: {"s_services"}, ScreenPriority: {"s_priority"},
	ScreenLookup: {"s_lookup"}, ScreenCheckIn: {"s_checkin"}, ScreenDossiers: {"s_dossier"}, ScreenDossier: {"s_dossier"},
	ScreenRateSubject: {"s_rate"}, ScreenRateLevel: {"s_level"}, ScreenRateReason: {"s_reason"}, ScreenRateComment: {"s_comment"},
	ScreenThanks: {"s_thanks"}, ScreenOffline: {"s_offline"}, ScreenAsk: {"s_ask"}, ScreenAskSent: {"s_ask_sent"},
}

// SpeechClips names the clips that read v aloud, in v's language (none:
// nothing to say). Board clips ("voice/…") read the ticket number letter
// by letter and digit by digit, as the hall call does. English clips are
// named "en/…" (the kiosk's) and "voice/en/…" (the board's).
func SpeechClips(v View) []string {
	kp, bp := "", "voice/"
	if v.Lang == EN {
		kp, bp = "en/", "voice/en/"
	}
	var out []string
	if v.Screen == ScreenTicket && v.Ticket != nil {
		out = []string{"s_ticket"}
		for _, ch := range strings.ToUpper(v.Ticket.Number) {
			switch {
			case ch >= '0' && ch <= '9':
				out = append(out, "voice/d"+string(ch))
			case ch >= 'A' && ch <= 'Z':
				out = append(out, "voice/l"+string(ch))
			}
		}
		out = append(out, "s_ticket2")
		if v.PrinterWarning != "" {
			out = append(out, "s_no_printer")
		}
	} else {
		out = append(out, screenClips[v.Screen]...)
	}
	return langClips(out, kp, bp)
}

// langClips prefixes the kiosk's clip names with kp and swaps the board's
// "voice/" for bp.
func langClips(clips []string, kp, bp string) []string {
	for i, c := range clips {
		if b, ok := strings.CutPrefix(c, "voice/"); ok {
			clips[i] = bp + b
		} else {
			clips[i] = kp + c
		}
	}
	return clips
}

// SpeechWAV joins clips into one 16 kHz WAV (short pauses between them),
// so a sentence plays whole and the player never overlaps two.
func SpeechWAV(clips []string) ([]byte, error) {
	var pcm []int16
	for _, c := range clips {
		var b []byte
		var err error
		if strings.HasPrefix(c, "voice/") {
			b, err = fs.ReadFile(web.Files(), c+".wav")
		} else {
			b, err = voiceFS.ReadFile("voice/" + c + ".wav")
		}
		if err != nil {
			return nil, err
		}
		s, rate, err := pcmOf(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c, err)
		}
		if rate == clipRate {
			s = double(s)
		}
		pcm = append(pcm, s...)
		pcm = append(pcm, make([]int16, SpeechRate*120/1000)...)
	}
	return wavOf(pcm), nil
}

// Speaker decides when to speak: while v.Large is on, once for each screen
// the kiosk moves to (and the current one when the mode is switched on,
// after saying it is on), and again when the citizen switches the
// language (the screen said in the new one). say queues one sound and must not block
// (display.Chime.Say). Call Show from the kiosk's Render.
type Speaker struct {
	say    func(build func() []byte)
	on     bool
	screen Screen
	ticket string
	lang   Lang
}

// NewSpeaker speaks through say.
func NewSpeaker(say func(build func() []byte)) *Speaker { return &Speaker{say: say} }

// Show takes each view the kiosk draws.
func (s *Speaker) Show(v View) {
	if !v.Large {
		s.on, s.screen, s.ticket, s.lang = false, "", "", ""
		return
	}
	ticket := ""
	if v.Ticket != nil {
		ticket = v.Ticket.Number
	}
	var clips []string
	switch {
	case !s.on:
		on := "s_on"
		if v.Lang == EN {
			on = "en/s_on"
		}
		clips = append([]string{on}, SpeechClips(v)...)
	case v.Screen != s.screen || v.Screen == ScreenTicket && ticket != s.ticket || v.Lang != s.lang:
		clips = SpeechClips(v)
	}
	s.on, s.screen, s.ticket, s.lang = true, v.Screen, ticket, v.Lang
	if len(clips) == 0 {
		return
	}
	s.say(func() []byte {
		b, err := SpeechWAV(clips)
		if err != nil {
			return nil
		}
		return b
	})
}

// clipRate is the rate the kiosk's own clips are stored at (speech is
// clear at 8 kHz, and the set stays small); they are doubled to
// SpeechRate when joined with the board's 16 kHz clips.
const clipRate = 8000

// double upsamples by two (linear interpolation).
func double(p []int16) []int16 {
	out := make([]int16, 0, 2*len(p))
	for i, v := range p {
		next := v
		if i+1 < len(p) {
			next = p[i+1]
		}
		out = append(out, v, int16((int32(v)+int32(next))/2))
	}
	return out
}

// pcmOf returns the samples and rate of a 16-bit mono WAV at SpeechRate
// or clipRate.
func pcmOf(b []byte) ([]int16, int, error) {
	if len(b) < 12 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return nil, 0, errors.New("not a WAV file")
	}
	ok, rate := false, 0
	for p := 12; p+8 <= len(b); {
		id, size := string(b[p:p+4]), int(binary.LittleEndian.Uint32(b[p+4:p+8]))
		body := p + 8
		if size < 0 || body+size > len(b) {
			return nil, 0, errors.New("truncated WAV chunk")
		}
		switch id {
		case "fmt ":
			f := b[body:]
			if size < 16 {
				return nil, 0, errors.New("short fmt chunk")
			}
			rate = int(binary.LittleEndian.Uint32(f[4:]))
			if binary.LittleEndian.Uint16(f[0:]) != 1 || binary.LittleEndian.Uint16(f[2:]) != 1 ||
				(rate != SpeechRate && rate != clipRate) || binary.LittleEndian.Uint16(f[14:]) != 16 {
				return nil, 0, fmt.Errorf("want 16-bit mono PCM at %d or %d Hz", SpeechRate, clipRate)
			}
			ok = true
		case "data":
			if !ok {
				return nil, 0, errors.New("data before fmt")
			}
			out := make([]int16, size/2)
			return out, rate, binary.Read(bytes.NewReader(b[body:body+size/2*2]), binary.LittleEndian, out)
		}
		p = body + size + size%2
	}
	return nil, 0, errors.New("no data chunk")
}

// wavOf wraps samples in a WAV header.
func wavOf(pcm []int16) []byte {
	var b bytes.Buffer
	n := uint32(len(pcm) * 2)
	b.WriteString("RIFF")
	binary.Write(&b, binary.LittleEndian, 36+n)
	b.WriteString("WAVEfmt ")
	for _, v := range []any{uint32(16), uint16(1), uint16(1), uint32(SpeechRate), uint32(SpeechRate * 2), uint16(2), uint16(16)} {
		binary.Write(&b, binary.LittleEndian, v)
	}
	b.WriteString("data")
	binary.Write(&b, binary.LittleEndian, n)
	binary.Write(&b, binary.LittleEndian, pcm)
	return b.Bytes()
}
