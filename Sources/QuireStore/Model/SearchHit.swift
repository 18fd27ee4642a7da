/// One search result: the document, its score (higher is better) and, for text matches, a snippet.
public struct SearchHit: Sendable, Equatable {
    /// The matching document (without raw data).
    public var document: Document
    /// The relevance: cosine similarity (vector), negated BM25 (text) or reciprocal-rank fusion (hybrid).
    public var score: Double
    /// An excerpt around the matched terms with each match wrapped in `**…**`; `nil` for vector-only hits.
    public var snippet: String?

    /// Creates a hit.
    public init(document: Document, score: Double, snippet: String? = nil) {
        self.document = document
        self.score = score
        self.snippet = snippet
    }
}
