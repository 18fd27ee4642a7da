import Foundation
import MCPServer
import QuireStore
import Synchronization

/// Times real store operations. Reads (search, scan) run on the real store when it has documents;
/// writes (insert, update) go to a scratch store in a temporary folder, which the caller removes.
struct BenchmarkRunner: Sendable {
    /// One operation's measurements.
    struct Measurement: Sendable {
        var operation: String
        /// `store` or `scratch`: where the operation ran.
        var target: String
        var latencies: [Double]
        var wallMilliseconds: Double
        var errors: Int
        /// Ids of documents the operation created (insert).
        var created: [String]
    }

    let store: DocumentStore
    let scratch: DocumentStore
    let sampleSize: Int
    let concurrency: Int
    /// Called after each finished operation with the running count.
    let progress: @Sendable (Int) async -> Void

    /// Runs `operations` in order and measures each.
    func run(_ operations: [String]) async throws -> [Measurement] {
        let storeCount = try await store.count()
        let corpus = try await Corpus.make(from: store, size: min(sampleSize, 200), storeCount: storeCount)
        let completed = Counter()
        var scratchIDs: [String] = []
        var results: [Measurement] = []

        // Reads need documents: an empty real store sends them to a seeded scratch store instead.
        let readStore = storeCount > 0 ? store : scratch
        let readTarget = storeCount > 0 ? "store" : "scratch"
        if storeCount == 0, operations.contains(where: { $0 == "search" || $0 == "scan" }) {
            scratchIDs += try await scratch.add(corpus.documents(count: min(sampleSize, 200), offset: 0)).map(\.uuid)
        }
        let readCount = max(1, try await readStore.count())

        for operation in operations {
            try Task.checkCancellation()
            let measurement: Measurement
            switch operation {
            case "search":
                measurement = try await measure(operation, target: readTarget, completed: completed) { index in
                    _ = try await readStore.textSearch(query: corpus.query(index), limit: 10)
                    return nil
                }
            case "scan":
                measurement = try await measure(operation, target: readTarget, completed: completed) { index in
                    _ = try await readStore.list(limit: 100, offset: (index * 100) % readCount)
                    return nil
                }
            case "insert":
                let documents = corpus.documents(count: sampleSize, offset: scratchIDs.count)
                measurement = try await measure(operation, target: "scratch", completed: completed) { index in
                    try await scratch.add(documents[index]).uuid
                }
                scratchIDs += measurement.created
            default:
                if scratchIDs.isEmpty {
                    scratchIDs = try await scratch.add(corpus.documents(count: min(sampleSize, 200), offset: 0)).map(\.uuid)
                }
                let ids = scratchIDs
                measurement = try await measure(operation, target: "scratch", completed: completed) { index in
                    _ = try await scratch.update(uuid: ids[index % ids.count]) { document in
                        document.status = "benchmark-\(index)"
                        document.tags = ["benchmark", "update-\(index % 10)"]
                    }
                    return nil
                }
            }
            results.append(measurement)
        }
        return results
    }

    /// Runs `body(0..<sampleSize)` on `concurrency` workers, timing each call.
    private func measure(
        _ operation: String, target: String, completed: Counter, _ body: @escaping @Sendable (Int) async throws -> String?
    ) async throws -> Measurement {
        let workers = min(concurrency, sampleSize)
        let started = ContinuousClock.now
        let lanes = try await withThrowingTaskGroup(of: Lane.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var lane = Lane()
                    for index in stride(from: worker, to: sampleSize, by: workers) {
                        try Task.checkCancellation()
                        let begin = ContinuousClock.now
                        do {
                            if let id = try await body(index) { lane.created.append(id) }
                            lane.latencies.append(UsageRecorder.milliseconds(ContinuousClock.now - begin))
                        } catch is CancellationError {
                            throw CancellationError()
                        } catch {
                            lane.errors += 1
                        }
                        await progress(completed.increment())
                    }
                    return lane
                }
            }
            var all: [Lane] = []
            for try await lane in group { all.append(lane) }
            return all
        }
        return Measurement(
            operation: operation, target: target, latencies: lanes.flatMap(\.latencies),
            wallMilliseconds: UsageRecorder.milliseconds(ContinuousClock.now - started), errors: lanes.reduce(0) { $0 + $1.errors },
            created: lanes.flatMap(\.created)
        )
    }

    /// What one worker measured.
    private struct Lane: Sendable {
        var latencies: [Double] = []
        var errors = 0
        var created: [String] = []
    }

    /// Operations finished so far, shared by the workers.
    final class Counter: Sendable {
        private let count = Mutex(0)

        func increment() -> Int {
            count.withLock { value in
                value += 1
                return value
            }
        }
    }
}

/// Text the benchmark reads and writes: taken from the real store's documents when there are any,
/// otherwise generated, so timings reflect realistic sizes.
struct Corpus: Sendable {
    let titles: [String]
    let contents: [String]
    let words: [String]

    static func make(from store: DocumentStore, size: Int, storeCount: Int) async throws -> Corpus {
        let sample = storeCount > 0 ? try await store.list(limit: max(1, size), offset: 0).documents : []
        let titles = sample.map(\.title)
        let contents = sample.compactMap(\.textContent).filter { !$0.isEmpty }
        let words = Set((titles + contents.prefix(20)).flatMap { text in
            text.split { !$0.isLetter }.map { $0.lowercased() }.filter { $0.count >= 4 }
        }).sorted()
        return Corpus(titles: titles, contents: contents, words: words.isEmpty ? generatedWords : Array(words.prefix(500)))
    }

    static let generatedWords = [
        "archive", "benchmark", "context", "document", "embedding", "filter", "index", "latency",
        "metadata", "query", "relationship", "search", "storage", "throughput", "vector", "version",
    ]

    /// The search query for the `index`th call.
    func query(_ index: Int) -> String { words[index % words.count] }

    /// `count` documents to insert, varied by `offset` so titles stay distinct.
    func documents(count: Int, offset: Int) -> [Document] {
        (0..<count).map { position in
            let number = offset + position
            let content = contents.isEmpty
                ? (0..<150).map { Corpus.generatedWords[($0 * 7 + number) % Corpus.generatedWords.count] }.joined(separator: " ")
                : contents[number % contents.count]
            let title = titles.isEmpty ? "Benchmark document \(number)" : "\(titles[number % titles.count]) (\(number))"
            return Document(title: title, textContent: content, tags: ["benchmark"], customMetadata: ["x_benchmark": "true"])
        }
    }
}
