import QuireStore

/// The directed graph of resolved relationships, with the measures `relationship_analysis` reports.
struct RelationshipGraph: Sendable {
    /// Node names, sorted, so results are deterministic.
    let nodes: [String]
    private let index: [String: Int]
    /// Outgoing neighbours per node index (duplicates removed, sorted).
    private let outgoing: [[Int]]
    let edgeCount: Int
    let inDegree: [Int]
    let outDegree: [Int]
    let selfLoops: Int
    /// Self-loops per node index.
    private let loopCounts: [Int]

    init(edges: [RelationshipEdge]) {
        nodes = Set(edges.flatMap { [$0.source, $0.target] }).sorted()
        index = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1, $0) })
        var sets = Array(repeating: Set<Int>(), count: nodes.count)
        var inDegree = Array(repeating: 0, count: nodes.count)
        var outDegree = Array(repeating: 0, count: nodes.count)
        var loops = Array(repeating: 0, count: nodes.count)
        for edge in edges {
            guard let from = index[edge.source], let to = index[edge.target] else { continue }
            outDegree[from] += 1
            inDegree[to] += 1
            if from == to { loops[from] += 1 } else { sets[from].insert(to) }
        }
        outgoing = sets.map { $0.sorted() }
        edgeCount = edges.count
        self.inDegree = inDegree
        self.outDegree = outDegree
        selfLoops = loops.reduce(0, +)
        loopCounts = loops
    }

    /// Sizes of the weakly connected components, largest first.
    func componentSizes() -> [Int] {
        var parent = Array(nodes.indices)
        func find(_ node: Int) -> Int {
            var root = node
            while parent[root] != root { root = parent[root] }
            var current = node
            while parent[current] != root {
                let next = parent[current]
                parent[current] = root
                current = next
            }
            return root
        }
        for (from, targets) in outgoing.enumerated() {
            for to in targets {
                let (a, b) = (find(from), find(to))
                if a != b { parent[max(a, b)] = min(a, b) }
            }
        }
        var sizes: [Int: Int] = [:]
        for node in nodes.indices { sizes[find(node), default: 0] += 1 }
        return sizes.values.sorted(by: >)
    }

    /// Simple cycles of 2…`maxLength` nodes, each reported once (starting at its smallest node).
    ///
    /// The search stops after `limit` cycles or `budget` steps, so a dense graph cannot stall the
    /// call; `complete` says whether it finished.
    func cycles(maxLength: Int, limit: Int, budget: Int = 200_000) -> (cycles: [[String]], count: Int, complete: Bool) {
        var found: [[String]] = []
        var count = 0
        var steps = 0
        var complete = true
        var path: [Int] = []
        var onPath = Array(repeating: false, count: nodes.count)

        func search(_ node: Int, start: Int) {
            guard complete else { return }
            for next in outgoing[node] {
                steps += 1
                if steps > budget || count >= limit { complete = false; return }
                if next == start, path.count >= 2 {
                    count += 1
                    found.append((path + [start]).map { nodes[$0] })
                } else if next > start, !onPath[next], path.count < maxLength {
                    path.append(next)
                    onPath[next] = true
                    search(next, start: start)
                    onPath[next] = false
                    path.removeLast()
                }
            }
        }
        for start in nodes.indices where complete {
            path = [start]
            onPath[start] = true
            search(start, start: start)
            onPath[start] = false
        }
        return (found, count, complete)
    }

    /// How far documents sit below the roots (nodes nothing points at), by breadth-first levels
    /// up to `maxDepth`; `beyond` counts nodes deeper than that, `unreachable` nodes no root reaches
    /// (they sit on cycles).
    func depthProfile(maxDepth: Int) -> (roots: Int, levels: [Int], beyond: Int, unreachable: Int) {
        var depth = Array(repeating: -1, count: nodes.count)
        var frontier = nodes.indices.filter { inDegree[$0] == loopCounts[$0] }
        for node in frontier { depth[node] = 0 }
        let roots = frontier.count
        var levels: [Int] = []
        var level = 0
        while !frontier.isEmpty {
            var next: [Int] = []
            for node in frontier {
                for target in outgoing[node] where depth[target] < 0 {
                    depth[target] = level + 1
                    next.append(target)
                }
            }
            level += 1
            if !next.isEmpty, level <= maxDepth { levels.append(next.count) }
            frontier = next
        }
        let beyond = depth.filter { $0 > maxDepth }.count
        let unreachable = depth.filter { $0 < 0 }.count
        return (roots, levels, beyond, unreachable)
    }
}
