import Foundation
import GRDB

/// The writes behind collections, each logged in the caller's transaction like any other write.
enum CollectionWriter {
    /// The columns a membership change touches; only these are rewritten, so large text, vectors
    /// and raw data are neither reloaded nor rewritten when records move.
    static let membershipColumns = ["collection", "collection_id", "collection_id_type", "position", "custom_metadata"]

    /// `document` pointing at `header` at `position`.
    static func attached(_ document: Document, to header: Document, position: Int) -> Document {
        var document = document
        document.collection = header.title
        document.collectionID = header.uuid
        document.collectionIDType = CollectionHeader.idType
        document.position = position
        return document
    }

    /// `document` in no collection.
    static func detached(_ document: Document) -> Document {
        var document = document
        document.collection = nil
        document.collectionID = nil
        document.collectionIDType = nil
        document.position = nil
        return document
    }

    /// Writes the membership columns of `after` over `before` and logs an update; no-op when nothing changed.
    static func rewriteMembership(
        from before: Document, to after: Document, embeddingDimension: Int, at now: Date, in db: Database
    ) throws {
        var after = after
        after.updatedAt = before.updatedAt
        guard after != before else { return }
        after.updatedAt = nextUpdate(after: before.updatedAt, now: now)
        try DocumentValidator.validate(after, embeddingDimension: embeddingDimension)
        let columns = membershipColumns + ["updated_at"]
        let assignments = columns.map { "\($0) = ?" }.joined(separator: ", ")
        var values = try columns.map { try DocumentRowCodec.value(of: $0, in: after) }
        values.append(after.uuid.databaseValue)
        try db.cachedStatement(sql: "UPDATE documents SET \(assignments) WHERE uuid = ?").execute(arguments: StatementArguments(values))
        try ChangeLog.append(.updated, before: before, after: after, at: now, in: db)
    }

    /// Writes a header (or any record) in full and logs an update. `before` must be loaded with raw data.
    static func replace(_ before: Document, with after: Document, embeddingDimension: Int, at now: Date, in db: Database) throws {
        var after = after
        after.updatedAt = nextUpdate(after: before.updatedAt, now: now)
        try DocumentValidator.validate(after, embeddingDimension: embeddingDimension)
        try DocumentRowCodec.update(after, in: db)
        try RelationshipIndex.rewrite(for: after, in: db)
        try ChangeLog.append(.updated, before: before, after: after, at: now, in: db)
    }

    /// Deletes a record and logs it.
    static func delete(_ document: Document, at now: Date, in db: Database) throws {
        try RelationshipIndex.remove(sourceUUID: document.uuid, in: db)
        try db.execute(sql: "DELETE FROM documents WHERE uuid = ?", arguments: [document.uuid])
        try ChangeLog.append(.deleted, before: document, after: nil, at: now, in: db)
    }

    /// Every write moves `updated_at` forward, even two within one millisecond.
    static func nextUpdate(after previous: Date, now: Date) -> Date {
        max(now, Timestamp.truncatedToMilliseconds(previous.addingTimeInterval(0.001)))
    }
}
