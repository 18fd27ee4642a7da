/// Who is calling: the authenticated subject and the scopes granted to it.
///
/// stdio has no authentication; its requests carry the local user as principal.
public struct Principal: Sendable, Hashable {
    /// Who: a token's `sub`, an API key's principal, or `local`.
    public var id: String
    /// The scopes granted.
    public var scopes: Set<String>

    /// Creates a principal with its scopes.
    public init(id: String, scopes: Set<String> = []) {
        self.id = id
        self.scopes = scopes
    }

    /// The operator at the other end of a local stdio pipe.
    public static let local = Principal(id: "local", scopes: ["*"])
}
