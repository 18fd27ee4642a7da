import Foundation
import Testing
@testable import QuireStore

@Suite("Vector search")
struct VectorSearchTests {
    static let dimension = 8

    /// 200 documents with seeded random embeddings; every fifth has none. Tags split them in two groups.
    static func corpus() -> [Document] {
        var random = SeededRandom(seed: 42)
        return (0..<200).map { index in
            Document(
                title: "Vector \(index)",
                embedding: index % 5 == 4 ? nil : random.vector(dimension),
                tags: [index % 2 == 0 ? "even" : "odd"]
            )
        }
    }

    /// The reference ranking: cosine similarity by brute force over a full sort.
    static func reference(_ documents: [Document], query: [Float], limit: Int) -> [(uuid: String, score: Double)] {
        func norm(_ vector: [Float]) -> Double { vector.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot() }
        let scored = documents.compactMap { document -> (String, Double)? in
            guard let embedding = document.embedding else { return nil }
            let dot = zip(embedding, query).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            return (document.uuid, dot / (norm(embedding) * norm(query)))
        }
        return scored.sorted { $0.1 > $1.1 }.prefix(limit).map { (uuid: $0.0, score: $0.1) }
    }

    @Test(arguments: StoreBackend.all) func topKMatchesBruteForceWithAndWithoutFilter(_ backend: StoreBackend) async throws {
        try await withStore(backend, dimension: Self.dimension) { (store) async throws in
            let documents = try await store.add(Self.corpus())
            var random = SeededRandom(seed: 99)
            for _ in 0..<5 {
                let query = random.vector(Self.dimension)
                for limit in [1, 10, 37] {
                    let hits = try await store.vectorSearch(embedding: query, limit: limit)
                    let expected = Self.reference(documents, query: query, limit: limit)
                    #expect(hits.map(\.document.uuid) == expected.map(\.uuid))
                    for (hit, reference) in zip(hits, expected) {
                        #expect(abs(hit.score - reference.score) < 1e-9)
                        #expect(hit.snippet == nil)
                    }
                }
                let even = Filter.compare(.field(.tags), .any, .list([.string("even")]))
                let filtered = try await store.vectorSearch(embedding: query, filter: even, limit: 10)
                let expectedEven = Self.reference(documents.filter { $0.tags == ["even"] }, query: query, limit: 10)
                #expect(filtered.map(\.document.uuid) == expectedEven.map(\.uuid))
                #expect(filtered.allSatisfy { $0.document.tags == ["even"] })
            }
        }
    }

    @Test(arguments: StoreBackend.all) func documentsWithoutEmbeddingsAreNeverReturned(_ backend: StoreBackend) async throws {
        try await withStore(backend, dimension: Self.dimension) { (store) async throws in
            _ = try await store.add(Self.corpus())
            let hits = try await store.vectorSearch(embedding: Array(repeating: 1, count: Self.dimension), limit: 500)
            #expect(hits.count == 160)
            #expect(hits.allSatisfy { $0.document.embedding != nil })
            #expect(zip(hits, hits.dropFirst()).allSatisfy { $0.score >= $1.score })
            // Removing an embedding removes the document from vector results.
            let first = try #require(hits.first?.document)
            _ = try await store.update(uuid: first.uuid) { $0.embedding = nil }
            let after = try await store.vectorSearch(embedding: Array(repeating: 1, count: Self.dimension), limit: 500)
            #expect(after.count == 159)
            #expect(!after.contains { $0.document.uuid == first.uuid })
        }
    }

    @Test(arguments: StoreBackend.all) func embeddingRoundTripsExactly(_ backend: StoreBackend) async throws {
        try await withStore(backend, dimension: 4) { (store) async throws in
            let vector: [Float] = [0.1, -2.5e-8, .greatestFiniteMagnitude, -0]
            let added = try await store.add(Document(title: "Exact", embedding: vector))
            #expect(try await store.get(uuid: added.uuid)?.embedding == vector)
        }
    }

    @Test(arguments: StoreBackend.all) func queryDimensionAndValuesAreChecked(_ backend: StoreBackend) async throws {
        try await withStore(backend, dimension: Self.dimension) { (store) async throws in
            let short = await storeError { _ = try await store.vectorSearch(embedding: [1, 2, 3], limit: 3) }
            #expect(short == .embeddingDimensionMismatch(expected: 8, got: 3))
            let hybrid = await storeError { _ = try await store.hybridSearch(query: "x", embedding: [1], limit: 3) }
            #expect(hybrid == .embeddingDimensionMismatch(expected: 8, got: 1))
            let zero = await storeError {
                _ = try await store.vectorSearch(embedding: Array(repeating: 0, count: 8), limit: 3)
            }
            #expect(zero?.validationField == "vector")
            let limit = await storeError {
                _ = try await store.vectorSearch(embedding: Array(repeating: 1, count: 8), limit: -1)
            }
            #expect(limit?.validationField == "limit")
        }
    }

    @Test func boundedHeapKeepsTheBest() {
        var random = SeededRandom(seed: 5)
        let scores = (0..<1000).map { _ in Double(Int.random(in: 0..<300, using: &random)) }
        var topK = TopK<Int64>(capacity: 25)
        for (index, score) in scores.enumerated() { topK.insert(score: score, id: Int64(index)) }
        let expected = scores.enumerated()
            .sorted { $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset }
            .prefix(25)
        #expect(topK.sorted().map(\.id) == expected.map { Int64($0.offset) })
        var empty = TopK<Int64>(capacity: 0)
        empty.insert(score: 1, id: 1)
        #expect(empty.sorted().isEmpty)
    }
}
