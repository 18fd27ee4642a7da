import ArgumentParser
import MCP
import MCPServer
import QuireServer

/// The `quire serve` options for the HTTP transports and their security. Each one left out
/// falls back to the environment (`QUIRE_*`), then the configuration file, then the default
/// (`quire serve --print-config` shows the result).
struct HTTPOptions: ParsableArguments {
    @Option(help: "Address to listen on (default 127.0.0.1; anything else needs --auth or --allow-unauthenticated).")
    var host: String?

    @Option(help: "Port to listen on (default 8080); 0 picks a free one (printed on stderr).")
    var port: Int?

    @Option(name: .customLong("allowed-origin"), help: ArgumentHelp("An Origin allowed besides loopback ones (repeatable).", valueName: "origin"))
    var allowedOrigins: [String] = []

    @Option(
        name: .customLong("cors-origin"),
        help: ArgumentHelp(
            "A browser origin (scheme://host[:port]) given cross-origin access; also allowed by the Origin check (repeatable; * for any, without credentials).",
            valueName: "origin"
        )
    )
    var corsOrigins: [String] = []

    @Option(name: .customLong("allowed-host"), help: ArgumentHelp("A Host header allowed besides loopback names (repeatable; * for any).", valueName: "host"))
    var allowedHosts: [String] = []

    @Flag(help: "Answer every request with JSON, never an event stream (no progress or log notifications).")
    var jsonResponse = false

    @Option(help: ArgumentHelp("End legacy sessions idle this long (default 1800).", valueName: "seconds"))
    var sessionIdleTimeout: Double?

    @Option(help: "Most legacy sessions at once (default 10000).")
    var maxSessions: Int?

    @Option(help: ArgumentHelp("Seconds between keep-alive comments on quiet event streams (default 15).", valueName: "seconds"))
    var sseKeepalive: Double?

    @Option(help: ArgumentHelp("On SIGTERM, how long requests in flight may take to finish before streams are ended (default 10).", valueName: "seconds"))
    var shutdownGrace: Double?

    @Option(help: ArgumentHelp("Largest request body (default 10 MiB; 413 beyond).", valueName: "bytes"))
    var maxBodyBytes: Int?

    @Option(help: ArgumentHelp("Largest total request header size (default 16 KiB; 431 beyond).", valueName: "bytes"))
    var maxHeaderBytes: Int?

    @Option(help: ArgumentHelp("Largest file accepted by POST /mcp/v1/documents (default 10 MiB).", valueName: "bytes"))
    var maxUploadFileBytes: Int?

    @Option(help: ArgumentHelp("Largest upload request (all files and fields) accepted by POST /mcp/v1/documents (default 50 MiB).", valueName: "bytes"))
    var maxUploadBytes: Int?

    @Option(help: "How HTTP callers authenticate: none (default), jwt, api-key.")
    var auth: String?

    @Option(help: ArgumentHelp("The token issuer (iss); its JWKS is found through its metadata unless a key is given.", valueName: "url"))
    var jwtIssuer: String?

    @Option(help: ArgumentHelp("An audience accepted besides the server's own URL (repeatable).", valueName: "audience"))
    var jwtAudience: [String] = []

    @Option(help: ArgumentHelp("The issuer's JWKS URL (skips discovery).", valueName: "url"))
    var jwksURI: String?

    @Option(help: ArgumentHelp("A PEM public key that signs tokens, instead of a JWKS (see quire token).", valueName: "file"))
    var jwtPublicKey: String?

    @Option(help: ArgumentHelp("A signature algorithm accepted (repeatable; default: RS*, PS256, ES256/384, EdDSA; never none).", valueName: "alg"))
    var jwtAlgorithm: [String] = []

    @Option(help: ArgumentHelp("The hashed API keys made by `quire keys add` (default $QUIRE_HOME/api-keys.json).", valueName: "file"))
    var apiKeysFile: String?

    @Option(help: ArgumentHelp("The server's canonical URL, the audience tokens must carry (derived for loopback binds).", valueName: "url"))
    var resourceURL: String?

    @Option(help: ArgumentHelp("An authorization server named in the protected-resource metadata (repeatable; default: the JWT issuer).", valueName: "issuer"))
    var authorizationServer: [String] = []

