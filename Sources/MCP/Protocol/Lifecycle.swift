/// `initialize` parameters (legacy era).
public struct InitializeParams: Sendable, Hashable, Codable {
    public var protocolVersion: String
    public var capabilities: ClientCapabilities
    public var clientInfo: Implementation

    public init(protocolVersion: String, capabilities: ClientCapabilities, clientInfo: Implementation) {
        self.protocolVersion = protocolVersion
        self.capabilities = capabilities
        self.clientInfo = clientInfo
    }
}

/// `initialize` result (legacy era).
public struct InitializeResult: Sendable, Hashable, Codable {
    public var protocolVersion: ProtocolVersion
    public var capabilities: ServerCapabilities
    public var serverInfo: Implementation
    public var instructions: String?

    public init(protocolVersion: ProtocolVersion, capabilities: ServerCapabilities, serverInfo: Implementation, instructions: String?) {
        self.protocolVersion = protocolVersion
        self.capabilities = capabilities
        self.serverInfo = serverInfo
        self.instructions = instructions
    }
}

/// `server/discover` result (2026-07-28).
public struct DiscoverResult: Sendable, Hashable, Codable {
    public var supportedVersions: [ProtocolVersion]
    public var capabilities: ServerCapabilities
    public var instructions: String?
    public var ttlMs: Int
    public var cacheScope: CacheScope

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
    public static let protocolVersion = "io.modelcontextprotocol/protocolVersion"
    public static let clientCapabilities = "io.modelcontextprotocol/clientCapabilities"
    public static let clientInfo = "io.modelcontextprotocol/clientInfo"
    public static let logLevel = "io.modelcontextprotocol/logLevel"
    public static let serverInfo = "io.modelcontextprotocol/serverInfo"
    public static let subscriptionID = "io.modelcontextprotocol/subscriptionId"
    public static let progressToken = "progressToken"
}
