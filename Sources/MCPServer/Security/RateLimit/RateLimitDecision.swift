/// A ``RateLimiter``'s answer for one request: allowed or refused, and where each bucket stands.
public struct RateLimitDecision: Sendable, Hashable {
    /// Which bucket a state or refusal is about. The raw value is the policy name in the
    /// `RateLimit-Policy` and `RateLimit` headers and the `scope` label of the metric.
    public enum Scope: String, Sendable, Hashable, CaseIterable {
        /// The caller's own bucket (per principal, or per client address when anonymous).
        case principal
        /// The bucket every caller shares.
        case global
    }

    /// Where one bucket stands after the request.
    public struct BucketState: Sendable, Hashable {
        /// Which bucket.
        public var scope: Scope
        /// Its configured shape.
        public var limit: RateLimitConfiguration.Limit
        /// Whole requests it still allows right now.
        public var remaining: Int
        /// Seconds until it is full again.
        public var resetSeconds: Int
    }

    /// Whether the request may go ahead (a token was taken from every bucket).
    public var isAllowed: Bool
    /// The bucket that refused the request (the caller's own when both did); `nil` when allowed.
    public var refusedBy: Scope?
    /// Seconds to wait before a retry can succeed; `0` when allowed.
    public var retryAfterSeconds: Int
    /// Every bucket that applies, principal first; empty when no limit is configured.
    public var buckets: [BucketState]

    /// Requests still allowed right now by every bucket; `nil` when nothing is limited.
    public var remaining: Int? { buckets.map(\.remaining).min() }
    /// Seconds until every bucket is full again; `nil` when nothing is limited.
    public var resetSeconds: Int? { buckets.map(\.resetSeconds).max() }

    /// The decision when no limit is configured.
    public static let unlimited = RateLimitDecision(isAllowed: true, refusedBy: nil, retryAfterSeconds: 0, buckets: [])
}
