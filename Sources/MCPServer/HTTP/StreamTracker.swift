import MCP
import Synchronization

/// Every event stream the server has open, and a count of the requests in flight: shutdown
/// lets those requests finish and ends every stream (a stream left open would hold the server's
/// graceful shutdown up until its client went away), and ``KeepAlivePinger`` sends each stream
/// its keep-alive comments.
///
/// Keep-alives are driven from here rather than by a timer task per stream: with tens of
/// thousands of idle streams, one task and one table cost far less memory than a sleeping task
/// each (principle 4).
final class StreamTracker: Sendable {
    private struct Entry {
        let outbox: SSEOutbox
        /// When this stream's next keep-alive comment is due.
        var due: ContinuousClock.Instant
    }

    private let running = Mutex<(count: Int, idle: [CheckedContinuation<Void, Never>])>((0, []))

    /// Runs `work` counted as a request in flight, so shutdown can let it finish.
    func request<T: Sendable>(_ work: () async -> T) async -> T {
        running.withLock { $0.count += 1 }
        defer {
            let waiters = running.withLock { state -> [CheckedContinuation<Void, Never>] in
                state.count -= 1
                guard state.count == 0 else { return [] }
                defer { state.idle = [] }
                return state.idle
            }
            for waiter in waiters { waiter.resume() }
        }
        return await work()
    }

    /// Waits until no request is in flight, or `limit` passes.
    func waitForRequests(upTo limit: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let idle = self.running.withLock { state -> Bool in
                        if state.count == 0 { return true }
                        state.idle.append(continuation)
                        return false
                    }
                    if idle { continuation.resume() }
                }
            }
            group.addTask { try? await Task.sleep(for: limit) }
            await group.next()
            group.cancelAll()
            // Release a waiter left behind by the deadline.
            let waiters = self.running.withLock { state -> [CheckedContinuation<Void, Never>] in
                defer { state.idle = [] }
                return state.idle
            }
            for waiter in waiters { waiter.resume() }
        }
    }

    private struct State {
        var open: [ObjectIdentifier: Entry] = [:]
        var closing = false
    }

    private let state = Mutex(State())
    /// Time between keep-alive comments on a stream.
    let keepAliveInterval: Duration
    private static let keepAliveBytes = SSEEncoder.comment("keepalive")

    init(keepAliveInterval: Duration) { self.keepAliveInterval = keepAliveInterval }

    /// Registers a stream; refused (and closed) once shutdown has begun. Its first keep-alive
    /// is due one interval from now.
    func track(_ outbox: SSEOutbox) {
        let due = ContinuousClock.now + keepAliveInterval
        let accepted = state.withLock { state in
            if state.closing { return false }
            state.open[ObjectIdentifier(outbox)] = Entry(outbox: outbox, due: due)
            return true
        }
        if !accepted { outbox.close() }
    }

    func untrack(_ outbox: SSEOutbox) { state.withLock { _ = $0.open.removeValue(forKey: ObjectIdentifier(outbox)) } }

    var count: Int { state.withLock { $0.open.count } }

    /// Queues a keep-alive comment on every stream whose turn has come: one interval after it
    /// opened, then one interval after its previous keep-alive. A stream that refuses it (closed,
    /// or closed now for falling too far behind) is left to its writer, which untracks it.
    func sendKeepAlives(now: ContinuousClock.Instant = .now) {
        let due = state.withLock { state -> [SSEOutbox] in
            var due: [SSEOutbox] = []
            // Walked by index and updated in place: iterating a copy would duplicate the table.
            var index = state.open.values.startIndex
            while index != state.open.values.endIndex {
                if state.open.values[index].due <= now {
                    due.append(state.open.values[index].outbox)
                    state.open.values[index].due = now + keepAliveInterval
                }
                state.open.values.formIndex(after: &index)
            }
            return due
        }
        for outbox in due { outbox.send(Self.keepAliveBytes) }
    }

    /// The event every stream gets just before shutdown ends it, so a client can tell a server
    /// going away (reconnect elsewhere) from a dropped connection.
    static let shutdownEvent = SSEEvent(event: "shutdown", data: #"{"reason":"the server is shutting down"}"#)

    /// Ends every open stream, after a final ``shutdownEvent``, and refuses new ones.
    func closeAll() {
        let streams = state.withLock { state in
            state.closing = true
            return state.open.values.map(\.outbox)
        }
        for stream in streams {
            stream.send(Self.shutdownEvent)
            stream.close()
        }
    }
}
