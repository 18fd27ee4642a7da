import Foundation
import MCP
import MCPServer
import QuireStore

extension AnalyticsTools {
    var getPerformanceMetrics: ToolDefinition {
        let tool = Tool(
            name: "get_performance_metrics",
            title: "Performance metrics",
            description: """
                Call durations over the last N minutes, from the usage log: per tool the count, mean, min, max, \
                error and success rates and (include_percentiles) p50/p75/p90/p95/p99, plus a snapshot of the whole \
                window (calls per second, mean duration, error rate). operation_type limits it to one tool, or \
                "search" for the searches' own timings by search type.
                """,
            inputSchema: SchemaBuilder.object([
                "operation_type": SchemaBuilder.string("A tool name, or search."),
                "minutes": SchemaBuilder.integer("How many minutes back.", minimum: 1, maximum: 527_040, default: 60),
                "include_percentiles": SchemaBuilder.boolean("Add duration percentiles.", default: true),
            ]),
            outputSchema: SchemaBuilder.output(["window": Self.object, "current_snapshot": Self.object, "operations": Self.object], required: ["window", "current_snapshot", "operations"]),
            annotations: Self.readOnly
        )
        return ToolDefinition(tool) { arguments, _ in try await performanceMetrics(Arguments(arguments)) }
    }

    private func performanceMetrics(_ arguments: Arguments) async throws -> CallToolResult {
        let operation = try arguments.string("operation_type")
        let minutes = try arguments.int("minutes", default: 60)
        guard (1...527_040).contains(minutes) else { throw ToolError.invalidArguments("minutes: \(minutes) is out of range; use 1…527040 (366 days)") }
        let includePercentiles = try arguments.bool("include_percentiles", default: true)
        let end = Date().addingTimeInterval(0.001)
        let window = TimeWindow(start: end.addingTimeInterval(-Double(minutes) * 60), end: end)
        let report = try await report(window)

        let records: [UsageRecord]
        let groups: [String: [UsageRecord]]
        if operation == "search" {
            records = report.searches
            groups = UsageReport.groups(records) { $0.searchType.map { "search:\($0)" } }
        } else {
            records = report.calls.filter { operation == nil || $0.tool == operation }
            groups = UsageReport.groups(records) { $0.tool }
        }
        let overall = LatencyStatistics(records.map(\.durationMilliseconds))
        let errors = records.filter { $0.outcome == .error }.count
        var result: [String: JSONValue] = [
            "window": .object(window.json.merging(["minutes": .int(minutes)]) { $1 }),
            "current_snapshot": [
                "operations": .int(records.count),
                "operations_per_second": .rounded(Double(records.count) / window.seconds, places: 4),
                "avg_response_time_ms": .rounded(overall.mean),
                "error_rate": .rounded(UsageReport.rate(errors, of: records.count)),
            ],
            "operations": .object(groups.mapValues { group in
                let latency = LatencyStatistics(group.map(\.durationMilliseconds))
                let failed = group.filter { $0.outcome == .error }.count
                let succeeded = group.filter { $0.outcome == .ok }.count
                var entry: [String: JSONValue] = [
                    "count": .int(group.count),
                    "avg_duration_ms": .rounded(latency.mean),
                    "min_duration_ms": .rounded(latency.minimum),
                    "max_duration_ms": .rounded(latency.maximum),
                    "error_rate": .rounded(UsageReport.rate(failed, of: group.count)),
                    "success_rate": .rounded(UsageReport.rate(succeeded, of: group.count)),
                ]
                if includePercentiles {
                    entry["percentiles"] = [
                        "p50": .rounded(latency.p50), "p75": .rounded(latency.percentile(75)), "p90": .rounded(latency.p90),
                        "p95": .rounded(latency.percentile(95)), "p99": .rounded(latency.p99),
                    ]
                }
                return .object(entry)
            }),
        ]
        if records.isEmpty {
            let what = operation.map { $0 == "search" ? "searches" : "calls of \($0)" } ?? "tool calls"
            result["note"] = .string(Self.emptyNote(what, window: window))
        }
        return .structured(.object(result))
    }
}
