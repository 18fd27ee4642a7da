import Foundation
import GRDB

/// The analytics aggregates of `DocumentStore+Statistics` in PostgreSQL's SQL, with the same figures.
extension PostgresStore {
    func datasetStatistics(metadataSampleSize: Int?) async throws -> DatasetStatistics {
        try await read { session in
            let totals = try await session.rows("""
                SELECT count(*) AS total,
                       count(vector) AS embedded,
                       coalesce(avg(coalesce(length(text_content), 0)), 0)::float8 AS average_length,
                       coalesce(sum(octet_length(text_content)), 0)::int8 AS content_bytes,
                       coalesce(sum(octet_length(raw_data)), 0)::int8 AS raw_bytes,
                       min(created_at) AS oldest, max(created_at) AS newest, max(updated_at) AS updated
                FROM documents
                """).first
            var recordTypes: [String: Int] = [:]
            for row in try await session.rows("SELECT record_type, count(*) AS n FROM documents GROUP BY record_type") {
                recordTypes[try row.value("record_type")] = Int(try row.value("n", as: Int64.self))
            }
            var statuses: [String: Int] = [:]
            for row in try await session.rows("SELECT status, count(*) AS n FROM documents WHERE status IS NOT NULL GROUP BY status") {
                statuses[try row.value("status")] = Int(try row.value("n", as: Int64.self))
            }
            let distinctTags = try await session.scalar(
                Int64.self, "SELECT count(DISTINCT e.value) FROM documents d, jsonb_array_elements(d.tags) AS e(value)"
            ) ?? 0
            var keys: [String: Int] = [:]
            // LIMIT NULL is no limit, as SQLite's LIMIT -1.
            for row in try await session.rows(
                """
                SELECT j.key AS key, count(*) AS n
                FROM (SELECT custom_metadata FROM documents ORDER BY id LIMIT ?::int8) s, jsonb_each(s.custom_metadata) j
                GROUP BY j.key
                """,
                [metadataSampleSize.databaseValue]
            ) {
                keys[try row.value("key")] = Int(try row.value("n", as: Int64.self))
            }
            let total = Int(try totals?.value("total", as: Int64.self) ?? 0)
            let oldest = try totals?.value("oldest", as: String?.self)
            let newest = try totals?.value("newest", as: String?.self)
            let updated = try totals?.value("updated", as: String?.self)
            return DatasetStatistics(
                totalDocuments: total,
                recordTypeCounts: recordTypes,
                documentsWithEmbeddings: Int(try totals?.value("embedded", as: Int64.self) ?? 0),
                averageContentLength: try totals?.value("average_length", as: Double.self) ?? 0,
                totalContentBytes: try totals?.value("content_bytes", as: Int64.self) ?? 0,
                totalRawDataBytes: try totals?.value("raw_bytes", as: Int64.self) ?? 0,
                collections: try await Self.collectionCounts(in: session),
                statusCounts: statuses,
                distinctTags: Int(distinctTags),
                metadataKeyCounts: keys,
                metadataSampleSize: metadataSampleSize.map { min($0, total) } ?? total,
                oldestCreatedAt: oldest.flatMap(Timestamp.parse),
                newestCreatedAt: newest.flatMap(Timestamp.parse),
                newestUpdatedAt: updated.flatMap(Timestamp.parse)
            )
        }
    }

