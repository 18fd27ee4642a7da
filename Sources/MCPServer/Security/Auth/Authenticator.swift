/// The credentials a request presented, taken from its headers by the HTTP layer.
public struct Credentials: Sendable, Hashable {
    /// The token of `Authorization: Bearer …`.
    public var bearerToken: String?
    /// The key of `X-API-Key: …`.
    public var apiKey: String?

    public init(bearerToken: String? = nil, apiKey: String? = nil) {
        self.bearerToken = bearerToken
        self.apiKey = apiKey
    }

    /// Whether the request presented anything at all.
    public var isEmpty: Bool { bearerToken == nil && apiKey == nil }
}

/// Why a credential was not accepted. `reason` is safe to show the caller and to log: it never
/// contains the credential itself.
public struct AuthenticationFailure: Error, Sendable, Hashable {
    public var reason: String

    public init(_ reason: String) { self.reason = reason }
}

/// Turns credentials into a ``Principal``: JWT verification, API-key lookup.
public protocol Authenticator: Sendable {
    /// The principal `credentials` stand for, or the failure that makes them unacceptable.
    /// Called only when the request presented some credential.
    func authenticate(_ credentials: Credentials) async -> Result<Principal, AuthenticationFailure>
}
