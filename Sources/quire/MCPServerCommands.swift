import ArgumentParser
import Foundation
import MCP
import MCPClient

struct MCPSync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sync", abstract: "Discover the tools of one server, or of all with --all.")

    @Flag(help: "Sync every registered server (concurrently).") var all = false
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Show stdio servers' stderr.") var verbose = false
    @Option(help: "Discovery inactivity timeout, seconds.") var timeout: Double?
    @Argument var name: String?

    func run() async throws {
        ClientCLI.installSignalHandlers()
        try await ClientCLI.run {
            let service = ClientCLI.service()
            guard all != (name != nil) else { throw ClientError(.usage, "Give exactly one of NAME or --all") }
            let names = all ? try service.registry.loadAll().entries.keys.sorted() : [name ?? ""]
            if let name { _ = try service.registry.entry(named: name) }
            let options = ClientCLI.connectOptions(verbose: verbose, timeout: timeout, maxTimeout: nil, home: service.home)
            let reports = await withTaskGroup(of: SyncReport.self) { group in
                for server in names { group.addTask { await service.sync(server, options: options) } }
                var collected: [SyncReport] = []
                for await report in group { collected.append(report) }
                return collected.sorted { $0.server < $1.server }
            }
            if json {
                let array: [JSONValue] = reports.map { report in
                    var members: [String: JSONValue] = ["server": .string(report.server), "ok": .bool(report.error == nil), "tools": .int(report.toolCount),
                                                        "added": .array(report.added.map(JSONValue.string)), "removed": .array(report.removed.map(JSONValue.string))]
                    if let error = report.error { members["error"] = .string(error.message) }
                    return .object(members)
                }
                ClientCLI.out(JSONValue.array(array).prettyJSONString + "\n")
            } else {
                for report in reports {
                    if let error = report.error {
                        ClientCLI.out("✗ \(report.server): \(error.message)\n")
                    } else {
                        ClientCLI.out("✓ \(report.server): \(report.toolCount) tools (+\(report.added.count) −\(report.removed.count))\n")
                    }
                }
            }
            let failures = reports.compactMap(\.error)
            if names.count == 1, let failure = failures.first { return failure.exitCode }
            return failures.isEmpty ? 0 : 3
        }
    }
}

struct MCPTools: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tools", abstract: "List cached tools, grouped by server.")

    @Flag(help: "Print JSON.") var json = false
    @Argument var server: String?

    func run() async throws {
        try await ClientCLI.run {
            let service = ClientCLI.service()
            let names = try server.map { [$0] } ?? service.registry.loadAll().entries.keys.sorted()
            if let server { _ = try service.registry.entry(named: server) }
            let cache = ToolCache(home: service.home)
            if json {
                var result: [String: JSONValue] = [:]
                for name in names { result[name] = .array(cache.load(name)?.tools ?? []) }
                ClientCLI.out(JSONValue.object(result).prettyJSONString + "\n")
                return 0
            }
            for name in names {
                guard let cached = cache.load(name) else {
                    ClientCLI.out("\(name): not synced; run 'quire mcp sync \(name)'\n")
                    continue
                }
                ClientCLI.out("\(name) (\(cached.tools.count) tools)\(cached.staleError != nil ? " [stale]" : "")\n")
                for tool in cached.tools {
                    let description = (tool["description"]?.stringValue ?? "").split(separator: "\n").first.map(String.init) ?? ""
                    ClientCLI.out("  \(tool["name"]?.stringValue ?? "?")\(description.isEmpty ? "" : "  \(description.prefix(100))")\n")
                }
            }
            return 0
        }
    }
}

struct MCPInfo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Describe one tool: parameters, output schema, annotations, an example call.")

    @Flag(help: "Print JSON.") var json = false
    @Argument var server: String
    @Argument var tool: String

    func run() async throws {
        try await ClientCLI.run {
            let service = ClientCLI.service()
            _ = try service.registry.entry(named: server)
            guard let cached = ToolCache(home: service.home).load(server) else {
                throw ClientError(.usage, "'\(server)' has not been synced; run 'quire mcp sync \(server)'")
            }
            guard let definition = cached.tool(named: tool) else {
                let names = cached.tools.compactMap { $0["name"]?.stringValue }
                let close = names.filter { $0.lowercased().contains(tool.lowercased()) || tool.lowercased().contains($0.lowercased()) }
                throw ClientError(.usage, "No tool '\(tool)' on '\(server)'" + (close.isEmpty ? "; see 'quire mcp tools \(server)'" : "; did you mean \(close.map { "'\($0)'" }.joined(separator: ", "))?"))
            }
            if json {
                ClientCLI.out(definition.prettyJSONString + "\n")
                return 0
            }
            var lines = ["\(server) / \(tool)"]
            if let title = definition["title"]?.stringValue { lines.append(title) }
            if let description = definition["description"]?.stringValue { lines.append(description) }
            let schema = definition["inputSchema"]
            let required = Set(schema?["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            let properties = schema?["properties"]?.objectValue ?? [:]
            lines.append("")
            lines.append(properties.isEmpty ? "Parameters: none" : "Parameters:")
            var example = ["quire mcp call \(server) \(tool)"]
            for (name, property) in properties.sorted(by: { (required.contains($0.key) ? 0 : 1, $0.key) < (required.contains($1.key) ? 0 : 1, $1.key) }) {
                var line = "  \(name): \(typeName(property))\(required.contains(name) ? " (required)" : "")"
                if let defaultValue = property["default"] { line += " default \(defaultValue.jsonString)" }
                if let values = property["enum"]?.arrayValue { line += " one of \(values.map(\.jsonString).joined(separator: ", "))" }
                if let description = property["description"]?.stringValue { line += " — \(description)" }
                lines.append(line)
                if required.contains(name) { example.append("--arg \(name)=\(exampleValue(property))") }
            }
            if let output = definition["outputSchema"] { lines.append("Output schema: \(output.jsonString)") }
            if let annotations = definition["annotations"], case .object(let members) = annotations, !members.isEmpty {
                lines.append("Annotations: " + members.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.jsonString)" }.joined(separator: ", "))
            }
            lines.append("")
            lines.append("Example: " + example.joined(separator: " "))
            ClientCLI.out(lines.joined(separator: "\n") + "\n")
            return 0
        }
    }

    func typeName(_ schema: JSONValue) -> String {
        if let type = schema["type"]?.stringValue {
            if type == "array", let items = schema["items"] { return "array of \(typeName(items))" }
            return type
        }
        if let types = schema["type"]?.arrayValue { return types.compactMap(\.stringValue).joined(separator: "|") }
        if let variants = schema["anyOf"]?.arrayValue ?? schema["oneOf"]?.arrayValue { return variants.map(typeName).joined(separator: "|") }
        return "any"
    }

    func exampleValue(_ schema: JSONValue) -> String {
        if let first = schema["enum"]?[0] { return first.stringValue ?? first.jsonString }
        switch schema["type"]?.stringValue {
        case "integer", "number": return "1"
        case "boolean": return "true"
        case "array": return "'[]'"
        case "object": return "'{}'"
        default: return "…"
        }
    }
}
