import Dispatch
import GRDB
import Synchronization

extension DocumentStore {
    /// How a vector ranking finds its candidates, decided inside the caller's read transaction.
    enum VectorPlan: Sendable {
        /// Score these slots of the in-memory index (a snapshot matching the transaction).
        case indexed(VectorStorage, VectorScan.Selection)
        /// The filter keeps no document with an embedding.
        case nothing
        /// The index is unavailable (over its memory limit) or newer than this transaction:
        /// stream the embeddings out of the table instead.
        case tableScan

        /// Starts the index scan on other threads, so the caller can query SQLite meanwhile;
        /// `nil` when this plan has no scan.
        func start(query: [Float], norm: Double, depth: Int) -> PendingScan? {
            guard case .indexed(let storage, let selection) = self else { return nil }
            return PendingScan.start(in: storage, query: DocumentStore.unitVector(query, norm: norm), depth: depth, selection: selection)
        }
    }

    /// The best `depth` documents by cosine similarity to `query` (whose norm is `norm`).
    ///
    /// A Float32 pass over the in-memory index picks every row that may rank in the top `depth`;
    /// only those are then scored exactly as ``scannedVectorRanking(_:norm:condition:depth:in:)``
    /// scores every row, so both return the same ranking, scores and ties included.
    static func vectorRanking(
        _ query: [Float],
        norm: Double,
        condition: CompiledFilter,
        depth: Int,
        index: VectorIndex,
        in db: Database
    ) throws -> [RankedID] {
        let plan = try planVectorRanking(condition: condition, index: index, in: db)
        return try finishVectorRanking(plan, scan: nil, query: query, norm: norm, condition: condition, depth: depth, in: db)
    }

    /// Takes the index snapshot for `db`'s transaction and the slots `condition` keeps.
    static func planVectorRanking(condition: CompiledFilter, index: VectorIndex, in db: Database) throws -> VectorPlan {
        guard let storage = try index.snapshot(in: db) else { return .tableScan }
        guard let selection = try vectorSelection(condition, storage: storage, in: db) else { return .nothing }
        return .indexed(storage, selection)
    }

    /// Completes `plan`: waits for `scan` (or scans now) and scores the candidates exactly.
    static func finishVectorRanking(
        _ plan: VectorPlan,
        scan: PendingScan?,
        query: [Float],
        norm: Double,
        condition: CompiledFilter,
        depth: Int,
        in db: Database
    ) throws -> [RankedID] {
        switch plan {
        case .nothing:
            return []
        case .tableScan:
            return try scannedVectorRanking(query, norm: norm, condition: condition, depth: depth, in: db)
        case .indexed(let storage, let selection):
            let candidates = scan?.wait()
                ?? VectorScan.candidates(in: storage, query: unitVector(query, norm: norm), depth: depth, selection: selection)
            return try exactRanking(candidates, query: query, norm: norm, depth: depth, in: db)
        }
    }

    /// `query` scaled to unit length, each component divided in Double and rounded once.
    static func unitVector(_ query: [Float], norm: Double) -> [Float] {
        query.map { Float(Double($0) / norm) }
    }

    /// The best `depth` of `candidates` by exact cosine similarity, read from the table.
    static func exactRanking(_ candidates: [Int64], query: [Float], norm: Double, depth: Int, in db: Database) throws -> [RankedID] {
        var best = TopK<Int64>(capacity: depth)
        try KeyLookup.forEachRow("SELECT d.id, d.vector, d.vector_norm FROM documents d WHERE d.id IN", keys: candidates, in: db) { row in
            try offer(row, query: query, norm: norm, to: &best)
        }
        return best.sorted().map { RankedID(id: $0.id, score: $0.score) }
    }

    /// The slots of the rows `condition` keeps, or `nil` when it keeps none that has an embedding.
    ///
    /// Only row ids are read; a few matches are scored one by one, many by a full pass that skips
    /// non-members with a bit test.
    static func vectorSelection(
        _ condition: CompiledFilter,
        storage: VectorStorage,
        in db: Database
    ) throws -> VectorScan.Selection? {
        if condition.isMatchAll { return .all }
        var slots: [Int32] = []
        let ids = try Int64.fetchCursor(
            db,
            sql: "SELECT d.id FROM documents d WHERE (\(condition.sql))",
            arguments: StatementArguments(condition.arguments)
        )
        while let id = try ids.next() {
            if let slot = storage.slot(of: id) { slots.append(slot) }
        }
        guard !slots.isEmpty else { return nil }
        if slots.count * 16 < storage.slotCount {
            slots.sort()
            return .slots(slots)
        }
        var bits = [UInt64](repeating: 0, count: (storage.slotCount + 63) / 64)
        for slot in slots {
            bits[Int(slot) >> 6] |= 1 << UInt64(slot & 63)
        }
        return .members(bits)
    }

    /// The best `depth` documents by cosine similarity, streaming every embedding out of the table.
    ///
    /// The reference the index must agree with, and the fallback when the index is unavailable
    /// (over its memory limit) or newer than the caller's read transaction.
    static func scannedVectorRanking(
        _ query: [Float],
        norm: Double,
        condition: CompiledFilter,
        depth: Int,
        in db: Database
    ) throws -> [RankedID] {
        var best = TopK<Int64>(capacity: depth)
        // A cursor streams rows so memory stays O(depth) however large the store is.
        let cursor = try Row.fetchCursor(
            db,
            sql: """
                SELECT d.id, d.vector, d.vector_norm FROM documents d
                WHERE d.vector IS NOT NULL AND (\(condition.sql))
                """,
            arguments: StatementArguments(condition.arguments)
        )
        while let row = try cursor.next() {
            try offer(row, query: query, norm: norm, to: &best)
        }
        return best.sorted().map { RankedID(id: $0.id, score: $0.score) }
    }

    /// Scores a `(id, vector, vector_norm)` row by exact cosine similarity (dot product in Double)
    /// and offers it to `best`; rows without a usable embedding are skipped.
    private static func offer(_ row: Row, query: [Float], norm: Double, to best: inout TopK<Int64>) throws {
        let id = try row.decode(Int64.self, atIndex: 0)
        let storedNorm = try row.decode(Double?.self, atIndex: 2) ?? 0
        guard storedNorm > 0 else { return }
        let dot = try row.withUnsafeData(atIndex: 1) { data in
            data?.withUnsafeBytes { VectorCodec.dot(query, storedBytes: $0) }
        }
        guard let dot else { return }
        best.insert(score: dot / (storedNorm * norm), id: id)
    }
}

/// An index scan running on other threads; ``wait()`` returns its candidates.
final class PendingScan: Sendable {
    private let result = Mutex<[Int64]>([])
    private let done = DispatchSemaphore(value: 0)

    /// Starts ``VectorScan/candidates(in:query:depth:selection:parallelThreshold:)`` on the global queue.
    static func start(in storage: VectorStorage, query: [Float], depth: Int, selection: VectorScan.Selection) -> PendingScan {
        let pending = PendingScan()
        DispatchQueue.global().async {
            // One thread: the caller's SQL query has the other core, and a large scan is bound by
            // memory bandwidth, which one core already saturates.
            let found = VectorScan.candidates(
                in: storage, query: query, depth: depth, selection: selection, parallelThreshold: .max
            )
            pending.result.withLock { $0 = found }
            pending.done.signal()
        }
        return pending
    }

    /// Blocks until the scan is done (callers are on a database thread, never the concurrency pool).
    func wait() -> [Int64] {
        done.wait()
        return result.withLock { $0 }
    }
}
