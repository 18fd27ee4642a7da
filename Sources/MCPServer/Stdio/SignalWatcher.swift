import Dispatch
import Foundation
import Synchronization

/// Turns process signals (SIGTERM, SIGINT) into an async stream, so shutdown is ordinary
/// structured code rather than work inside a signal handler.
struct SignalWatcher: Sendable {
    let signals: [Int32]

    func stream() -> AsyncStream<Int32> {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        let sources = signals.map { number -> any DispatchSourceSignal in
            // The default action would kill the process before we can finish cleanly.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
        let box = SignalSources(sources)
        continuation.onTermination = { _ in box.cancel() }
        return stream
    }
}

/// Keeps the dispatch sources alive for as long as the stream is.
private final class SignalSources: Sendable {
    private let sources: Mutex<[any DispatchSourceSignal]>
    init(_ sources: sending [any DispatchSourceSignal]) { self.sources = Mutex(sources) }
    func cancel() { sources.withLock { for source in $0 { source.cancel() } } }
}
