import Foundation
import MCP
import MCPServer
import QuireStore

extension AnalyticsTools {
    var getUsageMetrics: ToolDefinition {
        let tool = Tool(
            name: "get_usage_metrics",
            title: "Usage metrics",
            description: """
                Usage between two RFC 3339 times (default: the last hour), from the usage log: calls, searches, \
                tools and callers (agents), searches by type, and calls over time by hour, day or week (UTC). \
                include_details adds the busiest tools and callers and the most filtered fields.
                """,
            inputSchema: SchemaBuilder.object([
                "start_time": SchemaBuilder.string("Start (RFC 3339); default one hour before end_time."),
                "end_time": SchemaBuilder.string("End (RFC 3339); default now."),
                "group_by": SchemaBuilder.string("Bucket size of the time series.", enum: TimeBucket.allCases.map(\.rawValue), default: "hour"),
                "include_details": SchemaBuilder.boolean("Add the busiest tools, callers and filtered fields.", default: false),
            ]),
            outputSchema: SchemaBuilder.output(["period": Self.object, "summary": Self.object], required: ["period", "summary"]),
            annotations: Self.readOnly
        )
        return ToolDefinition(tool) { arguments, _ in try await usageMetrics(Arguments(arguments)) }
    }

    private func usageMetrics(_ arguments: Arguments) async throws -> CallToolResult {
        let window = try TimeWindow.absolute(start: arguments.string("start_time"), end: arguments.string("end_time"), defaultSpan: 3_600)
        let bucket = try TimeBucket(rawValue: arguments.string("group_by") ?? "hour").orThrow(ToolError.invalidArguments("group_by: use hour, day or week"))
        let includeDetails = try arguments.bool("include_details", default: false)
        let report = try await report(window)
        let calls = report.calls
        let byTool = UsageReport.counts(calls) { $0.tool }
        let byPrincipal = UsageReport.counts(calls) { $0.principal }

        var result: [String: JSONValue] = [
            "period": .object(window.json),
            "summary": [
                "total_calls": .int(calls.count),
                "total_queries": .int(report.searches.count),
                "errors": .int(calls.filter { $0.outcome == .error }.count),
                "unique_tools": .int(byTool.count),
                "unique_agents": .int(byPrincipal.count),
            ],
            "calls_by_tool": UsageReport.json(byTool),
            "queries_by_type": UsageReport.json(UsageReport.counts(report.searches) { $0.searchType }),
            "access_patterns": [
                "group_by": .string(bucket.rawValue),
                "time_series": .array(UsageReport.timeSeries(calls, bucket: bucket).map {
                    ["time": .string(Timestamp.format($0.start)), "count": .int($0.count), "errors": .int($0.errors)]
                }),
            ],
        ]
        if includeDetails {
            result["top_tools"] = Self.top(byTool, key: "tool")
            result["top_agents"] = Self.top(byPrincipal, key: "agent")
            result["top_filter_fields"] = Self.top(Self.fieldCounts(report.searches), key: "field")
        }
        if report.isEmpty { result["note"] = .string(Self.emptyNote("tool calls", window: window)) }
        return .structured(.object(result))
    }

    /// The ten largest counts as `[{<key>, count}]`, ties by name.
    static func top(_ counts: [String: Int], key: String) -> JSONValue {
        .array(counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(10).map { [key: .string($0.key), "count": .int($0.value)] })
    }
}
