import GRDB

extension DocumentStore {
    /// BM25 column weights for (title, text_content): a word in the title counts twice as much.
    static let titleWeight = 2.0
    static let contentWeight = 1.0

    /// Full-text search over title and text content, best first.
    ///
    /// The query is never handed to FTS5 as syntax: it is cut into words (letters, digits and
    /// combining marks), each searched as a quoted term, OR-combined so a document matching some
    /// words still ranks and BM25 puts those matching more and rarer words first. `"`, `*`, `:`,
    /// `-`, `NEAR(`, `OR` and the like are plain text. A query without any word (e.g. only
    /// punctuation) finds nothing and returns `[]`. At most 32 distinct words are used.
    ///
    /// - Parameters:
    ///   - filter: Only documents matching it are ranked.
    ///   - limit: At most this many hits, 0…``maximumPageSize``.
    /// - Returns: Hits scored by negated BM25 (higher is better), each with a snippet marking
    ///   matches as `**word**`.
    public func textSearch(query: String, filter: Filter? = nil, limit: Int) async throws -> [SearchHit] {
        try Self.checkPage(limit: limit, offset: 0)
        guard let match = FullTextQuery.build(query), limit > 0 else { return [] }
        let condition = try compile(filter)
        return try await read { db in
            let ranked = try Self.textRanking(match: match, condition: condition, depth: limit, in: db)
            let documents = try Self.fetchDocuments(ids: ranked.map(\.id), in: db)
            return try ranked.compactMap { entry in
                try documents[entry.id].map {
                    SearchHit(document: $0, score: entry.score, snippet: try Self.snippet(match: match, id: entry.id, in: db))
                }
            }
        }
    }

    /// The `limit` documents whose embeddings are most cosine-similar to `embedding`, best first.
    ///
    /// Exact cosine top-k over the documents that match `filter` and have an embedding (documents
    /// without one are never returned), found through the in-memory vector index (see
    /// ``VectorIndex``): the same results as brute force over every stored embedding. An all-zero
    /// embedding has no direction, so its document is skipped too.
    ///
    /// - Returns: Hits scored by cosine similarity in -1…1.
    /// - Throws: ``StoreError/embeddingDimensionMismatch(expected:got:)`` when `embedding` has the wrong
    ///   length; ``StoreError/validation(field:message:)`` when it is all zeros or not finite.
    public func vectorSearch(embedding: [Float], filter: Filter? = nil, limit: Int) async throws -> [SearchHit] {
        try Self.checkPage(limit: limit, offset: 0)
        let queryNorm = try checkQueryEmbedding(embedding)
        let condition = try compile(filter)
        guard limit > 0 else { return [] }
        let index = vectorIndex
        return try await read { db in
            let ranked = try Self.vectorRanking(
                embedding, norm: queryNorm, condition: condition, depth: limit, index: index, in: db
            )
            let documents = try Self.fetchDocuments(ids: ranked.map(\.id), in: db)
            return ranked.compactMap { entry in
                documents[entry.id].map { SearchHit(document: $0, score: entry.score) }
            }
        }
    }

    /// Text and vector search fused by reciprocal rank: `score(d) = Σ 1/(60 + rank_i(d))`.
    ///
    /// Each list is fetched `max(50, 2 × limit)` deep with the filter applied; a document in both lists
    /// sums both contributions. Ties go to the better single rank, then to the earlier-added document.
    /// When the query has no searchable word, the result is the vector ranking alone (still RRF-scored).
    ///
    /// - Returns: Hits scored by RRF; the snippet is present when the document matched the text query.
    /// - Throws: As ``vectorSearch(embedding:filter:limit:)``.
    public func hybridSearch(query: String, embedding: [Float], filter: Filter? = nil, limit: Int) async throws -> [SearchHit] {
        try Self.checkPage(limit: limit, offset: 0)
        let queryNorm = try checkQueryEmbedding(embedding)
        let condition = try compile(filter)
        guard limit > 0 else { return [] }
        let depth = max(50, 2 * limit)
        let match = FullTextQuery.build(query)
        let index = vectorIndex
        return try await read { db in
            // The vector scan (memory only) runs on other threads while this one runs the text
            // query in SQLite: on two cores the two rankings overlap instead of adding up.
            let plan = try Self.planVectorRanking(condition: condition, index: index, in: db)
            let scan = match == nil ? nil : plan.start(query: embedding, norm: queryNorm, depth: depth)
            let text = try match.map { try Self.textRanking(match: $0, condition: condition, depth: depth, in: db) } ?? []
            let vector = try Self.finishVectorRanking(
                plan, scan: scan, query: embedding, norm: queryNorm, condition: condition, depth: depth, in: db
            )
            let fused = ReciprocalRankFusion.fuse([text.map(\.id), vector.map(\.id)]).prefix(limit)
            let textIDs = Set(text.map(\.id))
            let documents = try Self.fetchDocuments(ids: fused.map(\.id), in: db)
            return try fused.compactMap { entry in
                guard let document = documents[entry.id] else { return nil }
                // Snippets only for the page returned, and only where the text query matched.
                let snippet = try match.flatMap { textIDs.contains(entry.id) ? try Self.snippet(match: $0, id: entry.id, in: db) : nil }
                return SearchHit(document: document, score: entry.score, snippet: snippet)
            }
        }
    }

