import Foundation
import GRDB

/// A ContextFrame document store in one SQLite file: documents, full-text and vector search,
/// relationships and a change log.
///
/// Open one with ``open(path:options:)``. Reads run concurrently on a WAL-mode connection pool;
/// each write runs in one transaction together with its change-log entries, so a failed write
/// leaves the store exactly as it was. Every error thrown is a ``StoreError`` (or a
/// `CancellationError`, or what a caller's own ``update(uuid:_:)`` closure throws).
public final class DocumentStore: Sendable {
    /// The store's file path, as given to ``open(path:options:)``.
    public let path: String
    /// The length of every embedding, fixed when the store was created.
    public let embeddingDimension: Int
    /// Whether the store was opened read-only; writes then throw ``StoreError/readOnly(path:)``.
    public let isReadOnly: Bool

    let pool: DatabasePool
    /// Wakes long polls when this process writes.
    let changeSignal = ChangeSignal()
    /// Embeddings in memory for vector search, loaded on first use.
    let vectorIndex: VectorIndex

    private init(path: String, pool: DatabasePool, embeddingDimension: Int, isReadOnly: Bool, vectorIndex: VectorIndex) {
        self.path = path
        self.pool = pool
        self.embeddingDimension = embeddingDimension
        self.isReadOnly = isReadOnly
        self.vectorIndex = vectorIndex
    }

    /// The largest embedding dimension a new store accepts.
    public static let maximumEmbeddingDimension = 65_536

    /// Opens the store at `path`, creating the file and its schema when nothing is there.
    ///
    /// An existing store keeps the embedding dimension it was created with, whatever
    /// `options.embeddingDimension` says; read it back from ``embeddingDimension``.
    ///
    /// - Throws: ``StoreError/cannotOpen(path:reason:)`` for a missing directory or a store written by a
    ///   newer Quire, ``StoreError/readOnly(path:)`` when the file or its directory cannot be written,
    ///   ``StoreError/notAQuireStore(path:reason:)`` for a file that is not SQLite or is another
    ///   program's database, ``StoreError/validation(field:message:)`` for an unusable dimension.
    public static func open(path: String, options: StoreOptions = StoreOptions()) throws -> DocumentStore {
        guard (1...maximumEmbeddingDimension).contains(options.embeddingDimension) else {
            throw StoreError.validation(
                field: "embedding_dimension",
                message: "\(options.embeddingDimension) is out of range; use 1…\(maximumEmbeddingDimension)"
            )
        }
        let state = try StorePreflight.check(path: path, readOnly: options.readOnly)
        if state == .sqlite {
            try StoreMarker.verify(path: path)
        }

        var configuration = Configuration()
        configuration.readonly = options.readOnly
        configuration.label = "Quire"
        // Another process may hold the write lock briefly; wait instead of failing at once.
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            StoreFunctions.register(on: db)
            // Checkpoint once the WAL holds ~40 MB (default ~4 MB): a batch of 1,000 documents
            // writes ~10 MB, and checkpointing after every batch rewrote the same hot pages and
            // waited on the disk each time (imports ran 15–30 % slower).
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 10000")
        }

        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            let migrator = StoreSchema.migrator(embeddingDimension: options.embeddingDimension)
            if options.readOnly {
                try pool.read { db in
                    guard try migrator.hasCompletedMigrations(db), !(try migrator.hasBeenSuperseded(db)) else {
                        throw StoreError.cannotOpen(
                            path: path,
                            reason: "its schema differs from this Quire's; open it once for writing to upgrade it"
                        )
                    }
                }
            } else {
                try pool.read { db in
                    if try migrator.hasBeenSuperseded(db) {
                        throw StoreError.cannotOpen(
                            path: path,
                            reason: "it was written by a newer Quire; upgrade Quire to open it"
                        )
                    }
                }
                try migrator.migrate(pool)
            }
            let dimension = try pool.read { db in
                try String.fetchOne(db, sql: "SELECT value FROM quire_meta WHERE key = 'embedding_dimension'")
            }
            guard let dimension, let value = Int(dimension), value > 0 else {
                throw StoreError.notAQuireStore(path: path, reason: "its embedding dimension is missing")
            }
            let index = VectorIndex(dimension: value, memoryLimit: options.vectorIndexMemoryLimit)
            if !options.readOnly {
                // Every write of this store goes through the pool's one writer connection.
                let observer = VectorIndexObserver(index: index)
                pool.writeWithoutTransaction { db in
                    db.add(transactionObserver: observer, extent: .databaseLifetime)
                }
            }
            return DocumentStore(
                path: path, pool: pool, embeddingDimension: value, isReadOnly: options.readOnly, vectorIndex: index
            )
        } catch {
            throw StoreErrorMapping.map(error, path: path)
        }
    }

    /// The store's schema for the `contextframe://dataset/schema` resource, `vector` sized to this store.
    public var schema: [SchemaField] {
        SchemaField.all(embeddingDimension: embeddingDimension)
    }

    // MARK: - Database access

    /// Runs `body` in a read transaction, translating errors.
    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw StoreErrorMapping.translate(error, path: path)
        }
    }

    /// Runs `body` in one write transaction, translating errors; anything thrown rolls it back.
    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        guard !isReadOnly else { throw StoreError.readOnly(path: path) }
        do {
            let result = try await pool.write(body)
            changeSignal.notify()
            return result
        } catch {
            throw StoreErrorMapping.translate(error, path: path)
        }
    }

    /// Compiles `filter`, reporting problems as ``StoreError/filter(_:)``.
    func compile(_ filter: Filter?) throws(StoreError) -> CompiledFilter {
        do {
            return try FilterCompiler.compile(filter)
        } catch {
            throw StoreError.filter(error)
        }
    }

    /// The current time at the store's millisecond precision.
    static func now() -> Date {
        Timestamp.truncatedToMilliseconds(Date())
    }
}
