import ArgumentParser
import Foundation
import MCP
import QuireServer
import QuireStore

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export a store's documents.",
        discussion: """
            jsonl (the default) writes one record per line with uuid, content, metadata, embedding and raw data: \
            `quire import` restores it exactly. json writes {"documents": [...]}, csv a header and a row per document. \
            A file is written under a temporary name and moved into place when complete.
            """
    )

    @Option(help: "The store: a SQLite file path.")
    var store = "./quire.db"

    @Option(help: "jsonl, json or csv.")
    var format: ExportFormat = .jsonl

    @Option(name: [.short, .long], help: "The file to write, or - for stdout.")
    var output = "-"

    @Option(help: "Only documents matching this filter, e.g. \"status = 'published'\".")
    var filter: String?

    @Flag(inversion: .prefixedNo, help: "Include embeddings.")
    var embeddings = true

    @Flag(help: "Print the summary as JSON (on stdout, or stderr when the export goes to stdout).")
    var json = false

    func run() async throws {
        guard FileManager.default.fileExists(atPath: store) else { throw CleanExit.failure("no store at \(store)") }
        let documentStore: DocumentStore
        let parsedFilter: Filter?
        do {
            documentStore = try DocumentStore.open(path: store, options: StoreOptions(readOnly: true))
            parsedFilter = try filter.map(FilterStringParser.parse)
        } catch let error as StoreError {
            throw CleanExit.failure(error.description)
        } catch let error as FilterError {
            throw CleanExit.failure("--filter: \(error.description)")
        }
        let destination: DocumentExporter.Destination = output == "-" ? .standardOutput : .file(output)
        let exporter = DocumentExporter(store: documentStore, format: format, filter: parsedFilter, includeEmbeddings: embeddings)
        let summary: DocumentExporter.Summary
        do {
            summary = try await exporter.run(to: destination)
        } catch let error as FileAccessError {
            throw CleanExit.failure(error.description)
        } catch let error as StoreError {
            throw CleanExit.failure(error.description)
        }
        let line = json
            ? summary.json.prettyJSONString + "\n"
            : "Exported \(summary.documentsExported) documents (\(summary.bytesWritten) bytes) to \(output == "-" ? "stdout" : output)\n"
        if destination == .standardOutput {
            FileHandle.standardError.write(Data(line.utf8))
        } else {
            FileHandle.standardOutput.write(Data(line.utf8))
        }
    }
}

extension ExportFormat: ExpressibleByArgument {}
