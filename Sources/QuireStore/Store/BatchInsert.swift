import Foundation
import GRDB

/// Inserts new documents in bulk, full-text indexing them once for the whole batch.
///
/// Row by row, SQLite would make FTS5 flush after every document (see
/// `StoreSchema.makeFullTextInsertDeferrable`); here the indexing trigger stands aside while the
/// documents go in, then each is added to `documents_fts` with the same values the trigger would
/// use. All of it runs in the caller's transaction, so a failure leaves nothing behind.
enum BatchInsert {
    /// Inserts `documents` (checked by ``DocumentStore/prepareForAdd(_:now:)``) and logs each as created.
    static func insert(_ documents: [Document], at now: Date, in db: Database) throws {
        guard documents.count > 1 else {
            // One document gains nothing from deferring; the trigger indexes it.
            for document in documents { try insertRow(document, at: now, in: db) }
            return
        }
        try db.cachedStatement(sql: "INSERT INTO quire_fts_deferral (active) VALUES (1)").execute()
        var rowIDs: [Int64] = []
        rowIDs.reserveCapacity(documents.count)
        for document in documents {
            rowIDs.append(try insertRow(document, at: now, in: db))
        }
        try db.cachedStatement(sql: "DELETE FROM quire_fts_deferral").execute()
        let index = try db.cachedStatement(sql: "INSERT INTO documents_fts (rowid, title, text_content) VALUES (?, ?, ?)")
        for (document, rowID) in zip(documents, rowIDs) {
            try index.execute(arguments: [rowID, document.title, document.textContent])
        }
    }

    /// Inserts one document with its relationships and change-log entry; returns its row id.
    @discardableResult
    private static func insertRow(_ document: Document, at now: Date, in db: Database) throws -> Int64 {
        let exists = try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM documents WHERE uuid = ?)"),
            arguments: [document.uuid]
        ) ?? false
        if exists { throw StoreError.duplicate(uuid: document.uuid) }
        try DocumentRowCodec.insert(document, into: db)
        let rowID = db.lastInsertedRowID
        // A new uuid has no relationship rows: deleting a document removes its rows.
        try RelationshipIndex.insert(for: document, in: db)
        try ChangeLog.append(.created, before: nil, after: document, at: now, in: db)
        return rowID
    }
}
