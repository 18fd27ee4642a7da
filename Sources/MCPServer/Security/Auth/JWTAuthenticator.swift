import AsyncHTTPClient
import Foundation
import JWTKit

/// Verifies bearer JWTs (`--auth jwt`): signature with an allowed algorithm and a trusted key,
/// then `exp`/`nbf` (with leeway), `iss` and `aud` (RFC 8707), and turns the token into a
/// ``Principal`` — id from `sub` (or `client_id`), scopes from `scope` or `scp`.
///
/// Keys come from a ``JWTVerification/KeySource``. Remote keys (discovery or a JWKS URL) are
/// fetched with an `HTTPClient`: pass your own and keep ownership, or let the authenticator
/// create one (redirects disallowed) and call ``shutdown()`` when done with it.
///
/// Failure reasons are short, name the broken rule and never contain the token.
public final class JWTAuthenticator: Authenticator {
    /// The configuration this authenticator enforces.
    public let verification: JWTVerification

    private enum Keys: Sendable {
        case fixed(VerificationKeys)
        case remote(RemoteKeyStore)
    }

    private let keys: Keys
    private let ownedClient: HTTPClient?
    private let now: @Sendable () -> Date

    /// An authenticator for `verification`.
    ///
    /// - Parameters:
    ///   - verification: What to check and where keys come from.
    ///   - httpClient: The client for metadata and JWKS requests. When `nil` and keys are remote,
    ///     the authenticator creates its own, which ``shutdown()`` must close. A client you pass
    ///     should not follow redirects (every hop would escape the https check).
    /// - Throws: ``JWTConfigurationError`` when the configuration cannot work: no audience, an
    ///   unreadable key, a short secret, algorithms that do not fit the key, a non-https key URL.
    public convenience init(_ verification: JWTVerification, httpClient: HTTPClient? = nil) async throws(JWTConfigurationError) {
        try await self.init(verification, httpClient: httpClient, now: { Date() })
    }

    /// As the public initialiser, with a clock tests can move.
    init(_ verification: JWTVerification, httpClient: HTTPClient?, now: @escaping @Sendable () -> Date) async throws(JWTConfigurationError) {
        try Self.check(verification)
        self.verification = verification
        self.now = now
        let allowed = verification.effectiveAlgorithms
        switch verification.keys {
        case .sharedSecret(let secret):
            do {
                keys = .fixed(try await VerificationKeys.sharedSecret(secret, allowed: allowed))
            } catch {
                throw JWTConfigurationError("the shared secret cannot be used: \(error)")
            }
            ownedClient = nil
        case .publicKeyPEM(let pem):
            keys = .fixed(try await VerificationKeys.publicKeyPEM(pem, allowed: allowed))
            ownedClient = nil
        case .discovery(let url), .jwks(let url):
            do throws(KeyFetchError) {
                try KeyFetcher.checkTransport(url)
            } catch {
                throw JWTConfigurationError(error.message)
            }
            let location: RemoteKeyStore.Location
            if case .discovery = verification.keys { location = .discovery(url) } else { location = .jwks(url) }
            let client = httpClient ?? Self.makeClient(timeout: verification.fetchTimeout)
            ownedClient = httpClient == nil ? client : nil
            let fetcher = KeyFetcher(client: client, timeout: verification.fetchTimeout, maxBytes: verification.maxResponseBytes)
            keys = .remote(RemoteKeyStore(location: location, fetcher: fetcher, verification: verification, now: now))
        }
    }

