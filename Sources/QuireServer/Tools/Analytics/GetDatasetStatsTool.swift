import Foundation
import MCP
import MCPServer
import QuireStore

extension AnalyticsTools {
    var getDatasetStats: ToolDefinition {
        let tool = Tool(
            name: "get_dataset_stats",
            title: "Dataset statistics",
            description: """
                Statistics of the store: document and collection counts, record types, embedding coverage, content \
                sizes, metadata fields, relationships, storage (file sizes, pages, free space) and indexes. \
                sample_size limits how many records the custom_metadata key counts look at; every other figure \
                covers the whole store.
                """,
            inputSchema: SchemaBuilder.object([
                "include_details": SchemaBuilder.boolean("Include content, metadata-field and relationship figures.", default: true),
                "include_fragments": SchemaBuilder.boolean("Include storage figures: files, pages, free pages.", default: true),
                "sample_size": SchemaBuilder.integer("Records the metadata-field counts look at (default: all).", minimum: 100, maximum: 100_000),
            ]),
            outputSchema: Self.output(["stats": Self.object], required: ["stats"]),
            annotations: Self.readOnly
        )
        return ToolDefinition(tool) { arguments, _ in try await datasetStats(Arguments(arguments)) }
    }

    private func datasetStats(_ arguments: Arguments) async throws -> CallToolResult {
        let includeDetails = try arguments.bool("include_details", default: true)
        let includeStorage = try arguments.bool("include_fragments", default: true)
        let sampleSize = try arguments.optionalInt("sample_size")
        let started = ContinuousClock.now

        let statistics = try await storeCall { try await store.datasetStatistics(metadataSampleSize: sampleSize) }
        let version = try await storeCall { try await store.storeVersion() }
        let footprint = try await storeCall { try await store.storageFootprint() }
        let relationships = includeDetails ? try await storeCall { try await store.relationshipStatistics(orphanSampleLimit: 0) } : nil
        let indexes = try await storeCall { try await store.indexes() }

        let total = statistics.totalDocuments
        let collections = statistics.collections
        var summary: [String: JSONValue] = [
            "total_documents": .int(total),
            "total_collections": .int(collections.count),
            "storage_size_bytes": .int(Int(footprint.totalBytes)),
            "storage_size_mb": .rounded(Double(footprint.totalBytes) / 1_048_576, places: 2),
            "store_version": .int(version),
        ]
        if let relationships { summary["total_relationships"] = .int(relationships.totalRelationships) }
        var stats: [String: JSONValue] = [
            "summary": .object(summary),
            "embeddings": [
                "documents_with_embeddings": .int(statistics.documentsWithEmbeddings),
                "coverage": .rounded(UsageReport.rate(statistics.documentsWithEmbeddings, of: total)),
                "dimension": .int(store.embeddingDimension),
            ],
            "indices": [
                "count": .int(indexes.count),
                "indexed_fields": .array(Set(indexes.filter { $0.table == "documents" }.compactMap { $0.columns.first ?? nil })
                    .sorted().map(JSONValue.string)),
                "details": .array(indexes.map(Self.indexJSON)),
                "full_text": ["fields": ["title", "text_content"], "tokenizer": "unicode61"],
            ],
            "time_range": [
                "oldest": statistics.oldestCreatedAt.map { .string(Timestamp.format($0)) } ?? .null,
                "newest": statistics.newestCreatedAt.map { .string(Timestamp.format($0)) } ?? .null,
                "last_updated": statistics.newestUpdatedAt.map { .string(Timestamp.format($0)) } ?? .null,
            ],
        ]
        if includeDetails {
            stats["content"] = [
                "document_types": UsageReport.json(statistics.recordTypeCounts),
                "collection_count": .int(collections.count),
                "collection_sizes": .array(collections.map(Self.collectionJSON)),
                "status_counts": UsageReport.json(statistics.statusCounts),
                "distinct_tags": .int(statistics.distinctTags),
                "metadata_fields": UsageReport.json(statistics.metadataKeyCounts),
                "metadata_sample_size": .int(statistics.metadataSampleSize),
                "avg_content_length": .rounded(statistics.averageContentLength, places: 1),
                "total_content_bytes": .int(Int(statistics.totalContentBytes)),
                "raw_data_bytes": .int(Int(statistics.totalRawDataBytes)),
            ]
        }
        if let relationships {
            stats["relationships"] = [
                "types": .object(Dictionary(uniqueKeysWithValues: relationships.countsByType.map { ($0.key.rawValue, JSONValue.int($0.value)) })),
                "avg_per_document": .rounded(UsageReport.rate(relationships.totalRelationships, of: total), places: 2),
                "orphaned_documents": .int(relationships.orphanCount),
                "dangling": .int(relationships.danglingRelationships),
                "external": .int(relationships.externalRelationships),
            ]
        }
        if includeStorage {
            stats["storage"] = Self.footprintJSON(footprint)
        }
        stats["collection_time_ms"] = .rounded(UsageRecorder.milliseconds(ContinuousClock.now - started))
        if total == 0 { stats["note"] = "The store holds no documents yet; counts are zero." }
        return .structured(["success": true, "stats": .object(stats), "timestamp": Self.timestamp])
    }

    static func footprintJSON(_ footprint: StorageFootprint) -> JSONValue {
        [
            "database_bytes": .int(Int(footprint.databaseBytes)),
            "wal_bytes": .int(Int(footprint.walBytes)),
            "shm_bytes": .int(Int(footprint.sharedMemoryBytes)),
            "total_bytes": .int(Int(footprint.totalBytes)),
            "page_size": .int(footprint.pageSize),
            "page_count": .int(footprint.pageCount),
            "free_pages": .int(footprint.freePages),
            "reclaimable_bytes": .int(Int(footprint.reclaimableBytes)),
            // Lance reports fragment efficiency; the SQLite analogue is the share of pages in use.
            "fragment_efficiency": .rounded(footprint.pageCount == 0 ? 1 : 1 - Double(footprint.freePages) / Double(footprint.pageCount)),
        ]
    }

    static func indexJSON(_ index: StoreIndex) -> JSONValue {
        [
            "name": .string(index.name), "table": .string(index.table), "unique": .bool(index.isUnique),
            "columns": .array(index.columns.map { $0.map(JSONValue.string) ?? .string("<expression>") }),
        ]
    }

    static func collectionJSON(_ collection: DatasetStatistics.CollectionCount) -> JSONValue {
        [
            "collection_id": .string(collection.id),
            "name": collection.name.map(JSONValue.string) ?? .null,
            "documents": .int(collection.members),
            "has_header": .bool(collection.hasHeader),
        ]
    }
}
