import Crypto
import Foundation
import MCP

/// What `sync` stored for one server.
public struct CachedServer: Sendable, Hashable {
    /// The tools as the server listed them (raw JSON, so nothing the server sent is lost).
    public var tools: [JSONValue]
    public var serverInfo: JSONValue?
    /// `modern`, `legacy` or `sse`, plus the negotiated revision.
    public var era: String?
    public var protocolVersion: String?
    /// ISO 8601 time of the last successful sync.
    public var syncedAt: String?
    /// Hash of the entry as stored when synced; a different hash means the cache is outdated.
    public var entryHash: String?
    /// The error of the last failed sync, when it failed after an earlier success.
    public var staleError: String?
    /// Modern `ttlMs` from `tools/list`, if any.
    public var ttlMs: Int?

    public init(tools: [JSONValue] = [], serverInfo: JSONValue? = nil, era: String? = nil, protocolVersion: String? = nil,
                syncedAt: String? = nil, entryHash: String? = nil, staleError: String? = nil, ttlMs: Int? = nil) {
        self.tools = tools
        self.serverInfo = serverInfo
        self.era = era
        self.protocolVersion = protocolVersion
        self.syncedAt = syncedAt
        self.entryHash = entryHash
        self.staleError = staleError
        self.ttlMs = ttlMs
    }

    var json: JSONValue {
        var members: [String: JSONValue] = ["tools": .array(tools)]
        if let serverInfo { members["serverInfo"] = serverInfo }
        if let era { members["era"] = .string(era) }
        if let protocolVersion { members["protocolVersion"] = .string(protocolVersion) }
        if let syncedAt { members["syncedAt"] = .string(syncedAt) }
        if let entryHash { members["entryHash"] = .string(entryHash) }
        if let staleError { members["staleError"] = .string(staleError) }
        if let ttlMs { members["ttlMs"] = .int(ttlMs) }
        return .object(members)
    }

    init(json: JSONValue) {
        tools = json["tools"]?.arrayValue ?? []
        serverInfo = json["serverInfo"]
        era = json["era"]?.stringValue
        protocolVersion = json["protocolVersion"]?.stringValue
        syncedAt = json["syncedAt"]?.stringValue
        entryHash = json["entryHash"]?.stringValue
        staleError = json["staleError"]?.stringValue
        ttlMs = json["ttlMs"]?.intValue
    }

    /// The tool named exactly `name`.
    public func tool(named name: String) -> JSONValue? {
        tools.first { $0["name"]?.stringValue == name }
    }
}

/// Discovery results on disk, one file per server so `remove` deletes exactly that server's tools.
public struct ToolCache: Sendable {
    public var home: QuireHome

    public init(home: QuireHome) { self.home = home }

    func file(_ server: String) -> String { home.toolCacheDirectory + "/\(server).json" }

    /// The cached state of `server`, if it was ever synced.
    public func load(_ server: String) -> CachedServer? {
        guard let bytes = SecureFile.read(file(server)), let json = try? JSONValue(parsing: bytes) else { return nil }
        return CachedServer(json: json)
    }

    public func save(_ server: String, _ cached: CachedServer) throws {
        try SecureFile.writeJSON(cached.json, to: file(server))
    }

    public func remove(_ server: String) {
        unlink(file(server))
    }

    /// The hash stored with a sync, so a changed entry is noticed.
    public static func hash(_ entry: ServerEntry) -> String {
        let digest = SHA256.hash(data: entry.json.serialized())
        return digest.prefix(12).map { String(format: "%02x", $0) }.joined()
    }

    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date())
    }
}

/// The era each origin (scheme, host, port) was last seen speaking, so the next connection skips probes.
public struct EraCache: Sendable {
    public var home: QuireHome

    public init(home: QuireHome) { self.home = home }

    public func load() -> [String: String] {
        guard let bytes = SecureFile.read(home.eraCacheFile), case .object(let members)? = try? JSONValue(parsing: bytes) else { return [:] }
        return members.compactMapValues(\.stringValue)
    }

    public func era(for origin: String) -> String? { load()[origin] }

    public func set(_ era: String?, for origin: String) {
        var all = load()
        guard all[origin] != era else { return }
        all[origin] = era
        try? SecureFile.writeJSON(.object(all.mapValues(JSONValue.string)), to: home.eraCacheFile)
    }
}
