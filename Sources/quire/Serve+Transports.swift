import Foundation
import Logging
import MCPServer

extension Serve {
    /// Runs the chosen transports over one dispatcher until they stop.
    static func serve(
        _ dispatcher: Dispatcher, transport: Transport, http configuration: HTTPTransportConfiguration, security: HTTPSecurity,
        routes: [any HTTPRouteProvider] = [], metrics: ServerMetrics = ServerMetrics()
    ) async throws {
        let logger = Logger(label: "quire.serve")
        if !configuration.bindsLoopback, transport != .stdio, security.authentication == nil {
            logger.warning("listening on \(configuration.host) without authentication (--allow-unauthenticated): anyone who can reach this address can use the server")
        }
        let scheme = security.tls == nil ? "http" : "https"
        let announce: @Sendable (Int) async -> Void = { port in
            // Tests and scripts read the port from this line when --port 0 picked one.
            FileHandle.standardError.write(Data("quire: serving MCP on \(scheme)://\(configuration.host):\(port)/mcp (HTTP+SSE at /sse)\n".utf8))
        }
        switch transport {
        case .stdio:
            var stdioConfiguration = StdioTransport.Configuration()
            stdioConfiguration.rateLimiter = security.rateLimits.limitsRequests ? RateLimiter(configuration: security.rateLimits) : nil
            await StdioTransport(dispatcher: dispatcher, configuration: stdioConfiguration).run()
        case .http:
            try await MCPHTTPServer(dispatcher: dispatcher, configuration: configuration, routes: routes, security: security, metrics: metrics).run(onListening: announce)
        case .both:
            var stdioConfiguration = StdioTransport.Configuration()
            // The HTTP server owns SIGTERM/SIGINT; stdio ending (EOF) leaves HTTP running.
            stdioConfiguration.shutdownSignals = []
            stdioConfiguration.rateLimiter = security.rateLimits.limitsRequests ? RateLimiter(configuration: security.rateLimits) : nil
            let stdio = StdioTransport(dispatcher: dispatcher, configuration: stdioConfiguration)
            let server = MCPHTTPServer(dispatcher: dispatcher, configuration: configuration, routes: routes, security: security, metrics: metrics)
            try await withThrowingTaskGroup(of: Transport.self) { group in
                group.addTask {
                    try await server.run(onListening: announce)
                    return .http
                }
                group.addTask {
                    await stdio.run()
                    return .stdio
                }
                while let ended = try await group.next() {
                    if ended == .http { group.cancelAll() }
                }
            }
        }
    }
}
