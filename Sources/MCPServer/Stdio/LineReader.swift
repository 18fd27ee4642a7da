import Foundation
import Synchronization

/// One unit read from a newline-delimited stream.
enum LineEvent: Sendable, Equatable {
    case line([UInt8])
    /// A line longer than the limit; its bytes were discarded up to the next newline.
    case oversized
}

/// Reads newline-delimited messages from a file descriptor on a dedicated thread, so a blocking
/// `read(2)` never occupies a Swift concurrency thread.
///
/// Memory stays bounded: the thread reads ahead at most `queuedChunks` chunks before it waits
/// for the consumer, and a line may grow only to `maxLineBytes` before it is dropped.
struct LineReader: AsyncSequence, Sendable {
    typealias Element = LineEvent

    private let chunks: AsyncStream<[LineEvent]>
    private let permits: DispatchSemaphore

    init(fileDescriptor: Int32, maxLineBytes: Int, chunkSize: Int = 64 * 1024, queuedChunks: Int = 8) {
        let (chunks, continuation) = AsyncStream.makeStream(of: [LineEvent].self, bufferingPolicy: .unbounded)
        // Created at zero and raised by hand: libdispatch traps when a semaphore is freed below
        // its initial value, which happens whenever the reader stops with permits outstanding.
        let permits = DispatchSemaphore(value: 0)
        for _ in 0..<queuedChunks { permits.signal() }
        let stopped = Mutex(false)
        continuation.onTermination = { _ in
            stopped.withLock { $0 = true }
            permits.signal()
        }
        Thread {
            var splitter = LineSplitter(maxLineBytes: maxLineBytes)
            var buffer = [UInt8](repeating: 0, count: chunkSize)
            while true {
                permits.wait()
                if stopped.withLock({ $0 }) { break }
                let count = buffer.withUnsafeMutableBytes { read(fileDescriptor, $0.baseAddress, chunkSize) }
                if count < 0 && errno == EINTR {
                    permits.signal()
                    continue
                }
                guard count > 0 else { break }
                let events = splitter.feed(buffer[0..<count])
                if events.isEmpty {
                    permits.signal()  // nothing for the consumer: keep reading
                } else {
                    continuation.yield(events)
                }
            }
            if let last = splitter.finish() { continuation.yield([last]) }
            continuation.finish()
        }.start()
        self.chunks = chunks
        self.permits = permits
    }

    func makeAsyncIterator() -> Iterator { Iterator(base: chunks.makeAsyncIterator(), permits: permits) }

    struct Iterator: AsyncIteratorProtocol {
        var base: AsyncStream<[LineEvent]>.Iterator
        let permits: DispatchSemaphore
        private var pending: [LineEvent] = []
        private var position = 0
        private var holdsPermit = false

        init(base: AsyncStream<[LineEvent]>.Iterator, permits: DispatchSemaphore) {
            self.base = base
            self.permits = permits
        }

        mutating func next() async -> LineEvent? {
            if position < pending.count {
                defer { position += 1 }
                return pending[position]
            }
            // The consumer is done with the previous chunk: let the reader fetch another.
            if holdsPermit {
                permits.signal()
                holdsPermit = false
            }
            guard let chunk = await base.next(), let first = chunk.first else { return nil }
            pending = chunk
            position = 1
            holdsPermit = true
            return first
        }
    }
}

/// Splits bytes into lines (LF, with an optional CR before it), enforcing a maximum length.
struct LineSplitter: Sendable {
    let maxLineBytes: Int
    private var current: [UInt8] = []
    private var discarding = false

    init(maxLineBytes: Int) { self.maxLineBytes = maxLineBytes }

    mutating func feed(_ bytes: some Collection<UInt8>) -> [LineEvent] {
        var events: [LineEvent] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if discarding {
                    discarding = false
                } else {
                    if current.last == UInt8(ascii: "\r") { current.removeLast() }
                    events.append(.line(current))
                }
                current.removeAll(keepingCapacity: current.count < 1 << 20)
            } else if !discarding {
                current.append(byte)
                if current.count > maxLineBytes {
                    discarding = true
                    current = []
                    events.append(.oversized)
                }
            }
        }
        return events
    }

    /// A final line without a newline, at end of input.
    mutating func finish() -> LineEvent? {
        defer { current = [] }
        guard !discarding, !current.isEmpty else { return nil }
        return .line(current)
    }
}
