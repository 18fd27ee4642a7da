import Crypto
import Foundation

/// One API key as stored: never the key itself, only its SHA-256 hash, with the principal and
/// scopes it grants. `id` is public and short, for listing and revoking.
public struct APIKeyRecord: Codable, Sendable, Hashable {
    /// A short public identifier, e.g. `3f9a61c2`; safe to print and log.
    public var id: String
    /// `sha256:` followed by the lowercase hex SHA-256 of the key.
    public var hash: String
    /// The principal id requests with this key run as.
    public var principal: String
    /// The scopes granted to that principal.
    public var scopes: [String]
    /// When the key was created (RFC 3339 in the key file).
    public var created: Date

    /// A record from its parts; use ``generate(principal:scopes:existingIDs:now:)`` for new keys.
    public init(id: String, hash: String, principal: String, scopes: [String], created: Date) {
        self.id = id
        self.hash = hash
        self.principal = principal
        self.scopes = scopes
        self.created = created
    }

    /// The prefix every generated key starts with; a bearer token with it is taken for an API key.
    public static let keyPrefix = "qk_"

    /// A new key and its record. The returned `key` is the only copy of the secret: show it once.
    ///
    /// - Parameters:
    ///   - principal: The principal the key stands for.
    ///   - scopes: The scopes it grants.
    ///   - existingIDs: Ids already in use, so the new id is unique among them.
    ///   - now: The creation time.
    public static func generate(
        principal: String, scopes: [String], existingIDs: Set<String> = [], now: Date = Date()
    ) -> (record: APIKeyRecord, key: String) {
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let key = keyPrefix + base64URL(secret)
        var id: String
        repeat {
            id = (0..<4).map { _ in hex(UInt8.random(in: .min ... .max, using: &generator)) }.joined()
        } while existingIDs.contains(id)
        let record = APIKeyRecord(id: id, hash: hash(of: key), principal: principal, scopes: scopes, created: now)
        return (record, key)
    }

    /// `sha256:<hex>` of a key, the form ``hash`` holds.
    public static func hash(of key: String) -> String {
        "sha256:" + SHA256.hash(data: Data(key.utf8)).map(hex).joined()
    }

    /// The 32 digest bytes of ``hash``, or `nil` when it is not `sha256:` and 64 hex digits.
    var digest: [UInt8]? {
        guard hash.hasPrefix("sha256:") else { return nil }
        let hexDigits = Array(hash.utf8.dropFirst(7))
        guard hexDigits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for index in stride(from: 0, to: 64, by: 2) {
            guard let byte = UInt8(String(decoding: hexDigits[index ..< index + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    private static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
