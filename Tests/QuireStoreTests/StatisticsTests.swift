import Foundation
import Testing
@testable import QuireStore

@Suite("Store statistics")
struct StatisticsTests {
    @Test(arguments: StoreBackend.all) func relationshipFiguresSeparateResolvedDanglingAndExternalLinks(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let target = try await store.add(Document(title: "Target"))
            let source = try await store.add(Document(title: "Source", relationships: [
                Relationship(type: .parent, id: target.uuid.uppercased()),
                Relationship(type: .reference, id: "00000000-0000-4000-8000-000000000000"),
                Relationship(type: .related, uri: "https://example.com/elsewhere"),
            ]))
            let orphan = try await store.add(Document(title: "Orphan"))
            _ = try await store.add(Document(title: "Header", recordType: .collectionHeader))

            let all = try await store.relationshipStatistics()
            #expect(all.totalRelationships == 3)
            #expect(all.countsByType == [.parent: 1, .reference: 1, .related: 1])
            #expect(all.resolvedRelationships == 1)
            #expect(all.danglingRelationships == 1)
            #expect(all.externalRelationships == 1)
            #expect(all.sourceDocuments == 1)
            #expect(all.targetedDocuments == 1)
            #expect(all.orphanCount == 1, "collection headers are not orphans")
            #expect(all.orphanSample == [orphan.uuid])

            let related = try await store.relationshipStatistics(types: [.related])
            #expect(related.totalRelationships == 1)
            #expect(related.resolvedRelationships == 0)
            #expect(related.orphanCount == 2)
            #expect(Set(related.orphanSample) == [orphan.uuid, target.uuid])

            #expect(try await store.relationshipStatistics(orphanSampleLimit: 0).orphanSample.isEmpty)
            #expect(try await store.relationshipEdges() == [RelationshipEdge(source: source.uuid, target: target.uuid, type: .parent)])
            #expect(try await store.relationshipEdges(types: [.reference]).isEmpty)
        }
    }

    @Test(arguments: StoreBackend.all) func datasetFiguresCoverCollectionsTypesEmbeddingsAndMetadata(_ backend: StoreBackend) async throws {
        try await withStore(backend, dimension: 2) { store in
            let header = try await store.add(Document(title: "Research", recordType: .collectionHeader))
            let empty = try await store.add(Document(title: "Empty", recordType: .collectionHeader))
            try await store.add([
                Document(title: "A", textContent: "abcd", embedding: [1, 0], collection: "Research", collectionID: header.uuid,
                         collectionIDType: "uuid", tags: ["x", "y"], status: "draft", customMetadata: ["team": "core"]),
                Document(title: "B", textContent: "ab", collection: "Research", collectionID: header.uuid, collectionIDType: "uuid",
                         tags: ["y"], status: "draft", customMetadata: ["team": "core", "x_topic": "db"]),
                Document(title: "C", textContent: "é", collection: "Loose", status: "published"),
            ])
            let statistics = try await store.datasetStatistics()
            #expect(statistics.totalDocuments == 5)
            #expect(statistics.recordTypeCounts == ["collection_header": 2, "document": 3])
            #expect(statistics.documentsWithEmbeddings == 1)
            #expect(statistics.statusCounts == ["draft": 2, "published": 1])
            #expect(statistics.distinctTags == 2)
            #expect(statistics.metadataKeyCounts == ["team": 2, "x_topic": 1])
            #expect(statistics.metadataSampleSize == 5)
            let contentBytes = "abcd".utf8.count + "ab".utf8.count + "é".utf8.count
            #expect(statistics.totalContentBytes == Int64(contentBytes))
            #expect(statistics.averageContentLength == 7.0 / 5.0, "characters, not bytes; headers count as 0")
            #expect(statistics.collections == [
                .init(id: header.uuid, name: "Research", members: 2, hasHeader: true),
                .init(id: "Loose", name: "Loose", members: 1, hasHeader: false),
                .init(id: empty.uuid, name: "Empty", members: 0, hasHeader: true),
            ])

            let sampled = try await store.datasetStatistics(metadataSampleSize: 3)
            #expect(sampled.metadataKeyCounts == ["team": 1], "the first three records are the two headers and A")
            #expect(sampled.metadataSampleSize == 3)
        }
    }
}
