import Hummingbird
import Synchronization

/// Caps the event streams (`GET /mcp`, `/sse`, the REST SSE routes) one principal holds open at
/// once, keyed like the ``RateLimiter`` (principal id, or client address when anonymous).
///
/// Call ``acquire(principal:clientAddress:)`` before opening a stream and keep the returned
/// ``StreamLease`` for the stream's life; release it when the stream ends (dropping the lease
/// releases it too). A refusal is a ``StreamQuotaExceeded`` whose ``StreamQuotaExceeded/response(path:)``
/// is the 429 to answer.
///
/// ```swift
/// let lease: StreamLease
/// do { lease = try quota.acquire(principal: context.principal, clientAddress: context.clientAddress) }
/// catch { return error.response(path: request.uri.path) }
/// // … open the stream; call lease.release() when it closes.
/// ```
public final class StreamQuota: Sendable {
    /// The most streams one key may hold; `nil` is no cap.
    public let maxStreamsPerPrincipal: Int?
    private let open = Mutex<[String: Int]>([:])

    /// A quota of `maxStreamsPerPrincipal` streams per principal (`nil` or `0`: no cap).
    public init(maxStreamsPerPrincipal: Int?) {
        self.maxStreamsPerPrincipal = maxStreamsPerPrincipal.flatMap { $0 > 0 ? $0 : nil }
    }

    /// A quota with the configuration's ``RateLimitConfiguration/maxStreamsPerPrincipal``.
    public convenience init(configuration: RateLimitConfiguration) {
        self.init(maxStreamsPerPrincipal: configuration.maxStreamsPerPrincipal)
    }

    /// Takes a stream slot for `principal` (at `clientAddress` when anonymous).
    public func acquire(principal: Principal, clientAddress: String?) throws(StreamQuotaExceeded) -> StreamLease {
        try acquire(key: RateLimiter.key(for: principal, clientAddress: clientAddress))
    }

    /// Takes a stream slot for `key`, or throws when it already holds the maximum.
    public func acquire(key: String) throws(StreamQuotaExceeded) -> StreamLease {
        let limit = maxStreamsPerPrincipal
        let granted = open.withLock { open -> Bool in
            let held = open[key, default: 0]
            if let limit, held >= limit { return false }
            open[key] = held + 1
            return true
        }
        guard granted else { throw StreamQuotaExceeded(limit: limit ?? 0) }
        return StreamLease(quota: self, key: key)
    }

    /// How many streams `key` holds open.
    public func openStreams(key: String) -> Int { open.withLock { $0[key, default: 0] } }

    fileprivate func release(key: String) {
        open.withLock { open in
            let held = open[key, default: 0] - 1
            // Keys with no stream are forgotten, so the table never outgrows the open streams.
            open[key] = held > 0 ? held : nil
        }
    }
}

/// One open stream's slot in a ``StreamQuota``. Releasing is idempotent, and a lease that is
/// dropped without being released releases itself.
public final class StreamLease: Sendable {
    private let quota: StreamQuota
    private let key: String
    private let released = Atomic<Bool>(false)

    fileprivate init(quota: StreamQuota, key: String) {
        self.quota = quota
        self.key = key
    }

    /// Gives the slot back; later calls do nothing.
    public func release() {
        guard released.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        quota.release(key: key)
    }

    deinit { release() }
}

/// A principal already holds as many open event streams as its quota allows.
public struct StreamQuotaExceeded: Error, Sendable, Hashable {
    /// The quota that was reached.
    public var limit: Int
    /// The retry hint sent with the refusal: a stream slot frees only when another stream ends,
    /// so this is a polite pause, not a promise.
    public var retryAfterSeconds: Int = 5

    /// The message of the refusal.
    public var message: String { "Too many open event streams: at most \(limit) per principal" }

    /// The 429 to answer: a JSON-RPC `-32029` error, or a problem document on `/mcp/v1/…`,
    /// with `Retry-After`.
    public func response(path: String) -> Response {
        RateLimitRefusal.response(
            path: path, retryAfterSeconds: retryAfterSeconds, message: message,
            headers: [.retryAfter: String(retryAfterSeconds)]
        )
    }
}
