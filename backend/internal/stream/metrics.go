package stream

import "github.com/prometheus/client_golang/prometheus"

type metrics struct {
	clients       prometheus.Gauge
	subscriptions *prometheus.GaugeVec
	sent          *prometheus.CounterVec
	drops         prometheus.Counter
	disconnects   *prometheus.CounterVec
	groups        prometheus.Gauge
}

func newMetrics() *metrics {
	return &metrics{
		clients: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: "okg_console", Subsystem: "stream", Name: "clients",
			Help: "Connected websocket clients.",
		}),
		subscriptions: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: "okg_console", Subsystem: "stream", Name: "subscriptions",
			Help: "Active subscriptions by resource.",
		}, []string{"resource"}),
		sent: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "okg_console", Subsystem: "stream", Name: "messages_sent_total",
			Help: "Messages written to websocket clients, by message type.",
		}, []string{"type"}),
		drops: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "okg_console", Subsystem: "stream", Name: "messages_dropped_total",
			Help: "Messages not delivered because a client's queue was full (the client is then disconnected).",
		}),
		disconnects: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "okg_console", Subsystem: "stream", Name: "disconnects_total",
			Help: "Websocket disconnects by reason.",
		}, []string{"reason"}),
		groups: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: "okg_console", Subsystem: "stream", Name: "query_groups",
			Help: "Distinct subscribed queries (kept for the resume window after their last client leaves).",
		}),
	}
}

// Collectors are the hub's Prometheus metrics, for the router's registry.
func (h *Hub) Collectors() []prometheus.Collector {
	m := h.metrics
	return []prometheus.Collector{m.clients, m.subscriptions, m.sent, m.drops, m.disconnects, m.groups}
}
