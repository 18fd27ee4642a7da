import Foundation
import GRDB
import Testing
@testable import QuireStore

@Suite("Vector index")
struct VectorIndexTests {
    /// 20 components: one 16-lane step plus a scalar tail in the Float32 kernel.
    static let dimension = 20

    /// What the table scan (the pre-index brute force) ranks for `query`, as (uuid, score).
    static func scanned(
        _ store: DocumentStore, _ query: [Float], filter: Filter? = nil, limit: Int
    ) async throws -> [(uuid: String, score: Double)] {
        let condition = try FilterCompiler.compile(filter)
        let norm = VectorCodec.norm(query)
        return try await store.pool.read { db in
            let ranked = try DocumentStore.scannedVectorRanking(query, norm: norm, condition: condition, depth: limit, in: db)
            return try ranked.map { entry in
                let uuid = try String.fetchOne(db, sql: "SELECT uuid FROM documents WHERE id = ?", arguments: [entry.id])
                return (uuid: uuid ?? "?", score: entry.score)
            }
        }
    }

    /// Checks that `store`'s indexed vector search equals the table scan, bit for bit, for a few
    /// queries, limits and filters, and that the index (not the fallback) answered.
    static func expectMatchesScan(_ store: DocumentStore, seed: UInt64, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        var random = SeededRandom(seed: seed)
        let even = Filter.compare(.field(.tags), .any, .list([.string("even")]))
        let rare = Filter.compare(.field(.tags), .any, .list([.string("rare")]))
        for _ in 0..<4 {
            let query = random.vector(dimension)
            for (filter, limit) in [(nil, 1), (nil, 10), (nil, 1000), (even, 7), (rare, 5)] as [(Filter?, Int)] {
                let hits = try await store.vectorSearch(embedding: query, filter: filter, limit: limit)
                let expected = try await scanned(store, query, filter: filter, limit: limit)
                #expect(hits.map(\.document.uuid) == expected.map(\.uuid), sourceLocation: sourceLocation)
                #expect(hits.map(\.score) == expected.map(\.score), sourceLocation: sourceLocation)
            }
        }
        let answered = try await store.pool.read { db in try store.vectorIndex.snapshot(in: db) != nil }
        #expect(answered, "the index, not the table scan, answered", sourceLocation: sourceLocation)
    }

    /// Documents with seeded random embeddings, plus exact duplicates and scalar multiples
    /// (equal cosine, so ties must break by row id as in the scan), some without embeddings.
    static func corpus(_ count: Int, seed: UInt64) -> [Document] {
        var random = SeededRandom(seed: seed)
        var documents: [Document] = []
        for index in 0..<count {
            var embedding: [Float]? = random.vector(dimension)
            if index % 7 == 3 { embedding = nil }
            if index % 11 == 5, let previous = documents.last?.embedding {
                embedding = index % 2 == 0 ? previous : previous.map { $0 * 3 }
            }
            var tags = [index % 2 == 0 ? "even" : "odd"]
            if index % 40 == 0 { tags.append("rare") }
            documents.append(Document(title: "Doc \(index)", embedding: embedding, tags: tags))
        }
        return documents
    }

    @Test func indexedSearchEqualsTheScanAfterAddsUpdatesAndDeletes() async throws {
        try await withStore(dimension: Self.dimension) { (store) async throws in
            var documents = try await store.add(Self.corpus(300, seed: 1))
            // The first search loads the index; every write after it is applied on commit.
            try await Self.expectMatchesScan(store, seed: 10)
            #expect(store.vectorIndex.isLoaded)

            documents += try await store.add(Self.corpus(120, seed: 2))
            var random = SeededRandom(seed: 3)
            for document in documents.prefix(60) {
                let vector = random.vector(Self.dimension)
                _ = try await store.update(uuid: document.uuid) { $0.embedding = vector }
            }
            for document in documents.dropFirst(60).prefix(20) {
                _ = try await store.update(uuid: document.uuid) { $0.embedding = nil }
            }
            for document in documents.dropFirst(80).prefix(10) {
                // A title-only update leaves the vector as it was.
                _ = try await store.update(uuid: document.uuid) { $0.title += " (edited)" }
            }
            let deleted = try await store.delete(uuids: documents.dropFirst(100).prefix(50).map(\.uuid))
            #expect(deleted == 50)
            // Slots freed by the deletes are reused by these.
            _ = try await store.add(Self.corpus(30, seed: 4))
            // A collection with members and its recursive delete touch rows through other paths.
            let members = documents.suffix(5).map(\.uuid)
            let created = try await store.createCollection(NewCollection(name: "Set", initialMembers: members))
            _ = try await store.deleteCollection(created.header.uuid, deleteMembers: true, recursive: false)
            // Applied on commit, not by the next search's catch-up.
            let version = try await store.pool.read { db in try ChangeLog.version(in: db) }
            #expect(store.vectorIndex.indexedVersion == version)
            try await Self.expectMatchesScan(store, seed: 11)
        }
    }

