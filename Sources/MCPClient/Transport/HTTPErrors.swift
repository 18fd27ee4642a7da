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
    /// Why a connection failed, in a few words, and what the user can do about it.
    struct ConnectReason: Sendable, Equatable {
        var reason: String
        var hint: String
    }

    /// Classifies a connection-level error from its description (NIO and AsyncHTTPClient errors
    /// carry no stable codes across platforms, but their names are stable).
    static func classify(_ error: any Error, host: String? = nil) -> ConnectReason {
        let text = String(describing: error)
        let lower = text.lowercased()
        if lower.contains("refused") {
            return ConnectReason(reason: "connection refused", hint: "Is the server running?")
        }
        if lower.contains("nxdomain") || lower.contains("resolve") || lower.contains("getaddrinfo") || lower.contains("dns")
            || lower.contains("lookup") || lower.contains("unknown host") || lower.contains("name or service not known") {
            return ConnectReason(reason: "the host name \(host.map { "'\($0)' " } ?? "")could not be resolved (DNS)", hint: "Check the host in the URL.")
        }
        if lower.contains("certificate_verify_failed") || lower.contains("unable to get local issuer") || lower.contains("self signed") || lower.contains("self-signed") {
            return ConnectReason(reason: "TLS failure: the server's certificate is not trusted (self-signed or from an unknown authority)",
                                 hint: "Use a certificate from a trusted authority, or add it to the system's trust store.")
        }
        if lower.contains("hostname") && (lower.contains("validate") || lower.contains("mismatch")) {
            return ConnectReason(reason: "TLS failure: the server's certificate is not valid for this host name", hint: "Check the host in the URL.")
        }
        if lower.contains("ssl") || lower.contains("tls") || lower.contains("certificate") || lower.contains("handshake") {
            return ConnectReason(reason: "TLS handshake failed", hint: "Is it an https server, and does it speak TLS 1.2 or later?")
        }
        if lower.contains("connecttimeout") || lower.contains("timed out") || lower.contains("timeout") {
            return ConnectReason(reason: "the connection timed out", hint: "Is the host reachable from here?")
        }
        if lower.contains("unreachable") {
            return ConnectReason(reason: "the network is unreachable", hint: "Is the host reachable from here?")
        }
        if lower.contains("remoteconnectionclosed") || lower.contains("closed") {
            return ConnectReason(reason: "the connection was closed", hint: "Is it an MCP server?")
        }
        return ConnectReason(reason: String(text.prefix(160)), hint: "Is the server running?")
    }

    /// The reason alone, for messages that add their own context.
    static func describe(_ error: any Error) -> String { classify(error).reason }

    /// A connect-level failure (refused, DNS, TLS, timeout): one line naming the server and what to do.
    static func connectFailure(_ error: any Error, server: String, url: String) -> ClientError {
        if let known = error as? ClientError { return known }
        let found = classify(error, host: URLComponents(string: url)?.host)
        return .connection("Could not connect to '\(server)' at \(Masking.url(url)): \(found.reason). \(found.hint)")
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
            if let challenge = BearerChallenge(header: error.wwwAuthenticate), challenge.error == "insufficient_scope" {
                let needed = challenge.scope.map { "the scope '\($0)'" } ?? "more scope"
                if oauth {
                    return .auth("Access forbidden (403) for '\(server)': it needs \(needed), which the authorization server did not grant (after \(OAuthAuthenticator.maxStepUps) step-up attempts)")
                }
                return .auth("Access forbidden (403) for '\(server)': its credentials lack \(needed)")
            }
            return .auth("Access forbidden (403) for '\(server)'; the credentials lack permission\(rpcMessage.map { ": \($0)" } ?? "")")
        case 404:
            return .connection("Endpoint not found (404) for '\(server)': check the URL \(Masking.url(url))")
        case 405, 406, 415:
            return .connection("The server refused this request (\(error.status)); is \(Masking.url(url)) an MCP endpoint? [server '\(server)']")
        case 429:
            let wait = RetryAfter.seconds(error.retryAfter).map { "retry in \(Int($0)) s" } ?? "retry later"
            return .connection("Rate limited (429) by '\(server)'; \(wait)")
        case 500..<600:
            let body = String(decoding: error.body.prefix(200), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
            return .connection("Server error (HTTP \(error.status)) from '\(server)': \(SecretRedactor.shared.scrub(body))")
        default:
            return .connection("Unexpected HTTP \(error.status) from '\(server)' at \(Masking.url(url))")
        }
    }
}
