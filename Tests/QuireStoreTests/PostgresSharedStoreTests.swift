import Foundation
import Testing
@testable import QuireStore

/// Several `DocumentStore`s on one PostgreSQL store, as several `quire serve` instances would be:
/// they see each other's writes, wake each other's long polls at once, and share one gap-free,
/// ordered change log. Runs when QUIRE_TEST_POSTGRES_URL is set.
@Suite("PostgreSQL: one store, several instances", .enabled(if: StoreBackend.postgresURL != nil))
struct PostgresSharedStoreTests {
    @Test func aWriteOnOneInstanceWakesAWaitOnAnotherAtOnce() async throws {
        try await withPostgresStores(2) { stores in
            let (writer, waiter) = (stores[0], stores[1])
            // Poll intervals far longer than the test: only the listener can wake these waits in time.
            // Round one: the write may land before the listener is up; its catch-up wake-up on
            // connecting covers that. After it the listener is known to be listening.
            _ = try await writer.add(Document(title: "Before listening"))
            let first = try await waiter.waitForChanges(after: 0, timeout: .seconds(30), pollInterval: .seconds(30))
            #expect(first == 1)
            // Round two: only a NOTIFY from the other instance's commit can wake this one.
            let started = ContinuousClock.now
            async let woken = waiter.waitForChanges(after: first, timeout: .seconds(30), pollInterval: .seconds(30))
            let added = try await writer.add(Document(title: "From the other instance"))
            let version = try await woken
            #expect(version == 2)
            #expect(ContinuousClock.now - started < .seconds(10))
            #expect(try await waiter.get(uuid: added.uuid)?.title == "From the other instance")
        }
    }

    @Test func concurrentWritersShareOneGapFreeOrderedChangeLog() async throws {
        try await withPostgresStores(3) { stores in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, store) in stores.enumerated() {
                    group.addTask {
                        for number in 0..<15 {
                            let document = try await store.add(Document(title: "instance \(index) document \(number)"))
                            _ = try await store.update(uuid: document.uuid) { $0.status = "seen" }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let changes = try await stores[1].changes(after: 0, limit: 1000)
            #expect(changes.map(\.seq) == Array(1...90))
            #expect(try await stores[2].storeVersion() == 90)
            // Each document's creation precedes its update, whoever wrote it.
            var created = Set<String>()
            for change in changes {
                switch change.type {
                case .created: created.insert(change.resourceID)
                case .updated: #expect(created.contains(change.resourceID))
                case .deleted: Issue.record("no deletes were made")
                }
            }
            #expect(created.count == 45)
        }
    }

    @Test func readMostlyUpdatesFromTwoInstancesLoseNothing() async throws {
        try await withPostgresStores(2) { stores in
            let document = try await stores[0].add(Document(title: "Counter", customMetadata: ["count": "0"]))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for store in stores {
                    group.addTask {
                        for _ in 0..<20 {
                            _ = try await store.update(uuid: document.uuid) { document in
                                let count = Int(document.customMetadata["count"] ?? "0") ?? 0
                                document.customMetadata["count"] = String(count + 1)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await stores[1].get(uuid: document.uuid)?.customMetadata["count"] == "40")
        }
    }
}

/// `count` stores opened on one fresh PostgreSQL schema, closed and dropped afterwards.
func withPostgresStores<T>(_ count: Int, _ body: ([DocumentStore]) async throws -> T) async throws -> T {
    try await withStore(.postgres) { first in
        var stores = [first]
        for _ in 1..<count {
            stores.append(try await DocumentStore.open(location: try #require(first.postgresURLForTests)))
        }
        defer { for store in stores.dropFirst() { store.close() } }
        return try await body(stores)
    }
}

extension DocumentStore {
    /// The URL this PostgreSQL store was opened with (password included), for opening it again in tests.
    var postgresURLForTests: String? {
        guard let postgres, let base = StoreBackend.postgresURL else { return nil }
        return base + (base.contains("?") ? "&" : "?") + "schema=" + postgres.location.schema
    }
}