    /// A client that follows no redirects: each hop could lead away from https or to an
    /// internal address, past the checks made on the configured URL.
    private static func makeClient(timeout: Duration) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: timeAmount(timeout), read: timeAmount(timeout))
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// Closes the HTTP client the authenticator created for itself; a client passed in is left
    /// open (it belongs to the caller). Call once, when no more tokens will be verified.
    public func shutdown() async throws {
        try await ownedClient?.shutdown()
    }

    /// Verifies `credentials.bearerToken`. Credentials without a bearer token are refused.
    public func authenticate(_ credentials: Credentials) async -> Result<Principal, AuthenticationFailure> {
        guard let token = credentials.bearerToken else { return .failure(AuthenticationFailure("no bearer token")) }
        do throws(AuthenticationFailure) {
            return .success(try await verify(token))
        } catch {
            return .failure(error)
        }
    }

    /// The principal `token` stands for, or the first rule it breaks.
    public func verify(_ token: String) async throws(AuthenticationFailure) -> Principal {
        let jwt = try CompactJWT(token, maxBytes: verification.maxTokenBytes)
        let algorithm = try allowedAlgorithm(jwt.header)
        if let critical = jwt.header.crit, !critical.isEmpty {
            throw AuthenticationFailure("unsupported critical header parameters: \(critical.joined(separator: ", "))")
        }
        let verifiers = try await verifiers(kid: jwt.header.kid, algorithm: algorithm)
        guard verifiers.contains(where: { (try? $0.verify(jwt.signature, signs: jwt.signingInput)) == true }) else {
            throw AuthenticationFailure("invalid signature")
        }
        let claims = try TokenClaims.decode(jwt.payload)
        try claims.validate(against: verification, now: now())
        return try claims.principal()
    }

    /// The header's algorithm, if the allow-list has it.
    private func allowedAlgorithm(_ header: CompactJWT.Header) throws(AuthenticationFailure) -> JWTVerification.Algorithm {
        guard let name = header.alg else { throw AuthenticationFailure("token header has no algorithm") }
        if name.lowercased() == "none" { throw AuthenticationFailure("algorithm none is not allowed") }
        guard let algorithm = JWTVerification.Algorithm(rawValue: name) else {
            throw AuthenticationFailure("algorithm \(name) is not supported")
        }
        if algorithm.isHMAC && !verification.keys.isSharedSecret {
            throw AuthenticationFailure("algorithm \(name) is not allowed with public keys")
        }
        guard verification.effectiveAlgorithms.contains(algorithm) else {
            throw AuthenticationFailure("algorithm \(name) is not allowed")
        }
        return algorithm
    }

    private func verifiers(kid: String?, algorithm: JWTVerification.Algorithm) async throws(AuthenticationFailure) -> [any JWTAlgorithm] {
        switch keys {
        case .fixed(let fixed):
            return try Self.found(fixed.lookup(kid: kid, algorithm: algorithm), algorithm: algorithm)
        case .remote(let store):
            let current: VerificationKeys
            switch await store.current() {
            case .success(let keys): current = keys
            case .failure(let error): throw AuthenticationFailure("signing keys unavailable: \(error.message)")
            }
            let lookup = current.lookup(kid: kid, algorithm: algorithm)
            guard case .unknownKey = lookup else { return try Self.found(lookup, algorithm: algorithm) }
            // Perhaps the issuer rotated its keys: look again, if the refetch interval allows.
            switch await store.refreshForUnknownKey() {
            case .success(let keys)?: return try Self.found(keys.lookup(kid: kid, algorithm: algorithm), algorithm: algorithm)
            case .failure(let error)?: throw AuthenticationFailure("signing keys unavailable: \(error.message)")
            case nil: throw AuthenticationFailure("unknown signing key")
            }
        }
    }

    private static func found(_ lookup: VerificationKeys.Lookup, algorithm: JWTVerification.Algorithm) throws(AuthenticationFailure) -> [any JWTAlgorithm] {
        switch lookup {
        case .found(let verifiers): return verifiers
        case .unknownKey: throw AuthenticationFailure("unknown signing key")
        case .noKeyForAlgorithm: throw AuthenticationFailure("no signing key for algorithm \(algorithm.rawValue)")
        }
    }

    /// Refuses configurations that could never accept a token, or would accept the wrong ones.
    private static func check(_ verification: JWTVerification) throws(JWTConfigurationError) {
        guard !verification.audiences.isEmpty, !verification.audiences.contains(where: \.isEmpty) else {
            throw JWTConfigurationError("JWT verification needs the server's resource URI as audience")
        }
        let allowed = verification.effectiveAlgorithms
        guard !allowed.isEmpty else { throw JWTConfigurationError("the algorithm allow-list is empty") }
        if case .sharedSecret(let secret) = verification.keys {
            guard secret.count >= 32 else { throw JWTConfigurationError("the shared secret must be at least 32 bytes") }
            if let publicOne = allowed.first(where: { !$0.isHMAC }) {
                throw JWTConfigurationError("algorithm \(publicOne.rawValue) needs a public key, not a shared secret")
            }
            guard allowed.contains(where: { secret.count >= VerificationKeys.minimumSecretBytes($0) }) else {
                throw JWTConfigurationError("the shared secret is too short for the allowed algorithms (HS384 needs 48 bytes, HS512 64)")
            }
        } else if let hmac = allowed.first(where: \.isHMAC) {
            // The classic confusion: an HMAC token "signed" with the public key's bytes.
            throw JWTConfigurationError("algorithm \(hmac.rawValue) needs a shared secret, not public keys")
        }
        guard verification.leeway >= .zero, verification.leeway <= .seconds(600) else {
            throw JWTConfigurationError("the leeway must be between 0 and 600 seconds")
        }
    }
}
