import MCP

/// Everything a handler may know or use about the request it serves, independent of transport.
public struct RequestContext: Sendable {
    public let requestID: RequestID
    public let method: String
    /// The revision in force: the session's negotiated one, or the request's envelope (2026-07-28).
    public let protocolVersion: ProtocolVersion
    public let clientCapabilities: ClientCapabilities
    public let clientInfo: Implementation?
    public let principal: Principal
    public let progress: ProgressReporter
    public let log: ClientLogger
    /// The legacy session the request arrived on; `nil` for stateless 2026-07-28 requests.
    public let session: ServerSession?
    private let sink: OutboundSink

    public init(
        requestID: RequestID, method: String, protocolVersion: ProtocolVersion,
        clientCapabilities: ClientCapabilities, clientInfo: Implementation?, principal: Principal,
        progress: ProgressReporter, log: ClientLogger, session: ServerSession?, sink: @escaping OutboundSink
    ) {
        self.requestID = requestID
        self.method = method
        self.protocolVersion = protocolVersion
        self.clientCapabilities = clientCapabilities
        self.clientInfo = clientInfo
        self.principal = principal
        self.progress = progress
        self.log = log
        self.session = session
        self.sink = sink
    }

    /// Whether the caller has given up on this request (a cancellation or a closed stream).
    public var isCancelled: Bool { Task.isCancelled }

    /// Sends a notification related to this request over the request's own channel.
    public func notify(_ method: String, params: JSONValue? = nil) async {
        await sink(.notification(JSONRPCNotification(method: method, params: params)))
    }
}
