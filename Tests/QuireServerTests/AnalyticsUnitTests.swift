import Foundation
import MCP
import MCPServer
import QuireStore
import Testing
@testable import QuireServer

@Suite("Analytics building blocks")
struct AnalyticsUnitTests {
    @Test func percentilesInterpolateBetweenClosestRanks() {
        let hundred = LatencyStatistics((1...100).map(Double.init).shuffled())
        #expect(hundred.count == 100)
        #expect(hundred.minimum == 1 && hundred.maximum == 100)
        #expect(hundred.mean == 50.5)
        #expect(abs(hundred.p50 - 50.5) < 1e-9)
        #expect(abs(hundred.p90 - 90.1) < 1e-9)
        #expect(abs(hundred.p99 - 99.01) < 1e-9)
        #expect(abs(hundred.standardDeviation - (9999.0 / 12).squareRoot()) < 1e-9)

        let four = LatencyStatistics([4, 1, 3, 2])
        #expect(four.p50 == 2.5)
        #expect(abs(four.p90 - 3.7) < 1e-9)
        #expect(four.percentile(0) == 1 && four.percentile(100) == 4)
    }

    @Test func noValuesGiveZerosAndOneValueIsEveryPercentile() {
        let empty = LatencyStatistics([Double]())
        #expect(empty.count == 0 && empty.p50 == 0 && empty.p99 == 0 && empty.mean == 0 && empty.standardDeviation == 0)
        let one = LatencyStatistics([7.5, .nan, .infinity])
        #expect(one.count == 1, "non-finite values are ignored")
        #expect(one.p50 == 7.5 && one.p99 == 7.5 && one.standardDeviation == 0)
    }

    @Test func timeRangesParseCountsAndUnits() throws {
        #expect(try TimeWindow.parseDuration("24h", field: "time_range") == 86_400)
        #expect(try TimeWindow.parseDuration("7d", field: "time_range") == 7 * 86_400)
        #expect(try TimeWindow.parseDuration("2W", field: "time_range") == 14 * 86_400)
        for bad in ["7", "d", "0d", "-1d", "5y", "400d", "1.5h", "x7d"] {
            #expect(throws: ToolError.self, "\(bad)") { try TimeWindow.parseDuration(bad, field: "time_range") }
        }
        let window = try TimeWindow.relative("2h", field: "time_range", now: Date(timeIntervalSince1970: 10_000))
        #expect(window.seconds == 7_200)
        #expect(window.end > Date(timeIntervalSince1970: 10_000), "a call finishing right now is inside the window")
    }

    @Test func absoluteWindowsNeedOrderedRFC3339Times() throws {
        let window = try TimeWindow.absolute(start: "2025-07-05T10:00:00Z", end: "2025-07-05T12:00:00+01:00", defaultSpan: 60)
        #expect(window.seconds == 3_600)
        #expect(throws: ToolError.self) { try TimeWindow.absolute(start: "yesterday", end: nil, defaultSpan: 60) }
        #expect(throws: ToolError.self) { try TimeWindow.absolute(start: "2025-07-06T00:00:00Z", end: "2025-07-05T00:00:00Z", defaultSpan: 60) }
        let defaulted = try TimeWindow.absolute(start: nil, end: "2025-07-05T00:00:00Z", defaultSpan: 60)
        #expect(defaulted.seconds == 60)
    }

    @Test func bucketsStartOnTheHourDayAndMonday() throws {
        let saturday = try #require(Timestamp.parse("2025-07-05T14:03:22.417Z"))
        #expect(Timestamp.format(TimeBucket.hour.start(of: saturday)) == "2025-07-05T14:00:00.000Z")
        #expect(Timestamp.format(TimeBucket.day.start(of: saturday)) == "2025-07-05T00:00:00.000Z")
        #expect(Timestamp.format(TimeBucket.week.start(of: saturday)) == "2025-06-30T00:00:00.000Z")
        let monday = try #require(Timestamp.parse("2025-06-30T00:00:00Z"))
        #expect(TimeBucket.week.start(of: monday) == monday)
        let sunday = try #require(Timestamp.parse("2025-07-06T23:59:59Z"))
        #expect(Timestamp.format(TimeBucket.week.start(of: sunday)) == "2025-06-30T00:00:00.000Z")
    }

    @Test func shapeEntriesSplitAtTheLastSpace() {
        #expect(ShapeEntry("status eq") == ShapeEntry("status eq"))
        let custom = ShapeEntry("custom_metadata.team name in")
        #expect(custom.field == "custom_metadata.team name" && custom.op == "in")
    }

