import Foundation
import GRDB

/// SQL aggregates over documents and the relationship index, for analytics.
extension DocumentStore {
    /// Content figures read in one snapshot.
    ///
    /// - Parameter metadataSampleSize: How many records (in insertion order) the `custom_metadata`
    ///   key counts look at; `nil` looks at all of them. Every other figure covers the whole store.
    public func datasetStatistics(metadataSampleSize: Int? = nil) async throws -> DatasetStatistics {
        if let metadataSampleSize, metadataSampleSize < 0 {
            throw StoreError.validation(field: "sample_size", message: "\(metadataSampleSize) is negative")
        }
        if let postgres { return try await postgres.datasetStatistics(metadataSampleSize: metadataSampleSize) }
        return try await read { db in
            let totals = try Row.fetchOne(db, sql: """
                SELECT count(*) AS total,
                       count(vector) AS embedded,
                       coalesce(avg(coalesce(length(text_content), 0)), 0) AS average_length,
                       coalesce(sum(length(CAST(text_content AS BLOB))), 0) AS content_bytes,
                       coalesce(sum(length(raw_data)), 0) AS raw_bytes,
                       min(created_at) AS oldest, max(created_at) AS newest, max(updated_at) AS updated
                FROM documents
                """)
            var recordTypes: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT record_type, count(*) AS n FROM documents GROUP BY record_type") {
                recordTypes[try row.decode(forColumn: "record_type")] = try row.decode(forColumn: "n")
            }
            var statuses: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, count(*) AS n FROM documents WHERE status IS NOT NULL GROUP BY status") {
                statuses[try row.decode(forColumn: "status")] = try row.decode(forColumn: "n")
            }
            let distinctTags = try Int.fetchOne(db, sql: "SELECT count(DISTINCT j.value) FROM documents d, json_each(d.tags) j") ?? 0
            let sample = metadataSampleSize ?? -1
            var keys: [String: Int] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT j.key AS key, count(*) AS n
                    FROM (SELECT custom_metadata FROM documents ORDER BY id LIMIT ?) s, json_each(s.custom_metadata) j
                    GROUP BY j.key
                    """,
                arguments: [sample]
            ) {
                keys[try row.decode(forColumn: "key")] = try row.decode(forColumn: "n")
            }
            let total: Int = try totals?.decode(forColumn: "total") ?? 0
            let oldest: String? = try totals?.decode(forColumn: "oldest")
            let newest: String? = try totals?.decode(forColumn: "newest")
            let updated: String? = try totals?.decode(forColumn: "updated")
            return DatasetStatistics(
                totalDocuments: total,
                recordTypeCounts: recordTypes,
                documentsWithEmbeddings: try totals?.decode(forColumn: "embedded") ?? 0,
                averageContentLength: try totals?.decode(forColumn: "average_length") ?? 0,
                totalContentBytes: try totals?.decode(forColumn: "content_bytes") ?? 0,
                totalRawDataBytes: try totals?.decode(forColumn: "raw_bytes") ?? 0,
                collections: try Self.collectionCounts(in: db),
                statusCounts: statuses,
                distinctTags: distinctTags,
                metadataKeyCounts: keys,
                metadataSampleSize: metadataSampleSize.map { min($0, total) } ?? total,
                oldestCreatedAt: oldest.flatMap(Timestamp.parse),
                newestCreatedAt: newest.flatMap(Timestamp.parse),
                newestUpdatedAt: updated.flatMap(Timestamp.parse)
            )
        }
    }

    /// Relationship counts, resolution and orphans, limited to `types` when given (empty or `nil`: all).
    ///
    /// - Parameters:
    ///   - types: The relationship types to count; `nil` or empty counts all.
    ///   - orphanSampleLimit: How many orphan uuids to return at most.
    public func relationshipStatistics(types: Set<RelationshipType>? = nil, orphanSampleLimit: Int = 20) async throws -> RelationshipStatistics {
        try Self.checkPage(limit: orphanSampleLimit, offset: 0)
        if let postgres { return try await postgres.relationshipStatistics(types: types, orphanSampleLimit: orphanSampleLimit) }
        let filter = Self.typeCondition(types)
        return try await read { db in
            let totals = try Row.fetchOne(
                db,
                sql: """
                    SELECT count(*) AS total,
                           count(DISTINCT r.source_uuid) AS sources,
                           count(t.uuid) AS resolved,
                           count(DISTINCT t.uuid) AS targets,
                           coalesce(sum(r.target_id IS NOT NULL AND t.uuid IS NULL), 0) AS dangling,
                           coalesce(sum(r.target_id IS NULL), 0) AS external
                    FROM document_relationships r LEFT JOIN documents t ON t.uuid = r.target_id
                    WHERE \(filter.sql("r"))
                    """,
                arguments: filter.arguments
            )
            var byType: [RelationshipType: Int] = [:]
            for row in try Row.fetchAll(
                db,
                sql: "SELECT type, count(*) AS n FROM document_relationships r WHERE \(filter.sql("r")) GROUP BY type",
                arguments: filter.arguments
            ) {
                let name: String = try row.decode(forColumn: "type")
                if let type = RelationshipType(rawValue: name) { byType[type] = try row.decode(forColumn: "n") }
            }
            let orphanCondition = """
                d.record_type = 'document'
                AND NOT EXISTS (SELECT 1 FROM document_relationships r WHERE r.source_uuid = d.uuid AND \(filter.sql("r")))
                AND NOT EXISTS (SELECT 1 FROM document_relationships r WHERE r.target_id = d.uuid AND \(filter.sql("r")))
                """
            let doubled = filter.arguments + filter.arguments
            let orphanCount = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM documents d WHERE \(orphanCondition)", arguments: doubled
            ) ?? 0
            let orphans = try String.fetchAll(
                db,
                sql: "SELECT d.uuid FROM documents d WHERE \(orphanCondition) ORDER BY d.uuid LIMIT ?",
                arguments: doubled + [orphanSampleLimit]
            )
            return RelationshipStatistics(
                totalRelationships: try totals?.decode(forColumn: "total") ?? 0,
                countsByType: byType,
                sourceDocuments: try totals?.decode(forColumn: "sources") ?? 0,
                targetedDocuments: try totals?.decode(forColumn: "targets") ?? 0,
                resolvedRelationships: try totals?.decode(forColumn: "resolved") ?? 0,
                danglingRelationships: try totals?.decode(forColumn: "dangling") ?? 0,
                externalRelationships: try totals?.decode(forColumn: "external") ?? 0,
                orphanCount: orphanCount,
                orphanSample: orphans
            )
        }
    }

    /// Every relationship that resolves to a record of the store, limited to `types` when given.
    public func relationshipEdges(types: Set<RelationshipType>? = nil) async throws -> [RelationshipEdge] {
        if let postgres { return try await postgres.relationshipEdges(types: types) }
        let filter = Self.typeCondition(types)
        return try await read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT r.source_uuid AS source, t.uuid AS target, r.type AS type
                    FROM document_relationships r JOIN documents t ON t.uuid = r.target_id
                    WHERE \(filter.sql("r")) ORDER BY r.source_uuid, r.ordinal
                    """,
                arguments: filter.arguments
            )
            var edges: [RelationshipEdge] = []
            while let row = try rows.next() {
                let name: String = try row.decode(forColumn: "type")
                guard let type = RelationshipType(rawValue: name) else {
                    throw StoreError.database(message: "relationship index holds unknown type '\(name)'")
                }
                edges.append(RelationshipEdge(source: try row.decode(forColumn: "source"), target: try row.decode(forColumn: "target"), type: type))
            }
            return edges
        }
    }

    private static func collectionCounts(in db: Database) throws -> [DatasetStatistics.CollectionCount] {
        // Headers first (with their members, possibly none), then collections records name without a header.
        let rows = try Row.fetchAll(db, sql: """
            SELECT h.uuid AS id, h.title AS name,
                   (SELECT count(*) FROM documents m
                    WHERE m.collection_id = h.uuid AND m.record_type <> 'collection_header') AS members,
                   1 AS has_header
            FROM documents h WHERE h.record_type = 'collection_header'
            UNION ALL
            SELECT coalesce(d.collection_id, d.collection) AS id, max(d.collection) AS name, count(*) AS members, 0 AS has_header
            FROM documents d
            WHERE coalesce(d.collection_id, d.collection) IS NOT NULL AND d.record_type <> 'collection_header'
              AND NOT EXISTS (SELECT 1 FROM documents h WHERE h.uuid = d.collection_id AND h.record_type = 'collection_header')
            GROUP BY coalesce(d.collection_id, d.collection)
            """)
        return try rows.map { row in
            DatasetStatistics.CollectionCount(
                id: try row.decode(forColumn: "id"),
                name: try row.decode(forColumn: "name"),
                members: try row.decode(forColumn: "members"),
                hasHeader: try row.decode(forColumn: "has_header")
            )
        }.sorted { ($1.members, $0.id) < ($0.members, $1.id) }
    }

    /// A `type IN (…)` condition with bound values; always true without types.
    private static func typeCondition(_ types: Set<RelationshipType>?) -> RelationshipTypeCondition {
        RelationshipTypeCondition(names: (types ?? []).map(\.rawValue).sorted())
    }
}

/// Limits relationship queries to some types; the type names are bound, never spliced.
private struct RelationshipTypeCondition: Sendable {
    let names: [String]

    func sql(_ alias: String) -> String {
        names.isEmpty ? "1" : "\(alias).type IN (\(Array(repeating: "?", count: names.count).joined(separator: ", ")))"
    }

    var arguments: StatementArguments { StatementArguments(names) }
}
