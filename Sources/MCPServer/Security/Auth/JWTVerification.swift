import Foundation

/// How ``JWTAuthenticator`` decides whether a bearer JWT is acceptable: where the signing keys
/// come from, which issuer and audiences to expect, which algorithms to allow and how much clock
/// skew to forgive.
///
/// ```swift
/// let verification = JWTVerification(
///     keys: .discovery(URL(string: "https://login.example.com/tenant1")!),
///     audiences: ["https://quire.example.com/mcp"]
/// )
/// ```
public struct JWTVerification: Sendable {
    /// Where the keys that verify signatures come from.
    public enum KeySource: Sendable {
        /// The issuer's metadata (RFC 8414, then OpenID discovery) names its `jwks_uri`. The
        /// metadata's `issuer` must equal this URL exactly, and tokens must carry it as `iss`
        /// unless ``JWTVerification/issuer`` says otherwise.
        case discovery(URL)
        /// A JSON Web Key Set at this URL.
        case jwks(URL)
        /// One public key in PEM form: RSA, EC (P-256, P-384, P-521) or Ed25519.
        case publicKeyPEM(String)
        /// A secret shared with the issuer, for HMAC (HS256/384/512). At least 32 bytes.
        case sharedSecret([UInt8])

        /// Whether keys are fetched over HTTP (and so cached and refetched).
        var isRemote: Bool {
            switch self {
            case .discovery, .jwks: true
            case .publicKeyPEM, .sharedSecret: false
            }
        }

        /// Whether the key is a symmetric secret rather than a public key.
        var isSharedSecret: Bool {
            if case .sharedSecret = self { return true }
            return false
        }
    }

    /// Where signing keys come from.
    public var keys: KeySource
    /// The expected `iss`. With `nil`, `iss` is not checked — except with ``KeySource/discovery(_:)``,
    /// where the discovered issuer is expected.
    public var issuer: String?
    /// The accepted `aud` values: the server's canonical resource URI (RFC 8707). A token whose
    /// audience matches none of them is refused. Must not be empty.
    public var audiences: [String]
    /// The algorithms a token's header may name. `nil` means the defaults for the key source:
    /// ``Algorithm/publicKeyDefaults`` or ``Algorithm/sharedSecretDefaults``. `none` cannot be
    /// expressed, and HMAC algorithms are refused with public keys (the algorithm-confusion attack).
    public var algorithms: Set<Algorithm>?
    /// Clock skew forgiven when checking `exp` and `nbf`.
    public var leeway: Duration
    /// How long fetched keys are kept when the response has no usable `Cache-Control: max-age`.
    public var keyCacheTTL: Duration
    /// The bounds a response's `max-age` is clamped to, so an IdP can neither make us fetch on
    /// every request nor pin a key forever.
    public var keyCacheTTLBounds: ClosedRange<Duration>
    /// The shortest time between two fetches caused by tokens naming an unknown `kid`, so such
    /// tokens cannot make us hammer the IdP.
    public var refetchInterval: Duration
    /// Time allowed for each metadata or JWKS request.
    public var fetchTimeout: Duration
    /// The largest metadata or JWKS response accepted, in bytes.
    public var maxResponseBytes: Int
    /// The longest token considered at all, in bytes; longer ones are refused before parsing.
    public var maxTokenBytes: Int

    /// A verification configuration; only `keys` and `audiences` have no default.
    ///
    /// - Parameters:
    ///   - keys: Where signing keys come from.
    ///   - issuer: The expected `iss`, or `nil` (see ``issuer``).
    ///   - audiences: The accepted `aud` values, usually the server's canonical resource URI.
    ///   - algorithms: The allowed header algorithms, or `nil` for the key source's defaults.
    ///   - leeway: Clock skew forgiven for `exp` and `nbf`; 60 seconds.
    public init(
        keys: KeySource,
        issuer: String? = nil,
        audiences: [String],
        algorithms: Set<Algorithm>? = nil,
        leeway: Duration = .seconds(60)
    ) {
        self.keys = keys
        self.issuer = issuer
        self.audiences = audiences
        self.algorithms = algorithms
        self.leeway = leeway
        self.keyCacheTTL = .seconds(600)
        self.keyCacheTTLBounds = .seconds(60) ... .seconds(86_400)
        self.refetchInterval = .seconds(30)
        self.fetchTimeout = .seconds(5)
        self.maxResponseBytes = 256 * 1024
        self.maxTokenBytes = 16 * 1024
    }

    /// The allow-list in force: the configured one or the key source's defaults.
    public var effectiveAlgorithms: Set<Algorithm> {
        algorithms ?? (keys.isSharedSecret ? Algorithm.sharedSecretDefaults : Algorithm.publicKeyDefaults)
    }

    /// The issuer tokens must name: the configured one, else the discovered issuer.
    var expectedIssuer: String? {
        if let issuer { return issuer }
        if case .discovery(let url) = keys { return url.absoluteString }
        return nil
    }
}
