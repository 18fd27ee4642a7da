import Crypto
import Foundation
import JWTKit

/// A local ES256 key for minting development JWTs (`quire token`), so `--auth jwt` can be tried
/// without an authorization server. For development only: whoever can read the key file can
/// mint any token the server configured with its public key will accept.
public struct DevelopmentSigningKey: Sendable {
    private let privateKey: ES256PrivateKey

    /// The private key in PEM form, as the key file holds it.
    public var privateKeyPEM: String { privateKey.pemRepresentation }
    /// The matching public key in PEM form, for `quire serve --auth jwt --jwt-public-key FILE`.
    public var publicKeyPEM: String { privateKey.publicKey.pemRepresentation }
    /// A stable key id: the first 16 hex digits of the SHA-256 of the public key PEM.
    public var keyID: String {
        SHA256.hash(data: Data(publicKeyPEM.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// A key from an EC P-256 private key in PEM form.
    /// - Throws: ``DevelopmentKeyError`` when the PEM is not such a key.
    public init(pem: String) throws(DevelopmentKeyError) {
        do {
            privateKey = try ES256PrivateKey(pem: pem)
        } catch {
            throw DevelopmentKeyError("not an EC P-256 private key in PEM form")
        }
    }

    /// A fresh random key.
    public init() { privateKey = ES256PrivateKey() }

    /// The key in the file at `url`, or a new one written there with mode 0600 when the file does
    /// not exist yet. `created` says which.
    /// - Throws: ``DevelopmentKeyError`` when the file cannot be read, parsed or written.
    public static func loadOrCreate(at url: URL) throws(DevelopmentKeyError) -> (key: DevelopmentSigningKey, created: Bool) {
        if FileManager.default.fileExists(atPath: url.path) {
            let pem: String
            do {
                pem = try String(contentsOf: url, encoding: .utf8)
            } catch {
                throw DevelopmentKeyError("\(url.path): cannot be read (\(error.localizedDescription))")
            }
            do throws(DevelopmentKeyError) {
                return (try DevelopmentSigningKey(pem: pem), false)
            } catch {
                throw DevelopmentKeyError("\(url.path): \(error.message)")
            }
        }
        let key = DevelopmentSigningKey()
        do {
            try SecureFileWriter.writeAtomically(Data(key.privateKeyPEM.utf8), to: url)
        } catch {
            throw DevelopmentKeyError("\(url.path): cannot be written (\(error))")
        }
        return (key, true)
    }

    /// A signed ES256 JWT with `sub`, `scope`, `aud`, `iss`, `iat`, `nbf`, `exp` and a random `jti`.
    ///
    /// - Parameters:
    ///   - subject: The `sub` claim: the principal id.
    ///   - scopes: Joined with spaces into `scope`; omitted when empty.
    ///   - audience: The `aud` claim: the server's resource URI, e.g. `http://127.0.0.1:8080/mcp`.
    ///   - issuer: The `iss` claim; omitted when `nil`.
    ///   - expiresIn: Lifetime from `now`.
    ///   - now: Issue time.
    public func mint(
        subject: String, scopes: [String] = [], audience: String?, issuer: String? = nil,
        expiresIn: Duration = .seconds(3600), now: Date = Date()
    ) async throws -> String {
        let issued = Int(now.timeIntervalSince1970)
        let payload = DevelopmentClaims(
            sub: subject, scope: scopes.isEmpty ? nil : scopes.joined(separator: " "), aud: audience, iss: issuer,
            iat: issued, nbf: issued, exp: issued + Int(seconds(expiresIn)), jti: UUID().uuidString.lowercased()
        )
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: privateKey, kid: JWKIdentifier(string: keyID))
        return try await keys.sign(payload, kid: JWKIdentifier(string: keyID))
    }
}

/// The claims of a development token.
private struct DevelopmentClaims: JWTPayload {
    var sub: String
    var scope: String?
    var aud: String?
    var iss: String?
    var iat: Int
    var nbf: Int
    var exp: Int
    var jti: String

    // Minting only: tokens are verified by JWTAuthenticator, never through this type.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// A development key that cannot be loaded or stored; `message` is one line.
public struct DevelopmentKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, in one line.
    public var message: String

    /// An error with a one-line message.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
