import Foundation
import MCP
import MCPServer
import QuireStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `quire import`: files and folders into a store, through the same extraction as the tools.
///
/// JSON Lines files are streamed record by record (no size limit: that is how exports of any size
/// come back, uuids, metadata, content and embeddings included); other files are extracted whole,
/// within the size limit. Documents are stored in transactions of ``Options/batchSize``; a
/// transaction that fails is retried document by document, so every failure is reported exactly.
public struct DocumentImporter: Sendable {
    /// What to import and how.
    public struct Options: Sendable {
        /// When set, every file must lie inside these roots (as the server's file tools require).
        public var roots: FileRoots?
        /// The largest non-JSON-Lines file read, in bytes.
        public var maxFileBytes: Int
        /// A collection (header uuid or name) to put every document in.
        public var collection: String?
        /// Documents per transaction.
        public var batchSize: Int
        /// File name patterns imported from folders (files named directly are always imported).
        public var patterns: [String]

        /// Import options; by default unconfined, 20 MB files, no collection, 1,000 documents per transaction.
        public init(
            roots: FileRoots? = nil, maxFileBytes: Int = TextFileReader.defaultLimit, collection: String? = nil,
            batchSize: Int = 1000, patterns: [String] = DocumentImporter.defaultPatterns
        ) {
            self.roots = roots
            self.maxFileBytes = maxFileBytes
            self.collection = collection
            self.batchSize = max(1, batchSize)
            self.patterns = patterns
        }
    }

    /// The file types imported from folders by default.
    public static let defaultPatterns = ["*.txt", "*.text", "*.md", "*.markdown", "*.json", "*.jsonl", "*.ndjson", "*.csv", "*.html", "*.htm"]

    /// How far an import has come.
    public struct Progress: Sendable {
        /// Bytes of input read (the progress measure: files differ greatly in size).
        public var bytesDone: Int64
        /// Bytes of input in all.
        public var bytesTotal: Int64
        /// Files finished (read or failed).
        public var filesDone: Int
        /// Files to read.
        public var filesTotal: Int
        /// Documents stored so far.
        public var documentsImported: Int
        /// Documents refused so far.
        public var documentsFailed: Int
        /// The file being read, or just finished.
        public var currentFile: String?
        /// Documents read from the file just finished, or `nil` when it failed.
        public var lastFileDocuments: Int?
    }

    /// One thing that went wrong: a file that could not be read, or a record that was refused.
    public struct Failure: Sendable, Equatable {
        /// The file, with a line or record number when it is one record.
        public var source: String
        /// What went wrong, in one line.
        public var message: String
    }

    /// What an import did.
    public struct Summary: Sendable {
        /// Files read.
        public var filesProcessed = 0
        /// Files that could not be read or listed.
        public var filesFailed = 0
        /// Documents stored.
        public var documentsImported = 0
        /// Documents refused.
        public var documentsFailed = 0
        /// Every failure, in order.
        public var failures: [Failure] = []
        /// How long the import took.
        public var elapsedSeconds = 0.0

        /// The summary as JSON, for `--json`.
        public var json: JSONValue {
            [
                "files_processed": .int(filesProcessed), "files_failed": .int(filesFailed),
                "documents_imported": .int(documentsImported), "documents_failed": .int(documentsFailed),
                "errors": .array(failures.map { ["source": .string($0.source), "message": .string($0.message)] }),
                "elapsed_seconds": .double((elapsedSeconds * 1000).rounded() / 1000),
            ]
        }
    }

    /// The store written.
    public let store: DocumentStore
    /// How files are read and stored.
    public let options: Options

    /// An importer into `store`.
    public init(store: DocumentStore, options: Options = .init()) {
        self.store = store
        self.options = options
    }

