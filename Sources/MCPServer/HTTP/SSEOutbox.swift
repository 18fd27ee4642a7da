import MCP
import Synchronization

/// The bounded queue between the code producing one SSE stream's events and the connection
/// writing them. A reader that falls `limit` chunks behind is disconnected: memory never grows
/// without bound for a slow consumer (principle 4).
public final class SSEOutbox: Sendable {
    private struct State {
        var queue: [[UInt8]] = []
        var head = 0
        var waiter: CheckedContinuation<[UInt8]?, Never>?
        /// A producer waiting in ``waitForRoom()``.
        var producer: CheckedContinuation<Void, Never>?
        var closed = false
        var overflowed = false
    }

    private let state = Mutex(State())
    /// Chunks that may wait for the reader before it is disconnected.
    public let limit: Int

    public init(limit: Int) { self.limit = limit }

    /// Queues bytes for the reader. Returns `false` when the stream is closed, or has just been
    /// closed because the reader is too far behind.
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        let (accepted, waiter, producer) = state.withLock { state -> (Bool, CheckedContinuation<[UInt8]?, Never>?, CheckedContinuation<Void, Never>?) in
            guard !state.closed else { return (false, nil, nil) }
            if let waiter = state.waiter {
                state.waiter = nil
                return (true, waiter, nil)
            }
            if state.queue.count - state.head >= limit {
                state.closed = true
                state.overflowed = true
                state.queue = []
                state.head = 0
                defer { state.producer = nil }
                return (false, nil, state.producer)
            }
            state.queue.append(bytes)
            return (true, nil, nil)
        }
        waiter?.resume(returning: bytes)
        producer?.resume()
        return accepted
    }

    /// Queues one SSE event.
    @discardableResult
    public func send(_ event: SSEEvent) -> Bool { send(SSEEncoder.encode(event)) }

    /// Ends the stream once what is queued has been written.
    public func close() {
        let (waiter, producer) = state.withLock { state -> (CheckedContinuation<[UInt8]?, Never>?, CheckedContinuation<Void, Never>?) in
            state.closed = true
            defer {
                state.waiter = nil
                state.producer = nil
            }
            return (state.waiter, state.producer)
        }
        waiter?.resume(returning: nil)
        producer?.resume()
    }

    /// Waits until at most half of ``limit`` chunks are queued, or the stream is closed.
    ///
    /// A producer with a backlog to send (a replay) calls this between events, so a reader that
    /// is catching up is paced instead of being disconnected for falling behind. One producer
    /// per outbox.
    public func waitForRoom() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.closed || state.queue.count - state.head <= limit / 2 { return true }
                state.producer = continuation
                return false
            }
            if ready { continuation.resume() }
        }
    }

    public var isClosed: Bool { state.withLock { $0.closed } }
    /// Whether the stream was closed because its reader fell too far behind.
    var overflowed: Bool { state.withLock { $0.overflowed } }

    /// The next chunk to write, or `nil` when the stream has ended.
    func next() async -> [UInt8]? {
        await withCheckedContinuation { continuation in
            let (ready, producer) = state.withLock { state -> ([UInt8]??, CheckedContinuation<Void, Never>?) in
                if state.head < state.queue.count {
                    let chunk = state.queue[state.head]
                    state.head += 1
                    if state.head > 64 && state.head * 2 > state.queue.count {
                        state.queue.removeFirst(state.head)
                        state.head = 0
                    }
                    var producer: CheckedContinuation<Void, Never>?
                    if state.queue.count - state.head <= limit / 2 {
                        producer = state.producer
                        state.producer = nil
                    }
                    return (.some(chunk), producer)
                }
                if state.closed { return (.some(nil), nil) }
                state.waiter = continuation
                let producer = state.producer
                state.producer = nil
                return (.none, producer)
            }
            producer?.resume()
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
