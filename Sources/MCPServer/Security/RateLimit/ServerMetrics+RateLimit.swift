import Metrics
import Prometheus

extension ServerMetrics {
    private static var rateLimited: MetricNameDescriptor {
        MetricNameDescriptor(
            metricName: "quire_rate_limited_requests", unitName: "total",
            helpText: "Requests refused with 429 by a rate limit, by the bucket that refused them (principal or global)."
        )
    }

    /// The `quire_rate_limited_requests_total{scope}` counter; increment it for each refusal.
    @discardableResult
    public func rateLimitedCounter(_ scope: RateLimitDecision.Scope) -> Prometheus.Counter {
        registry.makeCounter(descriptor: Self.rateLimited, labels: [("scope", scope.rawValue)])
    }
}
