import Foundation
import Testing
import QuireStore

@Suite("Change log")
struct ChangeLogTests {
    @Test(arguments: StoreBackend.all) func recordsCreateUpdateDeleteInOrder(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            #expect(try await store.storeVersion() == 0)
            let doc = try await store.add(Document(title: "Logged", embedding: Array(repeating: 0.5, count: 8)))
            let header = try await store.add(Document(title: "Shelf", recordType: .collectionHeader))
            _ = try await store.update(uuid: doc.uuid) { $0.title = "Logged again" }
            _ = try await store.delete(uuid: doc.uuid)
            _ = try await store.delete(uuid: header.uuid)

            let changes = try await store.changes(after: 0, limit: 100)
            #expect(changes.map(\.seq) == [1, 2, 3, 4, 5])
            #expect(changes.map(\.type) == [.created, .created, .updated, .deleted, .deleted])
            #expect(changes.map(\.resourceType) == [.document, .collection, .document, .document, .collection])
            #expect(changes.map(\.resourceID) == [doc.uuid, header.uuid, doc.uuid, doc.uuid, header.uuid])
            #expect(changes[0].before == nil && changes[0].after != nil)
            #expect(changes[2].before != nil && changes[2].after != nil)
            #expect(changes[3].before != nil && changes[3].after == nil)
            #expect(zip(changes, changes.dropFirst()).allSatisfy { $0.timestamp <= $1.timestamp })
            #expect(try await store.storeVersion() == 5)

            let before = try #require(changes[2].before)
            let after = try #require(changes[2].after)
            let beforeObject = try #require(try JSONSerialization.jsonObject(with: Data(before.utf8)) as? [String: Any])
            let afterObject = try #require(try JSONSerialization.jsonObject(with: Data(after.utf8)) as? [String: Any])
            #expect(beforeObject["title"] as? String == "Logged")
            #expect(afterObject["title"] as? String == "Logged again")
            // Snapshots never carry the embedding or raw bytes.
            #expect(beforeObject["vector"] == nil && beforeObject["raw_data"] == nil)
            #expect(afterObject["has_embedding"] as? Bool == true)

            let page = try await store.changes(after: 2, limit: 2)
            #expect(page.map(\.seq) == [3, 4])
            #expect(try await store.changes(after: 5, limit: 10).isEmpty)
        }
    }

    @Test(arguments: StoreBackend.all) func batchWritesShareOneTransactionButGetOneEntryEach(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            let docs = try await store.add((0..<3).map { Document(title: "Batch \($0)") })
            #expect(try await store.storeVersion() == 3)
            #expect(try await store.delete(uuids: docs.map(\.uuid)) == 3)
            let changes = try await store.changes(after: 0, limit: 10)
            #expect(changes.map(\.type) == [.created, .created, .created, .deleted, .deleted, .deleted])
            // Deleting nothing writes nothing.
            #expect(try await store.delete(uuids: docs.map(\.uuid)) == 0)
            #expect(try await store.storeVersion() == 6)
        }
    }
}
