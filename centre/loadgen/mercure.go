package loadgen

import (
	"bufio"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/motcua/motcua/internal/procmem"
)

// PeerOptions drive a Mercure hub (the push hub NovoSGA uses) the way Run
// drives motcua for the call → board comparison: Subscribers follow one
// topic over Server-Sent Events, and every Interval Burst updates of
// PayloadBytes are published at the same instant. Only the client side
// lives here; the hub is a separate binary outside this repository (see
// docs/BENCHMARKS.md, "Side by side with Mercure").
type PeerOptions struct {
	HubURL       string // e.g. http://127.0.0.1:18990/.well-known/mercure
	Key          []byte // HS256 key the hub's publisher JWTs are signed with
	Issuer       string // the hub's issuer identifier (iss)
	Subscribers  int
	Duration     time.Duration
	Interval     time.Duration
	Burst        int // publishes at the same instant per Interval (≥ 1)
	PayloadBytes int // size of each update's data (padded JSON)
	PID          int // hub process for RSS; 0 = not measured
}

// PeerResult is what one Mercure run measured, in Result's terms.
type PeerResult struct {
	Publishes  int
	PublishP50 time.Duration
	PublishP99 time.Duration
	Deliveries int
	Expected   int
	P50, P99   time.Duration
	Max        time.Duration
	RSSKB      int64
	HWMKB      int64
}

func (r *PeerResult) String() string {
	s := fmt.Sprintf("publishes %d (p50 %v p99 %v); publish → subscriber p50 %v p99 %v max %v (%d of %d)",
		r.Publishes, ms(r.PublishP50), ms(r.PublishP99), ms(r.P50), ms(r.P99), ms(r.Max), r.Deliveries, r.Expected)
	if r.RSSKB > 0 {
		s += fmt.Sprintf("; hub RSS %.1f MB (peak %.1f MB)", float64(r.RSSKB)/1024, float64(r.HWMKB)/1024)
	}
	return s
}

// mercureToken is a publisher JWT in the current Mercure protocol (at+jwt
// with authorization_details), signed with HS256.
func mercureToken(o PeerOptions, topic string) string {
	enc := base64.RawURLEncoding
	head, _ := json.Marshal(map[string]string{"alg": "HS256", "typ": "at+jwt"})
	claims, _ := json.Marshal(map[string]any{
		"iss": o.Issuer, "aud": o.HubURL, "exp": 4102444800,
		"authorization_details": []any{map[string]any{
			"type": "https://mercure.rocks/authorization-detail", "actions": []string{"publish"},
			"topics": []map[string]any{{"match": topic, "match_type": "exact"}}}},
	})
	msg := enc.EncodeToString(head) + "." + enc.EncodeToString(claims)
	m := hmac.New(sha256.New, o.Key)
	m.Write([]byte(msg))
	return msg + "." + enc.EncodeToString(m.Sum(nil))
}

