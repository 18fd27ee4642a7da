import Foundation
import Testing
@testable import QuireStore

@Suite("Storage maintenance")
struct MaintenanceTests {
    func bulky(_ count: Int) -> [Document] {
        (0..<count).map { Document(title: "Bulky \($0)", textContent: String(repeating: "lorem ipsum dolor \($0) ", count: 400)) }
    }

    @Test func checkpointMovesTheLogIntoTheDatabaseAndTruncatesIt() async throws {
        try await withStore { store in
            try await store.add(bulky(20))
            let before = try await store.storageFootprint()
            #expect(before.walBytes > 0)
            let result = try await store.checkpoint()
            #expect(result.walFrames > 0)
            #expect(result.checkpointedFrames == result.walFrames)
            let after = try await store.storageFootprint()
            #expect(after.walBytes == 0)
            #expect(after.databaseBytes >= Int64(after.pageCount * after.pageSize))
        }
    }

    @Test func vacuumGivesBackFreePagesAndKeepsEverything() async throws {
        try await withStore { store in
            let kept = try await store.add(Document(title: "Keeper", textContent: "stays"))
            let removed = try await store.add(bulky(60))
            _ = try await store.delete(uuids: removed.map(\.uuid))
            try await store.checkpoint()
            let before = try await store.storageFootprint()
            #expect(before.freePages > 0)
            let version = try await store.storeVersion()

            try await store.vacuum()
            let after = try await store.storageFootprint()
            #expect(after.freePages == 0)
            #expect(after.databaseBytes < before.databaseBytes)
            #expect(after.walBytes == 0)
            #expect(try await store.storeVersion() == version)
            #expect(try await store.get(uuid: kept.uuid) == kept)
            #expect(try await store.count() == 1)
        }
    }

    @Test func rebuildingIndexesKeepsSearchAndVersion() async throws {
        try await withStore { store in
            try await store.add([Document(title: "Actors", textContent: "Swift actors isolate state"), Document(title: "SQLite", textContent: "BM25 ranking")])
            let version = try await store.storeVersion()
            try await store.rebuildTextIndex()
            try await store.rebuildIndexes()
            try await store.optimizeQueryPlanner()
            #expect(try await store.textSearch(query: "actors", limit: 5).map(\.document.title) == ["Actors"])
            #expect(try await store.storeVersion() == version)
        }
    }

    @Test func indexesAreListedWithTheirColumns() async throws {
        try await withStore { store in
            let indexes = try await store.indexes()
            let created = try #require(indexes.first { $0.name == "documents_created_at" })
            #expect(created.table == "documents")
            #expect(created.columns == ["created_at", "uuid"])
            #expect(!created.isUnique)
            #expect(indexes.contains { $0.table == "document_relationships" && $0.columns == ["target_id"] })
            #expect(!indexes.contains { $0.table == "usage_log" }, "only document tables are reported")
        }
    }

    @Test func maintenanceOnAReadOnlyStoreIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/store.db"
            _ = try DocumentStore.open(path: path, options: StoreOptions(embeddingDimension: 4))
            let readOnly = try DocumentStore.open(path: path, options: StoreOptions(readOnly: true))
            #expect(await storeError { try await readOnly.vacuum() } == .readOnly(path: path))
            #expect(await storeError { try await readOnly.rebuildTextIndex() } == .readOnly(path: path))
            #expect(try await readOnly.storageFootprint().pageCount > 0)
        }
    }
}
