import MCP

/// One setting of `quire serve`: where it sits in the configuration file, the environment
/// variable and flag that set it, its type and default. The table of these
/// (``ConfigurationSetting/all``) is the single source for parsing, `--print-config` and the
/// configuration reference in the docs.
public struct ConfigurationSetting: Sendable {
    /// The value types a setting can hold.
    public enum Kind: Sendable, Equatable {
        case string
        case integer(ClosedRange<Int>)
        case number(ClosedRange<Double>)
        case boolean
        /// A list of strings (comma-separated in the environment, repeatable as a flag).
        case strings
        case choice([String])
        /// A JSON object, given whole (file only).
        case object
    }

    /// The dotted path in the configuration file, e.g. `transport.http.port`.
    public let key: String
    /// The environment variable, e.g. `QUIRE_PORT`.
    public let environment: String?
    /// The flag of `quire serve`, e.g. `--port`.
    public let flag: String?
    public let kind: Kind
    /// The value when nothing sets it (`null` for none).
    public let defaultValue: JSONValue
    /// Masked by `--print-config` and never logged.
    public let secret: Bool
    /// What it does, one sentence.
    public let help: String

    public init(
        _ key: String, env environment: String? = nil, flag: String? = nil, _ kind: Kind, default defaultValue: JSONValue = .null,
        secret: Bool = false, help: String
    ) {
        self.key = key
        self.environment = environment
        self.flag = flag
        self.kind = kind
        self.defaultValue = defaultValue
        self.secret = secret
        self.help = help
    }
}
