package scanner

import (
	"errors"
	"testing"
	"time"
)

const sampleCCCD = "001099012345|123456789|Nguyễn Văn An|15081999|Nam|Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội|10052021"

func TestClassify(t *testing.T) {
	tests := []struct {
		name   string
		raw    string
		kind   Kind
		err    error
		ticket string
		code   string
		hint   string
	}{
		{"cccd", sampleCCCD, KindCCCD, nil, "", "", ""},
		{"cccd with CRLF and extra fields", sampleCCCD + "|Nguyễn Văn B|Trần Thị C\r\n", KindCCCD, nil, "", "", ""},
		{"cccd cut short", "001099012345|123456789|Nguyễn Văn An|15081999|Nam", KindUnknown, ErrNotCCCD, "", "", ""},
		{"cccd half-read address", "001099012345|123456789|Nguyễn Văn An|15081999|Nam|Số 1 Tràng", KindUnknown, ErrNotCCCD, "", "", ""},
		{"cccd wrong id length", "00109901234|123456789|Nguyễn Văn An|15081999|Nam|Số 1 Tràng Tiền|10052021", KindUnknown, ErrNotCCCD, "", "", ""},
		{"cccd VNI gender", "001199012345||Nguyen Thi Binh|15081999|Nu4|So 1 Trang Tien|10052021", KindIMECorrupted, ErrIME, "", "", ""},
		{"dossier code", "000.00.06.H56-231027-0361", KindDossier, nil, "", "000.00.06.H56-231027-0361", ""},
		{"dossier lookup URL", "https://dichvucong.example.vn/tra-cuu?ma=000.00.06.H56-231027-0361", KindDossier, nil, "", "000.00.06.H56-231027-0361", ""},
		{"dossier bad date", "000.00.06.H56-231399-0361", KindBarcode, nil, "", "", ""},
		{"ticket URL", "https://motcua.example.vn/t/01HF3Q8Z2K7T", KindTicket, nil, "01HF3Q8Z2K7T", "", ""},
		{"ticket URL trailing slash", "http://10.0.0.5:8080/t/abc-123/", KindTicket, nil, "abc-123", "", ""},
		{"bare ULID ticket", "01HF3Q8Z2K7TQ4D5E6F7G8H9JK", KindTicket, nil, "01HF3Q8Z2K7TQ4D5E6F7G8H9JK", "", ""},
		{"foreign URL", "https://example.com/page", KindUnknown, ErrUnknownURL, "", "", ""},
		{"EAN barcode", "8935049500018", KindBarcode, nil, "", "", ""},
		{"empty", "\r\n", KindUnknown, ErrEmpty, "", "", ""},
		{"garbled bytes", "000.00\xff\xfe", KindUnknown, ErrGarbled, "", "", ""},
		{"control chars", "abc\x1b[0m", KindUnknown, ErrGarbled, "", "", ""},
		{"vietnamese text", "Xin chào các bạn", KindUnknown, nil, "", "", ""},
		// Telex turned "dd" into "đ" and "ex" into "ẽ" inside the URL
		{"telex ticket URL", "https://motcua.ẽample.vn/t/01HF3Q8Z2K7T", KindIMECorrupted, ErrIME, "", "", "https://motcua.example.vn/t/01HF3Q8Z2K7T"},
		{"telex dossier URL", "https://hoso.vn/tra-cuu?ma=000.00.06.H56-231027-0361&đ=1", KindIMECorrupted, ErrIME, "", "", "https://hoso.vn/tra-cuu?ma=000.00.06.H56-231027-0361&dd=1"},
		{"vni ticket id in URL", "https://motcua.vn/t/ÁB", KindIMECorrupted, ErrIME, "", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := Classify(tc.raw)
			if s.Kind != tc.kind {
				t.Fatalf("kind %v, want %v (err %v)", s.Kind, tc.kind, s.Err)
			}
			if tc.err != nil && !errors.Is(s.Err, tc.err) {
				t.Errorf("err %v, want %v", s.Err, tc.err)
			}
			if tc.err == nil && s.Kind != KindUnknown && s.Err != nil {
				t.Errorf("unexpected err %v", s.Err)
			}
			if s.TicketID != tc.ticket {
				t.Errorf("ticket %q, want %q", s.TicketID, tc.ticket)
			}
			if s.DossierCode != tc.code {
				t.Errorf("dossier %q, want %q", s.DossierCode, tc.code)
			}
			if tc.hint != "" && s.Hint != tc.hint {
				t.Errorf("hint %q, want %q", s.Hint, tc.hint)
			}
			if s.Raw != tc.raw {
				t.Errorf("raw not kept")
			}
			if s.Kind == KindUnknown || s.Kind == KindIMECorrupted {
				if s.Message() == "" {
					t.Error("no Vietnamese message")
				}
			}
		})
	}
	s := Classify(sampleCCCD)
	if s.CCCD == nil || s.CCCD.FullName != "Nguyễn Văn An" || s.CCCD.ID != "001099012345" {
		t.Fatalf("cccd %+v", s.CCCD)
	}
}

