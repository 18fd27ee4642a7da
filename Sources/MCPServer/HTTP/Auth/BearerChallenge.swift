import HTTPTypes
import MCP

/// Builds `WWW-Authenticate: Bearer …` challenges (RFC 6750 §3, RFC 9728 §5.1) that point clients
/// at the protected-resource metadata and name the scopes to ask for (A2, A3, A7).
public struct BearerChallenge: Sendable {
    /// The URL of this resource's protected-resource metadata, when it is served.
    public var resourceMetadataURL: String?
    /// The scope a client needs for anything at all (the read scope).
    public var basicScope: String

    public init(resourceMetadataURL: String?, basicScope: String) {
        self.resourceMetadataURL = resourceMetadataURL
        self.basicScope = basicScope
    }

    /// The challenge set by the HTTP server for the request being handled, so layers that find
    /// a scope shortfall late (the REST routes) can answer with the same header.
    @TaskLocal public static var current: BearerChallenge?

    /// No credentials were sent: no error code, as RFC 6750 §3.1 asks.
    public func missingCredentials() -> String { render(error: nil, description: nil, scopes: [basicScope]) }

    /// The credentials were unacceptable (bad signature, expired, wrong audience…).
    public func invalidToken(_ description: String) -> String { render(error: "invalid_token", description: description, scopes: [basicScope]) }

    /// The request itself was malformed (a token in the query string, two schemes at once).
    public func invalidRequest(_ description: String) -> String { render(error: "invalid_request", description: description, scopes: []) }

    /// The caller is known but its token lacks `scopes`; all of them are named in one challenge.
    public func insufficientScope(_ scopes: [String]) -> String {
        render(error: "insufficient_scope", description: "this request needs the scope \(scopes.joined(separator: " "))", scopes: scopes)
    }

    /// The `WWW-Authenticate` field for a `-32030` refusal under the current request's challenge
    /// (empty when authentication is off): every scope the refusal names.
    public static func headers(for refusal: JSONRPCError) -> HTTPFields {
        guard let current else { return [:] }
        let scopes = refusal.data?["requiredScopes"]?.arrayValue?.compactMap(\.stringValue) ?? []
        return [.wwwAuthenticate: current.insufficientScope(scopes)]
    }

    private func render(error: String?, description: String?, scopes: [String]) -> String {
        var parameters: [String] = []
        if let error { parameters.append("error=\(Self.quoted(error))") }
        if let description { parameters.append("error_description=\(Self.quoted(description))") }
        if !scopes.isEmpty { parameters.append("scope=\(Self.quoted(scopes.joined(separator: " ")))") }
        if let resourceMetadataURL { parameters.append("resource_metadata=\(Self.quoted(resourceMetadataURL))") }
        return parameters.isEmpty ? "Bearer" : "Bearer " + parameters.joined(separator: ", ")
    }

    /// A quoted-string (RFC 9110 §5.6.4); descriptions are limited to printable ASCII by RFC 6750.
    static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            guard scalar.value >= 0x20, scalar.value < 0x7F else { out += "?"; continue }
            if scalar == "\"" || scalar == "\\" { out += "\\" }
            out.unicodeScalars.append(scalar)
        }
        return out + "\""
    }
}
