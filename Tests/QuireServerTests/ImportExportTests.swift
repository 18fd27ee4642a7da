import Foundation
import MCP
import QuireStore
import Synchronization
import Testing
@testable import QuireServer

@Suite struct ImportExportTests {
    /// Every document of `store`, oldest first, with `updatedAt` cleared (each write sets it anew).
    static func contents(of store: DocumentStore) async throws -> [Document] {
        var documents = try await store.list(limit: 10_000, offset: 0).documents
        for index in documents.indices {
            if documents[index].rawDataType != nil {
                documents[index].rawData = try await store.get(uuid: documents[index].uuid, includeRawData: true)?.rawData
            }
            documents[index].updatedAt = Date(timeIntervalSince1970: 0)
        }
        return documents
    }

    @Test func thousandGeneratedFilesSurviveExportAndImportIntoANewStore() async throws {
        try await withExtractionFolder { folder in
            // 1,000 documents from files of every format, so extraction feeds the round trip.
            for index in 0..<400 {
                try writeFile(folder + "/in/md/\(index).md", "---\ntitle: Note \(index)\nauthor: Author \(index % 7)\ntags: [t\(index % 5), shared]\ndate: 2024-01-\(index % 28 + 1 < 10 ? "0" : "")\(index % 28 + 1)\nrank: \(index)\n---\n# Heading\n\nBody of note \(index) with ünïcode.\n")
            }
            for index in 0..<300 { try writeFile(folder + "/in/txt/\(index).txt", "Plain text \(index)\nsecond line") }
            for index in 0..<100 { try writeFile(folder + "/in/html/\(index).html", "<title>Page \(index)</title><p>Para \(index) &amp; more</p>") }
            let rows = (0..<200).map { "Row \($0),\"Content, \($0)\nwith newline\",\($0 % 3)" }.joined(separator: "\n")
            try writeFile(folder + "/in/table.csv", "title,content,group\n" + rows + "\n")

            let first = try DocumentStore.open(path: folder + "/first.db", options: StoreOptions(embeddingDimension: 4))
            let imported = try await DocumentImporter(store: first, options: .init(batchSize: 128)).run(paths: [folder + "/in"])
            #expect(imported.failures == [])
            #expect(imported.documentsImported == 1000)
            #expect(imported.filesProcessed == 801)
            // Give some documents embeddings and raw bytes, which only a full export carries.
            let some = try await first.list(limit: 50, offset: 0).documents
            for (position, document) in some.enumerated() {
                try await first.update(uuid: document.uuid) { document in
                    document.embedding = [Float(position), 0.5, -1.25, 1e-3]
                    if position % 10 == 0 {
                        document.rawData = Data([UInt8(position), 0, 255])
                        document.rawDataType = "application/octet-stream"
                    }
                }
            }

            let exported = try await DocumentExporter(store: first).run(to: .file(folder + "/export.jsonl"))
            #expect(exported.documentsExported == 1000)
            let second = try DocumentStore.open(path: folder + "/second.db", options: StoreOptions(embeddingDimension: 4))
            let reimported = try await DocumentImporter(store: second).run(paths: [folder + "/export.jsonl"])
            #expect(reimported.failures == [] && reimported.documentsImported == 1000)

            let original = try await Self.contents(of: first)
            let copy = try await Self.contents(of: second)
            #expect(original.count == 1000)
            #expect(original == copy)
            #expect(copy.filter { $0.embedding != nil }.count == 50)
            #expect(copy.filter { $0.rawData != nil }.count == 5)

            // And the copy exports to the same bytes but for updated_at.
            _ = try await DocumentExporter(store: second).run(to: .file(folder + "/again.jsonl"))
            let strip = { (path: String) throws -> [String] in
                try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
                    $0.replacingOccurrences(of: #""updated_at":"[^"]*""#, with: "", options: .regularExpression)
                }
            }
            #expect(try strip(folder + "/export.jsonl") == strip(folder + "/again.jsonl"))
        }
    }

    @Test func reimportingIntoTheSameStoreReportsEachDuplicate() async throws {
        try await withExtractionFolder { folder in
            try writeFile(folder + "/a.jsonl", (0..<30).map { #"{"content": "c\#($0)", "title": "T\#($0)"}"# }.joined(separator: "\n"))
            let store = try DocumentStore.open(path: folder + "/s.db", options: StoreOptions(embeddingDimension: 4))
            #expect(try await DocumentImporter(store: store).run(paths: [folder + "/a.jsonl"]).documentsImported == 30)
            _ = try await DocumentExporter(store: store).run(to: .file(folder + "/e.jsonl"))
            try writeFile(folder + "/extra.jsonl", #"{"content": "new", "title": "New"}"# + "\nnot json\n")
            let again = try await DocumentImporter(store: store, options: .init(batchSize: 7)).run(paths: [folder + "/e.jsonl", folder + "/extra.jsonl"])
            #expect(again.documentsImported == 1)
            #expect(again.documentsFailed == 31)
            #expect(again.failures.filter { $0.message.contains("already exists") }.count == 30)
            let parseFailure = again.failures.first { $0.source == folder + "/extra.jsonl:2" }
            #expect(parseFailure?.message.contains("not valid JSON") == true)
            #expect(try await store.count() == 31)
        }
    }

    @Test func importConfinedToRootsRefusesOutsideFiles() async throws {
        try await withExtractionFolder { folder in
            try writeFile(folder + "/root/in.md", "# In")
            try writeFile(folder + "/out.md", "# Out")
            try FileManager.default.createSymbolicLink(atPath: folder + "/root/link.md", withDestinationPath: folder + "/out.md")
            let store = try DocumentStore.open(path: folder + "/s.db", options: StoreOptions(embeddingDimension: 4))
            let importer = DocumentImporter(store: store, options: .init(roots: try FileRoots([folder + "/root"])))
            let summary = try await importer.run(paths: [folder + "/root", folder + "/out.md"])
            #expect(summary.documentsImported == 1)
            #expect(summary.failures.map(\.source).sorted() == [folder + "/out.md", folder + "/root/link.md"])
            #expect(summary.failures.allSatisfy { $0.message.contains("outside the files roots") })
        }
    }

    @Test func progressIsShownAsABarOnATerminalAndAsLinesOtherwise() {
        let written = BatchTextBuffer()
        let bar = TerminalProgress(interactive: true) { written.append($0) }
        var progress = DocumentImporter.Progress(bytesDone: 50, bytesTotal: 100, filesDone: 1, filesTotal: 2, documentsImported: 5, documentsFailed: 0, currentFile: "a.md", lastFileDocuments: 5)
        bar.update(progress)
        bar.finish()
        #expect(written.text.hasPrefix("\r["))
        #expect(written.text.contains(" 50%  5 docs"))
        #expect(written.text.hasSuffix("\u{1B}[K\n"))

        let lines = BatchTextBuffer()
        let plain = TerminalProgress(interactive: false) { lines.append($0) }
        plain.update(progress)
        progress.filesDone = 2
        progress.currentFile = "bad.txt"
        progress.lastFileDocuments = nil
        plain.update(progress)
        #expect(lines.text == "[1/2] a.md: 5 documents\n[2/2] bad.txt: failed\n")
        #expect(!lines.text.contains("\r"))
    }
}

/// Text written by a progress display, for assertions.
final class BatchTextBuffer: Sendable {
    private let storage = Mutex("")
    func append(_ text: String) { storage.withLock { $0 += text } }
    var text: String { storage.withLock { $0 } }
}
