import Foundation
import MCP
import Testing
@testable import MCPClient

/// A temp directory removed when the test ends.
final class TempDirectory {
    let path: String
    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("quire-client-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

@Suite struct RegistryTests {
    @Test func savesAtomicallyWithPrivateModeAndKeepsPlaceholders() throws {
        let temp = TempDirectory()
        let registry = Registry(home: QuireHome(path: temp.path + "/home"), projectDirectory: temp.path)
        try registry.set("gh", .http(url: "https://api.example.com/mcp", auth: .bearer(token: "${GITHUB_TOKEN}")), scope: .user, force: false)
        let attributes = try FileManager.default.attributesOfItem(atPath: registry.path(.user))
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let text = try String(contentsOfFile: registry.path(.user), encoding: .utf8)
        #expect(text.contains("${GITHUB_TOKEN}"))
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains("\n  \"mcpServers\": {"))
        // No temp files are left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: temp.path + "/home") == ["mcp.json"])
        #expect(try registry.load(.user).entries["gh"]?.auth == .bearer(token: "${GITHUB_TOKEN}"))
    }

    @Test func existingNameNeedsForce() throws {
        let temp = TempDirectory()
        let registry = Registry(home: QuireHome(path: temp.path), projectDirectory: temp.path)
        try registry.set("a", .stdio(command: "x"), scope: .user, force: false)
        #expect(throws: ConfigError("Server 'a' already exists; pass --force to replace it")) {
            try registry.set("a", .stdio(command: "y"), scope: .user, force: false)
        }
        #expect(try registry.set("a", .stdio(command: "y"), scope: .user, force: true))
        #expect(try registry.entry(named: "a").entry.command == "y")
    }

    @Test func projectEntriesOverrideUserEntriesAndNamesMatchExactly() throws {
        let temp = TempDirectory()
        let registry = Registry(home: QuireHome(path: temp.path + "/home"), projectDirectory: temp.path)
        try registry.set("git", .stdio(command: "user-git"), scope: .user, force: false)
        try registry.set("github", .stdio(command: "user-github"), scope: .user, force: false)
        try registry.set("git", .stdio(command: "project-git"), scope: .project, force: false)
        #expect(try registry.entry(named: "git").entry.command == "project-git")
        #expect(try registry.entry(named: "git").scope == .project)
        #expect(try registry.remove("git") == .project)
        #expect(try registry.entry(named: "git").entry.command == "user-git")
        #expect(try registry.entry(named: "github").entry.command == "user-github")
        #expect(throws: ConfigError.self) { try registry.entry(named: "gith") }
    }

    @Test func loadReportsInvalidFiles() throws {
        let temp = TempDirectory()
        let home = QuireHome(path: temp.path)
        try "{\"mcpServers\": {\"a\": {\"type\": \"stdio\"}}}".write(toFile: home.registryFile, atomically: true, encoding: .utf8)
        #expect(throws: ConfigError("Server 'a': stdio entries need a non-empty 'command'")) {
            try Registry(home: home, projectDirectory: temp.path).load(.user)
        }
    }

    @Test func quireHomeFromEnvironment() {
        #expect(QuireHome.fromEnvironment(["QUIRE_HOME": "/x/y"]).registryFile == "/x/y/mcp.json")
        #expect(QuireHome.fromEnvironment(["HOME": "/home/u"]).path == "/home/u/.quire")
    }

    @Test func toolCacheIsPerServerAndTokensPerServer() throws {
        let temp = TempDirectory()
        let home = QuireHome(path: temp.path)
        let cache = ToolCache(home: home)
        try cache.save("git", CachedServer(tools: [["name": "a"]]))
        try cache.save("github", CachedServer(tools: [["name": "b"]]))
        cache.remove("git")
        #expect(cache.load("git") == nil)
        #expect(cache.load("github")?.tool(named: "b") != nil)

        let store = TokenStore(home: home)
        var record = TokenRecord(server: "git", resource: "https://a/mcp", issuer: "https://as", clientID: "c")
        record.accessToken = "tok"
        try store.save(record)
        record.server = "github"
        try store.save(record)
        #expect(try store.remove(server: "git") == 1)
        #expect(store.record(server: "github", resource: "https://a/mcp")?.accessToken == "tok")
        let attributes = try FileManager.default.attributesOfItem(atPath: home.tokenFile)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }
}

