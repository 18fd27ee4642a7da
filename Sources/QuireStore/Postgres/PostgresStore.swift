import Foundation
import GRDB
import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// The PostgreSQL backend of a ``DocumentStore``: a connection pool, the schema's migrations,
/// and transactions that behave like the SQLite store's.
///
/// Writes are serialized per store with a transaction-scoped advisory lock, exactly as SQLite
/// has one writer: a read-modify-write (an update, a collection edit) never loses a concurrent
/// change, and change-log sequence numbers are issued in commit order, so a reader that has seen
/// sequence n has seen everything before it. Reads run concurrently on their own connections.
///
/// The pool reconnects by itself: while the server is down every call fails with
/// ``StoreError/unavailable(location:reason:)``, and the first call after it is back succeeds.
final class PostgresStore: Sendable {
    let location: PostgresLocation
    let client: PostgresClient
    let logger: Logger
    /// The advisory-lock key serializing this store's writes (stable across instances).
    let writeLockKey: Int64
    /// The NOTIFY channel announcing committed changes.
    let changeChannel: String
    /// Whether the database offers pgvector (detected at open; see ``PostgresSchema``).
    let hasPgvector: Bool
    /// Whether writes are refused (``StoreOptions/readOnly``).
    let isReadOnly: Bool
    /// Woken after every write here and, through the listener, every write by another instance.
    let changeSignal: ChangeSignal
    /// Turns other instances' NOTIFYs into ``changeSignal`` wake-ups (started by the first wait).
    let changeListener: PostgresChangeListener
    private let runner: Task<Void, Never>

    private init(
        location: PostgresLocation, client: PostgresClient, runner: Task<Void, Never>, hasPgvector: Bool, isReadOnly: Bool,
        changeSignal: ChangeSignal, logger: Logger
    ) {
        self.isReadOnly = isReadOnly
        self.changeSignal = changeSignal
        self.location = location
        self.client = client
        self.runner = runner
        self.logger = logger
        self.hasPgvector = hasPgvector
        self.writeLockKey = Self.stableHash("quire-writes:" + location.schema)
        let channel = "quire_changes_" + String(UInt64(bitPattern: Self.stableHash(location.schema)), radix: 36)
        self.changeChannel = channel
        self.changeListener = PostgresChangeListener(location: location, channel: channel, signal: changeSignal, logger: logger)
    }

    deinit {
        changeListener.stop()
        runner.cancel()
    }

