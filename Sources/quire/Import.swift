import ArgumentParser
import Foundation
import MCP
import QuireServer
import QuireStore

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import files and folders into a store.",
        discussion: """
            Files are read as the server's extraction tools read them: plain text, Markdown (front matter becomes \
            metadata), JSON, CSV (a document per row) and HTML (visible text). JSON Lines files written by \
            `quire export` are restored exactly: uuids, metadata, content and embeddings. Folders are read \
            recursively (hidden entries skipped). Progress goes to stderr: a bar on a terminal, plain lines otherwise. \
            Exits non-zero when any file or document could not be imported.
            """
    )

    @Argument(help: "Files or folders to import.")
    var paths: [String]

    @Option(help: "The store: a SQLite file path, created on first use.")
    var store = "./quire.db"

    @Option(help: "A collection (its uuid or name) to put every document in; it must exist.")
    var collection: String?

    @Option(name: .customLong("files-root"), help: ArgumentHelp("Only read files inside this folder (repeatable).", valueName: "dir"))
    var filesRoots: [String] = []

    @Option(help: "The largest file read, except JSON Lines, which are streamed (bytes, or with K, M, G).")
    var maxFileSize = ByteCount(bytes: TextFileReader.defaultLimit)

    @Option(help: "Embedding dimension for a new store (an existing store keeps its own).")
    var embeddingDimension: Int = 1536

    @Option(help: "Documents stored per transaction.")
    var batchSize: Int = 1000

    @Flag(help: "Print the summary as JSON on stdout.")
    var json = false

    func validate() throws {
        guard (1...65536).contains(embeddingDimension) else { throw ValidationError("--embedding-dimension must be between 1 and 65536") }
        guard (1...10000).contains(batchSize) else { throw ValidationError("--batch-size must be between 1 and 10000") }
    }

    func run() async throws {
        let roots: FileRoots?
        do {
            roots = filesRoots.isEmpty ? nil : try FileRoots(filesRoots)
        } catch {
            throw CleanExit.failure(error.description)
        }
        let documentStore: DocumentStore
        do {
            documentStore = try DocumentStore.open(path: store, options: StoreOptions(embeddingDimension: embeddingDimension))
        } catch let error as StoreError {
            throw CleanExit.failure(error.description)
        }
        // With roots, relative paths still mean the current folder (the roots only confine).
        let cwd = FileManager.default.currentDirectoryPath
        let targets = roots == nil ? paths : paths.map { $0.hasPrefix("/") ? $0 : "\(cwd)/\($0)" }
        let importer = DocumentImporter(
            store: documentStore,
            options: .init(roots: roots, maxFileBytes: maxFileSize.bytes, collection: collection, batchSize: batchSize)
        )
        let progress = TerminalProgress(interactive: TerminalProgress.standardErrorIsTerminal)
        let summary: DocumentImporter.Summary
        do {
            summary = try await importer.run(paths: targets) { progress.update($0) }
        } catch let error as ImportError {
            progress.finish()
            throw CleanExit.failure(error.message)
        }
        progress.finish()
        if json {
            print(summary.json.prettyJSONString)
        } else {
            let rate = summary.elapsedSeconds > 0 ? Int(Double(summary.documentsImported) / summary.elapsedSeconds) : 0
            print("Imported \(summary.documentsImported) documents from \(summary.filesProcessed) files in \(String(format: "%.2f", summary.elapsedSeconds))s (\(rate) docs/s)"
                + (summary.documentsFailed + summary.filesFailed > 0 ? "; \(summary.filesFailed) files and \(summary.documentsFailed) documents failed" : ""))
        }
        if !summary.failures.isEmpty {
            for failure in summary.failures.prefix(50) { FileHandle.standardError.write(Data("quire: \(failure.source): \(failure.message)\n".utf8)) }
            if summary.failures.count > 50 { FileHandle.standardError.write(Data("quire: … and \(summary.failures.count - 50) more\n".utf8)) }
            throw ExitCode.failure
        }
    }
}
