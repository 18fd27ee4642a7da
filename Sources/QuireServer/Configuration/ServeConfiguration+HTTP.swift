import MCP
import MCPServer

extension ServeConfiguration {
    /// The authentication mode: `none`, `jwt` or `api-key` (the plan's `enabled: true` means jwt).
    public var authMode: String {
        let type = string("transport.http.auth.type") ?? "none"
        if type == "none", !isSet("transport.http.auth.type"), bool("transport.http.auth.enabled") { return "jwt" }
        return type
    }

    /// Whether HTTP is served at all.
    public var servesHTTP: Bool { string("transport.type") != "stdio" }

    /// The listening and limit settings of the HTTP transports.
    public var httpTransport: HTTPTransportConfiguration {
        var http = HTTPTransportConfiguration()
        http.host = string("transport.http.host") ?? http.host
        http.port = int("transport.http.port")
        http.allowedOrigins = strings("transport.http.allowed_origins")
        http.allowedHosts = strings("transport.http.allowed_hosts")
        http.corsOrigins = strings("transport.http.cors.origins")
        http.corsAllowsCredentials = bool("transport.http.cors.credentials") && !http.corsOrigins.contains("*")
        http.jsonResponsesOnly = bool("transport.http.json_response")
        http.sessionIdleTimeout = .milliseconds(Int(double("transport.http.session_idle_timeout") * 1000))
        http.maxSessions = int("transport.http.max_sessions")
        http.keepAliveInterval = .milliseconds(Int(double("transport.http.sse_keepalive") * 1000))
        http.shutdownGracePeriod = .milliseconds(Int(double("transport.http.shutdown_grace") * 1000))
        http.maxBodyBytes = int("transport.http.max_body_bytes")
        http.maxHeaderBytes = int("transport.http.max_header_bytes")
        return http
    }

    /// Scope names and per-tool permissions, on top of the document server's defaults.
    public func accessPolicy() throws(ConfigurationError) -> AccessPolicy {
        var scopes: [Permission: String] = [:]
        for permission in Permission.allCases {
            let key = "transport.http.auth.scopes.\(permission.rawValue)"
            guard let scope = string(key), !scope.isEmpty, !scope.contains(" ") else {
                throw ConfigurationError("\(key): a scope is one non-empty word")
            }
            if scope == "offline_access" { throw ConfigurationError("\(key): offline_access is not a resource scope") }
            scopes[permission] = scope
        }
        guard Set(scopes.values).count == scopes.count else { throw ConfigurationError("transport.http.auth.scopes: read, write and admin need distinct scopes") }
        var tools = DocumentServer.defaultToolPermissions
        for (tool, value) in self["transport.http.auth.tool_permissions"].objectValue ?? [:] {
            guard let name = value.stringValue, let permission = Permission(rawValue: name) else {
                throw ConfigurationError("transport.http.auth.tool_permissions.\(tool): expected read, write or admin")
            }
            tools[tool] = permission
        }
        return AccessPolicy(scopes: scopes, toolPermissions: tools)
    }

    /// Cross-setting checks: the ones a single value cannot fail on its own.
    public func validate() throws(ConfigurationError) {
        let http = httpTransport
        for origin in http.corsOrigins where origin != "*" && !Self.isOrigin(origin) {
            throw ConfigurationError("\(label("transport.http.cors.origins")) \(origin): expected scheme://host[:port] with no path, like https://app.example.com, or *")
        }
        if http.corsOrigins.contains("*"), isSet("transport.http.cors.credentials"), bool("transport.http.cors.credentials") {
            throw ConfigurationError("transport.http.cors: origin * never goes with credentials: name the origins, or set credentials to false")
        }
        let cert = string("transport.http.ssl.cert"), key = string("transport.http.ssl.key")
        if (cert == nil) != (key == nil) { throw ConfigurationError("TLS needs both a certificate and a key (--tls-cert and --tls-key)") }
        if bool("transport.http.ssl.enabled"), cert == nil { throw ConfigurationError("transport.http.ssl.enabled needs ssl.cert and ssl.key") }
        switch authMode {
        case "jwt":
            let sources = [string("transport.http.auth.issuer"), string("transport.http.auth.jwks_uri"),
                           string("transport.http.auth.public_key_file"), string("transport.http.auth.secret")].compactMap { $0 }
            if sources.isEmpty {
                throw ConfigurationError("--auth jwt needs where keys come from: --jwt-issuer, --jwks-uri, --jwt-public-key or QUIRE_JWT_SECRET")
            }
            if let secret = string("transport.http.auth.secret"), secret.utf8.count < 32 {
                throw ConfigurationError("QUIRE_JWT_SECRET (transport.http.auth.secret) must be at least 32 bytes")
            }
        case "api-key", "none":
            break
        default:
            throw ConfigurationError("transport.http.auth.type: \(authMode) is not one of none, jwt, api-key")
        }
        if let resource = string("transport.http.auth.resource") {
            guard ProtectedResourceMetadata.metadataURL(for: resource) != nil, !resource.contains("#") else {
                throw ConfigurationError("--resource-url \(resource): expected an absolute http(s) URL without a fragment")
            }
        }
        if servesHTTP, !http.bindsLoopback, authMode == "none", !bool("transport.http.auth.allow_unauthenticated") {
            throw ConfigurationError(
                "refusing to listen on \(http.host) without authentication: use --auth jwt or --auth api-key, or --allow-unauthenticated if something in front authenticates"
            )
        }
        if servesHTTP, !http.bindsLoopback, authMode != "none", string("transport.http.auth.resource") == nil {
            throw ConfigurationError("authentication on \(http.host) needs the server's public URL: --resource-url https://…/mcp")
        }
    }

    /// An origin as browsers send it: `http` or `https`, a host, an optional port, nothing else.
    public static func isOrigin(_ value: String) -> Bool {
        guard let schemeEnd = value.range(of: "://") else { return false }
        let scheme = value[..<schemeEnd.lowerBound].lowercased()
        let authority = value[schemeEnd.upperBound...]
        guard scheme == "http" || scheme == "https", !authority.isEmpty else { return false }
        return !authority.contains { "/?#@ ".contains($0) }
    }
}
