import Foundation
import MCP
import MCPServer
import QuireStore

extension AnalyticsTools {
    var queryPerformance: ToolDefinition {
        let tool = Tool(
            name: "query_performance",
            title: "Query performance",
            description: """
                How fast searches have been over a recent period, from the durations the usage log recorded: \
                count, mean, p50/p90/p99 and maximum, per search type, the slowest searches with hints, and which \
                fields filters used. query_type "filter" selects searches that had a filter, whatever their type.
                """,
            inputSchema: SchemaBuilder.object([
                "time_range": SchemaBuilder.string("The period up to now: a count and a unit h, d or w, e.g. 24h, 7d, 2w.", default: "7d", minLength: 2),
                "query_type": SchemaBuilder.string("Only this kind of search.", enum: ["vector", "text", "hybrid", "filter"]),
                "min_duration_ms": ["type": "number", "minimum": 0, "default": 0, "description": "Only searches that took at least this long."],
            ]),
            outputSchema: Self.output(["performance": Self.object, "period": ["type": "string"]], required: ["performance", "period"]),
            annotations: Self.readOnly
        )
        return ToolDefinition(tool) { arguments, _ in try await queryPerformance(Arguments(arguments)) }
    }

    private func queryPerformance(_ arguments: Arguments) async throws -> CallToolResult {
        let range = try arguments.string("time_range") ?? "7d"
        let window = try TimeWindow.relative(range, field: "time_range")
        let queryType = try arguments.string("query_type")
        let minimum = arguments.values["min_duration_ms"]?.doubleValue ?? 0
        let report = try await report(window)
        let searches = report.searches.filter { search in
            let typeMatches: Bool
            switch queryType {
            case nil: typeMatches = true
            case "filter"?: typeMatches = !search.filterShape.isEmpty
            case let type?: typeMatches = search.searchType == type
            }
            return typeMatches && search.durationMilliseconds >= minimum
        }

        let latency = LatencyStatistics(searches.map(\.durationMilliseconds))
        var performance: [String: JSONValue] = [
            "window": .object(window.json),
            "summary": [
                "total_queries": .int(searches.count),
                "avg_duration_ms": .rounded(latency.mean),
                "p50_duration_ms": .rounded(latency.p50),
                "p90_duration_ms": .rounded(latency.p90),
                "p99_duration_ms": .rounded(latency.p99),
                "min_duration_ms": .rounded(latency.minimum),
                "max_duration_ms": .rounded(latency.maximum),
                "avg_results": .rounded(Self.averageResults(searches), places: 2),
            ],
            "by_type": .object(UsageReport.groups(searches) { $0.searchType }.mapValues { group in
                let typeLatency = LatencyStatistics(group.map(\.durationMilliseconds))
                return [
                    "count": .int(group.count),
                    "avg_duration_ms": .rounded(typeLatency.mean),
                    "p50_duration_ms": .rounded(typeLatency.p50),
                    "p90_duration_ms": .rounded(typeLatency.p90),
                    "p99_duration_ms": .rounded(typeLatency.p99),
                    "avg_results": .rounded(Self.averageResults(group), places: 2),
                    "filtered": .int(group.filter { !$0.filterShape.isEmpty }.count),
                ]
            }),
            "slow_queries": .array(searches.sorted { $0.durationMilliseconds > $1.durationMilliseconds }.prefix(10).map(Self.slowQueryJSON)),
            "filter_patterns": UsageReport.json(Self.fieldCounts(searches)),
        ]
        if searches.isEmpty { performance["note"] = .string(Self.emptyNote("matching searches", window: window)) }
        return .structured(["success": true, "performance": .object(performance), "period": .string(range), "timestamp": Self.timestamp])
    }

    static func averageResults(_ searches: [UsageRecord]) -> Double {
        let counts = searches.compactMap(\.resultCount)
        return counts.isEmpty ? 0 : Double(counts.reduce(0, +)) / Double(counts.count)
    }

    static func fieldCounts(_ searches: [UsageRecord]) -> [String: Int] {
        var fields: [String: Int] = [:]
        for search in searches {
            for field in UsageReport.filterFields(search) { fields[field, default: 0] += 1 }
        }
        return fields
    }

    private static func slowQueryJSON(_ search: UsageRecord) -> JSONValue {
        var hints: [JSONValue] = []
        let entries = search.filterShape.map(ShapeEntry.init)
        if entries.contains(where: { $0.op == "contains" || $0.field.hasPrefix("custom_metadata.") }) {
            hints.append("contains and custom_metadata comparisons scan every candidate row; narrow with an indexed field such as record_type, collection_id or created_at")
        }
        if search.searchType == "vector" || search.searchType == "hybrid" {
            hints.append("vector ranking compares the query with every embedded document the filter admits; a filter shrinks that set")
        }
        if search.durationMilliseconds > 1_000 {
            hints.append("over one second: run benchmark_operations to see whether the store or this query is slow")
        }
        return [
            "search_type": search.searchType.map(JSONValue.string) ?? .null,
            "duration_ms": .rounded(search.durationMilliseconds),
            "result_count": search.resultCount.map(JSONValue.int) ?? .null,
            "filter_shape": .array(search.filterShape.map(JSONValue.string)),
            "started_at": .string(Timestamp.format(search.startedAt)),
            "principal": .string(search.principal),
            "optimization_hints": .array(hints),
        ]
    }
}
