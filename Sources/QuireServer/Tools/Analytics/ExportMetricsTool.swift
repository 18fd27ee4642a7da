import Foundation
import MCP
import MCPServer
import QuireStore

extension AnalyticsTools {
    static let metricCategories = ["usage", "performance", "cost", "dataset"]
    /// Label names the metrics use themselves, which caller labels may not override.
    static let reservedLabels: Set<String> = ["tool", "outcome", "search_type", "quantile", "provider", "kind", "file", "currency", "le"]

    var exportMetrics: ToolDefinition {
        let tool = Tool(
            name: "export_metrics",
            title: "Export metrics",
            description: """
                Metrics for monitoring systems as Prometheus text (exposition format 0.0.4), JSON or CSV: usage \
                (tool calls by tool and outcome, searches by type), performance (call and search durations as \
                summaries with 0.5/0.9/0.99 quantiles, in seconds), cost (reported language-model tokens; cost only \
                for providers in the configured price table) and dataset figures. Usage, performance and cost cover \
                the usage log's retained window (stated in the result). metrics selects categories or metric names \
                (default all); labels are added to every sample.
                """,
            inputSchema: SchemaBuilder.object([
                "format": SchemaBuilder.string("Output format.", enum: ["prometheus", "json", "csv"], default: "json"),
                "metrics": [
                    "type": "array", "items": ["type": "string"], "default": [],
                    "description": "Categories (usage, performance, cost, dataset) or metric names; empty means all.",
                ],
                "labels": ["type": "object", "additionalProperties": ["type": "string"], "default": [:], "description": "Labels added to every sample."],
            ]),
            outputSchema: Self.output(["format": ["type": "string"], "data": [:]], required: ["format", "data"]),
            annotations: Self.readOnly
        )
        return ToolDefinition(tool) { arguments, _ in try await exportMetrics(Arguments(arguments)) }
    }

    private func exportMetrics(_ arguments: Arguments) async throws -> CallToolResult {
        let format = try arguments.string("format") ?? "json"
        guard ["prometheus", "json", "csv"].contains(format) else { throw ToolError.invalidArguments("format: use prometheus, json or csv") }
        let labels = try Self.exportLabels(arguments.object("labels") ?? [:])
        let window = TimeWindow(start: Date(timeIntervalSince1970: 0), end: Date().addingTimeInterval(0.001))
        var families = try await collectMetrics(report: report(window)).map { $0.labelled(labels) }
        families = try Self.select(families, names: arguments.values["metrics"])
        let data: JSONValue
        switch format {
        case "prometheus": data = .string(MetricFamily.prometheus(families))
        case "csv": data = .string(MetricFamily.csv(families))
        default:
            data = [
                "metrics": MetricFamily.json(families),
                "labels": .object(Dictionary(labels.map { ($0.0, JSONValue.string($0.1)) }, uniquingKeysWith: { $1 })),
                "usage_window": .string("the usage log's retained entries (up to \(usage.configuration.retention.maximumRecords) records, \(Int(usage.configuration.retention.maximumAge / 86_400)) days)"),
            ]
        }
        return .structured(["success": true, "format": .string(format), "data": data, "timestamp": Self.timestamp])
    }

    /// Every metric family, computed now.
    func collectMetrics(report: UsageReport) async throws -> [MetricFamily] {
        let calls = report.calls
        let searches = report.searches
        var families: [MetricFamily] = []

        var callSamples: [MetricFamily.Sample] = []
        for (key, count) in UsageReport.counts(calls, by: { "\($0.tool)\u{0}\($0.outcome.rawValue)" }).sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
            callSamples.append(.init(labels: [("tool", parts[0]), ("outcome", parts.count > 1 ? parts[1] : "")], value: Double(count)))
        }
        families.append(MetricFamily(name: "contextframe_tool_calls", help: "Tool calls in the usage log, by tool and outcome.", kind: .gauge, category: "usage", samples: callSamples))
        families.append(MetricFamily(
            name: "contextframe_searches", help: "Searches in the usage log, by search type.", kind: .gauge, category: "usage",
            samples: UsageReport.counts(searches) { $0.searchType }.sorted { $0.key < $1.key }.map { .init(labels: [("search_type", $0.key)], value: Double($0.value)) }
        ))
        let logSummary = try await storeCall { try await store.usageSummary() }
        families.append(MetricFamily(
            name: "contextframe_usage_log_records", help: "Entries the usage log holds.", kind: .gauge, category: "usage",
            samples: [.init(labels: [], value: Double(logSummary.recordCount))]
        ))

        families.append(Self.summary(
            name: "contextframe_tool_call_duration_seconds", help: "Tool call durations in the usage log, by tool.",
            groups: UsageReport.groups(calls) { $0.tool }, label: "tool"
        ))
        families.append(Self.summary(
            name: "contextframe_search_duration_seconds", help: "Search durations in the usage log, by search type.",
            groups: UsageReport.groups(searches) { $0.searchType }, label: "search_type"
        ))

