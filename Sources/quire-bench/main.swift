import Foundation
import QuireStore

// quire-bench: imports the generated corpus into fresh Quire stores and times searches.
// Usage: quire-bench --corpus FILE --queries FILE --dir DIR [--dimension 384] [--batch 1000]
//                    [--warmup 10] [--phases plain,vector,search] [--kinds text,vector,hybrid]
// Prints one JSON object on stdout (read by bench/run.py); progress goes to stderr. `--phases`
// runs a subset (for profiling one part): `plain` imports without embeddings, `vector` imports
// with them, `search` times the searches (on DIR/quire.db as left by an earlier `vector` run
// when `vector` is not among the phases).

struct Options {
    var corpus = ""
    var queries = ""
    var directory = ""
    var dimension = 384
    var batch = 1000
    var warmup = 10
    var phases: Set<String> = ["plain", "vector", "search"]
    var kinds = ["text", "vector", "hybrid"]

    static func parse(_ arguments: [String]) -> Options? {
        var options = Options()
        var iterator = arguments.makeIterator()
        while let flag = iterator.next() {
            guard let value = iterator.next() else { return nil }
            switch flag {
            case "--corpus": options.corpus = value
            case "--queries": options.queries = value
            case "--dir": options.directory = value
            case "--dimension": options.dimension = Int(value) ?? 0
            case "--batch": options.batch = Int(value) ?? 0
            case "--warmup": options.warmup = Int(value) ?? -1
            case "--phases": options.phases = Set(value.split(separator: ",").map(String.init))
            case "--kinds": options.kinds = value.split(separator: ",").map(String.init)
            default: return nil
            }
        }
        guard !options.corpus.isEmpty, !options.queries.isEmpty, !options.directory.isEmpty,
              options.dimension > 0, options.batch > 0, options.warmup >= 0,
              options.phases.isSubset(of: ["plain", "vector", "search"]),
              Set(options.kinds).isSubset(of: ["text", "vector", "hybrid"]) else { return nil }
        return options
    }
}

func log(_ message: String) {
    FileHandle.standardError.write(Data("quire-bench: \(message)\n".utf8))
}

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

/// CPU seconds this process has used (all threads), to show import cost apart from contention.
func processCPUSeconds() -> Double {
    Double(clock()) / Double(CLOCKS_PER_SEC)
}

/// Opens a fresh store at `path` (removing any previous one) and adds `documents` in batches;
/// returns the store, the wall-clock time and the CPU time taken.
func importCorpus(_ documents: [Document], path: String, dimension: Int, batch: Int) async throws -> (DocumentStore, Duration, Double) {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    let store = try DocumentStore.open(path: path, options: StoreOptions(embeddingDimension: dimension))
    let clock = ContinuousClock()
    let start = clock.now
    let cpuStart = processCPUSeconds()
    for offset in stride(from: 0, to: documents.count, by: batch) {
        try await store.add(Array(documents[offset..<min(offset + batch, documents.count)]))
    }
    return (store, clock.now - start, processCPUSeconds() - cpuStart)
}

func run(_ options: Options) async throws {
    let clock = ContinuousClock()
    log("reading \(options.corpus)")
    let importing = !options.phases.isDisjoint(with: ["plain", "vector"])
    var data = try BenchData.load(corpus: importing ? options.corpus : nil, queries: options.queries)
    let count = data.documents.count
    var result: [String: Any] = ["documents": count, "queries": data.queries.count, "batch": options.batch]

    if options.phases.contains("plain") {
        log("importing \(count) documents without embeddings")
        let plain = data.documents.map { document -> Document in
            var copy = document
            copy.embedding = nil
            return copy
        }
        let (_, plainTime, plainCPU) = try await importCorpus(
            plain, path: options.directory + "/quire-plain.db", dimension: options.dimension, batch: options.batch
        )
        result["import_plain_docs_per_s"] = Double(count) / (milliseconds(plainTime) / 1000)
        result["import_plain_docs_per_cpu_s"] = Double(count) / plainCPU
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: options.directory + "/quire-plain.db" + suffix) }
    }
    let store: DocumentStore
    if options.phases.contains("vector") {
        log("importing \(count) documents with embeddings")
        let (imported, vectorTime, vectorCPU) = try await importCorpus(
            data.documents, path: options.directory + "/quire.db", dimension: options.dimension, batch: options.batch
        )
        result["import_vector_docs_per_s"] = Double(count) / (milliseconds(vectorTime) / 1000)
        result["import_vector_docs_per_cpu_s"] = Double(count) / vectorCPU
        store = imported
    } else {
        store = try DocumentStore.open(path: options.directory + "/quire.db", options: StoreOptions(embeddingDimension: options.dimension))
    }
    guard options.phases.contains("search") else {
        try emit(result)
        return
    }
    // The corpus (hundreds of MB at 100k) is not needed to search; free it first.
    data.documents = []

    // The first vector search loads the in-memory index; it is reported on its own.
    guard let first = data.queries.first else { throw BenchData.FormatError(description: "no queries") }
    let loadStart = clock.now
    _ = try await store.vectorSearch(embedding: first.embedding, limit: first.limit)
    result["first_vector_search_ms"] = milliseconds(clock.now - loadStart)

    var rankings: [String: [[String]]] = [:]
    for kind in options.kinds {
        func search(_ query: BenchData.Query) async throws -> [SearchHit] {
            switch kind {
            case "text": return try await store.textSearch(query: query.text, limit: query.limit)
            case "vector": return try await store.vectorSearch(embedding: query.embedding, limit: query.limit)
            default: return try await store.hybridSearch(query: query.text, embedding: query.embedding, limit: query.limit)
            }
        }
        log("\(kind) search × \(data.queries.count)")
        for query in data.queries.prefix(options.warmup) { _ = try await search(query) }
        var latencies = Latencies()
        var ranked: [[String]] = []
        for query in data.queries {
            let start = clock.now
            let hits = try await search(query)
            latencies.record(clock.now - start)
            ranked.append(hits.map(\.document.uuid))
        }
        result["\(kind)_ms"] = latencies.summary
        rankings[kind] = ranked
    }
    result["rankings"] = rankings
    try emit(result)
}

func emit(_ result: [String: Any]) throws {
    let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
    FileHandle.standardOutput.write(json)
    FileHandle.standardOutput.write(Data("\n".utf8))
}

guard let options = Options.parse(Array(CommandLine.arguments.dropFirst())) else {
    log("usage: quire-bench --corpus FILE --queries FILE --dir DIR [--dimension N] [--batch N] [--warmup N] [--phases plain,vector,search] [--kinds text,vector,hybrid]")
    exit(2)
}
do {
    try await run(options)
} catch {
    log("failed: \(error)")
    exit(1)
}
