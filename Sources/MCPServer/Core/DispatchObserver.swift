import MCP

/// One finished tool call, as the dispatcher saw it: what ran, for whom, how long, how it ended.
public struct ToolCallRecord: Sendable, Hashable {
    public var tool: String
    public var principal: String
    public var protocolVersion: ProtocolVersion
    public var startedAt: ContinuousClock.Instant
    public var duration: Duration
    /// Whether the result was an `isError` result (schema violations included).
    public var isError: Bool
    /// The error code of an error result, if it had one.
    public var errorCode: Int?
    /// The call was cancelled before it answered.
    public var cancelled: Bool
    /// The call's arguments as the client sent them (the audit log takes target ids from them).
    public var arguments: [String: JSONValue] = [:]
}

/// Watches what the dispatcher does, for usage logs and metrics. Calls must be quick: they
/// run on the request's path.
public protocol DispatchObserver: Sendable {
    func toolCallFinished(_ record: ToolCallRecord) async
}
