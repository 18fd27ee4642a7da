import Foundation
import MCP
import MCPServer
import QuireStore

extension AnalyticsTools {
    var analyzeUsage: ToolDefinition {
        let tool = Tool(
            name: "analyze_usage",
            title: "Analyze usage",
            description: """
                How the server has been used over a recent period, from the usage log: calls per tool and caller, \
                outcomes and error codes, calls over time (by hour, day or week, UTC), and search patterns (types, \
                filtered fields, result counts). With include_patterns, recommendations drawn from those figures. \
                A call is logged when it finishes, so this call is not in its own report.
                """,
            inputSchema: SchemaBuilder.object([
                "time_range": SchemaBuilder.string("The period up to now: a count and a unit h, d or w, e.g. 24h, 7d, 2w.", default: "7d", minLength: 2),
                "group_by": SchemaBuilder.string("Bucket size of the time series.", enum: TimeBucket.allCases.map(\.rawValue), default: "hour"),
                "include_patterns": SchemaBuilder.boolean("Add recommendations drawn from the figures.", default: true),
            ]),
            outputSchema: Self.output(["analysis": Self.object, "period": ["type": "string"]], required: ["analysis", "period"]),
            annotations: Self.readOnly
        )
        return ToolDefinition(tool) { arguments, _ in try await analyzeUsage(Arguments(arguments)) }
    }

    private func analyzeUsage(_ arguments: Arguments) async throws -> CallToolResult {
        let range = try arguments.string("time_range") ?? "7d"
        let window = try TimeWindow.relative(range, field: "time_range")
        let bucket = try TimeBucket(rawValue: arguments.string("group_by") ?? "hour")
            .orThrow(ToolError.invalidArguments("group_by: use hour, day or week"))
        let includePatterns = try arguments.bool("include_patterns", default: true)
        let report = try await report(window)
        let calls = report.calls
        let searches = report.searches

        let failed = calls.filter { $0.outcome == .error }.count
        let cancelled = calls.filter { $0.outcome == .cancelled }.count
        let series = UsageReport.timeSeries(calls, bucket: bucket)
        let peak = series.max { $0.count < $1.count || ($0.count == $1.count && $0.start > $1.start) }
        var analysis: [String: JSONValue] = [
            "window": .object(window.json),
            "summary": [
                "total_calls": .int(calls.count),
                "successful_calls": .int(calls.count - failed - cancelled),
                "failed_calls": .int(failed),
                "cancelled_calls": .int(cancelled),
                "error_rate": .rounded(UsageReport.rate(failed, of: calls.count)),
                "unique_tools": .int(Set(calls.map(\.tool)).count),
                "unique_principals": .int(Set(calls.map(\.principal)).count),
                "total_searches": .int(searches.count),
                "total_duration_ms": .rounded(calls.reduce(0) { $0 + $1.durationMilliseconds }),
            ],
            "operations": UsageReport.json(UsageReport.counts(calls) { $0.tool }),
            "principals": UsageReport.json(UsageReport.counts(calls) { $0.principal }),
            "errors_by_code": UsageReport.json(UsageReport.counts(calls) { $0.errorCode.map(String.init) }),
            "temporal_patterns": [
                "group_by": .string(bucket.rawValue),
                "time_series": .array(series.map { ["time": .string(Timestamp.format($0.start)), "count": .int($0.count), "errors": .int($0.errors)] }),
                "peak_period": peak.map { .string(Timestamp.format($0.start)) } ?? .null,
                "total_periods": .int(series.count),
            ],
            "search_patterns": Self.searchPatterns(searches),
        ]
        if includePatterns { analysis["recommendations"] = .array(Self.usageRecommendations(report).map(JSONValue.string)) }
        if report.isEmpty { analysis["note"] = .string(Self.emptyNote("tool calls", window: window)) }
        return .structured(["success": true, "analysis": .object(analysis), "period": .string(range), "timestamp": Self.timestamp])
    }

    static func searchPatterns(_ searches: [UsageRecord]) -> JSONValue {
        let filtered = searches.filter { !$0.filterShape.isEmpty }
        var fields: [String: Int] = [:]
        for search in filtered {
            for field in UsageReport.filterFields(search) { fields[field, default: 0] += 1 }
        }
        let results = searches.compactMap(\.resultCount)
        return [
            "by_type": UsageReport.json(UsageReport.counts(searches) { $0.searchType }),
            "filtered_searches": .int(filtered.count),
            "filter_fields": UsageReport.json(fields),
            "avg_result_count": .rounded(results.isEmpty ? 0 : Double(results.reduce(0, +)) / Double(results.count), places: 2),
            "zero_result_searches": .int(results.filter { $0 == 0 }.count),
        ]
    }

    /// Advice that follows from the recorded figures alone; nothing when they show nothing notable.
    static func usageRecommendations(_ report: UsageReport) -> [String] {
        var advice: [String] = []
        for (tool, records) in UsageReport.groups(report.calls, by: { $0.tool }).sorted(by: { $0.key < $1.key }) {
            let errors = records.filter { $0.outcome == .error }.count
            if records.count >= 5, UsageReport.rate(errors, of: records.count) >= 0.2 {
                advice.append("\(tool) failed in \(errors) of \(records.count) calls; check the errors_by_code figures and the arguments callers send.")
            }
            let latency = LatencyStatistics(records.map(\.durationMilliseconds))
            if records.count >= 5, latency.p90 >= 1_000 {
                advice.append("\(tool) takes \(Int(latency.p90)) ms at the 90th percentile; see query_performance and benchmark_operations.")
            }
        }
        let searches = report.searches
        let empty = searches.filter { $0.resultCount == 0 }.count
        if searches.count >= 5, UsageReport.rate(empty, of: searches.count) >= 0.3 {
            advice.append("\(empty) of \(searches.count) searches found nothing; callers may need broader queries or fewer filters.")
        }
        let filtered = searches.filter { !$0.filterShape.isEmpty }.count
        if filtered >= 3 {
            advice.append("\(filtered) searches used filters; index_recommendations shows which filtered fields lack an index.")
        }
        return advice
    }
}

extension Optional {
    /// The value, or `error` thrown when there is none.
    func orThrow(_ error: @autoclosure () -> any Error) throws -> Wrapped {
        guard let value = self else { throw error() }
        return value
    }
}
