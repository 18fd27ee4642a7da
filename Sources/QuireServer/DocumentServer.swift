import MCP
import MCPServer
import QuireStore

/// Builds the ContextFrame-compatible document server: its tools, resources and identity.
public enum DocumentServer {
    /// Quire's version, reported in `serverInfo` and by `quire --version`.
    public static let version = "0.1.0"

    /// Permissions that differ from what a tool's annotations imply (read-only tools need read,
    /// the rest write): store-wide operations need admin, and watching for changes is reading.
    public static let defaultToolPermissions: [String: Permission] = [
        "delete_collection": .admin, "optimize_storage": .admin, "export_metrics": .admin, "benchmark_operations": .admin,
        "subscribe_changes": .read, "unsubscribe": .read,
    ]

    /// Options that shape what the server offers.
    public struct Options: Sendable {
        /// Makes embeddings for documents and queries; without one, clients may pass vectors.
        public var embedder: (any Embedder)?
        /// Folders that file-reading tools may read from (`--files-root`); empty means none.
        public var filesRoots: [String]
        /// How the enhancement tools reach a language model (sampling, or `--llm-url`).
        public var languageModel: LanguageModelSettings
        /// How the usage log behind the analytics tools is buffered and kept.
        public var usageLog = UsageRecorder.Configuration()
        /// Token prices for the cost report; empty means costs are reported as unpriced.
        public var priceTable = PriceTable()
        /// The largest file the file tools read, in bytes (`--max-file-size`).
        public var maxFileBytes: Int
        /// The longest document content (and other bulk text) a tool argument may hold, in
        /// characters: every tool schema's string arguments get a `maxLength` (see `SchemaLimits`),
        /// this one for content. Match it to the transport's largest message.
        public var maxContentLength = 16 * 1024 * 1024
        /// Which scopes grant read, write and admin, and per-tool overrides on top of
        /// ``DocumentServer/defaultToolPermissions``.
        public var access = AccessPolicy(toolPermissions: DocumentServer.defaultToolPermissions)

        public init(
            embedder: (any Embedder)? = nil, filesRoots: [String] = [], languageModel: LanguageModelSettings = .init(),
            maxFileBytes: Int = TextFileReader.defaultLimit
        ) {
            self.embedder = embedder
            self.filesRoots = filesRoots
            self.languageModel = languageModel
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
                describe the dataset; contextframe://documents/{uuid} reads one document. create_collection, update_collection, \
                move_documents and list_collections organise documents into (nested) collections, listed by contextframe://collections.
                """
        )
        let usage = UsageRecorder(store: store, configuration: options.usageLog)
        definition.observer = usage
        let environment = ToolEnvironment(store: store, options: options, usage: usage)
        let groups: [[ToolDefinition]] = [
            DocumentTools(store: store, embedder: options.embedder, searchObserver: usage).definitions,
            BatchTools(environment: environment).definitions,
            CollectionTools(environment: environment).definitions,
            ChangeFeedTools(environment: environment).definitions,
            AnalyticsTools(environment: environment, usage: usage).definitions,
            ExtractionTools(environment: environment).definitions,
            EnhancementTools(environment: environment).definitions,
        ]
        for tool in groups.joined() { definition.tools.register(SchemaLimits.apply(to: tool, contentLength: options.maxContentLength)) }
        DatasetResources(store: store, vectorSearchAvailable: true).register(in: &definition.resources)
        CollectionResources(store: store).register(in: &definition.resources)
        definition.resourceSubscriptions = ResourceUpdateNotifier(store: store)
        for prompt in DocumentPrompts(store: store).definitions { definition.prompts.register(prompt) }
        AnalyticsResources(store: store).register(in: &definition.resources)
        definition.access = options.access
        return definition
    }
}
