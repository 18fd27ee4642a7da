import Crypto
import Foundation

/// Proof Key for Code Exchange with `S256` (RFC 7636), the only method Quire uses (C4).
public struct PKCE: Sendable, Hashable {
    /// 43 characters of base64url from 32 random bytes.
    public let verifier: String
    /// `BASE64URL(SHA256(verifier))`.
    public let challenge: String
    public let method = "S256"

    public init() {
        self.init(verifier: Self.randomToken(bytes: 32))
    }

    /// A pair for a given verifier (tests use the RFC 7636 appendix B example).
    public init(verifier: String) {
        self.verifier = verifier
        self.challenge = Self.challenge(for: verifier)
    }

    public static func challenge(for verifier: String) -> String {
        base64URL(Data(SHA256.hash(data: Data(verifier.utf8))))
    }

    /// Unpadded base64url.
    public static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// A random URL-safe token (for `state` and verifiers).
    public static func randomToken(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return base64URL(Data((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) }))
    }
}
