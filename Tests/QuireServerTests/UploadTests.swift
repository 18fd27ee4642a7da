import Foundation
import Hummingbird
import HTTPTypes
import Logging
import MCP
import QuireStore
import Testing
@testable import QuireServer

/// A `multipart/form-data` body: (name, filename?, content type?, bytes) parts.
func multipartBody(_ parts: [(name: String, fileName: String?, type: String?, bytes: [UInt8])], boundary: String = "quire-test-boundary") -> [UInt8] {
    var body: [UInt8] = []
    for part in parts {
        var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\""
        if let fileName = part.fileName { head += "; filename=\"\(fileName)\"" }
        head += "\r\n"
        if let type = part.type { head += "Content-Type: \(type)\r\n" }
        head += "\r\n"
        body += Array(head.utf8) + part.bytes + Array("\r\n".utf8)
    }
    return body + Array("--\(boundary)--\r\n".utf8)
}

/// Posts `body` to the upload route of a fresh server over `store` and returns status and JSON.
func postUpload(_ body: [UInt8], store: DocumentStore, limits: UploadLimits = UploadLimits(), contentType: String = "multipart/form-data; boundary=quire-test-boundary") async throws -> (HTTPResponse.Status, JSONValue) {
    let routes = UploadRoutes(store: store, embedder: nil, limits: limits)
    let request = Request(
        head: HTTPRequest(method: .post, scheme: "http", authority: "127.0.0.1", path: UploadRoutes.path, headerFields: [.contentType: contentType]),
        body: RequestBody(buffer: ByteBuffer(bytes: body))
    )
    let response = await routes.upload(request, logger: Logger(label: "upload-test"))
    let collected = BodyCollector()
    try await response.body.write(collected)
    return (response.status, try JSONValue(parsing: collected.bytes))
}

/// Gathers a response body.
final class BodyCollector: ResponseBodyWriter, @unchecked Sendable {
    // Written by one response body, read after it finished: never concurrently.
    private(set) var bytes: [UInt8] = []
    func write(_ buffer: ByteBuffer) async throws { bytes += buffer.readableBytesView }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

@Suite struct UploadTests {
    @Test func contentDecidesNotTheDeclaredType() {
        #expect(ContentSniffer.sniff(Array("%PDF-1.7\n%âãÏÓ".utf8)) == .binary(kind: "a PDF document"))
        #expect(ContentSniffer.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]) == .binary(kind: "a PNG image"))
        #expect(ContentSniffer.sniff([0x50, 0x4B, 0x03, 0x04, 0x14, 0]) != .text("PK"))
        #expect(ContentSniffer.sniff(Array("hello\0world".utf8)) == .binary(kind: "binary data (it contains NUL bytes)"))
        #expect(ContentSniffer.sniff([0x68, 0xC3, 0x28]) == .binary(kind: "data that is not UTF-8 text (convert it to UTF-8)"))
        #expect(ContentSniffer.sniff(Array("héllo\tworld\r\n".utf8)) == .text("héllo\tworld\r\n"))
        #expect(ContentSniffer.sniff([0xEF, 0xBB, 0xBF] + Array("bom".utf8)) == .text("bom"))
        #expect(ContentSniffer.sniff([0xFF, 0xFE, 0x68, 0x00, 0x69, 0x00]) == .text("hi"))
        // Text that merely starts like a signature's letters is still text.
        #expect(ContentSniffer.sniff(Array("MZ notes\nBZh is not bzip".utf8)) == .text("MZ notes\nBZh is not bzip"))
    }