// RunMercure connects the subscribers, publishes for o.Duration and joins
// every delivery to its publish by sequence number.
func RunMercure(ctx context.Context, o PeerOptions) (*PeerResult, error) {
	if o.Burst < 1 {
		o.Burst = 1
	}
	const topic = "board"
	var sent sync.Map // seq → unix nanos when its publish was sent
	type got struct {
		seq int64
		at  int64
	}
	sctx, stopSubs := context.WithCancel(ctx)
	defer stopSubs()
	tr := &http.Transport{MaxIdleConnsPerHost: o.Subscribers + o.Burst + 10}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	subs := make([][]got, o.Subscribers)
	var delivered atomic.Int64
	ready := make(chan error, o.Subscribers)
	var wg sync.WaitGroup
	for i := 0; i < o.Subscribers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequestWithContext(sctx, "GET", o.HubURL+"?match="+topic, nil)
			req.Header.Set("Accept", "text/event-stream")
			resp, err := client.Do(req)
			if err == nil && resp.StatusCode != 200 {
				resp.Body.Close()
				err = fmt.Errorf("loadgen: subscribe: %s", resp.Status)
			}
			ready <- err
			if err != nil {
				return
			}
			defer resp.Body.Close()
			sc := bufio.NewScanner(resp.Body)
			sc.Buffer(make([]byte, 0, 4096), 1<<20)
			prefix := []byte(`data: {"seq":`)
			for sc.Scan() {
				line := sc.Bytes()
				if bytes.HasPrefix(line, prefix) {
					now := time.Now().UnixNano()
					subs[i] = append(subs[i], got{intAfter(line, []byte(`"seq":`)), now})
					delivered.Add(1)
				}
			}
		}()
	}
	for i := 0; i < o.Subscribers; i++ {
		select {
		case err := <-ready:
			if err != nil {
				return nil, err
			}
		case <-time.After(30 * time.Second):
			return nil, errors.New("loadgen: subscribers did not connect")
		}
	}
	time.Sleep(500 * time.Millisecond) // as peerbench: let the hub register them

	tok := "Bearer " + mercureToken(o, topic)
	pub := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: o.Burst + 2}}
	var (
		mu     sync.Mutex
		pubLat []time.Duration
		seq    atomic.Int64
		perr   error
	)
	publish := func() {
		n := seq.Add(1)
		head := fmt.Sprintf(`{"seq":%d,"type":"ticket.called","ticket":{"number":"A%03d","counter":"q1","service":"Tư pháp - Hộ tịch"},"pad":"`, n, n%1000)
		pad := max(o.PayloadBytes-len(head)-2, 0)
		data := head + strings.Repeat("x", pad) + `"}`
		body := url.Values{"topic": {topic}, "data": {data}}.Encode()
		req, _ := http.NewRequestWithContext(ctx, "POST", o.HubURL, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", tok)
		t0 := time.Now()
		sent.Store(n, t0.UnixNano())
		resp, err := pub.Do(req)
		if err == nil {
			if resp.StatusCode != 200 {
				err = fmt.Errorf("loadgen: publish: %s", resp.Status)
			}
			resp.Body.Close()
		}
		mu.Lock()
		if err != nil && perr == nil {
			perr = err
		}
		pubLat = append(pubLat, time.Since(t0))
		mu.Unlock()
	}
	var rss, hwm int64
	end := time.Now().Add(o.Duration)
	sample := time.Now().Add(o.Duration * 3 / 4)
	for next := time.Now(); next.Before(end) && ctx.Err() == nil; next = next.Add(o.Interval) {
		time.Sleep(time.Until(next))
		var bw sync.WaitGroup
		for b := 0; b < o.Burst; b++ {
			bw.Add(1)
			go func() { defer bw.Done(); publish() }()
		}
		bw.Wait()
		if o.PID > 0 && rss == 0 && time.Now().After(sample) {
			rss, hwm = procmem.ReadRSS(o.PID)
		}
	}
	want := seq.Load() * int64(o.Subscribers)
	for limit := time.Now().Add(10 * time.Second); delivered.Load() < want && time.Now().Before(limit); {
		time.Sleep(20 * time.Millisecond)
	}
	if o.PID > 0 {
		r, h := procmem.ReadRSS(o.PID)
		rss, hwm = max(rss, r), h
	}
	stopSubs()
	wg.Wait()
	if perr != nil {
		return nil, perr
	}
	res := &PeerResult{Publishes: int(seq.Load()), Expected: int(want), RSSKB: rss, HWMKB: hwm}
	res.PublishP50, res.PublishP99, _ = percentiles(pubLat)
	var lat []time.Duration
	for _, s := range subs {
		for _, g := range s {
			if t0, ok := sent.Load(g.seq); ok {
				lat = append(lat, time.Duration(g.at-t0.(int64)))
			}
		}
	}
	res.Deliveries = len(lat)
	res.P50, res.P99, res.Max = percentiles(lat)
	return res, nil
}
