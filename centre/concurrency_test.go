package centre_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/queue"
)

// send is the goroutine-safe request helper (no t.Fatal off the test goroutine).
func send(c *http.Client, method, url, token, body string) (int, []byte, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return 0, nil, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// 50 kiosks issue while 20 counters call: every ticket is issued once with
// a number unique for the day, and every call is claimed by exactly one
// counter.
func TestConcurrentKiosksAndCounters(t *testing.T) {
	const kiosks, counters, perKiosk = 50, 20, 6
	e := newEnv(t, bigConfig(counters))
	kioskTokens := e.devices("kiosk", "kiosk", kiosks)
	officerTokens := make([]string, counters)
	for i := range officerTokens {
		name := fmt.Sprintf("cb%02d", i+1)
		e.addOfficer(name, "officer")
		officerTokens[i] = e.login(name, fmt.Sprintf("q%d", i+1))
	}
	t.Logf("set up: %d kiosks, %d counters with officers logged in", kiosks, counters)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: kiosks + counters}}
	defer client.CloseIdleConnections()

	var (
		mu      sync.Mutex
		issued  = map[string]centre.Issued{} // id → ticket
		numbers = map[string]string{}        // number → id
		claimed = map[string]string{}        // id → counter
		errs    []string
	)
	fail := func(format string, args ...any) {
		mu.Lock()
		errs = append(errs, fmt.Sprintf(format, args...))
		mu.Unlock()
	}
	var kwg sync.WaitGroup
	for k := 0; k < kiosks; k++ {
		kwg.Add(1)
		go func() {
			defer kwg.Done()
			for i := 0; i < perKiosk; i++ {
				svc := e.cfg.Services[(k+i)%len(e.cfg.Services)].ID
				pri := ""
				if i%5 == 0 {
					pri = "caotuoi"
				}
				status, b, err := send(client, "POST", e.ts.URL+"/api/v1/tickets", kioskTokens[k], fmt.Sprintf(`{"service":%q,"priority":%q}`, svc, pri))
				if err != nil || status != http.StatusCreated {
					fail("kiosk %d: %d %s %v", k, status, b, err)
					return
				}
				var tk centre.Issued
				if err := json.Unmarshal(b, &tk); err != nil {
					fail("decode %s: %v", b, err)
					return
				}
				mu.Lock()
				if _, dup := issued[tk.ID]; dup {
					errs = append(errs, "id issued twice: "+tk.ID)
				}
				if other, dup := numbers[tk.Number]; dup {
					errs = append(errs, fmt.Sprintf("number %s issued to %s and %s", tk.Number, other, tk.ID))
				}
				issued[tk.ID], numbers[tk.Number] = tk, tk.ID
				mu.Unlock()
			}
		}()
	}
	kiosksDone := make(chan struct{})
	go func() { kwg.Wait(); close(kiosksDone) }()

	var cwg sync.WaitGroup
	for c := 0; c < counters; c++ {
		cwg.Add(1)
		go func() {
			defer cwg.Done()
			counter := fmt.Sprintf("q%d", c+1)
			for {
				// Read before calling: a 204 after the kiosks finished means
				// this counter's services are drained.
				finished := false
				select {
				case <-kiosksDone:
					finished = true
				default:
				}
				status, b, err := send(client, "POST", e.ts.URL+"/api/v1/counters/"+counter+"/call-next", officerTokens[c], "")
				if err != nil {
					fail("%s: %v", counter, err)
					return
				}
				switch status {
				case 200:
					var v centre.TicketView
					if err := json.Unmarshal(b, &v); err != nil {
						fail("decode %s: %v", b, err)
						return
					}
					if v.Counter != counter || v.Status != queue.Called {
						fail("%s got ticket %s at %s in %s", counter, v.Number, v.Counter, v.Status)
					}
					mu.Lock()
					if other, dup := claimed[v.ID]; dup {
						errs = append(errs, fmt.Sprintf("ticket %s claimed by %s and %s", v.Number, other, counter))
					}
					claimed[v.ID] = counter
					mu.Unlock()
				case 204:
					if finished {
						return
					}
					// Idle counters poll gently so the kiosks get the writer.
					time.Sleep(25 * time.Millisecond)
				default:
					fail("%s: call-next %d %s", counter, status, b)
					return
				}
			}
		}()
	}
	kwg.Wait()
	cwg.Wait()
	for _, s := range errs {
		t.Error(s)
	}
	if t.Failed() {
		t.FailNow()
	}
	if len(issued) != kiosks*perKiosk {
		t.Fatalf("issued %d tickets, want %d", len(issued), kiosks*perKiosk)
	}
	// Every issued ticket was called exactly once (the counters drained the
	// queue) and the database agrees with what the clients saw.
	if len(claimed) != len(issued) {
		t.Errorf("claimed %d of %d tickets", len(claimed), len(issued))
	}
	ctx := context.Background()
	days := map[string]bool{}
	for _, tk := range issued {
		days[tk.Day] = true
	}
	atCounter := map[string]int{}
	seen := 0
	for day := range days {
		stored, err := e.db.TicketsOfDay(ctx, day)
		if err != nil {
			t.Fatal(err)
		}
		nums := map[string]bool{}
		for _, st := range stored {
			seen++
			if nums[st.Number] {
				t.Errorf("number %s twice in the database", st.Number)
			}
			nums[st.Number] = true
			tk, ok := issued[st.ID]
			if !ok || tk.Number != st.Number {
				t.Errorf("stored ticket %s %s was not issued to a kiosk", st.ID, st.Number)
				continue
			}
			if st.Counter != claimed[st.ID] {
				t.Errorf("ticket %s at %q in the database, claimed by %q", st.Number, st.Counter, claimed[st.ID])
			}
			switch st.Status {
			case queue.Done:
			case queue.Called:
				atCounter[st.Counter]++
			default:
				t.Errorf("ticket %s left %s", st.Number, st.Status)
			}
		}
		calls, err := e.db.EventsOfDay(ctx, day, queue.EvCalled)
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range calls {
			if claimed[ev.TicketID] != ev.Counter {
				t.Errorf("call event of %s at %s, claimed by %s", ev.Number, ev.Counter, claimed[ev.TicketID])
			}
		}
	}
	if seen != len(issued) {
		t.Errorf("database holds %d tickets, kiosks got %d", seen, len(issued))
	}
	for k, n := range atCounter {
		if n > 1 {
			t.Errorf("%d tickets called at %s at once", n, k)
		}
	}
	var q []struct {
		Service string `json:"service"`
		Waiting int    `json:"waiting"`
	}
	if status, body := e.do("GET", "/api/v1/queue", e.kiosk, "", &q); status != 200 {
		t.Fatalf("queue: %d %s", status, body)
	}
	for _, s := range q {
		if s.Waiting != 0 {
			t.Errorf("service %s still counts %d waiting after the queue drained", s.Service, s.Waiting)
		}
	}
}
