import Foundation
import GRDB

/// Full-text, vector and hybrid search on PostgreSQL.
///
/// Text: the query's words (``FullTextQuery/words(in:)``, exactly as on SQLite), folded like the
/// indexed text (``PostgresSearchText``), each become a bound `plainto_tsquery('simple', word)`,
/// OR-combined, matched against the `search` column (GIN index) and ranked by `ts_rank_cd` with title words weighing twice content words.
/// Vector: exact cosine similarity in Double over every embedding the filter keeps, streamed from
/// the table and scored in process — the same arithmetic as SQLite's, so scores and ties agree.
/// Hybrid: both rankings fused by ``ReciprocalRankFusion``, as on SQLite.
extension PostgresStore {
    /// A ranked row id with its score.
    typealias RankedID = DocumentStore.RankedID

    /// Text hits, best first, with snippets.
    func textSearch(words: [String], condition: CompiledFilter, limit: Int) async throws -> [SearchHit] {
        try await read { session in
            let ranked = try await Self.textRanking(words: words, condition: condition, depth: limit, in: session)
            let documents = try await PostgresDocumentCodec.fetch(ids: ranked.map(\.id), in: session)
            var hits: [SearchHit] = []
            for entry in ranked {
                guard let document = documents[entry.id] else { continue }
                let snippet = try await Self.snippet(words: words, id: entry.id, in: session)
                hits.append(SearchHit(document: document, score: entry.score, snippet: snippet))
            }
            return hits
        }
    }

    /// Vector hits, best first.
    func vectorSearch(_ query: [Float], norm: Double, condition: CompiledFilter, limit: Int) async throws -> [SearchHit] {
        try await read { session in
            let ranked = try await Self.vectorRanking(query, norm: norm, condition: condition, depth: limit, in: session)
            let documents = try await PostgresDocumentCodec.fetch(ids: ranked.map(\.id), in: session)
            return ranked.compactMap { entry in documents[entry.id].map { SearchHit(document: $0, score: entry.score) } }
        }
    }

    /// Text and vector rankings, each `depth` deep, fused by reciprocal rank.
    func hybridSearch(words: [String], query: [Float], norm: Double, condition: CompiledFilter, limit: Int, depth: Int) async throws -> [SearchHit] {
        try await read { session in
            let text = words.isEmpty ? [] : try await Self.textRanking(words: words, condition: condition, depth: depth, in: session)
            let vector = try await Self.vectorRanking(query, norm: norm, condition: condition, depth: depth, in: session)
            let fused = ReciprocalRankFusion.fuse([text.map(\.id), vector.map(\.id)]).prefix(limit)
            let textIDs = Set(text.map(\.id))
            let documents = try await PostgresDocumentCodec.fetch(ids: fused.map(\.id), in: session)
            var hits: [SearchHit] = []
            for entry in fused {
                guard let document = documents[entry.id] else { continue }
                let snippet = textIDs.contains(entry.id) ? try await Self.snippet(words: words, id: entry.id, in: session) : nil
                hits.append(SearchHit(document: document, score: entry.score, snippet: snippet))
            }
            return hits
        }
    }

    // MARK: Rankings

    /// `(plainto_tsquery('simple', ?) || …)` for `words`, with the words as bound values.
    static func tsquery(_ words: [String]) -> (sql: String, arguments: [DatabaseValue]) {
        let sql = "(" + Array(repeating: "plainto_tsquery('simple', ?)", count: words.count).joined(separator: " || ") + ")"
        return (sql, words.map { PostgresSearchText.fold($0).databaseValue })
    }

    /// The best `depth` documents for `words` by `ts_rank_cd`, ties by row id (insertion order).
    static func textRanking(words: [String], condition: CompiledFilter, depth: Int, in session: PostgresSession) async throws -> [RankedID] {
        let query = tsquery(words)
        // Weights are {D, C, B, A}: content (B) counts half as much as title (A).
        return try await session.rows(
            """
            SELECT d.id, ts_rank_cd('{0, 0, 0.5, 1}'::float4[], d.search, q.query)::float8 AS rank
            FROM documents d, (SELECT \(query.sql) AS query) q
            WHERE d.search @@ q.query AND (\(condition.sql))
            ORDER BY rank DESC, d.id
            LIMIT ?
            """,
            query.arguments + condition.arguments + [depth.databaseValue]
        ).map { RankedID(id: try $0.value("id"), score: try $0.value("rank")) }
    }

    /// The snippet of document `id` for `words`: matches marked `**…**`, about 16 words around
    /// them from the content (or the title when only it matched), `…` where text was cut.
    static func snippet(words: [String], id: Int64, in session: PostgresSession) async throws -> String? {
        guard !words.isEmpty else { return nil }
        let query = tsquery(words)
        let options = "StartSel=**, StopSel=**, MaxWords=16, MinWords=6, ShortWord=0"
        guard let row = try await session.rows(
            """
            SELECT s.source, ts_headline('simple', s.source, q.query, '\(options)') AS headline
            FROM documents d, (SELECT \(query.sql) AS query) q,
                 LATERAL (SELECT CASE WHEN ts_filter(d.search, '{b}') @@ q.query
                                      THEN d.text_content ELSE d.title END AS source) s
            WHERE d.id = ?
            """,
            query.arguments + [id.databaseValue]
        ).first else { return nil }
        guard let source = try row.value("source", as: String?.self), let headline = try row.value("headline", as: String?.self) else {
            return nil
        }
        let plain = headline.replacingOccurrences(of: "**", with: "")
        let trimmedSource = source.trimmingCharacters(in: .whitespacesAndNewlines)
        return (trimmedSource.hasPrefix(plain.prefix(24)) ? "" : "…") + headline + (trimmedSource.hasSuffix(plain.suffix(24)) ? "" : "…")
    }

    /// The best `depth` documents by exact cosine similarity, streaming the embeddings `condition` keeps.
    static func vectorRanking(_ query: [Float], norm: Double, condition: CompiledFilter, depth: Int, in session: PostgresSession) async throws -> [RankedID] {
        var best = TopK<Int64>(capacity: depth)
        try await session.forEachRow(
            "SELECT d.id, d.vector, d.vector_norm FROM documents d WHERE d.vector IS NOT NULL AND (\(condition.sql))",
            condition.arguments
        ) { row in
            let storedNorm = try row.value("vector_norm", as: Double?.self) ?? 0
            guard storedNorm > 0, let data = try row.value("vector", as: Data?.self) else { return }
            let dot = data.withUnsafeBytes { VectorCodec.dot(query, storedBytes: $0) }
            guard let dot else { return }
            best.insert(score: dot / (storedNorm * norm), id: try row.value("id"))
        }
        return best.sorted().map { RankedID(id: $0.id, score: $0.score) }
    }
}
