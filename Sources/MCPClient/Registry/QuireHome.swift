import Foundation

/// Where the client keeps its files: `QUIRE_HOME`, else `~/.quire`.
public struct QuireHome: Sendable, Hashable {
    public var path: String

    public init(path: String) { self.path = path }

    /// From the environment: `QUIRE_HOME`, else `$HOME/.quire`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> QuireHome {
        if let home = environment["QUIRE_HOME"], !home.isEmpty { return QuireHome(path: home) }
        let user = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return QuireHome(path: user + "/.quire")
    }

    /// The user registry, `mcp.json`.
    public var registryFile: String { path + "/mcp.json" }
    /// Cached discovery results, one file per server.
    public var toolCacheDirectory: String { path + "/cache/tools" }
    /// The era each origin was last seen speaking.
    public var eraCacheFile: String { path + "/cache/eras.json" }
    /// OAuth tokens and client registrations (mode 0600, never in the registry).
    public var tokenFile: String { path + "/oauth-tokens.json" }
    /// Logs of stdio servers' stderr.
    public var logDirectory: String { path + "/logs" }
}
