import MCP

/// Sends `notifications/message` log entries to the client, at or above the level it chose.
///
/// Legacy sessions choose with `logging/setLevel`; 2026-07-28 requests opt in per request
/// through `_meta` (M16). With no level chosen nothing is sent.
public struct ClientLogger: Sendable {
    /// The least severe level the client asked for (`logging/setLevel`); `nil` sends nothing.
    public let threshold: LoggingLevel?
    private let sink: OutboundSink

    /// A logger that sends `notifications/message` at or above `threshold` through `sink`.
    public init(threshold: LoggingLevel?, sink: @escaping OutboundSink) {
        self.threshold = threshold
        self.sink = sink
    }

    /// Sends `data` at `level` when the client asked for that level or a lower one.
    public func log(_ level: LoggingLevel, _ data: JSONValue, logger: String? = nil) async {
        guard let threshold, level >= threshold else { return }
        var params: [String: JSONValue] = ["level": .string(level.rawValue), "data": data]
        if let logger { params["logger"] = .string(logger) }
        await sink(.notification(JSONRPCNotification(method: Method.message, params: .object(params))))
    }
}
