import Foundation
import GRDB
import Synchronization

/// The in-memory vector index of one open store: every stored embedding as a unit-length Float32
/// vector in contiguous blocks, so a vector search is one tight pass over memory instead of
/// reading every embedding BLOB out of SQLite.
///
/// **Lifecycle.** Loaded lazily by the first vector search (one pass over the table). Writes made
/// through this ``DocumentStore`` are applied right after they commit (``VectorIndexObserver``).
/// Writes by other processes, or by another `DocumentStore` on the same file, are caught before
/// each search by comparing the store version (the change log's last `seq`) with the index's: the
/// rows named by the newer change-log entries are re-read; when entries were pruned or too many
/// arrived, the index is simply reloaded. A search whose read transaction is older than the index
/// (it raced a write) falls back to the table scan, so every search sees exactly its snapshot.
///
/// **Memory.** Bounded by the data itself: 4 bytes per component plus about 30 bytes per document
/// of bookkeeping, the same size as the embeddings in the file. 100,000 documents at 384
/// dimensions take about 154 MB; 1,000,000 at 1,536 dimensions would take 6 GB, which is why
/// ``StoreOptions/vectorIndexMemoryLimit`` caps it: past the cap the index is dropped for the rest
/// of this store's life and vector search scans the table as before (slower, but with O(k) memory).
final class VectorIndex: Sendable {
    private struct State {
        var storage: VectorStorage?
        /// The store version `storage` reflects.
        var version = 0
        /// Set once the index outgrew the memory limit.
        var disabled = false
    }

    private enum Lookup {
        case ready(VectorStorage)
        case stale(VectorStorage?, version: Int)
        case unavailable
    }

    let dimension: Int
    let memoryLimit: Int
    private let state = Mutex(State())
    /// Serialises loads and change-log refreshes, which read the database; writers never wait on it.
    private let refreshLock = Mutex(())

    init(dimension: Int, memoryLimit: Int) {
        self.dimension = dimension
        self.memoryLimit = memoryLimit
    }

    /// Whether the index is in memory (it may still be behind the store).
    var isLoaded: Bool {
        state.withLock { $0.storage != nil }
    }

    /// The store version the index reflects, or `nil` when it is not loaded.
    var indexedVersion: Int? {
        state.withLock { $0.storage == nil ? nil : $0.version }
    }

    /// The index exactly as of `db`'s read transaction, loading or refreshing it first;
    /// `nil` when the caller should scan the table instead.
    func snapshot(in db: Database) throws -> VectorStorage? {
        let version = try ChangeLog.version(in: db)
        switch lookup(at: version) {
        case .ready(let storage): return storage
        case .unavailable: return nil
        case .stale: break
        }
        return try refreshLock.withLock { _ -> VectorStorage? in
            // Another search may have brought the index up to date while this one waited.
            let outdated: VectorStorage?
            let from: Int
            switch lookup(at: version) {
            case .ready(let storage): return storage
            case .unavailable: return nil
            case .stale(let storage, let indexed):
                outdated = storage
                from = indexed
            }
            let updated: VectorStorage
            if var storage = outdated, try Self.refresh(&storage, from: from, to: version, in: db) {
                updated = storage
            } else if let loaded = try Self.load(dimension: dimension, memoryLimit: memoryLimit, in: db) {
                updated = loaded
            } else {
                state.withLock { $0 = State(storage: nil, version: 0, disabled: true) }
                return nil
            }
            return state.withLock { current -> VectorStorage? in
                // A write of this process committed and was applied meanwhile: the index is now
                // newer than this transaction, so keep it and let this search scan instead.
                if current.storage != nil, current.version > version { return nil }
                // Otherwise `updated` holds, for every row changed after `from`, its state at
                // `version`, which also covers anything applied in between.
                if updated.memoryBytes > memoryLimit {
                    current = State(storage: nil, version: 0, disabled: true)
                    return nil
                }
                current.storage = updated
                current.version = version
                return updated
            }
        }
    }

    private func lookup(at version: Int) -> Lookup {
        state.withLock { current in
            if current.disabled { return .unavailable }
            guard let storage = current.storage else { return .stale(nil, version: 0) }
            if current.version == version { return .ready(storage) }
            if current.version > version { return .unavailable }
            return .stale(storage, version: current.version)
        }
    }

    // MARK: - Writes of this process

