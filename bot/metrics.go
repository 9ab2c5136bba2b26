package bot

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are what /metrics exposes, in Prometheus text format. Each Bot has
// its own registry (no package globals), so tests can run several bots. Label
// values come from small fixed sets (command names, outcome codes, error
// kinds), never from what people type.
type Metrics struct {
	reg *prometheus.Registry

	// Commands counts commands by name (help, who funds, log…; "unknown" when
	// the text did not parse) and outcome (ok, an error code, refused, panic…).
	Commands *prometheus.CounterVec
	// Latency is the time from receiving a command to having its answer.
	Latency *prometheus.HistogramVec
	// Requests counts Slack requests by endpoint and result (accepted,
	// bad_signature, too_large, malformed…).
	Requests *prometheus.CounterVec
	// Posts counts outgoing messages by outcome (confirmed, refused, unknown).
	Posts *prometheus.CounterVec
	// DigestPosts counts digest messages by outcome; the digest's poster
	// passes Post.Kind "digest".
	DigestPosts *prometheus.CounterVec
	// SlackErrors counts Slack Web API errors by method and kind
	// (rate_limited, message_limit, invalid_blocks, server_error, timeout,
	// connection_refused, or Slack's own error code).
	SlackErrors *prometheus.CounterVec
	// RichBlockFallbacks counts messages and views Slack refused for a chart
	// or table (a block not in the workspace yet) and that were sent again
	// with their text in their place, by method.
	RichBlockFallbacks *prometheus.CounterVec
	// MessageLimitAlerts counts 429s without Retry-After: the workspace's
	// message limit is exceeded and an admin should look.
	MessageLimitAlerts prometheus.Counter
	// EventsDeduplicated counts event deliveries acknowledged without work
	// because their event_id was seen before.
	EventsDeduplicated prometheus.Counter
	// Panics counts recovered panics.
	Panics prometheus.Counter
}

// NewMetrics registers Frontdoor's metrics, with Go and process metrics, in a
// new registry.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		Commands: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "frontdoor_commands_total",
			Help: "Commands answered, by command name and outcome.",
		}, []string{"command", "outcome"}),
		Latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "frontdoor_command_duration_seconds",
			Help:    "Time from receiving a command to having its answer, by transport.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2, 3, 5, 10, 30, 60},
		}, []string{"transport"}),
		Requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "frontdoor_slack_requests_total",
			Help: "Requests from Slack, by endpoint and result.",
		}, []string{"endpoint", "result"}),
		Posts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "frontdoor_slack_posts_total",
			Help: "Messages posted to Slack, by outcome (confirmed, refused, unknown).",
		}, []string{"outcome"}),
		DigestPosts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "frontdoor_digest_posts_total",
			Help: "Digest messages posted, by outcome (confirmed, refused, unknown).",
		}, []string{"outcome"}),
		SlackErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "frontdoor_slack_api_errors_total",
			Help: "Errors from the Slack Web API, by method and kind.",
		}, []string{"method", "kind"}),
		RichBlockFallbacks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "frontdoor_slack_rich_block_fallbacks_total",
			Help: "Messages and views Slack refused for a chart or table, sent again with their text in their place, by method.",
		}, []string{"method"}),
		MessageLimitAlerts: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "frontdoor_slack_message_limit_alerts_total",
			Help: "429 responses without Retry-After: the workspace's message limit is exceeded (not retried).",
		}),
		EventsDeduplicated: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "frontdoor_events_deduplicated_total",
			Help: "Event deliveries acknowledged without work because their event_id was seen before.",
		}),
		Panics: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "frontdoor_panics_total",
			Help: "Panics recovered while handling Slack requests.",
		}),
	}
	m.reg.MustRegister(m.Commands, m.Latency, m.Requests, m.Posts, m.DigestPosts, m.SlackErrors,
		m.RichBlockFallbacks, m.MessageLimitAlerts, m.EventsDeduplicated, m.Panics,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Registry returns the registry, for other packages' collectors (the digest's
// scheduler, for example).
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }
