import Foundation
import MCP

/// OAuth credentials for one server at one authorization server (C8: keyed by issuer).
public struct TokenRecord: Sendable, Hashable {
    public var server: String
    public var resource: String
    public var issuer: String
    public var clientID: String
    public var clientSecret: String?
    /// The redirect URI the client was registered with (a DCR client must reuse it).
    public var redirectURI: String?
    public var accessToken: String?
    public var refreshToken: String?
    /// Seconds since 1970.
    public var expiresAt: Double?
    public var scope: String?

    var json: JSONValue {
        var members: [String: JSONValue] = ["server": .string(server), "resource": .string(resource), "issuer": .string(issuer), "client_id": .string(clientID)]
        if let clientSecret { members["client_secret"] = .string(clientSecret) }
        if let redirectURI { members["redirect_uri"] = .string(redirectURI) }
        if let accessToken { members["access_token"] = .string(accessToken) }
        if let refreshToken { members["refresh_token"] = .string(refreshToken) }
        if let expiresAt { members["expires_at"] = .double(expiresAt) }
        if let scope { members["scope"] = .string(scope) }
        return .object(members)
    }

    init?(json: JSONValue) {
        guard let server = json["server"]?.stringValue, let resource = json["resource"]?.stringValue, let issuer = json["issuer"]?.stringValue,
              let clientID = json["client_id"]?.stringValue else { return nil }
        self.init(server: server, resource: resource, issuer: issuer, clientID: clientID)
        clientSecret = json["client_secret"]?.stringValue
        redirectURI = json["redirect_uri"]?.stringValue
        accessToken = json["access_token"]?.stringValue
        refreshToken = json["refresh_token"]?.stringValue
        expiresAt = json["expires_at"]?.doubleValue
        scope = json["scope"]?.stringValue
    }

    public init(server: String, resource: String, issuer: String, clientID: String) {
        self.server = server
        self.resource = resource
        self.issuer = issuer
        self.clientID = clientID
    }
}

/// Tokens on disk: one 0600 file under Quire's home, never the registry file (C9).
public struct TokenStore: Sendable {
    public var home: QuireHome

    public init(home: QuireHome) { self.home = home }

    public func all() -> [TokenRecord] {
        guard let bytes = SecureFile.read(home.tokenFile), let json = try? JSONValue(parsing: bytes) else { return [] }
        return (json["records"]?.arrayValue ?? []).compactMap(TokenRecord.init(json:))
    }

    /// The credentials of `server` for `resource` (the newest when several issuers were used).
    public func record(server: String, resource: String) -> TokenRecord? {
        all().last { $0.server == server && $0.resource == resource }
    }

    /// A client registration at `issuer` reusable for `server`.
    public func registration(server: String, issuer: String) -> TokenRecord? {
        all().last { $0.server == server && $0.issuer == issuer }
    }

    public func save(_ record: TokenRecord) throws {
        var records = all().filter { !($0.server == record.server && $0.resource == record.resource && $0.issuer == record.issuer) }
        records.append(record)
        try SecureFile.writeJSON(["records": .array(records.map(\.json))], to: home.tokenFile)
    }

    /// Deletes every credential of exactly `server`; returns how many.
    @discardableResult
    public func remove(server: String) throws -> Int {
        let records = all()
        let kept = records.filter { $0.server != server }
        guard kept.count != records.count else { return 0 }
        try SecureFile.writeJSON(["records": .array(kept.map(\.json))], to: home.tokenFile)
        return records.count - kept.count
    }
}
