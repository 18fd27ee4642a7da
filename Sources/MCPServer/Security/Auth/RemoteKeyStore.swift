import Foundation

/// The issuer's keys, fetched over HTTP and cached: kept for the response's `max-age` (within
/// bounds), refetched when a token names an unknown `kid` — but never more often than the
/// refetch interval, so a stream of made-up `kid`s cannot make us hammer the IdP.
actor RemoteKeyStore {
    enum Location: Sendable {
        case discovery(URL)
        case jwks(URL)
    }

    private let location: Location
    private let fetcher: KeyFetcher
    private let allowed: Set<JWTVerification.Algorithm>
    private let defaultTTL: Duration
    private let ttlBounds: ClosedRange<Duration>
    private let refetchInterval: Duration
    private let now: @Sendable () -> Date

    private var keys: VerificationKeys?
    private var expiresAt = Date.distantPast
    private var lastAttempt: Date?
    private var lastError: KeyFetchError?
    private var jwksURL: URL?
    private var inFlight: Task<Result<Fetched, KeyFetchError>, Never>?

    private struct Fetched: Sendable {
        var keys: VerificationKeys
        var jwksURL: URL
        var maxAge: Int?
    }

    init(location: Location, fetcher: KeyFetcher, verification: JWTVerification, now: @escaping @Sendable () -> Date) {
        self.location = location
        self.fetcher = fetcher
        self.allowed = verification.effectiveAlgorithms
        self.defaultTTL = verification.keyCacheTTL
        self.ttlBounds = verification.keyCacheTTLBounds
        self.refetchInterval = verification.refetchInterval
        self.now = now
        if case .jwks(let url) = location { jwksURL = url }
    }

    /// The cached keys, fetched first when there are none yet or they have expired. When a fetch
    /// fails, stale keys are used (or the failure reported) until the refetch interval has passed.
    func current() async -> Result<VerificationKeys, KeyFetchError> {
        if let keys, now() < expiresAt { return .success(keys) }
        if inFlight == nil, !mayFetch() {
            if let keys { return .success(keys) }
            if let lastError { return .failure(lastError) }
        }
        let result = await refresh()
        // An IdP that is down must not lock out tokens signed with keys we already hold.
        if case .failure = result, let keys { return .success(keys) }
        return result
    }

    /// Fetches again because a token named a `kid` we do not know. Within the refetch interval
    /// it does not fetch: `nil`, or the last fetch's failure if it failed.
    func refreshForUnknownKey() async -> Result<VerificationKeys, KeyFetchError>? {
        guard inFlight != nil || mayFetch() else { return lastError.map { .failure($0) } }
        return await refresh()
    }

    private func mayFetch() -> Bool {
        guard let lastAttempt else { return true }
        return now().timeIntervalSince(lastAttempt) >= seconds(refetchInterval)
    }

    /// One fetch at a time: concurrent callers wait for the same result.
    private func refresh() async -> Result<VerificationKeys, KeyFetchError> {
        if let inFlight { return await inFlight.value.map(\.keys) }
        lastAttempt = now()
        let task = Task { [location, fetcher, allowed, jwksURL] in
            await Self.fetch(location: location, knownJWKS: jwksURL, fetcher: fetcher, allowed: allowed)
        }
        inFlight = task
        let result = await task.value
        inFlight = nil
        switch result {
        case .success(let fetched):
            keys = fetched.keys
            jwksURL = fetched.jwksURL
            lastError = nil
            let ttl = fetched.maxAge.map { min(max(.seconds($0), ttlBounds.lowerBound), ttlBounds.upperBound) } ?? defaultTTL
            expiresAt = now().addingTimeInterval(seconds(ttl))
        case .failure(let error):
            lastError = error
            // The key set may have moved: discover it again next time.
            if case .discovery = location { jwksURL = nil }
        }
        return result.map(\.keys)
    }

    private static func fetch(
        location: Location, knownJWKS: URL?, fetcher: KeyFetcher, allowed: Set<JWTVerification.Algorithm>
    ) async -> Result<Fetched, KeyFetchError> {
        do throws(KeyFetchError) {
            let url: URL
            if let knownJWKS {
                url = knownJWKS
            } else if case .discovery(let issuer) = location {
                url = try await IssuerDiscovery.jwksURL(issuer: issuer, fetcher: fetcher)
            } else {
                throw KeyFetchError("no JWKS URL")
            }
            let response = try await fetcher.get(url)
            guard response.status == 200 else {
                throw KeyFetchError("\(url.absoluteString) answered HTTP \(response.status)")
            }
            let keys = try await VerificationKeys.jwks(response.body, allowed: allowed)
            guard !keys.isEmpty else { throw KeyFetchError("\(url.absoluteString) has no usable signing keys") }
            return .success(Fetched(keys: keys, jwksURL: url, maxAge: response.maxAge))
        } catch {
            return .failure(error)
        }
    }
}

/// A `Duration` in seconds, for `Date` arithmetic.
func seconds(_ duration: Duration) -> TimeInterval {
    let (whole, attoseconds) = duration.components
    return TimeInterval(whole) + TimeInterval(attoseconds) / 1e18
}