    /// Imports `paths` (files, or folders imported recursively), calling `progress` as work moves.
    /// Relative paths are taken as given (the caller makes them absolute).
    ///
    /// - Throws: Only for problems that stop the whole import (an unknown collection, the store
    ///   failing); a file or record that cannot be imported is a ``Failure`` in the summary.
    public func run(paths: [String], progress: @Sendable (Progress) -> Void = { _ in }) async throws -> Summary {
        let started = ContinuousClock.now
        let ingest = DocumentIngest(store: store, embedder: nil)
        let collection: Document?
        do {
            collection = try await ingest.collection(options.collection)
        } catch let error as ToolError {
            throw ImportError(message: error.message)
        }
        var summary = Summary()
        let (files, listingFailures) = listFiles(paths)
        summary.failures.append(contentsOf: listingFailures)
        summary.filesFailed += listingFailures.count

        var state = Progress(
            bytesDone: 0, bytesTotal: files.reduce(0) { $0 + $1.size }, filesDone: 0, filesTotal: files.count,
            documentsImported: 0, documentsFailed: 0, currentFile: nil, lastFileDocuments: nil
        )
        var pending: [(source: String, document: Document)] = []

        func flush() async throws {
            guard !pending.isEmpty else { return }
            var batch = pending.map(\.document)
            if let collection { (batch, _) = try await ingest.prepare(batch, collection: collection, generateEmbeddings: false) }
            let outcomes: [Result<String, ToolError>]
            do {
                outcomes = try await ResilientAdd(store: store).add(batch)
            } catch let error as ToolError {
                throw ImportError(message: error.message)
            }
            for ((source, _), outcome) in zip(pending, outcomes) {
                switch outcome {
                case .success: summary.documentsImported += 1
                case .failure(let error):
                    summary.documentsFailed += 1
                    summary.failures.append(Failure(source: source, message: error.message))
                }
            }
            pending.removeAll(keepingCapacity: true)
            state.documentsImported = summary.documentsImported
            state.documentsFailed = summary.documentsFailed
            progress(state)
        }

        for file in files {
            state.currentFile = file.display
            state.lastFileDocuments = nil
            let bytesBefore = state.bytesDone
            var fileDocuments = 0
            do {
                if FileFormat.detect(fileName: (file.real as NSString).lastPathComponent) == .jsonl {
                    var reader = try JSONLinesFile(path: file.real)
                    defer { reader.close() }
                    while let line = try reader.nextLine() {
                        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
                        let source = "\(file.display):\(reader.lineNumber)"
                        do {
                            guard case .object(let members) = try JSONValue(parsing: line) else {
                                throw ToolError.invalidArguments("expected a JSON object")
                            }
                            pending.append((source, try FrameDecoder.document(from: members, unknownKeys: .reject)))
                            fileDocuments += 1
                        } catch let error as ToolError {
                            summary.documentsFailed += 1
                            summary.failures.append(Failure(source: source, message: error.message))
                        } catch {
                            summary.documentsFailed += 1
                            summary.failures.append(Failure(source: source, message: "not valid JSON: \(error)"))
                        }
                        if pending.count >= options.batchSize {
                            state.bytesDone = bytesBefore + reader.bytesRead
                            try await flush()
                        }
                    }
                } else {
                    let extracted = try FileExtractor(roots: try FileRoots(["/"]), maxFileBytes: options.maxFileBytes)
                        .extract(realPath: file.real, displayPath: file.display)
                    let numbered = extracted.documents.count > 1
                    for (index, document) in extracted.documents.enumerated() {
                        pending.append((numbered ? "\(file.display) record \(index + 1)" : file.display, document))
                    }
                    fileDocuments = extracted.documents.count
                    if pending.count >= options.batchSize { try await flush() }
                }
                summary.filesProcessed += 1
                state.lastFileDocuments = fileDocuments
            } catch let error as ExtractionError {
                summary.filesFailed += 1
                summary.failures.append(Failure(source: file.display, message: error.description))
            } catch let error as FileAccessError {
                summary.filesFailed += 1
                summary.failures.append(Failure(source: file.display, message: error.description))
            }
            state.filesDone += 1
            state.bytesDone = bytesBefore + file.size
            progress(state)
        }
        try await flush()
        state.currentFile = nil
        progress(state)
        summary.elapsedSeconds = Self.seconds(ContinuousClock.now - started)
        return summary
    }

    /// The files to read: named files as they are, folders walked; with their sizes for progress.
    private func listFiles(_ paths: [String]) -> ([(display: String, real: String, size: Int64)], [Failure]) {
        var files: [(display: String, real: String, size: Int64)] = []
        var failures: [Failure] = []
        let roots = options.roots
        func resolve(_ path: String) throws(FileAccessError) -> String {
            if let roots { return try roots.resolveExisting(path) }
            guard let real = FileRoots.realPath(path) else {
                if errno == ENOENT || errno == ENOTDIR { throw .notFound(path: path) }
                throw .unreadable(path: path, reason: FileRoots.errnoText())
            }
            return real
        }
        for path in paths {
            do {
                let real = try resolve(path)
                var status = stat()
                guard stat(real, &status) == 0 else { throw FileAccessError.notFound(path: path) }
                if (status.st_mode & S_IFMT) == S_IFDIR {
                    let walker = DirectoryWalker(patterns: options.patterns, recursive: true, limit: 1_000_000)
                    for found in try walker.files(in: real) {
                        let display = path.hasSuffix("/") ? path + found.dropFirst(real.count + 1) : path + found.dropFirst(real.count)
                        do {
                            let resolved = try resolve(found)
                            var entry = stat()
                            guard stat(resolved, &entry) == 0 else { throw FileAccessError.notFound(path: display) }
                            files.append((display, resolved, Int64(entry.st_size)))
                        } catch let error as FileAccessError {
                            failures.append(Failure(source: display, message: Self.message(error, display: display)))
                        }
                    }
                } else {
                    files.append((path, real, Int64(status.st_size)))
                }
            } catch let error as FileAccessError {
                failures.append(Failure(source: path, message: error.description))
            } catch {
                failures.append(Failure(source: path, message: String(describing: error)))
            }
        }
        return (files, failures)
    }

    private static func message(_ error: FileAccessError, display: String) -> String {
        switch error {
        case .symlinkEscape, .outsideRoots: return FileAccessError.symlinkEscape(path: display).description
        default: return error.description
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// A problem that stops a whole import or export, in one line.
public struct ImportError: Error, Sendable, CustomStringConvertible {
    /// The reason, in one line.
    public var message: String
    /// The reason.
    public var description: String { message }
}