        let prices = environment.options.priceTable
        let cost = CostSummary(report.languageModel, prices: prices) { $0.provider ?? "unknown" }
        var tokenSamples: [MetricFamily.Sample] = []
        for (provider, line) in cost.groups.sorted(by: { $0.key < $1.key }) {
            tokenSamples.append(.init(labels: [("provider", provider), ("kind", "prompt")], value: Double(line.promptTokens)))
            tokenSamples.append(.init(labels: [("provider", provider), ("kind", "completion")], value: Double(line.completionTokens)))
        }
        families.append(MetricFamily(name: "contextframe_llm_tokens", help: "Language-model tokens reported by endpoints, by provider.", kind: .gauge, category: "cost", samples: tokenSamples))
        families.append(MetricFamily(
            name: "contextframe_llm_cost", help: "Cost of priced language-model tokens (0 without a price table).", kind: .gauge, category: "cost",
            samples: [.init(labels: [("currency", prices.currency)], value: cost.total.cost)]
        ))

        let info = try await storeCall { try await store.info() }
        let statistics = try await storeCall { try await store.relationshipStatistics(orphanSampleLimit: 0) }
        let footprint = try await storeCall { try await store.storageFootprint() }
        let dataset: [(String, String, Double)] = [
            ("contextframe_documents", "Records in the store, of every type.", Double(info.totalDocuments)),
            ("contextframe_documents_with_embeddings", "Records with an embedding.", Double(info.documentsWithEmbeddings)),
            ("contextframe_collections", "Collection header records.", Double(info.recordTypeCounts[.collectionHeader] ?? 0)),
            ("contextframe_relationships", "Relationships stored on records.", Double(statistics.totalRelationships)),
            ("contextframe_store_version", "The store version: the sequence number of the last change.", Double(info.version)),
        ]
        for (name, help, value) in dataset {
            families.append(MetricFamily(name: name, help: help, kind: .gauge, category: "dataset", samples: [.init(labels: [], value: value)]))
        }
        families.append(MetricFamily(
            name: "contextframe_storage_bytes", help: "Bytes of the store's files.", kind: .gauge, category: "dataset",
            samples: [
                .init(labels: [("file", "database")], value: Double(footprint.databaseBytes)),
                .init(labels: [("file", "wal")], value: Double(footprint.walBytes)),
                .init(labels: [("file", "shm")], value: Double(footprint.sharedMemoryBytes)),
            ]
        ))
        return families
    }

    /// A Prometheus summary: quantiles 0.5, 0.9, 0.99 plus `_sum` and `_count` per group, in seconds.
    private static func summary(name: String, help: String, groups: [String: [UsageRecord]], label: String) -> MetricFamily {
        var samples: [MetricFamily.Sample] = []
        for (key, records) in groups.sorted(by: { $0.key < $1.key }) {
            // Whole microseconds: finer digits are clock noise.
            let latency = LatencyStatistics(records.map { ($0.durationMilliseconds * 1000).rounded() / 1_000_000 })
            for (quantile, value) in [("0.5", latency.p50), ("0.9", latency.p90), ("0.99", latency.p99)] {
                samples.append(.init(labels: [(label, key), ("quantile", quantile)], value: Self.microseconds(value)))
            }
            samples.append(.init(suffix: "_sum", labels: [(label, key)], value: Self.microseconds(latency.sum)))
            samples.append(.init(suffix: "_count", labels: [(label, key)], value: Double(latency.count)))
        }
        return MetricFamily(name: name, help: help, kind: .summary, category: "performance", samples: samples)
    }

    private static func microseconds(_ seconds: Double) -> Double { (seconds * 1_000_000).rounded() / 1_000_000 }

    /// Caller labels, checked against Prometheus's label-name rules and the metrics' own labels.
    static func exportLabels(_ members: [String: JSONValue]) throws -> [(String, String)] {
        try members.keys.sorted().map { name in
            let valid = name.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
                && name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
            guard valid, !name.hasPrefix("__") else {
                throw ToolError.invalidArguments("labels.\(name): a label name is letters, digits and underscores, not starting with a digit or __")
            }
            guard !reservedLabels.contains(name) else {
                throw ToolError.invalidArguments("labels.\(name): the metrics use this label themselves; choose another name")
            }
            guard case .string(let value)? = members[name] else { throw ToolError.invalidArguments("labels.\(name): expected a string value") }
            return (name, value)
        }
    }

    /// The families `names` selects by category or name (with or without the `contextframe_` prefix).
    static func select(_ families: [MetricFamily], names value: JSONValue?) throws -> [MetricFamily] {
        guard let value, value != .null else { return families }
        guard case .array(let elements) = value else { throw ToolError.invalidArguments("metrics: expected an array of strings") }
        if elements.isEmpty { return families }
        var wanted = Set<String>()
        for (position, element) in elements.enumerated() {
            guard let name = element.stringValue else { throw ToolError.invalidArguments("metrics[\(position)]: expected a string") }
            let matches = families.filter { $0.category == name || $0.name == name || $0.name == "contextframe_" + name }
            guard !matches.isEmpty else {
                throw ToolError.invalidArguments(
                    "metrics[\(position)]: unknown metric \"\(name)\"; use a category (\(metricCategories.joined(separator: ", "))) or one of \(families.map(\.name).joined(separator: ", "))"
                )
            }
            wanted.formUnion(matches.map(\.name))
        }
        return families.filter { wanted.contains($0.name) }
    }
}
