import Foundation
import MCP
import MCPServer
import QuireStore

extension AnalyticsTools {
    var indexRecommendations: ToolDefinition {
        let tool = Tool(
            name: "index_recommendations",
            title: "Index recommendations",
            description: """
                Index advice from the filters searches really used (recorded as field and operator, never values) \
                and the indexes the store has. A document field filtered with an index-friendly operator (eq, in, \
                lt, lte, gt, gte, exists) in enough searches and not the first column of an index gets a \
                CREATE INDEX suggestion; list fields and custom_metadata keys cannot use an ordinary index and get \
                advice instead. workload_type sets how often a field must appear: analytics 5% of filtered \
                searches, mixed 10%, search 20% (fewer indexes, cheaper writes). Missing planner statistics are \
                reported too.
                """,
            inputSchema: SchemaBuilder.object([
                "analyze_queries": SchemaBuilder.boolean("Use the recorded search filters (otherwise only the store's structure).", default: true),
                "workload_type": SchemaBuilder.string("What to optimize for.", enum: ["search", "analytics", "mixed"], default: "mixed"),
            ]),
            outputSchema: Self.output(["recommendations": Self.object, "workload_type": ["type": "string"]], required: ["recommendations", "workload_type"]),
            annotations: Self.readOnly
        )
        return ToolDefinition(tool) { arguments, _ in try await indexRecommendations(Arguments(arguments)) }
    }

    /// Operators an index on the field can serve (see the filter compiler: `IS ?`, ranges, `IN`, `IS NULL`).
    static let indexFriendlyOperators: Set<String> = ["eq", "in", "lt", "lte", "gt", "gte", "exists"]

    private func indexRecommendations(_ arguments: Arguments) async throws -> CallToolResult {
        let analyzeQueries = try arguments.bool("analyze_queries", default: true)
        let workload = try arguments.string("workload_type") ?? "mixed"
        let threshold: Double
        switch workload {
        case "analytics": threshold = 0.05
        case "search": threshold = 0.20
        case "mixed": threshold = 0.10
        default: throw ToolError.invalidArguments("workload_type: use search, analytics or mixed")
        }
        let indexes = try await storeCall { try await store.indexes() }
        let leading = Set(indexes.filter { $0.table == "documents" }.compactMap { $0.columns.first ?? nil })
        var suggestions: [JSONValue] = []
        var fieldUsage: [JSONValue] = []
        var result: [String: JSONValue] = ["existing_indexes": .array(indexes.map(Self.indexJSON))]

        if analyzeQueries {
            let window = TimeWindow(start: Date(timeIntervalSince1970: 0), end: Date().addingTimeInterval(0.001))
            let searches = try await report(window).searches
            let filtered = searches.filter { !$0.filterShape.isEmpty }
            var operators: [String: [String: Int]] = [:]
            var searchesUsing: [String: Int] = [:]
            for search in filtered {
                let entries = search.filterShape.map(ShapeEntry.init)
                for entry in entries { operators[entry.field, default: [:]][entry.op, default: 0] += 1 }
                for field in Set(entries.map(\.field)) { searchesUsing[field, default: 0] += 1 }
            }
            for field in searchesUsing.keys.sorted(by: { (searchesUsing[$0] ?? 0, $1) > (searchesUsing[$1] ?? 0, $0) }) {
                let count = searchesUsing[field] ?? 0
                let share = UsageReport.rate(count, of: filtered.count)
                let ops = operators[field] ?? [:]
                let friendly = ops.keys.contains { Self.indexFriendlyOperators.contains($0) }
                let indexed = leading.contains(field)
                fieldUsage.append([
                    "field": .string(field), "searches": .int(count), "share": .rounded(share),
                    "operators": UsageReport.json(ops), "indexed": .bool(indexed),
                ])
                guard count >= 3, share >= threshold, !indexed else { continue }
                if let suggestion = Self.suggestion(field: field, count: count, share: share, indexFriendly: friendly) {
                    suggestions.append(suggestion)
                }
            }
            result["analyzed_searches"] = .int(searches.count)
            result["filtered_searches"] = .int(filtered.count)
            result["threshold_share"] = .double(threshold)
            if filtered.isEmpty { result["note"] = .string(Self.emptyNote("filtered searches", window: nil)) }
        }
        if try await storeCall({ try await store.hasPlannerStatistics() }) == false {
            suggestions.append([
                "type": "refresh_statistics", "priority": "low",
                "reason": "SQLite has no planner statistics yet, so it guesses how selective each index is.",
                "action": "run optimize_storage with operations [\"compact\"] and dry_run false (runs PRAGMA optimize)",
            ])
        }
        result["field_usage"] = .array(fieldUsage)
        result["suggestions"] = .array(suggestions)
        return .structured(["success": true, "recommendations": .object(result), "workload_type": .string(workload), "timestamp": Self.timestamp])
    }

    /// The advice for one frequently filtered, unindexed field; `nil` when nothing would help.
    private static func suggestion(field: String, count: Int, share: Double, indexFriendly: Bool) -> JSONValue? {
        let priority: JSONValue = share >= 0.5 ? "high" : (share >= 0.2 ? "medium" : "low")
        let usage = "filtered in \(count) searches (\(Int((share * 100).rounded()))% of filtered searches)"
        if field.hasPrefix("custom_metadata.") {
            return [
                "type": "not_indexable", "field": .string(field), "priority": priority,
                "reason": .string("\(field) is \(usage), but custom_metadata is a JSON map read per row, which no ordinary index serves."),
                "action": "combine it with an indexed field (record_type, collection_id, created_at) or keep the value in a document field",
            ]
        }
        guard let documentField = DocumentField(rawValue: field) else { return nil }
        switch documentField.kind {
        case .stringList, .stringMap, .relationshipList:
            return [
                "type": "not_indexable", "field": .string(field), "priority": priority,
                "reason": .string("\(field) is \(usage), but it is a list stored as JSON, which no ordinary index serves."),
                "action": "narrow such searches with an indexed field (record_type, collection_id, created_at)",
            ]
        default:
            guard indexFriendly else {
                return [
                    "type": "not_indexable", "field": .string(field), "priority": "low",
                    "reason": .string("\(field) is \(usage), but only with contains, ne or nin, which scan rows whatever the index."),
                    "action": "use eq or in where the exact value is known",
                ]
            }
            return [
                "type": "create_index", "field": .string(field), "priority": priority,
                "reason": .string("\(field) is \(usage) and no index starts with it, so each such search scans the documents."),
                "sql": .string("CREATE INDEX documents_\(field) ON documents(\(field))"),
            ]
        }
    }
}
