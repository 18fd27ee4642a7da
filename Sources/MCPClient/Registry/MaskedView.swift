import MCP

/// Entries as shown by `list`, `get` and `--json`: placeholders as stored, literal secrets masked (§10).
public enum MaskedView {
    /// The entry's JSON with every secret masked.
    public static func json(_ entry: ServerEntry) -> JSONValue {
        var masked = entry
        masked.env = Dictionary(uniqueKeysWithValues: entry.env.map { ($0.key, Masking.env($0.key, $0.value)) })
        masked.headers = Dictionary(uniqueKeysWithValues: entry.headers.map { ($0.key, Masking.header($0.key, $0.value)) })
        masked.url = entry.url.map(Masking.url)
        masked.args = entry.args.map(maskArgument)
        switch entry.auth {
        case .bearer(let token)?: masked.auth = .bearer(token: Masking.mask(token))
        case .apiKey(let key, let header)?: masked.auth = .apiKey(key: Masking.mask(key), header: header)
        case .basic(let username, let password)?: masked.auth = .basic(username: username, password: Masking.mask(password))
        case .oauth(var settings)?:
            settings.clientSecret = settings.clientSecret.map(Masking.mask)
            masked.auth = .oauth(settings)
        case nil: break
        }
        return masked.json
    }

    /// Arguments that carry a secret inline (`--token=…`, `--api-key …` values, URLs with keys).
    static func maskArgument(_ argument: String) -> String {
        if argument.hasPrefix("http://") || argument.hasPrefix("https://") { return Masking.url(argument) }
        if let equals = argument.firstIndex(of: "="), Masking.isSensitiveEnv(String(argument[..<equals])) {
            return String(argument[...equals]) + Masking.mask(String(argument[argument.index(after: equals)...]))
        }
        return argument
    }

    /// One line for `list`: transport, target, auth type, header names.
    public static func summary(name: String, entry: ServerEntry) -> String {
        var parts = [name, entry.transport.rawValue]
        switch entry.transport {
        case .stdio:
            parts.append(([entry.command ?? ""] + entry.args.map(maskArgument)).joined(separator: " "))
            if !entry.env.isEmpty { parts.append("env: " + entry.env.keys.sorted().joined(separator: ",")) }
        case .http, .sse:
            parts.append(Masking.url(entry.url ?? ""))
            if let auth = entry.auth { parts.append("auth: \(auth.typeName)") }
            if !entry.headers.isEmpty { parts.append("headers: " + entry.headers.keys.sorted().joined(separator: ",")) }
        }
        return parts.joined(separator: "  ")
    }
}
