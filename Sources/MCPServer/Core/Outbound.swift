import MCP

/// Where a transport sends messages that relate to a request in flight (progress, logs) or to
/// the connection (resource updates). Each transport supplies its own.
public typealias OutboundSink = @Sendable (JSONRPCMessage) async -> Void
