import ArgumentParser
import Foundation
import MCP
import MCPClient

struct MCPCall: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Call a tool: `call SERVER TOOL [--arg k=v]...`; or `call TARGET --method M` (Inspector style).",
        discussion: """
            TARGET is a registered server name or an http(s) URL. --arg values follow the tool's input schema \
            (numbers, booleans, JSON arrays/objects); without a schema, valid JSON is parsed and anything else is a string.
            """
    )

    @Argument(help: "Server name or URL.") var target: String
    @Argument(help: "The tool to call.") var tool: String?
    @Option(name: [.customLong("arg"), .customLong("tool-arg")], help: ArgumentHelp("A tool argument (repeatable).", valueName: "key=value")) var arguments: [String] = []
    @Option(name: .customLong("args-json"), help: "All arguments as one JSON object (--arg values override).") var argsJSON: String?
    @Option(help: "tools/list, tools/call, resources/list, resources/read, resources/templates/list, prompts/list, prompts/get.") var method: String?
    @Option(name: .customLong("tool-name")) var toolName: String?
    @Option(help: "Resource URI for resources/read.") var uri: String?
    @Option(name: .customLong("prompt-name")) var promptName: String?
    @Option(name: .customLong("prompt-args"), help: ArgumentHelp("Prompt argument (repeatable).", valueName: "key=value")) var promptArgs: [String] = []
    @Option(name: [.customShort("H"), .customLong("header")], help: "Extra header for a URL target (repeatable).") var headers: [String] = []
    @Option(help: "For a URL target: http or sse.") var transport: String?
    @Option(help: "Inactivity timeout, seconds (reset by progress).") var timeout: Double?
    @Option(name: .customLong("max-timeout"), help: "Hard cap for the call, seconds.") var maxTimeout: Double?
    @Option(name: .customLong("output-dir"), help: "Where images, audio and blobs are saved (default: a temp dir).") var outputDir: String?
    @Flag(help: "Print the whole result as JSON.") var json = false
    @Flag(help: "Re-send the call if its stream is lost, even for tools not marked idempotent.") var reissue = false
    @Flag(help: "Show the server's stderr and log messages.") var verbose = false

    func run() async throws {
        ClientCLI.installSignalHandlers()
        try await ClientCLI.run {
            var service = ClientCLI.service()
            var serverName = target
            var scratchDirectory: String?
            if target.hasPrefix("http://") || target.hasPrefix("https://") {
                // An ad-hoc URL: validated like any entry, kept in a throwaway registry.
                var members: [String: JSONValue] = ["url": .string(target), "type": .string(transport ?? "http")]
                var headerMap: [String: JSONValue] = [:]
                for header in headers {
                    guard let colon = header.firstIndex(of: ":") else { throw ClientError(.usage, "Invalid header '\(header)': expected \"Name: value\"") }
                    headerMap[header[..<colon].trimmingCharacters(in: .whitespaces)] = .string(header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces))
                }
                if !headerMap.isEmpty { members["headers"] = .object(headerMap) }
                serverName = "url"
                let parsed = try EntryParser.parse(name: serverName, .object(members))
                ClientCLI.printWarnings(parsed.warnings)
                let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("quire-adhoc-\(getpid())").path
                scratchDirectory = scratch
                service.registry = Registry(home: QuireHome(path: scratch), projectDirectory: scratch)
                try service.registry.save([serverName: parsed.entry], scope: .user)
            }
            defer { if let scratchDirectory { try? FileManager.default.removeItem(atPath: scratchDirectory) } }
            let methodName = method ?? Method.toolsCall
            let toolToCall = tool ?? toolName
            if methodName == Method.toolsCall && toolToCall == nil { throw ClientError(.usage, "Name the tool: quire mcp call SERVER TOOL") }
            let options = ClientCLI.connectOptions(verbose: verbose, timeout: timeout, maxTimeout: maxTimeout, home: service.home)
            let outputDirectory = outputDir ?? FileManager.default.temporaryDirectory.appendingPathComponent("quire-output-\(getpid())").path
            let wantsJSON = json
            let pairs = arguments
            let argsJSON = argsJSON
            let reissueAll = reissue
            let uri = uri
            let promptName = promptName
            let promptArgs = promptArgs
            let captured = service
            let name = serverName
            let (text, code): (String, Int32) = try await service.withSession(serverName, options: options) { session in
                if methodName != Method.toolsCall {
                    var params: [String: JSONValue] = [:]
                    switch methodName {
                    case Method.resourcesRead:
                        guard let uri else { throw ClientError(.usage, "--uri is required for resources/read") }
                        params["uri"] = .string(uri)
                    case Method.promptsGet:
                        guard let promptName else { throw ClientError(.usage, "--prompt-name is required for prompts/get") }
                        params["name"] = .string(promptName)
                        var promptArguments: [String: JSONValue] = [:]
                        for pair in promptArgs {
                            guard let equals = pair.firstIndex(of: "=") else { throw ClientError(.usage, "Invalid prompt argument '\(pair)': expected key=value") }
                            promptArguments[String(pair[..<equals])] = .string(String(pair[pair.index(after: equals)...]))
                        }
                        params["arguments"] = .object(promptArguments)
                    case Method.toolsList, Method.resourcesList, Method.resourcesTemplatesList, Method.promptsList:
                        break
                    default:
                        throw ClientError(.usage, "Unsupported --method '\(methodName)'")
                    }
                    let result = try await session.request(methodName, params: params.isEmpty ? nil : .object(params))
                    return (result.prettyJSONString + "\n", 0)
                }
                let toolName = toolToCall ?? ""
                guard let definition = try await captured.toolDefinition(server: name, tool: toolName, session: session) else {
                    let known = ToolCache(home: captured.home).load(name)?.tools.compactMap { $0["name"]?.stringValue } ?? []
                    let close = known.filter { $0.lowercased().contains(toolName.lowercased()) || toolName.lowercased().contains($0.lowercased()) }
                    throw ClientError(.usage, "No tool '\(toolName)' on '\(name)'" + (close.isEmpty ? "; see 'quire mcp tools \(name)'" : "; did you mean \(close.map { "'\($0)'" }.joined(separator: ", "))?"))
                }
                let callArguments = try ToolArguments.build(pairs: pairs, json: argsJSON, inputSchema: definition["inputSchema"])
                if let http = session.transport as? HTTPTransport { http.setParamHeaders(tool: toolName, inputSchema: definition["inputSchema"]) }
                let annotations = definition["annotations"]
                let safeToReissue = reissueAll || annotations?["readOnlyHint"]?.boolValue == true || annotations?["idempotentHint"]?.boolValue == true
                let bar = ProgressBar(label: toolName)
                let result = try await session.callTool(toolName, arguments: callArguments, reissue: safeToReissue) { bar.update($0) }
                bar.finish()
                let rendered = ResultRenderer.render(result, json: wantsJSON, outputDirectory: outputDirectory)
                if !rendered.stderr.isEmpty { ClientCLI.err(rendered.stderr) }
                return (rendered.stdout, rendered.exitCode)
            }
            ClientCLI.out(text)
            return code
        }
    }
}

