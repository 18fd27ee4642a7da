import Foundation

/// `Optional.map` for async transforms (PostgreSQL work is async where SQLite's is not).
extension Optional {
    /// `map` with an async transform.
    func asyncMap<U>(_ transform: (Wrapped) async throws -> U) async rethrows -> U? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
