import Hummingbird
import HTTPTypes
import Logging
import MCP
import MCPServer
import NIOCore
import QuireStore

/// `POST /mcp/v1/documents`: documents from uploaded files (`multipart/form-data`).
///
/// All or nothing per request: every file is checked and extracted first, and only when all
/// of them succeed are their documents stored, in one transaction. Otherwise nothing is stored
/// and the problem document lists each file's outcome — `rejected` with the reason, or
/// `not_stored` — so the client can fix the request and send it again as a whole. The status is
/// the most serious among the rejections: 413 (a file over the limit), then 415 (a binary
/// that cannot be extracted), then 422 (text that cannot be read, such as invalid JSON).
struct UploadRoutes: HTTPRouteProvider {
    static let path = "/mcp/v1/documents"

    let store: DocumentStore
    let embedder: (any Embedder)?
    let limits: UploadLimits

    func addRoutes(to router: Router<MCPRequestContext>, context: HTTPRouteContext) {
        router.post(RouterPath(Self.path)) { request, requestContext in
            if let refusal = await context.refusal(.write, for: requestContext, route: "POST \(Self.path)") { return refusal }
            // Counted in flight, so a shutdown lets an upload that is under way finish.
            let response = await context.inFlight { await upload(request, logger: requestContext.logger) }
            await context.audit.record(AuditEvent(
                kind: .mutation, principal: requestContext.principal.id, clientAddress: requestContext.clientAddress, transport: "rest",
                method: "POST \(Self.path)", tool: "upload", outcome: response.status == .created ? "ok" : "error \(response.status.code)"
            ))
            return response
        }
    }

    func upload(_ request: Request, logger: Logger) async -> Response {
        do throws(UploadProblem) {
            let form = try await MultipartUploadReader.read(
                request.body, contentType: request.headers[.contentType],
                contentLength: request.headers[.contentLength].flatMap { Int($0) }, limits: limits
            )
            let response = try await storeDocuments(from: form)
            logger.info("upload stored \(response.documents) documents from \(response.files) files")
            return Response(
                status: .created, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: response.body.serialized()))
            )
        } catch {
            logger.info("upload refused: \(error.status.code) \(error.detail)")
            return error.response
        }
    }

    private func storeDocuments(from form: UploadForm) async throws(UploadProblem) -> (body: JSONValue, documents: Int, files: Int) {
        guard !form.files.isEmpty else { throw .badRequest("no files: send one or more parts named \"\(MultipartUploadReader.fileField)\"") }
        let metadata = try UploadMetadata(fields: form.fields, fileCount: form.files.count)
        if let collection = metadata.collection {
            let found: Document?
            do {
                found = try await store.collection(matching: collection)
            } catch {
                throw Self.problem(for: error)
            }
            guard found != nil else { throw UploadProblem(status: .notFound, detail: "collection not found: \(collection)") }
        }

        let outcomes = form.files.map { UploadOutcome.extract($0, metadata: metadata, limits: limits) }
        let rejected = outcomes.filter { $0.problem != nil }
        if !rejected.isEmpty {
            let status = rejected.compactMap { $0.problem?.status }.max { UploadOutcome.severity($0) < UploadOutcome.severity($1) } ?? .unprocessableContent
            let detail = rejected.count == 1 && outcomes.count == 1
                ? "\(rejected[0].file.fileName): \(rejected[0].problem?.detail ?? "rejected"); nothing was stored"
                : "\(rejected.count) of \(outcomes.count) files were rejected; nothing was stored"
            throw UploadProblem(status: status, detail: detail, files: outcomes.map { $0.json(stored: nil) })
        }

        var documents = outcomes.flatMap(\.documents)
        try await embed(&documents)
        let stored: [Document]
        do {
            if let collection = metadata.collection {
                stored = try await store.add(documents, toCollection: collection)
            } else {
                stored = try await store.add(documents)
            }
        } catch {
            var problem = Self.problem(for: error)
            problem.files = outcomes.map { $0.json(stored: nil) }
            throw problem
        }
        // The store returns the documents in the order given: hand each file its own.
        var files: [JSONValue] = []
        var next = stored.startIndex
        for outcome in outcomes {
            let end = next + outcome.documents.count
            files.append(outcome.json(stored: Array(stored[next..<end])))
            next = end
        }
        return (["stored": .int(stored.count), "files": .array(files)], stored.count, outcomes.count)
    }

    /// Embeddings for the documents when the server has a provider, as `add_document` makes them.
    private func embed(_ documents: inout [Document]) async throws(UploadProblem) {
        guard let embedder else { return }
        let texts = documents.map { $0.textContent ?? "" }
        let vectors: [[Float]]
        do {
            vectors = try await embedder.embed(texts)
        } catch {
            throw UploadProblem(status: .badGateway, detail: "the embedding provider failed: \(error); nothing was stored")
        }
        guard vectors.count == documents.count, vectors.allSatisfy({ $0.count == store.embeddingDimension }) else {
            throw UploadProblem(status: .badGateway, detail: "the embedding provider returned vectors that do not fit this store; nothing was stored")
        }
        for index in documents.indices { documents[index].embedding = vectors[index] }
    }

    static func problem(for error: any Error) -> UploadProblem {
        switch error {
        case StoreError.collectionNotFound(let reference): return UploadProblem(status: .notFound, detail: "collection not found: \(reference)")
        case StoreError.validation, StoreError.duplicate, StoreError.embeddingDimensionMismatch:
            return UploadProblem(status: .unprocessableContent, detail: "\(error)")
        case StoreError.readOnly: return UploadProblem(status: .serviceUnavailable, detail: "\(error)")
        default: return UploadProblem(status: .internalServerError, detail: "the store failed: \(error)")
        }
    }
}

