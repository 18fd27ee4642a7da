import Synchronization

/// Token-bucket rate limits per principal and for the whole server.
///
/// Thread-safe and synchronous (one short lock per request), so it can sit on every request's
/// path without a hop to an actor. Memory is bounded: buckets that have refilled completely are
/// forgotten (a full bucket is the same as a fresh one), and past
/// ``RateLimitConfiguration/maxTrackedKeys`` the least recently used tenth is dropped. A caller
/// whose bucket is dropped that way starts over with a full bucket, which is why a flood from many
/// addresses is the ``RateLimitConfiguration/global`` bucket's job.
///
/// The in-process implementation behind the design's "rate-limit counters behind a protocol";
/// a shared store for several instances would offer the same ``acquire(key:)``.
public final class RateLimiter: Sendable {
    /// The limits this limiter enforces.
    public let configuration: RateLimitConfiguration
    private let clock: RateLimitClock
    private let state: Mutex<State>

    private struct State {
        var buckets: [String: TokenBucket] = [:]
        var global: TokenBucket?
        var lastSweep: Double = 0
    }

    /// Seconds between sweeps of full buckets when the key cap is not reached.
    private static let sweepInterval: Double = 60

    /// A limiter enforcing `configuration`, reading time from `clock`.
    public init(configuration: RateLimitConfiguration, clock: RateLimitClock = .continuous) {
        self.configuration = configuration
        self.clock = clock
        let now = clock.now().seconds
        state = Mutex(State(global: configuration.global.map { TokenBucket(full: $0, at: now) }, lastSweep: now))
    }

    /// The bucket key for an HTTP caller: its principal id, or its address when anonymous (so
    /// unauthenticated callers do not share one bucket).
    public static func key(for principal: Principal, clientAddress: String?) -> String {
        if principal.id == Principal.anonymous.id { return "address:" + (clientAddress ?? "unknown") }
        return "principal:" + principal.id
    }

    /// Counts one request from `principal` at `clientAddress`; see ``acquire(key:)``.
    public func acquire(principal: Principal, clientAddress: String?) -> RateLimitDecision {
        acquire(key: Self.key(for: principal, clientAddress: clientAddress))
    }

    /// Counts one request against `key`'s bucket and the global bucket. The request is allowed
    /// only when both have a token, and then takes one from each; a refused request takes none,
    /// so a throttled caller does not drain the global bucket for everyone else.
    public func acquire(key: String) -> RateLimitDecision {
        let perPrincipal = configuration.perPrincipal
        let globalLimit = configuration.global
        guard perPrincipal != nil || globalLimit != nil else { return .unlimited }
        let now = clock.now().seconds
        return state.withLock { state in
            var own: TokenBucket?
            if let perPrincipal {
                var bucket = state.buckets[key] ?? TokenBucket(full: perPrincipal, at: now)
                bucket.refill(at: now, limit: perPrincipal)
                own = bucket
            }
            if let globalLimit { state.global?.refill(at: now, limit: globalLimit) }
            let ownAllows = own?.hasToken ?? true
            let globalAllows = state.global?.hasToken ?? true
            let allowed = ownAllows && globalAllows
            if allowed {
                own?.take()
                state.global?.take()
            }
            if let own, let perPrincipal {
                // A newcomer refused by the global bucket is not remembered: it is still full.
                if state.buckets[key] != nil || allowed { store(own, for: key, in: &state, now: now, limit: perPrincipal) }
            }

            var buckets: [RateLimitDecision.BucketState] = []
            var retryAfter = 0
            if let own, let perPrincipal {
                buckets.append(.init(scope: .principal, limit: perPrincipal, remaining: own.remaining, resetSeconds: own.resetSeconds(limit: perPrincipal)))
                if !allowed { retryAfter = max(retryAfter, own.retryAfterSeconds(limit: perPrincipal)) }
            }
            if let global = state.global, let globalLimit {
                buckets.append(.init(scope: .global, limit: globalLimit, remaining: global.remaining, resetSeconds: global.resetSeconds(limit: globalLimit)))
                if !allowed { retryAfter = max(retryAfter, global.retryAfterSeconds(limit: globalLimit)) }
            }
            return RateLimitDecision(
                isAllowed: allowed, refusedBy: allowed ? nil : (ownAllows ? .global : .principal),
                retryAfterSeconds: retryAfter, buckets: buckets
            )
        }
    }

    /// How many per-principal buckets are held right now.
    public var trackedKeys: Int { state.withLock { $0.buckets.count } }

    private func store(_ bucket: TokenBucket, for key: String, in state: inout State, now: Double, limit: RateLimitConfiguration.Limit) {
        let isNew = state.buckets[key] == nil
        if isNew, state.buckets.count >= configuration.maxTrackedKeys || now - state.lastSweep >= Self.sweepInterval {
            evict(from: &state, now: now, limit: limit)
        }
        state.buckets[key] = bucket
    }

    /// Forgets full buckets; if the cap is still reached, the least recently used tenth as well
    /// (a batch, so a flood of new keys pays for one sort per many insertions, not one per key).
    private func evict(from state: inout State, now: Double, limit: RateLimitConfiguration.Limit) {
        state.lastSweep = now
        state.buckets = state.buckets.filter { !$0.value.isFull(at: now, limit: limit) }
        let cap = configuration.maxTrackedKeys
        guard state.buckets.count >= cap else { return }
        let excess = state.buckets.count - cap + max(1, cap / 10)
        let oldest = state.buckets.sorted { $0.value.updated < $1.value.updated }.prefix(excess)
        for (key, _) in oldest { state.buckets[key] = nil }
    }
}
