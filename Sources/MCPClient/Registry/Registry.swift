import Foundation
import MCP

/// Which registry file an operation reads or writes.
public enum RegistryScope: String, Sendable, CaseIterable {
    /// `~/.quire/mcp.json` (or `$QUIRE_HOME/mcp.json`).
    case user
    /// `.mcp.json` in the current directory; its entries override same-named user entries.
    case project
}

/// The server registry: the `mcpServers` files on disk.
public struct Registry: Sendable {
    public var home: QuireHome
    /// The directory whose `.mcp.json` is the project scope.
    public var projectDirectory: String

    public init(home: QuireHome, projectDirectory: String = FileManager.default.currentDirectoryPath) {
        self.home = home
        self.projectDirectory = projectDirectory
    }

    /// The file of a scope.
    public func path(_ scope: RegistryScope) -> String {
        scope == .user ? home.registryFile : projectDirectory + "/.mcp.json"
    }

    /// The entries of one scope (empty when the file does not exist) and the warnings they raised.
    public func load(_ scope: RegistryScope) throws(ConfigError) -> (entries: [String: ServerEntry], warnings: [String]) {
        let file = path(scope)
        guard let bytes = SecureFile.read(file) else { return ([:], []) }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return ([:], []) }
        let document = try ConfigDocument.parseJSON(bytes, path: file)
        if case .object(let top) = document, top.isEmpty { return ([:], []) }
        if case .object(let top) = document, case .object(let servers)? = top["mcpServers"], servers.isEmpty { return ([:], []) }
        return try ConfigDocument.entries(document)
    }

    /// User entries overlaid by project entries, with the scope each came from.
    public func loadAll() throws(ConfigError) -> (entries: [String: (entry: ServerEntry, scope: RegistryScope)], warnings: [String]) {
        let user = try load(.user)
        let project = try load(.project)
        var merged: [String: (entry: ServerEntry, scope: RegistryScope)] = [:]
        for (name, entry) in user.entries { merged[name] = (entry, .user) }
        for (name, entry) in project.entries { merged[name] = (entry, .project) }
        return (merged, user.warnings + project.warnings)
    }

    /// One entry by exact name, project scope first.
    public func entry(named name: String) throws(ConfigError) -> (entry: ServerEntry, scope: RegistryScope) {
        let all = try loadAll().entries
        if let found = all[name] { return found }
        var message = "No server named '\(name)'"
        let close = all.keys.filter { $0.lowercased().contains(name.lowercased()) || name.lowercased().contains($0.lowercased()) }.sorted()
        if !close.isEmpty { message += "; did you mean \(close.map { "'\($0)'" }.joined(separator: ", "))?" }
        throw ConfigError(message + ". See 'quire mcp list'.")
    }

    /// Writes the whole scope atomically with mode 0600.
    public func save(_ entries: [String: ServerEntry], scope: RegistryScope) throws {
        var servers: [String: JSONValue] = [:]
        for (name, entry) in entries { servers[name] = entry.json }
        try SecureFile.writeJSON(["mcpServers": .object(servers)], to: path(scope))
    }

    /// Adds or replaces one entry; an existing name is an error unless `force`.
    /// - Returns: whether an entry was replaced.
    @discardableResult
    public func set(_ name: String, _ entry: ServerEntry, scope: RegistryScope, force: Bool) throws -> Bool {
        try EntryParser.validateName(name)
        var entries = try load(scope).entries
        let existed = entries[name] != nil
        if existed && !force { throw ConfigError("Server '\(name)' already exists; pass --force to replace it") }
        entries[name] = entry
        try save(entries, scope: scope)
        return existed
    }

    /// Removes one entry from the scope that holds it.
    /// - Returns: the scope it was removed from, or `nil` when no such server exists.
    public func remove(_ name: String) throws -> RegistryScope? {
        for scope in [RegistryScope.project, .user] {
            var entries = try load(scope).entries
            if entries.removeValue(forKey: name) != nil {
                try save(entries, scope: scope)
                return scope
            }
        }
        return nil
    }
}
