import Foundation
import MCP
import MCPServer
import QuireStore

extension AnalyticsTools {
    var getCostReport: ToolDefinition {
        let tool = Tool(
            name: "get_cost_report",
            title: "Cost report",
            description: """
                Language-model token use and cost between two RFC 3339 times (default: the last 24 hours), grouped \
                by agent (caller), operation (tool) or provider. Token counts are those the model endpoint or the \
                client's sampling reported; nothing is estimated. Cost is computed only with a price table \
                (quire serve --price-table FILE); without one every cost is 0 and a note says so. Storage and \
                bandwidth are not priced. include_projections extrapolates the window's cost to 30 days.
                """,
            inputSchema: SchemaBuilder.object([
                "start_time": SchemaBuilder.string("Start (RFC 3339); default 24 hours before end_time."),
                "end_time": SchemaBuilder.string("End (RFC 3339); default now."),
                "group_by": SchemaBuilder.string("How to group.", enum: ["agent", "operation", "provider"], default: "agent"),
                "include_projections": SchemaBuilder.boolean("Extrapolate the window's cost to a month.", default: true),
            ]),
            outputSchema: SchemaBuilder.output(["period": Self.object, "total_cost": ["type": "number"], "tokens": Self.object], required: ["period", "total_cost", "tokens"]),
            annotations: Self.readOnly
        )
        return ToolDefinition(tool) { arguments, _ in try await costReport(Arguments(arguments)) }
    }

    private func costReport(_ arguments: Arguments) async throws -> CallToolResult {
        let window = try TimeWindow.absolute(start: arguments.string("start_time"), end: arguments.string("end_time"), defaultSpan: 86_400)
        let groupBy = try arguments.string("group_by") ?? "agent"
        let key: (UsageRecord) -> String
        switch groupBy {
        case "agent": key = { $0.principal }
        case "operation": key = { $0.tool }
        case "provider": key = { $0.provider ?? "unknown" }
        default: throw ToolError.invalidArguments("group_by: use agent, operation or provider")
        }
        let includeProjections = try arguments.bool("include_projections", default: true)
        let prices = environment.options.priceTable
        let report = try await report(window)
        let summary = CostSummary(report.languageModel, prices: prices, key: key)

        var result: [String: JSONValue] = [
            "period": .object(window.json),
            "currency": .string(prices.currency),
            "total_cost": .rounded(summary.total.cost, places: 6),
            "breakdown": ["llm": .rounded(summary.total.cost, places: 6), "storage": 0, "bandwidth": 0],
            "costs_by_\(groupBy)": .object(summary.groups.mapValues { .rounded($0.cost, places: 6) }),
            "tokens": [
                "exchanges": .int(summary.total.exchanges),
                "prompt": .int(summary.total.promptTokens),
                "completion": .int(summary.total.completionTokens),
                "total": .int(summary.total.promptTokens + summary.total.completionTokens),
                "exchanges_without_counts": .int(summary.total.unreported),
                "by_\(groupBy)": .object(summary.groups.mapValues { line in
                    ["exchanges": .int(line.exchanges), "prompt": .int(line.promptTokens), "completion": .int(line.completionTokens)]
                }),
            ],
            "priced": .bool(!prices.isEmpty),
        ]
        if includeProjections {
            let monthly = summary.total.cost / window.seconds * 30 * 86_400
            result["projections"] = ["monthly_cost": .rounded(monthly, places: 4), "annual_cost": .rounded(monthly * 12, places: 4), "basis": "the window's cost scaled to 30 days"]
        }
        var notes: [String] = []
        if summary.total.exchanges == 0 {
            notes.append("No language-model use was recorded in this period; tokens and cost are zero.")
        }
        if prices.isEmpty {
            notes.append("No price table is configured, so cost is 0. Start the server with --price-table FILE, a JSON file like {\"currency\": \"USD\", \"prices\": {\"<model>\": {\"prompt_per_million\": 0.15, \"completion_per_million\": 0.6}}} with your provider's prices.")
        } else if summary.total.unpriced > 0 {
            notes.append("\(summary.total.unpriced) exchanges used providers missing from the price table and are not costed.")
        }
        if !notes.isEmpty { result["note"] = .string(notes.joined(separator: " ")) }
        return .structured(.object(result))
    }
}
