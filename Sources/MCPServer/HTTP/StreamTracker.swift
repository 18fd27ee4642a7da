import MCP
import Synchronization

/// Every event stream the server has open, so shutdown can end them all: a stream left open
/// would hold the server's graceful shutdown up until its client went away.
final class StreamTracker: Sendable {
    private let open = Mutex<[ObjectIdentifier: SSEOutbox]>([:])
    private let closing = Mutex(false)
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

    /// Registers a stream; refused (and closed) once shutdown has begun.
    func track(_ outbox: SSEOutbox) {
        let accepted = closing.withLock { closing in
            if closing { return false }
            open.withLock { $0[ObjectIdentifier(outbox)] = outbox }
            return true
        }
        if !accepted { outbox.close() }
    }

    func untrack(_ outbox: SSEOutbox) { open.withLock { $0[ObjectIdentifier(outbox)] = nil } }

    var count: Int { open.withLock { $0.count } }

    /// The event every stream gets just before shutdown ends it, so a client can tell a server
    /// going away (reconnect elsewhere) from a dropped connection.
    static let shutdownEvent = SSEEvent(event: "shutdown", data: #"{"reason":"the server is shutting down"}"#)

    /// Ends every open stream, after a final ``shutdownEvent``, and refuses new ones.
    func closeAll() {
        let streams = closing.withLock { closing in
            closing = true
            return open.withLock { Array($0.values) }
        }
        for stream in streams {
            stream.send(Self.shutdownEvent)
            stream.close()
        }
    }
}
