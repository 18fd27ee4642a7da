extension Filter {
    /// The filter's comparisons as `field op` strings (`status eq`, `custom_metadata.team in`), in
    /// filter order, without any value: what a usage log may keep about a filter.
    public var shape: [String] {
        var comparisons: [String] = []
        collectShape(into: &comparisons)
        return comparisons
    }

    private func collectShape(into comparisons: inout [String]) {
        switch self {
        case let .and(parts), let .or(parts):
            for part in parts { part.collectShape(into: &comparisons) }
        case let .not(inner):
            inner.collectShape(into: &comparisons)
        case let .compare(path, op, _):
            comparisons.append("\(path) \(op.rawValue)")
        }
    }
}
