import MCP
import Synchronization

/// Sends `notifications/progress` for one request, when the caller asked for progress.
///
/// Progress must increase (spec: "progress MUST increase"), so a report that does not move
/// forward is dropped rather than sent.
public final class ProgressReporter: Sendable {
    /// The caller's token; `nil` when it did not ask for progress and reports are no-ops.
    public let token: ProgressToken?
    private let sink: OutboundSink
    private let last = Mutex<Double?>(nil)

    /// A reporter for `token`; a no-op without one.
    public init(token: ProgressToken?, sink: @escaping OutboundSink) {
        self.token = token
        self.sink = sink
    }

    /// Whether reports are delivered anywhere; lets tools skip computing progress messages.
    public var isActive: Bool { token != nil }

    /// Reports `progress` (of `total`, when known) with an optional human-readable message.
    public func report(_ progress: Double, total: Double? = nil, message: String? = nil) async {
        guard let token else { return }
        let advanced = last.withLock { previous -> Bool in
            if let previous, progress <= previous { return false }
            previous = progress
            return true
        }
        guard advanced else { return }
        var params: [String: JSONValue] = ["progressToken": token.json, "progress": .double(progress)]
        if let total { params["total"] = .double(total) }
        if let message { params["message"] = .string(message) }
        await sink(.notification(JSONRPCNotification(method: Method.progress, params: .object(params))))
    }
}
