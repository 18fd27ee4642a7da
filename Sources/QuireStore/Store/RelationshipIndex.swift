import GRDB

/// Maintains `document_relationships`, the per-relationship rows behind reverse lookups.
enum RelationshipIndex {
    /// Replaces the rows of `document` with its current relationships.
    static func rewrite(for document: Document, in db: Database) throws {
        try remove(sourceUUID: document.uuid, in: db)
        try insert(for: document, in: db)
    }

    /// Adds the rows of a document that has none yet (a new one): no delete to run first.
    static func insert(for document: Document, in db: Database) throws {
        for (ordinal, relationship) in document.relationships.enumerated() {
            try db.cachedStatement(sql: """
                INSERT INTO document_relationships
                    (source_uuid, ordinal, type, target_id, target_uri, target_path, target_cid, title, description)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                    document.uuid, ordinal, relationship.type.rawValue, indexedID(relationship.id),
                    relationship.uri, relationship.path, relationship.cid, relationship.title, relationship.description,
                ])
        }
    }

    /// Removes the rows of the document `sourceUUID`.
    static func remove(sourceUUID: String, in db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM document_relationships WHERE source_uuid = ?")
            .execute(arguments: [sourceUUID])
    }

    /// The id as indexed: uuids lower-cased like stored document ids, so any spelling finds its target.
    static func indexedID(_ id: String?) -> String? {
        guard let id else { return nil }
        return DocumentUUID.normalized(id) ?? id
    }

    /// Every relationship whose id, uri, path or cid equals `target`, ordered by source and ordinal.
    static func links(targeting target: String, in db: Database) throws -> [RelationshipLink] {
        let id = indexedID(target) ?? target
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT source_uuid, ordinal, type, target_id, target_uri, target_path, target_cid, title, description
                FROM document_relationships
                WHERE target_id = ? OR target_uri = ? OR target_path = ? OR target_cid = ?
                ORDER BY source_uuid, ordinal
                """,
            arguments: [id, target, target, target]
        )
        return try rows.map { row in
            let typeText: String = try row.decode(forColumn: "type")
            guard let type = RelationshipType(rawValue: typeText) else {
                throw StoreError.database(message: "relationship index holds unknown type '\(typeText)'")
            }
            return RelationshipLink(
                sourceUUID: try row.decode(forColumn: "source_uuid"),
                ordinal: try row.decode(forColumn: "ordinal"),
                relationship: Relationship(
                    type: type,
                    id: try row.decode(forColumn: "target_id"),
                    uri: try row.decode(forColumn: "target_uri"),
                    path: try row.decode(forColumn: "target_path"),
                    cid: try row.decode(forColumn: "target_cid"),
                    title: try row.decode(forColumn: "title"),
                    description: try row.decode(forColumn: "description")
                )
            )
        }
    }
}