func TestFramer(t *testing.T) {
	t0 := time.Unix(0, 0)
	type chunk struct {
		b  string
		at time.Duration
	}
	tests := []struct {
		name   string
		suffix Suffix
		chunks []chunk
		tickAt time.Duration
		want   []Frame
	}{
		{"auto CRLF", SuffixAuto, []chunk{{"abc\r\ndef\r\n", 0}}, 0, []Frame{{"abc", true}, {"def", true}}},
		{"auto CR split from LF", SuffixAuto, []chunk{{"abc\r", 0}, {"\ndef\n", time.Millisecond}}, 0, []Frame{{"abc", true}, {"def", true}}},
		{"auto LF", SuffixAuto, []chunk{{"a\nb\n", 0}}, 0, []Frame{{"a", true}, {"b", true}}},
		{"auto idle flush", SuffixAuto, []chunk{{"abc", 0}}, time.Second, []Frame{{"abc", true}}},
		{"auto gap splits codes", SuffixAuto, []chunk{{"abc", 0}, {"def", time.Second}}, 0, []Frame{{"abc", true}}},
		{"cr only: LF is data", SuffixCR, []chunk{{"a\nb\r", 0}}, 0, []Frame{{"a\nb", true}}},
		{"crlf: lone CR is data", SuffixCRLF, []chunk{{"a\rb\r\n", 0}}, 0, []Frame{{"a\rb", true}}},
		{"crlf: idle flush is incomplete", SuffixCRLF, []chunk{{"abc", 0}}, time.Second, []Frame{{"abc", false}}},
		{"none: idle separates", SuffixNone, []chunk{{"abc", 0}}, time.Second, []Frame{{"abc", true}}},
		{"split chunks", SuffixAuto, []chunk{{"00109", 0}, {"9012345\r\n", time.Millisecond}}, 0, []Frame{{"001099012345", true}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &Framer{Suffix: tc.suffix, Idle: 100 * time.Millisecond}
			var got []Frame
			for _, c := range tc.chunks {
				got = append(got, f.Feed([]byte(c.b), t0.Add(c.at))...)
			}
			if tc.tickAt > 0 {
				if fr, ok := f.Tick(t0.Add(tc.tickAt)); ok {
					got = append(got, fr)
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("frame %d = %+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func FuzzFramer(f *testing.F) {
	for _, s := range []string{sampleCCCD + "\r\n", "a\rb\nc\r\n", "\r\r\n\n", "000.00.06.H56-231027-0361\n", ""} {
		f.Add([]byte(s), uint8(0), uint16(10))
	}
	f.Fuzz(func(t *testing.T, b []byte, suffix uint8, gapMs uint16) {
		fr := &Framer{Suffix: Suffix(suffix % 5), Idle: 50 * time.Millisecond, Max: 64}
		now := time.Unix(0, 0)
		total := 0
		// feed in chunks of 7 with the given gap
		for i := 0; i < len(b); i += 7 {
			end := min(i+7, len(b))
			now = now.Add(time.Duration(gapMs) * time.Millisecond)
			for _, x := range fr.Feed(b[i:end], now) {
				if x.Text == "" || len(x.Text) > 64+1 {
					t.Fatalf("bad frame %q", x.Text)
				}
				total += len(x.Text)
				_ = Classify(x.Text)
			}
		}
		if x, ok := fr.Tick(now.Add(time.Hour)); ok {
			total += len(x.Text)
		}
		if total > len(b) {
			t.Fatalf("framer produced %d bytes from %d", total, len(b))
		}
	})
}

func FuzzClassify(f *testing.F) {
	for _, s := range []string{sampleCCCD, "https://motcua.example.vn/t/01HF3Q8Z2K7T", "000.00.06.H56-231027-0361", "đ", "|||||"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sc := Classify(s)
		if sc.Kind == KindCCCD && sc.CCCD == nil || sc.Kind == KindTicket && sc.TicketID == "" || sc.Kind == KindDossier && sc.Dossier == nil {
			t.Fatalf("inconsistent scan %+v", sc)
		}
	})
}

// The QRs of tickets and receipts carry the centre's rating token; papers
// printed before have none, and a malformed token is not taken.
func TestClassifyRatingToken(t *testing.T) {
	for _, tc := range []struct {
		raw, ticket, code, token string
	}{
		{"http://10.0.0.5:8080/t/abcdefghijklmnopqrst?r=mfrggzdfmztwq2lk", "abcdefghijklmnopqrst", "", "mfrggzdfmztwq2lk"},
		{"http://10.0.0.5:8080/t/abcdefghijklmnopqrst?r=MFRGGZDFMZTWQ2LK", "abcdefghijklmnopqrst", "", "mfrggzdfmztwq2lk"},
		{"http://10.0.0.5:8080/t/abcdefghijklmnopqrst", "abcdefghijklmnopqrst", "", ""},
		{"http://10.0.0.5:8080/t/abcdefghijklmnopqrst?r=short", "abcdefghijklmnopqrst", "", ""},
		{"000.00.06.H56-231027-0361?r=mfrggzdfmztwq2lk", "", "000.00.06.H56-231027-0361", "mfrggzdfmztwq2lk"},
		{"000.00.06.H56-231027-0361", "", "000.00.06.H56-231027-0361", ""},
	} {
		s := Classify(tc.raw)
		if s.TicketID != tc.ticket || s.DossierCode != tc.code || s.RatingToken != tc.token {
			t.Errorf("%s: ticket %q code %q token %q", tc.raw, s.TicketID, s.DossierCode, s.RatingToken)
		}
	}
	if s := Classify("000.00.06.H56-231027-0361?r=mfrggzdfmztwq2l!"); s.Kind == KindDossier {
		t.Errorf("a malformed token made a dossier scan: %+v", s)
	}
}

// The booking QR is the booking's page on the centre server (package
// booking: PublicURL/dat-lich?ma={code}).
func TestClassifyBooking(t *testing.T) {
	for raw, want := range map[string]string{
		"http://192.168.1.20:8080/dat-lich?ma=B2FR-GA6B-F6ZX-VS2Y":    "B2FR-GA6B-F6ZX-VS2Y",
		"https://motcua.example.vn/dat-lich/?ma=b2frga6bf6zxvs2y\r\n": "b2frga6bf6zxvs2y",
		"http://10.0.0.2/dat-lich?lang=en&ma=B2FR-GA6B-F6ZX-VS2Y":     "B2FR-GA6B-F6ZX-VS2Y",
	} {
		s := Classify(raw)
		if s.Kind != KindBooking || s.BookingCode != want {
			t.Errorf("%q: kind %v code %q, want booking %q", raw, s.Kind, s.BookingCode, want)
		}
	}
	for _, raw := range []string{"http://10.0.0.2/dat-lich", "http://10.0.0.2/dat-lich?ma=", "http://10.0.0.2/dat-lich?ma=%3Cscript%3E", "http://10.0.0.2/khac?ma=B2FR-GA6B-F6ZX-VS2Y"} {
		if s := Classify(raw); s.Kind == KindBooking {
			t.Errorf("%q taken for a booking", raw)
		}
	}
}
