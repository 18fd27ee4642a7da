import Foundation
import MCP
import MCPServer
import QuireStore

extension AnalyticsTools {
    var getMonitoringStatus: ToolDefinition {
        let tool = Tool(
            name: "get_monitoring_status",
            title: "Monitoring status",
            description: """
                The state of the usage log behind the analytics tools: its retention and batching settings, \
                records waiting to be written, written, dropped and failed since the server started, and what the \
                store holds (record count, oldest and newest entry).
                """,
            inputSchema: SchemaBuilder.object([:]),
            outputSchema: SchemaBuilder.output(["status": ["type": "string"], "configuration": Self.object], required: ["status", "configuration"]),
            annotations: Self.readOnly
        )
        return ToolDefinition(tool) { _, _ in try await monitoringStatus() }
    }

    private func monitoringStatus() async throws -> CallToolResult {
        let status = await usage.currentStatus()
        let summary = try await storeCall { try await store.usageSummary() }
        let configuration = usage.configuration
        let healthy = status.failedWrites == 0 && !store.isReadOnly
        var result: [String: JSONValue] = [
            "status": healthy ? "healthy" : "degraded",
            "configuration": [
                "enabled": true,
                "retention_days": .rounded(configuration.retention.maximumAge / 86_400, places: 2),
                "max_records": .int(configuration.retention.maximumRecords),
                "flush_threshold": .int(configuration.flushThreshold),
                "max_pending": .int(configuration.maximumPending),
                "price_table": .bool(!environment.options.priceTable.isEmpty),
            ],
            "buffers": [
                "pending": .int(status.pending),
                "written": .int(status.written),
                "dropped": .int(status.dropped),
                "failed_writes": .int(status.failedWrites),
            ],
            "log": [
                "records": .int(summary.recordCount),
                "oldest": summary.oldest.map { .string(Timestamp.format($0)) } ?? .null,
                "newest": summary.newest.map { .string(Timestamp.format($0)) } ?? .null,
            ],
        ]
        if let error = status.lastError { result["last_error"] = .string(error) }
        if store.isReadOnly { result["note"] = "The store is open read-only, so usage cannot be recorded." }
        return .structured(.object(result))
    }
}
