import Foundation
import GRDB

/// The writes behind collections on PostgreSQL, each logged in the caller's transaction
/// (``CollectionWriter`` in PostgreSQL's SQL; the document rules are shared).
enum PostgresCollectionWriter {
    /// Writes the membership columns of `after` over `before` and logs an update; no-op when nothing changed.
    static func rewriteMembership(
        from before: Document, to after: Document, embeddingDimension: Int, at now: Date, in session: PostgresSession
    ) async throws {
        var after = after
        after.updatedAt = before.updatedAt
        guard after != before else { return }
        after.updatedAt = CollectionWriter.nextUpdate(after: before.updatedAt, now: now)
        try DocumentValidator.validate(after, embeddingDimension: embeddingDimension)
        try await PostgresDocumentCodec.update(columns: CollectionWriter.membershipColumns + ["updated_at"], of: after, in: session)
        try await PostgresChangeLog.append(.updated, before: before, after: after, at: now, in: session)
    }

    /// Writes a header (or any record) in full and logs an update. `before` must be loaded with raw data.
    static func replace(_ before: Document, with after: Document, embeddingDimension: Int, at now: Date, in session: PostgresSession) async throws {
        var after = after
        after.updatedAt = CollectionWriter.nextUpdate(after: before.updatedAt, now: now)
        try DocumentValidator.validate(after, embeddingDimension: embeddingDimension)
        try await PostgresDocumentCodec.update(after, in: session)
        try await PostgresChangeLog.rewriteRelationships(for: after, in: session)
        try await PostgresChangeLog.append(.updated, before: before, after: after, at: now, in: session)
    }

    /// Deletes a record (its relationship rows go with it) and logs it.
    static func delete(_ document: Document, at now: Date, in session: PostgresSession) async throws {
        try await session.execute("DELETE FROM documents WHERE uuid = ?", [document.uuid.databaseValue])
        try await PostgresChangeLog.append(.deleted, before: document, after: nil, at: now, in: session)
    }
}
