import GRDB

/// Recognizes a Quire store among SQLite databases before anything is written to the file.
enum StoreMarker {
    /// Checks that the SQLite file at `path` is a Quire store or an empty database.
    ///
    /// Uses a read-only connection because opening the store's pool switches the file to WAL mode,
    /// which must never happen to somebody else's database.
    static func verify(path: String) throws(StoreError) {
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            try queue.read { db in
                let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                if applicationID == StoreSchema.applicationID { return }
                if applicationID != 0 {
                    throw StoreError.notAQuireStore(
                        path: path,
                        reason: "its application_id is \(applicationID), not Quire's \(StoreSchema.applicationID)"
                    )
                }
                let tables = try Int.fetchOne(
                    db,
                    sql: "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                ) ?? 0
                if tables > 0 {
                    throw StoreError.notAQuireStore(
                        path: path,
                        reason: "it is an SQLite database with other tables and no Quire marker"
                    )
                }
            }
        } catch {
            throw StoreErrorMapping.map(error, path: path)
        }
    }
}
