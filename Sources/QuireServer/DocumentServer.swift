import MCP
import MCPServer
import QuireStore

/// Builds the ContextFrame-compatible document server: its tools, resources and identity.
public enum DocumentServer {
    /// Quire's version, reported in `serverInfo` and by `quire --version`.
    public static let version = "0.1.0"

    /// Options that shape what the server offers.
    public struct Options: Sendable {
        /// Makes embeddings for documents and queries; without one, clients may pass vectors.
        public var embedder: (any Embedder)?
        /// Folders that file-reading tools may read from (`--files-root`); empty means none.
        public var filesRoots: [String]
        /// The largest file the file tools read, in bytes (`--max-file-size`).
        public var maxFileBytes: Int

        /// Options with no embedder, no files roots and the default 20 MB file limit unless given.
        public init(embedder: (any Embedder)? = nil, filesRoots: [String] = [], maxFileBytes: Int = TextFileReader.defaultLimit) {
            self.embedder = embedder
            self.filesRoots = filesRoots
            self.maxFileBytes = maxFileBytes
        }
    }

    /// The server definition for `store`, ready for a ``Dispatcher``.
    public static func definition(store: DocumentStore, options: Options = .init()) -> ServerDefinition {
        var definition = ServerDefinition(
            info: Implementation(name: "quire", version: version, title: "Quire document server"),
            instructions: """
                Quire keeps documents with metadata, tags, relationships and embeddings. Use search_documents to find \
                documents (text, vector or hybrid), get_document to read one, list_documents to page through them, and \
                add_document / update_document / delete_document to change them. Resources under contextframe:// \
                describe the dataset; contextframe://documents/{uuid} reads one document.
                """
        )
        let environment = ToolEnvironment(store: store, options: options)
        let groups: [[ToolDefinition]] = [
            DocumentTools(store: store, embedder: options.embedder).definitions,
            BatchTools(environment: environment).definitions,
            CollectionTools(environment: environment).definitions,
            ChangeFeedTools(environment: environment).definitions,
            AnalyticsTools(environment: environment).definitions,
            ExtractionTools(environment: environment).definitions,
            EnhancementTools(environment: environment).definitions,
        ]
        for tool in groups.joined() { definition.tools.register(tool) }
        DatasetResources(store: store, vectorSearchAvailable: true).register(in: &definition.resources)
        return definition
    }
}
