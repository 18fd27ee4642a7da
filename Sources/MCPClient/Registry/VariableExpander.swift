/// Expands `${VAR}` and `${VAR:-default}` in entry strings when the entry is used (`mcp-client.md` §2).
///
/// `$VAR` without braces and names starting with a digit stay literal; a default ends at the first
/// `}` and is not expanded again; `${VAR:-default}` takes the default when VAR is unset or empty.
public struct VariableExpander: Sendable {
    public var environment: [String: String]

    public init(environment: [String: String]) { self.environment = environment }

    /// Expands `text`, appending the names of unset variables without defaults to `missing`.
    public func expand(_ text: String, missing: inout [String]) -> String {
        guard text.contains("${") else { return text }
        var output = ""
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "$", text.index(after: index) < text.endIndex, text[text.index(after: index)] == "{",
               let close = text[index...].firstIndex(of: "}") {
                let bodyStart = text.index(index, offsetBy: 2)
                let body = text[bodyStart..<close]
                let name: Substring
                let fallback: Substring?
                if let separator = body.range(of: ":-") {
                    name = body[body.startIndex..<separator.lowerBound]
                    fallback = body[separator.upperBound...]
                } else {
                    name = body
                    fallback = nil
                }
                if Self.isValidName(name) {
                    let value = environment[String(name)]
                    if let fallback {
                        output += (value?.isEmpty ?? true) ? String(fallback) : (value ?? "")
                    } else if let value {
                        output += value
                    } else {
                        if !missing.contains(String(name)) { missing.append(String(name)) }
                    }
                    index = text.index(after: close)
                    continue
                }
            }
            output.append(text[index])
            index = text.index(after: index)
        }
        return output
    }

    static func isValidName(_ name: Substring) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

    /// The entry with every string expanded.
    /// - Throws: ``ConfigError`` naming every missing variable at once, or an empty credential.
    public func resolve(_ entry: ServerEntry, name: String) throws(ConfigError) -> ServerEntry {
        var missing: [String] = []
        var resolved = entry
        resolved.command = entry.command.map { expand($0, missing: &missing) }
        resolved.args = entry.args.map { expand($0, missing: &missing) }
        resolved.env = entry.env.mapValues { expand($0, missing: &missing) }
        resolved.cwd = entry.cwd.map { expand($0, missing: &missing) }
        resolved.url = entry.url.map { expand($0, missing: &missing) }
        var headers: [String: String] = [:]
        for (key, value) in entry.headers.sorted(by: { $0.key < $1.key }) { headers[key] = expand(value, missing: &missing) }
        resolved.headers = headers
        switch entry.auth {
        case .bearer(let token)?: resolved.auth = .bearer(token: expand(token, missing: &missing))
        case .apiKey(let key, let header)?: resolved.auth = .apiKey(key: expand(key, missing: &missing), header: header)
        case .basic(let username, let password)?:
            resolved.auth = .basic(username: expand(username, missing: &missing), password: expand(password, missing: &missing))
        case .oauth(var settings)?:
            settings.clientID = settings.clientID.map { expand($0, missing: &missing) }
            settings.clientSecret = settings.clientSecret.map { expand($0, missing: &missing) }
            settings.scope = settings.scope.map { expand($0, missing: &missing) }
            settings.clientMetadataURL = settings.clientMetadataURL.map { expand($0, missing: &missing) }
            resolved.auth = .oauth(settings)
        case nil: break
        }
        if !missing.isEmpty {
            throw .server(name, "missing environment variable(s): \(missing.joined(separator: ", ")). Export them or write ${NAME:-default}.")
        }
        // An empty credential is never what the user meant: fail instead of sending a blank header.
        switch resolved.auth {
        case .bearer(let token)? where token.isEmpty: throw .server(name, "bearer token is empty after expanding variables")
        case .apiKey(let key, _)? where key.isEmpty: throw .server(name, "API key is empty after expanding variables")
        case .basic(let username, let password)? where username.isEmpty || password.isEmpty:
            throw .server(name, "basic auth username or password is empty after expanding variables")
        default: break
        }
        for (header, value) in resolved.headers where header.lowercased() == "authorization" && value.trimmingCharacters(in: .whitespaces).isEmpty {
            throw .server(name, "header 'Authorization' is empty after expanding variables")
        }
        var credentials: [String] = []
        switch resolved.auth {
        case .bearer(let token)?: credentials = [token]
        case .apiKey(let key, _)?: credentials = [key]
        case .basic(let username, let password)?: credentials = [username, password]
        case .oauth(let settings)?: credentials = [settings.clientID, settings.clientSecret].compactMap { $0 }
        case nil: break
        }
        for value in Array(resolved.headers.values) + credentials where EntryParser.containsControl(value) {
            throw .server(name, "auth value contains control characters")
        }
        if resolved.transport != .stdio, let url = resolved.url {
            let lower = url.lowercased()
            if !(lower.hasPrefix("http://") || lower.hasPrefix("https://")) {
                throw .server(name, "'url' must start with http:// or https://")
            }
        }
        return resolved
    }
}

import Foundation
