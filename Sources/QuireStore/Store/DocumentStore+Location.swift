import Foundation

extension DocumentStore {
    /// Which database a store lives in.
    public enum Kind: String, Sendable {
        /// One SQLite file.
        case sqlite
        /// A PostgreSQL database (see ``PostgresLocation``).
        case postgres
    }

    /// The kind of database behind this store.
    public var kind: Kind {
        switch backend {
        case .sqlite: return .sqlite
        case .postgres: return .postgres
        }
    }

    /// Opens the store at `location`: a `postgres://` URL (see ``PostgresLocation``) or an SQLite
    /// file path (as ``open(path:options:)``).
    ///
    /// A PostgreSQL store is created (schema, tables, `schema_migrations`) on first use and
    /// upgraded by later Quire versions; several processes may open the same one.
    ///
    /// - Throws: ``StoreError/cannotOpen(path:reason:)`` for a bad URL, a missing database, failed
    ///   authentication or a newer schema; ``StoreError/unavailable(location:reason:)`` when the
    ///   server cannot be reached (naming host and port and why); as ``open(path:options:)`` for files.
    public static func open(location: String, options: StoreOptions = StoreOptions()) async throws -> DocumentStore {
        guard PostgresLocation.isPostgresURL(location) else {
            return try open(path: location, options: options)
        }
        guard (1...maximumEmbeddingDimension).contains(options.embeddingDimension) else {
            throw StoreError.validation(
                field: "embedding_dimension",
                message: "\(options.embeddingDimension) is out of range; use 1…\(maximumEmbeddingDimension)"
            )
        }
        let parsed = try PostgresLocation(url: location)
        let signal = ChangeSignal()
        let (backend, dimension) = try await PostgresStore.open(parsed, options: options, changeSignal: signal)
        return DocumentStore(
            path: parsed.description, backend: .postgres(backend), embeddingDimension: dimension, isReadOnly: options.readOnly,
            changeSignal: signal
        )
    }

    /// Closes the store's connections (PostgreSQL); later calls fail. SQLite stores close when released.
    public func close() {
        postgres?.close()
    }

    /// `nil` when the database answers a trivial query within `timeout`, else the reason (for
    /// readiness probes). Always `nil` for SQLite, whose file checks are the caller's.
    public func reachabilityProblem(timeout: Duration = .seconds(2)) async -> String? {
        await postgres?.reachabilityProblem(timeout: timeout)
    }
}
