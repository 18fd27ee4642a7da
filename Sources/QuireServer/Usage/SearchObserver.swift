import QuireStore

/// One finished search as the search tool saw it; the filter is reduced to its shape when recorded.
struct SearchObservation: Sendable {
    /// The tool that searched, e.g. `search_documents`.
    var tool: String
    var principal: String
    /// The search type actually run: `vector`, `text` or `hybrid`.
    var searchType: String
    var filter: Filter?
    var resultCount: Int
    var startedAt: ContinuousClock.Instant
    var duration: Duration
}

/// Told about every finished search, for the usage log. Calls must be quick: they run on the
/// request's path.
protocol SearchObserver: Sendable {
    func searchFinished(_ search: SearchObservation) async
}
