/// How fast callers may send requests and how many event streams each may hold open.
///
/// Limits are token buckets: a bucket holds up to ``Limit/burst`` tokens, refills at
/// ``Limit/requestsPerMinute`` per minute, and every request takes one token. Each principal
/// has its own bucket (the anonymous principal gets one per client address, so callers of an
/// unauthenticated server do not share one); the ``global`` bucket is shared by everyone and
/// caps the server as a whole. A `nil` limit is off.
///
/// ```swift
/// // The plan's `rate_limit` section: 60 a minute, bursts of 10, per principal.
/// let limits = RateLimitConfiguration(requestsPerMinute: 60, burst: 10, maxStreamsPerPrincipal: 4)
/// ```
public struct RateLimitConfiguration: Sendable, Hashable {
    /// One token bucket's shape.
    public struct Limit: Sendable, Hashable {
        /// The sustained rate: tokens added per minute.
        public var requestsPerMinute: Int
        /// The bucket's capacity: how many requests may arrive at once after a quiet spell.
        public var burst: Int

        /// A limit of `requestsPerMinute`, with bursts of `burst` (when `nil` or `0`:
        /// ``defaultBurst(requestsPerMinute:)``). Returns `nil` (off) when `requestsPerMinute` is
        /// not positive.
        public init?(requestsPerMinute: Int, burst: Int? = nil) {
            guard requestsPerMinute > 0 else { return nil }
            self.requestsPerMinute = requestsPerMinute
            self.burst = burst.flatMap { $0 > 0 ? $0 : nil } ?? Self.defaultBurst(requestsPerMinute: requestsPerMinute)
        }

        /// The burst when none is configured: a tenth of the rate, at least 10 (as the
        /// `rate_limit.burst` setting documents).
        public static func defaultBurst(requestsPerMinute: Int) -> Int { max(10, requestsPerMinute / 10) }

        /// Tokens added per second.
        var refillPerSecond: Double { Double(requestsPerMinute) / 60 }

        /// Seconds an empty bucket takes to fill: the window the `RateLimit-Policy` header names.
        var windowSeconds: Int { max(1, Int((Double(burst) / refillPerSecond).rounded(.up))) }
    }

    /// The bucket each principal (or anonymous client address) gets; `nil` is off.
    public var perPrincipal: Limit?
    /// The one bucket every request shares; `nil` is off.
    public var global: Limit?
    /// How many event streams (`GET /mcp`, `/sse`, the REST SSE routes) one principal may hold
    /// open at once; `nil` is no cap.
    public var maxStreamsPerPrincipal: Int?
    /// The most per-principal buckets kept at once. Past it, the least recently used bucket is
    /// dropped: memory stays bounded however many addresses a flood comes from.
    public var maxTrackedKeys: Int
    /// Paths never limited, so a flood cannot starve health checks and scrapes.
    public var exemptPaths: Set<String>

    /// The paths exempt by default: `/health`, `/ready`, `/metrics`.
    public static let defaultExemptPaths: Set<String> = ["/health", "/ready", "/metrics"]

    /// Limits built from the configuration file's numbers, where `0` (or `nil`) turns a limit off.
    public init(
        requestsPerMinute: Int = 0, burst: Int? = nil, globalRequestsPerMinute: Int = 0, globalBurst: Int? = nil,
        maxStreamsPerPrincipal: Int? = nil, maxTrackedKeys: Int = 10_000,
        exemptPaths: Set<String> = RateLimitConfiguration.defaultExemptPaths
    ) {
        self.perPrincipal = Limit(requestsPerMinute: requestsPerMinute, burst: burst)
        self.global = Limit(requestsPerMinute: globalRequestsPerMinute, burst: globalBurst)
        self.maxStreamsPerPrincipal = maxStreamsPerPrincipal.flatMap { $0 > 0 ? $0 : nil }
        self.maxTrackedKeys = max(1, maxTrackedKeys)
        self.exemptPaths = exemptPaths
    }

    /// No limits at all.
    public static let off = RateLimitConfiguration()

    /// Whether any request limit is on (stream caps aside).
    public var limitsRequests: Bool { perPrincipal != nil || global != nil }
}
