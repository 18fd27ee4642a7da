import MCP
import MCPServer
import QuireStore

/// `contextframe://dataset/stats` and `contextframe://relationships`: content and graph figures
/// computed from the store when read.
struct AnalyticsResources: Sendable {
    let store: DocumentStore

    func register(in registry: inout ResourceRegistry) {
        registry.register(ResourceDefinition(
            Resource(uri: "contextframe://dataset/stats", name: "dataset_stats", title: "Dataset statistics",
                     description: "Document count, documents per collection, record types, embedding coverage and average content length.",
                     mimeType: "application/json")
        ) { uri, _, _ in try await json(uri, stats()) })
        registry.register(ResourceDefinition(
            Resource(uri: "contextframe://relationships", name: "relationships", title: "Relationships",
                     description: "Relationship counts by type, how many resolve to a document, and orphaned documents.",
                     mimeType: "application/json")
        ) { uri, _, _ in try await json(uri, relationships()) })
    }

    private func stats() async throws -> JSONValue {
        let statistics = try await store.datasetStatistics()
        let total = statistics.totalDocuments
        return [
            "document_count": .int(total),
            "collections": .array(statistics.collections.map { collection in
                [
                    "collection_id": .string(collection.id),
                    "name": collection.name.map(JSONValue.string) ?? .null,
                    "documents": .int(collection.members),
                ]
            }),
            "collection_count": .int(statistics.collections.count),
            "record_types": .object(statistics.recordTypeCounts.mapValues { .int($0) }),
            "has_embeddings": .bool(statistics.documentsWithEmbeddings > 0),
            "documents_with_embeddings": .int(statistics.documentsWithEmbeddings),
            "embedding_coverage": .rounded(total == 0 ? 0 : Double(statistics.documentsWithEmbeddings) / Double(total)),
            "avg_content_length": .rounded(statistics.averageContentLength, places: 1),
        ]
    }

    private func relationships() async throws -> JSONValue {
        let statistics = try await store.relationshipStatistics(orphanSampleLimit: 100)
        return [
            "total_relationships": .int(statistics.totalRelationships),
            "by_type": .object(Dictionary(uniqueKeysWithValues: RelationshipType.allCases.map { ($0.rawValue, JSONValue.int(statistics.countsByType[$0] ?? 0)) })),
            "resolved": .int(statistics.resolvedRelationships),
            "dangling": .int(statistics.danglingRelationships),
            "external": .int(statistics.externalRelationships),
            "source_documents": .int(statistics.sourceDocuments),
            "targeted_documents": .int(statistics.targetedDocuments),
            "orphans": ["count": .int(statistics.orphanCount), "document_ids": .array(statistics.orphanSample.map(JSONValue.string))],
        ]
    }

    private func json(_ uri: String, _ value: JSONValue) -> ReadResourceResult {
        ReadResourceResult(contents: [ResourceContents(uri: uri, mimeType: "application/json", text: value.prettyJSONString)])
    }
}
