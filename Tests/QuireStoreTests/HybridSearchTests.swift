import Foundation
import Testing
@testable import QuireStore

@Suite("Hybrid search (reciprocal-rank fusion)")
struct HybridSearchTests {
    static func unit(_ values: Float...) -> [Float] {
        values + Array(repeating: 0, count: 8 - values.count)
    }

    /// Text ranks for "alpha": A 1, B 2, C 3 (D, E absent).
    /// Vector ranks for the query e1: C 1, D 2, B 3, A 4 (E has no embedding).
    /// RRF: C = 1/63 + 1/61, A = 1/61 + 1/64, B = 1/62 + 1/63, D = 1/62.
    static let corpus: [Document] = [
        Document(title: "Doc A", textContent: "alpha alpha alpha", embedding: unit(0, 1), tags: ["keep"]),
        Document(title: "Doc B", textContent: "alpha alpha beta gamma", embedding: unit(1, 1), tags: ["keep"]),
        Document(title: "Doc C", textContent: "alpha beta gamma delta epsilon zeta", embedding: unit(1), tags: ["drop"]),
        Document(title: "Doc D", textContent: "beta gamma", embedding: unit(1, 0.5), tags: ["keep"]),
        Document(title: "Doc E", textContent: "omega", tags: ["keep"]),
    ]

    @Test(arguments: StoreBackend.all) func componentRankingsAreAsDesigned(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            _ = try await store.add(Self.corpus)
            let text = try await store.textSearch(query: "alpha", limit: 10)
            #expect(text.map(\.document.title) == ["Doc A", "Doc B", "Doc C"])
            let vector = try await store.vectorSearch(embedding: Self.unit(1), limit: 10)
            #expect(vector.map(\.document.title) == ["Doc C", "Doc D", "Doc B", "Doc A"])
        }
    }

    @Test(arguments: StoreBackend.all) func fusesByReciprocalRank(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            _ = try await store.add(Self.corpus)
            let hits = try await store.hybridSearch(query: "alpha", embedding: Self.unit(1), limit: 10)
            #expect(hits.map(\.document.title) == ["Doc C", "Doc A", "Doc B", "Doc D"])
            let expected = [1.0 / 63 + 1.0 / 61, 1.0 / 61 + 1.0 / 64, 1.0 / 62 + 1.0 / 63, 1.0 / 62]
            for (hit, score) in zip(hits, expected) {
                #expect(abs(hit.score - score) < 1e-12)
            }
            #expect(hits[0].snippet?.contains("**alpha**") == true)
            #expect(hits[3].snippet == nil)

            let top2 = try await store.hybridSearch(query: "alpha", embedding: Self.unit(1), limit: 2)
            #expect(top2.map(\.document.title) == ["Doc C", "Doc A"])
        }
    }

    @Test(arguments: StoreBackend.all) func filterAppliesToBothLists(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            _ = try await store.add(Self.corpus)
            // Without C: text A 1, B 2; vector D 1, B 2, A 3 → A = 1/61 + 1/63, B = 2/62, D = 1/61.
            let keep = Filter.compare(.field(.tags), .contains, .string("keep"))
            let hits = try await store.hybridSearch(query: "alpha", embedding: Self.unit(1), filter: keep, limit: 10)
            #expect(hits.map(\.document.title) == ["Doc A", "Doc B", "Doc D"])
        }
    }

    @Test(arguments: StoreBackend.all) func queryWithoutWordsFallsBackToTheVectorRanking(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            _ = try await store.add(Self.corpus)
            let hits = try await store.hybridSearch(query: "?!", embedding: Self.unit(1), limit: 10)
            #expect(hits.map(\.document.title) == ["Doc C", "Doc D", "Doc B", "Doc A"])
        }
    }

    @Test func fusionFormulaAndTieBreaks() {
        let fused = ReciprocalRankFusion.fuse([[10, 20, 30], [30, 40, 10]])
        #expect(fused.map(\.id) == [10, 30, 20, 40])
        #expect(abs(fused[0].score - (1.0 / 61 + 1.0 / 63)) < 1e-15)
        // Equal sums: the better single rank wins, then the smaller id.
        let tied = ReciprocalRankFusion.fuse([[1, 2], [2, 1], [3], [4]])
        #expect(tied.map(\.id) == [1, 2, 3, 4])
        #expect(tied[0].score == tied[1].score)
        #expect(ReciprocalRankFusion.fuse([]).isEmpty)
    }
}
