/// The security settings of the HTTP transports beyond Origin/Host checks and CORS: who may
/// call (authentication), where refusals and changes are recorded, and TLS.
///
/// Permissions themselves live in the ``ServerDefinition/access`` policy, so stdio and every
/// HTTP path apply the same rules.
public struct HTTPSecurity: Sendable {
    /// Authentication settings; `nil` leaves every caller the anonymous principal (trusted with
    /// everything), which is only sensible on loopback.
    public var authentication: Authentication?
    /// Where authentication failures and permission refusals go.
    public var audit: any AuditSink = DiscardingAuditSink()
    /// Serve HTTPS with this certificate chain and key (PEM files).
    public var tls: TLSFiles?
    /// Request rates and open streams allowed per principal and overall.
    public var rateLimits: RateLimitConfiguration = .off

    public init(
        authentication: Authentication? = nil, audit: any AuditSink = DiscardingAuditSink(), tls: TLSFiles? = nil,
        rateLimits: RateLimitConfiguration = .off
    ) {
        self.authentication = authentication
        self.audit = audit
        self.tls = tls
        self.rateLimits = rateLimits
    }

    /// How callers prove who they are.
    public struct Authentication: Sendable {
        /// The canonical resource URI (RFC 8707), e.g. `https://mcp.example.com/mcp`; `nil` derives
        /// `http[s]://HOST:PORT/mcp` from the bound address once listening (loopback binds only).
        public var resource: String?
        /// Issuers of tokens for this resource, published in the protected-resource metadata.
        /// With none, no metadata is served (API-key deployments).
        public var authorizationServers: [String]
        /// Builds the authenticator once the canonical resource URI is known (it is the audience
        /// tokens must carry).
        public var makeAuthenticator: @Sendable (_ resource: String) async throws -> any Authenticator

        public init(
            resource: String? = nil, authorizationServers: [String] = [],
            makeAuthenticator: @escaping @Sendable (_ resource: String) async throws -> any Authenticator
        ) {
            self.resource = resource
            self.authorizationServers = authorizationServers
            self.makeAuthenticator = makeAuthenticator
        }
    }

    /// PEM files for HTTPS.
    public struct TLSFiles: Sendable, Hashable {
        public var certificateChain: String
        public var privateKey: String

        public init(certificateChain: String, privateKey: String) {
            self.certificateChain = certificateChain
            self.privateKey = privateKey
        }
    }
}
