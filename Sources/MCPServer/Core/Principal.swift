/// Who is calling: the authenticated subject and the scopes granted to it.
///
/// stdio has no authentication; its requests carry the local user as principal.
public struct Principal: Sendable, Hashable {
    public var id: String
    public var scopes: Set<String>

    public init(id: String, scopes: Set<String> = []) {
        self.id = id
        self.scopes = scopes
    }

    /// The operator at the other end of a local stdio pipe.
    public static let local = Principal(id: "local", scopes: ["*"])
}
