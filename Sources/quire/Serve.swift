import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import MCPServer
import QuireServer
import QuireStore

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve a document store over MCP.",
        discussion: "STORE is a SQLite file, created on first use. Logs go to stderr; stdout carries only protocol messages."
    )

    enum Transport: String, ExpressibleByArgument, CaseIterable {
        case stdio, http, both
    }

    @Argument(help: "The store: a SQLite file path (default ./quire.db, or $QUIRE_STORE).")
    var store: String?

    @Option(help: "How clients connect: \(Transport.allCases.map(\.rawValue).joined(separator: ", ")) (default stdio).")
    var transport: Transport?

    @Option(help: ArgumentHelp("A JSON configuration file (also $QUIRE_CONFIG); flags and QUIRE_* variables override it.", valueName: "file"))
    var config: String?

    @Flag(help: "Print the effective configuration (secrets masked) and exit.")
    var printConfig = false

    @Flag(help: "Print the reference of every setting (file key, environment variable, flag, default) as Markdown and exit.")
    var configReference = false

    @OptionGroup(title: "HTTP")
    var http: HTTPOptions

    @Option(help: "Embedding dimension for a new store (an existing store keeps its own).")
    var embeddingDimension: Int = 1536

    @Option(help: "A JSON price table for the cost report: {\"currency\": \"USD\", \"prices\": {MODEL: {\"prompt_per_million\": N, \"completion_per_million\": N}}}.")
    var priceTable: String?

    @Option(name: .customLong("files-root"), help: ArgumentHelp("A folder the file tools may read and write (repeatable); without one they are disabled.", valueName: "dir"))
    var filesRoots: [String] = []

    @Option(help: "The largest file the file tools read (bytes, or with K, M, G).")
    var maxFileSize = ByteCount(bytes: TextFileReader.defaultLimit)

    @Option(help: "Least severe log level written to stderr: trace, debug, info (default), notice, warning, error, critical.")
    var logLevel: Logger.Level?

    @Option(help: ArgumentHelp("An OpenAI-compatible chat endpoint for the enhancement tools, e.g. https://api.openai.com/v1.", valueName: "base-url"))
    var llmURL: String?

    @Option(help: "The chat model (default: $CONTEXTFRAME_ENHANCE_MODEL, else gpt-4o-mini).")
    var llmModel: String?

    @Option(help: ArgumentHelp("The environment variable holding the chat endpoint's API key.", valueName: "variable"))
    var llmKeyEnv: String = "OPENAI_API_KEY"

    @Flag(help: "Use --llm-url even when the client offers MCP sampling.")
    var preferLLMEndpoint = false

    @Option(help: ArgumentHelp("An OpenAI-compatible embeddings endpoint, used on add/update and for query vectors.", valueName: "base-url"))
    var embeddingURL: String?

    @Option(help: "The embedding model (default: $CONTEXTFRAME_EMBED_MODEL, else text-embedding-3-small).")
    var embeddingModel: String?

    @Option(help: ArgumentHelp("The environment variable holding the embeddings endpoint's API key.", valueName: "variable"))
    var embeddingKeyEnv: String = "OPENAI_API_KEY"

    func validate() throws {
        guard (1...65536).contains(embeddingDimension) else {
            throw ValidationError("--embedding-dimension must be between 1 and 65536")
        }
        do {
            _ = try FileRoots(filesRoots)
        } catch {
            throw ValidationError(error.description)
        }
        if preferLLMEndpoint, llmURL == nil { throw ValidationError("--prefer-llm-endpoint needs --llm-url") }
        for (flag, url) in [("--llm-url", llmURL), ("--embedding-url", embeddingURL)] {
            guard let url else { continue }
            do {
                _ = try OpenAICompatibleEndpoint(baseURL: url, model: "check", environment: [:])
            } catch {
                throw ValidationError("\(flag): \(error)")
            }
        }
    }

    /// The language-model and embedding services the flags and environment describe.
    private func services(dimension: Int, logger: Logger) throws -> (LanguageModelSettings, (any Embedder)?) {
        let environment = ProcessInfo.processInfo.environment
        var settings = LanguageModelSettings(preferEndpoint: preferLLMEndpoint)
        if let llmURL {
            let model = llmModel ?? LanguageModelSettings.defaultModel(environment: environment)
            let endpoint = try OpenAICompatibleEndpoint(baseURL: llmURL, model: model, keyVariable: llmKeyEnv, environment: environment)
            logger.info("language model endpoint: \(endpoint)")
            settings.endpoint = endpoint
        }
        var embedder: (any Embedder)?
        if let embeddingURL {
            let model = embeddingModel ?? LanguageModelSettings.defaultEmbeddingModel(environment: environment)
            let endpoint = try OpenAICompatibleEndpoint(
                baseURL: embeddingURL, model: model, keyVariable: embeddingKeyEnv, timeout: .seconds(60), environment: environment
            )
            logger.info("embedding endpoint: \(endpoint), \(dimension) dimensions")
            embedder = OpenAIEmbedder(endpoint: endpoint, dimension: dimension)
        }
        return (settings, embedder)
    }

    /// The settings from flags, environment and the configuration file; an unusable one ends the
    /// command with one line on stderr and exit status 2.
    private func effectiveConfiguration() throws -> ServeConfiguration {
        var flags = http.given
        if let store { flags["store"] = .string(store) }
        if let transport { flags["transport.type"] = .string(transport.rawValue) }
        if let logLevel { flags["log_level"] = .string(logLevel.rawValue) }
        let environment = ProcessInfo.processInfo.environment
        do {
            let configuration = try ServeConfiguration.load(path: config ?? environment["QUIRE_CONFIG"], environment: environment, flags: flags)
            try configuration.validate()
            return configuration
        } catch {
            throw Self.invalidConfiguration(error)
        }
    }

    func run() async throws {
        if configReference {
            print(ConfigurationSetting.referenceMarkdown, terminator: "")
            return
        }
        let configuration = try effectiveConfiguration()
        if printConfig {
            print(configuration.printable.prettyJSONString)
            return
        }
        let level = configuration.string("log_level").flatMap(Logger.Level.init(rawValue:)) ?? .info
        let transport = configuration.string("transport.type").flatMap(Transport.init(rawValue:)) ?? .stdio
        let store = configuration.string("store") ?? "./quire.db"
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        // A client that goes away must not kill us mid-write; EPIPE is handled where we write.
        signal(SIGPIPE, SIG_IGN)
        var options = DocumentServer.Options()
        do {
            options.access = try configuration.accessPolicy()
        } catch {
            throw Self.invalidConfiguration(error)
        }
        if let priceTable {
            do {
                options.priceTable = try PriceTable.load(path: priceTable)
            } catch {
                throw CleanExit.failure(String(describing: error))
            }
        }
        let documentStore: DocumentStore
        do {
            documentStore = try DocumentStore.open(path: store, options: StoreOptions(embeddingDimension: embeddingDimension))
        } catch let error as StoreError {
            throw CleanExit.failure(error.description)
        }
        let (languageModel, embedder) = try services(dimension: documentStore.embeddingDimension, logger: Logger(label: "quire.serve"))
        options.embedder = embedder
        options.filesRoots = filesRoots
        options.maxFileBytes = maxFileSize.bytes
        options.languageModel = languageModel
        // Issuer metadata and keys are fetched without following redirects (SSRF: a redirect
        // could point anywhere).
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        let security: HTTPSecurity
        do {
            security = try Self.security(configuration, store: store, httpClient: httpClient)
        } catch {
            try? await httpClient.shutdown()
            throw Self.invalidConfiguration(error)
        }
        var definition = DocumentServer.definition(store: documentStore, options: options)
        definition.audit = security.audit
        var observed = definition
        // Tool calls feed the usage log, the audit log (mutations) and, over HTTP, /metrics.
        var observers: [(any DispatchObserver)?] = [definition.observer, MutationAuditObserver(definition: definition)]
        let metrics: ServerMetrics? = transport == .stdio ? nil : .processWide
        if let metrics {
            observers.append(metrics.toolCalls)
            if configuration.httpTransport.corsOrigins.contains("*") {
                Logger(label: "quire.serve").warning("--cors-origin *: every web page may call this server (without credentials)")
            }
        }
        observed.observer = DispatchObserverFanOut(observers)
        let dispatcher = Dispatcher(definition: observed)
        let routes = DocumentHTTPRoutes.providers(store: documentStore, options: options, uploads: configuration.uploadLimits)
        do {
            try await Self.serve(
                dispatcher, transport: transport, http: configuration.httpTransport, security: security, routes: routes, metrics: metrics ?? ServerMetrics()
            )
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
        try? await httpClient.shutdown()
        // Buffered usage records are written on a clean shutdown (`definition` holds the usage log itself).
        await DocumentServer.finish(definition)
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

extension CleanExit {
    /// A one-line reason on stderr and a non-zero exit, without a stack of noise.
    static func failure(_ message: String) -> any Error {
        FileHandle.standardError.write(Data("quire: \(message)\n".utf8))
        return ExitCode.failure
    }
}

extension Serve {
    /// One line on stderr and exit status 2: what every unusable setting ends in.
    static func invalidConfiguration(_ error: any Error) -> ExitCode {
        FileHandle.standardError.write(Data("quire: invalid configuration: \(error)\n".utf8))
        return ExitCode(2)
    }
}