    /// Connects, creates the schema or upgrades it, and returns the backend with the store's embedding dimension.
    static func open(_ location: PostgresLocation, options: StoreOptions, changeSignal: ChangeSignal) async throws -> (PostgresStore, Int) {
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: try tls(location.tls)
        )
        configuration.options.maximumConnections = location.maximumConnections
        configuration.options.minimumConnections = 0
        configuration.options.connectTimeout = .seconds(Int64(location.connectTimeoutSeconds))
        configuration.options.additionalStartupParameters = [
            ("application_name", "quire"),
            ("statement_timeout", String(location.statementTimeoutMilliseconds)),
            // Extensions (pgvector) usually live in public; the store's own objects in its schema.
            ("search_path", PostgresSchema.quoted(location.schema) + ", public"),
        ]
        var logger = Logger(label: "quire.store.postgres")
        // The pool logs every failed reconnect at info; the store reports failures itself.
        logger.logLevel = .warning
        if let problem = await PostgresProbe.problem(location, logger: logger) { throw problem }
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let runner = Task { await client.run() }
        do {
            let (dimension, pgvector) = try await PostgresSchema.migrate(
                client: client, location: location, embeddingDimension: options.embeddingDimension,
                readOnly: options.readOnly, logger: logger
            )
            let store = PostgresStore(location: location, client: client, runner: runner, hasPgvector: pgvector, isReadOnly: options.readOnly,
                changeSignal: changeSignal, logger: logger
            )
            return (store, dimension)
        } catch {
            runner.cancel()
            throw PostgresErrorMapping.map(error, location: location)
        }
    }

    private static func tls(_ mode: PostgresLocation.TLSMode) throws -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: return .disable
        case .prefer: return .prefer(.makeClientConfiguration())
        case .require: return .require(.makeClientConfiguration())
        }
    }

    /// Stops the pool; later calls fail.
    func close() {
        changeListener.stop()
        runner.cancel()
    }

    // MARK: Transactions

    /// Runs `body` on one connection in a read-only transaction (one consistent snapshot).
    func read<T: Sendable>(_ body: @escaping @Sendable (PostgresSession) async throws -> T) async throws -> T {
        try await transaction(readOnly: true, body)
    }

    /// Runs `body` in one write transaction holding the store's write lock; anything thrown rolls
    /// it back and is rethrown (store errors as they are, database failures as ``StoreError``s).
    func write<T: Sendable>(_ body: @escaping @Sendable (PostgresSession) async throws -> T) async throws -> T {
        guard !isReadOnly else { throw StoreError.readOnly(path: location.description) }
        let key = writeLockKey
        let channel = changeChannel
        let result = try await transaction(readOnly: false) { session in
            try await session.execute("SELECT pg_advisory_xact_lock(?)", [key.databaseValue])
            let result = try await body(session)
            // Delivered at commit, to every instance listening (see PostgresChangeListener).
            try await session.execute("SELECT pg_notify(?, (SELECT seq::text FROM change_counter))", [channel.databaseValue])
            return result
        }
        changeSignal.notify()
        return result
    }

    /// Runs `body` in one write transaction without the store's write lock: for tables that are
    /// not documents and never touch the change log (usage log, subscriptions).
    func transactionWithoutWriteLock<T: Sendable>(_ body: @escaping @Sendable (PostgresSession) async throws -> T) async throws -> T {
        guard !isReadOnly else { throw StoreError.readOnly(path: location.description) }
        return try await transaction(readOnly: false, body)
    }

    /// Runs `body` on a connection outside any transaction (schema upkeep such as VACUUM).
    func withoutTransaction<T: Sendable>(_ body: @escaping @Sendable (PostgresSession) async throws -> T) async throws -> T {
        do {
            return try await lease(body)
        } catch {
            throw PostgresErrorMapping.translate(error, location: location)
        }
    }

    private func transaction<T: Sendable>(readOnly: Bool, _ body: @escaping @Sendable (PostgresSession) async throws -> T) async throws -> T {
        do {
            return try await lease { session in
                // REPEATABLE READ: every statement of a read sees the same snapshot, as on SQLite.
                try await session.execute(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN")
                do {
                    let result = try await body(session)
                    try await session.execute("COMMIT")
                    return result
                } catch {
                    // A failed ROLLBACK means the connection is gone; the pool replaces it.
                    try? await session.execute("ROLLBACK")
                    throw error
                }
            }
        } catch {
            throw PostgresErrorMapping.translate(error, location: location)
        }
    }

    /// Runs `body` on a pooled connection, failing with ``StoreError/unavailable(location:reason:)``
    /// when none can be had within the connect timeout (the pool waits forever while the server
    /// is down). Once `body` has its connection, only `statement_timeout` limits it.
    private func lease<T: Sendable>(_ body: @escaping @Sendable (PostgresSession) async throws -> T) async throws -> T {
        let acquired = LeaseFlag()
        let client = self.client
        let logger = self.logger
        let location = self.location
        return try await withThrowingTaskGroup(of: LeaseOutcome<T>.self) { group in
            group.addTask {
                .finished(try await client.withConnection { connection in
                    acquired.set()
                    return try await body(PostgresSession(connection: connection, logger: logger))
                })
            }
            group.addTask {
                try await Task.sleep(for: .seconds(location.connectTimeoutSeconds))
                return .timerFired
            }
            while let outcome = try await group.next() {
                switch outcome {
                case .finished(let value):
                    group.cancelAll()
                    return value
                case .timerFired where !acquired.isSet:
                    group.cancelAll()
                    throw StoreError.unavailable(
                        location: location.description,
                        reason: "no connection within \(location.connectTimeoutSeconds) s; is the server running and reachable?"
                    )
                case .timerFired:
                    continue
                }
            }
            throw CancellationError()
        }
    }

    /// `nil` when a trivial query answers within `timeout`, else why not (for `/ready`).
    func reachabilityProblem(timeout: Duration) async -> String? {
        let location = self.location
        let client = self.client
        return await withTaskGroup(of: String?.self) { group in
            group.addTask {
                do {
                    try await client.query("SELECT 1")
                    return nil
                } catch {
                    return PostgresErrorMapping.map(error, location: location).description
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return "the database at \(location) did not answer within \(timeout)"
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            guard let first else { return nil }
            // The pool does not say why; one direct attempt does (refused, unknown host, …).
            let logger = self.logger
            return await withTaskGroup(of: String?.self) { probe in
                probe.addTask { await PostgresProbe.problem(location, logger: logger)?.description ?? first }
                probe.addTask {
                    try? await Task.sleep(for: timeout)
                    return first
                }
                let reason = await probe.next() ?? first
                probe.cancelAll()
                return reason
            }
        }
    }

    /// FNV-1a of `text`: a stable key for advisory locks and channel names (Swift's `hashValue` is seeded per process).
    static func stableHash(_ text: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }
}

/// What finished first in ``PostgresStore``'s lease race.
private enum LeaseOutcome<T: Sendable>: Sendable {
    case finished(T)
    case timerFired
}

/// Set once a lease has its connection; read by the timer of ``PostgresStore``'s lease race.
private final class LeaseFlag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