    /// Applies a transaction this process committed: `touched` rows are re-read from `db` (right
    /// after the commit) and the index moves from version `before` to `after`.
    ///
    /// Does nothing unless the index is exactly at `before`; otherwise the next search catches up
    /// from the change log.
    func applyCommitted(touched: [Int64], before: Int, after: Int, in db: Database) {
        guard let indexed = state.withLock({ $0.version == before ? $0.storage?.count : nil }) else { return }
        // A transaction this large is cheaper to reload than to copy row by row.
        guard touched.count <= max(10_000, indexed / 4) else {
            invalidate()
            return
        }
        var rows: [(id: Int64, vector: Data?, norm: Double?)] = []
        do {
            rows = try Self.rows(ids: touched, in: db)
        } catch {
            invalidate()
            return
        }
        let found = Set(rows.map(\.id))
        state.withLock { current in
            guard current.storage != nil, current.version == before else { return }
            for row in rows {
                if let vector = row.vector {
                    vector.withUnsafeBytes { current.storage?.upsert(rowID: row.id, vector: $0, norm: row.norm) }
                } else {
                    current.storage?.remove(rowID: row.id)
                }
            }
            for id in touched where !found.contains(id) {
                current.storage?.remove(rowID: id)
            }
            current.version = after
            if let bytes = current.storage?.memoryBytes, bytes > memoryLimit {
                current = State(storage: nil, version: 0, disabled: true)
            }
        }
    }

    /// Forgets the index; the next vector search reloads it.
    func invalidate() {
        state.withLock { current in
            guard !current.disabled else { return }
            current = State()
        }
    }

    // MARK: - Reading the database

    /// Every embedding in the table, or `nil` when they would not fit in `memoryLimit`.
    static func load(dimension: Int, memoryLimit: Int, in db: Database) throws -> VectorStorage? {
        var storage = VectorStorage(dimension: dimension)
        let cursor = try Row.fetchCursor(
            db, sql: "SELECT id, vector, vector_norm FROM documents WHERE vector IS NOT NULL"
        )
        while let row = try cursor.next() {
            let id = try row.decode(Int64.self, atIndex: 0)
            let norm = try row.decode(Double?.self, atIndex: 2)
            try row.withUnsafeData(atIndex: 1) { data in
                data?.withUnsafeBytes { storage.upsert(rowID: id, vector: $0, norm: norm) }
            }
            if storage.slotCount % VectorStorage.blockSlots == 0, storage.memoryBytes > memoryLimit {
                return nil
            }
        }
        return storage
    }

    /// Brings `storage` from version `from` to `to` using the change log; `false` when it cannot
    /// (entries pruned, or so many changes that a reload is cheaper).
    static func refresh(_ storage: inout VectorStorage, from: Int, to: Int, in db: Database) throws -> Bool {
        let pending = to - from
        guard pending > 0 else { return true }
        guard pending <= max(1_000, storage.count / 4) else { return false }
        let logged = try Int.fetchOne(
            db, sql: "SELECT count(*) FROM changes WHERE seq > ? AND seq <= ?", arguments: [from, to]
        ) ?? 0
        guard logged == pending else { return false }
        var uuids = Set<String>()
        var deleted = false
        let entries = try Row.fetchCursor(
            db, sql: "SELECT resource_id, type FROM changes WHERE seq > ? AND seq <= ?", arguments: [from, to]
        )
        while let entry = try entries.next() {
            uuids.insert(try entry.decode(String.self, atIndex: 0))
            if try entry.decode(String.self, atIndex: 1) == ChangeType.deleted.rawValue { deleted = true }
        }
        var found = 0
        try KeyLookup.forEachRow("SELECT id, vector, vector_norm FROM documents WHERE uuid IN", keys: Array(uuids), in: db) { row in
            found += 1
            let id = try row.decode(Int64.self, atIndex: 0)
            let norm = try row.decode(Double?.self, atIndex: 2)
            try row.withUnsafeData(atIndex: 1) { data in
                if let data {
                    data.withUnsafeBytes { storage.upsert(rowID: id, vector: $0, norm: norm) }
                } else {
                    storage.remove(rowID: id)
                }
            }
        }
        if deleted || found < uuids.count {
            // A deleted row's id is not in the log (only its uuid): drop indexed rows that are gone.
            // The id-only scan reads a small index, not the documents themselves.
            let existing = try Set(Int64.fetchCursor(db, sql: "SELECT id FROM documents"))
            storage.removeRows { !existing.contains($0) }
        }
        return true
    }

    /// The vector and norm of each of these rows that exists.
    static func rows(ids: [Int64], in db: Database) throws -> [(id: Int64, vector: Data?, norm: Double?)] {
        var rows: [(id: Int64, vector: Data?, norm: Double?)] = []
        rows.reserveCapacity(ids.count)
        try KeyLookup.forEachRow("SELECT id, vector, vector_norm FROM documents WHERE id IN", keys: ids, in: db) { row in
            rows.append((try row.decode(atIndex: 0), try row.decode(atIndex: 1), try row.decode(atIndex: 2)))
        }
        return rows
    }
}
