import Synchronization

/// A boolean set once from any task and read later (a reference, so escaping closures can share it).
final class Flag: Sendable {
    private let storage = Mutex(false)

    init() {}

    func set() { storage.withLock { $0 = true } }
    var value: Bool { storage.withLock { $0 } }
}
