import Foundation
import GRDB
import Testing
@testable import QuireStore

@Suite("Batch insert and search equivalence")
struct BatchInsertTests {
    static let words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
                        "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon"]

    /// Documents of random words (seeded), so BM25 scores vary and tie.
    static func corpus(_ count: Int, seed: UInt64) -> [Document] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { index in
            let length = Int.random(in: 3..<60, using: &random)
            let text = (0..<length).map { _ in words[Int.random(in: 0..<words.count, using: &random)] }.joined(separator: " ")
            let title = (0..<2).map { _ in words[Int.random(in: 0..<words.count, using: &random)] }.joined(separator: " ")
            return Document(title: "\(title) \(index)", textContent: index % 9 == 0 ? nil : text,
                            tags: [index % 3 == 0 ? "third" : "rest"])
        }
    }

    /// The text ranking as the store computed it before ranking and snippets were split: one query
    /// with the snippet inline and the documents table joined.
    static func reference(_ store: DocumentStore, _ query: String, filter: Filter?, limit: Int) async throws
        -> [(uuid: String, score: Double, snippet: String?)]
    {
        guard let match = FullTextQuery.build(query) else { return [] }
        let condition = try FilterCompiler.compile(filter)
        return try await store.pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT d.uuid, bm25(documents_fts, 2.0, 1.0) AS bm25_rank,
                           snippet(documents_fts, -1, '**', '**', '…', 16) AS snippet
                    FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
                    WHERE documents_fts MATCH ? AND (\(condition.sql))
                    ORDER BY bm25_rank, d.id LIMIT ?
                    """,
                arguments: StatementArguments([match.databaseValue] + condition.arguments + [limit.databaseValue])
            ).map { row in (uuid: row["uuid"], score: -(row["bm25_rank"] as Double), snippet: row["snippet"]) }
        }
    }

    @Test func batchesAreIndexedExactlyLikeSingleInserts() async throws {
        try await withTemporaryDirectory { directory in
            let options = StoreOptions(embeddingDimension: 4)
            let batched = try DocumentStore.open(path: directory + "/batched.db", options: options)
            let single = try DocumentStore.open(path: directory + "/single.db", options: options)
            let documents = Self.corpus(300, seed: 3)
            _ = try await batched.add(Array(documents.prefix(150)))
            _ = try await batched.add(Array(documents.dropFirst(150)))
            for document in documents { _ = try await single.add(document) }
            // A writer that bypasses the store (another tool, an older build) is still indexed.
            for store in [batched, single] {
                try await store.pool.write { db in
                    try db.execute(sql: """
                        INSERT INTO documents (uuid, title, text_content, created_at, updated_at)
                        VALUES ('00000000-0000-4000-8000-00000000abcd', 'outsider', 'alpha omega',
                                '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z')
                        """)
                }
                #expect(try await store.textSearch(query: "omega", limit: 5).map(\.document.title) == ["outsider"])
            }

            for store in [batched, single] {
                // The check runs as a write statement, though it changes nothing.
                try await store.pool.write { db in
                    // FTS5's own consistency check against the documents table.
                    try db.execute(sql: "INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)")
                    #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM quire_fts_deferral") == 0)
                }
            }
            let third = Filter.compare(.field(.tags), .any, .list([.string("third")]))
            for (query, filter) in [("alpha", nil), ("beta gamma delta", nil), ("kappa", third), ("zeta pi", third)]
                as [(String, Filter?)] {
                let fromBatch = try await batched.textSearch(query: query, filter: filter, limit: 40)
                let fromSingle = try await single.textSearch(query: query, filter: filter, limit: 40)
                #expect(fromBatch.map(\.document.title) == fromSingle.map(\.document.title))
                #expect(fromBatch.map(\.score) == fromSingle.map(\.score))
                // Ranking, scores and snippets equal the one-query form they replaced.
                let expected = try await Self.reference(batched, query, filter: filter, limit: 40)
                #expect(fromBatch.map(\.document.uuid) == expected.map(\.uuid))
                #expect(fromBatch.map(\.score) == expected.map(\.score))
                #expect(fromBatch.map(\.snippet) == expected.map(\.snippet))
            }
        }
    }

    @Test func aFailedBatchLeavesNothingBehind() async throws {
        try await withStore(dimension: 4) { (store) async throws in
            let existing = try await store.add(Document(title: "alpha first"))
            var batch = Self.corpus(20, seed: 4)
            batch[12].uuid = existing.uuid
            let error = await storeError { _ = try await store.add(batch) }
            #expect(error == .duplicate(uuid: existing.uuid))
            #expect(try await store.count() == 1)
            try await store.pool.write { db in
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM quire_fts_deferral") == 0)
                try db.execute(sql: "INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)")
            }
            // The trigger is active again for the next single insert.
            _ = try await store.add(Document(title: "omega later"))
            #expect(try await store.textSearch(query: "omega", limit: 5).count == 1)
        }
    }
}
