import MCP

/// A channel for requests from the server to the client of one request in flight.
///
/// The transport builds it: the tracker that matches answers belongs to the connection, while
/// the sink is wherever messages about this request go (stdout for stdio; a later HTTP
/// transport will use the request's SSE stream).
public struct ClientRequester: Sendable {
    private let tracker: ClientRequestTracker
    private let sink: OutboundSink

    /// Sends requests through `sink` and matches answers with `tracker`.
    public init(tracker: ClientRequestTracker, sink: @escaping OutboundSink) {
        self.tracker = tracker
        self.sink = sink
    }

    /// Sends `method` to the client and waits for its answer; see ``ClientRequestTracker/send(_:params:timeout:over:)``.
    public func request(_ method: String, params: JSONValue?, timeout: Duration) async throws -> JSONValue {
        try await tracker.send(method, params: params, timeout: timeout, over: sink)
    }
}
