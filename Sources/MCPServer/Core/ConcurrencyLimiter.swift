/// Caps how many requests run at once and lets a transport wait for all of them to finish.
actor ConcurrencyLimiter {
    private let limit: Int
    private var active = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var drainWaiters: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = max(1, limit) }

    /// Waits for a free slot, then takes it.
    func acquire() async {
        if active < limit {
            active += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Returns a slot, handing it straight to the next waiter if there is one.
    func release() {
        if !waiting.isEmpty {
            waiting.removeFirst().resume()
            return
        }
        active -= 1
        if active == 0 {
            let waiters = drainWaiters
            drainWaiters.removeAll()
            for waiter in waiters { waiter.resume() }
        }
    }

    /// Waits until nothing is running.
    func drain() async {
        if active == 0 { return }
        await withCheckedContinuation { drainWaiters.append($0) }
    }
}
