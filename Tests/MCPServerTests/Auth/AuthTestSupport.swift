import Foundation
import Crypto
import JWTKit
import Synchronization
import _CryptoExtras
@testable import MCPServer

let testAudience = "http://127.0.0.1:8080/mcp"

typealias TestRSAKey = JWTKit.Insecure.RSA.PrivateKey

/// Claims for test tokens: every field optional, so tests can leave any one out.
struct TestClaims: JWTPayload {
    var sub: String?
    var iss: String?
    var aud: String?
    var exp: Int?
    var nbf: Int?
    var scope: String?
    var scp: [String]?
    var client_id: String?

    /// A token valid now for `testAudience`, from `iss`.
    static func valid(sub: String = "alice", iss: String? = nil, scope: String? = "read write") -> TestClaims {
        let now = Int(Date().timeIntervalSince1970)
        return TestClaims(sub: sub, iss: iss, aud: testAudience, exp: now + 3600, nbf: now - 10, scope: scope)
    }

    // Signing only; the authenticator under test does all the verifying.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// Real keys, made fresh per test run.
enum TestKeys {
    /// RSA keys are slow to make; share two for the whole run.
    static let rsa: TestRSAKey = makeRSA()
    static let otherRSA: TestRSAKey = makeRSA()

    private static func makeRSA() -> TestRSAKey {
        do {
            return try TestRSAKey(backing: _RSA.Signing.PrivateKey(keySize: .bits2048))
        } catch {
            fatalError("cannot make a test RSA key: \(error)")
        }
    }

    static var rsaPublicPEM: String { rsa.publicKey.pemRepresentation }

    /// The RSA public key as a JWK, for a JWKS.
    static func rsaJWK(_ key: TestRSAKey = rsa, kid: String) throws -> [String: String] {
        let (modulus, exponent) = try key.publicKey.getKeyPrimitives()
        return ["kty": "RSA", "kid": kid, "use": "sig", "n": base64URL(modulus), "e": base64URL(exponent)]
    }

    /// An EC P-256 public key as a JWK.
    static func ecJWK(_ key: ES256PrivateKey, kid: String) throws -> [String: String] {
        guard let parameters = key.publicKey.parameters else { throw TestFailure("no EC parameters") }
        return ["kty": "EC", "crv": "P-256", "kid": kid, "x": parameters.x, "y": parameters.y]
    }

    static func jwks(_ keys: [[String: String]]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: ["keys": keys], options: [.sortedKeys]), as: UTF8.self)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Signs test tokens with jwt-kit, as an IdP would.
enum TestSigner {
    static func rsa(_ claims: TestClaims, key: TestRSAKey = TestKeys.rsa, algorithm: String = "RS256", kid: String? = nil) async throws -> String {
        let keys = JWTKeyCollection()
        switch algorithm {
        case "PS256": await keys.add(pss: key, digestAlgorithm: .sha256, kid: id(kid))
        case "RS384": await keys.add(rsa: key, digestAlgorithm: .sha384, kid: id(kid))
        default: await keys.add(rsa: key, digestAlgorithm: .sha256, kid: id(kid))
        }
        return try await sign(claims, keys: keys, kid: kid)
    }

    static func ec(_ claims: TestClaims, key: ES256PrivateKey, kid: String? = nil) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: key, kid: id(kid))
        return try await sign(claims, keys: keys, kid: kid)
    }

    static func eddsa(_ claims: TestClaims, key: EdDSA.PrivateKey) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(eddsa: key)
        return try await sign(claims, keys: keys, kid: nil)
    }

    static func hmac(_ claims: TestClaims, secret: [UInt8], kid: String? = nil) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256, kid: id(kid))
        return try await sign(claims, keys: keys, kid: kid)
    }

    /// With `kid`, the key is stored and the token signed under it (the header names it);
    /// without, the key is the collection's default and the header names none.
    private static func sign(_ claims: TestClaims, keys: JWTKeyCollection, kid: String?) async throws -> String {
        try await keys.sign(claims, kid: id(kid))
    }

    private static func id(_ kid: String?) -> JWKIdentifier? { kid.map { JWKIdentifier(string: $0) } }

    /// A token built by hand: any header, any payload, any signature bytes.
    static func handBuilt(header: [String: Any], claims: TestClaims, signature: [UInt8] = []) throws -> String {
        let headerData = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        let payloadData = try JSONEncoder().encode(claims)
        return "\(base64URL(headerData)).\(base64URL(payloadData)).\(base64URL(Data(signature)))"
    }

    /// A token whose header and payload are signed by `sign` over `header.payload`, for HMAC
    /// with arbitrary key bytes (the algorithm-confusion attack).
    static func hmacSHA256(header: [String: Any], claims: TestClaims, keyBytes: [UInt8]) throws -> String {
        let headerData = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        let payloadData = try JSONEncoder().encode(claims)
        let input = "\(base64URL(headerData)).\(base64URL(payloadData))"
        let mac = HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: SymmetricKey(data: keyBytes))
        return "\(input).\(base64URL(Data(mac)))"
    }
}

func base64URL(_ data: Data) -> String {
    data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        .replacingOccurrences(of: "=", with: "")
}

/// A clock tests move by hand, so cache lifetimes and refetch limits are checked without sleeping.
final class TestClock: Sendable {
    private let current = Mutex(Date())

    var now: @Sendable () -> Date { { self.current.withLock { $0 } } }

    func advance(seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// The reason of a failed authentication, or nil when it succeeded.
func failureReason(_ result: Result<Principal, AuthenticationFailure>) -> String? {
    if case .failure(let failure) = result { return failure.reason }
    return nil
}
