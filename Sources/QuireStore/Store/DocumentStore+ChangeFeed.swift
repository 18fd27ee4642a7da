import Foundation
import GRDB

extension DocumentStore {
    /// Waits until the store version passes `version`, for at most `timeout`, and returns the
    /// version then. Writes by this process wake the wait at once; writes by other processes
    /// sharing the file are seen within `pollInterval` (on PostgreSQL at once, through NOTIFY).
    public func waitForChanges(after version: Int, timeout: Duration, pollInterval: Duration = .seconds(1)) async throws -> Int {
        postgres?.changeListener.start()
        let deadline = ContinuousClock.now + timeout
        while true {
            let current = try await storeVersion()
            let remaining = deadline - ContinuousClock.now
            if current > version || remaining <= .zero || Task.isCancelled { return current }
            await changeSignal.wait(upTo: min(remaining, pollInterval))
        }
    }

    /// Whether each of `documents` matches `filter`, with exactly the semantics of ``list(filter:orderBy:limit:offset:includeContent:)``.
    ///
    /// The documents need not be stored (change-log snapshots of deleted records, say): they are
    /// bound as parameters into one query, so the same compiled SQL decides.
    public func matches(_ filter: Filter, documents: [Document]) async throws -> [Bool] {
        guard !documents.isEmpty else { return [] }
        let compiled = try compile(filter)
        var rows: [[DatabaseValue]] = []
        for document in documents { rows.append(try DocumentRowCodec.values(document)) }
        if let postgres {
            let matched = try await postgres.matching(rows, condition: compiled)
            return documents.indices.map { matched.contains($0) }
        }
        let columns = StoreSchema.documentColumns + ["vector_norm"]
        // SQLite allows 32,766 parameters; stay well under it per query.
        let perQuery = max(1, 20_000 / (columns.count + 1))
        var matched = Set<Int>()
        for start in stride(from: 0, to: rows.count, by: perQuery) {
            let slice = start..<min(start + perQuery, rows.count)
            let select = "SELECT ? AS quire_ordinal, " + columns.map { "? AS \($0)" }.joined(separator: ", ")
            let union = Array(repeating: select, count: slice.count).joined(separator: " UNION ALL ")
            var arguments: [DatabaseValue] = []
            for index in slice {
                arguments.append(index.databaseValue)
                arguments.append(contentsOf: rows[index])
            }
            arguments.append(contentsOf: compiled.arguments)
            let sql = "SELECT quire_ordinal FROM (\(union)) AS d WHERE \(compiled.sql)"
            let bound = StatementArguments(arguments)
            let found = try await read { db in
                try Int.fetchAll(db, sql: sql, arguments: bound)
            }
            matched.formUnion(found)
        }
        return documents.indices.map { matched.contains($0) }
    }
}
