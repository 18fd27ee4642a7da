import Hummingbird
import MultipartKit
import NIOCore

/// One file part of an upload.
struct UploadedFile: Sendable {
    var fileName: String
    /// The part's `Content-Type`, as the client declared it.
    var declaredType: String?
    /// The content; empty when the file is over the per-file limit (only its size is kept).
    var bytes: [UInt8]
    var size: Int
    var isOversized: Bool
}

/// An upload request's parts: files (parts named `file`) and metadata fields, in order.
struct UploadForm: Sendable {
    var files: [UploadedFile] = []
    var fields: [(name: String, value: String)] = []
}

/// Reads a `multipart/form-data` body as it arrives, with MultipartKit's streaming parser,
/// holding the limits as it goes: the whole body, each file, each field, the number of files.
enum MultipartUploadReader {
    /// The part name files are sent under.
    static let fileField = "file"

    static func read(_ body: RequestBody, contentType: String?, contentLength: Int?, limits: UploadLimits) async throws(UploadProblem) -> UploadForm {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else {
            throw .unsupported("send the files as multipart/form-data (got \(contentType ?? "no Content-Type"))")
        }
        guard let boundary = ContentDisposition.parameters(in: contentType)["boundary"], !boundary.isEmpty, boundary.utf8.count <= 200 else {
            throw .badRequest("the multipart/form-data Content-Type has no boundary parameter")
        }
        if let contentLength, contentLength > limits.maxTotalBytes {
            throw .tooLarge("the request is \(contentLength) bytes; an upload may be at most \(limits.maxTotalBytes) bytes")
        }
        let collector = PartCollector(limits: limits)
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in collector.header(name, value) }
        parser.onBody = { buffer in collector.append(&buffer) }
        parser.onPartComplete = { collector.complete() }
        var total = 0
        do {
            for try await chunk in body {
                total += chunk.readableBytes
                if total > limits.maxTotalBytes {
                    throw UploadProblem.tooLarge("the request is over \(limits.maxTotalBytes) bytes, the most an upload may be")
                }
                try parser.execute(chunk)
                if let failure = collector.failure { throw failure }
            }
        } catch let problem as UploadProblem {
            throw problem
        } catch {
            throw .badRequest("the multipart/form-data body is malformed: \(error)")
        }
        guard !collector.inPart else { throw .badRequest("the multipart/form-data body ends inside a part (missing closing boundary)") }
        guard collector.parts > 0 else { throw .badRequest("the multipart/form-data body has no parts") }
        return collector.form
    }
}

/// Gathers parts from the parser's callbacks. Lives only inside one ``MultipartUploadReader/read``.
private final class PartCollector {
    let limits: UploadLimits
    var form = UploadForm()
    var failure: UploadProblem?
    private(set) var inPart = false
    private(set) var parts = 0
    private var headers: [(String, String)] = []
    private var disposition: ContentDisposition?
    private var bytes: [UInt8] = []
    private var size = 0

    init(limits: UploadLimits) { self.limits = limits }

    func header(_ name: String, _ value: String) {
        inPart = true
        headers.append((name, value))
    }

    func append(_ buffer: inout ByteBuffer) {
        if !inPart { inPart = true }
        if disposition == nil { disposition = currentDisposition() }
        size += buffer.readableBytes
        let isFile = disposition?.name == MultipartUploadReader.fileField
        let limit = isFile ? limits.maxFileBytes : limits.maxFieldBytes
        if size > limit {
            // An oversized file is still read to the end, so every file's outcome can be told;
            // its bytes are dropped. An oversized field ends the request.
            bytes = []
            if !isFile, failure == nil {
                failure = .tooLarge("field \(disposition?.name ?? "?") is over \(limits.maxFieldBytes) bytes")
            }
            buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
            return
        }
        bytes.append(contentsOf: buffer.readableBytesView)
        buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
    }

    func complete() {
        defer {
            headers = []
            disposition = nil
            bytes = []
            size = 0
            inPart = false
        }
        parts += 1
        guard failure == nil else { return }
        let disposition = self.disposition ?? currentDisposition()
        guard let name = disposition.name, !name.isEmpty else {
            failure = .badRequest("part \(parts) has no name (Content-Disposition: form-data; name=\"…\")")
            return
        }
        if name == MultipartUploadReader.fileField {
            // A form whose file input was left empty sends an empty part with an empty filename.
            if disposition.fileName == "", size == 0 { return }
            guard form.files.count < limits.maxFiles else {
                failure = .badRequest("too many files: at most \(limits.maxFiles) per request")
                return
            }
            let fileName = disposition.fileName.flatMap { $0.isEmpty ? nil : $0 } ?? "upload-\(form.files.count + 1)"
            let declared = headers.first { $0.0.lowercased() == "content-type" }?.1
            let oversized = size > limits.maxFileBytes
            form.files.append(UploadedFile(fileName: fileName, declaredType: declared, bytes: oversized ? [] : bytes, size: size, isOversized: oversized))
            return
        }
        if disposition.fileName != nil {
            failure = .badRequest("field \(name) carries a file; send files in parts named \"\(MultipartUploadReader.fileField)\"")
            return
        }
        guard let value = String(validating: bytes, as: UTF8.self) else {
            failure = .badRequest("field \(name) is not UTF-8 text")
            return
        }
        form.fields.append((name, value))
    }

    private func currentDisposition() -> ContentDisposition {
        guard let header = headers.first(where: { $0.0.lowercased() == "content-disposition" })?.1 else { return ContentDisposition() }
        return ContentDisposition(parsing: header)
    }
}
