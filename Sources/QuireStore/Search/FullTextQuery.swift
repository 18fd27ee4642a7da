/// Builds FTS5 MATCH expressions from free text.
///
/// User text never reaches FTS5's query syntax: it is cut into words (runs of letters, digits and
/// combining marks, as FTS5's `unicode61` tokenizer sees them) and each word becomes a quoted string,
/// so `"`, `*`, `:`, `-`, `^`, `NEAR(`, `AND`/`OR`/`NOT` and parentheses are plain text. The words are
/// OR-combined, so a document matching some of them still ranks, and BM25 puts documents matching
/// more (and rarer) words first.
enum FullTextQuery {
    /// At most this many distinct words are searched; the rest are ignored to bound the work.
    static let maximumTerms = 32

    /// The MATCH expression for `text`, or `nil` when it holds no searchable word.
    static func build(_ text: String) -> String? {
        let terms = words(in: text)
        guard !terms.isEmpty else { return nil }
        return terms.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " OR ")
    }

    /// The distinct words of `text` in order of first appearance, compared case-insensitively.
    static func words(in text: String) -> [String] {
        var terms: [String] = []
        var seen = Set<String>()
        var current = String.UnicodeScalarView()
        func flush() {
            guard !current.isEmpty else { return }
            let word = String(current)
            current.removeAll()
            if terms.count < maximumTerms, seen.insert(word.lowercased()).inserted {
                terms.append(word)
            }
        }
        for scalar in text.unicodeScalars {
            if isWordScalar(scalar) {
                current.append(scalar)
            } else {
                flush()
            }
        }
        flush()
        return terms
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .privateUse:
            return true
        default:
            return false
        }
    }
}
