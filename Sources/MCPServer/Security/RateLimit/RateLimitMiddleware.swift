import Hummingbird
import HTTPTypes

/// Throttles HTTP requests with a ``RateLimiter``: an allowed request goes on and its answer
/// carries the `RateLimit-Policy`/`RateLimit` headers; a refused one gets 429 with
/// `Retry-After`, the same headers and a JSON body (a JSON-RPC `-32029` error, or a problem
/// document on `/mcp/v1/…`). Refusals are counted in `quire_rate_limited_requests_total{scope}`.
///
/// Install it after the authentication middleware (it reads ``MCPRequestContext/principal``) and
/// before the routes:
///
/// ```swift
/// let limiter = RateLimiter(configuration: RateLimitConfiguration(requestsPerMinute: 60, burst: 10))
/// router.add(middleware: RateLimitMiddleware(limiter: limiter, metrics: metrics))
/// ```
///
/// Every request counts, `initialize` (a new legacy session) and stream opens included; the
/// configuration's exempt paths (`/health`, `/ready`, `/metrics`) never do, so a flood cannot
/// starve health checks.
public struct RateLimitMiddleware: RouterMiddleware {
    public typealias Context = MCPRequestContext

    private let limiter: RateLimiter
    private let metrics: ServerMetrics?
    private let audit: (any AuditSink)?
    private let auditSampler = AuditSampler()

    /// A middleware enforcing `limiter`'s limits, counting refusals in `metrics` and recording
    /// them in `audit` when given.
    public init(limiter: RateLimiter, metrics: ServerMetrics? = nil, audit: (any AuditSink)? = nil) {
        self.limiter = limiter
        self.metrics = metrics
        self.audit = audit
        // Both series exist from the start, so a scrape shows 0 rather than nothing.
        for scope in RateLimitDecision.Scope.allCases { metrics?.rateLimitedCounter(scope) }
    }

    /// Counts the request, then passes it on with the rate-limit headers added, or answers 429.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard limiter.configuration.limitsRequests, !limiter.configuration.exemptPaths.contains(path) else {
            return try await next(request, context)
        }
        let decision = limiter.acquire(principal: context.principal, clientAddress: context.clientAddress)
        let headers = RateLimitHeaders.fields(for: decision)
        guard decision.isAllowed else {
            if let scope = decision.refusedBy { metrics?.rateLimitedCounter(scope).increment() }
            let key = RateLimiter.key(for: context.principal, clientAddress: context.clientAddress)
            if let audit, let dropped = auditSampler.admit(key) {
                let more = dropped > 0 ? " (\(dropped) more refused since the last entry)" : ""
                await audit.record(AuditEvent(
                    kind: .rateLimited, principal: context.principal.id, clientAddress: context.clientAddress,
                    method: "\(request.method.rawValue) \(path)", outcome: "refused", reason: "retry after \(decision.retryAfterSeconds) s\(more)"
                ))
            }
            return RateLimitRefusal.response(path: path, retryAfterSeconds: decision.retryAfterSeconds, headers: headers)
        }
        var response = try await next(request, context)
        response.headers.append(contentsOf: headers)
        return response
    }
}
