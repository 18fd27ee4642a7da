/// Syslog severities used by MCP logging, least severe first.
public enum LoggingLevel: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case debug, info, notice, warning, error, critical, alert, emergency

    /// Severity rank, 0 for `debug` up to 7 for `emergency`.
    public var severity: Int {
        switch self {
        case .debug: return 0
        case .info: return 1
        case .notice: return 2
        case .warning: return 3
        case .error: return 4
        case .critical: return 5
        case .alert: return 6
        case .emergency: return 7
        }
    }

    public static func < (lhs: LoggingLevel, rhs: LoggingLevel) -> Bool { lhs.severity < rhs.severity }
}

/// `logging/setLevel` parameters (legacy era).
public struct SetLevelParams: Sendable, Hashable, Codable {
    /// The severity.
    public var level: LoggingLevel
    /// Creates a `SetLevelParams` from its members.
    public init(level: LoggingLevel) { self.level = level }
}

/// `notifications/message` parameters.
public struct LoggingMessageParams: Sendable, Hashable, Codable {
    /// The severity.
    public var level: LoggingLevel
    /// The name of the logger that wrote the message.
    public var logger: String?
    /// The payload (any JSON).
    public var data: JSONValue

    /// Creates a `LoggingMessageParams` from its members.
    public init(level: LoggingLevel, logger: String? = nil, data: JSONValue) {
        self.level = level
        self.logger = logger
        self.data = data
    }
}
