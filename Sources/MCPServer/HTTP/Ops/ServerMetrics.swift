import Metrics
import Prometheus

/// The HTTP server's Prometheus metrics: one registry that `/metrics` renders, fed by
/// Hummingbird's `MetricsMiddleware` (through swift-metrics), by ``toolCalls`` (through the
/// dispatcher's observer) and by gauges refreshed when `/metrics` is read.
public final class ServerMetrics: Sendable {
    /// Where every metric lives; `/metrics` renders it.
    public let registry: PrometheusCollectorRegistry
    /// A swift-metrics backend writing into ``registry``, with names fit for Prometheus.
    public let factory: PrometheusMetricsFactory
    /// Records every finished tool call: `mcp_tool_calls_total{tool,outcome}` and
    /// `mcp_tool_call_duration_seconds{tool}`. Install it as (part of) the definition's observer.
    public let toolCalls: any DispatchObserver

    /// Metrics in their own registry. Request metrics from `MetricsMiddleware` arrive only when
    /// swift-metrics is bootstrapped with ``factory`` (see ``processWide``).
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.nameAndLabelSanitizer = Self.prometheusName
        factory.defaultDurationHistogramBuckets = Self.latencyBuckets
        self.factory = factory
        self.toolCalls = ToolCallMetrics(registry: registry)
    }

    /// The process's metrics, with swift-metrics bootstrapped to them on first use (swift-metrics
    /// allows one bootstrap per process, so everything that serves HTTP in a process shares these).
    public static let processWide: ServerMetrics = {
        let metrics = ServerMetrics()
        MetricsSystem.bootstrap(metrics.factory)
        return metrics
    }()

    /// Latency buckets from a millisecond to half a minute: tool calls and requests span both.
    static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
    ]

    /// Sets an unlabelled gauge, registering it on first use; `help` must not change between calls.
    public func setGauge(_ name: String, help: String, to value: Double) {
        registry.makeGauge(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help)).set(to: value)
    }

    /// Sets one labelled series of a gauge.
    public func setGauge(_ name: String, labels: [(String, String)], help: String, to value: Double) {
        registry.makeGauge(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help), labels: labels).set(to: value)
    }

    /// The Prometheus text exposition of every metric.
    public func render() -> [UInt8] { registry.emitToBuffer() }

    /// Renames Hummingbird's swift-metrics labels to conventional Prometheus names (`_total` on
    /// counters, a unit on durations, short label names); anything else gets its invalid
    /// characters replaced.
    @Sendable static func prometheusName(_ label: String, _ dimensions: [(String, String)]) -> (String, [(String, String)]) {
        let renamedLabels: [String: String] = [
            "http.route": "route", "http.request.method": "method", "http.response.status_code": "status", "error.type": "error_type",
        ]
        let dimensions = dimensions.map { (renamedLabels[$0.0] ?? sanitized($0.0), $0.1) }
        switch label {
        case "hb.requests": return ("http_requests_total", dimensions)
        case "http.server.request.duration": return ("http_request_duration_seconds", dimensions)
        case "hb.request.errors": return ("http_request_errors_total", dimensions)
        case "http.server.active_requests": return ("http_active_requests", dimensions)
        default: return (sanitized(label), dimensions)
        }
    }

    private static func sanitized(_ name: String) -> String {
        String(name.map { $0.isLetter && $0.isASCII || $0.isNumber && $0.isASCII || $0 == "_" ? $0 : "_" })
    }
}

/// Counts tool calls by tool and outcome and records their latency.
struct ToolCallMetrics: DispatchObserver {
    let registry: PrometheusCollectorRegistry

    static var calls: MetricNameDescriptor { MetricNameDescriptor(metricName: "mcp_tool_calls", unitName: "total", helpText: "Tool calls by tool and outcome (success, error, cancelled).") }
    static var latency: MetricNameDescriptor { MetricNameDescriptor(metricName: "mcp_tool_call_duration", unitName: "seconds", helpText: "How long tool calls took, by tool.") }

    func toolCallFinished(_ record: ToolCallRecord) async {
        let outcome = record.cancelled ? "cancelled" : record.isError ? "error" : "success"
        // Tool names come from the registry (unknown tools are refused before the observer), so
        // the label's values are bounded.
        registry.makeCounter(descriptor: Self.calls, labels: [("tool", record.tool), ("outcome", outcome)]).increment()
        registry.makeDurationHistogram(descriptor: Self.latency, labels: [("tool", record.tool)], buckets: ServerMetrics.latencyBuckets)
            .record(record.duration)
    }
}
