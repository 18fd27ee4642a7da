import Foundation
import MCP
import Testing
@testable import MCPClient

@Suite struct EntryParserTests {
    func parse(_ json: String, name: String = "docs") throws -> (entry: ServerEntry, warnings: [String]) {
        try EntryParser.parse(name: name, try JSONValue(parsing: json))
    }

    func message(_ json: String, name: String = "docs") -> String? {
        do {
            _ = try parse(json, name: name)
            return nil
        } catch let error as ConfigError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test func stdioEntry() throws {
        let (entry, warnings) = try parse(#"{"command": "npx", "args": ["-y", "srv"], "env": {"A": "1"}, "cwd": "/tmp"}"#)
        #expect(entry.transport == .stdio)
        #expect(entry.command == "npx")
        #expect(entry.args == ["-y", "srv"])
        #expect(entry.env == ["A": "1"])
        #expect(entry.cwd == "/tmp")
        #expect(warnings.isEmpty)
    }

    @Test func typeSpellingsNormalise() throws {
        for type in ["http", "streamable-http", "streamableHttp"] {
            #expect(try parse(#"{"type": "\#(type)", "url": "https://x.example/mcp"}"#).entry.transport == .http)
        }
        #expect(try parse(#"{"url": "https://x.example/mcp"}"#).entry.transport == .http)
        #expect(try parse(#"{"type": "sse", "url": "https://x.example/sse"}"#).entry.transport == .sse)
        #expect(try parse(#"{"type": "stdio", "command": "srv"}"#).entry.transport == .stdio)
    }

    @Test func validationMessages() {
        #expect(message(#"{"command": "x"}"#, name: "bad name") == "Invalid server name 'bad name': use letters, digits, '-' and '_' (1–64 characters)")
        #expect(message(#"{"command": "x"}"#, name: String(repeating: "a", count: 65))?.hasPrefix("Invalid server name") == true)
        #expect(message("[1]") == "Server 'docs': entry must be an object")
        #expect(message(#"{"command": "x", "url": "https://a"}"#) == "Server 'docs': has both 'command' and 'url'; set 'type'")
        #expect(message(#"{"type": "websocket", "url": "https://a"}"#) == "Server 'docs': unsupported type 'websocket'; use stdio, http (streamable-http) or sse")
        #expect(message(#"{"type": "stdio", "command": " "}"#) == "Server 'docs': stdio entries need a non-empty 'command'")
        #expect(message(#"{"command": "x", "args": "a b"}"#) == "Server 'docs': 'args' must be a list of strings")
        #expect(message(#"{"command": "x", "env": {"A": 1}}"#) == "Server 'docs': 'env' must be an object of strings")
        #expect(message(#"{"type": "http"}"#) == "Server 'docs': http entries need 'url'")
        #expect(message(#"{"url": "ftp://a/b"}"#) == "Server 'docs': 'url' must start with http:// or https://")
        #expect(message(#"{"url": "https://a", "headers": ["x"]}"#) == "Server 'docs': 'headers' must be an object of strings")
        #expect(message(#"{"url": "https://a", "headers": {"X-A": "a\nb"}}"#) == "Server 'docs': header 'X-A' contains control characters")
        #expect(message(#"{"url": "https://a", "headers": {"Mcp-Session-Id": "s"}}"#) == "Server 'docs': header 'Mcp-Session-Id' is set by the client and cannot be configured")
        #expect(message(#"{"url": "https://a", "headers": {"Mcp-Param-Region": "s"}}"#) == "Server 'docs': header 'Mcp-Param-Region' is set by the client and cannot be configured")
        #expect(message(#"{"url": "https://a", "timeout": -1}"#) == "Server 'docs': 'timeout' must be a positive number of seconds")
        #expect(message(#"{"url": "https://a", "timeout": 601}"#) == "Server 'docs': 'timeout' cannot exceed 600 seconds")
        #expect(message(#"{"url": "https://a", "sse_timeout": 0}"#) == "Server 'docs': 'sse_timeout' must be a positive number")
        #expect(message(#"{"url": "https://a", "timeout": 100, "max_timeout": 50}"#) == "Server 'docs': 'max_timeout' must be at least 'timeout'")
        #expect(message(#"{"url": "https://a", "auth": "x"}"#) == "Server 'docs': 'auth' must be an object with a 'type'")
        #expect(message(#"{"url": "https://a", "auth": {"type": "bearer"}}"#) == "Server 'docs': bearer auth needs 'token'")
        #expect(message(#"{"url": "https://a", "auth": {"type": "api_key"}}"#) == "Server 'docs': api_key auth needs 'key'")
        #expect(message(#"{"url": "https://a", "auth": {"type": "basic", "username": "u"}}"#) == "Server 'docs': basic auth needs 'username' and 'password'")
        #expect(message(#"{"url": "https://a", "auth": {"type": "basic", "username": "u:x", "password": "p"}}"#) == "Server 'docs': basic auth username cannot contain ':'")
        #expect(message(#"{"url": "https://a", "auth": {"type": "digest"}}"#) == "Server 'docs': unsupported auth type 'digest'; use bearer, api_key, basic or oauth")
        #expect(message(#"{"url": "https://a", "auth": {"type": "bearer", "token": "a\u0007b"}}"#) == "Server 'docs': auth value contains control characters")
    }

    @Test func warnings() throws {
        let (_, unknown) = try parse(#"{"url": "https://a.example/mcp", "colour": "red"}"#)
        #expect(unknown == ["Server 'docs': unknown key 'colour' ignored"])
        let (_, plain) = try parse(#"{"url": "http://mcp.example.com/mcp"}"#)
        #expect(plain == ["Server 'docs': plain http to non-local host mcp.example.com; use https"])
        // Loopback is exempt, and the host is parsed rather than searched for "localhost".
        #expect(try parse(#"{"url": "http://127.0.0.1:8080/mcp"}"#).warnings.isEmpty)
        #expect(try parse(#"{"url": "http://localhost.evil.example/mcp"}"#).warnings.count == 1)
    }

    @Test func authTypesAndAliases() throws {
        let oauth = try parse(#"{"url": "https://a/mcp", "auth": {"type": "oauth", "clientId": "abc", "callbackPort": 8765}}"#).entry
        #expect(oauth.auth == .oauth(OAuthSettings(clientID: "abc", callbackPort: 8765)))
        let key = try parse(#"{"url": "https://a/mcp", "auth": {"type": "api_key", "key": "k"}}"#).entry
        #expect(key.auth == .apiKey(key: "k", header: "X-API-Key"))
    }

    @Test func roundTripsThroughJSON() throws {
        let original = try parse(#"{"url": "https://a/mcp", "headers": {"X-T": "${T}"}, "auth": {"type": "basic", "username": "u", "password": "${P}"}, "timeout": 30, "protocol": "legacy-first"}"#).entry
        let again = try EntryParser.parse(name: "docs", original.json).entry
        #expect(again == original)
        #expect(original.json["type"] == "http")
    }
}

@Suite struct ConfigDocumentTests {
    @Test func acceptsAllWrappers() throws {
        let standard = try ConfigDocument.entries(try JSONValue(parsing: #"{"mcpServers": {"a": {"command": "x"}}}"#))
        #expect(standard.entries.keys.sorted() == ["a"])
        let vscode = try ConfigDocument.entries(try JSONValue(parsing: #"{"servers": {"b": {"type": "http", "url": "https://b/mcp"}}}"#))
        #expect(vscode.entries["b"]?.transport == .http)
        let direct = try ConfigDocument.entries(try JSONValue(parsing: #"{"c": {"url": "https://c/mcp"}, "d": {"command": "d"}}"#))
        #expect(direct.entries.keys.sorted() == ["c", "d"])
    }

    @Test func wrapperErrors() {
        #expect(throws: ConfigError(#"Expected {"mcpServers": {…}}, {"servers": {…}} or {"<name>": {…}}"#)) {
            try ConfigDocument.entries(try JSONValue(parsing: #"{"foo": 1}"#))
        }
        #expect(throws: ConfigError("'mcpServers' must be an object")) {
            try ConfigDocument.entries(try JSONValue(parsing: #"{"mcpServers": []}"#))
        }
        #expect(throws: ConfigError.self) {
            try ConfigDocument.entries(try JSONValue(parsing: #"{"inputs": [], "servers": {"a": {"url": "https://x/${input:tok}"}}}"#))
        }
    }

    @Test func invalidJSONNamesLineAndColumn() {
        let text = "{\n  \"mcpServers\": {,}\n}"
        #expect {
            _ = try ConfigDocument.parseJSON(Array(text.utf8), path: "/tmp/mcp.json")
        } throws: { error in
            let message = (error as? ConfigError)?.message ?? ""
            return message.hasPrefix("Invalid JSON in /tmp/mcp.json at line 2, column ")
        }
    }
}
