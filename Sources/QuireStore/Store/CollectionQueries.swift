import Foundation
import GRDB

/// The SQL reads behind collections. Members are always found through the `collection_id`
/// indexes, never by scanning every document.
///
/// `'collection_header'` is spelled literally in the SQL so SQLite can use the partial index on
/// header names and the `(collection_id, record_type)` index.
enum CollectionQueries {
    /// Not a collection header: the members of a collection.
    static let isMember = "record_type != 'collection_header'"

    /// The size of a record in bytes: its text as UTF-8 plus its raw data.
    static func size(_ alias: String) -> String {
        "(coalesce(length(CAST(\(alias).text_content AS BLOB)), 0) + coalesce(length(\(alias).raw_data), 0))"
    }

    /// How deep nested collections are followed; guards against cycles made by hand-edited records.
    static let maximumDepth = 256

    // MARK: Headers

    /// The header with the normalized uuid `id`, or `nil` when there is none.
    static func header(id: String, in db: Database) throws -> Document? {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT \(DocumentRowCodec.selectList(.init(content: true, rawData: false))) FROM documents d
                WHERE d.uuid = ? AND d.record_type = 'collection_header'
                """,
            arguments: [id]
        )
        return try row.map(DocumentRowCodec.decode)
    }

    /// The header a uuid or name refers to; a uuid wins over a name.
    ///
    /// - Throws: ``StoreError/collectionNotFound(reference:)``, or a validation error when the
    ///   name belongs to several collections (names are unique only among siblings).
    static func resolve(_ reference: String, in db: Database) throws -> Document {
        if let id = DocumentUUID.normalized(reference), let header = try header(id: id, in: db) {
            return header
        }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT \(DocumentRowCodec.selectList(.init(content: true, rawData: false))) FROM documents d
                WHERE d.record_type = 'collection_header' AND d.title = ? ORDER BY d.uuid LIMIT 11
                """,
            arguments: [reference]
        )
        let headers = try rows.map(DocumentRowCodec.decode)
        guard let first = headers.first else { throw StoreError.collectionNotFound(reference: reference) }
        guard headers.count == 1 else {
            let ids = headers.prefix(10).map(\.uuid).joined(separator: ", ")
            throw StoreError.validation(
                field: "collection",
                message: "'\(reference)' names \(headers.count > 10 ? "more than 10" : String(headers.count)) collections (\(ids)); pass the collection's uuid"
            )
        }
        return first
    }

    /// The uuid of a collection named `name` directly under `parentID` (top level for `nil`), other than `excluding`.
    static func sibling(named name: String, parentID: String?, excluding: String? = nil, in db: Database) throws -> String? {
        try String.fetchOne(
            db,
            sql: """
                SELECT uuid FROM documents
                WHERE record_type = 'collection_header' AND title = ? AND collection_id IS ? AND uuid IS NOT ?
                LIMIT 1
                """,
            arguments: [name, parentID, excluding]
        )
    }

    /// The direct sub-collection headers of `id`, by name.
    static func children(of id: String, in db: Database) throws -> [Document] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT \(DocumentRowCodec.selectList(.init(content: false, rawData: false))) FROM documents d
                WHERE d.collection_id = ? AND d.record_type = 'collection_header' ORDER BY d.title, d.uuid
                """,
            arguments: [id]
        )
        return try rows.map(DocumentRowCodec.decode)
    }

    /// `id` and every collection nested under it, deepest first, so children come before parents.
    static func subtree(of id: String, in db: Database) throws -> [String] {
        try String.fetchAll(
            db,
            sql: """
                WITH RECURSIVE tree(uuid, depth) AS (
                    SELECT ?, 0
                    UNION
                    SELECT c.uuid, t.depth + 1 FROM documents c JOIN tree t ON c.collection_id = t.uuid
                    WHERE c.record_type = 'collection_header' AND t.depth < \(maximumDepth)
                )
                SELECT uuid FROM tree GROUP BY uuid ORDER BY max(depth) DESC, uuid
                """,
            arguments: [id]
        )
    }

    // MARK: Members

    /// Records pointing at `id`: members only, or sub-collection headers too. In position order.
    static func linked(to id: String, includeHeaders: Bool, in db: Database) throws -> [Document] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT \(DocumentRowCodec.selectList(.init(content: true, rawData: false))) FROM documents d
                WHERE d.collection_id = ?\(includeHeaders ? "" : " AND d.\(isMember)") ORDER BY d.position, d.uuid
                """,
            arguments: [id]
        )
        return try rows.map(DocumentRowCodec.decode)
    }

    /// The first `limit` direct members of `id` by position, without text, with their sizes.
    static func members(of id: String, limit: Int, in db: Database) throws -> [CollectionMember] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT \(DocumentRowCodec.selectList(.init(content: false, rawData: false))), \(size("d")) AS size_bytes
                FROM documents d WHERE d.collection_id = ? AND d.\(isMember) ORDER BY d.position, d.uuid LIMIT ?
                """,
            arguments: [id, limit]
        )
        return try rows.map { row in
            CollectionMember(document: try DocumentRowCodec.decode(row), sizeBytes: try row.decode(forColumn: "size_bytes"))
        }
    }

    /// The position after the last record in `id` (members and sub-collections share one order).
    static func nextPosition(in id: String, in db: Database) throws -> Int {
        let last = try Int.fetchOne(db, sql: "SELECT max(position) FROM documents WHERE collection_id = ?", arguments: [id])
        return last.map { $0 + 1 } ?? 0
    }

    /// How many direct members `id` has; reads only the `(collection_id, record_type)` index.
    static func memberCount(of id: String, in db: Database) throws -> Int {
        try Int.fetchOne(
            db,
            sql: "SELECT count(*) FROM documents WHERE collection_id = ? AND \(isMember)",
            arguments: [id]
        ) ?? 0
    }

    // MARK: Figures

    /// A header with its direct-member count and size, and statistics when asked for.
    static func summary(of header: Document, withStatistics: Bool, in db: Database) throws -> CollectionSummary {
        if withStatistics {
            let statistics = try self.statistics(of: header.uuid, includeSubcollections: false, in: db)
            return CollectionSummary(
                header: header, memberCount: statistics.directMembers, totalSizeBytes: statistics.totalSizeBytes, statistics: statistics
            )
        }
        let bytes = try Int.fetchOne(
            db,
            sql: "SELECT coalesce(sum(\(size("m"))), 0) FROM documents m WHERE m.collection_id = ? AND m.\(isMember)",
            arguments: [header.uuid]
        ) ?? 0
        return CollectionSummary(header: header, memberCount: try memberCount(of: header.uuid, in: db), totalSizeBytes: bytes, statistics: nil)
    }

    /// Statistics over the members of `id`, and of every nested sub-collection when asked.
    static func statistics(of id: String, includeSubcollections: Bool, in db: Database) throws -> CollectionStatistics {
        let tree = includeSubcollections
            ? """
                WITH RECURSIVE tree(uuid) AS (
                    SELECT ?
                    UNION
                    SELECT c.uuid FROM documents c JOIN tree t ON c.collection_id = t.uuid
                    WHERE c.record_type = 'collection_header'
                )
                """
            : "WITH tree(uuid) AS (SELECT ?)"
        let counted = "m.collection_id IN (SELECT uuid FROM tree) AND m.\(isMember)"
        let totals = try Row.fetchOne(
            db,
            sql: """
                \(tree)
                SELECT count(*) AS n, coalesce(sum(\(size("m"))), 0) AS bytes,
                       min(m.created_at) AS earliest, max(m.created_at) AS latest
                FROM documents m WHERE \(counted)
                """,
            arguments: [id]
        )
        let total: Int = try totals?.decode(forColumn: "n") ?? 0
        let bytes: Int = try totals?.decode(forColumn: "bytes") ?? 0
        let earliest: String? = try totals?.decode(forColumn: "earliest")
        let latest: String? = try totals?.decode(forColumn: "latest")

        var types: [String: Int] = [:]
        for row in try Row.fetchAll(
            db,
            sql: "\(tree) SELECT m.record_type AS type, count(*) AS n FROM documents m WHERE \(counted) GROUP BY m.record_type",
            arguments: [id]
        ) {
            types[try row.decode(forColumn: "type")] = try row.decode(forColumn: "n")
        }
        let tags = try String.fetchAll(
            db,
            sql: """
                \(tree)
                SELECT DISTINCT j.value FROM documents m, json_each(m.tags) j
                WHERE \(counted) AND j.type = 'text' ORDER BY j.value
                """,
            arguments: [id]
        )
        let direct = includeSubcollections ? try memberCount(of: id, in: db) : total
        return CollectionStatistics(
            totalMembers: total,
            directMembers: direct,
            subcollectionMembers: total - direct,
            totalSizeBytes: bytes,
            averageDocumentSize: total == 0 ? 0 : Double(bytes) / Double(total),
            uniqueTags: tags,
            earliest: earliest.flatMap(Timestamp.parse),
            latest: latest.flatMap(Timestamp.parse),
            memberTypes: types
        )
    }
}
