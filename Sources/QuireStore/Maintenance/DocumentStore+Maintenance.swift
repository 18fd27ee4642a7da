import Foundation
import GRDB

/// Storage upkeep: sizes, checkpoints, VACUUM and index rebuilds. None of these change a
/// document or the store version.
extension DocumentStore {
    /// The store's files and page figures.
    public func storageFootprint() async throws -> StorageFootprint {
        if let postgres { return try await postgres.storageFootprint() }
        let (pageSize, pageCount, freePages) = try await read { db in
            (
                try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0,
                try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0,
                try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
            )
        }
        return StorageFootprint(
            databaseBytes: Self.fileSize(path),
            walBytes: Self.fileSize(path + "-wal"),
            sharedMemoryBytes: Self.fileSize(path + "-shm"),
            pageSize: pageSize,
            pageCount: pageCount,
            freePages: freePages
        )
    }

    /// Copies the write-ahead log into the database file and truncates it, after waiting for
    /// open reads to finish so nothing holds the log back.
    @discardableResult
    public func checkpoint() async throws -> CheckpointResult {
        // PostgreSQL checkpoints its own WAL; there is no store-level log to copy back.
        if postgres != nil { return CheckpointResult(walFrames: 0, checkpointedFrames: 0) }
        return try await maintenance { db in
            // A truncating checkpoint reports the emptied log (0 frames), so count with a passive one first.
            let (frames, copied) = try db.checkpoint(.passive)
            try db.checkpoint(.truncate)
            return CheckpointResult(walFrames: max(0, frames), checkpointedFrames: max(0, copied))
        }
    }

    /// Lets SQLite refresh its query-planner statistics where they are stale (`PRAGMA optimize`).
    public func optimizeQueryPlanner() async throws {
        if let postgres { return try await postgres.optimizeQueryPlanner() }
        try await maintenance { db in try db.execute(sql: "PRAGMA optimize") }
    }

    /// Rewrites the database file without free pages (`VACUUM`), then checkpoints so the
    /// smaller file is what is left on disk (in WAL mode VACUUM writes through the log).
    public func vacuum() async throws {
        if let postgres { return try await postgres.vacuum() }
        try await maintenance { db in try db.execute(sql: "VACUUM") }
        try await checkpoint()
    }

    /// Rebuilds the full-text index from the documents, then merges its segments into one.
    public func rebuildTextIndex() async throws {
        if let postgres { return try await postgres.rebuildTextIndex() }
        try await write { db in
            try db.execute(sql: "INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
            try db.execute(sql: "INSERT INTO documents_fts(documents_fts) VALUES ('optimize')")
        }
    }

    /// Rebuilds every ordinary index (`REINDEX`).
    public func rebuildIndexes() async throws {
        if let postgres { return try await postgres.rebuildIndexes() }
        try await write { db in try db.execute(sql: "REINDEX") }
    }

    /// The ordinary indexes on the documents and relationship tables.
    public func indexes() async throws -> [StoreIndex] {
        if let postgres { return try await postgres.indexes() }
        return try await read { db in
            var indexes: [StoreIndex] = []
            for table in ["documents", "document_relationships"] {
                for index in try Row.fetchAll(db, sql: "SELECT name, \"unique\" FROM pragma_index_list(?)", arguments: [table]) {
                    let name: String = try index.decode(forColumn: "name")
                    let columns = try Row.fetchAll(
                        db, sql: "SELECT name FROM pragma_index_info(?) ORDER BY seqno", arguments: [name]
                    ).map { row -> String? in try row.decode(forColumn: "name") }
                    indexes.append(StoreIndex(name: name, table: table, columns: columns, isUnique: try index.decode(forColumn: "unique")))
                }
            }
            return indexes.sorted { ($0.table, $0.name) < ($1.table, $1.name) }
        }
    }

    /// Whether SQLite has gathered planner statistics (`ANALYZE` or `PRAGMA optimize` has run).
    public func hasPlannerStatistics() async throws -> Bool {
        if let postgres { return try await postgres.hasPlannerStatistics() }
        return try await read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1')") ?? false
        }
    }

    /// Runs `body` outside a transaction once every open read has finished.
    private func maintenance<T: Sendable>(
        _ operation: String = #function, _ body: @Sendable @escaping (Database) throws -> T
    ) async throws -> T {
        guard !isReadOnly else { throw StoreError.readOnly(path: path) }
        let pool = try sqlitePool(for: operation)
        do {
            return try await pool.barrierWriteWithoutTransaction(body)
        } catch {
            throw StoreErrorMapping.translate(error, path: path)
        }
    }

    private static func fileSize(_ path: String) -> Int64 {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attributes[.size] as? NSNumber
        else { return 0 }
        return size.int64Value
    }
}
