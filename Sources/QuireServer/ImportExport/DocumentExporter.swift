import Foundation
import MCP
import QuireStore

/// `quire export`: every document (or a filter's matches) written in an export format, oldest
/// first. JSON Lines with embeddings and raw data is a complete copy that `quire import` restores.
public struct DocumentExporter: Sendable {
    /// Where the export goes.
    public enum Destination: Sendable, Equatable {
        /// A file, written to a temporary name and moved into place only when complete.
        case file(String)
        /// Standard output, streamed.
        case standardOutput
    }

    /// What an export wrote.
    public struct Summary: Sendable {
        /// Documents written.
        public var documentsExported = 0
        /// Bytes written.
        public var bytesWritten = 0
        /// The format written.
        public var format: ExportFormat
        /// Where it went.
        public var destination: Destination
        /// How long the export took.
        public var elapsedSeconds = 0.0

        /// The summary as JSON, for `--json`.
        public var json: JSONValue {
            let output: String
            switch destination {
            case .file(let path): output = path
            case .standardOutput: output = "-"
            }
            return [
                "documents_exported": .int(documentsExported), "bytes_written": .int(bytesWritten),
                "format": .string(format.rawValue), "output": .string(output),
                "elapsed_seconds": .double((elapsedSeconds * 1000).rounded() / 1000),
            ]
        }
    }

    /// The store read.
    public let store: DocumentStore
    /// The format written.
    public let format: ExportFormat
    /// Only documents matching this, when set.
    public let filter: Filter?
    /// Whether records carry their embeddings.
    public let includeEmbeddings: Bool
    /// Documents read from the store at a time.
    public let pageSize: Int

    /// An export of `store` (or of `filter`'s matches) in `format`.
    public init(store: DocumentStore, format: ExportFormat = .jsonl, filter: Filter? = nil, includeEmbeddings: Bool = true, pageSize: Int = 1000) {
        self.store = store
        self.format = format
        self.filter = filter
        self.includeEmbeddings = includeEmbeddings
        self.pageSize = max(1, min(pageSize, DocumentStore.maximumPageSize))
    }

    /// Writes the export, calling `progress(done, total)` after each page.
    public func run(to destination: Destination, progress: @Sendable (Int, Int) -> Void = { _, _ in }) async throws -> Summary {
        let started = ContinuousClock.now
        let sink: any ExportSink
        switch destination {
        case .file(let path): sink = try ExportFileWriter(path: path)
        case .standardOutput: sink = StandardOutputSink()
        }
        defer { sink.abandon() }
        let encoder = ExportEncoder(format: format, includeEmbeddings: includeEmbeddings)
        let pager = DocumentPager(store: store, filter: filter, ids: nil, limit: nil, pageSize: pageSize, includeRawData: true)
        let total = try await pager.total()
        var summary = Summary(format: format, destination: destination)
        try sink.write(encoder.header)
        var number = 0
        while let page = try await pager.page(number) {
            number += 1
            for document in page {
                try sink.write(encoder.encode(document, first: summary.documentsExported == 0))
                summary.documentsExported += 1
            }
            progress(summary.documentsExported, total)
        }
        try sink.write(encoder.footer)
        summary.bytesWritten = try sink.finish()
        summary.elapsedSeconds = DocumentImporter.seconds(ContinuousClock.now - started)
        return summary
    }
}

/// Where export bytes go.
protocol ExportSink: AnyObject {
    func write(_ bytes: [UInt8]) throws(FileAccessError)
    /// Completes the output; returns the bytes written.
    func finish() throws(FileAccessError) -> Int
    /// Drops an unfinished output (no-op after ``finish()``).
    func abandon()
}

extension ExportFileWriter: ExportSink {
    func finish() throws(FileAccessError) -> Int { try commit() }
    func abandon() { discard() }
}

/// Standard output, written in large blocks.
final class StandardOutputSink: ExportSink {
    private var buffer: [UInt8] = []
    private var written = 0

    func write(_ bytes: [UInt8]) throws(FileAccessError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    func finish() throws(FileAccessError) -> Int {
        try flush()
        return written
    }

    func abandon() {}

    private func flush() throws(FileAccessError) {
        guard !buffer.isEmpty else { return }
        do {
            try FileHandle.standardOutput.write(contentsOf: buffer)
        } catch {
            throw .unwritable(path: "standard output", reason: String(describing: error))
        }
        written += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }
}
