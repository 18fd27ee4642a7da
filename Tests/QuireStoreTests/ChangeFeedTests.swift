import Foundation
import Testing
import QuireStore

@Suite("Change feed support")
struct ChangeFeedTests {
    /// Filters over the FilterTests corpus, covering each operator family.
    static let filters: [Filter] = [
        .compare(.field(.title), .eq, .string("Alpha")),
        .compare(.field(.status), .ne, .string("draft")),
        .compare(.field(.status), .eq, .null),
        .compare(.field(.position), .lt, .int(2)),
        .compare(.field(.tags), .any, .list([.string("rust"), .string("ai")])),
        .compare(.field(.tags), .all, .list([.string("ai"), .string("ml")])),
        .compare(.field(.contributors), .eq, .string("ann")),
        .compare(.customMetadata("priority"), .gte, .int(6)),
        .compare(.customMetadata(FilterTests.weirdKey), .exists, .bool(true)),
        .compare(.field(.createdAt), .gte, .string("2025-03-01")),
        .compare(.field(.title), .contains, .string("'")),
        .or([.compare(.field(.author), .eq, .string("Ann")), .not(.compare(.field(.recordType), .eq, .string("document")))]),
    ]

    @Test(arguments: StoreBackend.all) func matchesAgreesWithListingForUnstoredDocuments(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            let stored = try await store.add(FilterTests.corpus)
            for filter in Self.filters {
                let listed = Set(try await store.list(filter: filter, limit: 100, offset: 0).documents.map(\.uuid))
                let verdicts = try await store.matches(filter, documents: stored)
                #expect(Set(zip(stored, verdicts).filter(\.1).map(\.0.uuid)) == listed, "filter \(filter)")
            }
            // Deleted records are judged from their snapshot, with the same answer as before.
            _ = try await store.delete(uuids: stored.map(\.uuid))
            let snapshots = try await store.changes(after: 0, limit: 100).compactMap { $0.afterDocument }
            #expect(snapshots.count == stored.count)
            let verdicts = try await store.matches(.compare(.field(.tags), .any, .list([.string("ai")])), documents: snapshots)
            #expect(zip(snapshots, verdicts).filter(\.1).map(\.0.title).sorted() == ["Alpha", "Beta"])
        }
    }

    @Test(arguments: StoreBackend.all) func snapshotsRoundTripEveryField(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            var document = FilterTests.corpus[0]
            document.relationships = [Relationship(type: .reference, uri: "https://example.com", title: "Ex")]
            let stored = try await store.add(document)
            let change = try #require(try await store.changes(after: 0, limit: 1).first)
            var expected = stored
            expected.embedding = nil
            expected.rawData = nil
            #expect(change.afterDocument == expected)
            #expect(change.beforeDocument == nil)
        }
    }

    @Test(arguments: StoreBackend.all) func waitForChangesWakesOnAWriteAndTimesOutOtherwise(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            let start = try await store.storeVersion()
            // Nothing written: the wait ends at its timeout with the same version.
            #expect(try await store.waitForChanges(after: start, timeout: .milliseconds(50)) == start)
            async let waited = store.waitForChanges(after: start, timeout: .seconds(60))
            _ = try await store.add(Document(title: "wake"))
            #expect(try await waited == start + 1)
        }
    }

    @Test(arguments: StoreBackend.all) func waitForChangesEndsWhenCancelled(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            let task = Task { try await store.waitForChanges(after: 0, timeout: .seconds(3600)) }
            task.cancel()
            // Ends at once: with the version, or with CancellationError if it was cancelled before reading.
            let result = await task.result
            if case .success(let version) = result { #expect(version == 0) }
            if case .failure(let error) = result { #expect(error is CancellationError) }
        }
    }

    @Test func subscriptionsPersistAndExpire() async throws {
        try await withTemporaryDirectory { (directory) async throws in
            let path = directory + "/subs.db"
            let created = Date(timeIntervalSince1970: 1_700_000_000)
            do {
                let store = try DocumentStore.open(path: path, options: StoreOptions(embeddingDimension: 4))
                try await store.createSubscription(ChangeSubscription(id: "s1", principal: "p", resourceType: "all", filters: #"{"author":"Ada"}"#, options: "{}", createdAt: created, lastPoll: nil, cursor: 3))
                try await store.createSubscription(ChangeSubscription(id: "s2", principal: "q", resourceType: "documents", filters: nil, options: "{}", createdAt: created, lastPoll: nil, cursor: 0))
                try await store.recordPoll(subscriptionID: "s1", cursor: 7, at: created.addingTimeInterval(100))
            }
            let reopened = try DocumentStore.open(path: path)
            let s1 = try #require(try await reopened.subscription(id: "s1"))
            #expect(s1.cursor == 7 && s1.filters == #"{"author":"Ada"}"# && s1.lastPoll == created.addingTimeInterval(100))
            #expect(try await reopened.subscriptions(principal: "p").map(\.id) == ["s1"])
            #expect(try await reopened.subscriptions(principal: "q", resourceType: "all").isEmpty)
            #expect(try await reopened.expireSubscriptions(idleSince: created.addingTimeInterval(50)) == 1)
            #expect(try await reopened.subscription(id: "s2") == nil)
            #expect(try await reopened.deleteSubscription(id: "s1"))
            #expect(!(try await reopened.deleteSubscription(id: "s1")))
        }
    }
}
