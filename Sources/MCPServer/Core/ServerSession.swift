import MCP

/// The state one client connection accumulates: over stdio the process's lifetime, over
/// HTTP a legacy `Mcp-Session-Id` session. Stateless 2026-07-28 requests use only its
/// in-flight registry, for cancellation.
public actor ServerSession {
    /// What `initialize` settled.
    public struct Handshake: Sendable, Hashable {
        /// The revision agreed in the handshake.
        public var protocolVersion: ProtocolVersion
        /// What the client declared.
        public var clientCapabilities: ClientCapabilities
        /// The client's name and version.
        public var clientInfo: Implementation
    }

    /// The session id (`Mcp-Session-Id` over HTTP).
    public let id: String
    /// Who created the session; only they may use it.
    public let principal: Principal
    /// The handshake, once `initialize` arrived.
    public private(set) var handshake: Handshake?
    /// Set by `notifications/initialized`.
    public private(set) var isInitialized = false
    /// The level chosen with `logging/setLevel`; `nil` means no log notifications.
    public private(set) var logLevel: LoggingLevel?
    /// URIs subscribed with `resources/subscribe`.
    public private(set) var subscriptions: Set<String> = []
    /// Where connection-level notifications (resource updates) go.
    public let sink: OutboundSink

    private var inFlight: [RequestID: @Sendable () -> Void] = [:]

    /// A session for `principal` whose messages go to `sink`.
    public init(id: String, principal: Principal, sink: @escaping OutboundSink) {
        self.id = id
        self.principal = principal
        self.sink = sink
    }

    func completeHandshake(_ handshake: Handshake) { self.handshake = handshake }
    func markInitialized() { isInitialized = true }
    func setLogLevel(_ level: LoggingLevel) { logLevel = level }
    func subscribe(_ uri: String) { subscriptions.insert(uri) }
    func unsubscribe(_ uri: String) { subscriptions.remove(uri) }

    /// Records a request in flight with the way to cancel it.
    /// - Returns: `false` when a request with the same id is already in flight.
    public func register(_ id: RequestID, cancel: @escaping @Sendable () -> Void) -> Bool {
        guard inFlight[id] == nil else { return false }
        inFlight[id] = cancel
        return true
    }

    /// Forgets a finished request.
    public func finish(_ id: RequestID) { inFlight[id] = nil }

    /// Cancels the request with `id`, if it is still in flight.
    public func cancel(_ id: RequestID) {
        inFlight.removeValue(forKey: id)?()
    }

    /// Cancels every request in flight (shutdown, or the connection went away).
    public func cancelAll() {
        let cancels = inFlight.values
        inFlight.removeAll()
        for cancel in cancels { cancel() }
    }

    /// Requests running now.
    public var inFlightCount: Int { inFlight.count }
}