    @Flag(help: "Allow listening beyond loopback without authentication (when something in front authenticates).")
    var allowUnauthenticated = false

    @Option(help: ArgumentHelp("Requests per minute per principal (per address when anonymous); 0 is off (default).", valueName: "n"))
    var rateLimit: Int?

    @Option(help: ArgumentHelp("Requests a principal may make at once beyond the steady rate.", valueName: "n"))
    var rateLimitBurst: Int?

    @Option(help: ArgumentHelp("Requests per minute for the whole server; 0 is off (default).", valueName: "n"))
    var globalRateLimit: Int?

    @Option(help: ArgumentHelp("Open event streams one principal may hold; 0 is unlimited (default).", valueName: "n"))
    var maxStreamsPerPrincipal: Int?

    @Option(help: ArgumentHelp("PEM certificate chain: serve HTTPS (with --tls-key).", valueName: "file"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("PEM private key for --tls-cert.", valueName: "file"))
    var tlsKey: String?

    @Option(help: ArgumentHelp("The audit log, JSON lines (default: STORE.audit.log beside the store when authentication is on).", valueName: "file"))
    var auditLog: String?

    /// The settings given on the command line, by configuration key.
    var given: [String: JSONValue] {
        var flags: [String: JSONValue] = [:]
        func put(_ key: String, _ value: JSONValue?) { if let value { flags[key] = value } }
        func list(_ key: String, _ values: [String]) { if !values.isEmpty { flags[key] = .array(values.map { .string($0) }) } }
        put("transport.http.host", host.map { .string($0) })
        put("transport.http.port", port.map { .int($0) })
        list("transport.http.allowed_origins", allowedOrigins)
        list("transport.http.cors.origins", corsOrigins)
        list("transport.http.allowed_hosts", allowedHosts)
        if jsonResponse { flags["transport.http.json_response"] = true }
        put("transport.http.session_idle_timeout", sessionIdleTimeout.map { .double($0) })
        put("transport.http.max_sessions", maxSessions.map { .int($0) })
        put("transport.http.sse_keepalive", sseKeepalive.map { .double($0) })
        put("transport.http.shutdown_grace", shutdownGrace.map { .double($0) })
        put("transport.http.max_body_bytes", maxBodyBytes.map { .int($0) })
        put("transport.http.max_header_bytes", maxHeaderBytes.map { .int($0) })
        put("transport.http.max_upload_file_bytes", maxUploadFileBytes.map { .int($0) })
        put("transport.http.max_upload_bytes", maxUploadBytes.map { .int($0) })
        put("transport.http.auth.type", auth.map { .string($0) })
        put("transport.http.auth.issuer", jwtIssuer.map { .string($0) })
        list("transport.http.auth.audience", jwtAudience)
        put("transport.http.auth.jwks_uri", jwksURI.map { .string($0) })
        put("transport.http.auth.public_key_file", jwtPublicKey.map { .string($0) })
        list("transport.http.auth.algorithms", jwtAlgorithm)
        put("transport.http.auth.api_keys_file", apiKeysFile.map { .string($0) })
        put("transport.http.auth.resource", resourceURL.map { .string($0) })
        list("transport.http.auth.authorization_servers", authorizationServer)
        if allowUnauthenticated { flags["transport.http.auth.allow_unauthenticated"] = true }
        put("transport.http.rate_limit.requests_per_minute", rateLimit.map { .int($0) })
        put("transport.http.rate_limit.burst", rateLimitBurst.map { .int($0) })
        put("transport.http.rate_limit.global_requests_per_minute", globalRateLimit.map { .int($0) })
        put("transport.http.rate_limit.max_streams_per_principal", maxStreamsPerPrincipal.map { .int($0) })
        put("transport.http.ssl.cert", tlsCert.map { .string($0) })
        put("transport.http.ssl.key", tlsKey.map { .string($0) })
        put("audit.path", auditLog.map { .string($0) })
        return flags
    }
}

extension ServeConfiguration {
    /// Upload limits for `POST /mcp/v1/documents`.
    var uploadLimits: UploadLimits {
        var limits = UploadLimits()
        limits.maxFileBytes = int("transport.http.max_upload_file_bytes")
        limits.maxTotalBytes = int("transport.http.max_upload_bytes")
        return limits
    }
}