@Suite struct ToolArgumentTests {
    let schema: JSONValue = ["type": "object", "properties": [
        "limit": ["type": "integer"], "ratio": ["type": "number"], "flag": ["type": "boolean"], "name": ["type": "string"],
        "tags": ["type": "array", "items": ["type": "string"]], "maybe": ["anyOf": [["type": "integer"], ["type": "null"]]],
    ]]

    @Test func convertsBySchema() throws {
        let arguments = try ToolArguments.build(pairs: ["limit=5", "ratio=0.5", "flag=true", "name=42", "tags=[\"a\"]", "maybe=null"], json: nil, inputSchema: schema)
        #expect(arguments == ["limit": 5, "ratio": 0.5, "flag": true, "name": "42", "tags": ["a"], "maybe": nil])
    }

    @Test func withoutSchemaParsesJSONOrKeepsString() throws {
        let arguments = try ToolArguments.build(pairs: ["a=1", "b=hello", "c={\"x\":1}", "d=a=b"], json: nil, inputSchema: nil)
        #expect(arguments == ["a": 1, "b": "hello", "c": ["x": 1], "d": "a=b"])
    }

    @Test func errors() {
        #expect(throws: ClientError.self) { try ToolArguments.build(pairs: ["limit=many"], json: nil, inputSchema: schema) }
        #expect(throws: ClientError.self) { try ToolArguments.build(pairs: ["novalue"], json: nil, inputSchema: schema) }
        #expect(throws: ClientError.self) { try ToolArguments.build(pairs: [], json: "[1]", inputSchema: schema) }
    }

    @Test func argsJSONMergesWithArgs() throws {
        #expect(try ToolArguments.build(pairs: ["limit=2"], json: #"{"limit": 1, "name": "x"}"#, inputSchema: schema) == ["limit": 2, "name": "x"])
    }
}

@Suite struct ResultRendererTests {
    @Test func structuredTextMediaLinksAndErrors() throws {
        let temp = TempDirectory()
        let png = Data([0x89, 0x50, 0x4E, 0x47]).base64EncodedString()
        let result: JSONValue = [
            "structuredContent": ["count": 2],
            "content": [
                ["type": "text", "text": "{\"count\":2}"],
                ["type": "text", "text": "plain words"],
                ["type": "image", "data": .string(png), "mimeType": "image/png"],
                ["type": "resource_link", "uri": "file:///a.txt", "name": "a.txt", "mimeType": "text/plain"],
            ],
        ]
        let rendered = ResultRenderer.render(result, json: false, outputDirectory: temp.path)
        #expect(rendered.exitCode == 0)
        #expect(rendered.stdout.contains("\"count\": 2"))
        // With structured content the text blocks are its mirror and are not repeated.
        #expect(!rendered.stdout.contains("plain words"))
        let textOnly = ResultRenderer.render(["content": [["type": "text", "text": "plain words"], ["type": "text", "text": "[1,2]"]]], json: false, outputDirectory: temp.path)
        #expect(textOnly.stdout == "plain words\n[\n  1,\n  2\n]\n")
        #expect(rendered.stdout.contains("[image image/png, 4 B → \(temp.path)/image-3.png]"))
        #expect(rendered.stdout.contains("[link] file:///a.txt a.txt (text/plain)"))
        #expect(FileManager.default.contents(atPath: temp.path + "/image-3.png") == Data([0x89, 0x50, 0x4E, 0x47]))

        let failure = ResultRenderer.render(["isError": true, "content": [["type": "text", "text": "boom"]]], json: false, outputDirectory: temp.path)
        #expect(failure.exitCode == 1 && failure.stderr == "boom\n" && failure.stdout.isEmpty)
        let whole = ResultRenderer.render(["isError": true, "content": []], json: true, outputDirectory: temp.path)
        #expect(whole.exitCode == 1 && whole.stdout.contains("\"isError\": true"))
    }
}
