import Foundation
import MCP
import MCPServer
import QuireStore

/// The analytics and monitoring tools (contextframe-tools.md §3.7, §3.8). Every figure comes from
/// the store or from the usage log the ``UsageRecorder`` keeps; nothing is simulated, and a
/// report over no data says so in a `note`.
struct AnalyticsTools: Sendable {
    let environment: ToolEnvironment
    let usage: UsageRecorder

    var store: DocumentStore { environment.store }

    var definitions: [ToolDefinition] {
        [
            getDatasetStats, analyzeUsage, queryPerformance, relationshipAnalysis, optimizeStorage,
            indexRecommendations, benchmarkOperations, exportMetrics,
            getUsageMetrics, getPerformanceMetrics, getCostReport, getMonitoringStatus,
        ]
    }

    /// The usage log over `window`, with every finished call flushed in first.
    func report(_ window: TimeWindow) async throws -> UsageReport {
        try await UsageReport.load(usage, store: store, window: window)
    }

    /// Now, as the `timestamp` every analytics result carries.
    static var timestamp: JSONValue { .string(Timestamp.format(Date())) }

    /// Annotations of a tool that only reads.
    static let readOnly = ToolAnnotations(readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false)

    /// The output schema shared by the `{success, <payload>, timestamp}` results.
    static func output(_ properties: [String: JSONValue], required: [String]) -> JSONValue {
        var all = properties
        all["success"] = ["type": "boolean"]
        all["timestamp"] = ["type": "string"]
        return SchemaBuilder.output(all, required: ["success", "timestamp"] + required)
    }

    static let object: JSONValue = ["type": "object"]

    /// A `note` for reports with nothing to report.
    static func emptyNote(_ what: String, window: TimeWindow?) -> String {
        let span = window.map { " between \(Timestamp.format($0.start)) and \(Timestamp.format($0.end))" } ?? ""
        return "No \(what) recorded\(span); figures are zero. The usage log fills as tools are called."
    }
}
