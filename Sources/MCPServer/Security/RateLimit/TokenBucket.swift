/// One token bucket: refills continuously up to the limit's burst; each request takes a token.
struct TokenBucket: Sendable {
    /// Tokens left, fractional between refills.
    private(set) var tokens: Double
    /// When ``tokens`` was last brought up to date, in clock seconds.
    private(set) var updated: Double

    /// Float arithmetic leaves 0.99999… where 1 was meant; this much slack absorbs it.
    private static let slack = 1e-9

    /// A full bucket, as a caller never seen before gets.
    init(full limit: RateLimitConfiguration.Limit, at now: Double) {
        tokens = Double(limit.burst)
        updated = now
    }

    /// Adds the tokens earned since the last update.
    mutating func refill(at now: Double, limit: RateLimitConfiguration.Limit) {
        let elapsed = max(0, now - updated)
        tokens = min(Double(limit.burst), tokens + elapsed * limit.refillPerSecond)
        updated = max(updated, now)
    }

    /// Whether a request may take a token now.
    var hasToken: Bool { tokens + Self.slack >= 1 }

    /// Takes one token; call only when ``hasToken``.
    mutating func take() { tokens = max(0, tokens - 1) }

    /// Whether the bucket would be full at `now`: such a bucket is the same as a fresh one, so
    /// forgetting it loses nothing.
    func isFull(at now: Double, limit: RateLimitConfiguration.Limit) -> Bool {
        tokens + max(0, now - updated) * limit.refillPerSecond + Self.slack >= Double(limit.burst)
    }

    /// Whole requests still allowed right now.
    var remaining: Int { Int((tokens + Self.slack).rounded(.down)) }

    /// Seconds until the bucket is full again (the `t` of the `RateLimit` header).
    func resetSeconds(limit: RateLimitConfiguration.Limit) -> Int {
        let missing = Double(limit.burst) - tokens
        return missing <= Self.slack ? 0 : Int((missing / limit.refillPerSecond).rounded(.up))
    }

    /// Seconds until the next token (at least 1 when there is none now).
    func retryAfterSeconds(limit: RateLimitConfiguration.Limit) -> Int {
        guard !hasToken else { return 0 }
        return max(1, Int(((1 - tokens) / limit.refillPerSecond).rounded(.up)))
    }
}
