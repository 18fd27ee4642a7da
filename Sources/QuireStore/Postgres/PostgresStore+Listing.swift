import Foundation
import GRDB

/// Listing, counting and the store's figures on PostgreSQL.
extension PostgresStore {
    /// A page of documents matching `condition` (compiled for PostgreSQL), plus the total count.
    func list(condition: CompiledFilter, orderBy: [SortKey], limit: Int, offset: Int, includeContent: Bool) async throws -> ([Document], Int) {
        let order = try Self.orderClause(orderBy)
        let columns = PostgresDocumentCodec.selectList(.init(content: includeContent, rawData: false))
        return try await read { session in
            let total = try await session.scalar(
                Int64.self, "SELECT count(*) FROM documents d WHERE \(condition.sql)", condition.arguments
            ) ?? 0
            let documents = try await session.rows(
                "SELECT \(columns) FROM documents d WHERE \(condition.sql) ORDER BY \(order) LIMIT ? OFFSET ?",
                condition.arguments + [limit.databaseValue, offset.databaseValue]
            ).map(PostgresDocumentCodec.decode)
            return (documents, Int(total))
        }
    }

    /// How many documents match `condition`.
    func count(condition: CompiledFilter) async throws -> Int {
        try await read { session in
            Int(try await session.scalar(Int64.self, "SELECT count(*) FROM documents d WHERE \(condition.sql)", condition.arguments) ?? 0)
        }
    }

    /// The ORDER BY clause, sorting NULLs as SQLite does (first when ascending, last when descending).
    static func orderClause(_ keys: [SortKey]) throws(StoreError) -> String {
        let sqlite = try DocumentStore.orderClause(keys)
        return sqlite.split(separator: ",").map { term in
            let term = term.trimmingCharacters(in: .whitespaces)
            return term + (term.hasSuffix(" DESC") ? " NULLS LAST" : " NULLS FIRST")
        }.joined(separator: ", ")
    }

    /// The last change sequence number.
    func version() async throws -> Int {
        try await read { session in try await PostgresChangeLog.version(in: session) }
    }

    /// Figures about the store, read in one snapshot.
    func info(embeddingDimension: Int) async throws -> StoreInfo {
        let path = location.description
        return try await read { session in
            let totals = try await session.rows("""
                SELECT count(*) AS total, count(vector) AS embedded,
                       coalesce(avg(coalesce(length(text_content), 0)), 0)::float8 AS average_length
                FROM documents
                """).first
            var recordTypes: [RecordType: Int] = [:]
            for row in try await session.rows("SELECT record_type, count(*) AS n FROM documents GROUP BY record_type") {
                if let type = RecordType(rawValue: try row.value("record_type")) {
                    recordTypes[type] = Int(try row.value("n", as: Int64.self))
                }
            }
            return StoreInfo(
                path: path,
                totalDocuments: Int(try totals?.value("total", as: Int64.self) ?? 0),
                version: try await PostgresChangeLog.version(in: session),
                embeddingDimension: embeddingDimension,
                recordTypeCounts: recordTypes,
                documentsWithEmbeddings: Int(try totals?.value("embedded", as: Int64.self) ?? 0),
                averageContentLength: try totals?.value("average_length", as: Double.self) ?? 0
            )
        }
    }

    /// Uuids in `lower..<upper`, in order, at most `limit`.
    func uuids(from lower: String, below upper: String, limit: Int) async throws -> [String] {
        try await read { session in
            try await session.rows(
                "SELECT uuid FROM documents WHERE uuid >= ? AND uuid < ? ORDER BY uuid LIMIT ?",
                [lower.databaseValue, upper.databaseValue, limit.databaseValue]
            ).map { try $0.value("uuid") }
        }
    }

    /// Change-log entries after `seq`.
    func changes(after seq: Int, limit: Int) async throws -> [Change] {
        try await read { session in try await PostgresChangeLog.entries(after: seq, limit: limit, in: session) }
    }

    /// Relationships pointing at `target`.
    func relationships(targeting target: String) async throws -> [RelationshipLink] {
        try await read { session in try await PostgresChangeLog.links(targeting: target, in: session) }
    }

    /// Which of `rows` (``DocumentRowCodec/values(_:)`` of each document) `condition` keeps, by index.
    ///
    /// The documents are bound as a VALUES list typed like the table's columns, so the same compiled
    /// condition decides as for stored documents.
    func matching(_ rows: [[DatabaseValue]], condition: CompiledFilter) async throws -> Set<Int> {
        let columns = StoreSchema.documentColumns + ["vector_norm"]
        // PostgreSQL takes up to 65,535 parameters per statement; stay well under it.
        let perQuery = max(1, 30_000 / (columns.count + 1))
        // Every row casts every value: a VALUES column takes one type across rows.
        let row = "(?::int8, " + columns.map { column in
            switch column {
            case _ where PostgresDocumentCodec.jsonColumns.contains(column): return "?::jsonb"
            case "vector", "raw_data": return "?::bytea"
            case "position": return "?::int8"
            case "vector_norm": return "?::float8"
            default: return "?::text"
            }
        }.joined(separator: ", ") + ")"
        var matched = Set<Int>()
        for start in stride(from: 0, to: rows.count, by: perQuery) {
            let slice = start..<min(start + perQuery, rows.count)
            let values = Array(repeating: row, count: slice.count).joined(separator: ", ")
            var arguments: [DatabaseValue] = []
            for index in slice {
                arguments.append(index.databaseValue)
                arguments.append(contentsOf: rows[index])
            }
            let sql = """
                SELECT quire_ordinal FROM (VALUES \(values)) AS d(quire_ordinal, \(columns.joined(separator: ", ")))
                WHERE \(condition.sql)
                """
            let bound = arguments + condition.arguments
            let found = try await read { session in
                try await session.rows(sql, bound).map { Int(try $0.value("quire_ordinal", as: Int64.self)) }
            }
            matched.formUnion(found)
        }
        return matched
    }
}
