import Foundation
import Testing
@testable import QuireStore

@Suite("Documents: add, get, update, delete")
struct DocumentCRUDTests {
    @Test(arguments: StoreBackend.all) func addGeneratesLowerCaseUUIDAndRoundTripsEveryField(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            let created = Date(timeIntervalSince1970: 1_751_724_202.417)
            let document = Document(
                title: "Quarterly report",
                textContent: "Revenue grew.",
                embedding: [1, 2, 3, 4, 5, 6, 7, 8],
                version: "1.2.0",
                context: "Board meeting",
                uri: "https://example.com/report",
                localPath: "/tmp/report.pdf",
                cid: "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG",
                collection: "Reports",
                collectionID: "0b6a8a3e-8a41-4d5e-9c55-0d8f3c1e2a7b",
                collectionIDType: "uuid",
                position: 3,
                author: "Ada",
                contributors: ["Grace", "Linus"],
                tags: ["finance", "q3"],
                createdAt: created,
                status: "draft",
                sourceFile: "report.pdf",
                sourceType: "application/pdf",
                sourceURL: "https://example.com/report.pdf",
                relationships: [Relationship(type: .reference, uri: "https://example.com/data", title: "Data")],
                customMetadata: ["team": "finance", "x_origin": "import"],
                recordType: .document,
                rawData: Data([0, 1, 2, 255]),
                rawDataType: "application/octet-stream"
            )
            let added = try await store.add(document)
            #expect(added.uuid.count == 36)
            #expect(added.uuid == added.uuid.lowercased())
            #expect(added.createdAt == created)

            let withRaw = try #require(try await store.get(uuid: added.uuid, includeRawData: true))
            #expect(withRaw == added)
            let withoutRaw = try #require(try await store.get(uuid: added.uuid.uppercased()))
            #expect(withoutRaw.rawData == nil)
            #expect(withoutRaw.rawDataType == "application/octet-stream")
            var expected = added
            expected.rawData = nil
            #expect(withoutRaw == expected)
        }
    }

    @Test(arguments: StoreBackend.all) func givenUUIDIsStoredLowerCase(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            let upper = "3F2C1A9E-0B7D-4C55-9E21-5A4B8C7D6E0F"
            let added = try await store.add(Document(uuid: upper, title: "Upper"))
            #expect(added.uuid == upper.lowercased())
            #expect(try await store.get(uuid: upper)?.title == "Upper")
            let duplicate = await storeError { try await store.add(Document(uuid: upper.lowercased(), title: "Again")) }
            #expect(duplicate == .duplicate(uuid: upper.lowercased()))
        }
    }

    @Test(arguments: StoreBackend.all) func getMissingReturnsNilAndMalformedUUIDIsAValidationError(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            let missing = try await store.get(uuid: "00000000-0000-4000-8000-000000000000")
            #expect(missing == nil)
            let error = await storeError { _ = try await store.get(uuid: "not-a-uuid") }
            #expect(error?.validationField == "uuid")
        }
    }

    @Test(arguments: StoreBackend.all) func timestampsAreMillisecondRFC3339AndCreatedAtSurvivesUpdates(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            let added = try await store.add(Document(title: "Timed"))
            // The change-log snapshot carries the stored text form of both timestamps.
            let snapshot = try #require(try await store.changes(after: 0, limit: 1).first?.after)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(snapshot.utf8)) as? [String: Any])
            let createdText = try #require(object["created_at"] as? String)
            let updatedText = try #require(object["updated_at"] as? String)
            let pattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
            #expect(createdText.wholeMatch(of: pattern) != nil)
            #expect(updatedText.wholeMatch(of: pattern) != nil)
            #expect(Timestamp.format(added.updatedAt) == updatedText)

            var previous = added
            for round in 0..<5 {
                let updated = try await store.update(uuid: added.uuid) { $0.status = "round \(round)" }
                #expect(updated.createdAt == added.createdAt)
                #expect(updated.updatedAt > previous.updatedAt)
                #expect(try await store.get(uuid: added.uuid) == updated)
                previous = updated
            }
        }
    }

    @Test(arguments: StoreBackend.all) func updateRejectsChangingIdentityAndMissingDocuments(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            let added = try await store.add(Document(title: "Fixed"))
            let uuidChange = await storeError {
                try await store.update(uuid: added.uuid) { $0.uuid = "00000000-0000-4000-8000-000000000000" }
            }
            #expect(uuidChange?.validationField == "uuid")
            let createdChange = await storeError {
                try await store.update(uuid: added.uuid) { $0.createdAt = Date(timeIntervalSince1970: 0) }
            }
            #expect(createdChange?.validationField == "created_at")
            let blank = await storeError { try await store.update(uuid: added.uuid) { $0.title = "  " } }
            #expect(blank?.validationField == "title")
            let missing = await storeError {
                try await store.update(uuid: "00000000-0000-4000-8000-000000000000") { $0.title = "x" }
            }
            #expect(missing == .notFound(uuid: "00000000-0000-4000-8000-000000000000"))
            #expect(try await store.get(uuid: added.uuid) == added)
            #expect(try await store.storeVersion() == 1)
        }
    }

    @Test(arguments: StoreBackend.all) func updateKeepsRawDataAndRethrowsTheClosureError(_ backend: StoreBackend) async throws {
        struct Refused: Error {}
        try await withStore(backend) { (store) async throws in
            let added = try await store.add(Document(title: "Bytes", rawData: Data([9, 8, 7]), rawDataType: "image/png"))
            _ = try await store.update(uuid: added.uuid) { $0.tags = ["kept"] }
            #expect(try await store.get(uuid: added.uuid, includeRawData: true)?.rawData == Data([9, 8, 7]))
            await #expect(throws: Refused.self) {
                try await store.update(uuid: added.uuid) { _ in throw Refused() }
            }
        }
    }

    @Test(arguments: StoreBackend.all) func deleteOneAndMany(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            let docs = try await store.add((0..<4).map { Document(title: "Doc \($0)") })
            #expect(try await store.delete(uuid: docs[0].uuid))
            #expect(try await store.delete(uuid: docs[0].uuid) == false)
            let count = try await store.delete(uuids: [docs[1].uuid, docs[2].uuid.uppercased(), docs[1].uuid,
                                                       "00000000-0000-4000-8000-000000000000"])
            #expect(count == 2)
            #expect(try await store.count() == 1)
            #expect(try await store.get(uuid: docs[3].uuid) != nil)
            let malformed = await storeError { _ = try await store.delete(uuids: [docs[3].uuid, "nope"]) }
            #expect(malformed?.validationField == "uuid")
            #expect(try await store.count() == 1)
        }
    }

    @Test(arguments: StoreBackend.all) func batchAddIsAllOrNothing(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            _ = try await store.add(Document(title: "Existing"))
            let versionBefore = try await store.storeVersion()
            let batch = [
                Document(title: "Good one"),
                Document(title: "Good two"),
                Document(title: "Bad", position: -1),
            ]
            let error = await storeError { _ = try await store.add(batch) }
            #expect(error?.validationField == "position")
            if case let .validation(_, message) = error { #expect(message.contains("index 2")) }
            #expect(try await store.count() == 1)
            #expect(try await store.storeVersion() == versionBefore)

            // A duplicate found only inside the transaction also rolls back the earlier inserts.
            let existing = try await store.list(limit: 1, offset: 0).documents[0]
            let conflict = await storeError {
                _ = try await store.add([Document(title: "New"), Document(uuid: existing.uuid, title: "Clash")])
            }
            #expect(conflict == .duplicate(uuid: existing.uuid))
            #expect(try await store.count() == 1)
            #expect(try await store.storeVersion() == versionBefore)

            let inBatchDuplicate = await storeError {
                _ = try await store.add([
                    Document(uuid: "11111111-1111-4111-8111-111111111111", title: "A"),
                    Document(uuid: "11111111-1111-4111-8111-111111111111", title: "B"),
                ])
            }
            #expect(inBatchDuplicate == .duplicate(uuid: "11111111-1111-4111-8111-111111111111"))

            let added = try await store.add(batch.dropLast() + [Document(title: "Fixed", position: 0)])
            #expect(added.map(\.title) == ["Good one", "Good two", "Fixed"])
            #expect(try await store.count() == 4)
            #expect(try await store.add([Document]()).isEmpty)
        }
    }
}
