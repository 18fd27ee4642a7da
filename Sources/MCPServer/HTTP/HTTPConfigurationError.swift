/// A configuration the HTTP server cannot run with, explained in one line.
public enum HTTPConfigurationError: Error, Sendable, CustomStringConvertible {
    /// Authentication is on, the server binds beyond loopback, and no public URL was given.
    case resourceURLRequired(host: String)

    public var description: String {
        switch self {
        case .resourceURLRequired(let host):
            "authentication on \(host) needs the server's public URL (--resource-url https://…/mcp): tokens are checked against it"
        }
    }
}
