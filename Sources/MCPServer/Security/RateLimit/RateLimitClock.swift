/// The time source of a ``RateLimiter``: a monotonic reading from a fixed origin. Tests inject
/// one they advance by hand, so bucket arithmetic is checked without waiting.
public struct RateLimitClock: Sendable {
    /// The time elapsed since the clock's origin; must never go backwards.
    public let now: @Sendable () -> Duration

    /// A clock reading `now`.
    public init(now: @escaping @Sendable () -> Duration) {
        self.now = now
    }

    /// The process's monotonic clock (unaffected by wall-clock changes).
    public static var continuous: RateLimitClock {
        let origin = ContinuousClock.now
        return RateLimitClock { ContinuousClock.now - origin }
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
