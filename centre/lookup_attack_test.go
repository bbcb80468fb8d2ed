package centre_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/queue"
)

// TestAttackPhoneChannelCarriesNoDossier: the phone that follows a ticket
// (no token: /ws?ticket=, /api/v1/public/tickets/{id}) is open while its
// citizen is served and a dossier whose result goes by post is received
// on that very ticket, then the ticket finished. Nothing the phone gets
// names the applicant, the ID number, the phone, the postal address or
// the officer; the dossier is not even mentioned.
func TestAttackPhoneChannelCarriesNoDossier(t *testing.T) {
	env := centretest.Start(t, centretest.Options{
		Devices:         []centretest.Device{{ID: "k1", Name: "kiosk", Role: "kiosk"}},
		CounterOfficers: true,
		Dossiers:        &centre.DossierOptions{},
	})
	officer := env.Session("canbo-q1", "q1")
	var tk centre.Issued
	if code, body := env.Do(t, "POST", "/api/v1/tickets", env.Token("k1"), `{"service":"hotich"}`, &tk); code != http.StatusCreated {
		t.Fatalf("issue: %d %s", code, body)
	}
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(env.URL, "http")+"/ws?ticket="+tk.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	var mu sync.Mutex
	var frames []string
	finished := make(chan struct{})
	go func() {
		once := sync.Once{}
		for {
			_ = ws.SetReadDeadline(time.Now().Add(60 * time.Second))
			_, b, err := ws.ReadMessage()
			if err != nil {
				once.Do(func() { close(finished) })
				return
			}
			mu.Lock()
			frames = append(frames, string(b))
			mu.Unlock()
			if strings.Contains(string(b), queue.EvFinished) && strings.Contains(string(b), tk.ID) {
				once.Do(func() { close(finished) })
			}
		}
	}()
	var views []string
	view := func() {
		_, body := env.Do(t, "GET", "/api/v1/public/tickets/"+tk.ID, "", nil, nil)
		views = append(views, body)
	}
	view()
	var called centre.TicketView
	if code, body := env.Do(t, "POST", "/api/v1/counters/q1/call-next", officer, nil, &called); code != 200 || called.ID != tk.ID {
		t.Fatalf("call-next: %d %s", code, body)
	}
	view()
	if code, body := env.Do(t, "POST", "/api/v1/tickets/"+tk.ID+"/start", officer, nil, nil); code != 200 {
		t.Fatalf("start: %d %s", code, body)
	}
	const applicant = `"applicant":{"name":"Nguyễn Văn An","id_number":"001099012345","address":"Số 7 ngõ Hoa Sữa, phường Yên Lạc","phone":"0912345678","email":"an@example.vn"}`
	body := fmt.Sprintf(`{"procedure_code":"1.001193","ticket_id":%q,%s,"return_place":"buu_chinh","return_address":"Hộp thư 12, Số 5 Lý Thái Tổ","components":[{"name":"Tờ khai","originals":1}]}`, tk.ID, applicant)
	var v centre.DossierView
	if code, out := env.Do(t, "POST", "/api/v1/dossiers", officer, body, &v); code != 201 {
		t.Fatalf("receive: %d %s", code, out)
	}
	view()
	if code, out := env.Do(t, "POST", "/api/v1/tickets/"+tk.ID+"/finish", officer, nil, nil); code != 200 {
		t.Fatalf("finish: %d %s", code, out)
	}
	view()
	select {
	case <-finished:
	case <-time.After(60 * time.Second):
		t.Fatal("the phone never saw its ticket finished")
	}
	mu.Lock()
	got := strings.Join(frames, "\n") + "\n" + strings.Join(views, "\n")
	mu.Unlock()
	for _, s := range []string{"Nguyễn Văn An", "Nguyễn V", "001099012345", "0912345678", "an@example.vn", "Hoa Sữa", "Yên Lạc", "Hộp thư 12", "Lý Thái Tổ",
		"canbo-q1", "Cán bộ", v.Dossier.Code, "bưu chính", "buu_chinh"} {
		if strings.Contains(got, s) {
			t.Errorf("the phone channel shows %q:\n%s", s, got)
		}
	}
	if len(frames) < 3 {
		t.Fatalf("the phone got %d frames: %v", len(frames), frames)
	}
}

// TestAttackKioskLookupEnumeration: a laptop holding a kiosk's token walks
// dossier codes (they are sequential per day and printed on receipts).
// The lookups are bounded per device and per address; past the bound an
// existing code, a missing one, a malformed one and the same code spelled
// in lower case with spaces are all refused with the same bytes, so the
// refusal itself tells nothing; and no answer names the applicant without
// the receipt's token.
func TestAttackKioskLookupEnumeration(t *testing.T) {
	env := centretest.Start(t, centretest.Options{
		Devices:         []centretest.Device{{ID: "k1", Name: "kiosk", Role: "kiosk"}},
		CounterOfficers: true,
		Dossiers:        &centre.DossierOptions{LookupPerMinute: 12},
	})
	officer := env.Session("canbo-q1", "q1")
	body := `{"procedure_code":"1.001193","applicant":{"name":"Nguyễn Văn An","id_number":"001099012345","address":"Số 1 Tràng Tiền","phone":"0912345678"},"return_place":"buu_chinh","components":[{"name":"Tờ khai","originals":1}]}`
	var v centre.DossierView
	if code, out := env.Do(t, "POST", "/api/v1/dossiers", officer, body, &v); code != 201 {
		t.Fatalf("receive: %d %s", code, out)
	}
	code := v.Dossier.Code
	missing := code[:len(code)-4] + "9999"
	kiosk := env.Token("k1")
	statuses := map[int]int{}
	for i := 0; i < 12; i++ {
		c := code
		if i%2 == 1 {
			c = missing
		}
		st, out := env.Do(t, "GET", "/api/v1/lookup/dossiers/"+c, kiosk, nil, nil)
		statuses[st]++
		for _, s := range []string{"Nguyễn", "001099012345", "0912345678", "Tràng Tiền"} {
			if strings.Contains(out, s) {
				t.Errorf("a typed lookup shows %q: %s", s, out)
			}
		}
	}
	if statuses[200] != 6 || statuses[404] != 6 {
		t.Fatalf("within the bound: %v", statuses)
	}
	var first string
	for _, c := range []string{code, missing, "x", strings.ToLower(code), "%20" + code + "%20", strings.Repeat("9", 300)} {
		st, out := env.Do(t, "GET", "/api/v1/lookup/dossiers/"+c, kiosk, nil, nil)
		if st != http.StatusTooManyRequests {
			t.Errorf("past the bound, %q: %d %s", c, st, out)
		}
		if first == "" {
			first = out
		}
		if out != first {
			t.Errorf("past the bound, %q answered %q, another code %q", c, out, first)
		}
	}
	// The card lookup shares the bound.
	if st, out := env.Do(t, "POST", "/api/v1/lookup/dossiers/by-cccd", kiosk, `{"cccd":"001099012345|123456789|Nguyễn Văn An|15081999|Nam|Số 1 Tràng Tiền|10052021"}`, nil); st != http.StatusTooManyRequests {
		t.Errorf("card lookup past the bound: %d %s", st, out)
	}
}
