/// Caps how many requests run at once and how many wait for a slot, and lets a transport wait
/// for all of them to finish.
///
/// A transport ``admit()``s a request while reading (never waiting, so it can read on: a
/// client's answer to a sampling request must never queue behind requests that wait for that
/// very answer), then the request's own task ``acquire()``s a slot before running.
actor ConcurrencyLimiter {
    private let limit: Int
    private let queueLimit: Int
    /// Requests admitted and not yet released: running, or waiting for a slot.
    private var admitted = 0
    private var active = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var drainWaiters: [CheckedContinuation<Void, Never>] = []

    /// - Parameters:
    ///   - limit: Requests running at once.
    ///   - queueLimit: Admitted requests allowed to wait for a slot beyond those running.
    init(limit: Int, queueLimit: Int = .max) {
        self.limit = max(1, limit)
        self.queueLimit = max(0, queueLimit)
    }

    /// Admits one more request, to run now or wait in line; `false` when the line is full too.
    /// Never suspends. Every admitted request must ``acquire()`` and then ``release()``.
    func admit() -> Bool {
        guard admitted < limit + min(queueLimit, Int.max - limit) else { return false }
        admitted += 1
        return true
    }

    /// Waits for a free slot, then takes it (first come, first served).
    func acquire() async {
        if active < limit {
            active += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Returns a slot, handing it straight to the next waiter if there is one.
    func release() {
        admitted -= 1
        if !waiting.isEmpty {
            waiting.removeFirst().resume()
            return
        }
        active -= 1
        if admitted == 0 {
            let waiters = drainWaiters
            drainWaiters.removeAll()
            for waiter in waiters { waiter.resume() }
        }
    }

    /// Waits until nothing is running or waiting.
    func drain() async {
        if admitted == 0 { return }
        await withCheckedContinuation { drainWaiters.append($0) }
    }
}
