import Foundation

/// A JWS in compact serialisation, split and decoded but not yet trusted.
///
/// We read the header ourselves, before any key is touched, so the algorithm allow-list and the
/// key choice are ours and never the token's.
struct CompactJWT {
    struct Header: Decodable {
        var alg: String?
        var kid: String?
        var crit: [String]?
    }

    let header: Header
    let payload: Data
    let signature: Data
    /// `header.payload`: the bytes the signature covers.
    let signingInput: Data

    init(_ token: String, maxBytes: Int) throws(AuthenticationFailure) {
        guard token.utf8.count <= maxBytes else { throw AuthenticationFailure("token is longer than \(maxBytes) bytes") }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw AuthenticationFailure(parts.count == 5 ? "encrypted tokens (JWE) are not supported" : "malformed token: not three dot-separated parts")
        }
        guard let headerData = Self.base64URLDecode(parts[0]),
              let header = try? JSONDecoder().decode(Header.self, from: headerData) else {
            throw AuthenticationFailure("malformed token: unreadable header")
        }
        guard let payload = Self.base64URLDecode(parts[1]) else {
            throw AuthenticationFailure("malformed token: unreadable payload")
        }
        guard let signature = Self.base64URLDecode(parts[2]) else {
            throw AuthenticationFailure("malformed token: unreadable signature")
        }
        self.header = header
        self.payload = payload
        self.signature = signature
        self.signingInput = Data(token.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count))
    }

    /// Unpadded base64url (RFC 7515 §2); `nil` for anything else.
    static func base64URLDecode(_ text: Substring) -> Data? {
        guard text.utf8.allSatisfy({ byte in
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2D || byte == 0x5F
        }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        let remainder = base64.utf8.count % 4
        if remainder == 1 { return nil }
        if remainder > 0 { base64 += String(repeating: "=", count: 4 - remainder) }
        return Data(base64Encoded: base64)
    }
}
