import MCPServer
import QuireStore

/// Finds a collection for any tool that takes one, by its uuid or its name.
///
/// Writes that put records into a collection resolve it inside their own transaction instead
/// (``DocumentStore/add(_:toCollection:)``); both use the store's one resolution rule.
enum CollectionLookup {
    /// The header `reference` names.
    ///
    /// - Throws: `ToolError` -32001 with `data.kind = "collection"` when none does; -32602 when a
    ///   name belongs to several collections.
    static func header(_ reference: String, in store: DocumentStore) async throws -> Document {
        guard let header = try await storeCall({ try await store.collection(matching: reference) }) else {
            throw ToolError.collectionNotFound(reference)
        }
        return header
    }
}
