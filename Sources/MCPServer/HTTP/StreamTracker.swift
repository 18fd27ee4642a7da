import MCP
import Synchronization

/// Every event stream the server has open: shutdown ends them all (a stream left open would
/// hold the server's graceful shutdown up until its client went away), and ``KeepAlivePinger``
/// sends each its keep-alive comments.
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

    /// Ends every open stream and refuses new ones.
    func closeAll() {
        let streams = state.withLock { state in
            state.closing = true
            return state.open.values.map(\.outbox)
        }
        for stream in streams { stream.close() }
    }
}
