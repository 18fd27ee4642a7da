/// Merges ranked lists with reciprocal-rank fusion: `score(d) = Σ 1/(k + rank_i(d))`, ranks 1-based.
///
/// RRF needs no score calibration between lists (BM25 and cosine live on different scales), and a
/// document ranked well by both lists beats one ranked first by only one.
enum ReciprocalRankFusion {
    /// The damping constant; 60 is the value from the original RRF paper and ContextFrame's contract.
    static let k = 60.0

    /// A fused item.
    struct Entry: Equatable {
        var id: Int64
        var score: Double
        /// The best 1-based rank the item had in any list.
        var bestRank: Int
    }

    /// The union of `rankings` (each best first, without duplicates) ordered by fused score.
    ///
    /// Ties go to the item with the better best rank, then the smaller id, so the order is deterministic.
    static func fuse(_ rankings: [[Int64]]) -> [Entry] {
        var entries: [Int64: Entry] = [:]
        for ranking in rankings {
            for (index, id) in ranking.enumerated() {
                let rank = index + 1
                let contribution = 1 / (k + Double(rank))
                if var entry = entries[id] {
                    entry.score += contribution
                    entry.bestRank = min(entry.bestRank, rank)
                    entries[id] = entry
                } else {
                    entries[id] = Entry(id: id, score: contribution, bestRank: rank)
                }
            }
        }
        return entries.values.sorted { lhs, rhs in
            if lhs.score != rhs.score { return lhs.score > rhs.score }
            if lhs.bestRank != rhs.bestRank { return lhs.bestRank < rhs.bestRank }
            return lhs.id < rhs.id
        }
    }
}
