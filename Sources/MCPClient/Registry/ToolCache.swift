import Crypto
import Foundation
import MCP

/// What `sync` stored for one server.
public struct CachedServer: Sendable, Hashable {
    /// The tools as the server listed them (raw JSON, so nothing the server sent is lost).
    public var tools: [JSONValue]
    /// The server's `serverInfo` as it sent it.
    public var serverInfo: JSONValue?
    /// `modern`, `legacy` or `sse`, plus the negotiated revision.
    public var era: String?
    /// The negotiated revision.
    public var protocolVersion: String?
    /// ISO 8601 time of the last successful sync.
    public var syncedAt: String?
    /// Hash of the entry as stored when synced; a different hash means the cache is outdated.
    public var entryHash: String?
    /// The error of the last failed sync, when it failed after an earlier success.
    public var staleError: String?
    /// Modern `ttlMs` from `tools/list`, if any.
    public var ttlMs: Int?
    /// The server sent `notifications/tools/list_changed` since the last sync.
    public var listChanged: Bool

    /// Creates a cache entry.
    public init(tools: [JSONValue] = [], serverInfo: JSONValue? = nil, era: String? = nil, protocolVersion: String? = nil,
                syncedAt: String? = nil, entryHash: String? = nil, staleError: String? = nil, ttlMs: Int? = nil, listChanged: Bool = false) {
        self.tools = tools
        self.serverInfo = serverInfo
        self.era = era
        self.protocolVersion = protocolVersion
        self.syncedAt = syncedAt
        self.entryHash = entryHash
        self.staleError = staleError
        self.ttlMs = ttlMs
        self.listChanged = listChanged
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
        if listChanged { members["listChanged"] = .bool(true) }
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
        listChanged = json["listChanged"]?.boolValue ?? false
    }

    /// Whether the cached tools may be used without asking the server again (`mcp-client.md` §5):
    /// synced from the entry as it is now (`entryHash`), no `list_changed` since, `ttlMs` not expired.
    public func isFresh(entryHash current: String, now: Date = Date()) -> Bool {
        guard entryHash == current, !listChanged else { return false }
        guard let ttlMs else { return true }
        guard let syncedAt, let synced = ISO8601DateFormatter().date(from: syncedAt) else { return false }
        return now.timeIntervalSince(synced) * 1000 < Double(ttlMs)
    }

    /// The tool named exactly `name`.
    public func tool(named name: String) -> JSONValue? {
        tools.first { $0["name"]?.stringValue == name }
    }
}

/// Discovery results on disk, one file per server so `remove` deletes exactly that server's tools.
public struct ToolCache: Sendable {
    /// Where the cache lives.
    public var home: QuireHome

    /// The tool cache under `home`.
    public init(home: QuireHome) { self.home = home }

    func file(_ server: String) -> String { home.toolCacheDirectory + "/\(server).json" }

    /// The cached state of `server`, if it was ever synced.
    public func load(_ server: String) -> CachedServer? {
        guard let bytes = SecureFile.read(file(server)), let json = try? JSONValue(parsing: bytes) else { return nil }
        return CachedServer(json: json)
    }

    /// Stores what `sync` found for `server`.
    public func save(_ server: String, _ cached: CachedServer) throws {
        try SecureFile.writeJSON(cached.json, to: file(server))
    }

    /// Records that `server` announced a changed tool list, so the next use lists its tools again.
    public func markListChanged(_ server: String) {
        guard var cached = load(server), !cached.listChanged else { return }
        cached.listChanged = true
        try? save(server, cached)
    }

    /// Forgets `server`'s cached tools.
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
    /// Where the era cache lives.
    public var home: QuireHome

    /// The era cache under `home`.
    public init(home: QuireHome) { self.home = home }

    /// Every cached era, by origin.
    public func load() -> [String: String] {
        guard let bytes = SecureFile.read(home.eraCacheFile), case .object(let members)? = try? JSONValue(parsing: bytes) else { return [:] }
        return members.compactMapValues(\.stringValue)
    }

    /// The era cached for `origin`.
    public func era(for origin: String) -> String? { load()[origin] }

    /// Caches `era` for `origin`; `nil` forgets it.
    public func set(_ era: String?, for origin: String) {
        var all = load()
        guard all[origin] != era else { return }
        all[origin] = era
        try? SecureFile.writeJSON(.object(all.mapValues(JSONValue.string)), to: home.eraCacheFile)
    }
}
