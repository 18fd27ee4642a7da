import QuireStore

/// Token counts and, where the price table covers them, costs of recorded language-model exchanges.
struct CostSummary: Sendable {
    /// Tokens and cost of one group (a principal, tool or provider).
    struct Line: Sendable {
        var exchanges = 0
        var promptTokens = 0
        var completionTokens = 0
        /// Exchanges whose endpoint reported no token counts.
        var unreported = 0
        /// Cost of the priced exchanges.
        var cost = 0.0
        /// Exchanges whose provider has no price.
        var unpriced = 0
    }

    var total = Line()
    var groups: [String: Line] = [:]

    /// Sums `records` (language-model entries), grouping by `key`.
    init(_ records: [UsageRecord], prices: PriceTable, key: (UsageRecord) -> String) {
        for record in records where record.kind == .languageModel {
            let prompt = record.promptTokens ?? 0
            let completion = record.completionTokens ?? 0
            var line = Line(exchanges: 1, promptTokens: prompt, completionTokens: completion)
            if record.promptTokens == nil, record.completionTokens == nil { line.unreported = 1 }
            if let cost = prices.cost(provider: record.provider ?? "", promptTokens: prompt, completionTokens: completion) {
                line.cost = cost
            } else {
                line.unpriced = 1
            }
            total.add(line)
            groups[key(record), default: Line()].add(line)
        }
    }
}

extension CostSummary.Line {
    mutating func add(_ other: CostSummary.Line) {
        exchanges += other.exchanges
        promptTokens += other.promptTokens
        completionTokens += other.completionTokens
        unreported += other.unreported
        cost += other.cost
        unpriced += other.unpriced
    }
}
