import ArgumentParser
import Foundation
import MCP
import MCPClient

struct MCPAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Register a server: `add NAME URL` (HTTP) or `add NAME -- COMMAND [ARGS...]` (stdio)."
    )

    @Option(help: "stdio, http or sse (default http when a URL is given).") var transport: String?
    @Option(name: [.short, .long], help: "user (~/.quire/mcp.json) or project (./.mcp.json).") var scope = "user"
    @Option(name: [.short, .customLong("env")], help: ArgumentHelp("Environment for a stdio server (repeatable).", valueName: "KEY=VALUE")) var env: [String] = []
    @Option(name: [.customShort("H"), .customLong("header")], help: ArgumentHelp("HTTP header (repeatable).", valueName: "Name: value")) var headers: [String] = []
    @Option(help: "bearer, api_key, basic or oauth.") var auth: String?
    @Option(help: "Bearer token (use ${VAR} to keep it out of the file).") var token: String?
    @Option(name: .customLong("api-key"), help: "API key.") var apiKey: String?
    @Option(name: .customLong("api-key-header"), help: "Header for the API key (default X-API-Key).") var apiKeyHeader: String?
    @Option var username: String?
    @Option var password: String?
    @Option(name: .customLong("client-id"), help: "Pre-registered OAuth client id.") var clientID: String?
    @Option(name: .customLong("client-secret")) var clientSecret: String?
    @Option(name: .customLong("callback-port"), help: "Fixed OAuth redirect port (pre-registered clients).") var callbackPort: Int?
    @Option(name: .customLong("oauth-scope"), help: "OAuth scopes to request.") var oauthScope: String?
    @Option(name: .customLong("client-metadata-url"), help: "OAuth client ID metadata document URL.") var clientMetadataURL: String?
    @Option(help: "Per-request inactivity timeout, seconds (default 60).") var timeout: Double?
    @Option(name: .customLong("max-timeout"), help: "Hard cap per call, seconds (default 600).") var maxTimeout: Double?
    @Option(name: .customLong("sse-timeout"), help: "Idle timeout on SSE streams, seconds (default 300).") var sseTimeout: Double?
    @Option(name: .customLong("protocol"), help: "auto, legacy-first or a revision such as 2025-11-25.") var protocolPreference: String?
    @Option(help: "Working directory of a stdio server.") var cwd: String?
    @Flag(name: .shortAndLong, help: "Replace an existing server of that name.") var force = false
    @Argument(help: "Server name: letters, digits, '-' and '_'.") var name: String
    @Argument(help: "The server URL (HTTP).") var url: String?
    @Argument(parsing: .postTerminator, help: "After --: the command and its arguments (stdio).") var command: [String] = []

    func run() async throws {
        try await ClientCLI.run {
            let service = ClientCLI.service()
            guard let scope = RegistryScope(rawValue: scope) else { throw ClientError(.usage, "--scope must be user or project") }
            var members: [String: JSONValue] = [:]
            var warnings: [String] = []
            if !command.isEmpty {
                guard url == nil else { throw ClientError(.usage, "Give either a URL or -- COMMAND, not both") }
                members["type"] = .string(transport ?? "stdio")
                members["command"] = .string(command[0])
                if command.count > 1 { members["args"] = .array(command.dropFirst().map(JSONValue.string)) }
                var environment: [String: JSONValue] = [:]
                for pair in env {
                    guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else { throw ClientError(.usage, "Invalid env '\(pair)': expected KEY=VALUE") }
                    environment[String(pair[..<equals])] = .string(String(pair[pair.index(after: equals)...]))
                }
                if !environment.isEmpty { members["env"] = .object(environment) }
                if let cwd { members["cwd"] = .string(cwd) }
            } else {
                guard let url else { throw ClientError(.usage, "Missing the server URL, or -- COMMAND [ARGS...] for a stdio server") }
                members["type"] = .string(transport ?? "http")
                members["url"] = .string(url)
                var headerMap: [String: JSONValue] = [:]
                for header in headers {
                    guard let colon = header.firstIndex(of: ":"), colon != header.startIndex else { throw ClientError(.usage, "Invalid header '\(header)': expected \"Name: value\"") }
                    let headerName = header[..<colon].trimmingCharacters(in: .whitespaces)
                    headerMap[headerName] = .string(header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces))
                }
                if !headerMap.isEmpty { members["headers"] = .object(headerMap) }
                if let auth {
                    var authObject: [String: JSONValue] = ["type": .string(auth == "api-key" ? "api_key" : auth)]
                    if let token { authObject["token"] = .string(token) }
                    if let apiKey { authObject["key"] = .string(apiKey) }
                    if let apiKeyHeader { authObject["header"] = .string(apiKeyHeader) }
                    if let username { authObject["username"] = .string(username) }
                    if let password { authObject["password"] = .string(password) }
                    if let clientID { authObject["client_id"] = .string(clientID) }
                    if let clientSecret { authObject["client_secret"] = .string(clientSecret) }
                    if let callbackPort { authObject["callback_port"] = .int(callbackPort) }
                    if let oauthScope { authObject["scope"] = .string(oauthScope) }
                    if let clientMetadataURL { authObject["client_metadata_url"] = .string(clientMetadataURL) }
                    members["auth"] = .object(authObject)
                    if headerMap.keys.contains(where: { $0.lowercased() == "authorization" }) && auth != "api_key" && auth != "api-key" {
                        warnings.append("both a header and --auth set Authorization; --auth wins")
                    }
                }
                if let timeout { members["timeout"] = .double(timeout) }
                if let maxTimeout { members["max_timeout"] = .double(maxTimeout) }
                if let sseTimeout { members["sse_timeout"] = .double(sseTimeout) }
                if let protocolPreference { members["protocol"] = .string(protocolPreference) }
            }
            let parsed = try EntryParser.parse(name: name, .object(members))
            ClientCLI.printWarnings(warnings + parsed.warnings)
            let replaced = try service.registry.set(name, parsed.entry, scope: scope, force: force)
            ClientCLI.out("\(replaced ? "Replaced" : "Added") \(parsed.entry.transport.rawValue) server '\(name)' in \(service.registry.path(scope)). Run 'quire mcp sync \(name)' to discover its tools.\n")
            return 0
        }
    }
}

