import Dispatch
import Synchronization

/// Scores a query against a ``VectorStorage`` snapshot in Float32 and returns every row that may
/// belong to the best `depth`, for exact re-scoring.
///
/// Float32 scores differ from the exact (Double) cosine by at most ``errorBound(dimension:)``, so
/// the scan keeps, besides its running top `depth`, every slot scoring within twice that bound of
/// the `depth`-th best. Whatever the exact top `depth` is, it lies inside that set (a row of the
/// exact top `depth` cannot trail `depth` rows by more than the two errors), so re-scoring the set
/// exactly gives precisely the brute-force result, ties included.
enum VectorScan {
    /// Which slots to score.
    enum Selection: Sendable {
        /// Every live slot.
        case all
        /// Only these slots, ascending: a filter matched few rows.
        case slots([Int32])
        /// Live slots whose bit is set: a filter matched many rows, so a full pass with a
        /// membership test beats gathering scattered slots.
        case members([UInt64])
    }

    /// Scans of fewer floats than this (8 MB) run on one thread; larger ones are split in two, one
    /// per core, where the split's cost (tens of microseconds) is small against the scan.
    static let defaultParallelThreshold = 1 << 21

    /// A bound on |Float32 score − exact cosine| for unit vectors of `dimension` components.
    ///
    /// Rounding the components to Float32 costs at most 2u relative per product, Float32 summation
    /// of `dimension` products in any order at most γ(dimension) ≈ dimension·u (u = 2⁻²⁴), and the
    /// products sum to at most 1 in magnitude (Cauchy–Schwarz). The exact reference itself, in
    /// Double, is off by far less; it gets its own term. A few ulps cover the threshold arithmetic.
    static func errorBound(dimension: Int) -> Float {
        let unit = 0x1p-24
        let float32 = Double(dimension + 4) * unit / (1 - Double(dimension) * unit)
        let double = Double(dimension + 4) * 0x1p-52
        return Float((float32 + double) * 1.01) + 0x1p-22
    }

