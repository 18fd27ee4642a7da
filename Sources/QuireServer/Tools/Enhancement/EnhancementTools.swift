import MCP
import MCPServer
import QuireStore

/// The enhancement tools: each reads a document, asks a language model, and writes the answer
/// into the record with one update (so an edit made meanwhile to other fields survives).
///
/// The model is the client's (MCP sampling) or a configured OpenAI-compatible endpoint; see
/// ``LanguageModelAccess``. Every failure of the model is a tool error with code `-32005`.
struct EnhancementTools: Sendable {
    let environment: ToolEnvironment

    var definitions: [ToolDefinition] {
        [enhanceContext, extractMetadata, generateTags, improveTitle, enhanceForPurpose, batchEnhance]
    }

    var store: DocumentStore { environment.store }

    /// The model for this request, or the error that says how to get one.
    func model(for context: RequestContext) throws -> any LanguageModel {
        try LanguageModelAccess(settings: environment.options.languageModel).model(for: context)
    }

    /// The document named by the `document_id` argument.
    func document(_ id: String) async throws -> Document {
        guard let document = try await storeCall({ try await store.get(uuid: id) }) else { throw ToolError.documentNotFound(id) }
        return document
    }

    /// Writes `change` into the document with one update and returns the stored record.
    func write(_ id: String, _ change: DocumentChange) async throws -> Document {
        try await storeCall { try await store.update(uuid: id) { document in change.apply(to: &document) } }
    }

    static let documentID = SchemaBuilder.string("The document's uuid.", minLength: 1)

    static let annotations = ToolAnnotations(readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true)
}

/// The fields an enhancement changes; everything else in the record is left as it is.
struct DocumentChange: Sendable {
    var title: String?
    var context: String?
    var tags: [String]?
    /// Merged key by key into `custom_metadata`.
    var customMetadata: [String: String] = [:]

    func apply(to document: inout Document) {
        if let title { document.title = title }
        if let context { document.context = context }
        if let tags { document.tags = tags }
        for (key, value) in customMetadata { document.customMetadata[key] = value }
    }

    mutating func merge(_ other: DocumentChange) {
        if let title = other.title { self.title = title }
        if let context = other.context { self.context = context }
        if let tags = other.tags { self.tags = tags }
        customMetadata.merge(other.customMetadata) { _, new in new }
    }

    var isEmpty: Bool { title == nil && context == nil && tags == nil && customMetadata.isEmpty }
}
