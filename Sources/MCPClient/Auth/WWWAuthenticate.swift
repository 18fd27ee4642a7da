/// The parameters of a `WWW-Authenticate: Bearer …` challenge that matter to MCP (RFC 6750, RFC 9728).
public struct BearerChallenge: Sendable, Hashable {
    public var resourceMetadata: String?
    public var scope: String?
    public var error: String?

    /// Parses the first Bearer challenge of a header value; quoted and bare values both work.
    public init?(header: String?) {
        guard let header else { return nil }
        guard let range = header.range(of: "bearer", options: .caseInsensitive) else { return nil }
        var rest = Substring(header[range.upperBound...])
        var parameters: [String: String] = [:]
        while true {
            rest = rest.drop { $0 == " " || $0 == "," }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            if key.contains(" ") { break } // the next auth scheme starts
            rest = rest[rest.index(after: equals)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if escaped { value.append(character); escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { break } else { value.append(character) }
                }
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            parameters[key] = value
        }
        resourceMetadata = parameters["resource_metadata"]
        scope = parameters["scope"]
        error = parameters["error"]
    }
}

import Foundation
