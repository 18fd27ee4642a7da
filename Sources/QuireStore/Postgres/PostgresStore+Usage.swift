import Foundation
import GRDB
import PostgresNIO

/// The usage log on PostgreSQL: the same rows and pruning as ``UsageLog`` on SQLite.
extension PostgresStore {
    func appendUsage(_ records: [UsageRecord], retention: UsageRetention, now: Date) async throws {
        var values: [DatabaseValue] = []
        for record in records {
            values += [
                record.kind.rawValue.databaseValue, record.tool.databaseValue, record.principal.databaseValue,
                Timestamp.format(record.startedAt).databaseValue,
                max(0, record.durationMilliseconds.isFinite ? record.durationMilliseconds : 0).databaseValue,
                record.outcome.rawValue.databaseValue, record.errorCode.databaseValue, record.searchType.databaseValue,
                (record.filterShape.isEmpty ? nil : try Self.encodeShape(record.filterShape)).databaseValue,
                record.resultCount.databaseValue, record.provider.databaseValue, record.promptTokens.databaseValue,
                record.completionTokens.databaseValue,
            ]
        }
        let row = "(?, ?, ?, ?, ?::float8, ?, ?::int8, ?, ?, ?::int8, ?, ?::int8, ?::int8)"
        let rows = Array(repeating: row, count: records.count).joined(separator: ", ")
        let cutoff = Timestamp.format(now.addingTimeInterval(-retention.maximumAge))
        let insert = values
        // Usage rows never touch documents or the change log: no write lock needed.
        try await transactionWithoutWriteLock { session in
            try await session.execute(
                """
                INSERT INTO usage_log (kind, tool, principal, started_at, duration_ms, outcome, error_code,
                                       search_type, filter_shape, result_count, provider, prompt_tokens, completion_tokens)
                VALUES \(rows)
                """,
                insert
            )
            try await session.execute("DELETE FROM usage_log WHERE started_at < ?", [cutoff.databaseValue])
            try await session.execute(
                "DELETE FROM usage_log WHERE id <= (SELECT max(id) FROM usage_log) - ?", [retention.maximumRecords.databaseValue]
            )
        }
    }

    func usageRecords(from: Date?, to: Date?, kinds: Set<UsageRecord.Kind>) async throws -> [UsageRecord] {
        var conditions: [String] = []
        var arguments: [DatabaseValue] = []
        if let from {
            conditions.append("started_at >= ?")
            arguments.append(Timestamp.format(from).databaseValue)
        }
        if let to {
            conditions.append("started_at < ?")
            arguments.append(Timestamp.format(to).databaseValue)
        }
        if kinds.count < UsageRecord.Kind.allCases.count {
            guard !kinds.isEmpty else { return [] }
            conditions.append("kind IN (\(Array(repeating: "?", count: kinds.count).joined(separator: ", ")))")
            arguments.append(contentsOf: kinds.map(\.rawValue).sorted().map(\.databaseValue))
        }
        let condition = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let bound = arguments
        return try await read { session in
            try await session.rows(
                """
                SELECT id, kind, tool, principal, started_at, duration_ms, outcome, error_code, search_type,
                       filter_shape, result_count, provider, prompt_tokens, completion_tokens
                FROM usage_log \(condition) ORDER BY started_at, id
                """,
                bound
            ).map(Self.usageRecord(from:))
        }
    }

    func usageSummary() async throws -> UsageLogSummary {
        try await read { session in
            let row = try await session.rows("SELECT count(*) AS n, min(started_at) AS oldest, max(started_at) AS newest FROM usage_log").first
            let oldest = try row?.value("oldest", as: String?.self)
            let newest = try row?.value("newest", as: String?.self)
            return UsageLogSummary(
                recordCount: Int(try row?.value("n", as: Int64.self) ?? 0),
                oldest: oldest.flatMap(Timestamp.parse),
                newest: newest.flatMap(Timestamp.parse)
            )
        }
    }

    private static func usageRecord(from row: PostgresRandomAccessRow) throws -> UsageRecord {
        let id = try row.value("id", as: Int64.self)
        let shapeText = try row.value("filter_shape", as: String?.self)
        guard let kind = UsageRecord.Kind(rawValue: try row.value("kind")),
              let outcome = UsageRecord.Outcome(rawValue: try row.value("outcome")),
              let startedAt = Timestamp.parse(try row.value("started_at"))
        else {
            throw StoreError.database(message: "usage log entry \(id) is malformed")
        }
        func integer(_ column: String) throws -> Int? { try row.value(column, as: Int64?.self).map { Int($0) } }
        return UsageRecord(
            kind: kind,
            tool: try row.value("tool"),
            principal: try row.value("principal"),
            startedAt: startedAt,
            durationMilliseconds: try row.value("duration_ms"),
            outcome: outcome,
            errorCode: try integer("error_code"),
            searchType: try row.value("search_type"),
            filterShape: try shapeText.map(decodeShape) ?? [],
            resultCount: try integer("result_count"),
            provider: try row.value("provider"),
            promptTokens: try integer("prompt_tokens"),
            completionTokens: try integer("completion_tokens")
        )
    }

    private static func encodeShape(_ shape: [String]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: shape), as: UTF8.self)
    }

    private static func decodeShape(_ text: String) throws -> [String] {
        guard let shape = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String] else {
            throw StoreError.database(message: "usage log holds a malformed filter shape")
        }
        return shape
    }
}
