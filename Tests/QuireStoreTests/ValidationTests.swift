import Foundation
import Testing
import QuireStore

@Suite("Validation on write")
struct ValidationTests {
    @Test(arguments: [
        (Document(title: ""), "title"),
        (Document(title: " \n\t"), "title"),
        (Document(uuid: "1234", title: "Bad uuid"), "uuid"),
        (Document(uuid: "3f2c1a9e-0b7d-4c55-9e21-5a4b8c7d6e0g", title: "Bad hex"), "uuid"),
        (Document(title: "Negative", position: -1), "position"),
        (Document(title: "Huge", position: Int(Int32.max) + 1), "position"),
        (Document(title: "Type", collectionIDType: "name"), "collection_id_type"),
        (Document(title: "Cid", cid: "not-a-cid"), "cid"),
        (Document(title: "Short cid", cid: "QmShort"), "cid"),
        (Document(title: "Bad base58", cid: "Qm0wAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG"), "cid"),
        (Document(title: "No target", relationships: [Relationship(type: .parent, title: "nothing")]), "relationships[0]"),
        (Document(title: "Empty target", relationships: [
            Relationship(type: .child, id: "x"), Relationship(type: .related, uri: ""),
        ]), "relationships[1]"),
        (Document(title: "Empty key", customMetadata: ["": "v"]), "custom_metadata"),
        (Document(title: "NaN", embedding: [1, 2, 3, .nan, 5, 6, 7, 8]), "vector"),
        (Document(title: "Ancient", createdAt: Date(timeIntervalSince1970: -70_000_000_000)), "created_at"),
    ])
    func invalidDocumentsNameTheField(document: Document, field: String) async throws {
        try await withStore { (store) async throws in
            let error = await storeError { _ = try await store.add(document) }
            #expect(error?.validationField == field, "\(String(describing: error))")
            #expect(error?.description.contains(field) == true)
            let count = try await store.count()
            let version = try await store.storeVersion()
            #expect(count == 0 && version == 0)
        }
    }

    @Test(arguments: StoreBackend.all) func acceptedEdgeValues(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            let added = try await store.add([
                Document(title: "Zero", position: 0),
                Document(title: "Base32 cid", cid: "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"),
                Document(title: "Every id type", collectionIDType: "string"),
                Document(title: "Path target", relationships: [Relationship(type: .memberOf, path: "/a/b")]),
            ])
            #expect(added.count == 4)
        }
    }

    @Test(arguments: StoreBackend.all) func embeddingDimensionMustMatchTheStore(_ backend: StoreBackend) async throws {
        try await withStore(backend, dimension: 8) { (store) async throws in
            let error = await storeError { _ = try await store.add(Document(title: "Short", embedding: [1, 2, 3])) }
            #expect(error == .embeddingDimensionMismatch(expected: 8, got: 3))
            let update = try await store.add(Document(title: "Fine", embedding: Array(repeating: 1, count: 8)))
            let updateError = await storeError {
                _ = try await store.update(uuid: update.uuid) { $0.embedding = Array(repeating: 1, count: 9) }
            }
            #expect(updateError == .embeddingDimensionMismatch(expected: 8, got: 9))
        }
    }
}