    @Test func anotherStoreOnTheSameFileIsSeenBeforeTheNextSearch() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/shared.db"
            let options = StoreOptions(embeddingDimension: Self.dimension)
            let first = try DocumentStore.open(path: path, options: options)
            let documents = try await first.add(Self.corpus(200, seed: 5))
            try await Self.expectMatchesScan(first, seed: 20)

            // A second store stands in for another process: its writes reach the first only
            // through the file and the change log.
            let second = try DocumentStore.open(path: path, options: options)
            let added = try await second.add(Self.corpus(40, seed: 6))
            var random = SeededRandom(seed: 7)
            for document in documents.prefix(15) {
                let vector = random.vector(Self.dimension)
                _ = try await second.update(uuid: document.uuid) { $0.embedding = vector }
            }
            _ = try await second.update(uuid: added[0].uuid) { $0.embedding = nil }
            _ = try await second.delete(uuids: documents.dropFirst(20).prefix(25).map(\.uuid) + [added[1].uuid])
            // Deleted and re-added under the same uuid: a new row id, the old one must go.
            let reborn = documents[30]
            _ = try await second.delete(uuid: reborn.uuid)
            var again = reborn
            again.embedding = random.vector(Self.dimension)
            _ = try await second.add(again)
            // Behind until its next search catches up from the change log.
            let current = try await first.pool.read { db in try ChangeLog.version(in: db) }
            #expect(first.vectorIndex.indexedVersion.map { $0 < current } == true)
            try await Self.expectMatchesScan(first, seed: 21)

