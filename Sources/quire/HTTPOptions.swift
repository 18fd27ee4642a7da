import ArgumentParser
import MCPServer

/// The `quire serve` options for the HTTP transports.
struct HTTPOptions: ParsableArguments {
    @Option(help: "Address to listen on (loopback by default; anything else exposes the server).")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one (printed on stderr).")
    var port = 8080

    @Option(name: .customLong("allowed-origin"), help: ArgumentHelp("An Origin allowed besides loopback ones (repeatable).", valueName: "origin"))
    var allowedOrigins: [String] = []

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

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard sessionIdleTimeout > 0, sseKeepalive > 0 else { throw ValidationError("timeouts must be positive") }
        guard maxSessions > 0 else { throw ValidationError("--max-sessions must be positive") }
    }

    var configuration: HTTPTransportConfiguration {
        var configuration = HTTPTransportConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.allowedOrigins = allowedOrigins
        configuration.allowedHosts = allowedHosts
        configuration.jsonResponsesOnly = jsonResponse
        configuration.sessionIdleTimeout = .milliseconds(Int(sessionIdleTimeout * 1000))
        configuration.maxSessions = maxSessions
        configuration.keepAliveInterval = .milliseconds(Int(sseKeepalive * 1000))
        return configuration
    }
}
