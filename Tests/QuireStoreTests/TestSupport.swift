import Foundation
import Testing
@testable import QuireStore

/// A fresh directory under the system temp folder, removed when `body` ends.
func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("quire-store-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer {
        // Restore write permission first in case a test made something read-only.
        _ = try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        try? FileManager.default.removeItem(at: directory)
    }
    return try await body(directory.path)
}

/// The backends the store suites run on: SQLite always, PostgreSQL when `QUIRE_TEST_POSTGRES_URL`
/// names a server (scripts/test starts a throwaway one and sets it).
enum StoreBackend: String, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    /// The URL of the PostgreSQL server for tests, if any.
    static var postgresURL: String? {
        guard let url = ProcessInfo.processInfo.environment["QUIRE_TEST_POSTGRES_URL"], !url.isEmpty else { return nil }
        return url
    }

    /// Every backend available here, for `@Test(arguments:)`.
    static var all: [StoreBackend] {
        postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    var testDescription: String { rawValue }
}

/// A fresh, empty store on `backend`, removed afterwards: a real SQLite file in a temp directory,
/// or a new schema of the test PostgreSQL database, dropped at the end.
func withStore<T>(_ backend: StoreBackend = .sqlite, dimension: Int = 8, _ body: (DocumentStore) async throws -> T) async throws -> T {
    switch backend {
    case .sqlite:
        return try await withTemporaryDirectory { directory in
            let store = try DocumentStore.open(
                path: directory + "/store.db",
                options: StoreOptions(embeddingDimension: dimension)
            )
            return try await body(store)
        }
    case .postgres:
        guard let base = StoreBackend.postgresURL else {
            throw StoreError.cannotOpen(path: "QUIRE_TEST_POSTGRES_URL", reason: "not set")
        }
        let schema = "quire_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let url = base + (base.contains("?") ? "&" : "?") + "schema=" + schema
        let store = try await DocumentStore.open(location: url, options: StoreOptions(embeddingDimension: dimension))
        defer { store.close() }
        // The store drops its own schema when the test is done, whatever happened.
        let drop = { @Sendable in
            try await store.postgres?.withoutTransaction { session in
                try await session.execute("DROP SCHEMA IF EXISTS \(PostgresSchema.quoted(schema)) CASCADE")
            }
        }
        do {
            let result = try await body(store)
            try await drop()
            return result
        } catch {
            try? await drop()
            throw error
        }
    }
}

/// A deterministic random generator (SplitMix64), so vector tests are reproducible.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A vector of `dimension` values uniformly in -1…1.
    mutating func vector(_ dimension: Int) -> [Float] {
        (0..<dimension).map { _ in Float.random(in: -1...1, using: &self) }
    }
}

/// Runs `body` and returns the StoreError it throws, or nil.
func storeError(_ body: () async throws -> Void) async -> StoreError? {
    do {
        try await body()
        return nil
    } catch let error as StoreError {
        return error
    } catch {
        return .database(message: "unexpected error type: \(error)")
    }
}

/// Runs `body` and returns the FilterError it throws, or nil.
func filterError(_ body: () throws -> Void) -> FilterError? {
    do {
        try body()
        return nil
    } catch let error as FilterError {
        return error
    } catch {
        return .syntax(position: -1, message: "unexpected error type: \(error)")
    }
}

extension StoreError {
    /// The field of a validation error, or nil.
    var validationField: String? {
        if case let .validation(field, _) = self { return field }
        return nil
    }
}
