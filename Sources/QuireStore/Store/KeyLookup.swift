import GRDB

/// Runs `… WHERE key IN (…)` queries for lists of keys with cached statements.
///
/// A list of n keys would need its own SQL text for each n, compiled afresh every time (tens of
/// microseconds, a large share of a search that returns 10 documents). The placeholder count is
/// rounded up to a power of two (8…512) and the extra slots repeat the last key, which `IN`
/// ignores, so a connection caches at most seven statements per query.
enum KeyLookup {
    /// Keys per statement; well below SQLite's bound-parameter limit.
    static let chunkSize = 512

    /// Calls `body` with every row of `selectUpToIn` (SQL ending in `IN`) for `keys`, in chunks.
    static func forEachRow(
        _ selectUpToIn: String,
        keys: [some DatabaseValueConvertible],
        in db: Database,
        _ body: (Row) throws -> Void
    ) throws {
        for start in stride(from: 0, to: keys.count, by: chunkSize) {
            let chunk = keys[start..<min(start + chunkSize, keys.count)]
            var width = 8
            while width < chunk.count { width *= 2 }
            let placeholders = Array(repeating: "?", count: width).joined(separator: ", ")
            let statement = try db.cachedStatement(sql: "\(selectUpToIn) (\(placeholders))")
            var values = chunk.map(\.databaseValue)
            if let last = values.last {
                values += Array(repeating: last, count: width - values.count)
            }
            let rows = try Row.fetchCursor(statement, arguments: StatementArguments(values))
            while let row = try rows.next() {
                try body(row)
            }
        }
    }
}
