package kiosk_test

import (
	"testing"

	"github.com/motcua/motcua/kiosk"
)

func TestAddTone(t *testing.T) {
	tests := []struct {
		in   string
		tone kiosk.Tone
		want string
	}{
		{"thai", kiosk.ToneSac, "thái"},
		{"thái đô", kiosk.ToneNang, "thái độ"},
		{"nguơi", kiosk.ToneHuyen, "nguời"},
		{"ngươi", kiosk.ToneHuyen, "người"},
		{"chuyên", kiosk.ToneNang, "chuyện"},
		{"tuôi", kiosk.ToneHoi, "tuổi"},
		{"mua", kiosk.ToneHuyen, "mùa"},
		{"hoa", kiosk.ToneHuyen, "hòa"},
		{"thuy", kiosk.ToneHoi, "thủy"},
		{"toan", kiosk.ToneSac, "toán"},
		{"ngoai", kiosk.ToneHuyen, "ngoài"},
		{"mưa", kiosk.ToneSac, "mứa"},
		{"cưu", kiosk.ToneSac, "cứu"},
		{"gi", kiosk.ToneHuyen, "gì"},
		{"giơ", kiosk.ToneHuyen, "giờ"},
		{"qua", kiosk.ToneSac, "quá"},
		{"cua", kiosk.ToneHoi, "của"},
		{"lâu", kiosk.ToneNga, "lẫu"},
		{"chơ đơi lâu", kiosk.ToneSac, "chơ đơi lấu"},
		{"thái", kiosk.ToneSac, "thai"},               // the same tone again takes it off
		{"thái", kiosk.ToneHuyen, "thài"},             // another tone replaces it
		{"xin cam ơn ", kiosk.ToneSac, "xin cam ơn "}, // after a space: nothing to mark
		{"đ", kiosk.ToneSac, "đ"},
		{"", kiosk.ToneNang, ""},
		{"HOA", kiosk.ToneHuyen, "HÒA"},
	}
	for _, tc := range tests {
		if got := kiosk.AddTone(tc.in, tc.tone); got != tc.want {
			t.Errorf("AddTone(%q, %s) = %q, want %q", tc.in, tc.tone.Key(), got, tc.want)
		}
	}
}