struct MCPAddJSON: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add-json", abstract: "Register a server from one JSON entry.")

    @Option(name: [.short, .long]) var scope = "user"
    @Flag(name: .shortAndLong, help: "Replace an existing server of that name.") var force = false
    @Argument var name: String
    @Argument(help: "The entry, e.g. '{\"url\": \"https://…/mcp\"}'.") var json: String

    func run() async throws {
        try await ClientCLI.run {
            let service = ClientCLI.service()
            guard let scope = RegistryScope(rawValue: scope) else { throw ClientError(.usage, "--scope must be user or project") }
            let value = try ConfigDocument.parseJSON(Array(json.utf8), path: "the argument")
            // A whole config with exactly this server (Claude Desktop, VS Code) is accepted too.
            var raw = value
            if let entries = try? ConfigDocument.rawEntries(value), value["command"] == nil, value["url"] == nil {
                guard let entry = entries[name] ?? (entries.count == 1 ? entries.first?.value : nil) else {
                    throw ClientError(.usage, "The JSON holds several servers and none named '\(name)'; use 'quire mcp import'")
                }
                raw = entry
            }
            let parsed = try EntryParser.parse(name: name, raw)
            ClientCLI.printWarnings(parsed.warnings)
            let replaced = try service.registry.set(name, parsed.entry, scope: scope, force: force)
            ClientCLI.out("\(replaced ? "Replaced" : "Added") \(parsed.entry.transport.rawValue) server '\(name)'. Run 'quire mcp sync \(name)' to discover its tools.\n")
            return 0
        }
    }
}

struct MCPImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import servers from config files or raw JSON (mcpServers, VS Code servers, Claude Desktop)."
    )

    @Option(name: [.short, .long]) var scope = "user"
    @Argument(help: "Files, or raw JSON starting with '{'.") var sources: [String]

    func run() async throws {
        try await ClientCLI.run {
            let service = ClientCLI.service()
            guard let scope = RegistryScope(rawValue: scope) else { throw ClientError(.usage, "--scope must be user or project") }
            var incoming: [String: ServerEntry] = [:]
            for source in sources {
                let document: JSONValue
                if source.trimmingCharacters(in: .whitespaces).hasPrefix("{") {
                    document = try ConfigDocument.parseJSON(Array(source.utf8), path: "the argument")
                } else {
                    guard let bytes = FileManager.default.contents(atPath: source) else { throw ConfigError("Config file not found: \(source)") }
                    document = try ConfigDocument.parseJSON([UInt8](bytes), path: source)
                }
                let parsed = try ConfigDocument.entries(document)
                ClientCLI.printWarnings(parsed.warnings)
                incoming.merge(parsed.entries) { _, new in new }
            }
            var entries = try service.registry.load(scope).entries
            for (name, entry) in incoming.sorted(by: { $0.key < $1.key }) {
                ClientCLI.out("\(entries[name] == nil ? "added" : "updated") \(name)\n")
                entries[name] = entry
            }
            try service.registry.save(entries, scope: scope)
            ClientCLI.out("Run 'quire mcp sync --all' to discover their tools.\n")
            return 0
        }
    }
}

