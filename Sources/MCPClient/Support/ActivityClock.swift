import Synchronization

/// An inactivity timer: ``run(idle:hardLimit:timeout:operation:)`` fails when `idle` passes without a
/// ``touch()`` (progress, stream bytes) or when `hardLimit` passes in total, cancelling the operation.
final class ActivityClock: Sendable {
    private let last = Mutex(ContinuousClock.now)

    init() {}

    /// Records activity, pushing the idle deadline back.
    func touch() { last.withLock { $0 = .now } }

    /// Runs `operation` under the timers. `timeout(hard)` builds the error (`hard` = the total cap hit).
    func run<T: Sendable>(idle: Double, hardLimit: Double?, timeout: @escaping @Sendable (Bool) -> any Error,
                          operation: @escaping @Sendable () async throws -> T) async throws -> T {
        touch()
        let start = ContinuousClock.now
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                while true {
                    let idleDeadline = self.last.withLock { $0 } + .milliseconds(Int64(idle * 1000))
                    let hardDeadline = hardLimit.map { start + .milliseconds(Int64($0 * 1000)) }
                    let deadline = hardDeadline.map { min($0, idleDeadline) } ?? idleDeadline
                    if ContinuousClock.now >= deadline {
                        throw timeout(hardDeadline.map { ContinuousClock.now >= $0 } ?? false)
                    }
                    try await Task.sleep(until: deadline, clock: .continuous)
                }
            }
            defer { group.cancelAll() }
            while let next = try await group.next() {
                if let value = next { return value }
            }
            throw CancellationError()
        }
    }
}
