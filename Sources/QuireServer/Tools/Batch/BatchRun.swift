import MCP
import MCPServer

/// Progress and cancellation for one batch call.
///
/// Progress goes out as items finish (at most about a hundred notifications per call) when the
/// caller gave a progress token. A cancelled call gets no response (MCP), so ``cancelled(_:)`` also
/// sends the outcome as a `notice` log message: that is where the caller learns what was done.
struct BatchRun: Sendable {
    let tool: String
    let context: RequestContext
    let total: Int
    let unit: String

    /// Whether the caller has cancelled; checked between items, never inside one.
    var isCancelled: Bool { Task.isCancelled }

    /// Reports that `done` of ``total`` items are finished.
    func progressed(_ done: Int) async {
        guard context.progress.isActive else { return }
        let step = max(1, total / 100)
        guard done == total || done % step == 0 else { return }
        await context.progress.report(Double(done), total: Double(total), message: "\(done) of \(total) \(unit)")
    }

    /// `summary` marked as cancelled, after logging it for the client.
    func cancelled(_ summary: [String: JSONValue]) async -> CallToolResult {
        var result = summary
        result["cancelled"] = true
        var entry = summary
        entry["event"] = "cancelled"
        entry["tool"] = .string(tool)
        entry.removeValue(forKey: "results")
        await context.log.log(.notice, .object(entry), logger: "quire.batch")
        return .structured(.object(result))
    }
}

/// Runs `work` to the end even when the calling task is cancelled, so a store write either
/// completes and is reported or never starts: there is no "maybe stored".
func uninterrupted<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
    try await Task { try await work() }.value
}