            // More changes than a refresh handles (a reload instead), then a pruned change log
            // (entries missing, so the first store cannot tell what changed: a reload too).
            _ = try await second.add(Self.corpus(1_100, seed: 8))
            try await Self.expectMatchesScan(first, seed: 22)
            _ = try await second.delete(uuids: added.dropFirst(2).prefix(10).map(\.uuid))
            try await second.pool.write { db in try db.execute(sql: "DELETE FROM changes") }
            try await Self.expectMatchesScan(first, seed: 23)
        }
    }

    @Test func hybridSearchEqualsTheFusionOfBothReferenceRankings() async throws {
        try await withStore(dimension: Self.dimension) { (store) async throws in
            let words = ["red", "green", "blue", "cyan", "teal", "plum", "gold", "rose"]
            var random = SeededRandom(seed: 50)
            let documents = Self.corpus(400, seed: 51).map { document -> Document in
                var copy = document
                copy.textContent = (0..<12).map { _ in words[Int.random(in: 0..<words.count, using: &random)] }.joined(separator: " ")
                return copy
            }
            _ = try await store.add(documents)
            let even = Filter.compare(.field(.tags), .any, .list([.string("even")]))
            for (text, filter, limit) in [("red teal", nil, 10), ("gold", even, 30), ("!!!", nil, 5)] as [(String, Filter?, Int)] {
                let query = random.vector(Self.dimension)
                let depth = max(50, 2 * limit)
                let hits = try await store.hybridSearch(query: text, embedding: query, filter: filter, limit: limit)
                let textIDs = try await store.textSearch(query: text, filter: filter, limit: depth).map(\.document.uuid)
                let vectorIDs = try await Self.scanned(store, query, filter: filter, limit: depth).map(\.uuid)
                // Ties in fused score break by row id, which the uuids here do not show: compare the
                // scores in order, and each hit's score with its own fused score.
                var fused: [String: Double] = [:]
                for ranking in [textIDs, vectorIDs] {
                    for (index, id) in ranking.enumerated() { fused[id, default: 0] += 1 / (60 + Double(index + 1)) }
                }
                let expectedScores = fused.values.sorted(by: >).prefix(limit)
                #expect(hits.map(\.score) == Array(expectedScores))
                #expect(hits.allSatisfy { fused[$0.document.uuid] == $0.score })
            }
            #expect(store.vectorIndex.isLoaded)
        }
    }

    @Test func searchesDuringWritesSeeConsistentResults() async throws {
        try await withStore(dimension: Self.dimension) { (store) async throws in
            let documents = try await store.add(Self.corpus(300, seed: 60))
            try await Self.expectMatchesScan(store, seed: 61)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    var random = SeededRandom(seed: 62)
                    for round in 0..<30 {
                        _ = try await store.add(Self.corpus(5, seed: 100 + UInt64(round)))
                        let vector = random.vector(Self.dimension)
                        _ = try await store.update(uuid: documents[round].uuid) { $0.embedding = vector }
                        _ = try await store.delete(uuid: documents[100 + round].uuid)
                    }
                }
                for reader in 0..<3 {
                    group.addTask {
                        var random = SeededRandom(seed: 70 + UInt64(reader))
                        for _ in 0..<25 {
                            let query = random.vector(Self.dimension)
                            // Each search sees one snapshot: scores are sorted and no hit is missing.
                            let hits = try await store.hybridSearch(query: "Doc", embedding: query, limit: 20)
                            #expect(hits.count == 20)
                            let vector = try await store.vectorSearch(embedding: query, limit: 20)
                            #expect(vector.count == 20)
                            #expect(zip(vector, vector.dropFirst()).allSatisfy { $0.score >= $1.score })
                        }
                    }
                }
                try await group.waitForAll()
            }
            try await Self.expectMatchesScan(store, seed: 63)
        }
    }

    @Test func aVeryLargeTransactionReloadsTheIndexInsteadOfCopyingIt() async throws {
        try await withStore(dimension: 4) { (store) async throws in
            var random = SeededRandom(seed: 80)
            _ = try await store.add((0..<10).map { Document(title: "Seed \($0)", embedding: random.vector(4)) })
            _ = try await store.vectorSearch(embedding: [1, 0, 0, 0], limit: 1)
            #expect(store.vectorIndex.isLoaded)
            _ = try await store.add((0..<10_001).map { Document(title: "Bulk \($0)", embedding: random.vector(4)) })
            #expect(!store.vectorIndex.isLoaded)
            let query = random.vector(4)
            let hits = try await store.vectorSearch(embedding: query, limit: 25)
            let expected = try await Self.scanned(store, query, limit: 25)
            #expect(hits.map(\.document.uuid) == expected.map(\.uuid))
            #expect(store.vectorIndex.isLoaded)
        }
    }

    @Test func aSearchOlderThanTheIndexScansTheTable() async throws {
        try await withStore(dimension: Self.dimension) { (store) async throws in
            _ = try await store.add(Self.corpus(100, seed: 9))
            try await Self.expectMatchesScan(store, seed: 30)
            let old = try store.pool.makeSnapshot()
            _ = try await store.add(Self.corpus(10, seed: 10))
            // The index already holds the new rows; a read transaction from before must not use it.
            var random = SeededRandom(seed: 31)
            let query = random.vector(Self.dimension)
            try await old.read { db in
                #expect(try store.vectorIndex.snapshot(in: db) == nil)
                let norm = VectorCodec.norm(query)
                let ranked = try DocumentStore.vectorRanking(
                    query, norm: norm, condition: .matchAll, depth: 200, index: store.vectorIndex, in: db
                )
                let stored = try Int.fetchOne(db, sql: "SELECT count(*) FROM documents WHERE vector IS NOT NULL")
                #expect(ranked.count == stored)
            }
        }
    }

    @Test func overTheMemoryLimitSearchScansTheTable() async throws {
        try await withTemporaryDirectory { directory in
            let options = StoreOptions(embeddingDimension: Self.dimension, vectorIndexMemoryLimit: 1_000)
            let store = try DocumentStore.open(path: directory + "/small.db", options: options)
            let documents = try await store.add(Self.corpus(50, seed: 12))
            var random = SeededRandom(seed: 32)
            let query = random.vector(Self.dimension)
            let hits = try await store.vectorSearch(embedding: query, limit: 5)
            let expected = try await Self.scanned(store, query, limit: 5)
            #expect(hits.map(\.document.uuid) == expected.map(\.uuid))
            #expect(!store.vectorIndex.isLoaded)
            #expect(documents.count == 50)
        }
    }

    /// The Float32 scan, split in one or two parts and with each selection, always returns a
    /// superset of the exact top k.
    @Test func scanCandidatesContainTheExactTopK() {
        var random = SeededRandom(seed: 40)
        let dimension = 67
        var storage = VectorStorage(dimension: dimension)
        var vectors: [Int64: [Float]] = [:]
        for id in Int64(1)...3_000 {
            var vector = random.vector(dimension)
            // Clusters of near-identical vectors make many near-ties.
            if id % 5 == 0, let base = vectors[id - 1] { vector = base.map { $0 + Float.random(in: -1e-6...1e-6, using: &random) } }
            vectors[id] = vector
            vector.withUnsafeBytes { storage.upsert(rowID: id, vector: $0, norm: VectorCodec.norm(vector)) }
        }
        for id in stride(from: Int64(3), through: 3_000, by: 9) {
            storage.remove(rowID: id)
            vectors[id] = nil
        }
        let query = random.vector(dimension)
        let queryNorm = VectorCodec.norm(query)
        let unit = query.map { Float(Double($0) / queryNorm) }
        func exactTop(_ k: Int, among ids: Set<Int64>?) -> [Int64] {
            var best = TopK<Int64>(capacity: k)
            for (id, vector) in vectors where ids?.contains(id) ?? true {
                let bytes = vector.withUnsafeBytes { Data($0) }
                let dot = bytes.withUnsafeBytes { VectorCodec.dot(query, storedBytes: $0) } ?? 0
                best.insert(score: dot / (VectorCodec.norm(vector) * queryNorm), id: id)
            }
            return best.sorted().map(\.id)
        }
        let members = Set(vectors.keys.filter { $0 % 3 == 1 })
        let memberSlots = members.compactMap { storage.slot(of: $0) }.sorted()
        var bits = [UInt64](repeating: 0, count: (storage.slotCount + 63) / 64)
        for slot in memberSlots { bits[Int(slot) >> 6] |= 1 << UInt64(slot & 63) }
        for k in [1, 10, 100] {
            for (selection, ids) in [(VectorScan.Selection.all, nil), (.slots(memberSlots), members), (.members(bits), members)]
                as [(VectorScan.Selection, Set<Int64>?)] {
                let found = Set(VectorScan.candidates(in: storage, query: unit, depth: k, selection: selection))
                #expect(Set(exactTop(k, among: ids)).isSubset(of: found))
                if let ids { #expect(found.isSubset(of: ids)) }
                #expect(found.count < k + 200)
            }
        }
        // The two-part split agrees with one part.
        let whole = VectorScan.candidates(in: storage, query: unit, depth: 25, selection: .all, parallelThreshold: .max)
        let split = VectorScan.candidates(in: storage, query: unit, depth: 25, selection: .all, parallelThreshold: 0)
        #expect(Set(exactTop(25, among: nil)).isSubset(of: Set(split)))
        #expect(Set(whole).intersection(Set(split)).count >= 25)
    }

    @Test func kernelMatchesADoubleDotProduct() {
        var random = SeededRandom(seed: 41)
        for count in [1, 15, 16, 17, 63, 64, 65, 384, 1_000] {
            let a = random.vector(count)
            let b = random.vector(count)
            let exact = zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            let fast = a.withUnsafeBufferPointer { x in
                b.withUnsafeBufferPointer { y in VectorScan.dot(x.baseAddress!, y.baseAddress!, count: count) }
            }
            #expect(abs(Double(fast) - exact) <= Double(count) * 0x1p-24 * Double(count))
        }
    }
}
