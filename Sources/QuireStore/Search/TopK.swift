/// Keeps the `capacity` best-scoring items seen so far in a bounded min-heap, so ranking N candidates
/// costs O(N log k) time and O(k) memory.
///
/// Higher scores are better; equal scores prefer the smaller id, which makes results deterministic.
struct TopK<ID: Comparable> {
    /// A ranked item.
    struct Entry {
        var score: Double
        var id: ID
    }

    let capacity: Int
    private var heap: [Entry] = []

    init(capacity: Int) {
        self.capacity = max(0, capacity)
        heap.reserveCapacity(self.capacity)
    }

    /// Offers an item; it is kept if it beats the worst one kept so far.
    mutating func insert(score: Double, id: ID) {
        guard capacity > 0 else { return }
        let entry = Entry(score: score, id: id)
        if heap.count < capacity {
            heap.append(entry)
            siftUp(heap.count - 1)
        } else if Self.isWorse(heap[0], than: entry) {
            heap[0] = entry
            siftDown(0)
        }
    }

    /// The kept items, best first.
    func sorted() -> [Entry] {
        heap.sorted { Self.isWorse($1, than: $0) }
    }

    private static func isWorse(_ lhs: Entry, than rhs: Entry) -> Bool {
        lhs.score < rhs.score || (lhs.score == rhs.score && lhs.id > rhs.id)
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.isWorse(heap[child], than: heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var worst = parent
            if left < heap.count, Self.isWorse(heap[left], than: heap[worst]) { worst = left }
            if right < heap.count, Self.isWorse(heap[right], than: heap[worst]) { worst = right }
            guard worst != parent else { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }
}
