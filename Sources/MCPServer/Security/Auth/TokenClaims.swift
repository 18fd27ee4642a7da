import Foundation

/// The claims a bearer token is judged by, read leniently where the standards allow two shapes
/// (`aud` as a string or an array; scopes as `scope` "a b" or `scp` ["a", "b"]).
struct TokenClaims: Decodable {
    var issuer: String?
    var subject: String?
    var clientID: String?
    var audiences: [String]?
    var expiry: Double?
    var notBefore: Double?
    var scopes: Set<String>

    private enum CodingKeys: String, CodingKey {
        case iss, sub, aud, exp, nbf, scope, scp
        case clientID = "client_id"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        issuer = try container.decodeIfPresent(String.self, forKey: .iss)
        subject = try container.decodeIfPresent(String.self, forKey: .sub)
        clientID = try? container.decodeIfPresent(String.self, forKey: .clientID)
        if let single = try? container.decodeIfPresent(String.self, forKey: .aud) {
            audiences = [single]
        } else {
            audiences = try container.decodeIfPresent([String].self, forKey: .aud)
        }
        expiry = try container.decodeIfPresent(Double.self, forKey: .exp)
        notBefore = try container.decodeIfPresent(Double.self, forKey: .nbf)
        var scopes = Set<String>()
        if let scope = try? container.decodeIfPresent(String.self, forKey: .scope) {
            scopes.formUnion(scope.split(separator: " ").map(String.init))
        }
        if let list = try? container.decodeIfPresent([String].self, forKey: .scp) {
            scopes.formUnion(list)
        } else if let text = try? container.decodeIfPresent(String.self, forKey: .scp) {
            scopes.formUnion(text.split(separator: " ").map(String.init))
        }
        self.scopes = scopes
    }

    /// Decodes a payload, with a failure that says which claim is malformed.
    static func decode(_ payload: Data) throws(AuthenticationFailure) -> TokenClaims {
        do {
            return try JSONDecoder().decode(TokenClaims.self, from: payload)
        } catch DecodingError.typeMismatch(_, let context), DecodingError.dataCorrupted(let context) {
            if let key = context.codingPath.first?.stringValue {
                throw AuthenticationFailure("malformed token: claim \(key) has the wrong type")
            }
            throw AuthenticationFailure("malformed token: the payload is not a JSON object")
        } catch {
            throw AuthenticationFailure("malformed token: the payload is not a JSON object")
        }
    }

    /// Checks time, issuer and audience; the first broken rule is the failure.
    func validate(against verification: JWTVerification, now: Date) throws(AuthenticationFailure) {
        let leeway = seconds(verification.leeway)
        let time = now.timeIntervalSince1970
        guard let expiry else { throw AuthenticationFailure("token has no expiry (exp)") }
        guard time <= expiry + leeway else { throw AuthenticationFailure("token expired") }
        if let notBefore, time + leeway < notBefore {
            throw AuthenticationFailure("token is not valid yet (nbf)")
        }
        if let expected = verification.expectedIssuer, issuer != expected {
            throw AuthenticationFailure(issuer == nil ? "token has no issuer (iss); expected \(expected)" : "issuer does not match \(expected)")
        }
        guard let audiences, !audiences.isEmpty else { throw AuthenticationFailure("token has no audience (aud)") }
        guard audiences.contains(where: verification.audiences.contains) else {
            throw AuthenticationFailure("audience does not match \(verification.audiences.joined(separator: " or "))")
        }
    }

    /// The principal the token stands for: `sub`, else `client_id` (client-credentials tokens).
    func principal() throws(AuthenticationFailure) -> Principal {
        guard let id = subject ?? clientID, !id.isEmpty else {
            throw AuthenticationFailure("token has no subject (sub or client_id)")
        }
        return Principal(id: id, scopes: scopes)
    }
}
