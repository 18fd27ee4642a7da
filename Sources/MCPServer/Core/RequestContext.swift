import MCP

/// Everything a handler may know or use about the request it serves, independent of transport.
public struct RequestContext: Sendable {
    /// The request's JSON-RPC id.
    public let requestID: RequestID
    /// The request's method.
    public let method: String
    /// The revision in force: the session's negotiated one, or the request's envelope (2026-07-28).
    public let protocolVersion: ProtocolVersion
    /// What the client declared it supports.
    public let clientCapabilities: ClientCapabilities
    /// The client's name and version, when it said.
    public let clientInfo: Implementation?
    /// Who sent the request.
    public let principal: Principal
    /// Sends progress for this request (a no-op without a progress token).
    public let progress: ProgressReporter
    /// Sends log messages to the client at its chosen level.
    public let log: ClientLogger
    /// The legacy session the request arrived on; `nil` for stateless 2026-07-28 requests.
    public let session: ServerSession?
    private let sink: OutboundSink
    private let requester: ClientRequester?

    /// How long ``request(_:params:timeout:)`` waits for the client by default. Generous,
    /// because a person may be approving the request (sampling with a human in the loop).
    public static let defaultClientRequestTimeout: Duration = .seconds(300)

    /// Creates a context; transports build one per request.
    public init(
        requestID: RequestID, method: String, protocolVersion: ProtocolVersion,
        clientCapabilities: ClientCapabilities, clientInfo: Implementation?, principal: Principal,
        progress: ProgressReporter, log: ClientLogger, session: ServerSession?, sink: @escaping OutboundSink,
        requester: ClientRequester? = nil
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
        self.requester = requester
    }

    /// Whether the caller has given up on this request (a cancellation or a closed stream).
    public var isCancelled: Bool { Task.isCancelled }

    /// Sends a notification related to this request over the request's own channel.
    public func notify(_ method: String, params: JSONValue? = nil) async {
        await sink(.notification(JSONRPCNotification(method: method, params: params)))
    }

    /// Whether ``request(_:params:timeout:)`` can reach the client: the transport offers a
    /// back-channel and the era allows server-to-client requests (2026-07-28 does not).
    public var canRequestClient: Bool { requester != nil }

    /// Sends a request to the client (for example `sampling/createMessage`) and waits for its answer.
    ///
    /// Check the client declared the matching capability first. Cancelling the calling task, or
    /// the timeout passing, cancels the request on the client.
    /// - Returns: The client's `result`.
    /// - Throws: `JSONRPCError` when the client answered with an error; ``ClientRequestError``
    ///   when no answer could come (no back-channel, timeout, connection closed);
    ///   `CancellationError` when this request was cancelled.
    public func request(_ method: String, params: JSONValue? = nil, timeout: Duration = defaultClientRequestTimeout) async throws -> JSONValue {
        guard let requester else {
            throw ClientRequestError.unavailable(
                protocolVersion.isModern
                    ? "protocol revision \(protocolVersion) does not allow server-to-client requests"
                    : "this transport has no channel for server-to-client requests"
            )
        }
        return try await requester.request(method, params: params, timeout: timeout)
    }
}
