import MCP
import MCPServer
import QuireStore

extension ToolEnvironment {
    /// The configured files roots, resolved now so a root removed since start-up is reported clearly.
    func fileRoots() throws -> FileRoots {
        let roots: FileRoots
        do {
            roots = try FileRoots(options.filesRoots)
        } catch {
            throw ToolError.file(error)
        }
        guard !roots.isEmpty else { throw ToolError.file(.noRoots) }
        return roots
    }

    /// Extraction under the configured roots and size limit.
    func fileExtractor() throws -> FileExtractor {
        FileExtractor(roots: try fileRoots(), maxFileBytes: options.maxFileBytes)
    }

    /// Collection membership and embeddings for new documents.
    var ingest: DocumentIngest { DocumentIngest(store: store, embedder: options.embedder) }
}

extension ToolError {
    /// A file refused or unreadable; `data.path` names it.
    static func file(_ error: FileAccessError) -> ToolError {
        ToolError(code: JSONRPCError.Code.invalidParams, message: error.description, data: ["kind": "file"])
    }

    /// A file whose contents could not become documents.
    static func extraction(_ error: ExtractionError) -> ToolError {
        if case .file(let fileError) = error { return .file(fileError) }
        return ToolError(code: JSONRPCError.Code.invalidParams, message: error.description, data: ["kind": "file"])
    }

    /// Any failure inside a batch item, as a tool error to report in the item's outcome.
    static func wrapping(_ error: any Error) -> ToolError {
        switch error {
        case let error as ToolError: return error
        case let error as StoreError: return .from(error)
        case let error as FileAccessError: return .file(error)
        case let error as ExtractionError: return .extraction(error)
        case let error as FilterError: return .filter(error.description)
        default: return ToolError(code: JSONRPCError.Code.internalError, message: String(describing: error))
        }
    }

    /// `{code, message}` for a per-item outcome.
    var json: JSONValue {
        var members: [String: JSONValue] = ["code": .int(code), "message": .string(message)]
        if let data { members["data"] = data }
        return .object(members)
    }
}