    // MARK: - Rankings

    /// A ranked row id with its score.
    struct RankedID: Sendable {
        var id: Int64
        var score: Double
    }

    /// Validates a query embedding and returns its norm.
    private func checkQueryEmbedding(_ embedding: [Float]) throws(StoreError) -> Double {
        guard embedding.count == embeddingDimension else {
            throw StoreError.embeddingDimensionMismatch(expected: embeddingDimension, got: embedding.count)
        }
        guard embedding.allSatisfy(\.isFinite) else {
            throw StoreError.validation(field: "vector", message: "query embedding values must be finite numbers")
        }
        let norm = VectorCodec.norm(embedding)
        guard norm > 0 else {
            throw StoreError.validation(field: "vector", message: "query embedding is all zeros; cosine similarity is undefined")
        }
        return norm
    }

    /// The best `depth` documents for the FTS5 expression `match`, by BM25, ties by row id.
    ///
    /// Only row ids and ranks are computed here: SQLite evaluates every selected column for every
    /// match before sorting, so snippets (which re-tokenize a document) are made afterwards, for
    /// the returned page only (``snippet(match:id:in:)``). Without a filter the documents table is
    /// not joined at all; every FTS row has its document, kept in step by triggers.
    static func textRanking(match: String, condition: CompiledFilter, depth: Int, in db: Database) throws -> [RankedID] {
        // bm25() is lower-is-better; it is negated so every score in the API is higher-is-better.
        let rank = "bm25(documents_fts, \(titleWeight), \(contentWeight))"
        let statement: Statement
        let arguments: StatementArguments
        if condition.isMatchAll {
            statement = try db.cachedStatement(sql: """
                SELECT rowid, \(rank) AS bm25_rank FROM documents_fts
                WHERE documents_fts MATCH ? ORDER BY bm25_rank, rowid LIMIT ?
                """)
            arguments = [match, depth]
        } else {
            statement = try db.makeStatement(sql: """
                SELECT documents_fts.rowid, \(rank) AS bm25_rank
                FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
                WHERE documents_fts MATCH ? AND (\(condition.sql))
                ORDER BY bm25_rank, documents_fts.rowid
                LIMIT ?
                """)
            arguments = StatementArguments([match.databaseValue] + condition.arguments + [depth.databaseValue])
        }
        var ranked: [RankedID] = []
        ranked.reserveCapacity(depth)
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try rows.next() {
            ranked.append(RankedID(id: try row.decode(atIndex: 0), score: -(try row.decode(Double.self, atIndex: 1))))
        }
        return ranked
    }

    /// The snippet of document `id` for the FTS5 expression `match`: matches marked `**…**`,
    /// about 16 tokens around them, `…` where text was cut.
    static func snippet(match: String, id: Int64, in db: Database) throws -> String? {
        // `rowid = ?` makes FTS5 seek each term's postings to that one row.
        try String.fetchOne(
            db.cachedStatement(sql: """
                SELECT snippet(documents_fts, -1, '**', '**', '…', 16) FROM documents_fts
                WHERE documents_fts MATCH ? AND rowid = ?
                """),
            arguments: [match, id]
        )
    }

    /// The documents with these row ids (content loaded, raw data not), keyed by id.
    static func fetchDocuments(ids: [Int64], in db: Database) throws -> [Int64: Document] {
        var documents: [Int64: Document] = [:]
        try KeyLookup.forEachRow(
            "SELECT d.id AS row_id, \(DocumentRowCodec.selectList(.init())) FROM documents d WHERE d.id IN",
            keys: ids, in: db
        ) { row in
            documents[try row.decode(Int64.self, forColumn: "row_id")] = try DocumentRowCodec.decode(row)
        }
        return documents
    }
}

extension CompiledFilter {
    /// Whether this is the condition that keeps every row (no filter was given).
    var isMatchAll: Bool {
        sql == CompiledFilter.matchAll.sql && arguments.isEmpty
    }
}
