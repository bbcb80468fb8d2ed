package centre_test

import (
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/queue"
)

// /metrics shows the store's commits (how long, how many writes each) and
// the boards' fan-out: what a provincial IT officer looks at first when a
// centre's PC calls numbers slowly (a slow disk shows as commit time).
func TestMetricsShowCommitsAndFanout(t *testing.T) {
	e := newEnv(t, nil)
	sup := e.login("giamsat", "")
	board := e.dialWS("?batch=1") // a board: written directly by the fan-out
	if m := readMsg(t, board); m.Type != "snapshot" {
		t.Fatalf("first frame %+v", m)
	}
	before := metricValues(t, e.ts.URL)
	e.issue("hotich")
	if _, ok := e.callNext(sup, "q1"); !ok {
		t.Fatal("nothing called")
	}
	// A batch board gets one event or an array of them per message.
	for got := false; !got; {
		board.SetReadDeadline(time.Now().Add(30 * time.Second))
		_, data, err := board.ReadMessage()
		if err != nil {
			t.Fatal(err)
		}
		got = strings.Contains(string(data), `"`+queue.EvCalled+`"`)
	}
	after := metricValues(t, e.ts.URL)
	for _, name := range []string{"motcua_store_commit_seconds_count", "motcua_store_batch_units_count"} {
		if after[name]-before[name] < 2 {
			t.Errorf("%s went %v → %v after a ticket and a call: want at least 2 more", name, before[name], after[name])
		}
	}
	if after["motcua_store_commit_seconds_sum"] <= before["motcua_store_commit_seconds_sum"] {
		t.Errorf("commit time did not grow: %v → %v", before["motcua_store_commit_seconds_sum"], after["motcua_store_commit_seconds_sum"])
	}
	if after["motcua_board_fanout_seconds_count"]-before["motcua_board_fanout_seconds_count"] < 1 {
		t.Errorf("no fan-out observed: %v → %v", before["motcua_board_fanout_seconds_count"], after["motcua_board_fanout_seconds_count"])
	}
}

var metricLine = regexp.MustCompile(`(?m)^(motcua_(?:store|board)_[a-z_]+(?:_count|_sum)) ([0-9.e+-]+)$`)

func metricValues(t *testing.T, base string) map[string]float64 {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("/metrics: %d %v", resp.StatusCode, err)
	}
	out := map[string]float64{}
	for _, m := range metricLine.FindAllStringSubmatch(string(b), -1) {
		v, err := strconv.ParseFloat(m[2], 64)
		if err != nil {
			t.Fatal(err)
		}
		out[m[1]] = v
	}
	if len(out) != 6 {
		t.Fatalf("/metrics has %d of the 6 store/board series: %v", len(out), out)
	}
	return out
}