/// What became of one uploaded file before anything is stored.
struct UploadOutcome {
    let file: UploadedFile
    var format: FileFormat?
    var documents: [Document] = []
    var problem: UploadProblem?

    /// Sniffs, extracts and applies the request's metadata; a failure is kept, not thrown, so
    /// that every file gets an outcome.
    static func extract(_ file: UploadedFile, metadata: UploadMetadata, limits: UploadLimits) -> UploadOutcome {
        var outcome = UploadOutcome(file: file)
        do throws(UploadProblem) {
            try outcome.run(metadata, limits: limits)
        } catch {
            outcome.problem = error
        }
        return outcome
    }

    private mutating func run(_ metadata: UploadMetadata, limits: UploadLimits) throws(UploadProblem) {
        if file.isOversized { throw .tooLarge("the file is \(file.size) bytes; a file may be at most \(limits.maxFileBytes) bytes") }
        guard file.size > 0 else { throw UploadProblem(status: .unprocessableContent, detail: "the file is empty") }
        switch ContentSniffer.sniff(file.bytes) {
        case .binary(let kind):
            throw .unsupported("the content is \(kind), which cannot be extracted; upload text, Markdown, JSON, CSV or HTML")
        case .text(let text):
            let format = UploadExtractor.format(of: text, fileName: file.fileName, declaredType: file.declaredType)
            self.format = format
            do throws(UploadExtractor.Failure) {
                documents = try UploadExtractor.documents(fromText: text, format: format, fileName: file.fileName)
            } catch {
                throw UploadProblem(status: .unprocessableContent, detail: error.message)
            }
            for index in documents.indices { try metadata.apply(to: &documents[index]) }
        }
    }

    /// Worst first: a file too large, then one that is not text, then text that will not parse.
    static func severity(_ status: HTTPResponse.Status) -> Int {
        switch status {
        case .contentTooLarge: return 3
        case .unsupportedMediaType: return 2
        default: return 1
        }
    }

    /// The file's entry in the answer: `stored` with its documents, `rejected` with the reason,
    /// or `not_stored` (fine, but the request as a whole was refused).
    func json(stored: [Document]?) -> JSONValue {
        var members: [String: JSONValue] = ["filename": .string(file.fileName), "size": .int(file.size)]
        if let declared = file.declaredType { members["declared_type"] = .string(declared) }
        if let format { members["detected_type"] = .string(format.mimeType) }
        if let stored {
            members["status"] = "stored"
            members["documents"] = .array(stored.map { ["uuid": .string($0.uuid), "title": .string($0.title)] })
        } else if let problem {
            members["status"] = "rejected"
            members["error"] = ["status": .int(problem.status.code), "title": .string(problem.status.reasonPhrase), "detail": .string(problem.detail)]
        } else {
            members["status"] = "not_stored"
        }
        return .object(members)
    }
}
