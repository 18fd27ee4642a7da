import ArgumentParser
import MCPServer
import QuireServer

/// The `quire serve` options for the HTTP transports.
struct HTTPOptions: ParsableArguments {
    @Option(help: "Address to listen on (loopback by default; anything else exposes the server).")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one (printed on stderr).")
    var port = 8080

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

    @Option(help: ArgumentHelp("End legacy sessions idle this long.", valueName: "seconds"))
    var sessionIdleTimeout: Double = 1800

    @Option(help: "Most legacy sessions at once.")
    var maxSessions = 10_000

    @Option(help: ArgumentHelp("Seconds between keep-alive comments on quiet event streams.", valueName: "seconds"))
    var sseKeepalive: Double = 15

    @Option(help: ArgumentHelp("On SIGTERM, how long requests in flight may take to finish before streams are ended.", valueName: "seconds"))
    var shutdownGrace: Double = 10

    @Option(help: ArgumentHelp("Largest file accepted by POST /mcp/v1/documents.", valueName: "bytes"))
    var maxUploadFileBytes = 10 * 1024 * 1024

    @Option(help: ArgumentHelp("Largest upload request (all files and fields) accepted by POST /mcp/v1/documents.", valueName: "bytes"))
    var maxUploadBytes = 50 * 1024 * 1024

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard sessionIdleTimeout > 0, sseKeepalive > 0 else { throw ValidationError("timeouts must be positive") }
        guard maxSessions > 0 else { throw ValidationError("--max-sessions must be positive") }
        guard shutdownGrace >= 0 else { throw ValidationError("--shutdown-grace must not be negative") }
        guard maxUploadFileBytes > 0, maxUploadBytes > 0 else { throw ValidationError("upload limits must be positive") }
        for origin in corsOrigins where origin != "*" {
            guard Self.isOrigin(origin) else {
                throw ValidationError("--cors-origin \(origin): expected scheme://host[:port] with no path, like https://app.example.com, or *")
            }
        }
    }

    var configuration: HTTPTransportConfiguration {
        var configuration = HTTPTransportConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.allowedOrigins = allowedOrigins
        configuration.allowedHosts = allowedHosts
        configuration.corsOrigins = corsOrigins
        configuration.shutdownGracePeriod = .milliseconds(Int(shutdownGrace * 1000))
        configuration.jsonResponsesOnly = jsonResponse
        configuration.sessionIdleTimeout = .milliseconds(Int(sessionIdleTimeout * 1000))
        configuration.maxSessions = maxSessions
        configuration.keepAliveInterval = .milliseconds(Int(sseKeepalive * 1000))
        return configuration
    }

    var uploadLimits: UploadLimits {
        var limits = UploadLimits()
        limits.maxFileBytes = maxUploadFileBytes
        limits.maxTotalBytes = maxUploadBytes
        return limits
    }

    /// An origin as browsers send it: `http` or `https`, a host, an optional port, nothing else.
    static func isOrigin(_ value: String) -> Bool {
        guard let schemeEnd = value.range(of: "://") else { return false }
        let scheme = value[..<schemeEnd.lowerBound].lowercased()
        let authority = value[schemeEnd.upperBound...]
        guard scheme == "http" || scheme == "https", !authority.isEmpty else { return false }
        return !authority.contains { "/?#@ ".contains($0) }
    }
}
