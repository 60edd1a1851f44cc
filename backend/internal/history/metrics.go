package history

import (
	"slices"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

type metrics struct {
	lag         prometheus.Histogram
	queue       prometheus.Gauge
	entries     *prometheus.CounterVec
	storeErrors prometheus.Counter
	pruned      prometheus.Counter
	stored      prometheus.Gauge
}

func newMetrics() *metrics {
	return &metrics{
		lag: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "okg_console_history_lag_seconds",
			Help:    "Time from observing a change to storing it in the history.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}}),
		queue: prometheus.NewGauge(prometheus.GaugeOpts{Name: "okg_console_history_queue_length",
			Help: "Changes waiting to be recorded."}),
		entries: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "okg_console_history_entries_total",
			Help: "History entries recorded, by source."}, []string{"source"}),
		storeErrors: prometheus.NewCounter(prometheus.CounterOpts{Name: "okg_console_history_store_errors_total",
			Help: "Failed writes to the history store (each batch is retried)."}),
		pruned: prometheus.NewCounter(prometheus.CounterOpts{Name: "okg_console_history_pruned_total",
			Help: "History entries deleted by retention."}),
		stored: prometheus.NewGauge(prometheus.GaugeOpts{Name: "okg_console_history_stored_entries",
			Help: "History entries in the store after the last retention pass."}),
	}
}

// Collectors are the recorder's metrics, for the console's registry.
func (r *Recorder) Collectors() []prometheus.Collector {
	m := r.metrics
	return []prometheus.Collector{m.lag, m.queue, m.entries, m.storeErrors, m.pruned, m.stored}
}

// lagWindow keeps the most recent lags for exact quantiles (the benchmark's figure).
type lagWindow struct {
	mu   sync.Mutex
	ring []time.Duration
	next int
	full bool
}

func newLagWindow(n int) *lagWindow { return &lagWindow{ring: make([]time.Duration, n)} }

func (w *lagWindow) add(d time.Duration) {
	w.mu.Lock()
	w.ring[w.next] = d
	w.next = (w.next + 1) % len(w.ring)
	w.full = w.full || w.next == 0
	w.mu.Unlock()
}

func (w *lagWindow) quantile(q float64) time.Duration {
	w.mu.Lock()
	n := w.next
	if w.full {
		n = len(w.ring)
	}
	vals := slices.Clone(w.ring[:n])
	w.mu.Unlock()
	if len(vals) == 0 {
		return 0
	}
	slices.Sort(vals)
	return vals[min(len(vals)-1, int(q*float64(len(vals))))]
}