    /// The row ids that may be among the best `depth` for `query` (a unit vector), unordered.
    static func candidates(
        in storage: VectorStorage,
        query: [Float],
        depth: Int,
        selection: Selection,
        parallelThreshold: Int = defaultParallelThreshold
    ) -> [Int64] {
        guard depth > 0, storage.count > 0 else { return [] }
        let margin = 2 * errorBound(dimension: storage.dimension)
        let work = workCount(selection, storage: storage) * storage.dimension
        let parts = work >= parallelThreshold ? 2 : 1
        var found: [Candidate]
        if parts == 1 {
            found = scan(storage, query: query, depth: depth, margin: margin, selection: selection, part: 0, of: 1)
        } else {
            let results = Mutex<[[Candidate]]>(Array(repeating: [], count: parts))
            // Runs on the calling (GRDB reader) thread and a dispatch worker, never on the
            // concurrency pool: the scan is synchronous, CPU-bound work.
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let partial = scan(storage, query: query, depth: depth, margin: margin, selection: selection, part: part, of: parts)
                results.withLock { $0[part] = partial }
            }
            found = results.withLock { $0.flatMap { $0 } }
        }
        if found.count > depth {
            // The depth-th best over all parts sets the final cut; each part kept everything
            // within `margin` of its own (lower or equal) depth-th best, so nothing is missing.
            let scores = found.map(\.score).sorted(by: >)
            let cut = scores[depth - 1] - margin
            found.removeAll { $0.score < cut }
        }
        return storage.rowIDs.withUnsafeBufferPointer { rowIDs in
            found.map { rowIDs[Int($0.slot)] }
        }
    }

    private static func workCount(_ selection: Selection, storage: VectorStorage) -> Int {
        switch selection {
        case .all: return storage.slotCount
        case .slots(let slots): return slots.count
        case .members: return storage.slotCount
        }
    }

    /// Part `part` of `parts` of the scan.
    private static func scan(
        _ storage: VectorStorage,
        query: [Float],
        depth: Int,
        margin: Float,
        selection: Selection,
        part: Int,
        of parts: Int
    ) -> [Candidate] {
        var collector = CandidateCollector(depth: depth, margin: margin)
        let dimension = storage.dimension
        let blockSlots = VectorStorage.blockSlots
        query.withUnsafeBufferPointer { queryBuffer in
            guard let queryBase = queryBuffer.baseAddress else { return }
            storage.rowIDs.withUnsafeBufferPointer { rowIDs in
                switch selection {
                case .all, .members:
                    var members: [UInt64] = []
                    var filtered = false
                    if case .members(let bits) = selection {
                        members = bits
                        filtered = true
                    }
                    let range = partition(0..<storage.slotCount, part: part, of: parts)
                    var slot = range.lowerBound
                    while slot < range.upperBound {
                        let block = slot / blockSlots
                        let end = min(range.upperBound, (block + 1) * blockSlots)
                        storage.blocks[block].withUnsafeBufferPointer { vectors in
                            guard let base = vectors.baseAddress else { return }
                            members.withUnsafeBufferPointer { bits in
                                for current in slot..<end {
                                    if rowIDs[current] == VectorStorage.freeSlot { continue }
                                    if filtered, bits[current >> 6] & (1 << UInt64(current & 63)) == 0 { continue }
                                    let score = dot(queryBase, base + (current - block * blockSlots) * dimension, count: dimension)
                                    if score >= collector.threshold { collector.offer(score, slot: Int32(current)) }
                                }
                            }
                        }
                        slot = end
                    }
                case .slots(let slots):
                    for index in partition(0..<slots.count, part: part, of: parts) {
                        let current = Int(slots[index])
                        guard rowIDs[current] != VectorStorage.freeSlot else { continue }
                        let block = current / blockSlots
                        let score = storage.blocks[block].withUnsafeBufferPointer { vectors -> Float? in
                            guard let base = vectors.baseAddress else { return nil }
                            return dot(queryBase, base + (current - block * blockSlots) * dimension, count: dimension)
                        }
                        if let score, score >= collector.threshold { collector.offer(score, slot: Int32(current)) }
                    }
                }
            }
        }
        return collector.finish()
    }

    /// The `part`-th of `parts` nearly equal pieces of `range`.
    private static func partition(_ range: Range<Int>, part: Int, of parts: Int) -> Range<Int> {
        let size = range.count
        let lower = range.lowerBound + size * part / parts
        let upper = range.lowerBound + size * (part + 1) / parts
        return lower..<upper
    }

    /// Σ a[i]·b[i] in Float32, 32 floats per step in four independent 8-lane accumulators so the
    /// adds overlap without running out of vector registers (16 on baseline x86-64); the tail
    /// (dimension not a multiple of 8) is scalar.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        let rawA = UnsafeRawPointer(a)
        let rawB = UnsafeRawPointer(b)
        var sum0 = SIMD8<Float>()
        var sum1 = SIMD8<Float>()
        var sum2 = SIMD8<Float>()
        var sum3 = SIMD8<Float>()
        var index = 0
        while index + 32 <= count {
            let offset = index * 4
            sum0 += rawA.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                * rawB.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
            sum1 += rawA.loadUnaligned(fromByteOffset: offset + 32, as: SIMD8<Float>.self)
                * rawB.loadUnaligned(fromByteOffset: offset + 32, as: SIMD8<Float>.self)
            sum2 += rawA.loadUnaligned(fromByteOffset: offset + 64, as: SIMD8<Float>.self)
                * rawB.loadUnaligned(fromByteOffset: offset + 64, as: SIMD8<Float>.self)
            sum3 += rawA.loadUnaligned(fromByteOffset: offset + 96, as: SIMD8<Float>.self)
                * rawB.loadUnaligned(fromByteOffset: offset + 96, as: SIMD8<Float>.self)
            index += 32
        }
        while index + 8 <= count {
            sum0 += rawA.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
                * rawB.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
            index += 8
        }
        var total = ((sum0 + sum1) + (sum2 + sum3)).sum()
        while index < count {
            total += a[index] * b[index]
            index += 1
        }
        return total
    }
}

/// A scored slot.
struct Candidate: Sendable {
    var score: Float
    var slot: Int32
}

/// The running best `depth` slots (a min-heap) plus every slot within `margin` of the heap's worst.
struct CandidateCollector {
    let depth: Int
    let margin: Float
    /// Scores below this cannot matter: the heap is full and they trail its worst by over `margin`.
    private(set) var threshold = -Float.infinity
    private var heap: [Candidate] = []
    private var near: [Candidate] = []
    private var pruneAt: Int

    init(depth: Int, margin: Float) {
        self.depth = depth
        self.margin = margin
        pruneAt = max(64, 4 * depth)
        heap.reserveCapacity(depth)
    }

    /// Offers a slot scoring at least ``threshold``.
    mutating func offer(_ score: Float, slot: Int32) {
        let candidate = Candidate(score: score, slot: slot)
        if heap.count < depth {
            heap.append(candidate)
            siftUp(heap.count - 1)
            if heap.count == depth { threshold = heap[0].score - margin }
            return
        }
        if score > heap[0].score {
            near.append(heap[0])
            heap[0] = candidate
            siftDown(0)
            threshold = heap[0].score - margin
        } else {
            near.append(candidate)
        }
        if near.count >= pruneAt {
            let cut = threshold
            near.removeAll { $0.score < cut }
            // Many genuine near-ties (e.g. duplicate vectors) must all be kept; grow the bound
            // so pruning stays amortised O(1) per offer.
            pruneAt = max(pruneAt, 2 * near.count)
        }
    }

    /// Everything kept: the heap and the near misses still within `margin` of it.
    func finish() -> [Candidate] {
        let cut = threshold
        return heap + near.filter { $0.score >= cut }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].score < heap[parent].score else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].score < heap[smallest].score { smallest = left }
            if right < heap.count, heap[right].score < heap[smallest].score { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
