package centre_test

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/store"
)

// clientFrom is an HTTP client whose connections come from the loopback
// address ip (127.0.0.2, 127.0.0.3...): the server sees distinct clients.
func clientFrom(t testing.TB, ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 10 * time.Second}
	tr := &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 128}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 90 * time.Second}
}

// postLogin logs in through c and returns the status, body and Retry-After.
func (e *env) postLogin(c *http.Client, user, pw, counter string) (int, string, string) {
	e.t.Helper()
	body := fmt.Sprintf(`{"username":%q,"password":%q,"counter":%q}`, user, pw, counter)
	resp, err := c.Post(e.ts.URL+"/api/v1/login", "application/json", strings.NewReader(body))
	if err != nil {
		e.t.Errorf("login %s: %v", user, err)
		return 0, "", ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header.Get("Retry-After")
}

// 100 parallel wrong guesses from one address: at most Free of them are
// checked (401), the rest are refused before any hash (429 with
// Retry-After); on the old code all 100 were checked. The right password
// from that address then waits too, while the real officer, at another
// address, still logs in.
func TestParallelGuessesClaimedBeforeHash(t *testing.T) {
	e := newEnvOpts(t, nil, centre.Options{Login: centre.LoginLimits{Free: 5, Delay: time.Hour}})
	attacker := clientFrom(t, "127.0.0.2")
	var mu sync.Mutex
	counts := map[int]int{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < 100; i++ {
		pw := fmt.Sprintf("doan-%03d", i)
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			status, body, retry := e.postLogin(attacker, "canbo1", pw, "q1")
			if status == 429 && (retry == "" || errorCode(t, body) != "rate_limited") {
				t.Errorf("429 without Retry-After or code: %q %s", retry, body)
			}
			mu.Lock()
			counts[status]++
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	checked := counts[401]
	if checked > 5 || checked+counts[429] != 100 {
		t.Fatalf("100 parallel guesses: %v; at most 5 may be checked, the rest 429", counts)
	}
	// Still throttled for the attacker, even with the right password.
	if status, body, _ := e.postLogin(attacker, "canbo1", testPassword, "q1"); status != 429 {
		t.Fatalf("attacker after the burst: %d %s", status, body)
	}
	// The officer at her own PC is not locked out.
	officer := clientFrom(t, "127.0.0.3")
	if status, body, _ := e.postLogin(officer, "canbo1", testPassword, "q1"); status != 200 {
		t.Fatalf("officer at another address while the attacker is throttled: %d %s", status, body)
	}
	// Nor are her typos at her address counted against her because of the attacker.
	for i := 0; i < 4; i++ {
		if status, body, _ := e.postLogin(officer, "canbo1", "go-nham", "q1"); status != 401 {
			t.Fatalf("officer's typo %d: %d %s", i+1, status, body)
		}
	}
	if status, body, _ := e.postLogin(officer, "canbo1", testPassword, "q1"); status != 200 {
		t.Fatalf("officer after 4 typos: %d %s", status, body)
	}
}

// An unknown username, a disabled officer and a wrong password get the same
// answers, failure after failure, and are throttled alike: nothing tells
// which usernames exist. (The old code throttled only existing accounts:
// the 6th try at a known name said 429, at an unknown one 401.)
func TestUnknownUserAnsweredLikeKnown(t *testing.T) {
	e := newEnvOpts(t, nil, centre.Options{Login: centre.LoginLimits{Free: 5, Delay: time.Hour}})
	e.addOfficer("nghiviec", "officer")
	e.write(func(tx *store.Tx) error { return tx.UpdateOfficer("nghiviec", "Nghỉ Việc", "officer", true, "") })
	c := clientFrom(t, "127.0.0.4")
	var answers [3][]string
	for i := 0; i < 7; i++ {
		for j, user := range []string{"khongco", "canbo2", "nghiviec"} {
			pw := "sai-mat-khau"
			if user == "nghiviec" {
				pw = testPassword // right password, disabled account
			}
			status, body, retry := e.postLogin(c, user, pw, "q1")
			// The wait counts down while the test runs: compare it to the minute.
			answers[j] = append(answers[j], digits.ReplaceAllString(fmt.Sprint(status, " ", retry != "", " ", body), "#"))
		}
	}
	for i := range answers[0] {
		if answers[0][i] != answers[1][i] || answers[0][i] != answers[2][i] {
			t.Fatalf("attempt %d: unknown %q / wrong password %q / disabled %q", i+1, answers[0][i], answers[1][i], answers[2][i])
		}
	}
	if !strings.HasPrefix(answers[0][0], "401") || !strings.HasPrefix(answers[0][6], "429") {
		t.Fatalf("answers %q", answers[0])
	}
}

var digits = regexp.MustCompile(`[0-9]+ s"`)

// However many logins arrive at once, at most Hashers bcrypt checks run
// together (the rest wait for a slot, or are told the server is busy).
func TestPasswordHashingBounded(t *testing.T) {
	e := newEnvOpts(t, nil, centre.Options{Login: centre.LoginLimits{Hashers: 2, Queue: 40, PerAddress: 1000}})
	c := clientFrom(t, "127.0.0.5")
	hash := fastHash(t, testPassword)
	e.write(func(tx *store.Tx) error {
		for i := 0; i < 80; i++ {
			if err := tx.PutOfficer(store.Officer{Username: fmt.Sprintf("khach%02d", i), PasswordHash: hash, Role: "officer"}); err != nil {
				return err
			}
		}
		return nil
	})
	var wg sync.WaitGroup
	var mu sync.Mutex
	counts := map[int]int{}
	for i := 0; i < 80; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status, body, _ := e.postLogin(c, fmt.Sprintf("khach%02d", i), "sai-mat-khau", "q1")
			if status != 401 && status != 429 {
				t.Errorf("status %d %s", status, body)
			}
			mu.Lock()
			counts[status]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if p := e.srv.PeakHashes(); p < 1 || p > 2 {
		t.Fatalf("peak concurrent hashes %d, want 1..2 (answers %v)", p, counts)
	}
	if counts[401] < 40 {
		t.Fatalf("answers %v: the queue of 40 should have let at least 40 through", counts)
	}
	// The officer is served after the flood.
	if status, body, _ := e.postLogin(clientFrom(t, "127.0.0.6"), "canbo1", testPassword, "q1"); status != 200 {
		t.Fatalf("after the flood: %d %s", status, body)
	}
}