    @Test func graphMeasuresComponentsCyclesAndDepth() {
        func edge(_ from: String, _ to: String) -> RelationshipEdge { RelationshipEdge(source: from, target: to, type: .child) }
        // a → b → c → d (a chain), x ⇄ y (a 2-cycle), p → q → r → p (a 3-cycle), s → s (self-reference)
        let graph = RelationshipGraph(edges: [
            edge("a", "b"), edge("b", "c"), edge("c", "d"),
            edge("x", "y"), edge("y", "x"),
            edge("p", "q"), edge("q", "r"), edge("r", "p"),
            edge("s", "s"),
        ])
        #expect(graph.nodes.count == 10)
        #expect(graph.edgeCount == 9)
        #expect(graph.selfLoops == 1)
        #expect(graph.componentSizes() == [4, 3, 2, 1])

        let short = graph.cycles(maxLength: 2, limit: 100)
        #expect(short.cycles == [["x", "y", "x"]])
        let longer = graph.cycles(maxLength: 3, limit: 100)
        #expect(longer.cycles == [["p", "q", "r", "p"], ["x", "y", "x"]])
        #expect(longer.complete)
        let limited = graph.cycles(maxLength: 3, limit: 1)
        #expect(limited.count == 1 && !limited.complete)

        let profile = graph.depthProfile(maxDepth: 2)
        #expect(profile.roots == 2, "a and the self-referencing s")
        #expect(profile.levels == [1, 1])
        #expect(profile.beyond == 1, "d is three levels below a")
        #expect(profile.unreachable == 5, "x, y, p, q, r sit on cycles")
    }

    @Test func prometheusTextFollowsTheExpositionFormat() {
        let family = MetricFamily(
            name: "contextframe_tool_calls", help: "Calls\nby tool.", kind: .gauge, category: "usage",
            samples: [.init(labels: [("tool", "say \"hi\"\\now")], value: 3), .init(labels: [], value: 0.25)]
        )
        let text = MetricFamily.prometheus([family.labelled([("env", "ci")])])
        #expect(text == """
            # HELP contextframe_tool_calls Calls\\nby tool.
            # TYPE contextframe_tool_calls gauge
            contextframe_tool_calls{tool="say \\"hi\\"\\\\now",env="ci"} 3
            contextframe_tool_calls{env="ci"} 0.25

            """)
        #expect(MetricFamily.number(.nan) == "NaN" && MetricFamily.number(-.infinity) == "-Inf" && MetricFamily.number(12) == "12")
    }

    @Test func csvQuotesFieldsThatNeedIt() {
        let family = MetricFamily(name: "m", help: "h", kind: .gauge, category: "usage", samples: [.init(labels: [("tool", "a,b"), ("x", "q\"")], value: 1)])
        #expect(MetricFamily.csv([family]) == "metric,type,category,labels,value\r\nm,gauge,usage,\"tool=a,b;x=q\"\"\",1\r\n")
    }

    @Test func priceTablesLoadAndPriceOnlyListedProviders() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quire-prices-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(#"{"currency": "EUR", "prices": {"small": {"prompt_per_million": 1, "completion_per_million": 4}}}"#.utf8).write(to: url)
        let table = try PriceTable.load(path: url.path)
        #expect(table.currency == "EUR")
        #expect(table.cost(provider: "small", promptTokens: 1_000_000, completionTokens: 500_000) == 3)
        #expect(table.cost(provider: "large", promptTokens: 1, completionTokens: 1) == nil)

        try Data(#"{"prices": {"small": {"prompt_per_million": -1, "completion_per_million": 4}}}"#.utf8).write(to: url)
        #expect(throws: PriceTable.LoadError.self) { try PriceTable.load(path: url.path) }
        #expect(throws: PriceTable.LoadError.self) { try PriceTable.load(path: url.path + ".missing") }
    }

    @Test func costSummariesCountReportedTokensAndPricedProviders() {
        let now = Date()
        let records = [
            UsageRecord(kind: .languageModel, tool: "generate_tags", principal: "ada", startedAt: now, durationMilliseconds: 1, provider: "small", promptTokens: 100, completionTokens: 10),
            UsageRecord(kind: .languageModel, tool: "improve_title", principal: "ada", startedAt: now, durationMilliseconds: 1, provider: "other", promptTokens: 50, completionTokens: 5),
            UsageRecord(kind: .languageModel, tool: "improve_title", principal: "bob", startedAt: now, durationMilliseconds: 1, provider: "small"),
            UsageRecord(kind: .toolCall, tool: "improve_title", principal: "bob", startedAt: now, durationMilliseconds: 1),
        ]
        let table = PriceTable(prices: ["small": .init(promptPerMillion: 1_000_000, completionPerMillion: 2_000_000)])
        let summary = CostSummary(records, prices: table) { $0.principal }
        #expect(summary.total.exchanges == 3)
        #expect(summary.total.promptTokens == 150 && summary.total.completionTokens == 15)
        #expect(summary.total.unreported == 1)
        #expect(summary.total.unpriced == 1)
        #expect(summary.total.cost == 120)
        #expect(summary.groups["ada"]?.cost == 120 && summary.groups["bob"]?.exchanges == 1)
        #expect(CostSummary(records, prices: PriceTable()) { $0.tool }.total.cost == 0)
    }
}
