/// A registry or entry that cannot be used, with the reference's wording (`mcp-client.md` §3).
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    /// The same problem prefixed with `Server '<name>': `.
    static func server(_ name: String, _ detail: String) -> ConfigError {
        ConfigError("Server '\(name)': \(detail)")
    }

    public var description: String { message }
}
