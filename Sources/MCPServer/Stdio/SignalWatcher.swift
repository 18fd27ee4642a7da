import Foundation

/// Turns process signals (SIGTERM, SIGINT) into an async stream, so shutdown is ordinary
/// structured code rather than work inside a signal handler.
///
/// The handler is installed synchronously with `signal(2)` and only writes the signal number to
/// a pipe (the self-pipe pattern). A dispatch signal source would arm itself asynchronously,
/// and a signal arriving in that window would be lost.
struct SignalWatcher: Sendable {
    let signals: [Int32]

    func stream() -> AsyncStream<Int32> {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        guard !signals.isEmpty else {
            continuation.finish()
            return stream
        }
        let readEnd = SignalPipe.open()
        for number in signals {
            signal(number) { received in
                var byte = UInt8(truncatingIfNeeded: received)
                _ = write(SignalPipe.writeEnd, &byte, 1)
            }
        }
        Thread {
            var byte: UInt8 = 0
            while true {
                let count = read(readEnd, &byte, 1)
                if count == 1 {
                    continuation.yield(Int32(byte))
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            continuation.finish()
        }.start()
        return stream
    }
}

/// The pipe a signal handler writes to. A handler can reach only global state, so this is the
/// one process-wide variable: written once, before any handler that reads it is installed.
enum SignalPipe {
    nonisolated(unsafe) static var writeEnd: Int32 = -1
    nonisolated(unsafe) private static var readEnd: Int32 = -1
    private static let lock = NSLock()

    /// The read end, creating the pipe on first use (shared by every watcher in the process).
    static func open() -> Int32 {
        lock.lock()
        defer { lock.unlock() }
        if readEnd < 0 {
            var ends: [Int32] = [-1, -1]
            if pipe(&ends) == 0 {
                readEnd = ends[0]
                writeEnd = ends[1]
            }
        }
        return readEnd
    }
}