struct MCPList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List registered servers (no network; secrets masked).")

    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await ClientCLI.run {
            let service = ClientCLI.service()
            let all = try service.registry.loadAll()
            ClientCLI.printWarnings(all.warnings)
            let names = all.entries.keys.sorted()
            if json {
                let array: [JSONValue] = names.compactMap { name in
                    guard let item = all.entries[name], case .object(var members) = MaskedView.json(item.entry) else { return nil }
                    members["name"] = .string(name)
                    members["scope"] = .string(item.scope.rawValue)
                    return .object(members)
                }
                ClientCLI.out(JSONValue.array(array).prettyJSONString + "\n")
            } else if names.isEmpty {
                ClientCLI.out("No MCP servers registered. Add one with 'quire mcp add NAME URL' or 'quire mcp add NAME -- COMMAND'.\n")
            } else {
                for name in names {
                    guard let item = all.entries[name] else { continue }
                    ClientCLI.out(MaskedView.summary(name: name, entry: item.entry) + (item.scope == .project ? "  (project)" : "") + "\n")
                }
            }
            return 0
        }
    }
}

struct MCPGet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one server (secrets masked) and its sync status.")

    @Flag(help: "Print JSON.") var json = false
    @Argument var name: String

    func run() async throws {
        try await ClientCLI.run {
            let service = ClientCLI.service()
            let found = try service.registry.entry(named: name)
            let cached = ToolCache(home: service.home).load(name)
            var status: [String: JSONValue] = ["synced": .bool(cached?.syncedAt != nil)]
            if let cached {
                status["tools"] = .int(cached.tools.count)
                if let value = cached.syncedAt { status["syncedAt"] = .string(value) }
                if let value = cached.era { status["era"] = .string(value) }
                if let value = cached.protocolVersion { status["protocolVersion"] = .string(value) }
                if let value = cached.staleError { status["staleError"] = .string(value) }
                status["outdated"] = .bool(cached.entryHash != ToolCache.hash(found.entry))
            }
            if json {
                ClientCLI.out(JSONValue.object(["name": .string(name), "scope": .string(found.scope.rawValue), "entry": MaskedView.json(found.entry), "sync": .object(status)]).prettyJSONString + "\n")
            } else {
                ClientCLI.out("\(name) (\(found.scope.rawValue) scope)\n\(MaskedView.json(found.entry).prettyJSONString)\n")
                if let cached {
                    var line = "sync: \(cached.tools.count) tools"
                    if let era = cached.era, let version = cached.protocolVersion { line += ", \(era) \(version)" }
                    if let syncedAt = cached.syncedAt { line += ", at \(syncedAt)" }
                    if cached.entryHash != ToolCache.hash(found.entry) { line += " (entry changed since; run sync)" }
                    ClientCLI.out(line + "\n")
                    if let stale = cached.staleError { ClientCLI.out("last sync failed: \(stale)\n") }
                } else {
                    ClientCLI.out("sync: never; run 'quire mcp sync \(name)'\n")
                }
            }
            return 0
        }
    }
}

struct MCPRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a server, its cached tools and its tokens.")

    @Flag(name: .shortAndLong, help: "Do not ask.") var force = false
    @Argument var name: String

    func run() async throws {
        try await ClientCLI.run {
            let service = ClientCLI.service()
            _ = try service.registry.entry(named: name)
            if !force {
                guard ClientCLI.stdinIsTerminal else { throw ClientError(.usage, "Pass -f to remove '\(name)' without asking") }
                ClientCLI.err("Remove server '\(name)', its cached tools and tokens? [y/N] ")
                guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else { return 0 }
            }
            guard let scope = try service.registry.remove(name) else { throw ConfigError("No server named '\(name)'") }
            ToolCache(home: service.home).remove(name)
            try TokenStore(home: service.home).remove(server: name)
            ClientCLI.out("Removed '\(name)' from the \(scope.rawValue) registry.\n")
            return 0
        }
    }
}