struct MCPLogin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "login", abstract: "Run the OAuth login of a server (browser, PKCE, loopback redirect).")

    @Argument var name: String

    func run() async throws {
        try await ClientCLI.run {
            let service = ClientCLI.service()
            let (_, resolved) = try service.resolve(name)
            guard case .oauth(let settings)? = resolved.auth, let url = resolved.url else {
                throw ClientError(.usage, "'\(name)' does not use OAuth; add it with --auth oauth")
            }
            let http = ClientService.makeHTTPClient()
            do {
                let authenticator = OAuthAuthenticator(serverName: name, serverURL: url, settings: settings, store: TokenStore(home: service.home), http: http,
                                                       interactive: true) { ClientCLI.err("quire: \($0)\n") }
                try await authenticator.login()
                try? await http.shutdown()
            } catch {
                try? await http.shutdown()
                throw error
            }
            ClientCLI.out("Logged in to '\(name)'.\n")
            return 0
        }
    }
}

struct MCPLogout: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logout", abstract: "Delete the stored OAuth tokens of a server.")

    @Argument var name: String

    func run() async throws {
        try await ClientCLI.run {
            let service = ClientCLI.service()
            let removed = try TokenStore(home: service.home).remove(server: name)
            ClientCLI.out(removed > 0 ? "Logged out of '\(name)'.\n" : "No stored tokens for '\(name)'.\n")
            return 0
        }
    }
}
