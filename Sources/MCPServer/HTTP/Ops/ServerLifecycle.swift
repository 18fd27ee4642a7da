import Synchronization

/// Whether the HTTP server is draining: set the moment a shutdown signal arrives, read by
/// `/ready` and by the middleware that turns new work away.
public final class ServerLifecycle: Sendable {
    private let draining = Mutex(false)

    public init() {}

    /// True from the moment shutdown began.
    public var isDraining: Bool { draining.withLock { $0 } }

    /// Marks the server as shutting down; there is no way back.
    public func beginDraining() { draining.withLock { $0 = true } }
}