    func relationshipStatistics(types: Set<RelationshipType>?, orphanSampleLimit: Int) async throws -> RelationshipStatistics {
        let filter = Self.typeCondition(types)
        return try await read { session in
            let totals = try await session.rows(
                """
                SELECT count(*) AS total,
                       count(DISTINCT r.source_uuid) AS sources,
                       count(t.uuid) AS resolved,
                       count(DISTINCT t.uuid) AS targets,
                       count(*) FILTER (WHERE r.target_id IS NOT NULL AND t.uuid IS NULL) AS dangling,
                       count(*) FILTER (WHERE r.target_id IS NULL) AS external
                FROM document_relationships r LEFT JOIN documents t ON t.uuid = r.target_id
                WHERE \(filter.sql("r"))
                """,
                filter.arguments
            ).first
            var byType: [RelationshipType: Int] = [:]
            for row in try await session.rows(
                "SELECT type, count(*) AS n FROM document_relationships r WHERE \(filter.sql("r")) GROUP BY type", filter.arguments
            ) {
                if let type = RelationshipType(rawValue: try row.value("type")) { byType[type] = Int(try row.value("n", as: Int64.self)) }
            }
            let orphanCondition = """
                d.record_type = 'document'
                AND NOT EXISTS (SELECT 1 FROM document_relationships r WHERE r.source_uuid = d.uuid AND \(filter.sql("r")))
                AND NOT EXISTS (SELECT 1 FROM document_relationships r WHERE r.target_id = d.uuid AND \(filter.sql("r")))
                """
            let doubled = filter.arguments + filter.arguments
            let orphanCount = try await session.scalar(Int64.self, "SELECT count(*) FROM documents d WHERE \(orphanCondition)", doubled) ?? 0
            let orphans = try await session.rows(
                "SELECT d.uuid FROM documents d WHERE \(orphanCondition) ORDER BY d.uuid LIMIT ?", doubled + [orphanSampleLimit.databaseValue]
            ).map { try $0.value("uuid", as: String.self) }
            func count(_ column: String) throws -> Int { Int(try totals?.value(column, as: Int64.self) ?? 0) }
            return RelationshipStatistics(
                totalRelationships: try count("total"),
                countsByType: byType,
                sourceDocuments: try count("sources"),
                targetedDocuments: try count("targets"),
                resolvedRelationships: try count("resolved"),
                danglingRelationships: try count("dangling"),
                externalRelationships: try count("external"),
                orphanCount: Int(orphanCount),
                orphanSample: orphans
            )
        }
    }

    func relationshipEdges(types: Set<RelationshipType>?) async throws -> [RelationshipEdge] {
        let filter = Self.typeCondition(types)
        return try await read { session in
            try await session.rows(
                """
                SELECT r.source_uuid AS source, t.uuid AS target, r.type AS type
                FROM document_relationships r JOIN documents t ON t.uuid = r.target_id
                WHERE \(filter.sql("r")) ORDER BY r.source_uuid, r.ordinal
                """,
                filter.arguments
            ).map { row in
                let name: String = try row.value("type")
                guard let type = RelationshipType(rawValue: name) else {
                    throw StoreError.database(message: "relationship index holds unknown type '\(name)'")
                }
                return RelationshipEdge(source: try row.value("source"), target: try row.value("target"), type: type)
            }
        }
    }

    private static func collectionCounts(in session: PostgresSession) async throws -> [DatasetStatistics.CollectionCount] {
        try await session.rows("""
            SELECT h.uuid AS id, h.title AS name,
                   (SELECT count(*) FROM documents m
                    WHERE m.collection_id = h.uuid AND m.record_type <> 'collection_header') AS members,
                   TRUE AS has_header
            FROM documents h WHERE h.record_type = 'collection_header'
            UNION ALL
            SELECT coalesce(d.collection_id, d.collection) AS id, max(d.collection) AS name, count(*) AS members, FALSE AS has_header
            FROM documents d
            WHERE coalesce(d.collection_id, d.collection) IS NOT NULL AND d.record_type <> 'collection_header'
              AND NOT EXISTS (SELECT 1 FROM documents h WHERE h.uuid = d.collection_id AND h.record_type = 'collection_header')
            GROUP BY coalesce(d.collection_id, d.collection)
            """).map { row in
            DatasetStatistics.CollectionCount(
                id: try row.value("id"), name: try row.value("name"), members: Int(try row.value("members", as: Int64.self)),
                hasHeader: try row.value("has_header")
            )
        }.sorted { ($1.members, $0.id) < ($0.members, $1.id) }
    }

    private static func typeCondition(_ types: Set<RelationshipType>?) -> TypeCondition {
        TypeCondition(names: (types ?? []).map(\.rawValue).sorted())
    }
}

/// Limits relationship queries to some types; the type names are bound, never spliced.
private struct TypeCondition: Sendable {
    let names: [String]

    func sql(_ alias: String) -> String {
        names.isEmpty ? "TRUE" : "\(alias).type IN (\(Array(repeating: "?", count: names.count).joined(separator: ", ")))"
    }

    var arguments: [DatabaseValue] { names.map(\.databaseValue) }
}
