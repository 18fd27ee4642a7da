import GRDB
import Synchronization

/// Keeps a ``VectorIndex`` current with this process's writes: one hook on the writer connection
/// that sees every row written to `documents` (whatever code path wrote it) and every change-log
/// entry, and applies them to the index once the transaction has committed.
///
/// The change-log rows inserted by the transaction give the store versions it moved between;
/// a rolled-back transaction is forgotten. Rows are re-read after the commit, so the index holds
/// exactly what was committed.
final class VectorIndexObserver: TransactionObserver, Sendable {
    private struct Pending {
        var touched: [Int64] = []
        var firstSeq: Int?
        var lastSeq: Int?
        /// Something changed that SQLite's hooks could not describe.
        var undetected = false
    }

    let index: VectorIndex
    // Only the writer's serial queue calls in; the lock just makes that provable to the compiler.
    private let pending = Mutex(Pending())

    init(index: VectorIndex) {
        self.index = index
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        switch eventKind {
        case .insert(let table): return table == "documents" || table == "changes"
        case .delete(let table): return table == "documents"
        case .update(let table, let columns):
            return table == "documents" && (columns.contains("vector") || columns.contains("vector_norm"))
        }
    }

    func databaseDidChange(with event: DatabaseEvent) {
        let rowID = event.rowID
        let isChangeLog = event.tableName == "changes"
        pending.withLock { pending in
            if isChangeLog {
                let seq = Int(rowID)
                pending.firstSeq = min(pending.firstSeq ?? seq, seq)
                pending.lastSeq = max(pending.lastSeq ?? seq, seq)
            } else {
                pending.touched.append(rowID)
            }
        }
    }

    func databaseDidChange() {
        pending.withLock { $0.undetected = true }
    }

    func databaseWillCommit() throws {}

    func databaseDidCommit(_ db: Database) {
        let committed = pending.withLock { pending in
            defer { pending = Pending() }
            return pending
        }
        guard index.isLoaded else { return }
        guard !committed.undetected else {
            index.invalidate()
            return
        }
        guard let first = committed.firstSeq, let last = committed.lastSeq else {
            // Every write path logs its changes; one that did not cannot be versioned, so the
            // index starts over rather than risk serving a stale vector.
            if !committed.touched.isEmpty { index.invalidate() }
            return
        }
        index.applyCommitted(touched: committed.touched, before: first - 1, after: last, in: db)
    }

    func databaseDidRollback(_ db: Database) {
        pending.withLock { $0 = Pending() }
    }
}
