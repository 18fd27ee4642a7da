import Foundation

/// The text PostgreSQL's full-text index sees, cut and folded in Swift the way SQLite's FTS5
/// `unicode61 remove_diacritics 2` tokenizer does, so both backends find the same documents.
///
/// PostgreSQL's own parser reads `example.com/report` or `3.14` as single tokens and keeps
/// accents; here text is cut into runs of letters, digits and marks (``FullTextQuery``'s rule),
/// each lower-cased with diacritics removed, and joined by spaces for `to_tsvector('simple', …)`,
/// which then only splits on the spaces. Queries fold their words the same way.
enum PostgresSearchText {
    /// Words indexed per field at most: a `tsvector` is limited to 1 MB, and a longer text would
    /// fail its insert. Words past the limit are not searchable on PostgreSQL.
    static let maximumWords = 100_000

    /// `text`'s words, folded, separated by single spaces.
    static func indexed(_ text: String?) -> String {
        guard let text, !text.isEmpty else { return "" }
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var current = String.UnicodeScalarView()
        var count = 0
        func flush() {
            guard !current.isEmpty else { return }
            if count < maximumWords {
                if count > 0 { output.append(" ") }
                output.append(fold(String(current)))
                count += 1
            }
            current.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            if FullTextQuery.isWordScalar(scalar) {
                current.append(scalar)
            } else {
                flush()
            }
        }
        flush()
        return output
    }

    /// One word lower-cased without diacritics ("Café" → "cafe").
    static func fold(_ word: String) -> String {
        word.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
    }
}
