import MCP
import MCPServer
import QuireStore

/// ContextFrame's error codes, so clients written for the original keep working.
public enum ContextFrameErrorCode {
    /// The store (dataset) cannot be opened.
    public static let datasetNotFound = -32000
    /// A document or collection does not exist.
    public static let recordNotFound = -32001
    /// An embedding is missing, has the wrong dimension or could not be computed.
    public static let embeddingError = -32002
    /// `search_type` is not `text`, `vector` or `hybrid`.
    public static let invalidSearchType = -32003
    /// A filter or sort key cannot be parsed or applied.
    public static let filterError = -32004
    /// Quire's addition: no language model is available for an enhancement tool.
    public static let noLanguageModel = -32005
}

extension ToolError {
    static func documentNotFound(_ id: String) -> ToolError {
        ToolError(code: ContextFrameErrorCode.recordNotFound, message: "Document not found: \(id)", data: ["kind": "document", "id": .string(id)])
    }

    static func collectionNotFound(_ reference: String) -> ToolError {
        ToolError(code: ContextFrameErrorCode.recordNotFound, message: "Collection not found: \(reference)", data: ["kind": "collection", "id": .string(reference)])
    }

    static func embedding(_ message: String) -> ToolError {
        ToolError(code: ContextFrameErrorCode.embeddingError, message: "Embedding error: \(message)")
    }

    static func filter(_ message: String) -> ToolError {
        ToolError(code: ContextFrameErrorCode.filterError, message: "Filter error: \(message)")
    }

    /// Translates a store failure into the code a ContextFrame client expects.
    static func from(_ error: StoreError) -> ToolError {
        switch error {
        case .notFound(let uuid): return .documentNotFound(uuid)
        case .collectionNotFound(let reference): return .collectionNotFound(reference)
        case .filter(let filterError): return .filter(filterError.description)
        case .embeddingDimensionMismatch: return .embedding(error.description)
        case .validation, .duplicate: return .invalidArguments(error.description)
        case .readOnly, .notAQuireStore, .cannotOpen:
            return ToolError(code: ContextFrameErrorCode.datasetNotFound, message: error.description)
        case .database, .unavailable, .unsupported:
            return ToolError(code: JSONRPCError.Code.internalError, message: error.description)
        }
    }
}

/// Runs store work, turning store failures into tool errors the caller can act on.
func storeCall<T: Sendable>(_ work: () async throws -> T) async throws -> T {
    do {
        return try await work()
    } catch let error as StoreError {
        throw ToolError.from(error)
    } catch let error as FilterError {
        throw ToolError.filter(error.description)
    }
}