    @Test func formatsComeFromContentThenDeclaredTypeThenName() {
        #expect(UploadExtractor.format(of: #"{"a": 1}"#, fileName: "notes.txt", declaredType: "text/plain") == .json)
        #expect(UploadExtractor.format(of: "{not json", fileName: "notes.txt", declaredType: nil) == .text)
        #expect(UploadExtractor.format(of: "{not json", fileName: "data.json", declaredType: nil) == .json)
        #expect(UploadExtractor.format(of: "# Title", fileName: "a.md", declaredType: nil) == .markdown)
        #expect(UploadExtractor.format(of: "# Title", fileName: "a", declaredType: "text/markdown; charset=utf-8") == .markdown)
        #expect(UploadExtractor.format(of: "<!DOCTYPE html><p>x", fileName: "page", declaredType: nil) == .html)
        #expect(UploadExtractor.format(of: "a,b\n1,2", fileName: "upload", declaredType: "text/csv") == .csv)
        #expect(UploadExtractor.format(of: "{}\n{}", fileName: "rows.jsonl", declaredType: nil) == .jsonl)
        #expect(UploadExtractor.format(of: "plain", fileName: "a.txt", declaredType: "image/png") == .text)
    }

    @Test func extractionGoesThroughTheSharedExtractors() throws {
        let markdown = try UploadExtractor.documents(fromText: "---\ntitle: From Front Matter\ntags: [a, b]\n---\nbody", format: .markdown, fileName: "a.md")
        #expect(markdown.first?.title == "From Front Matter")
        #expect(markdown.first?.tags == ["a", "b"])
        #expect(markdown.first?.sourceType == "text/markdown")
        #expect(markdown.first?.sourceFile == "a.md")
        let csv = try UploadExtractor.documents(fromText: "title,body\nOne,first\nTwo,second\n", format: .csv, fileName: "rows.csv")
        #expect(csv.count == 2)
        let json = try UploadExtractor.documents(fromText: #"{"title": "From JSON"}"#, format: .json, fileName: "a.json")
        #expect(json.first?.title == "From JSON")
        #expect(throws: UploadExtractor.Failure.self) { try UploadExtractor.documents(fromText: "{bad", format: .json, fileName: "a.json") }
        #expect(throws: UploadExtractor.Failure.self) { try UploadExtractor.documents(fromText: " \n ", format: .text, fileName: "a.txt") }
    }

    @Test func contentDispositionParameters() {
        let plain = ContentDisposition(parsing: #"form-data; name="file"; filename="a \"b\".md""#)
        #expect(plain == ContentDisposition(name: "file", fileName: #"a "b".md"#))
        let extended = ContentDisposition(parsing: #"form-data; name=file; filename="fallback.txt"; filename*=UTF-8''na%C3%AFve%20file.txt"#)
        #expect(extended == ContentDisposition(name: "file", fileName: "naïve file.txt"))
        #expect(ContentDisposition.parameters(in: "multipart/form-data; boundary=\"abc def\"")["boundary"] == "abc def")
    }

    @Test func metadataFieldsAreCheckedUpFront() throws {
        let metadata = try UploadMetadata(fields: [("tags", "a, b"), ("tags", "c"), ("x_team", "docs"), ("author", "Ada")], fileCount: 2)
        var document = Document(title: "t", tags: ["b"])
        try metadata.apply(to: &document)
        #expect(document.tags == ["b", "a", "c"])
        #expect(document.customMetadata["x_team"] == "docs")
        #expect(document.author == "Ada")
        #expect(throws: UploadProblem.self) { try UploadMetadata(fields: [("title", "T")], fileCount: 2) }
        #expect(throws: UploadProblem.self) { try UploadMetadata(fields: [("colour", "red")], fileCount: 1) }
        #expect(throws: UploadProblem.self) { try UploadMetadata(fields: [("metadata", "[1]")], fileCount: 1) }
        #expect(throws: UploadProblem.self) { try UploadMetadata(fields: [("metadata", #"{"status": 3}"#)], fileCount: 1) }
        #expect(throws: UploadProblem.self) { try UploadMetadata(fields: [("author", "a"), ("author", "b")], fileCount: 1) }
    }

    @Test func severalFilesAreStoredTogether() async throws {
        try await withAnalyticsStore { store, _ in
            let body = multipartBody([
                ("file", "a.md", "text/markdown", Array("# Alpha\nfirst".utf8)),
                ("file", "b.json", "application/json", Array(#"{"title": "Beta", "n": 1}"#.utf8)),
                ("file", "c.txt", nil, Array("gamma".utf8)),
                ("tags", nil, nil, Array("upload,test".utf8)),
            ])
            let (status, json) = try await postUpload(body, store: store)
            #expect(status == .created)
            #expect(json["stored"] == 3)
            let files = json["files"]?.arrayValue ?? []
            #expect(files.map { $0["status"] } == ["stored", "stored", "stored"])
            #expect(files.map { $0["detected_type"] } == ["text/markdown", "application/json", "text/plain"])
            let uuid = try #require(files[1]["documents"]?[0]?["uuid"]?.stringValue)
            let stored = try #require(try await store.get(uuid: uuid))
            #expect(stored.title == "Beta")
            #expect(stored.tags == ["upload", "test"])
            #expect(stored.sourceFile == "b.json")
            #expect(try await store.count() == 3)
        }
    }

    @Test func oneBadFileStoresNothing() async throws {
        try await withAnalyticsStore { store, _ in
            let body = multipartBody([
                ("file", "ok.txt", "text/plain", Array("fine".utf8)),
                ("file", "fake.txt", "text/plain", [0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34, 0x0A]),
                ("file", "bad.json", "application/json", Array("{nope".utf8)),
            ])
            let (status, json) = try await postUpload(body, store: store)
            #expect(status == .unsupportedMediaType)
            #expect(json["stored"] == 0)
            let files = json["files"]?.arrayValue ?? []
            #expect(files.map { $0["status"] } == ["not_stored", "rejected", "rejected"])
            #expect(files[1]["error"]?["status"] == 415)
            #expect(files[1]["error"]?["detail"]?.stringValue?.contains("PDF") == true)
            #expect(files[2]["error"]?["status"] == 422)
            #expect(try await store.count() == 0)
        }
    }

    @Test func sizeLimitsPerFileAndPerRequest() async throws {
        try await withAnalyticsStore { store, _ in
            var limits = UploadLimits()
            limits.maxFileBytes = 100
            limits.maxTotalBytes = 1000
            let big = multipartBody([("file", "small.txt", nil, Array("ok".utf8)), ("file", "big.txt", nil, Array(repeating: 0x61, count: 101))])
            let (status, json) = try await postUpload(big, store: store, limits: limits)
            #expect(status == .contentTooLarge)
            #expect(json["files"]?[1]?["size"] == 101)
            #expect(json["files"]?[1]?["status"] == "rejected")
            let huge = multipartBody((0..<20).map { ("file", "f\($0).txt", nil, Array(repeating: 0x61, count: 90)) })
            let (totalStatus, totalJSON) = try await postUpload(huge, store: store, limits: limits)
            #expect(totalStatus == .contentTooLarge)
            #expect(totalJSON["detail"]?.stringValue?.contains("1000") == true)
            #expect(try await store.count() == 0)
        }
    }

    @Test func malformedRequestsGetClearErrors() async throws {
        try await withAnalyticsStore { store, _ in
            let notMultipart = try await postUpload(Array("{}".utf8), store: store, contentType: "application/json")
            #expect(notMultipart.0 == .unsupportedMediaType)
            let noFiles = try await postUpload(multipartBody([("title", nil, nil, Array("x".utf8))]), store: store)
            #expect(noFiles.0 == .badRequest)
            #expect(noFiles.1["detail"]?.stringValue?.contains("no files") == true)
            let truncated = try await postUpload(Array("--quire-test-boundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nabc".utf8), store: store)
            #expect(truncated.0 == .badRequest)
            let unknownCollection = try await postUpload(
                multipartBody([("file", "a.txt", nil, Array("a".utf8)), ("collection", nil, nil, Array("nowhere".utf8))]), store: store
            )
            #expect(unknownCollection.0 == .notFound)
            #expect(try await store.count() == 0)
        }
    }

    @Test func readinessFollowsTheStore() async throws {
        try await withAnalyticsStore { store, directory in
            #expect(await StoreProbe(store: store).readinessProblem() == nil)
            let readOnly = try DocumentStore.open(path: store.path, options: StoreOptions(embeddingDimension: 4, readOnly: true))
            let problem = await StoreProbe(store: readOnly).readinessProblem()
            #expect(problem?.contains("read-only") == true)
            _ = directory
        }
    }
}
