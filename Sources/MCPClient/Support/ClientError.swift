/// A failure the `quire mcp` commands report as one line, with the exit code the reference fixes:
/// 1 tool or JSON-RPC error, 2 usage or config, 3 connection/transport/timeout, 4 auth.
public struct ClientError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, which decides the exit code.
    public enum Kind: Sendable, Hashable {
        case usage, tool, rpc, connection, auth
    }

    public var kind: Kind
    /// One line, already masked, naming the server and what to do.
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The process exit status for this failure.
    public var exitCode: Int32 {
        switch kind {
        case .tool, .rpc: return 1
        case .usage: return 2
        case .connection: return 3
        case .auth: return 4
        }
    }

    public var description: String { message }

    static func usage(_ message: String) -> ClientError { ClientError(.usage, message) }
    static func connection(_ message: String) -> ClientError { ClientError(.connection, message) }
    static func auth(_ message: String) -> ClientError { ClientError(.auth, message) }
}

/// A JSON-RPC error answered by the server for `method`.
public struct RPCFailure: Error, Sendable {
    public var method: String
    public var error: JSONRPCError

    public init(method: String, error: JSONRPCError) {
        self.method = method
        self.error = error
    }
}

import MCP
