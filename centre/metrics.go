package centre

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

type metrics struct {
	reg       *prometheus.Registry
	issued    *prometheus.CounterVec
	calls     *prometheus.CounterVec
	requests  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	wsClients prometheus.Gauge
	wsDropped prometheus.Counter
	authFail  *prometheus.CounterVec
	// The store's commits and the boards' fan-out: on a centre whose PC
	// has a slow disk, commit time is what every call and ticket waits for.
	commit     prometheus.Histogram
	batchUnits prometheus.Histogram
	fanout     prometheus.Histogram
}

// newMetrics uses its own registry so several servers can live in one
// process (tests) without clashing.
func newMetrics() *metrics {
	m := &metrics{
		reg:       prometheus.NewRegistry(),
		issued:    prometheus.NewCounterVec(prometheus.CounterOpts{Name: "motcua_tickets_issued_total", Help: "Tickets issued, by service."}, []string{"service"}),
		calls:     prometheus.NewCounterVec(prometheus.CounterOpts{Name: "motcua_calls_total", Help: "Tickets called, by counter."}, []string{"counter"}),
		requests:  prometheus.NewCounterVec(prometheus.CounterOpts{Name: "motcua_http_requests_total", Help: "HTTP requests by route and status code."}, []string{"route", "code"}),
		latency:   prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "motcua_http_request_seconds", Help: "HTTP request latency.", Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, 1}}, []string{"route"}),
		wsClients: prometheus.NewGauge(prometheus.GaugeOpts{Name: "motcua_ws_clients", Help: "Connected WebSocket clients."}),
		wsDropped: prometheus.NewCounter(prometheus.CounterOpts{Name: "motcua_ws_dropped_total", Help: "WebSocket clients dropped for being too slow."}),
		authFail:  prometheus.NewCounterVec(prometheus.CounterOpts{Name: "motcua_auth_failures_total", Help: "Refused authentications by reason."}, []string{"reason"}),
		commit: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "motcua_store_commit_seconds",
			Help:    "Time of each COMMIT of the centre database (WAL write and sync).",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, 1}}),
		batchUnits: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "motcua_store_batch_units",
			Help:    "Writes (tickets, calls, …) committed together in one batch.",
			Buckets: []float64{1, 2, 4, 8, 16, 32, 64, 128, 256}}),
		fanout: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "motcua_board_fanout_seconds",
			Help:    "Time to write a commit's events to every board written directly, after the commit.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1}}),
	}
	m.reg.MustRegister(m.issued, m.calls, m.requests, m.latency, m.wsClients, m.wsDropped, m.authFail, m.commit, m.batchUnits, m.fanout,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}
