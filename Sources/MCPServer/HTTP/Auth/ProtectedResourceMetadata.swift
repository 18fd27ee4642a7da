import MCP

/// RFC 9728 protected-resource metadata: what this server is (its canonical URI, RFC 8707), who
/// issues tokens for it, and which scopes it understands (A1, A8).
public struct ProtectedResourceMetadata: Sendable, Hashable {
    /// The canonical resource URI, e.g. `https://mcp.example.com/mcp`. Tokens must carry it as `aud`.
    public var resource: String
    /// Issuer URLs of the authorization servers that issue tokens for this resource.
    public var authorizationServers: [String]
    /// The scopes a client may ask for, least powerful first. Never `offline_access` (A8).
    public var scopesSupported: [String]
    /// A human-readable name.
    public var resourceName: String

    public init(resource: String, authorizationServers: [String], scopesSupported: [String], resourceName: String = "Quire") {
        self.resource = resource
        self.authorizationServers = authorizationServers
        self.scopesSupported = scopesSupported
        self.resourceName = resourceName
    }

    /// The document served at the well-known URLs.
    public var json: JSONValue {
        [
            "resource": .string(resource),
            "authorization_servers": .array(authorizationServers.map { .string($0) }),
            "scopes_supported": .array(scopesSupported.map { .string($0) }),
            "bearer_methods_supported": ["header"],
            "resource_name": .string(resourceName),
        ]
    }

    /// The well-known prefix of RFC 9728 §3.
    public static let wellKnownPrefix = "/.well-known/oauth-protected-resource"

    /// The path-aware metadata URL for `resource` (RFC 9728 §3.1: the well-known segment goes
    /// between the authority and the resource's path), or `nil` if `resource` is not an http(s) URL.
    public static func metadataURL(for resource: String) -> String? {
        guard let (origin, path) = split(resource) else { return nil }
        return origin + wellKnownPrefix + (path == "/" ? "" : path)
    }

    /// `scheme://authority` and the path (at least `/`) of an http(s) URL.
    static func split(_ url: String) -> (origin: String, path: String)? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { "/?#".contains($0) } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard !authority.isEmpty else { return nil }
        var path = String(rest[authorityEnd...])
        if let cut = path.firstIndex(where: { "?#".contains($0) }) { path = String(path[..<cut]) }
        if path.isEmpty { path = "/" }
        return (String(url[..<schemeEnd.upperBound]) + authority, path)
    }
}
