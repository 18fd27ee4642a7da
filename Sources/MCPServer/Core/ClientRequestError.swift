import MCP

/// Why a request from the server to the client got no answer from the client.
///
/// An answer that is a JSON-RPC error is thrown as that `JSONRPCError` instead, so callers can
/// tell "the client said no" from "we never heard back".
public enum ClientRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// This request has no channel for server-to-client requests (2026-07-28 forbids them).
    case unavailable(String)
    /// The client did not answer in time; the request was cancelled on the client.
    case timedOut(method: String, after: Duration)
    /// The connection ended (end of input, shutdown) before the answer came.
    case connectionClosed
    /// Too many requests are already waiting for this client.
    case tooManyPending(limit: Int)

    public var description: String {
        switch self {
        case .unavailable(let reason): return "cannot send requests to the client: \(reason)"
        case .timedOut(let method, let after): return "the client did not answer \(method) within \(after)"
        case .connectionClosed: return "the connection to the client closed before it answered"
        case .tooManyPending(let limit): return "\(limit) requests to the client are already waiting for answers"
        }
    }
}
