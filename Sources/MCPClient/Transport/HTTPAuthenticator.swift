/// Supplies credentials for HTTP requests and recovers from 401/403 when it can.
public protocol HTTPAuthenticator: Sendable {
    /// Headers to add to every request (after the entry's static headers, so auth wins).
    func authorizationHeaders() async throws -> [(String, String)]
    /// A 401 or 403 came back. Return true when the credentials changed and the request should be
    /// repeated; `attempt` counts earlier recoveries for this request.
    func recover(status: Int, wwwAuthenticate: String?, attempt: Int) async throws -> Bool
    /// Whether this is OAuth (changes the 401 message).
    var isOAuth: Bool { get }
}

/// Static credentials (bearer, api_key, basic): nothing to recover.
public struct StaticAuthenticator: HTTPAuthenticator {
    let headers: [(String, String)]

    public init(_ auth: AuthConfig) {
        switch auth {
        case .bearer(let token):
            headers = [("Authorization", "Bearer \(token)")]
            SecretRedactor.shared.register(token)
        case .apiKey(let key, let header):
            headers = [(header, key)]
            SecretRedactor.shared.register(key)
        case .basic(let username, let password):
            let encoded = Data("\(username):\(password)".utf8).base64EncodedString()
            headers = [("Authorization", "Basic \(encoded)")]
            SecretRedactor.shared.register(password)
            SecretRedactor.shared.register(encoded)
        case .oauth:
            headers = []
        }
    }

    public func authorizationHeaders() async throws -> [(String, String)] { headers }
    public func recover(status: Int, wwwAuthenticate: String?, attempt: Int) async throws -> Bool { false }
    public var isOAuth: Bool { false }
}

import Foundation
