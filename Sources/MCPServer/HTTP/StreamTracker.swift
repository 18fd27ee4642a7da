import Synchronization

/// Every event stream the server has open, so shutdown can end them all: a stream left open
/// would hold the server's graceful shutdown up until its client went away.
final class StreamTracker: Sendable {
    private let open = Mutex<[ObjectIdentifier: SSEOutbox]>([:])
    private let closing = Mutex(false)

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

    /// Ends every open stream and refuses new ones.
    func closeAll() {
        let streams = closing.withLock { closing in
            closing = true
            return open.withLock { Array($0.values) }
        }
        for stream in streams { stream.close() }
    }
}
