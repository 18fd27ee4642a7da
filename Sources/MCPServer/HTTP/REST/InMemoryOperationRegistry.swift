import Foundation
import MCP

/// The in-process ``OperationRegistry``: operations live in this server's memory, bounded by
/// ``OperationLimits`` (finished ones expire after the retention; the oldest finished make
/// room for new ones; each keeps at most so many events).
public actor InMemoryOperationRegistry: OperationRegistry {
    private struct Entry {
        var owner: String
        var snapshot: OperationSnapshot
        var events: [OperationEvent] = []
        var nextSeq = 1
        var cancel: (@Sendable () -> Void)?
        var finishedAt: ContinuousClock.Instant?
    }

    private let limits: OperationLimits
    private var entries: [String: Entry] = [:]
    /// Readers waiting for an operation's next event, by operation id and waiter token.
    private var waiters: [String: [UInt64: CheckedContinuation<Void, Never>]] = [:]
    private var nextToken: UInt64 = 0

    /// An empty registry bounded by `limits`.
    public init(limits: OperationLimits = OperationLimits()) { self.limits = limits }

    public func start(id: String, owner: String, tool: String, cancel: @escaping @Sendable () -> Void) -> OperationStart {
        expire()
        if entries[id] != nil { return .duplicate }
        if entries.count >= limits.maxOperations {
            let finished = entries.compactMap { id, entry in entry.finishedAt.map { (id, $0) } }
            guard let oldest = finished.min(by: { $0.1 < $1.1 }) else { return .full }
            remove(oldest.0)
        }
        entries[id] = Entry(
            owner: owner, snapshot: OperationSnapshot(id: id, tool: tool, status: .running, createdAt: Date()), cancel: cancel
        )
        return .started
    }

    public func record(id: String, event: OperationEvent.Kind, data: JSONValue) {
        guard var entry = entries[id], !entry.snapshot.status.isFinished else { return }
        if event == .progress { entry.snapshot.progress = data }
        append(event, data, to: &entry)
        entries[id] = entry
        wake(id)
    }

    public func finish(id: String, status: OperationStatus, result: JSONValue?, error: JSONValue?) {
        guard var entry = entries[id], !entry.snapshot.status.isFinished else { return }
        entry.snapshot.status = status
        entry.snapshot.result = result
        entry.snapshot.error = error
        entry.snapshot.finishedAt = Date()
        entry.finishedAt = .now
        entry.cancel = nil
        if status == .completed {
            append(.complete, result ?? .null, to: &entry)
        } else {
            append(.error, error ?? .null, to: &entry)
        }
        entries[id] = entry
        wake(id)
    }

    public func snapshot(id: String, owner: String) -> OperationSnapshot? {
        expire()
        guard let entry = entries[id], entry.owner == owner else { return nil }
        return entry.snapshot
    }

    public func cancel(id: String, owner: String) -> OperationSnapshot? {
        expire()
        guard var entry = entries[id], entry.owner == owner else { return nil }
        if !entry.snapshot.status.isFinished, let cancel = entry.cancel {
            entry.cancel = nil
            entry.snapshot.cancelRequested = true
            entries[id] = entry
            cancel()
        }
        return entry.snapshot
    }

    public func events(id: String, owner: String, after: Int, wait: Duration) async -> OperationEventPage? {
        expire()
        guard let entry = entries[id], entry.owner == owner else { return nil }
        let ready = entry.events.filter { $0.seq > after }
        if !ready.isEmpty || entry.snapshot.status.isFinished || wait <= .zero {
            return OperationEventPage(events: ready, finished: entry.snapshot.status.isFinished)
        }
        await waitForEvent(id, upTo: wait)
        guard let entry = entries[id], entry.owner == owner else { return nil }
        return OperationEventPage(events: entry.events.filter { $0.seq > after }, finished: entry.snapshot.status.isFinished)
    }

    /// How many operations are remembered (for tests and metrics).
    public var count: Int {
        expire()
        return entries.count
    }

    /// Readers waiting for the operation's next event (for tests).
    func waitingReaders(of id: String) -> Int { waiters[id]?.count ?? 0 }

    // MARK: - Internals

    private func append(_ kind: OperationEvent.Kind, _ data: JSONValue, to entry: inout Entry) {
        entry.events.append(OperationEvent(seq: entry.nextSeq, kind: kind, data: data))
        entry.nextSeq += 1
        // Over the limit, the oldest progress or log event goes; the final event always stays.
        while entry.events.count > limits.maxEventsPerOperation,
            let index = entry.events.firstIndex(where: { $0.kind == .progress || $0.kind == .log })
        {
            entry.events.remove(at: index)
        }
    }

    private func expire() {
        let cutoff = ContinuousClock.now - limits.retention
        for (id, entry) in entries {
            if let finished = entry.finishedAt, finished < cutoff { remove(id) }
        }
    }

    private func remove(_ id: String) {
        entries[id] = nil
        wake(id)
    }

    private func wake(_ id: String) {
        guard let waiting = waiters.removeValue(forKey: id) else { return }
        for continuation in waiting.values { continuation.resume() }
    }

    /// Suspends until the operation changes, `limit` passes, or the calling task is cancelled.
    private func waitForEvent(_ id: String, upTo limit: Duration) async {
        nextToken += 1
        let token = nextToken
        let timer = Task { [weak self] in
            try? await Task.sleep(for: limit)
            await self?.release(id, token)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                // Cancelled before the handler could see a waiter: do not wait at all.
                if Task.isCancelled { continuation.resume() } else { waiters[id, default: [:]][token] = continuation }
            }
        } onCancel: {
            Task { await self.release(id, token) }
        }
        timer.cancel()
    }

    private func release(_ id: String, _ token: UInt64) {
        guard let continuation = waiters[id]?.removeValue(forKey: token) else { return }
        if waiters[id]?.isEmpty == true { waiters[id] = nil }
        continuation.resume()
    }
}
