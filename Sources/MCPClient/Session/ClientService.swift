import AsyncHTTPClient
import Foundation
import MCP
import NIOCore

/// The result of syncing one server.
public struct SyncReport: Sendable {
    public var server: String
    public var toolCount: Int
    public var added: [String]
    public var removed: [String]
    /// The failure, when the sync failed (the previous tools are kept, marked stale).
    public var error: ClientError?
}

/// What the `quire mcp` commands do, independent of argument parsing.
public struct ClientService: Sendable {
    public var home: QuireHome
    public var registry: Registry
    public var environment: [String: String]

    public init(home: QuireHome, registry: Registry, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.home = home
        self.registry = registry
        self.environment = environment
    }

    /// An HTTP client that never follows redirects (every hop of OAuth discovery is checked by hand).
    public static func makeHTTPClient() -> HTTPClient {
        let configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10)))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// The stored entry of `name` and its expansion for use now.
    public func resolve(_ name: String) throws(ConfigError) -> (stored: ServerEntry, resolved: ServerEntry) {
        let stored = try registry.entry(named: name).entry
        return (stored, try VariableExpander(environment: environment).resolve(stored, name: name))
    }

    /// Opens a session to `name`, runs `body`, and always closes the session and the HTTP client.
    public func withSession<T: Sendable>(_ name: String, options: ConnectOptions, _ body: @Sendable (MCPSession) async throws -> T) async throws -> T {
        let (_, resolved) = try resolve(name)
        let http = Self.makeHTTPClient()
        do {
            let session = try await MCPSession.open(name: name, entry: resolved, options: options, http: http)
            do {
                let value = try await body(session)
                await session.close()
                try? await http.shutdown()
                return value
            } catch {
                await session.close()
                throw error
            }
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    /// Discovers the tools of `name` and replaces its cache; a failure keeps the old set, marked stale.
    public func sync(_ name: String, options: ConnectOptions) async -> SyncReport {
        let cache = ToolCache(home: home)
        let previous = cache.load(name)
        do {
            let (stored, _) = try resolve(name)
            let outcome = try await withSession(name, options: options) { session in
                let listed = try await session.listTools()
                return (listed.tools, listed.ttlMs, session.handshake)
            }
            var tools = outcome.0
            // M11: a tool whose x-mcp-header annotations are invalid must not be used.
            if outcome.2.era == .modern {
                tools = tools.filter { Self.validParamHeaders($0["inputSchema"]) }
            }
            let names = Set(tools.compactMap { $0["name"]?.stringValue })
            let before = Set(previous?.tools.compactMap { $0["name"]?.stringValue } ?? [])
            let cached = CachedServer(tools: tools, serverInfo: outcome.2.serverInfo, era: outcome.2.era.rawValue,
                                      protocolVersion: outcome.2.protocolVersion.rawValue, syncedAt: ToolCache.now(),
                                      entryHash: ToolCache.hash(stored), staleError: nil, ttlMs: outcome.1)
            try cache.save(name, cached)
            return SyncReport(server: name, toolCount: tools.count, added: names.subtracting(before).sorted(), removed: before.subtracting(names).sorted(), error: nil)
        } catch {
            let failure = Self.clientError(error)
            if var stale = previous {
                stale.staleError = failure.message
                try? cache.save(name, stale)
            }
            return SyncReport(server: name, toolCount: previous?.tools.count ?? 0, added: [], removed: [], error: failure)
        }
    }

    /// True when every `x-mcp-header` in the schema is a valid header-name token (M11).
    static func validParamHeaders(_ schema: JSONValue?) -> Bool {
        for (_, property) in schema?["properties"]?.objectValue ?? [:] {
            guard let header = property["x-mcp-header"] else { continue }
            guard let name = header.stringValue, !name.isEmpty,
                  name.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_".unicodeScalars.contains($0)) }) else { return false }
        }
        return true
    }

    /// Any error as a ``ClientError`` with its exit code.
    public static func clientError(_ error: any Error) -> ClientError {
        switch error {
        case let error as ClientError: return ClientError(error.kind, SecretRedactor.shared.scrub(error.message))
        case let error as ConfigError: return .usage(SecretRedactor.shared.scrub(error.message))
        case let error as RPCFailure: return ClientError(.rpc, SecretRedactor.shared.scrub("\(error.method) failed (\(error.error.code)): \(error.error.message)"))
        case is CancellationError: return .connection("Interrupted")
        default: return .connection(SecretRedactor.shared.scrub(HTTPErrorMapping.describe(error)))
        }
    }

    /// The tool definition from the cache, or fresh from the server when the cache misses it
    /// (refreshing the cache once, as the reference asks).
    public func toolDefinition(server: String, tool: String, session: MCPSession?) async throws -> JSONValue? {
        let cache = ToolCache(home: home)
        if let cached = cache.load(server), let (stored, _) = try? resolve(server), cached.entryHash == ToolCache.hash(stored), let found = cached.tool(named: tool) {
            return found
        }
        guard let session else { return nil }
        let listed = try await session.listTools()
        if let (stored, _) = try? resolve(server) {
            var cached = cache.load(server) ?? CachedServer()
            cached.tools = listed.tools
            cached.era = session.handshake.era.rawValue
            cached.protocolVersion = session.handshake.protocolVersion.rawValue
            cached.serverInfo = session.handshake.serverInfo
            cached.syncedAt = ToolCache.now()
            cached.entryHash = ToolCache.hash(stored)
            cached.staleError = nil
            try? cache.save(server, cached)
        }
        return listed.tools.first { $0["name"]?.stringValue == tool }
    }
}
