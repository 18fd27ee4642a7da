import Synchronization

/// Lets a request be cancelled before its task exists: a cancel that arrives first is
/// remembered and applied when the task is attached.
final class CancellationHandle: Sendable {
    private let state = Mutex<(cancel: (@Sendable () -> Void)?, cancelled: Bool)>((nil, false))

    /// Attaches the way to cancel the work; runs it at once if a cancel came first.
    func attach(_ cancel: @escaping @Sendable () -> Void) {
        let cancelNow = state.withLock { state -> Bool in
            state.cancel = cancel
            return state.cancelled
        }
        if cancelNow { cancel() }
    }

    /// Attaches a task as the work to cancel.
    func attach<Success: Sendable>(_ task: Task<Success, Never>) { attach { task.cancel() } }

    func cancel() {
        let cancel = state.withLock { state -> (@Sendable () -> Void)? in
            state.cancelled = true
            return state.cancel
        }
        cancel?()
    }
}
