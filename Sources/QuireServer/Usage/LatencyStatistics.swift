import MCP

/// Summary figures of a set of durations (or any measurements): extremes, mean, population
/// standard deviation and percentiles by linear interpolation between closest ranks (the
/// common "type 7" definition, numpy's default). No values gives zeros everywhere.
struct LatencyStatistics: Sendable, Equatable {
    let count: Int
    let minimum: Double
    let maximum: Double
    let mean: Double
    let standardDeviation: Double
    let sum: Double
    private let sorted: [Double]

    init<Values: Sequence>(_ values: Values) where Values.Element == Double {
        let values = values.filter(\.isFinite).sorted()
        let total = values.reduce(0, +)
        let average = values.isEmpty ? 0 : total / Double(values.count)
        let squares = values.reduce(0) { $0 + ($1 - average) * ($1 - average) }
        sorted = values
        count = values.count
        sum = total
        minimum = values.first ?? 0
        maximum = values.last ?? 0
        mean = average
        standardDeviation = values.isEmpty ? 0 : (squares / Double(values.count)).squareRoot()
    }

    /// The `percent`th percentile (0…100); 0 without values.
    func percentile(_ percent: Double) -> Double {
        guard let first = sorted.first else { return 0 }
        guard sorted.count > 1 else { return first }
        let rank = min(max(percent, 0), 100) / 100 * Double(sorted.count - 1)
        let lower = Int(rank.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = rank - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    var p50: Double { percentile(50) }
    var p90: Double { percentile(90) }
    var p99: Double { percentile(99) }

    /// `{min, p50, p90, p99, max, mean, std}`, rounded to microseconds when the values are milliseconds.
    var json: JSONValue {
        [
            "min": .rounded(minimum), "p50": .rounded(p50), "p90": .rounded(p90), "p99": .rounded(p99),
            "max": .rounded(maximum), "mean": .rounded(mean), "std": .rounded(standardDeviation),
        ]
    }
}

extension JSONValue {
    /// A number rounded to three decimals, so reports do not carry float noise.
    static func rounded(_ value: Double, places: Int = 3) -> JSONValue {
        guard value.isFinite else { return .double(0) }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return .double((value * scale).rounded() / scale)
    }
}
