import Foundation
import GRDB
import PostgresNIO

/// The change log and relationship rows on PostgreSQL: the same rows as ``ChangeLog`` and
/// ``RelationshipIndex`` write on SQLite, from the same snapshots.
enum PostgresChangeLog {
    /// Records one change under the next sequence number; call inside a write transaction (which
    /// holds the store's write lock, so numbers are issued in commit order).
    static func append(_ type: ChangeType, before: Document?, after: Document?, at timestamp: Date, in session: PostgresSession) async throws {
        guard let subject = after ?? before else { return }
        let resourceType: ChangeResourceType = subject.recordType == .collectionHeader ? .collection : .document
        try await session.execute(
            """
            WITH next AS (UPDATE change_counter SET seq = seq + 1 RETURNING seq)
            INSERT INTO changes (seq, timestamp, type, resource_type, resource_id, before, after)
            SELECT next.seq, ?, ?, ?, ?, ?, ? FROM next
            """,
            [
                Timestamp.format(timestamp).databaseValue, type.rawValue.databaseValue, resourceType.rawValue.databaseValue,
                subject.uuid.databaseValue, try before.map(DocumentJSON.snapshot).databaseValue,
                try after.map(DocumentJSON.snapshot).databaseValue,
            ]
        )
    }

    /// The store version: the last sequence number issued, 0 before the first write.
    static func version(in session: PostgresSession) async throws -> Int {
        Int(try await session.scalar(Int64.self, "SELECT seq FROM change_counter") ?? 0)
    }

    /// Entries with `seq` greater than `after`, oldest first, at most `limit`.
    static func entries(after: Int, limit: Int, in session: PostgresSession) async throws -> [Change] {
        try await session.rows(
            """
            SELECT seq, timestamp, type, resource_type, resource_id, before, after
            FROM changes WHERE seq > ? ORDER BY seq LIMIT ?
            """,
            [after.databaseValue, limit.databaseValue]
        ).map { row in
            let seq = Int(try row.value("seq", as: Int64.self))
            guard let timestamp = Timestamp.parse(try row.value("timestamp", as: String.self)),
                  let type = ChangeType(rawValue: try row.value("type", as: String.self)),
                  let resourceType = ChangeResourceType(rawValue: try row.value("resource_type", as: String.self))
            else {
                throw StoreError.database(message: "change \(seq) is malformed")
            }
            return Change(
                seq: seq, timestamp: timestamp, type: type, resourceType: resourceType,
                resourceID: try row.value("resource_id"), before: try row.value("before"), after: try row.value("after")
            )
        }
    }

    // MARK: Relationship rows

    /// Replaces the relationship rows of `document` with its current relationships.
    static func rewriteRelationships(for document: Document, in session: PostgresSession) async throws {
        try await session.execute("DELETE FROM document_relationships WHERE source_uuid = ?", [document.uuid.databaseValue])
        try await insertRelationships(for: document, in: session)
    }

    /// Adds the relationship rows of a document that has none yet, in one statement.
    static func insertRelationships(for document: Document, in session: PostgresSession) async throws {
        guard !document.relationships.isEmpty else { return }
        var values: [DatabaseValue] = []
        for (ordinal, relationship) in document.relationships.enumerated() {
            values += [
                document.uuid.databaseValue, ordinal.databaseValue, relationship.type.rawValue.databaseValue,
                RelationshipIndex.indexedID(relationship.id).databaseValue, relationship.uri.databaseValue,
                relationship.path.databaseValue, relationship.cid.databaseValue, relationship.title.databaseValue,
                relationship.description.databaseValue,
            ]
        }
        let row = "(?, ?, ?, ?, ?, ?, ?, ?, ?)"
        try await session.execute(
            """
            INSERT INTO document_relationships
                (source_uuid, ordinal, type, target_id, target_uri, target_path, target_cid, title, description)
            VALUES \(Array(repeating: row, count: document.relationships.count).joined(separator: ", "))
            """,
            values
        )
    }

    /// Every relationship whose id, uri, path or cid equals `target`, ordered by source and ordinal.
    static func links(targeting target: String, in session: PostgresSession) async throws -> [RelationshipLink] {
        let id = RelationshipIndex.indexedID(target) ?? target
        return try await session.rows(
            """
            SELECT source_uuid, ordinal, type, target_id, target_uri, target_path, target_cid, title, description
            FROM document_relationships
            WHERE target_id = ? OR target_uri = ? OR target_path = ? OR target_cid = ?
            ORDER BY source_uuid, ordinal
            """,
            [id.databaseValue, target.databaseValue, target.databaseValue, target.databaseValue]
        ).map { row in
            let typeText: String = try row.value("type")
            guard let type = RelationshipType(rawValue: typeText) else {
                throw StoreError.database(message: "relationship index holds unknown type '\(typeText)'")
            }
            return RelationshipLink(
                sourceUUID: try row.value("source_uuid"),
                ordinal: Int(try row.value("ordinal", as: Int32.self)),
                relationship: Relationship(
                    type: type, id: try row.value("target_id"), uri: try row.value("target_uri"), path: try row.value("target_path"),
                    cid: try row.value("target_cid"), title: try row.value("title"), description: try row.value("description")
                )
            )
        }
    }
}
