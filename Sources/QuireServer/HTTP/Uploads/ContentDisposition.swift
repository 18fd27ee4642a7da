import Foundation

/// The parameters of a multipart part's `Content-Disposition: form-data; name="…"; filename="…"`
/// header (RFC 7578), with quoted strings unescaped and `filename*` (RFC 5987) preferred.
struct ContentDisposition: Equatable {
    var name: String?
    var fileName: String?

    init(name: String? = nil, fileName: String? = nil) {
        self.name = name
        self.fileName = fileName
    }

    init(parsing header: String) {
        let parameters = Self.parameters(in: header)
        name = parameters["name"]
        fileName = parameters["filename*"].flatMap(Self.extendedValue) ?? parameters["filename"]
    }

    /// The `key=value` parameters after a header's first `;` (as in `Content-Disposition` and
    /// `Content-Type`), keys lowercased, quoted values unescaped.
    static func parameters(in header: String) -> [String: String] {
        var parameters: [String: String] = [:]
        var rest = Substring(header)
        // The disposition type itself ("form-data") comes first.
        if let semicolon = rest.firstIndex(of: ";") { rest = rest[rest.index(after: semicolon)...] } else { rest = "" }
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == "\t" || $0 == ";" }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...].drop { $0 == " " }
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if escaped {
                        value.append(character)
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        break
                    } else {
                        value.append(character)
                    }
                }
                rest = rest.drop { $0 != ";" }
            } else {
                let end = rest.firstIndex(of: ";") ?? rest.endIndex
                value = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            if !key.isEmpty { parameters[key] = value }
        }
        return parameters
    }

    /// `UTF-8''percent-encoded` → the text.
    private static func extendedValue(_ value: String) -> String? {
        let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3, pieces[0].lowercased() == "utf-8" else { return nil }
        return String(pieces[2]).removingPercentEncoding
    }
}
