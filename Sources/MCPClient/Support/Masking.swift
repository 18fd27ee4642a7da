import Foundation
import Synchronization

/// Credential masking for every display, error and log (`mcp-client.md` §10).
public enum Masking {
    static let sensitiveWords = ["token", "key", "secret", "auth", "session", "password", "credential", "cookie"]
    static let sensitiveQueryNames: Set<String> = ["key", "api_key", "apikey", "token", "access_token", "secret", "sig", "signature", "password", "code", "client_secret", "refresh_token"]

    /// `****`, or `****abcd` (last four) for values of 12 characters or more. Placeholders show as stored.
    public static func mask(_ value: String) -> String {
        if isPlaceholderOnly(value) { return value }
        if value.count >= 12 { return "****" + value.suffix(4) }
        return "****"
    }

    /// True when the value is made only of `${…}` placeholders, which reveal nothing.
    static func isPlaceholderOnly(_ value: String) -> Bool {
        guard value.contains("${") else { return false }
        let stripped = value.replacingOccurrences(of: #"\$\{[^}]*\}"#, with: "", options: .regularExpression)
        return stripped.trimmingCharacters(in: .whitespaces).isEmpty || ["Bearer", "Basic", "Token"].contains(stripped.trimmingCharacters(in: .whitespaces))
    }

    /// Whether a header's value is a secret.
    public static func isSensitiveHeader(_ name: String) -> Bool {
        let lower = name.lowercased()
        if ["authorization", "proxy-authorization", "cookie"].contains(lower) { return true }
        return sensitiveWords.contains { lower.contains($0) }
    }

    /// Whether an environment variable's value is a secret.
    public static func isSensitiveEnv(_ name: String) -> Bool {
        let lower = name.lowercased()
        return sensitiveWords.contains { lower.contains($0) } || lower.contains("pass")
    }

    /// A header value for display.
    public static func header(_ name: String, _ value: String) -> String {
        isSensitiveHeader(name) ? mask(value) : value
    }

    /// An env value for display.
    public static func env(_ name: String, _ value: String) -> String {
        isSensitiveEnv(name) ? mask(value) : value
    }

    /// A URL with its userinfo password, sensitive query values and credential-like path segments masked.
    public static func url(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.host != nil else { return text }
        if components.password != nil { components.password = "****" }
        if let items = components.queryItems, !items.isEmpty {
            components.queryItems = items.map { item in
                let lower = item.name.lowercased()
                if sensitiveQueryNames.contains(lower) || lower.hasSuffix("_token") || lower.hasSuffix("key") {
                    return URLQueryItem(name: item.name, value: item.value.map { _ in "****" })
                }
                return item
            }
        }
        let segments = components.percentEncodedPath.split(separator: "/", omittingEmptySubsequences: false)
        components.percentEncodedPath = segments.map { looksLikeCredential($0) ? "****" : String($0) }.joined(separator: "/")
        return (components.string ?? text).replacingOccurrences(of: "%2A%2A%2A%2A", with: "****")
    }

    /// UUIDs and long random-looking strings (mixed letters and digits, 24+ characters).
    static func looksLikeCredential(_ segment: Substring) -> Bool {
        if segment.contains("${") { return false }
        let scalars = segment.unicodeScalars
        if segment.count == 36, segment.filter({ $0 == "-" }).count == 4,
           scalars.allSatisfy({ $0 == "-" || CharacterSet(charactersIn: "0123456789abcdefABCDEF").contains($0) }) {
            return true
        }
        guard segment.count >= 24 else { return false }
        let letters = scalars.filter { CharacterSet.letters.contains($0) }.count
        let digits = scalars.filter { ("0"..."9").contains($0) }.count
        return letters > 0 && digits >= 3 && scalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "-_.~".unicodeScalars.contains($0) }
    }
}

/// Every secret value this process has expanded or received (tokens, keys, passwords), so any text
/// leaving the process can be scrubbed even when it quotes a secret in an unexpected place.
public final class SecretRedactor: Sendable {
    /// The process-wide redactor used by the CLI's output paths.
    public static let shared = SecretRedactor()

    private let secrets = Mutex<Set<String>>([])

    public init() {}

    /// Remembers `value` as a secret (values shorter than 4 characters are too common to scrub).
    public func register(_ value: String) {
        guard value.count >= 4 else { return }
        secrets.withLock { _ = $0.insert(value) }
    }

    /// `text` with every registered secret replaced by its mask.
    public func scrub(_ text: String) -> String {
        let known = secrets.withLock { $0 }
        guard !known.isEmpty else { return text }
        var result = text
        // Longest first, so a secret containing another is replaced whole.
        for secret in known.sorted(by: { $0.count > $1.count }) where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: Masking.mask(secret))
        }
        return result
    }
}
