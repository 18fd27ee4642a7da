import Foundation
import MCP

/// An HTTP response the client could not use, with what the error message needs.
struct HTTPStatusError: Error, Sendable {
    var status: Int
    var body: [UInt8]
    var contentType: String?
    var wwwAuthenticate: String?
    var retryAfter: String?

    /// The JSON-RPC error in the body, if the body is one.
    var rpcError: JSONRPCError? {
        guard let value = try? JSONValue(parsing: body), case .single(.errorResponse(let response)) = JSONRPCCodec.decode(value: value) else { return nil }
        return response.error
    }
}

/// Turns transport failures into the one-line messages of `mcp-client.md` §9.
public enum HTTPErrorMapping {
    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        let lower = text.lowercased()
        if lower.contains("refused") { return "connection refused" }
        if lower.contains("nxdomain") || lower.contains("resolve") || lower.contains("getaddrinfo") || lower.contains("dns") || lower.contains("lookup") || lower.contains("unknown host") {
            return "DNS lookup failed"
        }
        if lower.contains("ssl") || lower.contains("tls") || lower.contains("certificate") || lower.contains("handshake") { return "TLS failure (\(text.prefix(120)))" }
        if lower.contains("connecttimeout") || lower.contains("timed out") || lower.contains("timeout") { return "connection timed out" }
        if lower.contains("remoteconnectionclosed") || lower.contains("closed") { return "the connection was closed" }
        return String(text.prefix(160))
    }

    /// A connect-level failure (refused, DNS, TLS, timeout).
    static func connectFailure(_ error: any Error, server: String, url: String) -> ClientError {
        if let known = error as? ClientError { return known }
        return .connection("Could not connect to '\(server)' at \(Masking.url(url)): \(describe(error)). Is the server running?")
    }

    /// An HTTP status the request could not get past.
    static func statusFailure(_ error: HTTPStatusError, server: String, url: String, oauth: Bool) -> ClientError {
        let rpcMessage = error.rpcError?.message
        switch error.status {
        case 400:
            return .connection("Server rejected the request (400)\(rpcMessage.map { ": \($0)" } ?? "") [server '\(server)']")
        case 401:
            if oauth { return .auth("Login required for '\(server)': run 'quire mcp login \(server)'") }
            var message = "Authentication failed (401) for '\(server)'; check its credentials"
            if error.wwwAuthenticate?.contains("resource_metadata") ?? false { message += ", or run 'quire mcp login \(server)'" }
            return .auth(message)
        case 403:
            return .auth("Access forbidden (403) for '\(server)'; the credentials lack permission\(rpcMessage.map { ": \($0)" } ?? "")")
        case 404:
            return .connection("Endpoint not found (404) for '\(server)': check the URL \(Masking.url(url))")
        case 405, 406, 415:
            return .connection("The server refused this request (\(error.status)); is \(Masking.url(url)) an MCP endpoint? [server '\(server)']")
        case 429:
            return .connection("Rate limited (429) by '\(server)'; retry in \(error.retryAfter ?? "a few") s")
        case 500..<600:
            let body = String(decoding: error.body.prefix(200), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
            return .connection("Server error (HTTP \(error.status)) from '\(server)': \(SecretRedactor.shared.scrub(body))")
        default:
            return .connection("Unexpected HTTP \(error.status) from '\(server)' at \(Masking.url(url))")
        }
    }
}
