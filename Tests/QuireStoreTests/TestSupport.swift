import Foundation
import QuireStore

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

/// A store in a fresh temp directory (a real SQLite file), removed afterwards.
func withStore<T>(dimension: Int = 8, _ body: (DocumentStore) async throws -> T) async throws -> T {
    try await withTemporaryDirectory { directory in
        let store = try DocumentStore.open(
            path: directory + "/store.db",
            options: StoreOptions(embeddingDimension: dimension)
        )
        return try await body(store)
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
