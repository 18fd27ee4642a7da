import Foundation
import GRDB

/// The reads behind collections on PostgreSQL: ``CollectionQueries`` in PostgreSQL's SQL, with
/// the same results and orders.
enum PostgresCollectionQueries {
    static let isMember = CollectionQueries.isMember
    static let maximumDepth = CollectionQueries.maximumDepth

    /// The size of a record in bytes: its text as UTF-8 plus its raw data.
    static func size(_ alias: String) -> String {
        "(coalesce(octet_length(\(alias).text_content), 0) + coalesce(octet_length(\(alias).raw_data), 0))"
    }

    private static func documents(_ sql: String, _ arguments: [DatabaseValue], in session: PostgresSession) async throws -> [Document] {
        try await session.rows(sql, arguments).map(PostgresDocumentCodec.decode)
    }

    static func header(id: String, in session: PostgresSession) async throws -> Document? {
        try await documents(
            """
            SELECT \(PostgresDocumentCodec.selectList(.init(content: true, rawData: false))) FROM documents d
            WHERE d.uuid = ? AND d.record_type = 'collection_header'
            """,
            [id.databaseValue], in: session
        ).first
    }

    /// The header a uuid or name refers to; a uuid wins over a name (see ``CollectionQueries/resolve(_:in:)``).
    static func resolve(_ reference: String, in session: PostgresSession) async throws -> Document {
        if let id = DocumentUUID.normalized(reference), let header = try await header(id: id, in: session) {
            return header
        }
        let headers = try await documents(
            """
            SELECT \(PostgresDocumentCodec.selectList(.init(content: true, rawData: false))) FROM documents d
            WHERE d.record_type = 'collection_header' AND d.title = ? ORDER BY d.uuid LIMIT 11
            """,
            [reference.databaseValue], in: session
        )
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

    static func sibling(named name: String, parentID: String?, excluding: String? = nil, in session: PostgresSession) async throws -> String? {
        try await session.scalar(
            String.self,
            """
            SELECT uuid FROM documents
            WHERE record_type = 'collection_header' AND title = ? AND collection_id IS NOT DISTINCT FROM ?::text
              AND uuid IS DISTINCT FROM ?::text
            LIMIT 1
            """,
            [name.databaseValue, parentID.databaseValue, excluding.databaseValue]
        )
    }

    static func children(of id: String, in session: PostgresSession) async throws -> [Document] {
        try await documents(
            """
            SELECT \(PostgresDocumentCodec.selectList(.init(content: false, rawData: false))) FROM documents d
            WHERE d.collection_id = ? AND d.record_type = 'collection_header' ORDER BY d.title, d.uuid
            """,
            [id.databaseValue], in: session
        )
    }

    /// `id` and every collection nested under it, deepest first.
    static func subtree(of id: String, in session: PostgresSession) async throws -> [String] {
        try await session.rows(
            """
            WITH RECURSIVE tree(uuid, depth) AS (
                SELECT ?::text COLLATE "C", 0
                UNION
                SELECT c.uuid, t.depth + 1 FROM documents c JOIN tree t ON c.collection_id = t.uuid
                WHERE c.record_type = 'collection_header' AND t.depth < \(maximumDepth)
            )
            SELECT uuid FROM tree GROUP BY uuid ORDER BY max(depth) DESC, uuid
            """,
            [id.databaseValue]
        ).map { try $0.value("uuid") }
    }

    static func linked(to id: String, includeHeaders: Bool, in session: PostgresSession) async throws -> [Document] {
        try await documents(
            """
            SELECT \(PostgresDocumentCodec.selectList(.init(content: true, rawData: false))) FROM documents d
            WHERE d.collection_id = ?\(includeHeaders ? "" : " AND d.\(isMember)") ORDER BY d.position NULLS FIRST, d.uuid
            """,
            [id.databaseValue], in: session
        )
    }

    static func members(of id: String, limit: Int, in session: PostgresSession) async throws -> [CollectionMember] {
        try await session.rows(
            """
            SELECT \(PostgresDocumentCodec.selectList(.init(content: false, rawData: false))), \(size("d"))::int8 AS size_bytes
            FROM documents d WHERE d.collection_id = ? AND d.\(isMember) ORDER BY d.position NULLS FIRST, d.uuid LIMIT ?
            """,
            [id.databaseValue, limit.databaseValue]
        ).map { row in
            CollectionMember(document: try PostgresDocumentCodec.decode(row), sizeBytes: Int(try row.value("size_bytes", as: Int64.self)))
        }
    }

    static func nextPosition(in id: String, in session: PostgresSession) async throws -> Int {
        let last = try await session.scalar(Int64.self, "SELECT max(position) FROM documents WHERE collection_id = ?", [id.databaseValue])
        return last.map { Int($0) + 1 } ?? 0
    }

    static func memberCount(of id: String, in session: PostgresSession) async throws -> Int {
        Int(try await session.scalar(
            Int64.self, "SELECT count(*) FROM documents WHERE collection_id = ? AND \(isMember)", [id.databaseValue]
        ) ?? 0)
    }

    static func summary(of header: Document, withStatistics: Bool, in session: PostgresSession) async throws -> CollectionSummary {
        if withStatistics {
            let statistics = try await self.statistics(of: header.uuid, includeSubcollections: false, in: session)
            return CollectionSummary(
                header: header, memberCount: statistics.directMembers, totalSizeBytes: statistics.totalSizeBytes, statistics: statistics
            )
        }
        let bytes = try await session.scalar(
            Int64.self,
            "SELECT coalesce(sum(\(size("m"))), 0)::int8 FROM documents m WHERE m.collection_id = ? AND m.\(isMember)",
            [header.uuid.databaseValue]
        ) ?? 0
        return CollectionSummary(
            header: header, memberCount: try await memberCount(of: header.uuid, in: session), totalSizeBytes: Int(bytes), statistics: nil
        )
    }

    static func statistics(of id: String, includeSubcollections: Bool, in session: PostgresSession) async throws -> CollectionStatistics {
        let tree = includeSubcollections
            ? """
                WITH RECURSIVE tree(uuid) AS (
                    SELECT ?::text COLLATE "C"
                    UNION
                    SELECT c.uuid FROM documents c JOIN tree t ON c.collection_id = t.uuid
                    WHERE c.record_type = 'collection_header'
                )
                """
            : "WITH tree(uuid) AS (SELECT ?::text COLLATE \"C\")"
        let counted = "m.collection_id IN (SELECT uuid FROM tree) AND m.\(isMember)"
        let totals = try await session.rows(
            """
            \(tree)
            SELECT count(*) AS n, coalesce(sum(\(size("m"))), 0)::int8 AS bytes,
                   min(m.created_at) AS earliest, max(m.created_at) AS latest
            FROM documents m WHERE \(counted)
            """,
            [id.databaseValue]
        ).first
        let total = Int(try totals?.value("n", as: Int64.self) ?? 0)
        let bytes = Int(try totals?.value("bytes", as: Int64.self) ?? 0)
        let earliest = try totals?.value("earliest", as: String?.self)
        let latest = try totals?.value("latest", as: String?.self)
        var types: [String: Int] = [:]
        for row in try await session.rows(
            "\(tree) SELECT m.record_type AS type, count(*) AS n FROM documents m WHERE \(counted) GROUP BY m.record_type",
            [id.databaseValue]
        ) {
            types[try row.value("type")] = Int(try row.value("n", as: Int64.self))
        }
        let tags = try await session.rows(
            """
            \(tree)
            SELECT DISTINCT (e.value #>> '{}') COLLATE "C" AS tag
            FROM documents m, jsonb_array_elements(m.tags) AS e(value)
            WHERE \(counted) AND jsonb_typeof(e.value) = 'string' ORDER BY tag
            """,
            [id.databaseValue]
        ).map { try $0.value("tag", as: String.self) }
        let direct = includeSubcollections ? try await memberCount(of: id, in: session) : total
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
