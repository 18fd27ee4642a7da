/// Defence in depth for the audit log: replaces anything that looks like a credential with
/// `[redacted]` before it is written, even though events are never meant to hold one.
///
/// Caught: JSON Web Tokens (three or more dot-separated base64url segments, the first starting
/// `eyJ` or every one at least 16 characters long), Quire API keys (`qk_` and what follows) and
/// whatever follows `Bearer `.
public enum AuditRedactor {
    /// The replacement text.
    public static let marker = "[redacted]"

    /// `text` with every credential-shaped run replaced by ``marker``.
    public static func redact(_ text: String) -> String {
        // Fast path: nothing that could be a credential, nothing to copy.
        guard text.utf8.count >= 3 else { return text }
        var output = ""
        var run = ""
        var redactNext = false
        func flush() {
            guard !run.isEmpty else { return }
            if redactNext || isCredential(run) {
                output += marker
            } else {
                output += run
            }
            run = ""
        }
        for character in text {
            if isTokenCharacter(character) {
                run.append(character)
            } else {
                // "Bearer <token>": the word after the scheme is redacted whatever its shape.
                let wasBearer = run.lowercased() == "bearer"
                flush()
                redactNext = wasBearer && character == " "
                output.append(character)
            }
        }
        flush()
        return output
    }

    private static func isTokenCharacter(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        switch ascii {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }

    private static func isCredential(_ run: String) -> Bool {
        if let range = run.range(of: "qk_"), run[range.upperBound...].count >= 4 { return true }
        let segments = run.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count >= 3 else { return false }
        // An unsigned JWT has an empty signature, so only the first two must be present.
        if segments[0].hasPrefix("eyJ"), segments[0].count >= 10, !segments[1].isEmpty { return true }
        return segments.allSatisfy { $0.count >= 16 }
    }
}
