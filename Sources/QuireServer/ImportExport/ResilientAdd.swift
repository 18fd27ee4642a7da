import MCPServer
import QuireStore

/// Adds a group of documents in one transaction; when that fails (a duplicate uuid, an invalid
/// record), adds them one by one instead, so every document's outcome is exact and the good ones
/// are kept. The write runs to its end even if the caller is cancelled meanwhile.
struct ResilientAdd: Sendable {
    let store: DocumentStore

    /// One outcome per document, in order: the stored uuid or why it was refused.
    func add(_ documents: [Document]) async throws -> [Result<String, ToolError>] {
        guard !documents.isEmpty else { return [] }
        let store = self.store
        return try await uninterrupted {
            do {
                return try await store.add(documents).map { .success($0.uuid) }
            } catch let error as StoreError where Self.isPerDocument(error) {
                var outcomes: [Result<String, ToolError>] = []
                outcomes.reserveCapacity(documents.count)
                for document in documents {
                    do {
                        outcomes.append(.success(try await store.add(document).uuid))
                    } catch let error as StoreError where Self.isPerDocument(error) {
                        outcomes.append(.failure(ToolError.from(error)))
                    }
                }
                return outcomes
            } catch let error as StoreError {
                throw ToolError.from(error)
            }
        }
    }

    /// Failures that belong to one document rather than to the store as a whole.
    private static func isPerDocument(_ error: StoreError) -> Bool {
        switch error {
        case .duplicate, .validation, .embeddingDimensionMismatch: return true
        default: return false
        }
    }
}
