import Foundation
import GRDB

/// Appends to, prunes and reads the `usage_log` table.
enum UsageLog {
    /// Inserts `records`, then prunes by age and count, all in the caller's transaction.
    static func append(_ records: [UsageRecord], retention: UsageRetention, now: Date, in db: Database) throws {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO usage_log (kind, tool, principal, started_at, duration_ms, outcome, error_code,
                                   search_type, filter_shape, result_count, provider, prompt_tokens, completion_tokens)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for record in records {
            try insert.execute(arguments: [
                record.kind.rawValue, record.tool, record.principal, Timestamp.format(record.startedAt),
                max(0, record.durationMilliseconds.isFinite ? record.durationMilliseconds : 0),
                record.outcome.rawValue, record.errorCode, record.searchType,
                record.filterShape.isEmpty ? nil : try encodeShape(record.filterShape),
                record.resultCount, record.provider, record.promptTokens, record.completionTokens,
            ])
        }
        try prune(retention: retention, now: now, in: db)
    }

    /// Drops entries older than the retention age, then the oldest beyond the row cap.
    static func prune(retention: UsageRetention, now: Date, in db: Database) throws {
        let cutoff = Timestamp.format(now.addingTimeInterval(-retention.maximumAge))
        try db.cachedStatement(sql: "DELETE FROM usage_log WHERE started_at < ?").execute(arguments: [cutoff])
        // Ids only grow, so the newest `maximumRecords` ids bound the table without counting rows.
        try db.cachedStatement(sql: "DELETE FROM usage_log WHERE id <= (SELECT max(id) FROM usage_log) - ?")
            .execute(arguments: [retention.maximumRecords])
    }

    /// Entries that started in `from..<to` (open ends for `nil`) of the given kinds, oldest first.
    static func records(from: Date?, to: Date?, kinds: Set<UsageRecord.Kind>, in db: Database) throws -> [UsageRecord] {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let from {
            conditions.append("started_at >= ?")
            arguments.append(Timestamp.format(from))
        }
        if let to {
            conditions.append("started_at < ?")
            arguments.append(Timestamp.format(to))
        }
        if kinds.count < UsageRecord.Kind.allCases.count {
            guard !kinds.isEmpty else { return [] }
            conditions.append("kind IN (\(Array(repeating: "?", count: kinds.count).joined(separator: ", ")))")
            arguments.append(contentsOf: kinds.map(\.rawValue).sorted())
        }
        let condition = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT id, kind, tool, principal, started_at, duration_ms, outcome, error_code, search_type,
                       filter_shape, result_count, provider, prompt_tokens, completion_tokens
                FROM usage_log \(condition) ORDER BY started_at, id
                """,
            arguments: StatementArguments(arguments)
        )
        var records: [UsageRecord] = []
        while let row = try rows.next() {
            records.append(try decode(row))
        }
        return records
    }

    /// How many entries there are and the span they cover.
    static func summary(in db: Database) throws -> UsageLogSummary {
        let row = try Row.fetchOne(db, sql: "SELECT count(*) AS n, min(started_at) AS oldest, max(started_at) AS newest FROM usage_log")
        let oldest: String? = try row?.decode(forColumn: "oldest")
        let newest: String? = try row?.decode(forColumn: "newest")
        return UsageLogSummary(
            recordCount: try row?.decode(forColumn: "n") ?? 0,
            oldest: oldest.flatMap(Timestamp.parse),
            newest: newest.flatMap(Timestamp.parse)
        )
    }

    private static func decode(_ row: Row) throws -> UsageRecord {
        let id: Int64 = try row.decode(forColumn: "id")
        let kindText: String = try row.decode(forColumn: "kind")
        let outcomeText: String = try row.decode(forColumn: "outcome")
        let startedText: String = try row.decode(forColumn: "started_at")
        let shapeText: String? = try row.decode(forColumn: "filter_shape")
        guard let kind = UsageRecord.Kind(rawValue: kindText),
              let outcome = UsageRecord.Outcome(rawValue: outcomeText),
              let startedAt = Timestamp.parse(startedText)
        else {
            throw StoreError.database(message: "usage log entry \(id) is malformed")
        }
        return UsageRecord(
            kind: kind,
            tool: try row.decode(forColumn: "tool"),
            principal: try row.decode(forColumn: "principal"),
            startedAt: startedAt,
            durationMilliseconds: try row.decode(forColumn: "duration_ms"),
            outcome: outcome,
            errorCode: try row.decode(forColumn: "error_code"),
            searchType: try row.decode(forColumn: "search_type"),
            filterShape: try shapeText.map(decodeShape) ?? [],
            resultCount: try row.decode(forColumn: "result_count"),
            provider: try row.decode(forColumn: "provider"),
            promptTokens: try row.decode(forColumn: "prompt_tokens"),
            completionTokens: try row.decode(forColumn: "completion_tokens")
        )
    }

    private static func encodeShape(_ shape: [String]) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: shape)
        return String(decoding: data, as: UTF8.self)
    }

    private static func decodeShape(_ text: String) throws -> [String] {
        guard let shape = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String] else {
            throw StoreError.database(message: "usage log holds a malformed filter shape")
        }
        return shape
    }
}
