import Logging
import PostgresNIO
import Synchronization

/// Wakes this process's long polls when any instance commits a change to the same store.
///
/// Every write transaction ends with `pg_notify(channel, seq)`, delivered at commit. The listener
/// holds one connection of its own (outside the pool: LISTEN ties up its connection) and turns
/// each notification into a ``ChangeSignal`` wake-up; waiters then read the change log, so a
/// lost or coalesced notification only delays them until their next poll interval. It starts
/// on the first wait and reconnects with backoff (0.25 s doubling to 5 s) while the server is away.
final class PostgresChangeListener: Sendable {
    private let location: PostgresLocation
    private let channel: String
    private let signal: ChangeSignal
    private let logger: Logger
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(location: PostgresLocation, channel: String, signal: ChangeSignal, logger: Logger) {
        self.location = location
        self.channel = channel
        self.signal = signal
        self.logger = logger
    }

    deinit {
        stop()
    }

    /// Starts listening unless already started.
    func start() {
        task.withLock { running in
            guard running == nil else { return }
            let location = self.location, channel = self.channel, signal = self.signal, logger = self.logger
            running = Task { await Self.listen(location: location, channel: channel, signal: signal, logger: logger) }
        }
    }

    /// Stops listening and closes the connection.
    func stop() {
        task.withLock { running in
            running?.cancel()
            running = nil
        }
    }

    private static func listen(location: PostgresLocation, channel: String, signal: ChangeSignal, logger: Logger) async {
        var backoff = Duration.milliseconds(250)
        while !Task.isCancelled {
            do {
                let connection = try await PostgresProbe.connect(location, logger: logger)
                defer { Task { try? await connection.close() } }
                try await connection.listen(on: channel) { notifications in
                    backoff = .milliseconds(250)
                    // Changes committed while no one listened are found by the waiters' next read.
                    signal.notify()
                    for try await _ in notifications { signal.notify() }
                }
            } catch {
                if Task.isCancelled { return }
                logger.debug("change listener reconnecting", metadata: ["reason": "\(error)"])
            }
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, .seconds(5))
        }
    }
}
