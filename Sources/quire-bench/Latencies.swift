/// Collected latencies of one operation, summarised by percentiles.
struct Latencies {
    private(set) var milliseconds: [Double] = []

    mutating func record(_ duration: Duration) {
        let parts = duration.components
        milliseconds.append(Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15)
    }

    /// The `p`th percentile (0…100) by the nearest-rank method.
    func percentile(_ p: Double) -> Double {
        guard !milliseconds.isEmpty else { return .nan }
        let sorted = milliseconds.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    var summary: [String: Double] {
        let mean = milliseconds.isEmpty ? Double.nan : milliseconds.reduce(0, +) / Double(milliseconds.count)
        return ["p50": percentile(50), "p95": percentile(95), "p99": percentile(99), "mean": mean]
    }
}
