/// `initialize` parameters (legacy era).
public struct InitializeParams: Sendable, Hashable, Codable {
    /// The protocol revision.
    public var protocolVersion: String
    /// What the sender supports.
    public var capabilities: ClientCapabilities
    /// The client's name and version.
    public var clientInfo: Implementation

    /// Creates a `InitializeParams` from its members.
    public init(protocolVersion: String, capabilities: ClientCapabilities, clientInfo: Implementation) {
        self.protocolVersion = protocolVersion
        self.capabilities = capabilities
        self.clientInfo = clientInfo
    }
}

/// `initialize` result (legacy era).
public struct InitializeResult: Sendable, Hashable, Codable {
    /// The protocol revision.
    public var protocolVersion: ProtocolVersion
    /// What the sender supports.
    public var capabilities: ServerCapabilities
    /// The server's name and version.
    public var serverInfo: Implementation
    /// Guidance for the model on using this server.
    public var instructions: String?

    /// Creates a `InitializeResult` from its members.
    public init(protocolVersion: ProtocolVersion, capabilities: ServerCapabilities, serverInfo: Implementation, instructions: String?) {
        self.protocolVersion = protocolVersion
        self.capabilities = capabilities
        self.serverInfo = serverInfo
        self.instructions = instructions
    }
}

/// `server/discover` result (2026-07-28).
public struct DiscoverResult: Sendable, Hashable, Codable {
    /// Every protocol revision the server speaks.
    public var supportedVersions: [ProtocolVersion]
    /// What the sender supports.
    public var capabilities: ServerCapabilities
    /// Guidance for the model on using this server.
    public var instructions: String?
    /// How long, in milliseconds, the result may be cached.
    public var ttlMs: Int
    /// Who may share a cached copy (`public` or `private`).
    public var cacheScope: CacheScope

    /// Creates a `DiscoverResult` from its members.
    public init(supportedVersions: [ProtocolVersion], capabilities: ServerCapabilities, instructions: String?, ttlMs: Int, cacheScope: CacheScope) {
        self.supportedVersions = supportedVersions
        self.capabilities = capabilities
        self.instructions = instructions
        self.ttlMs = ttlMs
        self.cacheScope = cacheScope
    }
}

/// Who may cache a 2026-07-28 list or discover result.
public enum CacheScope: String, Sendable, Hashable, Codable {
    case `public`
    case `private`
}

/// The keys of the 2026-07-28 `_meta` envelope and result metadata.
public enum MetaKey {
    /// The protocol revision.
    public static let protocolVersion = "io.modelcontextprotocol/protocolVersion"
    /// What the client supports.
    public static let clientCapabilities = "io.modelcontextprotocol/clientCapabilities"
    /// The client's name and version.
    public static let clientInfo = "io.modelcontextprotocol/clientInfo"
    /// The `_meta` key of the log level the client wants.
    public static let logLevel = "io.modelcontextprotocol/logLevel"
    /// The server's name and version.
    public static let serverInfo = "io.modelcontextprotocol/serverInfo"
    /// The `_meta` key naming the subscription a notification belongs to.
    public static let subscriptionID = "io.modelcontextprotocol/subscriptionId"
    /// The token the request sent in `_meta.progressToken`.
    public static let progressToken = "progressToken"
}
